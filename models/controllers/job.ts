// The Job controller: runs pods to completion. It tracks every pod it created until the pod
// is counted (upstream does this with the batch.kubernetes.io/job-tracking finalizer), counts
// successes and failures into status, keeps the pod-failure back-off record, applies the
// failure checks (backoffLimit per restartPolicy, activeDeadlineSeconds) and the completion
// rule, creates pods for completions/parallelism/work-queue/Indexed modes, and writes the
// conditions and events upstream writes. Policy lives in ./policy/job.ts; this is the shell.

import type { Millis, Rng, Simulation } from '../../sim/index.js';
import type { ApiServer } from '../api/apiserver.js';
import type { SummaryContributor } from '../metrics.js';
import { isPodActive, isPodReady, isPodTerminal, totalRestarts } from '../api/policy/podutil.js';
import {
  activeDiff,
  firstPendingIndexes,
  formatIndexIntervals,
  jobComplete,
  jobFailure,
  JobEvent,
  matchSuccessPolicy,
  failedIndexesVerdict,
  INDEX_FAILURE_COUNT,
  INDEX_IGNORED_FAILURE_COUNT,
  isIndexFailed,
  remainingBackoffPerIndex,
  MAX_POD_CREATE_DELETE_PER_SYNC,
  MAX_POD_FAILURE_BACKOFF_MS,
  remainingBackoff,
  updateBackoffRecord,
  wantActive,
  type BackoffRecord,
} from './policy/job.js';
import { compareActivePods, slowStartBatches } from './policy/replicaset.js';
import { activePodsForRemoval, completionIndexFromAnnotation, podGenerateNameWithIndex } from './policy/job-indexed.js';
import { rankedPod } from './replicaset.js';
import { matchPodFailurePolicy, podFinishTime } from './policy/job-pod-failure.js';
import { keyOf } from '../api/store.js';
import type { Pod, Job, JobCondition } from '../api/types.js';
import { getByKey, WorkQueue } from './workqueue.js';
import { enqueueController, ownedPods } from './owned.js';
import { createInBatches, podFromTemplate } from './pod-template.js';

export const JOB_CONTROLLER = 'job-controller';
export const JOB_CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
/** The pre-1.27 label names, still added by upstream for compatibility. */
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
export const LEGACY_JOB_NAME_LABEL = 'job-name';
export const JOB_COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
export const JOB_COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';

export interface JobControllerOptions {
  /** Cap of the replacement-pod back-off (MaxJobPodFailureBackOff); default 10 min. */
  backoffMax?: Millis;
}

/** Per-Job bookkeeping upstream keeps in finalizers, uncountedTerminatedPods and the back-off store. */
interface JobState {
  /** Pods created for the Job and still in the store, by uid (upstream: the tracking finalizer). */
  tracked: Map<string, Pod>;
  /** Pods already counted in status.succeeded/failed (never counted twice). */
  counted: Set<string>;
  backoff: BackoffRecord;
  succeededIndexes: Set<number>;
  /** backoffLimitPerIndex: indexes that failed for good. */
  failedIndexes: Set<number>;
  /** backoffLimitPerIndex: each index's last failed pod — its failure counts and finish time. */
  lastFailed: Map<number, { failures: number; ignored: number; finishedAt: number }>;
}

/** A pod's count from an index-failure annotation (0 when absent or not a number). */
function annotationCount(pod: Pod, key: string): number {
  const v = pod.metadata.annotations?.[key];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : 0;
}

