// successPolicy in a running Indexed Job: the leader index succeeding ends the Job.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Job, Pod } from '../../models/api/types.js';
import { scenarioFile } from '../helpers.js';
import { load } from './helpers.js';

test('Indexed Job with successPolicy succeededIndexes "0": index 0 succeeds, the others are deleted, Complete reason SuccessPolicy', () => {
  const h = load([scenarioFile(`apiVersion: k8sim/v1
kind: Cluster
metadata: {name: t}
spec:
  nodePools: [{name: n, count: 1, cpu: "8", memory: 8Gi}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  completionMode: Indexed
  completions: 3
  parallelism: 3
  successPolicy:
    rules: [{succeededIndexes: "0"}]
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: "app:1"}]
---
apiVersion: k8sim/v1
kind: Behavior
metadata: {name: leader}
spec:
  selector: {matchLabels: {batch.kubernetes.io/job-completion-index: "0"}}
  run: {duration: 5s}
---
apiVersion: k8sim/v1
kind: Behavior
metadata: {name: workers}
spec:
  selector: {matchLabels: {batch.kubernetes.io/job-name: j}}
  run: {duration: 10m}
`)]);
  h.model.runUntil(120_000);
  const job = h.model.store.get<Job>('Job', 'default', 'j')!;
  const done = job.status.conditions.find((c) => c.type === 'Complete' && c.status === 'True');
  assert.ok(done, JSON.stringify(job.status.conditions));
  assert.is(done!.reason, 'SuccessPolicy');
  assert.is(done!.message, 'Matched rules at index 0');
  assert.ok(job.status.conditions.some((c) => c.type === 'SuccessCriteriaMet' && c.reason === 'SuccessPolicy'));
  // The followers end on SIGTERM; a process that exits 0 on it counts as a succeeded index, as
  // upstream counts every pod that reaches Succeeded.
  assert.ok(job.status.completedIndexes!.startsWith('0'), job.status.completedIndexes);
  const left = [...h.model.store.list<Pod>('Pod')].filter((p) => p.status.phase === 'Running');
  assert.is(left.length, 0, 'the other indexes were deleted');
  assert.ok(job.status.completionTime! < 60_000, String(job.status.completionTime));
});

test.run();
