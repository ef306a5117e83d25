import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { matchPodFailurePolicy, podFinishTime, type PodFailurePolicy } from '../../../models/controllers/policy/job-pod-failure.js';
import type { ContainerStatus, Pod, PodCondition } from '../../../models/api/types.js';

const term = (name: string, exitCode: number, finishedAt = 0): ContainerStatus => ({
  name, ready: false, started: false, restartCount: 0, state: { terminated: { exitCode, reason: exitCode ? 'Error' : 'Completed', finishedAt } }, lastState: {},
});
const running = (name: string): ContainerStatus => ({ name, ready: true, started: true, restartCount: 0, state: { running: { startedAt: 0 } }, lastState: {} });
const failedPod = (o: { containers?: ContainerStatus[]; init?: ContainerStatus[]; conditions?: Array<Pick<PodCondition, 'type' | 'status'>> }): Pod => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: 'mypod', namespace: 'default' }, spec: { containers: [] },
  status: {
    phase: 'Failed', containerStatuses: o.containers ?? [], ...(o.init ? { initContainerStatuses: o.init } : {}),
    conditions: (o.conditions ?? []).map((c) => ({ ...c, lastTransitionTime: 0 })),
  },
} as unknown as Pod);
const exitRule = (action: string, operator: string, values: number[], containerName?: string) =>
  ({ action, onExitCodes: { operator, values, ...(containerName ? { containerName } : {}) } });
const condRule = (action: string, status: string) => ({ action, onPodConditions: [{ type: 'DisruptionTarget', status }] });
const pol = (...rules: unknown[]) => ({ rules }) as PodFailurePolicy;
const msg = (exit: number, i: number, c = 'main-container') => `Container ${c} for pod default/mypod failed with exit code ${exit} matching FailJob rule at index ${i}`;

