// ReplicaSet controller policy (pkg/controller/replicaset/replica_set.go, controller_utils.go,
// controller_ref_manager.go), pure. Reference: k8s-semantics.md §3. Times are virtual ms.

import { isPodActive, isPodAvailable, isPodReady } from '../../api/policy/podutil.js';
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

/**
 * ActivePodsWithRanks.Less with LogarithmicScaleDown and PodDeletionCost on (defaults).
 * Negative = a is deleted before b. Ends with UID then name so the order is total (upstream's
 * sort.Sort is unstable and would leave such ties in arbitrary order).
 */
export function compareForDeletion(a: RankedPod, rankA: number, b: RankedPod, rankB: number, now: number): number {
  const less = (): boolean | undefined => {
    const na = a.nodeName ?? '', nb = b.nodeName ?? '';
    if (na !== nb && (na === '' || nb === '')) return na === '';
    if (phaseOrd(a.phase) !== phaseOrd(b.phase)) return phaseOrd(a.phase) < phaseOrd(b.phase);
    if (a.ready !== b.ready) return !a.ready;
    const ca = a.deletionCost ?? 0, cb = b.deletionCost ?? 0;
    if (ca !== cb) return ca < cb;
    if (rankA !== rankB) return rankA > rankB;
    if (a.ready && b.ready && a.readySince !== b.readySince) {
      if (a.readySince === undefined || b.readySince === undefined) return afterOrZero(a.readySince, b.readySince);
      const d = logarithmicRankDiff(a.readySince, b.readySince, now);
      if (d === 0) return a.uid < b.uid;
      return d < 0;
    }
    const ra = a.restarts ?? 0, rb = b.restarts ?? 0;
    if (ra !== rb) return ra > rb;
    const sa = a.sidecarRestarts ?? 0, sb = b.sidecarRestarts ?? 0;
    if (sa !== sb) return sa > sb;
    if (a.created !== b.created) {
      if (a.created === undefined || b.created === undefined) return afterOrZero(a.created, b.created);
      const d = logarithmicRankDiff(a.created, b.created, now);
      if (d === 0) return a.uid < b.uid;
      return d < 0;
    }
    return undefined;
  };
  const l = less();
  // The first differing key decides, so Less(a,b) false with a decision means Less(b,a) true.
  if (l !== undefined) return l ? -1 : a.uid === b.uid && a.name === b.name ? 0 : 1;
  if (a.uid !== b.uid) return a.uid < b.uid ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * getPodsToDelete: the names of the `n` pods to delete. Rank = active related pods (all pods of
 * the same owner, e.g. every RS of a Deployment; defaults to `pods`) on the pod's node.
 */
export function podsToDelete(pods: readonly RankedPod[], n: number, now: number, related: readonly RankedPod[] = pods): string[] {
  if (n <= 0) return [];
  if (n >= pods.length) return pods.map((p) => p.name);
  const onNode = new Map<string, number>();
  for (const p of related) if (p.active) onNode.set(p.nodeName ?? '', (onNode.get(p.nodeName ?? '') ?? 0) + 1);
  const ranked = pods.map((p) => ({ p, rank: onNode.get(p.nodeName ?? '') ?? 0 }));
  ranked.sort((x, y) => compareForDeletion(x.p, x.rank, y.p, y.rank, now));
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
 * pods the RS controls. Reads the Pods directly: the controller calls it on every sync.
 */
export function rsStatusCounts(pods: Iterable<Pod>, templateLabels: Readonly<Record<string, string>>, minReadySeconds: number, now: number) {
  const wanted = Object.entries(templateLabels);
  let replicas = 0, fullyLabeledReplicas = 0, readyReplicas = 0, availableReplicas = 0;
  for (const p of pods) {
    if (!isPodActive(p)) continue;
    replicas++;
    const labels = p.metadata.labels ?? {};
    if (wanted.every(([k, v]) => labels[k] === v)) fullyLabeledReplicas++;
    if (isPodReady(p)) {
      readyReplicas++;
      if (isPodAvailable(p, minReadySeconds, now)) availableReplicas++;
    }
  }
  return { replicas, fullyLabeledReplicas, readyReplicas, availableReplicas };
}
