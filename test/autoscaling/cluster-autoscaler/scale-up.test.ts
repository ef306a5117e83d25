// Scale-up as upstream: unschedulable pods, template nodes, binpacking, expanders, limits,
// provisioning delay and max-node-provision-time; events worded as cluster-autoscaler's.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cluster, nodes, pending, pool, rs, running } from './helpers.js';

test('pending pods trigger a scale-up sized by binpacking; the node is Ready after the provisioning time', () => {
  const { m, events } = cluster([pool('web', { count: 1, provisioningTime: { constant: 60_000 } })]);
  m.create(rs('app', 7, '500m')); // 4 fit on a 2-cpu node: 3 pending → 1 node
  m.runUntil(15_000);
  const trig = events.filter((e) => e.reason === 'TriggeredScaleUp');
  assert.is(trig.length, 3);
  assert.is(trig[0]!.message, 'pod triggered scale-up: [{web 1->2 (max: 10)}]');
  assert.is(trig[0]!.source, 'cluster-autoscaler');
  assert.is(trig[0]!.time, 10_000);
  assert.equal(nodes(m), ['web-0'], 'still provisioning: not a registered node');
  assert.is(m.capacity.provider.upcoming('web').length, 1);
  m.runUntil(69_999);
  assert.is(pending(m).length, 3);
  m.runUntil(75_000);
  assert.equal(nodes(m), ['web-0', 'web-1']);
  assert.is(pending(m).length, 0);
  // No second scale-up while the first node was on its way (pods fit on the upcoming node).
  assert.is(m.capacity.autoscaler!.stats.scaleUps, 1);
  m.runUntil(120_000);
  assert.is(running(m).length, 7);
});

test('binpacking opens as many nodes as needed, capped by the group max size', () => {
  const { m, events } = cluster([pool('web', { count: 1, maxCount: 3 })]);
  m.create(rs('app', 20, '500m')); // 4 per node: 16 more pods → 4 nodes, but max 3 → 2 new
  m.runUntil(11_000);
  assert.ok(events.some((e) => e.message === 'pod triggered scale-up: [{web 1->3 (max: 3)}]'));
  m.runUntil(200_000);
  assert.equal(nodes(m), ['web-0', 'web-1', 'web-2']);
  const nts = events.filter((e) => e.reason === 'NotTriggerScaleUp');
  assert.ok(nts.length > 0);
  assert.is(nts[0]!.message, "pod didn't trigger scale-up: 1 max node group size reached");
});

test('a pod too big for any group is reported with the filter reason per group', () => {
  const { m, events } = cluster([pool('small', { count: 1 }), pool('other', { count: 0, cpu: 1000 })]);
  m.create(rs('huge', 1, '3'));
  m.runUntil(30_000);
  const nts = events.filter((e) => e.reason === 'NotTriggerScaleUp');
  assert.is(nts.length, 1, 'repeats of the same message are aggregated');
  assert.is(nts[0]!.message, "pod didn't trigger scale-up: 2 Insufficient cpu");
  assert.is(m.capacity.autoscaler!.stats.scaleUps, 0);
});

test('template nodes carry the pool labels and taints: only a matching group is grown', () => {
  const { m, events } = cluster([
    pool('cpu', { count: 1 }),
    pool('gpu', { count: 0, labels: { accel: 'gpu' }, taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }] }),
  ], { expander: ['random'] });
  m.create(rs('train', 1, '500m', {
    nodeSelector: { accel: 'gpu' },
    tolerations: [{ key: 'gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }],
  }));
  m.runUntil(11_000);
  assert.ok(events.some((e) => e.message === 'pod triggered scale-up: [{gpu 0->1 (max: 10)}]'));
  m.create(rs('plain', 6, '500m'));
  m.runUntil(200_000);
  const ups = events.filter((e) => e.reason === 'TriggeredScaleUp' && e.name.startsWith('plain'));
  assert.ok(ups.length > 0);
  assert.ok(ups.every((e) => e.message.startsWith('pod triggered scale-up: [{cpu ')), 'the tainted pool is not a fit for plain pods');
});

