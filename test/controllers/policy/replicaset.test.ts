import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  slowStartBatches, manageReplicasDiff, podsToDelete, logarithmicRankDiff, claimDecision,
  rsStatusCounts, type RankedPod,
} from '../../../models/controllers/policy/replicaset.js';
import { labelSelectorMatches } from '../../../models/api/policy/labels.js';
import { setCondition } from '../../../models/api/policy/podutil.js';
import type { Pod } from '../../../models/api/types.js';

test('slowStartBatches: 1, 2, 4, … with the remainder last', () => {
  assert.equal(slowStartBatches(0), []);
  assert.equal(slowStartBatches(1), [1]);
  assert.equal(slowStartBatches(4), [1, 2, 1]);
  assert.equal(slowStartBatches(10), [1, 2, 4, 3]);
  assert.equal(slowStartBatches(500), [1, 2, 4, 8, 16, 32, 64, 128, 245]);
  assert.equal(slowStartBatches(7, 2), [2, 4, 1]);
});

test('manageReplicasDiff: create/delete capped at burstReplicas 500', () => {
  assert.equal(manageReplicasDiff(0, 4), { create: 4 });
  assert.equal(manageReplicasDiff(5, 4), { delete: 1 });
  assert.equal(manageReplicasDiff(4, 4), { none: true });
  assert.equal(manageReplicasDiff(0, 2000), { create: 500 });
  assert.equal(manageReplicasDiff(1200, 0), { delete: 500 });
});

const NOW = 10_000_000;
const pod = (name: string, o: Partial<RankedPod> = {}): RankedPod => ({
  name, uid: `uid-${name}`, nodeName: 'n1', phase: 'Running', ready: true, readySince: NOW - 3_600_000, created: NOW - 3_700_000, active: true, ...o,
});

test('podsToDelete: each ranking key in upstream order', () => {
  const pairs: Array<[string, RankedPod, RankedPod]> = [
    ['unassigned first', pod('a', { nodeName: '' }), pod('b', { nodeName: 'n2', phase: 'Pending', ready: false })],
    ['Pending before Unknown', pod('a', { phase: 'Pending', ready: true }), pod('b', { phase: 'Unknown', ready: false })],
    ['Unknown before Running', pod('a', { phase: 'Unknown' }), pod('b', { ready: false })],
    ['not ready first', pod('a', { ready: false, deletionCost: 100 }), pod('b')],
    ['lower deletion cost first', pod('a', { deletionCost: -5, nodeName: 'n2' }), pod('b')],
    ['ready for a shorter time (log2 bucket) first', pod('a', { readySince: NOW - 1000, restarts: 0 }), pod('b', { restarts: 9 })],
    ['more restarts first', pod('a', { restarts: 3, created: NOW - 9_000_000 }), pod('b', { restarts: 1 })],
    ['sidecar restarts break a restart tie', pod('a', { sidecarRestarts: 2 }), pod('b')],
    ['newer (log2 bucket) first', pod('a', { created: NOW - 10_000 }), pod('b')],
  ];
  for (const [why, a, b] of pairs) {
    // Both pods on different nodes so that rank is 1 vs 1 unless the case needs otherwise.
    assert.equal(podsToDelete([b, a], 1, NOW, []), ['a'], why);
    assert.equal(podsToDelete([a, b], 1, NOW, []), ['a'], why);
  }
});

test('podsToDelete: more co-located related pods (rank) first; related pods span the Deployment', () => {
  const a = pod('a', { nodeName: 'busy' });
  const b = pod('b', { nodeName: 'quiet', readySince: NOW - 1000 });
  const others = [pod('x', { nodeName: 'busy' }), pod('y', { nodeName: 'busy' })]; // other RS's pods
  assert.equal(podsToDelete([a, b], 1, NOW, [a, b, ...others]), ['a']);
  // Without the related pods, b's shorter readiness decides.
  assert.equal(podsToDelete([a, b], 1, NOW, [a, b]), ['b']);
  // Inactive related pods (terminating, finished) do not count toward rank (controller.IsPodActive).
  const gone = [pod('x', { nodeName: 'busy', active: false }), pod('y', { nodeName: 'busy', phase: 'Succeeded', active: false })];
  assert.equal(podsToDelete([a, b], 1, NOW, [a, b, ...gone]), ['b']);
});

test('podsToDelete: same log2 bucket ⇒ UID order, not exact time', () => {
  // 3600 s vs 3000 s ready: log2 of nanoseconds both 41 → UID decides.
  assert.is(logarithmicRankDiff(NOW - 3_600_000, NOW - 3_000_000, NOW), 0);
  const a = pod('a', { uid: 'u2', readySince: NOW - 3_000_000 });
  const b = pod('b', { uid: 'u1', readySince: NOW - 3_600_000 });
  assert.equal(podsToDelete([a, b], 1, NOW, []), ['b']);
  assert.ok(logarithmicRankDiff(NOW - 1000, NOW - 3_600_000, NOW) < 0);
});

