// Scale-down as upstream: utilisation below 50% for 10 minutes, pods movable elsewhere, what
// blocks removal, empty nodes in bulk, non-empty drained one at a time with the taint; cost.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cluster, nodes, pool, rs, running } from './helpers.js';

test('empty nodes are removed in bulk after scale-down-unneeded-time, down to the group min size', () => {
  const { m, events } = cluster([pool('web', { count: 5, minCount: 2 })]);
  m.runUntil(10_000);
  const ca = m.capacity.autoscaler!;
  assert.is(ca.unneededNodes().length, 5);
  assert.is(ca.unneededSince('web-0'), 10_000);
  m.runUntil(10 * 60_000 + 9_999);
  assert.is(nodes(m).length, 5, 'not before 10 minutes unneeded');
  m.runUntil(10 * 60_000 + 10_000);
  assert.is(nodes(m).length, 2);
  const ev = events.filter((e) => e.reason === 'ScaleDownEmpty');
  assert.is(ev.length, 3);
  assert.is(ev[0]!.message, 'removing empty node web-0');
  m.runUntil(40 * 60_000);
  assert.is(nodes(m).length, 2, 'min size holds');
});

test('a node with movable pods is drained (taint, ScaleDown events) and deleted; its pods land elsewhere', () => {
  const { m, events } = cluster([pool('web', { count: 2, cpu: 4000 })]);
  m.create(rs('app', 4, '500m')); // 2 per node by LeastAllocated: 25% each
  m.runUntil(60_000);
  assert.is(running(m).length, 4);
  m.runUntil(12 * 60_000);
  const sd = events.filter((e) => e.reason === 'ScaleDown');
  const nodeEv = sd.find((e) => e.kind === 'Node')!;
  assert.is(nodeEv.message, 'marked the node as toBeDeleted/unschedulable');
  const podEv = sd.filter((e) => e.kind === 'Pod');
  assert.is(podEv.length, 2);
  assert.is(podEv[0]!.message, 'deleting pod for node scale down');
  assert.is(podEv[0]!.source, 'cluster-autoscaler');
  assert.is(nodes(m).length, 1);
  m.runUntil(14 * 60_000);
  assert.is(running(m).length, 4);
  assert.ok(running(m).every((p) => p.spec.nodeName === nodes(m)[0]));
  assert.is(m.capacity.autoscaler!.stats.nodesRemoved, 1);
});

test('utilisation at or above the threshold keeps a node', () => {
  const { m } = cluster([pool('web', { count: 2 })]);
  m.create(rs('app', 4, '500m')); // 2 per 2-cpu node: 50% — not < 0.5
  m.runUntil(20 * 60_000);
  assert.is(nodes(m).length, 2);
  assert.is(m.capacity.autoscaler!.unneededNodes().length, 0);
});

test('pods that cannot move elsewhere keep the node (no room on the others)', () => {
  const { m } = cluster([pool('web', { count: 2, cpu: 2000 })]);
  m.create(rs('a', 2, '900m')); // one per node (45% each): neither fits next to the other plus… 
  m.create(rs('b', 2, '150m'));
  m.runUntil(20 * 60_000);
  // 900+150 = 1050 per node; moving one node's pods needs 1050 more on a node with 950 free.
  assert.is(nodes(m).length, 2);
});

