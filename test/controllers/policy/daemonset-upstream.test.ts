// DaemonSet policy against upstream's tables: TestNodeShouldRunDaemonPod
// (pkg/controller/daemon/daemon_controller_test.go), client-go's TestIsInBackOffSinceUpdate
// (util/flowcontrol/backoff_test.go) for failedPodsBackoff, AddOrUpdateDaemonPodTolerations and
// podByCreationTimestampAndPhase.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  compareDaemonPodsToKeep, DaemonPodEvent, FAILED_POD_BACKOFF_INITIAL_MS, FAILED_POD_BACKOFF_MAX_MS, failedPodsBackoffKey,
  nodeShouldRunDaemonPod, withDaemonTolerations,
} from '../../../models/controllers/policy/daemonset.js';
import { isInBackOffSinceUpdate, nextBackoff, type BackoffEntry } from '../../../models/controllers/policy/flowcontrol-backoff.js';
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

test('TestIsInBackOffSinceUpdate (1 s steps, cap 10 s): the ticks at which a key is in back-off, and its delay', () => {
  const step = 1000, max = 10 * step;
  const cases: Array<[tick: number, inBackOff: boolean, value: number]> = [
    [0, false, 0], [1, false, 1], [2, true, 2], [3, false, 2], [4, true, 4], [5, true, 4], [6, true, 4], [7, false, 4],
    [8, true, 8], [9, true, 8], [10, true, 8], [11, true, 8], [12, true, 8], [13, true, 8], [14, true, 8], [15, false, 8],
    [16, true, 10], [17, true, 10], [18, true, 10], [19, true, 10], [20, true, 10], [21, true, 10], [22, true, 10], [23, true, 10],
    [24, true, 10], [25, false, 10], [26, true, 10], [27, true, 10], [28, true, 10], [29, true, 10], [30, true, 10], [31, true, 10],
    [32, true, 10], [33, true, 10], [34, true, 10], [35, false, 10], [56, false, 0], [57, false, 1],
  ];
  let entry: BackoffEntry | undefined;
  for (const [tick, inBackOff, value] of cases) {
    const now = tick * step;
    assert.is(isInBackOffSinceUpdate(entry, now, max), inBackOff, `tick ${tick}`);
    if (inBackOff) assert.is(entry!.backoff, value * step, `tick ${tick} value`);
    else entry = nextBackoff(entry, now, step, max);
  }
});

test('failedPodsBackoff: 1 s doubling to 15 min, keyed by DaemonSet, observed generation and node; upstream event texts', () => {
  assert.is(FAILED_POD_BACKOFF_INITIAL_MS, 1000);
  assert.is(FAILED_POD_BACKOFF_MAX_MS, 900_000);
  let e: BackoffEntry | undefined;
  const delays: number[] = [];
  for (let i = 0, t = 0; i < 12; i++) {
    e = nextBackoff(e, t, FAILED_POD_BACKOFF_INITIAL_MS, FAILED_POD_BACKOFF_MAX_MS);
    delays.push(e.backoff / 1000);
    t += e.backoff;
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
