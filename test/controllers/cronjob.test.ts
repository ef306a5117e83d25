// CronJob controller in virtual time: schedules, history limits, concurrency policies,
// startingDeadlineSeconds, suspend, time zones and the events upstream emits; plus the
// schedule grammar (robfig/cron ParseStandard) and the time math of utils.go.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiError } from '../../models/api/errors.js';
import type { CronJob, Job } from '../../models/api/types.js';
import { CRONJOB_SCHEDULED_TIMESTAMP, rfc3339In } from '../../models/controllers/cronjob.js';
import { parseSchedule } from '../../models/controllers/cron-schedule.js';
import { cronJobName, jobsOverLimit, mostRecentScheduleTime, nextScheduleDelay, rfc1123z, type Schedule } from '../../models/controllers/policy/cronjob.js';
import { spawnSync } from 'node:child_process';
import { CLI, clusterYaml, packageRoot, scenarioFile } from '../helpers.js';
import { load } from '../workloads/helpers.js';
import { outputOf, runText } from '../rollouts/harness.js';

const MIN = 60_000;
const fixture = () => readFileSync(join(packageRoot(), 'test', 'fixtures', 'manifests', 'cronjob.yaml'), 'utf8');
const cronEvents = (h: ReturnType<typeof load>, name = 'hello') =>
  h.events.filter((e) => e.kind === 'CronJob' && e.name === name).map((e) => `${e.time} ${e.reason} ${e.message}`);
const jobs = (h: ReturnType<typeof load>) => [...h.model.store.list<Job>('Job')].map((j) => j.metadata.name);
const cronJob = (h: ReturnType<typeof load>, name = 'hello') => h.model.store.get<CronJob>('CronJob', 'default', name)!;

const sched = (spec: string, tz?: string): Schedule => {
  const p = parseSchedule(spec, tz);
  if ('error' in p) throw new Error(p.error);
  return p.schedule;
};

function cron(name: string, schedule: string, extra: string, command = '["sh", "-c", "sleep 5"]', jobSpec = ''): string {
  return `
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: ${name}}
spec:
  schedule: "${schedule}"
${extra}
  jobTemplate:
    spec:
${jobSpec}
      template:
        spec:
          restartPolicy: Never
          containers: [{name: c, image: busybox:1.36, command: ${command}}]
`;
}

test('the documentation CronJob runs every minute: Jobs hello-<minute>, 100 ms after each activation, three successful kept', () => {
  const h = load([scenarioFile(clusterYaml({ nodes: 1, duration: '6m' }) + '---\n' + fixture())]);
  h.model.runUntil(5 * MIN + 30_000);
  const ev = cronEvents(h);
  assert.equal(ev.filter((e) => e.includes('SuccessfulCreate')), [1, 2, 3, 4, 5].map((m) => `${m * MIN + 100} SuccessfulCreate Created job hello-${m}`));
  assert.ok(ev.includes(`${MIN + 100 + 7_500} SawCompletedJob Saw completed job: hello-1, condition: Complete`), ev.join('\n'));
  // successfulJobsHistoryLimit 3 (the default): when the fourth has completed, the oldest goes.
  assert.ok(ev.some((e) => e.endsWith('SuccessfulDelete Deleted job hello-1')));
  assert.equal(jobs(h), ['hello-3', 'hello-4', 'hello-5']);
  const cj = cronJob(h);
  assert.is(cj.status.lastScheduleTime, 5 * MIN);
  assert.equal(cj.status.active, []);
  assert.ok(cj.status.lastSuccessfulTime! > 4 * MIN);
  const job = h.model.store.get<Job>('Job', 'default', 'hello-5')!;
  assert.is(job.metadata.annotations![CRONJOB_SCHEDULED_TIMESTAMP], '1970-01-01T00:05:00Z');
  assert.is(job.metadata.ownerReferences![0]!.kind, 'CronJob');
  // The busybox interpreter cannot read `date`: the Job's container ran the stated default and exited 0.
  assert.is(job.status.succeeded, 1);
  assert.equal(h.model.kubelet.warnings.length, 1);
});

