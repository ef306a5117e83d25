// Book chapter 8: Jobs simulated from their own manifests and busybox command lines.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { JOB_COMPLETION_INDEX, JOB_CONTROLLER_UID_LABEL } from '../../models/controllers/job.js';
import type { Pod, Job } from '../../models/api/types.js';
import { runFiles } from '../../runner/simulate.js';
import { clusterYaml, scenarioFile } from '../helpers.js';
import { example, firstAt, load } from './helpers.js';

const jobEvents = (h: ReturnType<typeof load>, name: string) =>
  h.events.filter((e) => e.kind === 'Job' && e.name === name).map((e) => [e.time, e.reason, e.message] as const);

test('8.2 say-something: one pod echoes and the Job completes; the pod carries the Job labels', () => {
  const h = load([example('ch8-1-say-something.yaml')]);
  h.model.runUntil(60_000);
  const job = h.model.store.get<Job>('Job', 'default', 'say-something')!;
  assert.is(job.status.succeeded, 1);
  assert.ok(job.status.conditions.some((c) => c.type === 'Complete' && c.status === 'True'));
  assert.is(job.status.completionTime, 2500, 'pull 2 s + start 0.5 s; echo exits at once');
  const [pod] = [...h.model.store.list<Pod>('Pod')];
  assert.is(pod!.status.phase, 'Succeeded');
  const l = pod!.metadata.labels!;
  assert.is(l[JOB_CONTROLLER_UID_LABEL], job.metadata.uid);
  assert.is(l['batch.kubernetes.io/job-name'], 'say-something');
  assert.is(l['controller-uid'], job.metadata.uid);
  assert.is(l['job-name'], 'say-something');
  assert.equal(job.spec.selector, { matchLabels: { [JOB_CONTROLLER_UID_LABEL]: job.metadata.uid! } });
  const ev = jobEvents(h, 'say-something');
  assert.equal(ev.map((e) => e[1]), ['SuccessfulCreate', 'Completed']);
  assert.is(ev[0]![2], `Created pod: ${pod!.metadata.name}`);
  assert.is(ev[1]![2], 'Job completed');
});

test('8.4 completions 5: pods run one after another, each created when the previous completed', () => {
  const h = load([example('ch8-2-consumer-completions.yaml')]);
  h.model.runUntil(120_000);
  const job = h.model.store.get<Job>('Job', 'default', 'consumer')!;
  assert.is(job.status.succeeded, 5);
  assert.is(job.status.failed, 0);
  const creates = jobEvents(h, 'consumer').filter((e) => e[1] === 'SuccessfulCreate');
  assert.is(creates.length, 5);
  const pods = creates.map((e) => e[2].slice('Created pod: '.length));
  for (let i = 1; i < pods.length; i++) {
    const prevDone = firstAt(h, pods[i - 1]!, 'Completed')!;
    assert.is(creates[i]![0], prevDone, `${pods[i]} created when ${pods[i - 1]} completed`);
  }
  // Each pod: Running, then Completed 5 s later (sleep 5), as the book's watch shows.
  for (const p of pods) assert.is(firstAt(h, p, 'Completed')! - firstAt(h, p, 'Running')!, 5000);
  assert.ok(job.status.conditions.some((c) => c.type === 'Complete'));
});

test('8.4 work queue (parallelism 5): five pods at once, none after the first success, complete when all finished', () => {
  const h = load([example('ch8-3-consumer-parallel.yaml')], 3);
  h.model.runUntil(120_000);
  const job = h.model.store.get<Job>('Job', 'default', 'consumer')!;
  const creates = jobEvents(h, 'consumer').filter((e) => e[1] === 'SuccessfulCreate');
  assert.is(creates.length, 5, 'no pod after the first success');
  assert.ok(creates.every((e) => e[0] === 0), 'all five launched at once');
  const pods = [...h.model.store.list<Pod>('Pod')];
  const finishes = pods.map((p) => p.status.containerStatuses[0]!.state.terminated!.finishedAt).sort((a, b) => a - b);
  assert.ok(finishes[0]! < finishes[4]!, 'sleep $(shuf -i 5-10 -n 1) gives different run lengths');
  assert.is(job.status.succeeded, 5);
  assert.is(job.status.completionTime, finishes[4], 'complete when the last one finished');
});

