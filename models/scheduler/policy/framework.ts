// The scheduling framework: extension-point interfaces, the closed Status vocabulary and the
// per-cycle state. Shapes follow kube-scheduler's framework (pkg/scheduler/framework), reduced to
// what k8sim models. Everything is pure and synchronous: no clocks, no randomness, no I/O.
import type { LabelSelector } from '../../api/types.js';
import type { PodInfo, NodeInfo, SchedulerCache } from './node-info.js';
import type { SpreadOwners } from './plugins/default-selector.js';

/** Highest score a Score plugin may give after normalisation (framework.MaxNodeScore). */
export const MaxNodeScore = 100;

/**
 * Closed status vocabulary. Consequences:
 * - Success: the node passes this extension point.
 * - Unschedulable: the node fails, but preemption (removing lower-priority pods) might help.
 * - UnschedulableAndUnresolvable: the node fails and preemption cannot help; DefaultPreemption
 *   skips such nodes.
 * - Error: an internal error; the pod goes to the backoff queue, not the unschedulable pool.
 * - Skip: only from PreFilter/PreScore — the plugin has nothing to do for this pod this cycle;
 *   its Filter/Score is not run (upstream framework.Skip).
 */
export const Code = {
  Success: 0,
  Error: 1,
  Unschedulable: 2,
  UnschedulableAndUnresolvable: 3,
  Skip: 4,
} as const;
export type Code = (typeof Code)[keyof typeof Code];

export const CodeName: Record<Code, string> = {
  0: 'Success', 1: 'Error', 2: 'Unschedulable', 3: 'UnschedulableAndUnresolvable', 4: 'Skip',
};

/** A plugin's verdict. `null` is used for Success on hot paths to avoid allocation. */
export class Status {
  constructor(
    readonly code: Code,
    readonly reasons: readonly string[],
    /**
     * The plugin that produced it: stamped by the framework on a rejection (runFilters, the
     * PreFilter loop, static verdicts) the first time it sees it — a plugin's Status objects are
     * its own, so the stamp never changes. scheduling.csv groups the verdicts by it.
     */
    public plugin = '',
  ) {}
  message(): string { return this.reasons.join(', '); }
  isRejected(): boolean { return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable; }
  static unschedulable(...reasons: string[]): Status { return new Status(Code.Unschedulable, reasons); }
  static unresolvable(...reasons: string[]): Status { return new Status(Code.UnschedulableAndUnresolvable, reasons); }
  static error(msg: string): Status { return new Status(Code.Error, [msg]); }
}
export const SKIP = new Status(Code.Skip, []);

/**
 * Per-cycle scratch space. Each plugin owns one slot (its index in the profile, assigned when
 * the profile is built) and stores its PreFilter/PreScore results there; plugins never read each
 * other's slots. Slots are an array rather than a map because Filter/Score read them per node.
 */
export class CycleState {
  readonly slots: unknown[] = [];
  /**
   * Caller-provided: the Services/ReplicationControllers/ReplicaSets/StatefulSets PodTopologySpread
   * builds a pod's DefaultSelector from (upstream: the plugin's listers); undefined = no default
   * spreading.
   */
  spreadOwners: SpreadOwners | undefined = undefined;
  /** That selector (with its index key) once computed this cycle (null: it is empty); undefined = not yet computed. */
  defaultSpreadSelector: { readonly selector: LabelSelector; readonly id: string } | null | undefined = undefined;
  /** Caller-provided: namespace labels for InterPodAffinity's namespaceSelector; undefined = only kubernetes.io/metadata.name. */
  namespaceLabels: ((namespace: string) => Readonly<Record<string, string>>) | undefined = undefined;
  /** Caller-provided: the PersistentVolumeClaims the VolumeBinding PreFilter looks up. */
  claims: ClaimLookup | undefined = undefined;
  /**
   * Set by PreFilter plugins whose result narrows the nodes (upstream PreFilterResult.NodeNames):
   * only these nodes (cache order) are filtered; preFilterPlugins names who narrowed them.
   */
  preFilterNodes: NodeInfo[] | undefined = undefined;
  preFilterPlugins: string[] = [];
  /**
   * Set by scheduleOne before PreScore: the cache slots (NodeInfo.slot) of the feasible nodes, in
   * the order of the node list PreScore/Score get, so index-backed scorers read typed arrays by
   * slot without touching each NodeInfo; undefined (direct callers) = read nodes[j].slot.
   */
  feasibleSlots: Int32Array | undefined = undefined;
  /** Filters active this cycle (those whose PreFilter did not return Skip); used by preemption. */
  filters: readonly FilterPlugin[] = [];
  clone(): CycleState {
    const c = new CycleState();
    for (let i = 0; i < this.slots.length; i++) c.slots[i] = this.slots[i];
    c.spreadOwners = this.spreadOwners;
    c.defaultSpreadSelector = this.defaultSpreadSelector;
    c.claims = this.claims;
    c.namespaceLabels = this.namespaceLabels;
    c.filters = this.filters;
    return c;
  }
}

