// What kubectl prints: `kubectl get` tables (columns computed the way kubectl's printers do),
// `rollout history`, and the error text kubectl's CheckErr writes for an API error.

import { ApiError } from '../models/api/errors.js';
import { fieldErrorString } from '../models/api/policy/validation.js';
import type { Pod } from '../models/api/types.js';

/**
 * The STATUS column as kubectl's printPod computes it: the first init container that has not
 * completed (a started sidecar counts as done) speaks as Init:<reason> or Init:i/n; once
 * initialised, the last main container with a waiting or terminated reason wins over the phase
 * (PodInitializing while main containers are not yet created after the init containers).
 * `ignoreDeletion`: what it showed before the pod was marked Terminating (pods.csv).
 */
export function podStatusText(pod: Pod, opts: { ignoreDeletion?: boolean } = {}): string {
  let reason: string = pod.status.reason ?? pod.status.phase;
  const inits = pod.status.initContainerStatuses ?? [];
  const initCount = pod.spec.initContainers?.length ?? 0;
  let initializing = false;
  for (let i = 0; i < inits.length; i++) {
    const s = inits[i]!;
    const t = s.state.terminated;
    if (isSidecarStatus(pod, s.name) && s.started) continue;
    if (t && t.exitCode === 0) continue;
    if (t) reason = t.reason ? `Init:${t.reason}` : `Init:ExitCode:${t.exitCode}`;
    else if (s.state.waiting && s.state.waiting.reason && s.state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${s.state.waiting.reason}`;
    } else reason = `Init:${i}/${initCount}`;
    initializing = true;
    break;
  }
  const initialized = pod.status.conditions.some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    let hasRunning = false;
    const statuses = pod.status.containerStatuses;
    for (let i = statuses.length - 1; i >= 0; i--) {
      const s = statuses[i]!;
      if (s.state.waiting?.reason) reason = s.state.waiting.reason;
      else if (s.state.terminated?.reason) reason = s.state.terminated.reason;
      else if (s.state.terminated) reason = `ExitCode:${s.state.terminated.exitCode}`;
      else if (s.state.running && s.ready) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) {
      reason = pod.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp !== undefined && !opts.ignoreDeletion) reason = 'Terminating';
  return reason;
}

function isSidecarStatus(pod: Pod, name: string): boolean {
  return pod.spec.initContainers?.some((c) => c.name === name && c.restartPolicy === 'Always') ?? false;
}

/** READY: ready main containers and started-and-ready sidecars over main containers + sidecars. */
export function podReadyText(pod: Pod): string {
  let total = pod.spec.containers.length;
  let ready = 0;
  for (const c of pod.spec.initContainers ?? []) if (c.restartPolicy === 'Always') total++;
  for (const s of pod.status.initContainerStatuses ?? []) if (isSidecarStatus(pod, s.name) && s.started && s.ready) ready++;
  for (const s of pod.status.containerStatuses) if (s.ready && s.state.running) ready++;
  return `${ready}/${total}`;
}

/** RESTARTS: every init container's while initialising; sidecars' and main containers' after. */
export function podRestarts(pod: Pod): number {
  let n = 0;
  let sidecars = 0;
  for (const s of pod.status.initContainerStatuses ?? []) {
    n += s.restartCount;
    if (isSidecarStatus(pod, s.name)) sidecars += s.restartCount;
  }
  const initializing = podStatusText(pod).startsWith('Init:');
  const initialized = pod.status.conditions.some((c) => c.type === 'Initialized' && c.status === 'True');
  if (initializing && !initialized) return n;
  n = sidecars;
  for (const s of pod.status.containerStatuses) n += s.restartCount;
  return n;
}

/** kubectl's short age format (HumanDuration): 45s, 3m12s, 2m, 5h, 3d… */
export function humanAge(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  return `${d}d`;
}

/** Columns of a plain-text table, padded as kubectl's printer does (3 spaces between columns). */
export function formatTable(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('   ').trimEnd());
}

/** `kubectl rollout history deployment/NAME`: one row per revision, oldest first. */
export function rolloutHistoryLines(name: string, revisions: ReadonlyArray<{ revision: number; changeCause: string | undefined }>): string[] {
  const lines = [`deployment.apps/${name}`, 'REVISION  CHANGE-CAUSE'];
  for (const r of revisions) lines.push(`${String(r.revision).padEnd(8)}  ${r.changeCause ?? '<none>'}`);
  return lines;
}

/**
 * The text kubectl prints for a failed request (cmdutil.CheckErr): an Invalid error with
 * field causes as `The Kind "name" is invalid: field: message` (the server's own message
 * already has that form), any other API error as `Error from server (Reason): message`, and a
 * client-side error as it is.
 */
export function kubectlErrorText(e: Error): string {
  if (!(e instanceof ApiError)) return e.message;
  if (e.reason === 'Invalid' && e.details) {
    // checkErr's IsInvalid branch with MultilineError: one cause on the line, several as a list.
    const head = `The ${e.details.kind} "${e.details.name}" is invalid`;
    const causes = e.details.causes.map(fieldErrorString);
    if (causes.length === 1) return `${head}: ${causes[0]}`;
    return [`${head}: `, ...causes.map((c) => `* ${c}`)].join('\n');
  }
  return `Error from server (${e.reason}): ${e.message}`;
}