test('8.6 back-off + deadline: DeadlineExceeded at 20 s, pod deleted, fewer restarts than backoffLimit', () => {
  const h = load([example('ch8-4-twitter-consumer-deadline.yaml')]);
  let restartsAtEnd = -1;
  let deletedAt = -1;
  h.model.store.observe<Pod>('Pod', (t, p) => {
    if (t === 'DELETED') {
      restartsAtEnd = p.status.containerStatuses[0]!.restartCount;
      deletedAt = h.model.sim.now;
    }
  });
  h.model.runUntil(60_000);
  const job = h.model.store.get<Job>('Job', 'default', 'twitter-consumer')!;
  const failed = job.status.conditions.find((c) => c.type === 'Failed')!;
  assert.is(failed.reason, 'DeadlineExceeded');
  assert.is(failed.message, 'Job was active longer than specified deadline');
  // The deadline deletes the pod at 20 s; the Job is Failed once the pod is gone: at once if its
  // container is backing off, after the 30 s grace period if it runs (sh ignores SIGTERM) — with
  // seed 1 the restart after the 10 s back-off (at the pod worker's next sync) runs at 20 s.
  assert.is(jobEvents(h, 'twitter-consumer').find((e) => e[1] === 'SuccessfulDelete')![0], 20_000);
  assert.is(failed.lastTransitionTime, deletedAt);
  assert.ok(deletedAt === 20_000 || deletedAt === 50_000, `${deletedAt}`);
  assert.is(h.model.store.count('Pod'), 0, 'the running pod was deleted');
  assert.ok(restartsAtEnd >= 1 && restartsAtEnd < 5, `restarted ${restartsAtEnd} times, below backoffLimit 5`);
  const ev = jobEvents(h, 'twitter-consumer').map((e) => e[1]);
  assert.equal(ev, ['SuccessfulCreate', 'SuccessfulDelete', 'DeadlineExceeded']);
});

test('8.7 ttlSecondsAfterFinished: the Job and its pods are deleted 60 s after it finished', () => {
  const h = load([example('ch8-5-twitter-consumer-ttl.yaml')]);
  let finishedAt = -1;
  h.model.store.observe<Job>('Job', (_t, j) => {
    const f = j.status.conditions?.find((c) => c.type === 'Failed' || c.type === 'Complete');
    if (f && finishedAt < 0) finishedAt = f.lastTransitionTime;
  });
  h.model.runUntil(200_000 - 1);
  assert.ok(finishedAt > 0, 'it finished');
  const h2 = load([example('ch8-5-twitter-consumer-ttl.yaml')]);
  h2.model.runUntil(finishedAt + 60_000 - 1);
  assert.ok(h2.model.store.get<Job>('Job', 'default', 'twitter-consumer'), 'still there before the TTL');
  h2.model.runUntil(finishedAt + 60_000);
  assert.is(h2.model.store.get<Job>('Job', 'default', 'twitter-consumer'), undefined);
  assert.is(h2.model.store.count('Pod'), 0);
});

test('restartPolicy Never: a new pod per failure, back-off 10 s then 20 s, fails after backoffLimit+1 pods', () => {
  const file = scenarioFile(`${clusterYaml({ duration: '5m', nodes: 1 })}---
apiVersion: batch/v1
kind: Job
metadata: {name: fail}
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: c
          image: busybox:1.36
          command: ["sh", "-c", "sleep 1; exit 3"]
`);
  const h = load([file]);
  h.model.runUntil(300_000);
  const job = h.model.store.get<Job>('Job', 'default', 'fail')!;
  const creates = jobEvents(h, 'fail').filter((e) => e[1] === 'SuccessfulCreate').map((e) => e[0]);
  assert.is(creates.length, 3);
  // Pod 1 fails at 3.5 s (2 s pull, 0.5 s start, 1 s sleep); replacement after 10 s; pod 2 then
  // fails 1.5 s after creation (image cached) and the next waits 20 s.
  assert.equal(creates, [0, 13_500, 13_500 + 1_500 + 20_000]);
  assert.is(job.status.failed, 3);
  const failed = job.status.conditions.find((c) => c.type === 'Failed')!;
  assert.is(failed.reason, 'BackoffLimitExceeded');
  assert.is(failed.message, 'Job has reached the specified backoff limit');
});