export function isJobFinished(job: Job): boolean {
  return job.status.conditions.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/** When the Job finished: the lastTransitionTime of its Complete/Failed condition. */
export function jobFinishedAt(job: Job): number | undefined {
  for (const c of job.status.conditions) if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.lastTransitionTime;
  return undefined;
}

export function completionIndexOf(pod: Pod): number | undefined {
  return completionIndexFromAnnotation(pod.metadata.annotations?.[JOB_COMPLETION_INDEX]);
}

function setJobCondition(job: Job, type: JobCondition['type'], reason: string, message: string, now: number): void {
  const c = job.status.conditions.find((x) => x.type === type);
  if (c) {
    if (c.status !== 'True') c.lastTransitionTime = now;
    c.status = 'True';
    c.reason = reason;
    c.message = message;
    c.lastProbeTime = now;
    return;
  }
  job.status.conditions.push({ type, status: 'True', reason, message, lastProbeTime: now, lastTransitionTime: now });
}

/** controller.ActivePods order (what activePodsForRemoval sorts with). */
const byActivePods = (a: Pod, b: Pod): number => compareActivePods(rankedPod(a), rankedPod(b));

export class JobController implements SummaryContributor {
  private readonly queue: WorkQueue;
  private readonly rng: Rng;
  private readonly state = new Map<string, JobState>();
  private readonly backoffMax: Millis;
  private readonly reportedInvalid = new Set<string>();
  /** Finished Jobs, for the run summary (they may be deleted by their TTL before the end). */
  completed = 0;
  failed = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly api: ApiServer,
    streams: { stream(name: string): Rng },
    opts: JobControllerOptions = {},
  ) {
    this.rng = streams.stream('controller/job');
    this.backoffMax = opts.backoffMax ?? MAX_POD_FAILURE_BACKOFF_MS;
    this.queue = new WorkQueue(sim, (key) => this.sync(key));
    const store = api.store;
    store.watch<Job>('Job', (type, job) => {
      if (type === 'DELETED') {
        this.state.delete(job.metadata.uid!);
        return;
      }
      this.queue.add(keyOf(job));
    });
    store.watch<Pod>('Pod', (_t, pod) => enqueueController(this.queue, pod, 'Job'));
  }

  summarize(_now: number, put: (metric: string, value: number | string) => void): void {
    put('jobs_completed', this.completed);
    put('jobs_failed', this.failed);
  }

  private stateOf(job: Job): JobState {
    let s = this.state.get(job.metadata.uid!);
    if (!s) {
      s = { tracked: new Map(), counted: new Set(), backoff: { failuresAfterLastSuccess: 0 }, succeededIndexes: new Set(), failedIndexes: new Set(), lastFailed: new Map() };
      this.state.set(job.metadata.uid!, s);
    }
    return s;
  }

  /**
   * The API server's generateSelector (manualSelector false): the selector and the template get
   * the controller-uid and job-name labels. k8sim applies it when the controller first sees the
   * Job, because the uid only exists once the Job is stored.
   */
  private ensureSelector(job: Job): void {
    if (job.spec.manualSelector) return;
    const uid = job.metadata.uid!;
    const labels = (job.spec.template.metadata ??= {}).labels ??= {};
    if (labels[JOB_CONTROLLER_UID_LABEL] === uid) return;
    labels[JOB_CONTROLLER_UID_LABEL] = uid;
    labels[JOB_NAME_LABEL] = job.metadata.name;
    labels[LEGACY_CONTROLLER_UID_LABEL] = uid;
    labels[LEGACY_JOB_NAME_LABEL] = job.metadata.name;
    job.spec.selector = { matchLabels: { [JOB_CONTROLLER_UID_LABEL]: uid } };
  }

  private sync(key: string): void {
    const store = this.api.store;
    const job = getByKey<Job>(store, 'Job', key);
    if (!job || job.metadata.deletionTimestamp !== undefined) return;
    const st = this.stateOf(job);
    if (isJobFinished(job)) {
      // Finished: drop the back-off record; nothing else to do.
      st.backoff = { failuresAfterLastSuccess: 0 };
      return;
    }
    this.ensureSelector(job);
    const now = this.sim.now;
    const spec = job.spec;
    const indexed = spec.completionMode === 'Indexed';
    const completions = spec.completions;
    const parallelism = spec.parallelism ?? 1;
    const perIndex = indexed && completions !== undefined && spec.backoffLimitPerIndex !== undefined;
    const before = JSON.stringify(job.status);

    // Count newly finished pods (a pod being deleted that did not succeed counts as failed,
    // unless podReplacementPolicy is Failed).
    for (const p of ownedPods(this.api.store, job.metadata.uid!)) {
      const uid = p.metadata.uid!;
      if (!st.tracked.has(uid) && !st.counted.has(uid)) st.tracked.set(uid, p);
    }
    const newSucceeded: number[] = [];
    const newFailed: number[] = [];
    /** Failures the podFailurePolicy ignores: in the back-off record, not in status.failed. */
    let ignored = 0;
    let policyFailure: string | undefined;
    let terminating = 0;
    for (const [uid, p] of [...st.tracked]) {
      const gone = store.getByUid(uid) === undefined;
      if (!st.counted.has(uid)) {
        const deleting = p.metadata.deletionTimestamp !== undefined;
        if (p.status.phase === 'Succeeded') {
          st.counted.add(uid);
          newSucceeded.push(podFinishTime(p));
          const idx = completionIndexOf(p);
          if (indexed && idx !== undefined && completions !== undefined && idx < completions) st.succeededIndexes.add(idx);
        } else if (p.status.phase === 'Failed' || gone || (deleting && spec.podReplacementPolicy !== 'Failed')) {
          st.counted.add(uid);
          newFailed.push(podFinishTime(p));
          const m = matchPodFailurePolicy(spec.podFailurePolicy, p);
          if (!m.countFailed) ignored++;
          if (m.jobFailureMessage !== undefined) policyFailure ??= m.jobFailureMessage;
          const idx = completionIndexOf(p);
          if (perIndex && idx !== undefined && idx < completions! && !st.succeededIndexes.has(idx)) {
            const failures = annotationCount(p, INDEX_FAILURE_COUNT);
            const ignoredBefore = annotationCount(p, INDEX_IGNORED_FAILURE_COUNT);
            if (isIndexFailed(m.action, m.countFailed, failures, spec.backoffLimitPerIndex!)) {
              st.failedIndexes.add(idx);
              st.lastFailed.delete(idx);
            } else {
              const finishedAt = podFinishTime(p);
              const prev = st.lastFailed.get(idx);
              if (!prev || prev.finishedAt <= finishedAt) {
                st.lastFailed.set(idx, { failures: failures + (m.countFailed ? 1 : 0), ignored: ignoredBefore + (m.countFailed ? 0 : 1), finishedAt });
              }
            }
          }
        }
      }
      if (gone || isPodTerminal(p)) st.tracked.delete(uid);
      else if (p.metadata.deletionTimestamp !== undefined) terminating++;
    }
    const status = job.status;
    status.failed += newFailed.length - ignored;
    status.succeeded = indexed ? st.succeededIndexes.size : status.succeeded + newSucceeded.length;
    if (indexed) {
      const ci = formatIndexIntervals(st.succeededIndexes);
      if (ci) status.completedIndexes = ci;
    }
    if (perIndex) status.failedIndexes = formatIndexIntervals(st.failedIndexes);
    st.backoff = updateBackoffRecord(st.backoff, newSucceeded, newFailed);
    if (status.startTime === undefined && !spec.suspend) status.startTime = now;

    let active = ownedPods(this.api.store, job.metadata.uid!).filter(isPodActive);
    const restartPolicy = spec.template.spec.restartPolicy;

    // Failure checks, in upstream order; a FailureTarget already set wins.
    let failure = job.status.conditions.find((c) => c.type === 'FailureTarget' && c.status === 'True');
    if (!failure && policyFailure !== undefined) {
      setJobCondition(job, 'FailureTarget', 'PodFailurePolicy', policyFailure, now);
      failure = job.status.conditions.find((c) => c.type === 'FailureTarget');
    }
    if (!failure && (restartPolicy === 'Never' || restartPolicy === 'OnFailure')) {
      let restarts = 0;
      for (const p of active) if (p.status.phase === 'Running' || p.status.phase === 'Pending') restarts += totalRestarts(p);
      const f = jobFailure({
        restartPolicy,
        backoffLimit: spec.backoffLimit ?? 6,
        failed: status.failed,
        restartsOfActivePods: restarts,
        ...(status.startTime !== undefined ? { startTime: status.startTime } : {}),
        ...(spec.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: spec.activeDeadlineSeconds } : {}),
        suspended: spec.suspend === true,
        now,
      });
      if ('reason' in f) {
        setJobCondition(job, 'FailureTarget', f.reason, f.message, now);
        failure = job.status.conditions.find((c) => c.type === 'FailureTarget');
      } else if (f.recheckAfterMs !== undefined) this.queue.addAfter(key, f.recheckAfterMs);
    }
    if (!failure && perIndex) {
      const v = failedIndexesVerdict(st.failedIndexes.size, st.succeededIndexes.size, completions!, spec.maxFailedIndexes);
      if (v) {
        setJobCondition(job, 'FailureTarget', v.reason, v.message, now);
        failure = job.status.conditions.find((c) => c.type === 'FailureTarget');
      }
    }

    // successPolicy (Indexed): once a rule holds the Job has succeeded; its other pods are deleted
    // and Complete follows when none is left terminating.
    let success = failure ? undefined : job.status.conditions.find((c) => c.type === 'SuccessCriteriaMet' && c.status === 'True');
    if (!failure && !success && indexed && completions !== undefined) {
      const msg = matchSuccessPolicy(spec.successPolicy?.rules, completions, st.succeededIndexes);
      if (msg !== undefined) {
        setJobCondition(job, 'SuccessCriteriaMet', 'SuccessPolicy', msg, now);
        success = job.status.conditions.find((c) => c.type === 'SuccessCriteriaMet');
      }
    }

    if (success) {
      for (const p of active) this.deletePod(job, p);
      active = [];
      if (terminating === 0 && this.terminatingCount(st) === 0 && !job.status.conditions.some((c) => c.type === 'Complete')) {
        setJobCondition(job, 'Complete', success.reason!, success.message!, now);
        status.completionTime = now;
        this.api.events.normal(job, JobEvent.Completed.reason, JobEvent.Completed.message, JOB_CONTROLLER);
        this.completed++;
      }
    } else if (failure) {
      // Finished with a failure: delete every active pod, whatever the back-off state. The
      // terminal Failed condition follows once no pod of the Job is still running.
      for (const p of active) this.deletePod(job, p);
      active = [];
      if (terminating === 0 && this.terminatingCount(st) === 0) {
        setJobCondition(job, 'Failed', failure.reason!, failure.message!, now);
        const ev = failure.reason === 'DeadlineExceeded' ? JobEvent.DeadlineExceeded
          : failure.reason === 'BackoffLimitExceeded' ? JobEvent.BackoffLimitExceeded : { reason: failure.reason!, message: failure.message! };
        this.api.events.warning(job, ev.reason, ev.message, JOB_CONTROLLER);
        this.failed++;
      }
    } else if (restartPolicy !== 'Never' && restartPolicy !== 'OnFailure') {
      // Upstream validation refuses such a Job at create; k8sim stores it and says why it does nothing, once.
      if (!this.reportedInvalid.has(job.metadata.uid!)) {
        this.reportedInvalid.add(job.metadata.uid!);
        this.api.events.warning(job, 'FailedCreate',
          `Job.batch "${job.metadata.name}" is invalid: spec.template.spec.restartPolicy: Unsupported value: "${restartPolicy ?? 'Always'}": supported values: "OnFailure", "Never"`, JOB_CONTROLLER);
      }
    } else if (spec.suspend) {
      for (const p of active) this.deletePod(job, p);
      active = [];
    } else {
      active = this.manage(job, st, active, terminating, completions, parallelism, indexed, key, now);
      if (jobComplete(completions, status.succeeded, active.length)) {
        setJobCondition(job, 'SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods', now);
        setJobCondition(job, 'Complete', 'CompletionsReached', 'Reached expected number of succeeded pods', now);
        status.completionTime = now;
        this.api.events.normal(job, JobEvent.Completed.reason, JobEvent.Completed.message, JOB_CONTROLLER);
        this.completed++;
      }
    }
    status.active = active.length;
    status.ready = active.filter(isPodReady).length;
    status.terminating = this.terminatingCount(st);
    if (JSON.stringify(status) !== before) this.api.updateStatus(job);
  }

  private terminatingCount(st: JobState): number {
    return this.terminatingPods(st).length;
  }

  /** The Job's pods being deleted and not yet terminal (controller.FilterTerminatingPods). */
  private terminatingPods(st: JobState): Pod[] {
    const out: Pod[] = [];
    for (const [uid, p] of st.tracked) {
      if (this.api.store.getByUid(uid) !== undefined && p.metadata.deletionTimestamp !== undefined && !isPodTerminal(p)) out.push(p);
    }
    return out;
  }

  /** manageJob: delete surplus pods, or create missing ones once the failure back-off allows. Returns the active pods. */
  private manage(job: Job, st: JobState, active: Pod[], terminating: number, completions: number | undefined,
    parallelism: number, indexed: boolean, key: string, now: number): Pod[] {
    const want = wantActive(completions, parallelism, job.status.succeeded, active.length);
    // activePodsForRemoval: surplus pods, and for an Indexed Job duplicated and invalid indexes
    // even when none is surplus; a sync that deletes creates nothing.
    const victims = activePodsForRemoval(active, Math.max(active.length - want, 0),
      indexed && completions !== undefined ? { completions, indexOf: completionIndexOf } : undefined, byActivePods)
      .slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
    if (victims.length > 0) {
      const gone = new Set(victims);
      for (const p of victims) this.deletePod(job, p);
      return active.filter((p) => !gone.has(p));
    }
    const diff = activeDiff(want, active.length, job.spec.podReplacementPolicy === 'Failed' ? terminating : 0);
    if (diff === 0) return active;
    const perIndex = indexed && completions !== undefined && job.spec.backoffLimitPerIndex !== undefined;
    // With backoffLimitPerIndex each index has its own back-off instead of the Job's.
    const remaining = perIndex ? 0 : remainingBackoff(st.backoff, now, this.backoffMax);
    if (remaining > 0) {
      this.queue.addAfter(key, remaining);
      return active;
    }
    // With podReplacementPolicy Failed the indexes of terminating pods are not pending either.
    const busy = active.map(completionIndexOf);
    if (job.spec.podReplacementPolicy === 'Failed') for (const p of this.terminatingPods(st)) busy.push(completionIndexOf(p));
    let indexes = indexed && completions !== undefined
      ? firstPendingIndexes(completions, [...st.succeededIndexes, ...st.failedIndexes], busy.filter((i): i is number => i !== undefined), diff)
      : [];
    if (perIndex) {
      let soonest = Infinity;
      indexes = indexes.filter((i) => {
        const last = st.lastFailed.get(i);
        const r = last ? remainingBackoffPerIndex(last.failures, last.ignored, last.finishedAt, now, this.backoffMax) : 0;
        if (r > 0) soonest = Math.min(soonest, r);
        return r === 0;
      });
      if (soonest < Infinity) this.queue.addAfter(key, soonest);
    }
    const count = indexed ? indexes.length : diff;
    let next = 0;
    const { created, error } = createInBatches(count, slowStartBatches(count), () => {
      const pod = this.newPod(job, indexed ? indexes[next++] : undefined, perIndex ? st : undefined);
      // An Indexed Job's pods differ by index (hostname, annotations): no shared template verdict.
      this.api.create(pod, indexed ? undefined : { template: job.spec.template });
      st.tracked.set(pod.metadata.uid!, pod);
      this.api.events.normal(job, 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, JOB_CONTROLLER);
      return pod;
    });
    if (error) this.api.events.warning(job, 'FailedCreate', `Error creating: ${error.message}`, JOB_CONTROLLER);
    return [...active, ...created];
  }

  private newPod(job: Job, index: number | undefined, perIndex?: JobState): Pod {
    if (index === undefined) return podFromTemplate(job.spec.template, job, this.rng, this.api, { generateName: `${job.metadata.name}-` });
    const annotations: Record<string, string> = { [JOB_COMPLETION_INDEX]: String(index) };
    if (perIndex) {
      // The index's failures so far travel with its next pod (upstream's annotations).
      const last = perIndex.lastFailed.get(index);
      annotations[INDEX_FAILURE_COUNT] = String(last?.failures ?? 0);
      if (last && last.ignored > 0) annotations[INDEX_IGNORED_FAILURE_COUNT] = String(last.ignored);
    }
    const pod = podFromTemplate(job.spec.template, job, this.rng, this.api, {
      generateName: podGenerateNameWithIndex(job.metadata.name, index),
      hostname: `${job.metadata.name}-${index}`,
      extraLabels: { [JOB_COMPLETION_INDEX]: String(index) },
      extraAnnotations: annotations,
    });
    for (const c of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
      // addCompletionIndexEnvVariable: a container that sets the variable itself keeps its own.
      if (!(c.env ?? []).some((e) => e.name === JOB_COMPLETION_INDEX_ENV)) c.env = [...(c.env ?? []), { name: JOB_COMPLETION_INDEX_ENV, value: String(index) }];
    }
    return pod;
  }

  private deletePod(job: Job, pod: Pod): void {
    if (pod.metadata.deletionTimestamp !== undefined) return;
    this.api.delete(pod);
    this.api.events.normal(job, JobEvent.SuccessfulDelete(pod.metadata.name).reason, JobEvent.SuccessfulDelete(pod.metadata.name).message, JOB_CONTROLLER);
  }
}
