// Job controller policy (pkg/controller/job/job_controller.go, backoff_utils.go,
// indexed_job_utils.go, ttlafterfinished). The busybox commands of the book's Jobs are
// interpreted by the kubelet side: models/kubelet/policy/busybox.ts.
// Reference: k8s-semantics.md §5. Times are virtual ms.

/** DefaultJobPodFailureBackOff. */
export const DEFAULT_POD_FAILURE_BACKOFF_MS = 10_000;
/** MaxJobPodFailureBackOff (modern upstream; the docs/book still say 6 minutes = 360_000). */
export const MAX_POD_FAILURE_BACKOFF_MS = 600_000;
/** MaxPodCreateDeletePerSync. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

export const JobEvent = {
  SuccessfulCreate: (pod: string) => ({ type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod}` }),
  SuccessfulDelete: (pod: string) => ({ type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod}` }),
  Completed: { type: 'Normal', reason: 'Completed', message: 'Job completed' },
  BackoffLimitExceeded: { type: 'Warning', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' },
  DeadlineExceeded: { type: 'Warning', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' },
  Suspended: { type: 'Normal', reason: 'Suspended', message: 'Job suspended' },
  Resumed: { type: 'Normal', reason: 'Resumed', message: 'Job resumed' },
} as const;

/** Delay before replacing failed pods: 0, 10s, 20s, 40s … capped at `maxMs`. */
export function backoffDelay(failuresAfterLastSuccess: number, maxMs = MAX_POD_FAILURE_BACKOFF_MS, baseMs = DEFAULT_POD_FAILURE_BACKOFF_MS): number {
  if (failuresAfterLastSuccess <= 0) return 0;
  let d = baseMs;
  for (let i = 1; i < failuresAfterLastSuccess; i++) {
    d *= 2;
    if (d >= maxMs) return maxMs;
  }
  return d;
}

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  /** Finish time of the failure that counts last; undefined when none. */
  lastFailureTime?: number;
}

/**
 * newBackoffRecord: fold newly finished pods (their finish times) into the record. Only failures:
 * add them. Any success: restart the count with the failures that finished after the latest success.
 */
export function updateBackoffRecord(rec: BackoffRecord, newSucceeded: readonly number[], newFailed: readonly number[]): BackoffRecord {
  const s = [...newSucceeded].sort((a, b) => a - b);
  const f = [...newFailed].sort((a, b) => a - b);
  if (s.length === 0) {
    if (f.length === 0) return { ...rec };
    return { failuresAfterLastSuccess: rec.failuresAfterLastSuccess + f.length, lastFailureTime: f[f.length - 1]! };
  }
  const lastSuccess = s[s.length - 1]!;
  const after = f.filter((t) => t > lastSuccess);
  return after.length === 0 ? { failuresAfterLastSuccess: 0 } : { failuresAfterLastSuccess: after.length, lastFailureTime: after[after.length - 1]! };
}

/** getRemainingTime: how long to wait before creating pods again (0 = now). */
export function remainingBackoff(rec: BackoffRecord, now: number, maxMs = MAX_POD_FAILURE_BACKOFF_MS): number {
  if (rec.failuresAfterLastSuccess === 0 || rec.lastFailureTime === undefined) return 0;
  const d = backoffDelay(rec.failuresAfterLastSuccess, maxMs);
  const elapsed = now - rec.lastFailureTime;
  return d < elapsed ? 0 : d - elapsed;
}

/** manageJob's wantActive: work queue stops adding after the first success; else clamp(completions − succeeded, 0, parallelism). */
export function wantActive(completions: number | undefined, parallelism: number, succeeded: number, active: number): number {
  if (completions === undefined) return succeeded > 0 ? active : parallelism;
  return Math.max(0, Math.min(completions - succeeded, parallelism));
}

/** Pods to create (+) or delete (−) this sync, capped at 500 (deletes are issued without creates). */
export function activeDiff(want: number, active: number, terminating = 0): number {
  if (active > want) return -Math.min(active - want, MAX_POD_CREATE_DELETE_PER_SYNC);
  return Math.min(Math.max(0, want - terminating - active), MAX_POD_CREATE_DELETE_PER_SYNC);
}

/** Completion: work queue → some success and nothing active; else succeeded ≥ completions and nothing active. */
export function jobComplete(completions: number | undefined, succeeded: number, active: number): boolean {
  if (completions === undefined) return succeeded > 0 && active === 0;
  return succeeded >= completions && active === 0;
}

export interface FailureCheckInput {
  restartPolicy: 'Never' | 'OnFailure';
  backoffLimit: number;
  /** status.failed + newly failed pods. */
  failed: number;
  /** Σ restartCount (init + regular containers) over pods in Running or Pending phase. */
  restartsOfActivePods: number;
  startTime?: number;
  activeDeadlineSeconds?: number;
  suspended?: boolean;
  now: number;
}

/**
 * syncJob failure checks in upstream order. Returns the failure (reason/message for the condition
 * and event), or undefined plus when to look again for a deadline.
 */
