// The CronJob controller (pkg/controller/cronjob, ControllerV2) in virtual time: each sync
// removes finished Jobs beyond the history limits, reconciles status.active with the Jobs the
// CronJob controls, and — unless the CronJob is suspended or being deleted — creates the Job of
// the most recent unmet activation (named <cronjob>-<minutes since epoch>) subject to
// startingDeadlineSeconds and concurrencyPolicy, emitting upstream's events; then it requeues
// itself 100 ms after the next activation. Time math is in ./policy/cronjob.ts, the schedule
// grammar in ./cron-schedule.ts. Virtual time 0 is 1970-01-01T00:00:00Z.

import type { Simulation } from '../../sim/index.js';
import type { ApiServer } from '../api/apiserver.js';
import { ApiError } from '../api/errors.js';
import { invalidMessage, type FieldError } from '../api/policy/validation.js';
import { controllerRef, keyOf } from '../api/store.js';
import type { CronJob, Job, KObject } from '../api/types.js';
import { parseSchedule, timeZoneError } from './cron-schedule.js';
import { ownerRefTo } from './pod-template.js';
import { cronJobName, jobsOverLimit, nextScheduleDelay, nextScheduleTime, rfc1123z, type CronTimes } from './policy/cronjob.js';
import { getByKey, WorkQueue } from './workqueue.js';

export const CRONJOB_CONTROLLER = 'cronjob-controller';
/** batchv1.CronJobScheduledTimestampAnnotation: the activation a Job was created for (RFC 3339, in the CronJob's zone). */
export const CRONJOB_SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

type Finished = 'Complete' | 'Failed' | undefined;

function finishedCondition(job: Job): Finished {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type;
  }
  return undefined;
}

function times(cj: CronJob): CronTimes {
  return {
    creationTimestamp: cj.metadata.creationTimestamp ?? 0,
    lastScheduleTime: cj.status.lastScheduleTime,
    startingDeadlineSeconds: cj.spec.startingDeadlineSeconds,
  };
}

