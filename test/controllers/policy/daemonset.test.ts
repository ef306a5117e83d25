import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  daemonPodTolerations, withDaemonTolerations, nodeShouldRunDaemonPod, daemonSetUpdateBudget, daemonPodsToReplace,
} from '../../../models/controllers/policy/daemonset.js';
import { toleratesTaint } from '../../../models/api/policy/taints.js';

test('default daemon tolerations as upstream adds them', () => {
  assert.equal(daemonPodTolerations().map((t) => `${t.key}:${t.effect}`), [
    'node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute',
    'node.kubernetes.io/disk-pressure:NoSchedule', 'node.kubernetes.io/memory-pressure:NoSchedule',
    'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule',
  ]);
  assert.ok(daemonPodTolerations(true).some((t) => t.key === 'node.kubernetes.io/network-unavailable'));
  assert.is(withDaemonTolerations([{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }]).length, 6);
  assert.ok(daemonPodTolerations().every((t) => t.operator === 'Exists' && t.tolerationSeconds === undefined));
});

test('toleratesTaint', () => {
  const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' as const };
  assert.ok(toleratesTaint({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, taint));
  assert.not.ok(toleratesTaint({ key: 'dedicated', operator: 'Equal', value: 'cpu' }, taint));
  assert.ok(toleratesTaint({ key: 'dedicated', operator: 'Exists' }, taint));
  assert.ok(toleratesTaint({ operator: 'Exists' }, taint));
  assert.not.ok(toleratesTaint({ key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, taint));
});

test('nodeShouldRunDaemonPod: selector, affinity, taints (with automatic tolerations)', () => {
  const node = { name: 'n1', labels: { disk: 'ssd', zone: 'a' } };
  assert.equal(nodeShouldRunDaemonPod({}, node), { shouldRun: true, shouldContinueRunning: true });
  assert.equal(nodeShouldRunDaemonPod({ nodeSelector: { disk: 'hdd' } }, node), { shouldRun: false, shouldContinueRunning: false });
  const aff = (values: string[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' as const, values }] }] } } });
  assert.ok(nodeShouldRunDaemonPod({ affinity: aff(['a', 'b']) }, node).shouldRun);
  assert.not.ok(nodeShouldRunDaemonPod({ affinity: aff(['c']) }, node).shouldRun);
  const byName = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: ['n1'] }] }] } } };
  assert.ok(nodeShouldRunDaemonPod({ affinity: byName }, node).shouldRun);
  // Cordoned / not-ready / pressure taints are tolerated automatically.
  for (const key of ['unschedulable', 'disk-pressure', 'memory-pressure', 'pid-pressure']) {
    assert.ok(nodeShouldRunDaemonPod({}, { ...node, taints: [{ key: `node.kubernetes.io/${key}`, effect: 'NoSchedule' }] }).shouldRun, key);
  }
  assert.ok(nodeShouldRunDaemonPod({}, { ...node, taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] }).shouldRun);
  assert.not.ok(nodeShouldRunDaemonPod({}, { ...node, taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] }).shouldRun);
  assert.ok(nodeShouldRunDaemonPod({ hostNetwork: true }, { ...node, taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] }).shouldRun);
  // A user NoSchedule taint stops new pods but keeps running ones; NoExecute evicts.
  assert.equal(nodeShouldRunDaemonPod({}, { ...node, taints: [{ key: 'dedicated', effect: 'NoSchedule' }] }), { shouldRun: false, shouldContinueRunning: true });
  assert.equal(nodeShouldRunDaemonPod({}, { ...node, taints: [{ key: 'dedicated', effect: 'NoExecute' }] }), { shouldRun: false, shouldContinueRunning: false });
  assert.ok(nodeShouldRunDaemonPod({}, { ...node, taints: [{ key: 'x', effect: 'PreferNoSchedule' }] }).shouldRun);
});

test('daemonSetUpdateBudget: defaults 1/0, percent rounding, both zero ⇒ 1', () => {
  assert.equal(daemonSetUpdateBudget(10), { maxSurge: 0, maxUnavailable: 1 });
  assert.equal(daemonSetUpdateBudget(10, '25%'), { maxSurge: 0, maxUnavailable: 2 });
  assert.equal(daemonSetUpdateBudget(3, '10%'), { maxSurge: 0, maxUnavailable: 1 });
  assert.equal(daemonSetUpdateBudget(10, 0, '25%'), { maxSurge: 3, maxUnavailable: 0 });
});

test('daemonPodsToReplace: unavailable old pods always, available ones within the budget', () => {
  assert.equal(daemonPodsToReplace(1, 0, 5, 0), { deleteUnavailable: 0, deleteAvailable: 1 });
  assert.equal(daemonPodsToReplace(1, 1, 5, 2), { deleteUnavailable: 2, deleteAvailable: 0 });
  assert.equal(daemonPodsToReplace(3, 1, 1, 0), { deleteUnavailable: 0, deleteAvailable: 1 });
});

test.run();