export function jobFailure(i: FailureCheckInput): { reason: 'BackoffLimitExceeded' | 'DeadlineExceeded'; message: string } | { recheckAfterMs?: number } {
  const pastOnFailure =
    i.restartPolicy === 'OnFailure' && (i.backoffLimit === 0 ? i.restartsOfActivePods > 0 : i.restartsOfActivePods >= i.backoffLimit);
  if (i.failed > i.backoffLimit || pastOnFailure)
    return { reason: 'BackoffLimitExceeded', message: JobEvent.BackoffLimitExceeded.message };
  if (i.activeDeadlineSeconds !== undefined && i.startTime !== undefined && !i.suspended) {
    const elapsed = i.now - i.startTime;
    const allowed = i.activeDeadlineSeconds * 1000;
    if (elapsed >= allowed) return { reason: 'DeadlineExceeded', message: JobEvent.DeadlineExceeded.message };
    return { recheckAfterMs: allowed - elapsed };
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Indexed completion mode

/** The lowest `count` indexes in [0, completions) that are neither succeeded nor active. */
export function firstPendingIndexes(completions: number, succeeded: Iterable<number>, active: Iterable<number>, count: number): number[] {
  const taken = new Set<number>([...succeeded, ...active]);
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) if (!taken.has(i)) out.push(i);
  return out;
}

/** status.completedIndexes: "0-3,5" (sorted, de-duplicated, runs joined). */
export function formatIndexIntervals(indexes: Iterable<number>): string {
  const xs = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < xs.length; ) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j]! + 1) j++;
    parts.push(i === j ? `${xs[i]}` : `${xs[i]}-${xs[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** Parse "0-3,5" back to indexes (values ≥ completions are dropped, as upstream does). */
export function parseIndexIntervals(s: string, completions = Infinity): number[] {
  const out: number[] = [];
  for (const part of s.split(',').filter((p) => p !== '')) {
    const [a, b] = part.split('-').map(Number);
    for (let i = a!; i <= (b ?? a!) && i < completions; i++) out.push(i);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// ttlSecondsAfterFinished

/** expireAt = finish time (Complete/Failed condition lastTransitionTime) + ttl; deleted once now ≥ expireAt. */
export function ttlExpiry(finishedAt: number, ttlSecondsAfterFinished: number, now: number): { expireAt: number; expired: boolean; remainingMs: number } {
  const expireAt = finishedAt + ttlSecondsAfterFinished * 1000;
  return { expireAt, expired: now >= expireAt, remainingMs: Math.max(0, expireAt - now) };
}

// ---------------------------------------------------------------------------------------------
// successPolicy (Indexed Jobs; pkg/controller/job/success_policy.go)

export interface SuccessPolicyRule {
  succeededIndexes?: string;
  succeededCount?: number;
}

/**
 * matchSuccessPolicy: the first rule that holds, as "Matched rules at index N". A rule with
 * succeededIndexes (indexes ≥ completions dropped; an unparsable or empty list skips the rule)
 * holds when all of them succeeded, or at least succeededCount of them; a rule with only
 * succeededCount when that many indexes succeeded. Nothing holds before any index succeeded.
 */
export function matchSuccessPolicy(rules: readonly SuccessPolicyRule[] | undefined, completions: number, succeeded: ReadonlySet<number>): string | undefined {
  if (!rules || succeeded.size === 0) return undefined;
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    if (r.succeededIndexes !== undefined) {
      const required = new Set(/^[0-9,-]*$/.test(r.succeededIndexes) ? parseIndexIntervals(r.succeededIndexes, completions) : []);
      if (required.size === 0) continue;
      let contains = 0;
      for (const x of required) if (succeeded.has(x)) contains++;
      if (contains === required.size || (r.succeededCount !== undefined && contains >= r.succeededCount)) return `Matched rules at index ${i}`;
    } else if (r.succeededCount !== undefined && succeeded.size >= r.succeededCount) {
      return `Matched rules at index ${i}`;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// backoffLimitPerIndex / maxFailedIndexes (indexed_job_utils.go, job_controller.go)

/** Pod annotations carrying an index's failures to its next pod. */
export const INDEX_FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
export const INDEX_IGNORED_FAILURE_COUNT = 'batch.kubernetes.io/job-index-ignored-failure-count';

/**
 * isIndexFailed: a failed pod fails its index when a FailIndex rule matched, or when its
 * failure counts and the index had already failed backoffLimitPerIndex times before it.
 */
export function isIndexFailed(action: string | undefined, countFailed: boolean, priorFailures: number, backoffLimitPerIndex: number): boolean {
  if (action === 'FailIndex') return true;
  return countFailed && priorFailures >= backoffLimitPerIndex;
}

/**
 * getRemainingTimePerIndex: the per-index back-off before replacing an index's last failed pod,
 * counting all its failures (ignored ones too) plus this one, from that pod's finish time.
 */
export function remainingBackoffPerIndex(failureCount: number, ignoredFailureCount: number, lastFailureTime: number, now: number, maxMs = MAX_POD_FAILURE_BACKOFF_MS): number {
  const d = backoffDelay(failureCount + ignoredFailureCount + 1, maxMs);
  const elapsed = now - lastFailureTime;
  return d < elapsed ? 0 : d - elapsed;
}

/**
 * The failure decided by failed indexes, after the other checks: more than maxFailedIndexes,
 * or every index finished with some failed.
 */
export function failedIndexesVerdict(failed: number, succeeded: number, completions: number, maxFailedIndexes: number | undefined):
  { reason: 'MaxFailedIndexesExceeded' | 'FailedIndexes'; message: string } | undefined {
  if (maxFailedIndexes !== undefined && failed > maxFailedIndexes) {
    return { reason: 'MaxFailedIndexesExceeded', message: 'Job has exceeded the specified maximal number of failed indexes' };
  }
  if (failed > 0 && failed + succeeded >= completions) return { reason: 'FailedIndexes', message: 'Job has failed indexes' };
  return undefined;
}
