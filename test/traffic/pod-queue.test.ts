// The memoised queue view (models/traffic/pod-queue.ts) and the flow model's mixture built from
// it: per-(queue, μ) survival tables are the interpolated survival exactly, and a Service whose
// pods have different capacities gets the mixture of its (offered, capacity) groups, in the
// order the groups first appear, exactly as Σ weight·survivalAt gives it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ClusterModel } from '../../models/cluster.js';
import type { Deployment, Pod, Service } from '../../models/api/types.js';
import { TrafficStack } from '../../models/traffic-stack.js';
import { ABS_GRID, ABS_POINTS, absSurvival, absTable, accumulateSurvival, extent, normQueue, normQueueOf, queueShape, quantileFromGrid, survivalAt } from '../../models/traffic/pod-queue.js';
import { slotServiceRate } from '../../models/traffic/policy/queueing.js';
import { FakeUsage } from './fake-usage.js';

test('absSurvival: the interpolated survival at every grid point, one table per (queue, μ)', () => {
  const q = normQueue(8, 208, 3.7);
  const mus = Array.from({ length: 20 }, (_, i) => 2 + 0.37 * i);
  for (const mu of mus) {
    const t = absSurvival(q, mu);
    for (let j = 0; j < ABS_POINTS; j++) assert.is(t[j], survivalAt(q, mu, ABS_GRID[j]!), `μ ${mu}, point ${j}`);
    assert.is(absSurvival(q, mu), t, 'the same table while it is kept');
  }
  // More service rates than one queue keeps: dropped and rebuilt, still exact.
  const again = absSurvival(q, mus[0]!);
  for (let j = 0; j < ABS_POINTS; j++) assert.is(again[j], survivalAt(q, mus[0]!, ABS_GRID[j]!));
});

test('absTable: its extent is where the zero tail starts (the loops of mixtures stop there)', () => {
  for (const [c, K, a, mu] of [[8, 208, 3.7, 12.5], [4, 24, 0.2, 3], [4, 104, 30, 1], [1, 1, 0, 50]] as const) {
    const tab = absTable(normQueue(c, K, a), mu);
    assert.is(tab.t, absSurvival(normQueue(c, K, a), mu), 'the same table as absSurvival');
    assert.ok(tab.hi > 0 && tab.hi <= ABS_POINTS);
    assert.ok(tab.t[tab.hi - 1] !== 0, `entry ${tab.hi - 1} is the last non-zero one`);
    for (let j = tab.hi; j < ABS_POINTS; j++) assert.is(tab.t[j], 0);
    assert.ok(tab.finite);
  }
  // A fast queue's survival dies out well inside the 10^4 s grid: the tail is really skipped.
  assert.ok(absTable(normQueue(8, 208, 3.7), 12.5).hi < ABS_POINTS);
  assert.is(extent(new Float64Array([1, 0, 2, 0, 0])), 3);
  assert.is(extent(new Float64Array([0, 0])), 0);
  assert.is(extent(new Float64Array([0, NaN, 0])), 2, 'NaN is not a zero');
});

test('queueShape: a shape\'s map gives the same solved queue as normQueue (by the rounded load)', () => {
  const shape = queueShape(8, 208);
  for (const a of [0, 0.1234, 3.7, 3.7004, 150]) assert.is(normQueueOf(shape, a), normQueue(8, 208, a), `a = ${a}`);
  assert.is(normQueueOf(shape, 3.7004), normQueueOf(shape, 3.7), '3.7004 rounds to 3.70');
  assert.is.not(normQueueOf(queueShape(4, 208), 3.7), normQueue(8, 208, 3.7), 'shapes are apart');
});

test('a Service over pods of two capacities: the mixture of its groups, in first-seen order, exactly', () => {
  const m = new ClusterModel({
    seed: 7,
    nodePools: [{ name: 'n', count: 4, cpu: 4000, memory: 16 * 2 ** 30, maxPods: 110, labels: {}, taints: [], resources: {}, zones: [], reserved: { cpu: 0, memory: 0 } }],
  });
  const usage = new FakeUsage(m.api, 1000);
  const spec = { namespace: 'default', service: 'web', rate: { base: { constant: 120 } }, cpuPerRequest: 10, concurrency: 4, queueBound: 20 };
  const stack = new TrafficStack(m.sim, m.api, m.streams, m.metrics, usage, { traffic: { services: [spec] } });
  m.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'app:1', resources: { requests: { cpu: '200m' }, limits: { cpu: '1' } } }] } },
    },
  } as unknown as Deployment);
  m.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } } as Service);
  m.runUntil(30_000);
  const st = stack.traffic.get('default', 'web')!;
  assert.is(st.readyEndpoints, 4);
  // One shape: exact percentiles of the one queue.
  const mu1 = slotServiceRate(1000, 10, 4);
  const q1 = normQueue(4, 24, 30 / mu1);
  assert.is(st.p99, q1.p99 / mu1);
  // The second ready pod loses half its CPU: groups (1000 m × 3, first seen at pod 0) and (500 m × 1).
  const ready = [...m.store.list<Pod>('Pod')].filter((p) => st.pods.has(p.metadata.uid!));
  const order = [...st.pods.keys()];
  ready.sort((a, b) => order.indexOf(a.metadata.uid!) - order.indexOf(b.metadata.uid!));
  usage.setCapacity(ready[1]!, 500);
  m.runUntil(30_001);
  const mu2 = slotServiceRate(500, 10, 4);
  const q2 = normQueue(4, 24, 30 / mu2);
  const ref = new Float64Array(ABS_POINTS);
  const w1 = 3 * 30 * (1 - q1.blocking);
  const w2 = 1 * 30 * (1 - q2.blocking);
  accumulateSurvival(ref, q1, mu1, w1);
  accumulateSurvival(ref, q2, mu2, w2);
  assert.is(st.p99, quantileFromGrid(ref, 0 + w1 + w2, 0.99));
  assert.is(st.p50, quantileFromGrid(ref, 0 + w1 + w2, 0.5));
  assert.is(st.served, [1, 2, 3, 4].reduce((s, i) => s + 30 * (1 - (i === 2 ? q2 : q1).blocking), 0));
});

test.run();