test('expanders choose between groups: least-waste, most-pods and priority', () => {
  const pools = () => [pool('small', { count: 0, cpu: 1000 }), pool('big', { count: 0, cpu: 8000, memory: 32 * 2 ** 30 })];
  const pick = (expander: ('least-waste' | 'most-pods' | 'priority' | 'random')[], priorities?: Map<number, RegExp[]>, maxSmall?: number) => {
    const p = pools();
    if (maxSmall !== undefined) p[0]!.maxCount = maxSmall;
    const { m, events } = cluster(p, { expander, ...(priorities ? { priorities } : {}) });
    m.create(rs('app', 2, '400m'));
    m.runUntil(11_000);
    return events.find((e) => e.reason === 'TriggeredScaleUp')!.message;
  };
  // least-waste: small: 1 node, (1000-800)/1000 + mem; big: 1 node (8000-800)/8000 + mem → small wastes less.
  assert.is(pick(['least-waste']), 'pod triggered scale-up: [{small 0->1 (max: 10)}]');
  // most-pods: with small capped at 0 new... cap small at 1 → still both fit 2 pods; make small max 1 with 1000m → 2 pods fit → tie; use priority to break.
  assert.is(pick(['priority'], new Map([[10, [/^big$/]], [1, [/.*/]]])), 'pod triggered scale-up: [{big 0->1 (max: 10)}]');
  // most-pods: 3 pods of 400m: small (max 1 node) takes 2, big takes 3.
  const p = pools();
  p[0]!.maxCount = 1;
  const { m, events } = cluster(p, { expander: ['most-pods'] });
  m.create(rs('app', 3, '400m'));
  m.runUntil(11_000);
  assert.is(events.find((e) => e.reason === 'TriggeredScaleUp')!.message, 'pod triggered scale-up: [{big 0->1 (max: 10)}]');
});

test('max-nodes-total stops scale-up with upstream message', () => {
  const { m, events } = cluster([pool('web', { count: 2 })], { maxNodesTotal: 2 });
  m.create(rs('app', 10, '500m'));
  m.runUntil(11_000);
  const nts = events.filter((e) => e.reason === 'NotTriggerScaleUp');
  assert.is(nts[0]!.message, "pod didn't trigger scale-up: max total nodes in cluster reached");
});

test('expendable pods (priority < -10) and pods younger than new-pod-scale-up-delay do not trigger scale-up', () => {
  const { m, events } = cluster([pool('web', { count: 0 })], { newPodScaleUpDelay: 60_000 });
  m.create(rs('low', 1, '500m', { priority: -11 }));
  m.create(rs('young', 1, '500m'));
  m.runUntil(50_000);
  assert.is(events.filter((e) => e.reason === 'TriggeredScaleUp').length, 0);
  m.runUntil(61_000);
  const trig = events.filter((e) => e.reason === 'TriggeredScaleUp');
  assert.is(trig.length, 1);
  assert.ok(trig[0]!.name.startsWith('young'));
});

test('a node that never becomes ready is removed after max-node-provision-time and the group backs off', () => {
  const { m, events } = cluster([
    pool('slow', { count: 0, provisioningTime: { constant: 3_600_000 } }),
  ]);
  m.create(rs('app', 1, '500m'));
  m.runUntil(11_000);
  assert.is(m.capacity.provider.upcoming('slow').length, 1);
  m.runUntil(15 * 60_000 + 10_000);
  assert.is(m.capacity.provider.upcoming('slow').length, 0);
  assert.is(m.capacity.autoscaler!.stats.provisionTimeouts, 1);
  m.runUntil(15 * 60_000 + 30_000);
  const last = events.filter((e) => e.reason === 'NotTriggerScaleUp').pop()!;
  assert.is(last.message, "pod didn't trigger scale-up: 1 in backoff after failed scale-up");
  // After the 5 min back-off the group is tried again.
  m.runUntil(21 * 60_000);
  assert.is(m.capacity.provider.upcoming('slow').length, 1);
  assert.is(nodes(m).length, 0);
});

test('health check: too many unready nodes (>45% and >3) stops the autoscaler', () => {
  const { m, events } = cluster([pool('web', { count: 6 })]);
  for (const n of ['web-0', 'web-1', 'web-2', 'web-3']) m.capacity.failures === undefined && markUnready(m, n);
  m.create(rs('app', 30, '500m'));
  m.runUntil(60_000);
  assert.not.ok(m.capacity.autoscaler!.healthy);
  assert.is(events.filter((e) => e.reason === 'TriggeredScaleUp').length, 0);
});

function markUnready(m: ReturnType<typeof cluster>['m'], name: string) {
  const n = m.store.get<import('../../../models/api/types.js').Node>('Node', undefined, name)!;
  n.status.conditions[0]!.status = 'False';
  m.store.update(n);
}

test('no autoscaler section: pools stay as they are', () => {
  const { m, events } = cluster([pool('web', { count: 1 })], null);
  m.create(rs('app', 10, '500m'));
  m.runUntil(60_000);
  assert.is(m.capacity.autoscaler, undefined);
  assert.is(events.filter((e) => e.source === 'cluster-autoscaler').length, 0);
});

test.run();