/** RFC 3339 of a virtual instant in an IANA zone, with its offset (Go's time.Format(time.RFC3339)). */
export function rfc3339In(ms: number, timeZone: string | undefined): string {
  // Dates here only format virtual instants; no clock is read.
  const utc = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'); // wall-clock ok
  if (!timeZone || timeZone === 'UTC') return utc;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    timeZoneName: 'longOffset',
  }).formatToParts(new Date(ms)); // wall-clock ok
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const off = get('timeZoneName').replace('GMT', '');
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}${off === '' ? 'Z' : off}`;
}

/**
 * ValidateCronJob's schedule, timeZone and name rules (the rest of the object is validated by
 * the schema and the Job template's own checks when Jobs are created).
 */
export function cronJobFieldErrors(cj: CronJob): FieldError[] {
  const errs: FieldError[] = [];
  const name = cj.metadata.name ?? '';
  if (name.length > 52) errs.push({ type: 'Invalid', field: 'metadata.name', value: name, detail: 'must be no more than 52 characters' });
  const spec = cj.spec;
  if (!spec || typeof spec !== 'object') return errs;
  const schedule = typeof spec.schedule === 'string' ? spec.schedule : '';
  if (schedule === '') errs.push({ type: 'Required', field: 'spec.schedule', detail: '' });
  else {
    const parsed = parseSchedule(schedule);
    if ('error' in parsed) errs.push({ type: 'Invalid', field: 'spec.schedule', value: schedule, detail: parsed.error });
    if (schedule.includes('TZ')) errs.push({ type: 'Invalid', field: 'spec.schedule', value: schedule, detail: 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead' });
  }
  if (spec.timeZone !== undefined) {
    const tz = spec.timeZone;
    if (tz === '') errs.push({ type: 'Invalid', field: 'spec.timeZone', value: tz, detail: 'timeZone must be nil or non-empty string' });
    else if (tz.toLowerCase() === 'local') errs.push({ type: 'Invalid', field: 'spec.timeZone', value: tz, detail: 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones' });
    else {
      const e = timeZoneError(tz);
      if (e) errs.push({ type: 'Invalid', field: 'spec.timeZone', value: tz, detail: e });
    }
  }
  for (const f of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) {
    const v = spec[f];
    if (typeof v === 'number' && v < 0) errs.push({ type: 'Invalid', field: `spec.${f}`, value: v, detail: 'must be greater than or equal to 0' });
  }
  return errs;
}

export class CronJobController {
  private readonly queue: WorkQueue;
  /** Schedule and zone last seen per CronJob: an update that changes them requeues for the new time. */
  private readonly seen = new Map<string, string>();
  /** Jobs created (for the summary). */
  created = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly api: ApiServer,
  ) {
    this.queue = new WorkQueue(sim, (key) => this.sync(key));
    api.addObjectValidator('CronJob', (obj) => {
      const errs = cronJobFieldErrors(obj as CronJob);
      if (errs.length) throw new ApiError(invalidMessage(obj, errs), 'Invalid', { kind: obj.kind, name: obj.metadata.name, causes: errs });
    });
    const store = api.store;
    store.watch<CronJob>('CronJob', (type, cj) => {
      const key = keyOf(cj);
      if (type === 'DELETED') {
        this.seen.delete(key);
        return;
      }
      const sig = `${cj.spec.schedule}\u0000${cj.spec.timeZone ?? ''}`;
      const before = this.seen.get(key);
      this.seen.set(key, sig);
      if (type === 'MODIFIED' && before !== undefined && before !== sig) {
        // updateCronJob: a new schedule requeues for its next activation.
        const parsed = parseSchedule(cj.spec.schedule, cj.spec.timeZone);
        if ('error' in parsed) {
          this.api.events.warning(cj, 'UnParseableCronJobSchedule', `unparseable schedule for cronjob: ${cj.spec.schedule}`, CRONJOB_CONTROLLER);
          return;
        }
        const d = nextScheduleDelay(times(cj), this.sim.now, parsed.schedule);
        if (d !== undefined) this.queue.addAfter(key, d);
        return;
      }
      this.queue.add(key);
    });
    // addJob/updateJob/deleteJob: the controlling CronJob looks again.
    store.watch<Job>('Job', (_t, job) => {
      const ref = controllerRef(job);
      if (ref?.kind === 'CronJob') this.queue.add(`${job.metadata.namespace ?? 'default'}/${ref.name}`);
    });
  }

  private sync(key: string): void {
    const cj = getByKey<CronJob>(this.api.store, 'CronJob', key);
    if (!cj) return;
    cj.status ??= {};
    const jobs = this.jobsOf(cj);
    const cleaned = this.cleanupFinishedJobs(cj, jobs);
    const r = this.syncCronJob(cj, jobs);
    if (cleaned || r.updated) this.api.updateStatus(cj);
    if (r.failed) {
      this.queue.addRateLimited(key);
      return;
    }
    this.queue.forget(key);
    if (r.requeueAfter !== undefined) this.queue.addAfter(key, Math.max(0, r.requeueAfter));
  }

  /** getJobsToBeReconciled: the Jobs whose controller is this CronJob. */
  private jobsOf(cj: CronJob): Job[] {
    const out: Job[] = [];
    for (const o of this.api.store.dependentsOf(cj.metadata.uid!)) {
      if (o.kind === 'Job' && controllerRef(o)?.uid === cj.metadata.uid) out.push(o as Job);
    }
    return out;
  }

  private cleanupFinishedJobs(cj: CronJob, jobs: Job[]): boolean {
    const { successfulJobsHistoryLimit: okLimit, failedJobsHistoryLimit: failLimit } = cj.spec;
    if (okLimit === undefined && failLimit === undefined) return false;
    const hist = (j: Job) => ({ job: j, name: j.metadata.name, startTime: j.status?.startTime });
    const ok = jobs.filter((j) => finishedCondition(j) === 'Complete').map(hist);
    const failed = jobs.filter((j) => finishedCondition(j) === 'Failed').map(hist);
    let updated = false;
    if (okLimit !== undefined) for (const h of jobsOverLimit(ok, okLimit)) updated = this.deleteJob(cj, h.job) || updated;
    if (failLimit !== undefined) for (const h of jobsOverLimit(failed, failLimit)) updated = this.deleteJob(cj, h.job) || updated;
    return updated;
  }

  /** deleteJob: the Job goes (background propagation takes its pods), and its reference from active. */
  private deleteJob(cj: CronJob, job: Job): boolean {
    if (this.api.store.get('Job', job.metadata.namespace, job.metadata.name) === job) this.api.delete(job, { propagation: 'Background' });
    cj.status.active = (cj.status.active ?? []).filter((a) => a.uid !== job.metadata.uid);
    this.api.events.normal(cj, 'SuccessfulDelete', `Deleted job ${job.metadata.name}`, CRONJOB_CONTROLLER);
    return true;
  }

  private syncCronJob(cj: CronJob, jobs: Job[]): { requeueAfter?: number; updated: boolean; failed?: boolean } {
    const now = this.sim.now;
    const ev = this.api.events;
    let updated = false;
    const active = () => cj.status.active ?? [];
    const children = new Set<string>();
    for (const j of jobs) {
      children.add(j.metadata.uid!);
      const found = active().some((a) => a.uid === j.metadata.uid);
      const finished = finishedCondition(j);
      if (!found && finished === undefined) {
        if (this.api.store.getByUid(j.metadata.uid!) !== j) continue; // deleted by this sync's cleanup
        ev.warning(cj, 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${j.metadata.name}`, CRONJOB_CONTROLLER);
      } else if (finished !== undefined) {
        if (found) {
          cj.status.active = active().filter((a) => a.uid !== j.metadata.uid);
          ev.normal(cj, 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, condition: ${finished}`, CRONJOB_CONTROLLER);
          updated = true;
        }
        const done = j.status?.completionTime;
        if (finished === 'Complete' && done !== undefined && (cj.status.lastSuccessfulTime === undefined || done > cj.status.lastSuccessfulTime)) {
          cj.status.lastSuccessfulTime = done;
          updated = true;
        }
      }
    }
    for (const a of [...active()]) {
      if (children.has(a.uid)) continue;
      if (this.api.store.get('Job', a.namespace, a.name)) continue;
      ev.normal(cj, 'MissingJob', `Active job went missing: ${a.name}`, CRONJOB_CONTROLLER);
      cj.status.active = active().filter((x) => x.uid !== a.uid);
      updated = true;
    }
    if (cj.metadata.deletionTimestamp !== undefined) return { updated };
    const tz = cj.spec.timeZone;
    if (tz !== undefined) {
      const e = timeZoneError(tz);
      if (e) {
        ev.warning(cj, 'UnknownTimeZone', `invalid timeZone: ${JSON.stringify(tz)}: ${e}`, CRONJOB_CONTROLLER);
        return { updated };
      }
    }
    if (cj.spec.suspend) return { updated };
    const parsed = parseSchedule(cj.spec.schedule, tz);
    if ('error' in parsed) {
      ev.warning(cj, 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cj.spec.schedule)} : ${parsed.error}`, CRONJOB_CONTROLLER);
      return { updated };
    }
    const sched = parsed.schedule;
    const due = nextScheduleTime(times(cj), now, sched);
    if (due.error !== undefined) {
      ev.warning(cj, 'InvalidSchedule', `invalid schedule: ${cj.spec.schedule} : ${due.error}`, CRONJOB_CONTROLLER);
      return { updated };
    }
    const again = () => nextScheduleDelay(times(cj), now, sched);
    const scheduled = due.mostRecent;
    if (scheduled === undefined) return { requeueAfter: again(), updated };
    if (due.missed === 'many') {
      ev.warning(cj, 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew', CRONJOB_CONTROLLER);
    }
    const sds = cj.spec.startingDeadlineSeconds;
    if (sds !== undefined && scheduled + sds * 1000 < now) {
      ev.warning(cj, 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`, CRONJOB_CONTROLLER);
      return { requeueAfter: again(), updated };
    }
    const name = cronJobName(cj.metadata.name, scheduled);
    if (active().some((a) => a.name === name) || cj.status.lastScheduleTime === scheduled) return { requeueAfter: again(), updated };
    const policy = cj.spec.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && active().length > 0) {
      ev.normal(cj, 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', CRONJOB_CONTROLLER);
      return { requeueAfter: again(), updated };
    }
    if (policy === 'Replace') {
      for (const a of [...active()]) {
        const job = this.api.store.get<Job>('Job', a.namespace, a.name);
        if (!job) {
          ev.warning(cj, 'FailedGet', `Get job: jobs.batch "${a.name}" not found`, CRONJOB_CONTROLLER);
          return { updated, failed: true };
        }
        this.deleteJob(cj, job);
        updated = true;
      }
    }
    let job: Job;
    const existing = this.api.store.get<Job>('Job', cj.metadata.namespace, name);
    if (existing) {
      // AlreadyExists: adopt our own Job into active if it is missing there; leave others alone.
      if (controllerRef(existing)?.uid !== cj.metadata.uid) return { updated };
      if (active().some((a) => a.uid === existing.metadata.uid)) return { updated };
      job = existing;
    } else {
      try {
        job = this.api.create(this.jobFromTemplate(cj, scheduled, name));
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        ev.warning(cj, 'FailedCreate', `Error creating job: ${e.message}`, CRONJOB_CONTROLLER);
        return { updated, failed: true };
      }
      this.created++;
      ev.normal(cj, 'SuccessfulCreate', `Created job ${name}`, CRONJOB_CONTROLLER);
    }
    cj.status.active = [...active(), { apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, namespace: job.metadata.namespace ?? 'default', uid: job.metadata.uid! }];
    cj.status.lastScheduleTime = scheduled;
    return { requeueAfter: again(), updated: true };
  }

  /** getJobFromTemplate2: the template's labels, annotations (plus the scheduled timestamp) and spec. */
  private jobFromTemplate(cj: CronJob, scheduled: number, name: string): Job {
    const tpl = cj.spec.jobTemplate;
    const annotations = { ...(tpl.metadata?.annotations ?? {}), [CRONJOB_SCHEDULED_TIMESTAMP]: rfc3339In(scheduled, cj.spec.timeZone) };
    const meta: KObject['metadata'] = {
      name,
      namespace: cj.metadata.namespace ?? 'default',
      annotations,
      ownerReferences: [ownerRefTo(cj)],
    };
    if (tpl.metadata?.labels) meta.labels = { ...tpl.metadata.labels };
    return { apiVersion: 'batch/v1', kind: 'Job', metadata: meta, spec: structuredClone(tpl.spec), status: { active: 0, succeeded: 0, failed: 0, conditions: [] } } as Job;
  }
}
