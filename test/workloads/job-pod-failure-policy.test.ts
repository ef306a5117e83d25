// podFailurePolicy in a running Job: FailJob ends the Job at the first matching failure,
// Ignore keeps a failure out of status.failed (and so out of backoffLimit).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Job } from '../../models/api/types.js';
import { scenarioFile } from '../helpers.js';
import { load } from './helpers.js';

const scenario = (exit: number, rules: string, backoffLimit = 6) => `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: t}
spec:
  nodePools: [{name: n, count: 1, cpu: "4", memory: 8Gi}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  backoffLimit: ${backoffLimit}
  podFailurePolicy:
    rules:
${rules}
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: "busybox:1.36", command: ["sh", "-c", "sleep 1; exit ${exit}"]}]
`;

test('FailJob on exit code 42: the Job fails at the first such pod, reason PodFailurePolicy, with upstream\'s message', () => {
  const h = load([scenarioFile(scenario(42, '      - {action: FailJob, onExitCodes: {containerName: main, operator: In, values: [42]}}'))]);
  h.model.runUntil(120_000);
  const job = h.model.store.get<Job>('Job', 'default', 'j')!;
  const failed = job.status.conditions.find((c) => c.type === 'Failed' && c.status === 'True');
  assert.ok(failed, JSON.stringify(job.status.conditions));
  assert.is(failed!.reason, 'PodFailurePolicy');
  assert.match(failed!.message!, /^Container main for pod default\/j-[a-z0-9]+ failed with exit code 42 matching FailJob rule at index 0$/);
  assert.is(job.status.failed, 1);
  assert.ok(h.events.some((e) => e.kind === 'Job' && e.reason === 'PodFailurePolicy'));
});

test('Ignore on exit code 3: failures do not count toward backoffLimit (but still pace replacements)', () => {
  const h = load([scenarioFile(scenario(3, '      - {action: Ignore, onExitCodes: {operator: In, values: [3]}}', 1))]);
  h.model.runUntil(120_000);
  const job = h.model.store.get<Job>('Job', 'default', 'j')!;
  assert.is(job.status.failed, 0);
  assert.not.ok(job.status.conditions.some((c) => c.type === 'Failed'));
  const creates = h.events.filter((e) => e.kind === 'Job' && e.reason === 'SuccessfulCreate').map((e) => e.time);
  assert.ok(creates.length >= 3, String(creates));
  // The replacement back-off still counts ignored failures (newBackoffRecord sees every failed pod): 10 s, 20 s …
  assert.ok(creates[2]! - creates[1]! > creates[1]! - creates[0]!, String(creates));
});

test('Count (and no match) behave as without a policy: backoffLimit 1 fails the Job on the 2nd failure', () => {
  const h = load([scenarioFile(scenario(5, '      - {action: Count, onExitCodes: {operator: In, values: [5]}}', 1))]);
  h.model.runUntil(120_000);
  const job = h.model.store.get<Job>('Job', 'default', 'j')!;
  assert.is(job.status.failed, 2);
  assert.is(job.status.conditions.find((c) => c.type === 'Failed')?.reason, 'BackoffLimitExceeded');
});

test('API defaulting: podReplacementPolicy Failed with a podFailurePolicy, and onPodConditions status True', () => {
  const h = load([scenarioFile(scenario(0, '      - {action: Ignore, onPodConditions: [{type: DisruptionTarget}]}'))]);
  const job = h.model.store.get<Job>('Job', 'default', 'j')!;
  assert.is(job.spec.podReplacementPolicy, 'Failed');
  assert.is(job.spec.podFailurePolicy!.rules[0]!.onPodConditions![0]!.status, 'True');
});

test.run();
