// PodDisruptionBudgets and the Eviction API, minimally: the disruption controller's
// arithmetic (getExpectedPodCount / countHealthyPods / disruptionsAllowed) computed fresh when
// an eviction is asked for, and the eviction subresource's decision (refuse with 429 when the
// budget allows no disruption). Computing on demand touches only the namespace's PDBs and the
// pods they select, and only when someone evicts — nothing runs per tick.

import type { ApiServer } from './apiserver.js';
import { selectorMatches } from './policy/labels.js';
import { isPodReady, isPodTerminal, setCondition } from './policy/podutil.js';
import { controllerRef } from './store.js';
import type { GenericObject, IntOrString, KObject, LabelSelector, Pod } from './types.js';

export interface PdbSpec {
  minAvailable?: IntOrString;
  maxUnavailable?: IntOrString;
  selector?: LabelSelector;
  unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
}

export interface PdbStatus {
  expectedPods: number;
  currentHealthy: number;
  desiredHealthy: number;
  disruptionsAllowed: number;
}

/** intstr.GetScaledValueFromIntOrPercent with roundUp = true (as the disruption controller uses it). */
export function scaledValue(v: IntOrString, total: number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number(v);
  return Math.ceil((Number(m[1]) * total) / 100);
}

/**
 * The disruption controller's numbers for one PDB. `podCount` = pods the selector matches;
 * `controllerScale` = Σ spec.replicas of their controllers (used for percentages and
 * maxUnavailable); `healthy` = matched pods that are Ready and not being deleted.
 */
export function pdbStatus(spec: PdbSpec, podCount: number, controllerScale: number, healthy: number): PdbStatus {
  let expected = podCount;
  let desired = 0;
  if (spec.maxUnavailable !== undefined) {
    expected = controllerScale;
    desired = Math.max(0, expected - scaledValue(spec.maxUnavailable, expected));
  } else if (spec.minAvailable !== undefined) {
    if (typeof spec.minAvailable === 'number') desired = spec.minAvailable;
    else {
      expected = controllerScale;
      desired = scaledValue(spec.minAvailable, expected);
    }
  }
  return { expectedPods: expected, currentHealthy: healthy, desiredHealthy: desired, disruptionsAllowed: Math.max(0, healthy - desired) };
}

export const PDB_VIOLATION_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";

export type EvictionResult =
  | { ok: true }
  | { ok: false; code: 429 | 500; message: string };

/** The pods/eviction subresource, with PDBs read from the store. */
export class EvictionApi {
  constructor(private readonly api: ApiServer) {}

  private pdbsFor(pod: Pod): GenericObject[] {
    const out: GenericObject[] = [];
    for (const pdb of this.api.store.listInNamespace<GenericObject>('PodDisruptionBudget', pod.metadata.namespace ?? 'default')) {
      const sel = (pdb.spec as PdbSpec | undefined)?.selector;
      // policy/v1: an empty selector matches every pod of the namespace; a missing one none.
      if (sel && selectorMatches(sel, pod.metadata.labels ?? {})) out.push(pdb);
    }
    return out;
  }

  /** Recompute a PDB's status from the pods it selects (the disruption controller's sync). */
  refresh(pdb: GenericObject): PdbStatus {
    const st = this.statusOf(pdb);
    pdb.status = { ...st, observedGeneration: pdb.metadata.generation ?? 1 };
    this.api.updateStatus(pdb);
    return st;
  }

  /** The status the disruption controller would compute now, without writing it (the scheduler's read). */
  statusOf(pdb: GenericObject): PdbStatus {
    const spec = (pdb.spec ?? {}) as PdbSpec;
    const store = this.api.store;
    let count = 0;
    let healthy = 0;
    let scale = 0;
    const seen = new Set<string>();
    for (const p of store.listInNamespace<Pod>('Pod', pdb.metadata.namespace ?? 'default')) {
      if (!spec.selector || !selectorMatches(spec.selector, p.metadata.labels ?? {})) continue;
      count++;
      if (p.metadata.deletionTimestamp === undefined && isPodReady(p)) healthy++;
      const ref = controllerRef(p);
      if (!ref) { scale++; continue; }
      // A ReplicaSet owned by a Deployment scales with the Deployment.
      let owner = store.getByUid<KObject & { spec?: { replicas?: number } }>(ref.uid);
      const up = owner ? controllerRef(owner) : undefined;
      if (owner && up && up.kind === 'Deployment') owner = store.getByUid(up.uid) ?? owner;
      const key = owner?.metadata.uid ?? ref.uid;
      if (seen.has(key)) continue;
      seen.add(key);
      scale += owner?.spec?.replicas ?? 1;
    }
    return pdbStatus(spec, count, scale, healthy);
  }

  /**
   * Would evicting `pod` now be allowed by its PodDisruptionBudget? (A dry run: what the
   * cluster autoscaler asks before it picks a node to drain.)
   */
  allows(pod: Pod): boolean {
    if (isPodTerminal(pod) || pod.metadata.deletionTimestamp !== undefined) return true;
    const pdbs = this.pdbsFor(pod);
    if (pdbs.length > 1) return false;
    const pdb = pdbs[0];
    if (!pdb) return true;
    const st = this.refresh(pdb);
    const policy = (pdb.spec as PdbSpec).unhealthyPodEvictionPolicy ?? 'IfHealthyBudget';
    const unhealthyOk = !isPodReady(pod) && (policy === 'AlwaysAllow' || (st.currentHealthy >= st.desiredHealthy && st.desiredHealthy > 0));
    return unhealthyOk || st.disruptionsAllowed > 0;
  }

  /** POST pods/<name>/eviction. On success the pod is deleted gracefully. */
  evict(pod: Pod, gracePeriodSeconds?: number): EvictionResult {
    const api = this.api;
    if (!api.store.exists('Pod', pod.metadata.namespace, pod.metadata.name)) return { ok: true };
    // Terminal pods (and pods already being deleted) need no budget.
    if (!isPodTerminal(pod) && pod.metadata.deletionTimestamp === undefined) {
      const pdbs = this.pdbsFor(pod);
      if (pdbs.length > 1) {
        return { ok: false, code: 500, message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' };
      }
      const pdb = pdbs[0];
      if (pdb) {
        const st = this.refresh(pdb);
        const policy = (pdb.spec as PdbSpec).unhealthyPodEvictionPolicy ?? 'IfHealthyBudget';
        const unhealthyOk = !isPodReady(pod) && (policy === 'AlwaysAllow' || (st.currentHealthy >= st.desiredHealthy && st.desiredHealthy > 0));
        if (!unhealthyOk) {
          if (st.disruptionsAllowed <= 0) return { ok: false, code: 429, message: PDB_VIOLATION_MESSAGE };
          pdb.status = { ...pdb.status, disruptionsAllowed: st.disruptionsAllowed - 1 };
          api.updateStatus(pdb);
        }
      }
    }
    setCondition(pod, 'DisruptionTarget', 'True', api.now, 'EvictionByEvictionAPI', 'Eviction API: evicting');
    api.delete(pod, gracePeriodSeconds !== undefined ? { gracePeriodSeconds } : {});
    return { ok: true };
  }
}