test('concurrencyPolicy Forbid: no second Job while one runs (JobAlreadyActive); the unmet activation starts when it ends', () => {
  const h = load([scenarioFile(clusterYaml({ nodes: 1, duration: '5m' }) + cron('slow', '*/1 * * * *', '  concurrencyPolicy: Forbid', '["sh", "-c", "sleep 90"]'))]);
  h.model.runUntil(4 * MIN);
  const ev = cronEvents(h, 'slow');
  assert.ok(ev.includes(`${2 * MIN + 100} JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid`), ev.join('\n'));
  // slow-1 runs from 60.1 s + 2.5 s (pull, start) for 90 s; its completion requeues the CronJob,
  // which finds the 2-minute activation unmet (no startingDeadlineSeconds) and starts it late.
  const creates = ev.filter((e) => e.includes('SuccessfulCreate'));
  assert.equal(creates.map((e) => e.split(' ').pop()), ['slow-1', 'slow-2']);
  const slow1Done = h.model.store.get<Job>('Job', 'default', 'slow-1')!.status.completionTime!;
  assert.is(Number(creates[1]!.split(' ')[0]), slow1Done);
  assert.ok(ev.includes(`${3 * MIN + 100} JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid`), 'slow-2 still runs at 3 min');
});

test('concurrencyPolicy Replace deletes the running Job and starts the new one', () => {
  const h = load([scenarioFile(clusterYaml({ nodes: 1, duration: '5m' }) + cron('rep', '*/1 * * * *', '  concurrencyPolicy: Replace', '["sh", "-c", "sleep 600"]'))]);
  h.model.runUntil(2 * MIN + 1_000);
  const ev = cronEvents(h, 'rep');
  assert.equal(ev.slice(-2), [`${2 * MIN + 100} SuccessfulDelete Deleted job rep-1`, `${2 * MIN + 100} SuccessfulCreate Created job rep-2`]);
  assert.equal(cronJob(h, 'rep').status.active!.map((a) => a.name), ['rep-2']);
});

test('concurrencyPolicy Allow runs overlapping Jobs side by side', () => {
  const h = load([scenarioFile(clusterYaml({ nodes: 1, duration: '5m' }) + cron('par', '*/1 * * * *', '', '["sh", "-c", "sleep 600"]'))]);
  h.model.runUntil(3 * MIN + 1_000);
  assert.equal(cronJob(h, 'par').status.active!.map((a) => a.name), ['par-1', 'par-2', 'par-3']);
});

test('suspend: nothing runs; resumed late, the missed activation starts at once — unless it is older than startingDeadlineSeconds', () => {
  const late = load([scenarioFile(clusterYaml({ nodes: 1, duration: '10m' }) + cron('s', '*/5 * * * *', '  suspend: true'))]);
  late.model.runUntil(7 * MIN);
  assert.equal(jobs(late), []);
  const cj = structuredClone(cronJob(late, 's'));
  cj.spec.suspend = false;
  late.model.api.update(cj);
  late.model.runUntil(7 * MIN + 1_000);
  assert.equal(jobs(late), ['s-5'], 'the 5-minute activation, 2 minutes late');

  const strict = load([scenarioFile(clusterYaml({ nodes: 1, duration: '10m' }) + cron('s', '*/5 * * * *', '  suspend: true\n  startingDeadlineSeconds: 60'))]);
  strict.model.runUntil(7 * MIN);
  const cj2 = structuredClone(cronJob(strict, 's'));
  cj2.spec.suspend = false;
  strict.model.api.update(cj2);
  strict.model.runUntil(9 * MIN);
  assert.equal(jobs(strict), [], 'the 5-minute activation is more than 60 s old: it is not started');
  strict.model.runUntil(10 * MIN + 1_000);
  assert.equal(jobs(strict), ['s-10']);
});

test('timeZone: "0 9 * * *" in Asia/Tokyo fires at 00:00 UTC; the Job carries the scheduled time in that zone', () => {
  const h = load([scenarioFile(clusterYaml({ nodes: 1, duration: '2d' }) + cron('tokyo', '0 9 * * *', '  timeZone: Asia/Tokyo'))]);
  h.model.runUntil(24 * 60 * MIN + 1_000);
  assert.equal(jobs(h), ['tokyo-1440']);
  assert.is(h.model.store.get<Job>('Job', 'default', 'tokyo-1440')!.metadata.annotations![CRONJOB_SCHEDULED_TIMESTAMP], '1970-01-02T09:00:00+09:00');
});

test('failedJobsHistoryLimit 1 keeps only the latest failed Job', () => {
  const h = load([scenarioFile(clusterYaml({ nodes: 1, duration: '5m' }) + cron('bad', '*/1 * * * *', '', '["sh", "-c", "exit 1"]', '      backoffLimit: 0'))]);
  h.model.runUntil(3 * MIN + 30_000);
  assert.equal(jobs(h), ['bad-3']);
  assert.ok(cronEvents(h, 'bad').some((e) => e.includes('Saw completed job: bad-1, condition: Failed')));
});

