// DaemonSet helpers (pkg/controller/daemon: daemon_controller.go predicates / NodeShouldRunDaemonPod,
// util/daemonset_util.go AddOrUpdateDaemonPodTolerations, update.go budgets), pure.

import type { NodeSelectorRequirement, NodeSelectorTerm, PodSpec, Taint, Toleration } from '../types.js';
import { scaledValueFromIntOrPercent, type IntOrPercent } from './rollout.js';

/**
 * Tolerations the DaemonSet controller adds to every daemon pod (all with operator Exists):
 * not-ready/unreachable NoExecute; disk/memory/pid-pressure and unschedulable NoSchedule;
 * network-unavailable NoSchedule for hostNetwork pods.
 */
export function daemonPodTolerations(hostNetwork = false): Toleration[] {
  const t = (key: string, effect: 'NoExecute' | 'NoSchedule'): Toleration => ({ key: `node.kubernetes.io/${key}`, operator: 'Exists', effect });
  const out = [
    t('not-ready', 'NoExecute'),
    t('unreachable', 'NoExecute'),
    t('disk-pressure', 'NoSchedule'),
    t('memory-pressure', 'NoSchedule'),
    t('pid-pressure', 'NoSchedule'),
    t('unschedulable', 'NoSchedule'),
  ];
  if (hostNetwork) out.push(t('network-unavailable', 'NoSchedule'));
  return out;
}

/** Pod spec tolerations plus the daemon defaults (added only when not already present). */
export function withDaemonTolerations(tolerations: readonly Toleration[] | undefined, hostNetwork = false): Toleration[] {
  const out = [...(tolerations ?? [])];
  for (const d of daemonPodTolerations(hostNetwork)) {
    if (!out.some((x) => x.key === d.key && x.operator === d.operator && x.effect === d.effect && (x.value ?? '') === '')) out.push(d);
  }
  return out;
}

/** v1 Toleration.ToleratesTaint. */
export function toleratesTaint(tol: Toleration, taint: Taint): boolean {
  if (tol.effect && tol.effect !== taint.effect) return false;
  if (tol.key && tol.key !== taint.key) return false;
  if (!tol.key && tol.operator !== 'Exists') return false;
  if ((tol.operator ?? 'Equal') === 'Exists') return true;
  return (tol.value ?? '') === (taint.value ?? '');
}

function matchRequirement(r: NodeSelectorRequirement, get: (k: string) => string | undefined): boolean {
  const v = get(r.key);
  const vals = r.values ?? [];
  switch (r.operator) {
    case 'In': return v !== undefined && vals.includes(v);
    case 'NotIn': return v === undefined || !vals.includes(v);
    case 'Exists': return v !== undefined;
    case 'DoesNotExist': return v === undefined;
    case 'Gt': case 'Lt': {
      if (v === undefined || vals.length !== 1 || !/^-?\d+$/.test(v) || !/^-?\d+$/.test(vals[0]!)) return false;
      return r.operator === 'Gt' ? Number(v) > Number(vals[0]) : Number(v) < Number(vals[0]);
    }
  }
}

/** A node selector term matches when all its expressions and fields match; an empty term matches nothing. */
export function matchNodeSelectorTerm(term: NodeSelectorTerm, node: { name: string; labels?: Record<string, string> }): boolean {
  const exprs = term.matchExpressions ?? [], fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  return exprs.every((r) => matchRequirement(r, (k) => node.labels?.[k])) &&
    fields.every((r) => matchRequirement(r, (k) => (k === 'metadata.name' ? node.name : undefined)));
}

export interface DaemonNode {
  name: string;
  labels?: Record<string, string>;
  taints?: Taint[];
}

/**
 * NodeShouldRunDaemonPod: shouldRun (create a pod here) and shouldContinueRunning (keep an
 * existing one). nodeName, nodeSelector and required node affinity must match; untolerated
 * NoSchedule/NoExecute taints stop new pods, and only untolerated NoExecute evicts running ones.
 * The daemon default tolerations are applied first.
 */
export function nodeShouldRunDaemonPod(spec: Pick<PodSpec, 'nodeName' | 'nodeSelector' | 'affinity' | 'tolerations'> & { hostNetwork?: boolean }, node: DaemonNode): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const fitsName = !spec.nodeName || spec.nodeName === node.name;
  const fitsSelector = Object.entries(spec.nodeSelector ?? {}).every(([k, v]) => node.labels?.[k] === v);
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const fitsAffinity = !terms || terms.some((t) => matchNodeSelectorTerm(t, node));
  if (!fitsName || !fitsSelector || !fitsAffinity) return { shouldRun: false, shouldContinueRunning: false };
  const tols = withDaemonTolerations(spec.tolerations, spec.hostNetwork === true);
  const untolerated = (effects: string[]) => (node.taints ?? []).some((t) => effects.includes(t.effect) && !tols.some((x) => toleratesTaint(x, t)));
  if (untolerated(['NoSchedule', 'NoExecute'])) return { shouldRun: false, shouldContinueRunning: !untolerated(['NoExecute']) };
  return { shouldRun: true, shouldContinueRunning: true };
}

/**
 * RollingUpdate budgets (updatedDesiredNodeCounts): maxSurge rounds up, maxUnavailable rounds
 * down, over the number of nodes that should run the pod; both 0 ⇒ maxUnavailable 1.
 * Defaults maxUnavailable 1, maxSurge 0.
 */
export function daemonSetUpdateBudget(desiredNodes: number, maxUnavailable: IntOrPercent = 1, maxSurge: IntOrPercent = 0): { maxSurge: number; maxUnavailable: number } {
  const surge = scaledValueFromIntOrPercent(maxSurge, desiredNodes, true);
  let unavailable = scaledValueFromIntOrPercent(maxUnavailable, desiredNodes, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { maxSurge: surge, maxUnavailable: unavailable };
}

/**
 * rollingUpdate (maxSurge 0 path): how many old pods may be deleted now — the budget minus the
 * pods already unavailable; unavailable old pods are replaced first and do not use the budget.
 */
export function daemonPodsToReplace(maxUnavail: number, numUnavailable: number, oldAvailable: number, oldUnavailable: number): { deleteUnavailable: number; deleteAvailable: number } {
  return { deleteUnavailable: oldUnavailable, deleteAvailable: Math.max(0, Math.min(oldAvailable, maxUnavail - numUnavailable)) };
}
