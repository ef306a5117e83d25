// The Filter extension point on one node and the FitError message built from the verdicts: the
// pieces the scheduling cycle (schedule.ts), DefaultPreemption (preemption.ts) and the cluster
// autoscaler's scheduling simulation all share. Kept apart from schedule.ts so preemption, which
// the cycle calls, does not import the cycle back.
import { hasPreFilterExtensions, type CycleState, type FilterPlugin, type Status } from './framework.js';
import type { NodeInfo, PodInfo, SchedulerCache } from './node-info.js';

/** A clone of `state` whose active filters' PreFilter states may be changed by add/removePod below. */
export function forkState(state: CycleState, filters: readonly FilterPlugin[]): CycleState {
  const c = state.clone();
  for (const f of filters) if (hasPreFilterExtensions(f)) f.forkState(c);
  return c;
}

/** upstream RunPreFilterExtensionAddPod / RemovePod over the active filters. */
export function addPodToState(state: CycleState, filters: readonly FilterPlugin[], pod: PodInfo, added: PodInfo, node: NodeInfo): void {
  for (const f of filters) if (hasPreFilterExtensions(f)) f.addPod(state, pod, added, node);
}
export function removePodFromState(state: CycleState, filters: readonly FilterPlugin[], pod: PodInfo, removed: PodInfo, node: NodeInfo): void {
  for (const f of filters) if (hasPreFilterExtensions(f)) f.removePod(state, pod, removed, node);
}

/**
 * Run the filters on one node, first with the higher-or-equal-priority pods nominated to it
 * added — to the node and to the PreFilter states (upstream addNominatedPods:
 * RunPreFilterExtensionAddPod), so they count in topology spread and pod (anti-)affinity — then
 * without them if that passed (upstream RunFilterPluginsWithNominatedPods).
 */
export function runFilters(filters: readonly FilterPlugin[], state: CycleState, pod: PodInfo, node: NodeInfo,
  cache: SchedulerCache): Status | null {
  const nom = cache.nominated.size === 0 ? undefined : cache.nominated.get(node.name);
  if (nom !== undefined) {
    let withNom: NodeInfo | null = null;
    let nomState = state;
    for (const p of nom) {
      if (p.key === pod.key || p.priority < pod.priority) continue;
      if (withNom === null) { withNom = node.clone(); nomState = forkState(state, filters); }
      withNom.addPod(p);
      addPodToState(nomState, filters, pod, p, withNom);
    }
    if (withNom) {
      for (let i = 0; i < filters.length; i++) {
        const st = filters[i]!.filter(nomState, pod, withNom);
        if (st !== null) return st;
      }
    }
  }
  for (let i = 0; i < filters.length; i++) {
    const st = filters[i]!.filter(state, pod, node);
    if (st !== null) return st;
  }
  return null;
}

/** upstream FitError.Error(): "0/N nodes are available: <count reason, ...sorted>." */
export function fitErrorMessage(numAllNodes: number, reasons: Map<string, number>, preFilterMsg = ''): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (preFilterMsg) return `${msg} ${preFilterMsg}.`;
  const parts: string[] = [];
  for (const [r, c] of reasons) parts.push(`${c} ${r}`);
  parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)); // Go sort.Strings: byte order
  if (parts.length) msg += ` ${parts.join(', ')}.`;
  return msg;
}

/**
 * One cycle's Filter verdicts by node slot (SchedulerCache.nodes order, NodeInfo.slot): undefined
 * for a node that passed or was not evaluated. An array, not a Map keyed by node name: a cycle that
 * fails at 5,000 nodes records 5,000 verdicts, and building a 5,000-entry string-keyed Map per
 * failed attempt was most of the cost of a pending pod's retries.
 */
export type NodeStatuses = ReadonlyArray<Status | undefined>;

/** Filter reason → how many nodes gave it (the counts FitError prints). */
export function histogram(statuses: NodeStatuses | Iterable<Status | undefined>): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of statuses) if (s !== undefined) for (const r of s.reasons) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}
