// ReplicaSet controller policy (pkg/controller/replicaset/replica_set.go, controller_utils.go,
// controller_ref_manager.go), pure. Reference: k8s-semantics.md §3. Times are virtual ms.

import { isPodActive, isPodAvailable, isPodReady, isPodTerminating } from '../../api/policy/podutil.js';
import type { Pod } from '../../api/types.js';

/** --concurrent burst: at most this many creates or deletes per sync. */
export const BURST_REPLICAS = 500;
/** SlowStartInitialBatchSize. */
export const SLOW_START_INITIAL_BATCH = 1;

/** slowStartBatch sizes: 1, 2, 4, … until `count` (count capped at BURST_REPLICAS by the caller). */
export function slowStartBatches(count: number, initial = SLOW_START_INITIAL_BATCH): number[] {
  const out: number[] = [];
  let remaining = count;
  let batch = Math.min(remaining, initial);
  while (remaining > 0 && batch > 0) {
    out.push(batch);
    remaining -= batch;
    batch = Math.min(2 * batch, remaining);
  }
  return out;
}

export type ReplicasDiff = { create: number } | { delete: number } | { none: true };

/** manageReplicas: how many pods to create or delete this sync (each capped at burstReplicas). */
export function manageReplicasDiff(activePods: number, replicas: number, burst = BURST_REPLICAS): ReplicasDiff {
  const diff = activePods - replicas;
  if (diff < 0) return { create: Math.min(-diff, burst) };
  if (diff > 0) return { delete: Math.min(diff, burst) };
  return { none: true };
}

/** What the deletion ranking reads of a pod. */
export interface RankedPod {
  name: string;
  uid: string;
  /** '' or undefined = not scheduled. */
  nodeName?: string;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  ready: boolean;
  /** Ready condition lastTransitionTime (ms), when ready. */
  readySince?: number;
  /** controller.kubernetes.io/pod-deletion-cost (default 0). */
  deletionCost?: number;
  /** Max restartCount over regular containers. */
  restarts?: number;
  /** Max restartCount over restartable init (sidecar) containers. */
  sidecarRestarts?: number;
  /** creationTimestamp (ms); undefined = zero time. */
  created?: number;
  /** controller.IsPodActive (podutil isPodActive) of the pod: only active related pods count toward rank. */
  active: boolean;
}

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const phaseOrd = (p: string) => PHASE_ORDINAL[p] ?? 0;

/** logarithmicRankDiff: compare floor(log2(now − t)) with durations in nanoseconds, as upstream. */
export function logarithmicRankDiff(t1: number, t2: number, now: number): number {
  const r = (t: number) => {
    const dNs = (now - t) * 1e6;
    return dNs > 0 ? Math.floor(Math.log2(dNs)) : -1;
  };
  return r(t1) - r(t2);
}

/** afterOrZero: zero time first, otherwise the later time first. */
const afterOrZero = (t1: number | undefined, t2: number | undefined): boolean =>
  t1 === undefined || t2 === undefined ? t1 === undefined : t1 > t2;

/** The feature gates that change the deletion order (both on by default; see feature-gates.ts). */
export interface DeletionGates {
  /** PodDeletionCost: lower controller.kubernetes.io/pod-deletion-cost first. */
  podDeletionCost: boolean;
  /** LogarithmicScaleDown: ready and creation times compared in log2 buckets, UID breaking ties. */
  logarithmicScaleDown: boolean;
}

export const DEFAULT_DELETION_GATES: DeletionGates = { podDeletionCost: true, logarithmicScaleDown: true };

/**
 * helper.GetDeletionCostFromPodAnnotations: the annotation as an int32; 0 when absent or invalid
 * (a leading "+", leading zeros such as "008", anything strconv.ParseInt(v, 10, 32) refuses).
 */