test('podsToDelete: all when n ≥ count, none when n ≤ 0', () => {
  const ps = [pod('a'), pod('b')];
  assert.equal(podsToDelete(ps, 5, NOW), ['a', 'b']);
  assert.equal(podsToDelete(ps, 0, NOW), []);
});

test('claimDecision: ControllerRefManager adopt / release / ignore', () => {
  const owner = { uid: 'rs1', namespace: 'default' };
  assert.is(claimDecision(owner, { namespace: 'default', matches: true }), 'adopt'); // the book's bare "orphan" pod
  assert.is(claimDecision(owner, { namespace: 'default', matches: false }), 'ignore');
  assert.is(claimDecision(owner, { namespace: 'default', matches: true, deleting: true }), 'ignore');
  assert.is(claimDecision({ ...owner, deleting: true }, { namespace: 'default', matches: true }), 'ignore');
  assert.is(claimDecision(owner, { namespace: 'other', matches: true }), 'ignore');
  assert.is(claimDecision(owner, { controllerUID: 'rs1', matches: true }), 'own');
  assert.is(claimDecision(owner, { controllerUID: 'rs1', matches: false }), 'release'); // relabelled pod (§4.6)
  assert.is(claimDecision({ ...owner, deleting: true }, { controllerUID: 'rs1', matches: false }), 'ignore');
  assert.is(claimDecision(owner, { controllerUID: 'rs2', matches: true }), 'ignore');
});

test('labelSelectorMatches (the ReplicaSet selector rule)', () => {
  assert.ok(labelSelectorMatches({ matchLabels: { role: 'web' } }, { role: 'web', env: 'dev' }));
  assert.not.ok(labelSelectorMatches({ matchLabels: { role: 'web' } }, { role: 'isolated' }));
  assert.ok(labelSelectorMatches({ matchExpressions: [{ key: 'a', operator: 'In', values: ['1', '2'] }, { key: 'b', operator: 'DoesNotExist' }] }, { a: '1' }));
  assert.not.ok(labelSelectorMatches({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, { a: '1' }));
  assert.not.ok(labelSelectorMatches({ matchExpressions: [{ key: 'a', operator: 'Exists' }] }, {}));
  assert.ok(labelSelectorMatches({}, undefined));
});

function rsPod(o: { labels?: Record<string, string>; readyAt?: number; phase?: Pod['status']['phase']; deleting?: boolean } = {}): Pod {
  const p: Pod = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', labels: o.labels ?? { role: 'web', tier: 'fe' } },
    spec: { containers: [{ name: 'c', image: 'img:1' }] },
    status: { phase: o.phase ?? 'Running', conditions: [], containerStatuses: [] },
  };
  if (o.readyAt !== undefined) setCondition(p, 'Ready', 'True', o.readyAt);
  if (o.deleting) p.metadata.deletionTimestamp = 0;
  return p;
}
const TEMPLATE = { role: 'web', tier: 'fe' };

test('rsStatusCounts: replicas count active pods only', () => {
  const s = rsStatusCounts([
    rsPod({ readyAt: 0 }), rsPod({ phase: 'Pending' }),
    rsPod({ readyAt: 0, deleting: true }), rsPod({ phase: 'Succeeded' }), rsPod({ phase: 'Failed' }),
  ], TEMPLATE, 0, 10_000);
  assert.equal(s, { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 1, availableReplicas: 1 });
});

test('rsStatusCounts: fullyLabeled needs every template label (extra labels are fine)', () => {
  const s = rsStatusCounts([
    rsPod({ labels: { role: 'web', tier: 'fe', extra: 'x' } }),
    rsPod({ labels: { role: 'web' } }),
    rsPod({ labels: { role: 'web', tier: 'be' } }),
  ], TEMPLATE, 0, 10_000);
  assert.is(s.replicas, 3);
  assert.is(s.fullyLabeledReplicas, 1);
  assert.is(rsStatusCounts([rsPod({ labels: {} })], {}, 0, 0).fullyLabeledReplicas, 1, 'no template labels: every pod');
});

test('rsStatusCounts: available = Ready for more than minReadySeconds (strict, as podutil.IsPodAvailable)', () => {
  const pods = [rsPod({ readyAt: 0 }), rsPod({ readyAt: 5_000 }), rsPod({ readyAt: 9_000 }), rsPod()];
  assert.equal(rsStatusCounts(pods, TEMPLATE, 5, 10_000), { replicas: 4, fullyLabeledReplicas: 4, readyReplicas: 3, availableReplicas: 1 },
    'ready at 5 s is not available at exactly 10 s');
  assert.is(rsStatusCounts(pods, TEMPLATE, 5, 10_001).availableReplicas, 2);
  assert.is(rsStatusCounts(pods, TEMPLATE, 0, 10_000).availableReplicas, 3, 'minReadySeconds 0: every Ready pod');
});

test.run();