test('the API refuses a bad schedule, an unknown time zone, TZ in the schedule and a name over 52 characters', () => {
  const h = load([scenarioFile(clusterYaml())]);
  const mk = (name: string, spec: Record<string, unknown>) => ({
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name, namespace: 'default' },
    spec: { jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i' }] } } } }, ...spec },
  });
  const refusal = (o: unknown) => {
    try { h.model.create(o as never); } catch (e) { if (e instanceof ApiError) return e.message; throw e; }
    return 'accepted';
  };
  assert.is(refusal(mk('a', { schedule: '* * *' })), 'CronJob.batch "a" is invalid: spec.schedule: Invalid value: "* * *": expected exactly 5 fields, found 3: [* * *]');
  assert.is(refusal(mk('b', { schedule: '@fortnightly' })), 'CronJob.batch "b" is invalid: spec.schedule: Invalid value: "@fortnightly": unrecognized descriptor: @fortnightly');
  assert.is(refusal(mk('c', { schedule: '0 * * * *', timeZone: 'Mars/Olympus' })), 'CronJob.batch "c" is invalid: spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus');
  assert.match(refusal(mk('d', { schedule: 'TZ=UTC 0 * * * *' })), 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
  assert.match(refusal(mk('x'.repeat(53), { schedule: '@hourly' })), 'metadata.name: Invalid value: "xxxxxxxx');
  assert.is(refusal(mk('ok', { schedule: '@hourly' })), 'accepted');
});

test('schedule grammar: descriptors, names, steps, day-of-month OR day-of-week, @every, TZ prefix', () => {
  const next = (spec: string, from: number, tz?: string) => sched(spec, tz).next(from);
  const iso = (ms: number | undefined) => new Date(ms!).toISOString();
  assert.is(iso(next('@hourly', 1_000)), '1970-01-01T01:00:00.000Z');
  assert.is(iso(next('@midnight', 1_000)), '1970-01-02T00:00:00.000Z');
  assert.is(iso(next('@weekly', 0)), '1970-01-04T00:00:00.000Z', 'Sunday');
  assert.is(iso(next('@monthly', 0)), '1970-02-01T00:00:00.000Z');
  assert.is(iso(next('@yearly', 0)), '1971-01-01T00:00:00.000Z');
  assert.is(iso(next('30 6-16/4 * * MON-FRI', 0)), '1970-01-01T06:30:00.000Z');
  // 1970-01-01 is a Thursday: "0 0 13 * 5" fires on Fridays and on the 13th.
  const s = sched('0 0 13 * 5');
  const a = s.next(0)!, b = s.next(a)!, c = s.next(b)!;
  assert.equal([a, b, c].map(iso), ['1970-01-02T00:00:00.000Z', '1970-01-09T00:00:00.000Z', '1970-01-13T00:00:00.000Z']);
  assert.is(next('@every 90s', 1_500), 91_000, 'from the start of the current second');
  assert.is(iso(next('TZ=Asia/Tokyo 0 9 * * *', 0)), '1970-01-02T00:00:00.000Z');
  assert.equal(parseSchedule('* * * * * *'), { error: 'expected exactly 5 fields, found 6: [* * * * * *]' });
  assert.ok('error' in parseSchedule('0 0 L * *'), "croner's L is not robfig's");
  // robfig readings croner spells differently: N/step is N-max/step, ? is *.
  assert.equal([next('5/15 * * * *', 0), next('5/15 * * * *', 5 * MIN)], [5 * MIN, 20 * MIN]);
  assert.is(next('? ? * * ?', 0), MIN);
  assert.is(iso(next('0 0 * * SUN/2', 0)), '1970-01-03T00:00:00.000Z', 'Sun, Tue, Thu, Sat: next is Saturday');
});

// robfig/cron getRange and ParseStandard error texts (parser.go).
const grammarErrors: Array<[string, string]> = [
  ['', 'empty spec string'],
  ['0 25 * * *', 'end of range (25) above maximum (23): 25'],
  ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
  ['0 0 * * 7', 'end of range (7) above maximum (6): 7'],
  ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
  ['*/0 * * * *', 'step of range should be a positive number: */0'],
  ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
  ['*/2/3 * * * *', 'too many slashes: */2/3'],
  ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
  ['0 0 L * *', 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
  ['@every soon', 'failed to parse duration @every soon: time: invalid duration "soon"'],
];
for (const [spec, want] of grammarErrors) {
  test(`schedule grammar error: ${JSON.stringify(spec)} → ${want}`, () => {
    assert.equal(parseSchedule(spec), { error: want });
  });
}

test('mostRecentScheduleTime: none, one, several and too many missed activations; the 100 ms requeue', () => {
  const every = sched('*/1 * * * *');
  const base = { creationTimestamp: 10_000, lastScheduleTime: undefined, startingDeadlineSeconds: undefined };
  assert.equal(mostRecentScheduleTime(base, 30_000, every, false), { earliest: 10_000, mostRecent: undefined, missed: 'none' });
  assert.equal(mostRecentScheduleTime(base, 61_000, every, false), { earliest: 10_000, mostRecent: MIN, missed: 'few' });
  assert.equal(mostRecentScheduleTime(base, 5 * MIN + 1, every, false), { earliest: 10_000, mostRecent: 5 * MIN, missed: 'few' });
  assert.equal(mostRecentScheduleTime(base, 200 * MIN, every, false).missed, 'many');
  // startingDeadlineSeconds moves the earliest time up when asked.
  assert.equal(mostRecentScheduleTime({ ...base, startingDeadlineSeconds: 30 }, 200 * MIN + 10_000, every, true), {
    earliest: 200 * MIN - 20_000, mostRecent: 200 * MIN, missed: 'few',
  });
  assert.is(nextScheduleDelay(base, 30_000, every), MIN + 100 - 30_000);
  assert.is(nextScheduleDelay({ ...base, lastScheduleTime: MIN }, MIN + 100, every), MIN, 'from the last activation to 100 ms past the next');
  // "59 23 31 2 *" never fires: no activation, no requeue.
  assert.is(nextScheduleDelay(base, 0, sched('59 23 31 2 *')), undefined);
});

test('job names, history order and event time formats', () => {
  assert.is(cronJobName('hello', 5 * MIN), 'hello-5');
  assert.is(cronJobName('hello', 5 * MIN + 59_999), 'hello-5');
  const j = (name: string, startTime?: number) => ({ name, startTime });
  assert.equal(jobsOverLimit([j('c', 30), j('a', 10), j('z'), j('b', 10)], 2).map((x) => x.name), ['a', 'b']);
  assert.equal(jobsOverLimit([j('a', 1)], 3), []);
  assert.is(rfc1123z(5 * MIN), 'Thu, 01 Jan 1970 00:05:00 +0000');
  assert.is(rfc3339In(0, 'America/New_York'), '1969-12-31T19:00:00-05:00');
  assert.is(rfc3339In(0, undefined), '1970-01-01T00:00:00Z');
});

test('timeline: kubectl create job --from=cronjob/NAME copies the job template; the controller calls it UnexpectedJob', () => {
  const h = runText(clusterYaml({ nodes: 1, duration: '1m' }) + '---\n' + fixture() + `
---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
    - {at: 10s, run: "kubectl create job manual-1 --from=cronjob/hello"}
    - {at: 11s, run: "kubectl create job manual-2 --from=cronjob/ghost"}
`, { until: 30_000 });
  assert.is(outputOf(h, 'manual-1'), 'job.batch/manual-1 created');
  assert.is(outputOf(h, 'manual-2'), 'Error from server (NotFound): cronjobs.batch "ghost" not found');
  const job = h.model.store.get<Job>('Job', 'default', 'manual-1')!;
  assert.is(job.metadata.annotations!['cronjob.kubernetes.io/instantiate'], 'manual');
  assert.equal(job.metadata.ownerReferences!.map((r) => [r.kind, r.name, r.controller]), [['CronJob', 'hello', true]]);
  assert.ok(h.events.some((e) => e.kind === 'CronJob' && e.reason === 'UnexpectedJob' && e.message === 'Saw a job that the controller did not create or forgot: manual-1'));
});

test('load time: a bad schedule or zone is one file:line:col error each, exit 2, before anything runs', () => {
  const file = scenarioFile(clusterYaml() + cron('nightly', '0 25 * * *', '  timeZone: Europe/Atlantis'));
  const r = spawnSync(process.execPath, [CLI(), 'run', file], { encoding: 'utf8' });
  assert.is(r.status, 2);
  const lines = r.stderr.trim().split('\n');
  assert.is(lines.length, 2, r.stderr);
  assert.match(lines[0]!, /scenario\.yaml:\d+:\d+: spec\.schedule: Invalid value: "0 25 \* \* \*": end of range \(25\) above maximum \(23\): 25$/);
  assert.match(lines[1]!, /scenario\.yaml:\d+:\d+: spec\.timeZone: Invalid value: "Europe\/Atlantis": unknown time zone Europe\/Atlantis$/);
});

test.run();
