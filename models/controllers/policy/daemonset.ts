// DaemonSet helpers (pkg/controller/daemon: daemon_controller.go predicates / NodeShouldRunDaemonPod,
// util/daemonset_util.go AddOrUpdateDaemonPodTolerations, update.go budgets), pure.

import type { PodSpec, Taint, Toleration } from '../../api/types.js';
import { nodeSelectorMapMatches, nodeSelectorTermsMatch } from '../../api/policy/labels.js';
import { tolerationsTolerateTaint } from '../../api/policy/taints.js';
import type { BackoffConfig } from '../../api/policy/flowcontrol-backoff.js';
import { scaledValueFromIntOrPercent, type IntOrPercent } from './deployment.js';

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

/**
 * AddOrUpdateDaemonPodTolerations: each daemon default goes through AddOrUpdateTolerationInPodSpec
 * — a toleration with the same key, operator, value and effect (MatchToleration, which ignores
 * tolerationSeconds) is replaced in place by the default (so a not-ready NoExecute toleration
 * with tolerationSeconds becomes unbounded), otherwise the default is appended.
 */
export function withDaemonTolerations(tolerations: readonly Toleration[] | undefined, hostNetwork = false): Toleration[] {
  let out = [...(tolerations ?? [])];
  for (const d of daemonPodTolerations(hostNetwork)) {
    const matches = (x: Toleration) => (x.key ?? '') === d.key && (x.operator ?? 'Equal') === d.operator && (x.value ?? '') === '' && (x.effect ?? '') === d.effect;
    if (out.some(matches)) out = out.map((x) => (matches(x) ? { ...d } : x));
    else out.push(d);
  }
  return out;
}

/** failedPodsBackoff: flowcontrol.NewBackOff(1s, 15m) in kube-controller-manager's DaemonSet controller. */
export const FAILED_POD_BACKOFF: BackoffConfig = { initialMs: 1_000, maxMs: 15 * 60_000 };

/** failedPodsBackoffKey: per DaemonSet, observed generation and node, so an update starts over. */
export function failedPodsBackoffKey(dsUid: string, observedGeneration: number, nodeName: string): string {
  return `${dsUid}/${observedGeneration}/${nodeName}`;
}

/** Events of podsShouldBeOnNode for finished daemon pods, worded as upstream. */
export const DaemonPodEvent = {
  failed: (ns: string, pod: string, node: string) => ({ reason: 'FailedDaemonPod', message: `Found failed daemon pod ${ns}/${pod} on node ${node}, will try to kill it` }),
  succeeded: (ns: string, pod: string, node: string) => ({ reason: 'SucceededDaemonPod', message: `Found succeeded daemon pod ${ns}/${pod} on node ${node}, will try to delete it` }),
};

/** podByCreationTimestampAndPhase: scheduled first, then oldest, then by name — the first is kept. */
export function compareDaemonPodsToKeep(
  a: { nodeName?: string; created?: number; name: string }, b: { nodeName?: string; created?: number; name: string },
): number {
  const sa = a.nodeName ? 1 : 0, sb = b.nodeName ? 1 : 0;
  if (sa !== sb) return sb - sa;
  const ca = a.created ?? 0, cb = b.created ?? 0;
  if (ca !== cb) return ca - cb;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
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
  const fitsSelector = nodeSelectorMapMatches(spec.nodeSelector, node.labels);
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const fitsAffinity = !terms || nodeSelectorTermsMatch(terms, node);
  if (!fitsName || !fitsSelector || !fitsAffinity) return { shouldRun: false, shouldContinueRunning: false };
  const tols = withDaemonTolerations(spec.tolerations, spec.hostNetwork === true);
  const untolerated = (effects: string[]) => (node.taints ?? []).some((t) => effects.includes(t.effect) && !tolerationsTolerateTaint(tols, t));
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
