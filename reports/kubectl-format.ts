// What kubectl prints: `kubectl get` tables (columns computed the way kubectl's printers do),
// `rollout history`, and the error text kubectl's CheckErr writes for an API error.

import { ApiError } from '../models/api/errors.js';
import { fieldErrorString } from '../models/api/policy/validation.js';
import type { Deployment, KObject, Pod, ReplicaSet } from '../models/api/types.js';

/**
 * The STATUS column: a container's waiting/terminated reason wins over the phase.
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
    if (t && t.exitCode === 0) continue;
    if (pod.spec.initContainers?.[i]?.restartPolicy === 'Always' && s.started) continue;
    if (t) reason = t.reason ? `Init:${t.reason}` : `Init:ExitCode:${t.exitCode}`;
    else if (s.state.waiting && s.state.waiting.reason && s.state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${s.state.waiting.reason}`;
    } else reason = `Init:${i}/${initCount}`;
    initializing = true;
    break;
  }
  if (!initializing) {
    let hasRunning = false;
    const statuses = pod.status.containerStatuses;
    for (let i = statuses.length - 1; i >= 0; i--) {
      const s = statuses[i]!;
      if (s.state.waiting?.reason) reason = s.state.waiting.reason;
      else if (s.state.terminated?.reason) reason = s.state.terminated.reason;
      else if (s.state.terminated) reason = `ExitCode:${s.state.terminated.exitCode}`;
      else if (s.state.running && s.ready) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) reason = 'Running';
  }
  if (pod.metadata.deletionTimestamp !== undefined && !opts.ignoreDeletion) reason = 'Terminating';
  return reason;
}

export function podReadyText(pod: Pod): string {
  const total = pod.spec.containers.length;
  let ready = 0;
  for (const s of pod.status.containerStatuses) if (s.ready) ready++;
  return `${ready}/${total}`;
}

export function podRestarts(pod: Pod): number {
  let n = 0;
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

/** `kubectl get pods|replicasets|deployments` with the default columns, sorted by name. */
export function getTable(kind: 'Pod' | 'ReplicaSet' | 'Deployment', objects: readonly KObject[], now: number): string[] {
  const objs = [...objects].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  const age = (o: KObject) => humanAge(now - (o.metadata.creationTimestamp ?? now));
  if (kind === 'Pod') {
    return formatTable([
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      ...objs.map((o) => [o.metadata.name, podReadyText(o as Pod), podStatusText(o as Pod), String(podRestarts(o as Pod)), age(o)]),
    ]);
  }
  if (kind === 'ReplicaSet') {
    return formatTable([
      ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
      ...objs.map((o) => {
        const rs = o as ReplicaSet;
        return [rs.metadata.name, String(rs.spec.replicas ?? 1), String(rs.status.replicas), String(rs.status.readyReplicas), age(rs)];
      }),
    ]);
  }
  return formatTable([
    ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    ...objs.map((o) => {
      const d = o as Deployment;
      const s = d.status;
      return [d.metadata.name, `${s.readyReplicas}/${d.spec.replicas ?? 1}`, String(s.updatedReplicas), String(s.availableReplicas), age(d)];
    }),
  ]);
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
