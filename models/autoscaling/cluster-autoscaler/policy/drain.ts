// What keeps a node from being scaled down (cluster-autoscaler FAQ "What types of pods can
// prevent CA from removing a node?" and simulator/drainability rules), and node utilisation
// (simulator/utilization). Pure functions of plain values.

import { controllerRef } from '../../../api/policy/controller-ref.js';
import type { Pod } from '../../../api/types.js';

export const SAFE_TO_EVICT = 'cluster-autoscaler.kubernetes.io/safe-to-evict';
export const SAFE_TO_EVICT_LOCAL_VOLUMES = 'cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes';
export const SCALE_DOWN_DISABLED = 'cluster-autoscaler.kubernetes.io/scale-down-disabled';
export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
export const TO_BE_DELETED_TAINT = 'ToBeDeletedByClusterAutoscaler';

/** Controllers whose pods upstream treats as replicated (anything else is a custom controller). */
const KNOWN_CONTROLLERS = new Set(['ReplicaSet', 'ReplicationController', 'Job', 'StatefulSet', 'DaemonSet']);

/** Upstream drain.BlockingPodReason names. */
export type BlockingReason =
  | 'NotReplicated'
  | 'UnmovableKubeSystemPod'
  | 'LocalStorageRequested'
  | 'NotSafeToEvictAnnotation'
  | 'NotEnoughPdb'
  | 'NoPlaceToMovePods';

export type PodDisposition =
  /** Not evicted and not moved (mirror, DaemonSet, finished pods). */
  | { kind: 'skip' }
  /** Must be rescheduled elsewhere before the node can go. */
  | { kind: 'move' }
  | { kind: 'block'; reason: BlockingReason };

export interface DrainOptions {
  skipNodesWithSystemPods: boolean;
  skipNodesWithLocalStorage: boolean;
  /** True if evicting the pod now would violate a PodDisruptionBudget (provider's check). */
  pdbBlocks?: (pod: Pod) => boolean;
}

export function isMirrorPod(pod: Pod): boolean {
  return pod.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined;
}

export function isDaemonSetPod(pod: Pod): boolean {
  return controllerRef(pod)?.kind === 'DaemonSet';
}

function hasLocalStorage(pod: Pod): boolean {
  const allowed = new Set((pod.metadata.annotations?.[SAFE_TO_EVICT_LOCAL_VOLUMES] ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  for (const v of pod.spec.volumes ?? []) {
    if (allowed.has(v.name)) continue;
    if (v.hostPath) return true;
    if (v.emptyDir && v.emptyDir.medium !== 'Memory') return true;
  }
  return false;
}

/**
 * What scale-down does with one pod of a candidate node, in upstream's rule order: mirror,
 * finished and DaemonSet pods are skipped; safe-to-evict "true" makes any other pod movable;
 * then bare/custom-controller pods, kube-system pods, local storage, safe-to-evict "false"
 * and PDBs block. Pods that pass are movable (if a place is found elsewhere).
 */
export function podDisposition(pod: Pod, opts: DrainOptions): PodDisposition {
  if (isMirrorPod(pod)) return { kind: 'skip' };
  if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') return { kind: 'skip' };
  if (isDaemonSetPod(pod)) return { kind: 'skip' };
  const safe = pod.metadata.annotations?.[SAFE_TO_EVICT];
  if (safe === 'true') return { kind: 'move' };
  const ref = controllerRef(pod);
  if (!ref || !KNOWN_CONTROLLERS.has(ref.kind)) return { kind: 'block', reason: 'NotReplicated' };
  if (opts.skipNodesWithSystemPods && pod.metadata.namespace === 'kube-system') {
    return { kind: 'block', reason: 'UnmovableKubeSystemPod' };
  }
  if (opts.skipNodesWithLocalStorage && hasLocalStorage(pod)) return { kind: 'block', reason: 'LocalStorageRequested' };
  if (safe === 'false') return { kind: 'block', reason: 'NotSafeToEvictAnnotation' };
  if (opts.pdbBlocks?.(pod)) return { kind: 'block', reason: 'NotEnoughPdb' };
  return { kind: 'move' };
}

export interface Utilization {
  cpu: number;
  memory: number;
  /** max(cpu, memory): what is compared with the threshold. */
  max: number;
}

/** simulator/utilization: Σ pod requests / allocatable per resource; the node's is the max. */
export function utilization(reqCpu: number, reqMem: number, allocCpu: number, allocMem: number): Utilization {
  const cpu = allocCpu > 0 ? reqCpu / allocCpu : 0;
  const memory = allocMem > 0 ? reqMem / allocMem : 0;
  return { cpu, memory, max: Math.max(cpu, memory) };
}

/** A node is a scale-down candidate by utilisation when max(cpu, mem) < threshold. */
export function underutilized(u: Utilization, threshold: number): boolean {
  return u.max < threshold;
}

/**
 * scale-down-unneeded-time bookkeeping: since when each node has been unneeded without a break.
 * `update` takes the nodes unneeded in this loop; a node missing from one loop starts over.
 */
export class UnneededTimer {
  private readonly since = new Map<string, number>();

  update(unneeded: Iterable<string>, now: number): void {
    const next = new Set(unneeded);
    for (const n of [...this.since.keys()]) if (!next.has(n)) this.since.delete(n);
    for (const n of next) if (!this.since.has(n)) this.since.set(n, now);
  }

  unneededSince(name: string): number | undefined {
    return this.since.get(name);
  }

  /** Unneeded for at least `threshold` ms. */
  ripe(name: string, now: number, threshold: number): boolean {
    const s = this.since.get(name);
    return s !== undefined && now - s >= threshold;
  }

  forget(name: string): void {
    this.since.delete(name);
  }

  get size(): number {
    return this.since.size;
  }
}

/** Node-group back-off after a failed scale-up: initial, doubling, capped, reset after quiet time. */
export class GroupBackoff {
  private readonly state = new Map<string, { until: number; duration: number; lastFailure: number }>();
  constructor(private readonly initial: number, private readonly max: number, private readonly resetAfter: number) {}

  fail(group: string, now: number): number {
    const s = this.state.get(group);
    let duration = this.initial;
    if (s && now - s.lastFailure < this.resetAfter) duration = Math.min(this.max, s.duration * 2);
    this.state.set(group, { until: now + duration, duration, lastFailure: now });
    return duration;
  }

  backedOff(group: string, now: number): boolean {
    const s = this.state.get(group);
    return s !== undefined && now < s.until;
  }
}