for (const [what, extra, annotations] of [
  ['a bare pod', null, {}],
  ['safe-to-evict "false"', {}, { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' }],
  ['local storage (emptyDir)', { volumes: [{ name: 'scratch', emptyDir: {} }] }, {}],
] as [string, Partial<import('../../../models/api/types.js').PodSpec> | null, Record<string, string>][]) {
  test(`removal blocked by ${what}`, () => {
    const { m } = cluster([pool('web', { count: 2, cpu: 4000 })]);
    if (extra === null) {
      m.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare' }, spec: { nodeName: 'web-1', containers: [{ name: 'c', image: 'i:1', resources: { requests: { cpu: '100m' } } }] }, status: { phase: 'Pending', conditions: [], containerStatuses: [] } });
    } else {
      const r = rs('app', 1, '100m', { nodeName: 'web-1', ...extra }, annotations);
      m.create(r);
    }
    m.runUntil(20 * 60_000);
    assert.equal(nodes(m), ['web-1'], 'web-0 (empty) goes, web-1 stays');
  });
}

test('scale-down-delay-after-add: no removal within 10 minutes of a scale-up', () => {
  const { m } = cluster([
    pool('web', { count: 1, provisioningTime: { constant: 10_000 } }),
    pool('idle', { count: 1, minCount: 0, taints: [{ key: 'idle', effect: 'NoSchedule' }] }),
  ]);
  m.create(rs('app', 5, '500m'));
  m.runUntil(30_000);
  assert.is(m.capacity.autoscaler!.stats.scaleUps, 1);
  // idle-0 is unneeded from 10 s, ripe at 10m10s, but the scale-up at 10 s holds scale-down until 10m10s.
  m.runUntil(10 * 60_000);
  assert.ok(nodes(m).includes('idle-0'));
  m.runUntil(11 * 60_000);
  assert.not.ok(nodes(m).includes('idle-0'));
});

test('cost: node-hours from instance creation (provisioning included) to deletion, per pool and total', () => {
  const { m } = cluster([pool('web', { count: 2, minCount: 2, pricePerHour: 0.5, provisioningTime: { constant: 600_000 } })]);
  m.create(rs('app', 9, '500m')); // 8 fit; 1 pending → one more node at t=10s, Ready at 10m10s
  m.runUntil(3_600_000);
  const cost = m.capacity.cost;
  const expectHours = 2 + (3_600_000 - 10_000) / 3_600_000;
  assert.ok(Math.abs(cost.nodeHours('web', 3_600_000) - expectHours) < 1e-9);
  const summary: Record<string, number | string> = {};
  m.metrics.summarize(3_600_000, (k, v) => { summary[k] = v; });
  assert.ok(Math.abs((summary.cost as number) - expectHours * 0.5) < 1e-9);
  assert.is(summary.cost_per_million_requests, undefined, 'no traffic: omitted');
  const pts: string[] = [];
  cost.sample(3_600_000, (name, metric) => pts.push(`pool/${name}/${metric}`));
  assert.equal(pts, ['pool/web/nodes', 'pool/web/nodes_provisioning', 'pool/web/node_hours_cumulative', 'pool/web/cost_cumulative']);
  // With requests_total from another contributor, cost per million requests appears.
  m.metrics.addSummary({ summarize: (_n, put) => put('requests_total', 2_000_000) });
  const s2: Record<string, number | string> = {};
  m.metrics.summarize(3_600_000, (k, v) => { s2[k] = v; });
  assert.ok(Math.abs((s2.cost_per_million_requests as number) - expectHours * 0.5 / 2) < 1e-9);
});

test('random node failures (MTBF/MTTR) call the failure actions and recover', () => {
  const { m } = cluster([pool('web', { count: 3, failures: { mtbf: 3_600_000, mttr: 300_000 } })], null, 5);
  const calls: string[] = [];
  m.runUntil(10 * 3_600_000);
  const inj = m.capacity.failures!;
  assert.ok(inj.failures >= 10 && inj.failures <= 60, `${inj.failures} failures in 30 node-hours`);
  assert.ok(inj.recoveries >= inj.failures - 3);
  void calls;
});

test('same seed, same autoscaling decisions', () => {
  const run = () => {
    const { m, events } = cluster([pool('a', { count: 1 }), pool('b', { count: 0 })], { expander: ['random'] }, 9);
    m.create(rs('app', 30, '300m'));
    m.runUntil(30 * 60_000);
    return events.filter((e) => e.source === 'cluster-autoscaler').map((e) => `${e.time} ${e.name} ${e.reason} ${e.message}`);
  };
  assert.equal(run(), run());
});

test.run();