// pkg/controller/job/pod_failure_policy_test.go TestMatchPodFailurePolicy.
const cases: Array<[string, PodFailurePolicy | undefined, Pod, { msg?: string; count: boolean; action?: string }]> = [
  ['unknown action for rule matching by exit codes - skip rule with unknown action',
    pol(exitRule('UnknownAction', 'In', [1, 2]), exitRule('FailJob', 'In', [2, 3])), failedPod({ containers: [term('main-container', 2)] }),
    { msg: msg(2, 1), count: true, action: 'FailJob' }],
  ['unknown action for rule matching by pod conditions - skip rule with unknown action',
    pol(condRule('UnkonwnAction', 'True'), condRule('Ignore', 'True')), failedPod({ conditions: [{ type: 'DisruptionTarget', status: 'True' }] }),
    { count: false, action: 'Ignore' }],
  ['unknown operator - rule with unknown action is skipped for onExitCodes',
    pol(exitRule('Ignore', 'UnknownOperator', [1, 2]), exitRule('FailJob', 'In', [2, 3])), failedPod({ containers: [term('main-container', 2)] }),
    { msg: msg(2, 1), count: true, action: 'FailJob' }],
  ['no policy rules', undefined, failedPod({ containers: [term('', 2)] }), { count: true }],
  ['ignore rule matched for exit codes', pol(exitRule('Ignore', 'In', [1, 2, 3])), failedPod({ containers: [term('', 2)] }), { count: false, action: 'Ignore' }],
  ['ignore rule matched on negative exit codes - needed for Windows support',
    pol(exitRule('Ignore', 'In', [-1073741676, -1073741510])), failedPod({ containers: [term('', -1073741510)] }), { count: false, action: 'Ignore' }],
  ['FailJob rule matched for exit codes', pol(exitRule('FailJob', 'In', [1, 2, 3])), failedPod({ containers: [term('main-container', 2)] }),
    { msg: msg(2, 0), count: true, action: 'FailJob' }],
  ['successful containers are skipped by the rules', pol(exitRule('FailJob', 'NotIn', [111])),
    failedPod({ init: [term('init-container', 0)], containers: [term('main-container', 111), term('suppport-container', 0)] }), { count: true }],
  ['FailIndex rule matched for exit codes', pol(exitRule('FailIndex', 'In', [1, 2, 3])), failedPod({ containers: [term('', 2)] }), { count: true, action: 'FailIndex' }],
  ['pod failure policy with NotIn operator and value 0', pol(exitRule('FailJob', 'NotIn', [0])),
    failedPod({ containers: [term('main-container', 1), term('suppport-container', 0)] }), { msg: msg(1, 0), count: true, action: 'FailJob' }],
  ['second jobfail rule matched for exit codes', pol(exitRule('Count', 'In', [1, 2, 3]), exitRule('FailJob', 'In', [4, 5, 6])),
    failedPod({ containers: [term('main-container', 6)] }), { msg: msg(6, 1), count: true, action: 'FailJob' }],
  ['count rule matched for exit codes', pol(exitRule('Count', 'In', [1, 2, 3])),
    failedPod({ containers: [{ ...running('foo'), state: {} } as ContainerStatus, term('bar', 2)] }), { count: true, action: 'Count' }],
  ['FailIndex rule matched for pod conditions', pol(condRule('FailIndex', 'True')), failedPod({ conditions: [{ type: 'DisruptionTarget', status: 'True' }] }),
    { count: true, action: 'FailIndex' }],
  ['ignore rule matched for pod conditions', pol(condRule('Ignore', 'True')), failedPod({ conditions: [{ type: 'DisruptionTarget', status: 'True' }] }),
    { count: false, action: 'Ignore' }],
  ['ignore rule matches by the status=False', pol(condRule('Ignore', 'False')), failedPod({ conditions: [{ type: 'DisruptionTarget', status: 'False' }] }),
    { count: false, action: 'Ignore' }],
  ['ignore rule matches by the status=Unknown', pol(condRule('Ignore', 'Unknown')), failedPod({ conditions: [{ type: 'DisruptionTarget', status: 'Unknown' }] }),
    { count: false, action: 'Ignore' }],
  ['ignore rule does not match when status for pattern is False, but actual True', pol(condRule('Ignore', 'False')),
    failedPod({ conditions: [{ type: 'DisruptionTarget', status: 'True' }] }), { count: true }],
  ['FailJob on a pod condition words it as upstream', pol(condRule('FailJob', 'True')), failedPod({ conditions: [{ type: 'DisruptionTarget', status: 'True' }] }),
    { msg: 'Pod default/mypod has condition DisruptionTarget matching FailJob rule at index 0', count: true, action: 'FailJob' }],
  ['containerName restricts the exit-code rule', pol(exitRule('FailJob', 'In', [2], 'other')), failedPod({ containers: [term('main-container', 2)] }), { count: true }],
];

for (const [name, policy, pod, want] of cases) {
  test(`matchPodFailurePolicy: ${name}`, () => {
    const got = matchPodFailurePolicy(policy, pod);
    assert.is(got.jobFailureMessage, want.msg);
    assert.is(got.countFailed, want.count);
    assert.is(got.action, want.action);
  });
}

test('getFinishedTime: all containers terminated → latest finishedAt; else Ready=False transition; else deletion; else creation', () => {
  const base = (s: Partial<Pod['status']>, meta: Partial<Pod['metadata']> = {}) =>
    ({ metadata: { name: 'p', creationTimestamp: 1_000, ...meta }, spec: { containers: [] }, status: { phase: 'Failed', containerStatuses: [], conditions: [], ...s } }) as unknown as Pod;
  assert.is(podFinishTime(base({ containerStatuses: [term('a', 1, 5_000), term('b', 0, 7_000)] })), 7_000);
  const readyFalse = [{ type: 'Ready' as const, status: 'False' as const, lastTransitionTime: 4_000 }];
  // One container still running: its siblings' finish times do not count.
  assert.is(podFinishTime(base({ containerStatuses: [term('a', 1, 5_000), running('b')], conditions: readyFalse })), 4_000);
  assert.is(podFinishTime(base({ containerStatuses: [running('b')] }, { deletionTimestamp: 9_000 })), 9_000);
  assert.is(podFinishTime(base({ containerStatuses: [running('b')] })), 1_000);
  // A last termination (restarted container) is not a finish.
  assert.is(podFinishTime(base({ containerStatuses: [{ ...running('b'), lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: 3_000 } } }] })), 1_000);
});

test.run();
