// The Filter extension point on one node and the FitError message built from the verdicts: the
// pieces the scheduling cycle (schedule.ts), DefaultPreemption (preemption.ts) and the cluster
// autoscaler's scheduling simulation all share. Kept apart from schedule.ts so preemption, which
// the cycle calls, does not import the cycle back.
import type { CycleState, FilterPlugin, Status } from './framework.js';
import type { NodeInfo, PodInfo, SchedulerCache } from './node-info.js';

/**
 * Run the filters on one node, first with the higher-or-equal-priority pods nominated to it
 * added (upstream RunFilterPluginsWithNominatedPods), then without them if that passed.
 */
export function runFilters(filters: readonly FilterPlugin[], state: CycleState, pod: PodInfo, node: NodeInfo,
  cache: SchedulerCache): Status | null {
  const nom = cache.nominated.size === 0 ? undefined : cache.nominated.get(node.name);
  if (nom !== undefined) {
    let withNom: NodeInfo | null = null;
    for (const p of nom) {
      if (p.key === pod.key || p.priority < pod.priority) continue;
      withNom ??= node.clone();
      withNom.addPod(p);
    }
    if (withNom) {
      for (let i = 0; i < filters.length; i++) {
        const st = filters[i]!.filter(state, pod, withNom);
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

/**
 * upstream FitError.Error(): "0/N nodes are available: <count reason, ...sorted>." — or the
 * PreFilter message instead of the node counts — then the PostFilter message (preemption's) after
 * a space, without a full stop of its own.
 */
export function fitErrorMessage(numAllNodes: number, reasons: Map<string, number>, preFilterMsg = '', postFilterMsg = ''): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (preFilterMsg) msg += ` ${preFilterMsg}.`;
  else {
    const parts: string[] = [];
    for (const [r, c] of reasons) parts.push(`${c} ${r}`);
    parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)); // Go sort.Strings: byte order
    if (parts.length) msg += ` ${parts.join(', ')}.`;
  }
  return postFilterMsg ? `${msg} ${postFilterMsg}` : msg;
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
