// Small helpers over Pod objects, named after their upstream counterparts (podutil).

import type { KObject, Pod, PodCondition } from '../types.js';

export function getCondition(pod: Pod, type: PodCondition['type']): PodCondition | undefined {
  for (const c of pod.status.conditions) if (c.type === type) return c;
  return undefined;
}

/** Set a condition; lastTransitionTime changes only when the status does. Returns true on change. */
export function setCondition(
  pod: Pod,
  type: PodCondition['type'],
  status: PodCondition['status'],
  now: number,
  reason?: string,
  message?: string,
): boolean {
  const conds = pod.status.conditions;
  const i = conditionIndex(conds, type);
  if (i >= 0) {
    const c = conds[i]!;
    const changed = c.status !== status || c.reason !== reason || c.message !== message;
    if ((reason === undefined && 'reason' in c) || (message === undefined && 'message' in c)) {
      // A field goes away: a fresh object without it rather than `delete`, which turns the
      // condition into a dictionary-mode (slow) object unless the field was the last one added
      // (PodScheduled's Unschedulable reason + message, cleared on binding, is not).
      conds[i] = withoutAbsent(c, status, c.status !== status ? now : c.lastTransitionTime, reason, message);
      return changed;
    }
    if (c.status !== status) c.lastTransitionTime = now;
    c.status = status;
    if (reason !== undefined) c.reason = reason;
    if (message !== undefined) c.message = message;
    return changed;
  }
  const cond: PodCondition = { type, status, lastTransitionTime: now };
  if (reason !== undefined) cond.reason = reason;
  if (message !== undefined) cond.message = message;
  pod.status.conditions.push(cond);
  return true;
}

function conditionIndex(conds: readonly PodCondition[], type: PodCondition['type']): number {
  for (let i = 0; i < conds.length; i++) if (conds[i]!.type === type) return i;
  return -1;
}

/**
 * `c` with the new values and without reason/message where they are now undefined: its own keys
 * in its own order less those (what `delete` would leave), so printed YAML/JSON and key-order
 * sensitive comparisons see the same object as before.
 */
function withoutAbsent(
  c: PodCondition,
  status: PodCondition['status'],
  lastTransitionTime: number,
  reason: string | undefined,
  message: string | undefined,
): PodCondition {
  const next: Record<string, unknown> = {};
  for (const k of Object.keys(c)) {
    if (k === 'status') next[k] = status;
    else if (k === 'lastTransitionTime') next[k] = lastTransitionTime;
    else if (k === 'reason') {
      if (reason !== undefined) next[k] = reason;
    } else if (k === 'message') {
      if (message !== undefined) next[k] = message;
    } else next[k] = (c as unknown as Record<string, unknown>)[k];
  }
  // Fields c did not have yet are appended, as the in-place assignments would append them.
  if (!('lastTransitionTime' in next) && status !== c.status) next['lastTransitionTime'] = lastTransitionTime;
  if (reason !== undefined && !('reason' in next)) next['reason'] = reason;
  if (message !== undefined && !('message' in next)) next['message'] = message;
  return next as unknown as PodCondition;
}

export function isPodReady(pod: Pod): boolean {
  return getCondition(pod, 'Ready')?.status === 'True';
}

/** Virtual ms at which the pod last became Ready, if it is Ready. */
export function readySince(pod: Pod): number | undefined {
  const c = getCondition(pod, 'Ready');
  return c && c.status === 'True' ? c.lastTransitionTime : undefined;
}

/**
 * podutil.IsPodAvailable: Ready, and minReadySeconds == 0 or the Ready transition plus
 * minReadySeconds lies strictly before now (upstream: lastTransitionTime.Add(min).Before(now)),
 * so at exactly readySince + minReadySeconds the pod is not available yet.
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  const since = readySince(pod);
  if (since === undefined) return false;
  if (minReadySeconds <= 0) return true;
  return since + minReadySeconds * 1000 < now;
}

/**
 * The first virtual ms at which a pod Ready since `readySince` passes isPodAvailable: 1 ms past
 * the strict bound. Controllers schedule their re-check for it; a re-check at the bound itself
 * would still see the pod unavailable and wait a whole minReadySeconds more.
 */
export function availableAt(readySince: number, minReadySeconds: number): number {
  return minReadySeconds <= 0 ? readySince : readySince + minReadySeconds * 1000 + 1;
}

export function isTerminating(obj: KObject): boolean {
  return obj.metadata.deletionTimestamp !== undefined;
}

export function isPodTerminal(pod: Pod): boolean {
  return pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
}

/** controller.IsPodTerminating: being deleted and not yet terminal (what terminatingReplicas counts). */
export function isPodTerminating(pod: Pod): boolean {
  return !isPodTerminal(pod) && pod.metadata.deletionTimestamp !== undefined;
}

/** controller.IsPodActive: not terminal and not being deleted. */
export function isPodActive(pod: Pod): boolean {
  return !isPodTerminal(pod) && pod.metadata.deletionTimestamp === undefined;
}

export function maxRestarts(pod: Pod): number {
  let m = 0;
  for (const s of pod.status.containerStatuses) if (s.restartCount > m) m = s.restartCount;
  return m;
}

export function totalRestarts(pod: Pod): number {
  let t = 0;
  for (const s of pod.status.containerStatuses) t += s.restartCount;
  for (const s of pod.status.initContainerStatuses ?? []) t += s.restartCount;
  return t;
}
