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
        if (st !== null) return stamp(st, filters[i]!);
      }
    }
  }
  for (let i = 0; i < filters.length; i++) {
    const st = filters[i]!.filter(state, pod, node);
    if (st !== null) return stamp(st, filters[i]!);
  }
  return null;
}

/** Name the plugin on a rejection (once: a plugin's statuses are its own; see Status.plugin). */
export function stamp(st: Status, plugin: { readonly name: string }): Status {
  if (st.plugin === '') st.plugin = plugin.name;
  return st;
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

/**
 * One row of a failed cycle's verdicts (scheduling.csv): how many nodes `plugin` rejected at
 * `extensionPoint` with `reason`. A node rejected for two reasons (Insufficient cpu and memory)
 * counts in both rows, as in FitError's counts.
 */
export interface Verdict {
  extensionPoint: 'PreFilter' | 'Filter' | 'PostFilter';
  plugin: string;
  reason: string;
  /** Nodes rejected; undefined for the PostFilter row when preemption found no node. */
  nodes: number | undefined;
}

/**
 * A failed cycle's statuses grouped by plugin and reason: plugins in `order` (the profile's),
 * unknown ones after them by name, reasons in byte order. Only failed cycles call it.
 */
export function verdicts(statuses: NodeStatuses, extensionPoint: 'PreFilter' | 'Filter', order: readonly string[]): Verdict[] {
  const byStatus = new Map<Status, number>();
  for (const s of statuses) if (s !== undefined) byStatus.set(s, (byStatus.get(s) ?? 0) + 1);
  const counts = new Map<string, Map<string, number>>();
  for (const [s, n] of byStatus) {
    let m = counts.get(s.plugin);
    if (m === undefined) counts.set(s.plugin, (m = new Map()));
    for (const r of s.reasons) m.set(r, (m.get(r) ?? 0) + n);
  }
  const rank = (p: string) => { const i = order.indexOf(p); return i < 0 ? order.length : i; };
  const plugins = [...counts.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const out: Verdict[] = [];
  for (const plugin of plugins) {
    const m = counts.get(plugin)!;
    for (const reason of [...m.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) out.push({ extensionPoint, plugin, reason, nodes: m.get(reason)! });
  }
  return out;
}

/** Filter reason → how many nodes gave it (the counts FitError prints). */
export function histogram(statuses: NodeStatuses | Iterable<Status | undefined>): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of statuses) if (s !== undefined) for (const r of s.reasons) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}
