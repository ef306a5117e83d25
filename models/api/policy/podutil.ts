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
  const c = getCondition(pod, type);
  if (c) {
    const changed = c.status !== status || c.reason !== reason || c.message !== message;
    if (c.status !== status) c.lastTransitionTime = now;
    c.status = status;
    if (reason === undefined) delete c.reason;
    else c.reason = reason;
    if (message === undefined) delete c.message;
    else c.message = message;
    return changed;
  }
  const cond: PodCondition = { type, status, lastTransitionTime: now };
  if (reason !== undefined) cond.reason = reason;
  if (message !== undefined) cond.message = message;
  pod.status.conditions.push(cond);
  return true;
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
