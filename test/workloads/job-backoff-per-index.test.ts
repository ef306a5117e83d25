// backoffLimitPerIndex / maxFailedIndexes: the Kubernetes docs' example (Job
// "job-backoff-limit-per-index-example": 10 indexes, the even ones fail, one retry each).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Job, Pod } from '../../models/api/types.js';
import { scenarioFile } from '../helpers.js';
import { load } from './helpers.js';
import { backoffDelay, failedIndexesVerdict, isIndexFailed, remainingBackoffPerIndex } from '../../models/controllers/policy/job.js';

const scenario = (maxFailedIndexes: number, extraRules = '') => `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: t}
spec:
  nodePools: [{name: n, count: 2, cpu: "8", memory: 16Gi}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: job-backoff-limit-per-index-example}
spec:
  completions: 10
  parallelism: 3
  completionMode: Indexed
  backoffLimitPerIndex: 1
  maxFailedIndexes: ${maxFailedIndexes}
${extraRules}  template:
    spec:
      restartPolicy: Never
      containers: [{name: example, image: "python:3.12"}]
---
apiVersion: k8sim/v1
kind: Behavior
metadata: {name: even-fails}
spec:
  selector:
    matchExpressions: [{key: batch.kubernetes.io/job-completion-index, operator: In, values: ["0", "2", "4", "6", "8"]}]
  run: {duration: 1s, exitCode: 1}
---
apiVersion: k8sim/v1
kind: Behavior
metadata: {name: odd-succeeds}
spec:
  selector: {matchLabels: {batch.kubernetes.io/job-name: job-backoff-limit-per-index-example}}
  run: {duration: 1s}
`;

test('the docs example: completedIndexes 1,3,5,7,9, failedIndexes 0,2,4,6,8, succeeded 5, failed 10, Failed FailedIndexes', () => {
  const h = load([scenarioFile(scenario(5))]);
  h.model.runUntil(10 * 60_000);
  const job = h.model.store.get<Job>('Job', 'default', 'job-backoff-limit-per-index-example')!;
  assert.is(job.status.completedIndexes, '1,3,5,7,9');
  assert.is(job.status.failedIndexes, '0,2,4,6,8');
  assert.is(job.status.succeeded, 5);
  assert.is(job.status.failed, 10);
  const failed = job.status.conditions.find((c) => c.type === 'Failed');
  assert.is(failed?.reason, 'FailedIndexes');
  assert.is(failed?.message, 'Job has failed indexes');
  assert.ok(job.status.conditions.some((c) => c.type === 'FailureTarget' && c.reason === 'FailedIndexes'));
  assert.is(job.spec.backoffLimit, 2147483647, 'the global limit defaults to MaxInt32');
  // The retry of an index carries its failure count, and waits the per-index back-off (10 s).
  const retries = h.events.filter((e) => e.kind === 'Job' && e.reason === 'SuccessfulCreate' && /-0-/.test(e.message)).map((e) => e.time);
  assert.is(retries.length, 2);
  assert.ok(retries[1]! - retries[0]! >= 10_000, String(retries));
});

test('maxFailedIndexes 2: the Job fails as soon as a third index fails, MaxFailedIndexesExceeded', () => {
  const h = load([scenarioFile(scenario(2))]);
  h.model.runUntil(10 * 60_000);
  const job = h.model.store.get<Job>('Job', 'default', 'job-backoff-limit-per-index-example')!;
  const failed = job.status.conditions.find((c) => c.type === 'Failed');
  assert.is(failed?.reason, 'MaxFailedIndexesExceeded');
  assert.is(failed?.message, 'Job has exceeded the specified maximal number of failed indexes');
  assert.ok(job.status.failedIndexes!.split(',').length >= 3, job.status.failedIndexes);
  assert.not.ok([...h.model.store.list<Pod>('Pod')].some((p) => p.status.phase === 'Running'));
});

test('FailIndex (podFailurePolicy) fails the index at its first failure, without a retry', () => {
  const rules = `  podFailurePolicy:\n    rules: [{action: FailIndex, onExitCodes: {operator: In, values: [1]}}]\n`;
  const h = load([scenarioFile(scenario(5, rules))]);
  h.model.runUntil(10 * 60_000);
  const job = h.model.store.get<Job>('Job', 'default', 'job-backoff-limit-per-index-example')!;
  assert.is(job.status.failedIndexes, '0,2,4,6,8');
  assert.is(job.status.failed, 5);
});

test('per-index pure rules: isIndexFailed, the per-index back-off, the failed-indexes verdict', () => {
  assert.ok(isIndexFailed('FailIndex', true, 0, 3));
  assert.not.ok(isIndexFailed(undefined, true, 0, 1));
  assert.ok(isIndexFailed(undefined, true, 1, 1));
  assert.not.ok(isIndexFailed('Ignore', false, 5, 1));
  // failures + ignored + this one: 10 s doubling from the last failed pod's finish.
  assert.is(remainingBackoffPerIndex(0, 0, 1_000, 1_000), backoffDelay(1));
  assert.is(remainingBackoffPerIndex(1, 1, 0, 5_000), backoffDelay(3) - 5_000);
  assert.is(remainingBackoffPerIndex(0, 0, 0, 60_000), 0);
  assert.is(failedIndexesVerdict(3, 0, 10, 2)?.reason, 'MaxFailedIndexesExceeded');
  assert.is(failedIndexesVerdict(2, 7, 10, 2), undefined);
  assert.is(failedIndexesVerdict(2, 8, 10, 2)?.reason, 'FailedIndexes');
  assert.is(failedIndexesVerdict(0, 10, 10, undefined), undefined);
});

test.run();
