// CrashLoopBackOff as the kubelet does it (client-go util/flowcontrol/backoff.go, in
// ../../api/policy/flowcontrol-backoff.ts, used by kuberuntime doBackOff with initial 10s, max
// 300s, no jitter), and pod phase as
// pkg/kubelet/kubelet_pods.go getPhase computes it. Times are virtual milliseconds.

import type { ContainerStatus, PodPhase, RestartPolicy } from '../../api/types.js';
import type { Millis } from '../../../sim/time.js';
import { backoffExpired, nextBackoff, type BackoffConfig, type BackoffEntry } from '../../api/policy/flowcontrol-backoff.js';

export const DEFAULT_CRASHLOOP_BACKOFF: BackoffConfig = { initialMs: 10_000, maxMs: 300_000 };

/** Earliest time the container that exited at `exitTime` may be restarted (per container key: pod uid + container name + spec hash). */
export function restartEligibleAt(
  entry: BackoffEntry | undefined,
  exitTime: number,
  cfg: BackoffConfig = DEFAULT_CRASHLOOP_BACKOFF,
): number {
  if (entry === undefined || backoffExpired(entry, exitTime, cfg.maxMs)) return exitTime;
  return exitTime + entry.backoffMs;
}

/** How long from `now` until the restart may happen (0 = restart now). */
export function nextRestartDelay(
  entry: BackoffEntry | undefined,
  exitTime: number,
  now: number,
  cfg: BackoffConfig = DEFAULT_CRASHLOOP_BACKOFF,
): number {
  return Math.max(0, restartEligibleAt(entry, exitTime, cfg) - now);
}

/** Go time.Duration.String() for whole-millisecond durations: "10s", "1m20s", "5m0s", "500ms". */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const sMs = ms % 60_000;
  const s = sMs % 1000 === 0 ? String(sMs / 1000) : (sMs / 1000).toFixed(3).replace(/0+$/, '');
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/**
 * Waiting message of a container in back-off, as kuberuntime words it:
 * "back-off 20s restarting failed container=app pod=web-1_default(uid)".
 */
export function crashLoopMessage(backoffMs: number, container: string, pod: string, namespace: string, uid: string): string {
  return `back-off ${formatGoDuration(backoffMs)} restarting failed container=${container} pod=${pod}_${namespace}(${uid})`;
}

/** What getPhase needs to know about a container spec. */
export interface PhaseContainer {
  name: string;
  /** Init containers only: restartPolicy Always (sidecar). */
  sidecar?: boolean;
}

type StatusLike = Pick<ContainerStatus, 'name' | 'state' | 'lastState'> & { started?: boolean };

/**
 * Pod phase exactly as getPhase: regular init containers (pending / failed), restartable
 * init containers (sidecars, counted with the regular ones once started), then regular
 * containers; `podIsTerminal` (the pod worker finished the pod) and `podHasInitialized`
 * (Initialized was already true) as upstream. A container without a status counts as unknown
 * (regular, sidecar) or pending (init).
 */
export function podPhase(
  restartPolicy: RestartPolicy,
  containers: readonly PhaseContainer[],
  statuses: readonly StatusLike[],
  initContainers: readonly PhaseContainer[] = [],
  initStatuses: readonly StatusLike[] = [],
  opts: { podIsTerminal?: boolean; podHasInitialized?: boolean } = {},
): PodPhase {
  const find = (list: readonly StatusLike[], name: string) => list.find((s) => s.name === name);
  let pendingRegularInit = 0;
  let pendingRestartableInit = 0;
  let failedInitialization = 0;
  for (const ic of initContainers) {
    if (ic.sidecar) continue;
    const st = find(initStatuses, ic.name);
    if (!st) { pendingRegularInit++; continue; }
    if (st.state.running) pendingRegularInit++;
    else if (st.state.terminated) { if (st.state.terminated.exitCode !== 0) failedInitialization++; }
    else if (st.state.waiting) {
      if (st.lastState.terminated) { if (st.lastState.terminated.exitCode !== 0) failedInitialization++; }
      else pendingRegularInit++;
    } else pendingRegularInit++;
  }
  let unknown = 0; let running = 0; let waiting = 0; let stopped = 0; let succeeded = 0;
  for (const ic of initContainers) {
    if (!ic.sidecar) continue;
    const st = find(initStatuses, ic.name);
    if (!st) { unknown++; continue; }
    if (st.state.running) {
      if (!st.started) pendingRestartableInit++;
      running++;
    } else if (st.state.terminated) {
      // terminated sidecars are ignored
    } else if (st.state.waiting) {
      if (!st.lastState.terminated) { pendingRestartableInit++; waiting++; }
    } else { pendingRestartableInit++; unknown++; }
  }
  for (const c of containers) {
    const st = find(statuses, c.name);
    if (!st) { unknown++; continue; }
    if (st.state.running) running++;
    else if (st.state.terminated) { stopped++; if (st.state.terminated.exitCode === 0) succeeded++; }
    else if (st.state.waiting) { if (st.lastState.terminated) stopped++; else waiting++; }
    else unknown++;
  }
  if (failedInitialization > 0 && restartPolicy === 'Never') return 'Failed';
  if (pendingRegularInit > 0 || (pendingRestartableInit > 0 && !opts.podHasInitialized)) return 'Pending';
  if (waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (opts.podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

// The kubelet's CrashLoopBackOff bookkeeping: one back-off entry per container key, with
// the delays computed by the pure functions above (a map, no clock of its own).


export class CrashLoopBackOff {
  private readonly entries = new Map<string, BackoffEntry>();
  readonly config: BackoffConfig;

  constructor(initialMs: Millis = 10_000, maxMs: Millis = 300_000) {
    this.config = { initialMs, maxMs };
  }

  /** How long after `now` the restart of a container that exited at `exitAt` must wait. */
  delayBeforeRestart(key: string, exitAt: Millis, now: Millis): Millis {
    return nextRestartDelay(this.entries.get(key), exitAt, now, this.config);
  }

  /** Record the restart decision (flowcontrol.Backoff.Next). */
  recordRestart(key: string, exitAt: Millis, now: Millis): void {
    this.entries.set(key, nextBackoff(this.entries.get(key), exitAt, now, this.config));
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
