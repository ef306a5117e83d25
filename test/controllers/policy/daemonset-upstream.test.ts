// DaemonSet policy against upstream's tables: TestNodeShouldRunDaemonPod
// (pkg/controller/daemon/daemon_controller_test.go), failedPodsBackoff's settings (its back-off
// math is client-go's, tested in test/api/policy/flowcontrol-backoff.test.ts),
// AddOrUpdateDaemonPodTolerations and podByCreationTimestampAndPhase.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  compareDaemonPodsToKeep, DaemonPodEvent, FAILED_POD_BACKOFF, failedPodsBackoffKey,
  nodeShouldRunDaemonPod, withDaemonTolerations,
} from '../../../models/controllers/policy/daemonset.js';
import { nextBackoff, type BackoffEntry } from '../../../models/api/policy/flowcontrol-backoff.js';
import type { PodSpec } from '../../../models/api/types.js';

const simpleDaemonSetLabel = { name: 'simple-daemon', type: 'production' };
const simpleDaemonSetLabel2 = { name: 'simple-daemon', type: 'test' };
/** resourcePodSpec: requests are left out on purpose — NodeShouldRunDaemonPod no longer reads them. */
const resourcePodSpec = (nodeName: string): Partial<PodSpec> => (nodeName ? { nodeName } : {});
const affinity = (value: string): Partial<PodSpec> => ({
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'type', operator: 'In', values: [value] }] }] } } },
});

test('TestNodeShouldRunDaemonPod (resources, host ports and unschedulable play no part)', () => {
  const cases: Array<[string, Partial<PodSpec>, boolean, boolean]> = [
    ['ShouldRunDaemonPod', resourcePodSpec(''), true, true],
    ['InsufficientResourceError', resourcePodSpec(''), true, true],
    ['ErrPodNotMatchHostName', resourcePodSpec('other-node'), false, false],
    ['ErrPodNotFitsHostPorts', {}, true, true],
    ['InsufficientResourceError (pods on node)', resourcePodSpec(''), true, true],
    ['ShouldRunDaemonPod (pods on node)', resourcePodSpec(''), true, true],
    ['ErrNodeSelectorNotMatch', { nodeSelector: simpleDaemonSetLabel2 }, false, false],
    ['ShouldRunDaemonPod (node selector)', { nodeSelector: simpleDaemonSetLabel }, true, true],
    ['ErrPodAffinityNotMatch', affinity('test'), false, false],
    ['ShouldRunDaemonPod (affinity)', affinity('production'), true, true],
    ['ShouldRunDaemonPodOnUnschedulableNode', resourcePodSpec(''), true, true],
  ];
  const node = { name: 'test-node', labels: simpleDaemonSetLabel };
  for (const [name, spec, shouldRun, shouldContinueRunning] of cases) {
    assert.equal(nodeShouldRunDaemonPod(spec, node), { shouldRun, shouldContinueRunning }, name);
  }
});

test('AddOrUpdateDaemonPodTolerations: a matching toleration is replaced in place (tolerationSeconds dropped), others kept', () => {
  const user = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists' as const, effect: 'NoExecute' as const, tolerationSeconds: 300 },
    { key: 'dedicated', operator: 'Equal' as const, value: 'logs', effect: 'NoSchedule' as const },
  ];
  const out = withDaemonTolerations(user);
  assert.equal(out[0], { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' });
  assert.equal(out[1], user[1]);
  assert.is(out.length, 7);
  assert.is(out.filter((t) => t.key === 'node.kubernetes.io/not-ready').length, 1);
  // A different operator or value does not match: the default is appended beside it.
  const eq = withDaemonTolerations([{ key: 'node.kubernetes.io/unreachable', operator: 'Equal', value: 'x', effect: 'NoExecute' }]);
  assert.is(eq.filter((t) => t.key === 'node.kubernetes.io/unreachable').length, 2);
});

test('failedPodsBackoff: 1 s doubling to 15 min, keyed by DaemonSet, observed generation and node; upstream event texts', () => {
  assert.equal(FAILED_POD_BACKOFF, { initialMs: 1000, maxMs: 900_000 });
  let e: BackoffEntry | undefined;
  const delays: number[] = [];
  for (let i = 0, t = 0; i < 12; i++) {
    e = nextBackoff(e, t, t, FAILED_POD_BACKOFF);
    delays.push(e.backoffMs / 1000);
    t += e.backoffMs;
  }
  assert.equal(delays, [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
  assert.is(failedPodsBackoffKey('uid-1', 3, 'node-a'), 'uid-1/3/node-a');
  assert.equal(DaemonPodEvent.failed('default', 'agent-x', 'n-0'), { reason: 'FailedDaemonPod', message: 'Found failed daemon pod default/agent-x on node n-0, will try to kill it' });
  assert.equal(DaemonPodEvent.succeeded('default', 'agent-x', 'n-0'), { reason: 'SucceededDaemonPod', message: 'Found succeeded daemon pod default/agent-x on node n-0, will try to delete it' });
});

test('podByCreationTimestampAndPhase: scheduled first, then oldest, then name', () => {
  const pods = [
    { name: 'b', created: 1 }, { name: 'c', nodeName: 'n', created: 5 }, { name: 'a', nodeName: 'n', created: 5 }, { name: 'd', nodeName: 'n', created: 2 },
  ];
  assert.equal([...pods].sort(compareDaemonPodsToKeep).map((p) => p.name), ['d', 'a', 'c', 'b']);
});

test.run();