test('restartPolicy OnFailure: restarts in place; BackoffLimitExceeded once restarts reach backoffLimit', () => {
  const h = load([scenarioFile(`${clusterYaml({ nodes: 1 })}---
apiVersion: batch/v1
kind: Job
metadata: {name: f}
spec:
  backoffLimit: 2
  template:
    spec:
      restartPolicy: OnFailure
      containers: [{name: c, image: "busybox:1.36", command: ["sh", "-c", "exit 1"]}]
`)]);
  h.model.runUntil(60_000);
  const job = h.model.store.get<Job>('Job', 'default', 'f')!;
  const ev = jobEvents(h, 'f');
  assert.equal(ev.map((e) => e[1]), ['SuccessfulCreate', 'SuccessfulDelete', 'BackoffLimitExceeded'], 'one pod only');
  // Exits at 2.5 s, restarts at once (restart 1), exits at 3 s; the 10 s back-off is restarted
  // by the pod worker's next sync, 10–15 s later; restart 2 starts 500 ms after it.
  assert.ok(ev[2]![0] >= 13_500 && ev[2]![0] < 18_500, `${ev[2]![0]}`);
  assert.is(job.status.conditions.find((c) => c.type === 'Failed')!.reason, 'BackoffLimitExceeded');
});

test('the back-off cap is configurable (Cluster spec.controllers.jobBackoffMax)', () => {
  const yaml = (cap: string) => `${clusterYaml({ duration: '10m', nodes: 1 }).replace('spec:\n  nodePools:', `spec:\n  controllers: {jobBackoffMax: ${cap}}\n  nodePools:`)}---
apiVersion: batch/v1
kind: Job
metadata: {name: fail}
spec:
  backoffLimit: 4
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox:1.36, command: ["sh", "-c", "exit 1"]}]
`;
  const h = load([scenarioFile(yaml('15s'))]);
  h.model.runUntil(600_000);
  const creates = jobEvents(h, 'fail').filter((e) => e[1] === 'SuccessfulCreate').map((e) => e[0]);
  const gaps = creates.slice(1).map((t, i) => t - creates[i]!);
  // The first pod fails at 2.5 s (pull + start) and waits 10 s; later pods run 0.5 s (image
  // cached) and wait min(10·2^(n-1), 15) s = 15 s instead of 20, 40, 80 s.
  assert.equal(gaps, [12_500, 15_500, 15_500, 15_500]);
});

test('Indexed completion mode: <job>-<index>- names, the index annotation and JOB_COMPLETION_INDEX, completedIndexes', () => {
  const file = scenarioFile(`${clusterYaml()}---
apiVersion: batch/v1
kind: Job
metadata: {name: idx}
spec:
  completions: 3
  parallelism: 2
  completionMode: Indexed
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox:1.36, command: ["sleep", "2"]}]
`);
  const h = load([file]);
  const seen: Pod[] = [];
  h.model.store.observe<Pod>('Pod', (t, p) => {
    if (t === 'ADDED') seen.push(p);
  });
  h.model.runUntil(60_000);
  const job = h.model.store.get<Job>('Job', 'default', 'idx')!;
  assert.is(seen.length, 3);
  const idx = seen.map((p) => p.metadata.annotations![JOB_COMPLETION_INDEX]);
  assert.equal(idx, ['0', '1', '2']);
  seen.forEach((p, i) => {
    assert.ok(p.metadata.name.startsWith(`idx-${i}-`), p.metadata.name);
    assert.is(p.spec.hostname, `idx-${i}`);
    assert.equal(p.spec.containers[0]!.env, [{ name: 'JOB_COMPLETION_INDEX', value: String(i) }]);
  });
  assert.is(job.status.completedIndexes, '0-2');
  assert.is(job.status.succeeded, 3);
});

test('delete --cascade=orphan leaves the pods; the default cascade deletes them', () => {
  const job = (name: string) => `---
apiVersion: batch/v1
kind: Job
metadata: {name: ${name}}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox:1.36, command: ["sleep", "60"]}]
`;
  const h = load([scenarioFile(`${clusterYaml()}${job('a')}${job('b')}`)]);
  h.model.runUntil(10_000);
  const a = h.model.store.get<Job>('Job', 'default', 'a')!;
  const b = h.model.store.get<Job>('Job', 'default', 'b')!;
  h.model.api.delete(a, { propagation: 'Orphan' });
  h.model.api.delete(b);
  h.model.runUntil(70_000);
  const pods = [...h.model.store.list<Pod>('Pod')];
  assert.is(pods.length, 1);
  assert.ok(pods[0]!.metadata.name.startsWith('a-'));
  assert.is(pods[0]!.metadata.ownerReferences, undefined);
  assert.is(pods[0]!.status.phase, 'Succeeded', 'the orphan ran to completion');
});

test('summary has jobs_completed and jobs_failed', () => {
  const r = runFiles([example('ch8-2-consumer-completions.yaml')]);
  assert.is(r.summary.jobs_completed, 1);
  assert.is(r.summary.jobs_failed, 0);
  const f = runFiles([example('ch8-4-twitter-consumer-deadline.yaml')]);
  assert.is(f.summary.jobs_failed, 1);
});

test.run();