/** What VolumeBinding needs to know of a PersistentVolumeClaim (undefined: it does not exist). */
export interface ClaimInfo {
  phase: string | undefined;
  volumeName?: string | undefined;
  /** metadata.deletionTimestamp is set. */
  deleting: boolean;
  /** Its class binds at once (volumeBindingMode Immediate, the default), not WaitForFirstConsumer. */
  immediate: boolean;
}
export type ClaimLookup = (namespace: string, name: string) => ClaimInfo | undefined;

/** Root of all plugins. */
export interface Plugin { readonly name: string }

/** Runs once per cycle before Filter. May return SKIP (Filter then not run) or a rejection for all nodes. */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo, cache: SchedulerCache): Status | null;
}

/**
 * upstream PreFilterExtensions: keep a plugin's PreFilter state true when a dry run adds a pod to
 * a node (nominated pods, a reprieved victim) or removes one (a preemption victim). forkState
 * replaces the plugin's slot in `state` (a clone) with a copy the calls may change.
 */
export interface PreFilterExtensions extends Plugin {
  forkState(state: CycleState): void;
  addPod(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): void;
  removePod(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): void;
}
export function hasPreFilterExtensions(p: Plugin): p is PreFilterExtensions {
  return typeof (p as PreFilterExtensions).forkState === 'function';
}

/** Per node. `null` = Success. Must not mutate the NodeInfo. */
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null;
  /**
   * True when the verdict depends only on the pod's spec and the node's name, labels, taints and
   * unschedulable flag (never on the pods on it): a pending pod's retries may reuse it while the
   * node is unchanged (see static-verdicts.ts).
   */
  readonly nodeStatic?: boolean;
}

/** Once per cycle before Score, over the feasible nodes `nodes[0..n)`. SKIP = do not score. */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], n: number, cache: SchedulerCache): Status | null;
}

/** Raw score of one feasible node (an integer). */
export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: PodInfo, node: NodeInfo): number;
}

/**
 * Optional on a ScorePlugin: the raw scores of nodes[0..n) in one call (the same numbers as
 * score() node by node), so a plugin whose PreScore already walks the feasible nodes does not pay
 * a call per node; the cycle may then fuse it with the resource scores.
 */
export interface BatchScorePlugin extends ScorePlugin {
  scoreAll(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], n: number, out: Float64Array): void;
}
export function isBatchScore(p: Plugin): p is BatchScorePlugin { return typeof (p as BatchScorePlugin).scoreAll === 'function'; }

/** Optional: rescales raw scores of nodes[0..n) in place to [0, MaxNodeScore]. */
export interface NormalizeScorePlugin extends Plugin {
  normalizeScore(state: CycleState, pod: PodInfo, scores: Float64Array, nodes: readonly NodeInfo[], n: number): void;
}

export function isPreFilter(p: Plugin): p is PreFilterPlugin { return typeof (p as PreFilterPlugin).preFilter === 'function'; }
export function isFilter(p: Plugin): p is FilterPlugin { return typeof (p as FilterPlugin).filter === 'function'; }
export function isPreScore(p: Plugin): p is PreScorePlugin { return typeof (p as PreScorePlugin).preScore === 'function'; }
export function isScore(p: Plugin): p is ScorePlugin { return typeof (p as ScorePlugin).score === 'function'; }
export function isNormalize(p: Plugin): p is NormalizeScorePlugin {
  return typeof (p as NormalizeScorePlugin).normalizeScore === 'function';
}

/**
 * upstream helper.DefaultNormalizeScore: scale to [0, maxPriority] by the maximum (integer
 * division); `reverse` flips. All-zero scores stay 0 (or become maxPriority when reversed).
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: Float64Array, n: number): void {
  let max = 0;
  for (let i = 0; i < n; i++) if (scores[i]! > max) max = scores[i]!;
  if (max === 0) {
    if (reverse) for (let i = 0; i < n; i++) scores[i] = maxPriority;
    return;
  }
  for (let i = 0; i < n; i++) {
    let s = Math.trunc((maxPriority * scores[i]!) / max);
    if (reverse) s = maxPriority - s;
    scores[i] = s;
  }
}