export function deletionCostFromAnnotation(value: string | undefined): number {
  if (value === undefined) return 0;
  const first = value[0];
  const validFirst = first === '-' || value === '0' || (first !== undefined && first >= '1' && first <= '9');
  if (!validFirst || !/^-?[0-9]+$/.test(value)) return 0;
  const n = Number(value);
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

/**
 * Two times compared as step 6/8 of Less: with LogarithmicScaleDown, zero time first, else the
 * shorter log2 age first and UID order within a bucket; without it, afterOrZero. undefined when
 * the UIDs tie too (no key decides).
 */
function timeLess(t1: number | undefined, t2: number | undefined, a: RankedPod, b: RankedPod, now: number, gates: DeletionGates): boolean | undefined {
  if (!gates.logarithmicScaleDown || t1 === undefined || t2 === undefined) return afterOrZero(t1, t2);
  const d = logarithmicRankDiff(t1, t2, now);
  if (d !== 0) return d < 0;
  return a.uid === b.uid ? undefined : a.uid < b.uid;
}

/**
 * ActivePodsWithRanks.Less as upstream writes it, keys in order; undefined when no key decides
 * (upstream's Less is then false both ways).
 */
export function deletionLess(a: RankedPod, rankA: number, b: RankedPod, rankB: number, now: number, gates: DeletionGates = DEFAULT_DELETION_GATES): boolean | undefined {
  const na = a.nodeName ?? '', nb = b.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '';
  if (phaseOrd(a.phase) !== phaseOrd(b.phase)) return phaseOrd(a.phase) < phaseOrd(b.phase);
  if (a.ready !== b.ready) return !a.ready;
  if (gates.podDeletionCost) {
    const ca = a.deletionCost ?? 0, cb = b.deletionCost ?? 0;
    if (ca !== cb) return ca < cb;
  }
  if (rankA !== rankB) return rankA > rankB;
  if (a.ready && b.ready && a.readySince !== b.readySince) return timeLess(a.readySince, b.readySince, a, b, now, gates);
  const ra = a.restarts ?? 0, rb = b.restarts ?? 0;
  if (ra !== rb) return ra > rb;
  const sa = a.sidecarRestarts ?? 0, sb = b.sidecarRestarts ?? 0;
  if (sa !== sb) return sa > sb;
  if (a.created !== b.created) return timeLess(a.created, b.created, a, b, now, gates);
  return undefined;
}

/**
 * Less as a comparator: negative = a is deleted before b. Ends with UID then name so the order
 * is total (upstream's sort.Sort is unstable and would leave such ties in arbitrary order).
 */
export function compareForDeletion(a: RankedPod, rankA: number, b: RankedPod, rankB: number, now: number, gates: DeletionGates = DEFAULT_DELETION_GATES): number {
  // The first differing key decides, so Less(a,b) false with a decision means Less(b,a) true.
  const l = deletionLess(a, rankA, b, rankB, now, gates);
  if (l !== undefined) return l ? -1 : 1;
  if (a.uid !== b.uid) return a.uid < b.uid ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * controller.ActivePods.Less (no ranks, no deletion cost, exact times): unscheduled, Pending <
 * Unknown < Running, not ready, ready for less time (zero first), more restarts then more sidecar
 * restarts, newer (zero first). undefined when no key decides. The Job controller sorts with it.
 */
export function activePodsLess(a: RankedPod, b: RankedPod): boolean | undefined {
  // ActivePodsWithRanks.Less with equal ranks and neither gate is exactly ActivePods.Less (the
  // cost key skipped, times by afterOrZero, so `now` is never read).
  return deletionLess(a, 0, b, 0, 0, ACTIVE_PODS_GATES);
}

const ACTIVE_PODS_GATES: DeletionGates = { podDeletionCost: false, logarithmicScaleDown: false };

/** activePodsLess as a comparator; ties by UID (0 when the UIDs tie too, for a stable sort). */
export function compareActivePods(a: RankedPod, b: RankedPod): number {
  const l = activePodsLess(a, b);
  if (l !== undefined) return l ? -1 : 1;
  return a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0;
}

/**
 * getPodsToDelete: the names of the `n` pods to delete. Rank = active related pods (all pods of
 * the same owner, e.g. every RS of a Deployment; defaults to `pods`) on the pod's node.
 */
export function podsToDelete(
  pods: readonly RankedPod[], n: number, now: number, related: readonly RankedPod[] = pods, gates: DeletionGates = DEFAULT_DELETION_GATES,
): string[] {
  if (n <= 0) return [];
  if (n >= pods.length) return pods.map((p) => p.name);
  const onNode = new Map<string, number>();
  for (const p of related) if (p.active) onNode.set(p.nodeName ?? '', (onNode.get(p.nodeName ?? '') ?? 0) + 1);
  const ranked = pods.map((p) => ({ p, rank: onNode.get(p.nodeName ?? '') ?? 0 }));
  ranked.sort((x, y) => compareForDeletion(x.p, x.rank, y.p, y.rank, now, gates));
  return ranked.slice(0, n).map((x) => x.p.name);
}

// ---------------------------------------------------------------------------------------------
// ControllerRef adoption (selector matching itself: models/api/policy/labels.ts selectorMatches)

export type ClaimDecision = 'own' | 'adopt' | 'release' | 'ignore';

/**
 * BaseControllerRefManager.ClaimObject as a decision: keep owning a matching object, adopt a
 * matching orphan (neither side being deleted, same namespace), release an owned object whose
 * labels stopped matching (unless the owner is being deleted), ignore everything else.
 */
export function claimDecision(
  owner: { uid: string; namespace?: string; deleting?: boolean },
  obj: { controllerUID?: string; namespace?: string; deleting?: boolean; matches: boolean },
): ClaimDecision {
  if (obj.controllerUID !== undefined) {
    if (obj.controllerUID !== owner.uid) return 'ignore';
    if (obj.matches) return 'own';
    return owner.deleting ? 'ignore' : 'release';
  }
  if (owner.deleting || !obj.matches) return 'ignore';
  if (obj.deleting) return 'ignore';
  if (owner.namespace && owner.namespace !== obj.namespace) return 'ignore';
  return 'adopt';
}

// ---------------------------------------------------------------------------------------------
// Status

/**
 * calculateStatus: replicas (active pods), fullyLabeledReplicas (labels carry every label of the
 * RS's pod template), readyReplicas and availableReplicas (Ready for minReadySeconds) over the
 * pods the RS controls; with `countTerminating` (DeploymentReplicaSetTerminatingReplicas) also
 * terminatingReplicas, its pods being deleted and not yet terminal. Reads the Pods directly: the
 * controller calls it on every sync.
 */
export function rsStatusCounts(
  pods: Iterable<Pod>, templateLabels: Readonly<Record<string, string>>, minReadySeconds: number, now: number, countTerminating = false,
): { replicas: number; fullyLabeledReplicas: number; readyReplicas: number; availableReplicas: number; terminatingReplicas?: number } {
  const wanted = Object.entries(templateLabels);
  let replicas = 0, fullyLabeledReplicas = 0, readyReplicas = 0, availableReplicas = 0, terminatingReplicas = 0;
  for (const p of pods) {
    if (!isPodActive(p)) {
      if (isPodTerminating(p)) terminatingReplicas++;
      continue;
    }
    replicas++;
    const labels = p.metadata.labels ?? {};
    let full = true;
    for (let i = 0; i < wanted.length && full; i++) full = labels[wanted[i]![0]] === wanted[i]![1];
    if (full) fullyLabeledReplicas++;
    if (isPodReady(p)) {
      readyReplicas++;
      if (isPodAvailable(p, minReadySeconds, now)) availableReplicas++;
    }
  }
  const counts = { replicas, fullyLabeledReplicas, readyReplicas, availableReplicas };
  return countTerminating ? { ...counts, terminatingReplicas } : counts;
}
