// Job controller policy (pkg/controller/job/job_controller.go, backoff_utils.go,
// indexed_job_utils.go, ttlafterfinished), plus a tiny interpreter for busybox job commands.
// Reference: k8s-semantics.md §5. Times are virtual ms.

export const DEFAULT_BACKOFF_LIMIT = 6;
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

export interface JobSpecIn {
  completions?: number;
  parallelism?: number;
  backoffLimit?: number;
  completionMode?: 'NonIndexed' | 'Indexed';
}

/** batch/v1 defaulting: both nil → 1/1; parallelism nil → 1; completions stays nil (work queue). */
export function jobDefaults(s: JobSpecIn): { completions: number | undefined; parallelism: number; backoffLimit: number; completionMode: 'NonIndexed' | 'Indexed' } {
  const both = s.completions === undefined && s.parallelism === undefined;
  return {
    completions: both ? 1 : s.completions,
    parallelism: both ? 1 : s.parallelism ?? 1,
    backoffLimit: s.backoffLimit ?? DEFAULT_BACKOFF_LIMIT,
    completionMode: s.completionMode ?? 'NonIndexed',
  };
}

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
// Busybox command interpretation

export type SleepSpec = { fixed: number } | { uniformInt: [number, number] };
/** How a step joins the previous one (the first step's join is ';'). */
export type Join = ';' | '&&' | '||';
/**
 * One simple command: `sleep` (seconds), `status` (a command that finishes at once with that
 * code: echo/true/false/:), or `exit` (ends the script; 'last' = the previous status).
 */
export type BusyboxStep = ({ sleep: SleepSpec } | { status: number } | { exit: number | 'last' }) & { join: Join };
export interface BusyboxPlan { steps: BusyboxStep[] }

const SHELLS = new Set(['sh', '/bin/sh', 'bash', '/bin/bash', '/bin/ash', 'ash']);

/** Split a script into simple commands at ; && || and newlines, outside quotes and $( ). */
function splitScript(script: string): Array<{ join: Join; text: string }> | undefined {
  const out: Array<{ join: Join; text: string }> = [];
  let cur = '', quote: string | null = null, depth = 0, join: Join = ';';
  const push = (next: Join) => { out.push({ join, text: cur.trim() }); cur = ''; join = next; };
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (quote) { if (c === quote) quote = null; cur += c; continue; }
    if (c === "'" || c === '"') { quote = c; cur += c; continue; }
    if (c === '$' && script[i + 1] === '(') { depth++; cur += '$('; i++; continue; }
    if (c === ')' && depth > 0) { depth--; cur += c; continue; }
    if (depth === 0) {
      if (c === ';' || c === '\n') { push(';'); continue; }
      if (c === '&' && script[i + 1] === '&') { push('&&'); i++; continue; }
      if (c === '|' && script[i + 1] === '|') { push('||'); i++; continue; }
      if (c === '&' || c === '|') return undefined; // background jobs and pipes: not modelled
    }
    cur += c;
  }
  if (quote || depth > 0) return undefined;
  push(';');
  // Empty commands (trailing ';') are dropped; an empty command after && / || is a syntax error.
  const cmds = out.filter((c) => c.text !== '' || c.join !== ';');
  if (cmds.some((c) => c.text === '')) return undefined;
  return cmds;
}

const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

function parseCommand(text: string): BusyboxStep | undefined {
  const t = text.trim();
  let m: RegExpExecArray | null;
  if ((m = /^sleep\s+(\d+(?:\.\d+)?)([smhd]?)$/.exec(t))) return { sleep: { fixed: Number(m[1]) * UNIT[m[2]!]! }, join: ';' };
  if ((m = /^sleep\s+["']?\$\(\s*shuf\s+-i\s*(\d+)-(\d+)\s+-n\s*1\s*\)["']?$/.exec(t)) ||
      (m = /^sleep\s+["']?\$\(\s*shuf\s+-n\s*1\s+-i\s*(\d+)-(\d+)\s*\)["']?$/.exec(t))) {
    const a = Number(m[1]), b = Number(m[2]);
    return a <= b ? { sleep: { uniformInt: [a, b] }, join: ';' } : undefined;
  }
  if ((m = /^exit(?:\s+(\d+))?$/.exec(t))) return { exit: m[1] === undefined ? 'last' : Number(m[1]) % 256, join: ';' };
  if (t === 'true' || t === ':') return { status: 0, join: ';' };
  if (t === 'false') return { status: 1, join: ';' };
  if (/^echo(\s|$)/.test(t) && !/\$\(|`/.test(t)) return { status: 0, join: ';' };
  return undefined;
}

/**
 * Understand a busybox container's command/args: `["/bin/sh","-c", script]`, `["/bin/sh","-c"]`
 * + `[script]`, or a direct exec (`["echo","hi"]`, `["sleep","5"]`). Scripts may use echo, sleep N,
 * sleep $(shuf -i A-B -n 1), exit N, true, false joined by ; && || and newlines. Anything else →
 * undefined (the caller falls back to its behaviour model).
 */
export function parseBusyboxScript(command: string[] | undefined, args: string[] | undefined): BusyboxPlan | undefined {
  const argv = [...(command ?? []), ...(args ?? [])];
  if (argv.length === 0) return undefined;
  let script: string;
  if (SHELLS.has(argv[0]!)) {
    if (argv[1] !== '-c' || argv.length < 3) return undefined;
    script = argv[2]!;
  } else {
    // Direct exec: re-quote arguments so the command parser sees one simple command.
    if (argv.some((a) => /[;&|\n]/.test(a)) && argv[0] !== 'echo') return undefined;
    if (argv[0] === 'echo') return { steps: [{ status: 0, join: ';' }] };
    script = argv.join(' ');
  }
  const parts = splitScript(script);
  if (!parts || parts.length === 0) return undefined;
  const steps: BusyboxStep[] = [];
  for (const p of parts) {
    const s = parseCommand(p.text);
    if (!s) return undefined;
    steps.push({ ...s, join: p.join });
  }
  return { steps };
}

/**
 * Run a plan: `randInt(a, b)` draws an integer in [a, b]. `&&` skips a command after a non-zero
 * status, `||` after a zero status, `;` always runs; the result is the last status (or exit's code).
 */
export function runBusyboxPlan(plan: BusyboxPlan, randInt: (a: number, b: number) => number): { durationMs: number; exitCode: number } {
  let t = 0, last = 0;
  for (let i = 0; i < plan.steps.length; i++) {
    const s = plan.steps[i]!;
    if (i > 0 && ((s.join === '&&' && last !== 0) || (s.join === '||' && last === 0))) continue;
    if ('sleep' in s) {
      const secs = 'fixed' in s.sleep ? s.sleep.fixed : randInt(s.sleep.uniformInt[0], s.sleep.uniformInt[1]);
      t += Math.round(secs * 1000);
      last = 0;
    } else if ('status' in s) last = s.status;
    else return { durationMs: t, exitCode: s.exit === 'last' ? last : s.exit };
  }
  return { durationMs: t, exitCode: last };
}
