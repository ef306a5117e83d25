// Zone-spread workloads behave as in a real cluster: PodTopologySpread (zone, maxSkew 1) and
// required pod anti-affinity on hostname, in the full model (scheduler + controllers).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ZONE_LABEL } from '../../../models/api/well-known-labels.js';
import type { Node, Pod } from '../../../models/api/types.js';
import { cluster, pool, rs } from './helpers.js';

const zones = ['a', 'b', 'c'];
const spread = {
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE_LABEL, whenUnsatisfiable: 'DoNotSchedule' as const, labelSelector: { matchLabels: { app: 'web' } } }],
};

function perZone(m: ReturnType<typeof cluster>['m']): number[] {
  const zoneOf = new Map([...m.store.list<Node>('Node')].map((n) => [n.metadata.name, n.metadata.labels![ZONE_LABEL]!]));
  const counts = zones.map(() => 0);
  for (const p of m.store.list<Pod>('Pod')) if (p.spec.nodeName) counts[zones.indexOf(zoneOf.get(p.spec.nodeName)!)]!++;
  return counts;
}

test('zone spread maxSkew 1 over 3 zones: 3 replicas land 1/1/1, then 6 land 2/2/2', () => {
  const { m } = cluster([pool('n', { count: 6, cpu: 8000, zones })], null);
  const r = rs('web', 3, '100m', spread);
  m.create(r);
  m.runUntil(30_000);
  assert.equal(perZone(m), [1, 1, 1]);
  r.spec.replicas = 6;
  m.store.update(r);
  m.runUntil(60_000);
  assert.equal(perZone(m), [2, 2, 2]);
});

test('zone spread with one zone full: DoNotSchedule leaves pods Pending rather than skewing', () => {
  // Zone c has one small node that fits one pod only.
  const { m } = cluster([pool('big', { count: 2, cpu: 8000, zones: ['a', 'b'] }), pool('small', { count: 1, cpu: 300, zones: ['c'] })], null);
  m.create(rs('web', 6, '200m', spread));
  m.runUntil(30_000);
  assert.equal(perZone(m), [2, 2, 1], 'a=b=c+1 at most');
  const pending = [...m.store.list<Pod>('Pod')].filter((p) => !p.spec.nodeName);
  assert.is(pending.length, 1);
  const cond = pending[0]!.status.conditions.find((c) => c.type === 'PodScheduled')!;
  assert.match(cond.message!, /didn't match pod topology spread constraints/);
});

test('required anti-affinity on hostname: one pod per node, the rest Pending', () => {
  const { m } = cluster([pool('n', { count: 3, cpu: 8000, zones })], null);
  m.create(rs('web', 5, '100m', {
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] } },
  }));
  m.runUntil(30_000);
  const pods = [...m.store.list<Pod>('Pod')];
  const bound = pods.filter((p) => p.spec.nodeName);
  assert.is(bound.length, 3);
  assert.is(new Set(bound.map((p) => p.spec.nodeName)).size, 3);
  const pending = pods.filter((p) => !p.spec.nodeName);
  assert.is(pending.length, 2);
  assert.match(pending[0]!.status.conditions.find((c) => c.type === 'PodScheduled')!.message!, /didn't match pod anti-affinity rules/);
});

test('the autoscaler grows a group for zone-spread pods: template nodes carry the next zones', () => {
  const { m, events } = cluster([pool('n', { count: 3, cpu: 1000, zones, maxCount: 9, provisioningTime: { constant: 30_000 } })]);
  m.create(rs('web', 9, '400m', spread)); // 2 per 1-cpu node: 6 fit, 3 pending, one per zone
  m.runUntil(120_000);
  assert.ok(events.some((e) => e.reason === 'TriggeredScaleUp'));
  assert.equal(perZone(m), [3, 3, 3]);
  assert.equal(m.capacity.provider.nodesOf('n'), ['n-0', 'n-1', 'n-2', 'n-3', 'n-4', 'n-5']);
});

test.run();
