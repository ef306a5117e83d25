// CA's scheduling simulation over the live scheduler cache, as upstream's ClusterSnapshot does
// with Fork/Revert: template nodes and moved pods are added to the cache, the pure scheduler
// filters are run against it, and every change is undone before the CA's loop returns. Nothing
// else runs in between (the kernel is single-threaded), so the scheduler never sees the fork.

import { Code, CycleState, SKIP, type FilterPlugin, type Status } from '../../scheduler/policy/framework.js';
import { makePodInfo, type NodeInfo, type PodInfo, type SchedulerCache } from '../../scheduler/policy/node-info.js';
import type { Profile } from '../../scheduler/policy/profile.js';
import { runFilters } from '../../scheduler/policy/filter.js';
import type { Node, Pod, PodResources } from '../../api/types.js';

type Change =
  | { op: 'addNode'; name: string }
  | { op: 'addPod'; key: string }
  | { op: 'removePod'; pi: PodInfo; node: string };

/** A reversible set of changes to a SchedulerCache. */
export class CacheFork {
  private readonly log: Change[] = [];
  private readonly savedStart: number;
  constructor(readonly cache: SchedulerCache) {
    this.savedStart = cache.nextStartNodeIndex;
  }

  mark(): number { return this.log.length; }

  addNode(node: Node): NodeInfo {
    const ni = this.cache.addNode(node);
    this.log.push({ op: 'addNode', name: node.metadata.name });
    return ni;
  }

  addPod(pi: PodInfo, nodeName: string): void {
    this.cache.addPodInfo(pi, nodeName);
    this.log.push({ op: 'addPod', key: pi.key });
  }

  removePod(key: string): PodInfo | undefined {
    const node = this.cache.nodeOfPod(key);
    const pi = this.cache.removePod(key);
    if (pi && node !== undefined) this.log.push({ op: 'removePod', pi, node });
    return pi;
  }

  /** Undo changes back to `mark` (newest first). */
  rollbackTo(mark: number): void {
    while (this.log.length > mark) {
      const c = this.log.pop()!;
      if (c.op === 'addNode') this.cache.removeNode(c.name);
      else if (c.op === 'addPod') this.cache.removePod(c.key);
      else this.cache.addPodInfo(c.pi, c.node);
    }
  }

  revert(): void {
    this.rollbackTo(0);
    this.cache.nextStartNodeIndex = this.savedStart < this.cache.nodes.length ? this.savedStart : 0;
  }
}

/** A pod prepared for filtering: PreFilter ran against the cache as it is now. */
export interface Prepared {
  state: CycleState;
  filters: readonly FilterPlugin[];
  /** A PreFilter rejection (applies to every node). */
  rejected?: Status;
}

export function prepare(pi: PodInfo, cache: SchedulerCache, profile: Profile): Prepared {
  const state = new CycleState();
  const skipped = new Set<unknown>();
  for (const pf of profile.preFilters) {
    const st = pf.preFilter(state, pi, cache);
    if (st === null) continue;
    if (st === SKIP || st.code === Code.Skip) { skipped.add(pf); continue; }
    return { state, filters: profile.filters, rejected: st };
  }
  const filters = skipped.size ? profile.filters.filter((f) => !skipped.has(f)) : profile.filters;
  state.filters = filters;
  return { state, filters };
}

/** null if the pod passes every filter on the node, else the first failing status. */
export function checkNode(p: Prepared, pi: PodInfo, ni: NodeInfo, cache: SchedulerCache): Status | null {
  if (p.rejected) return p.rejected;
  return runFilters(p.filters, p.state, pi, ni, cache);
}

export interface PendingPod {
  pod: Pod;
  res: PodResources;
}

export interface BinpackResult {
  nodeCount: number;
  /** Indices (into the input) of the pods the new nodes take. */
  scheduled: number[];
  /** For pods that do not fit even on an empty template node: the filter reasons. */
  rejectReasons: Map<number, string[]>;
}

/**
 * Upstream's BinpackingNodeEstimator: pods in decreasing order of
 * cpu/allocatableCpu + mem/allocatableMem of the template; each goes on a new node already
 * opened if it fits there (the last opened first, then the others in order), else a new
 * template node is opened if fewer than `maxNodes` are open and the pod fits on it. Only the
 * scheduler's filters are consulted (hard constraints); preferences are ignored.
 * `makeTemplate(k)` returns the k-th new node; `open` adds it to the fork (with the DaemonSet
 * pods it would run; default: the bare node). The caller reverts the fork.
 */
export function binpack(fork: CacheFork, profile: Profile, pods: readonly PendingPod[], maxNodes: number,
  makeTemplate: (k: number) => Node,
  openNode: (fork: CacheFork, node: Node) => NodeInfo = (f, n) => f.addNode(n)): BinpackResult {
  const cache = fork.cache;
  const out: BinpackResult = { nodeCount: 0, scheduled: [], rejectReasons: new Map() };
  if (pods.length === 0) return out;
  const t0 = makeTemplate(0);
  const allocCpu = t0.status.allocatable['cpu'] ?? 0;
  const allocMem = t0.status.allocatable['memory'] ?? 0;
  const score = (p: PendingPod) => (allocCpu > 0 ? (p.res.requests['cpu'] ?? 0) / allocCpu : 0)
    + (allocMem > 0 ? (p.res.requests['memory'] ?? 0) / allocMem : 0);
  const order = pods.map((_, i) => i);
  const scores = pods.map(score);
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  const open: NodeInfo[] = [];
  for (const i of order) {
    const p = pods[i]!;
    const pi = makePodInfo(p.pod, p.res);
    let placed: NodeInfo | undefined;
    if (open.length) {
      const prep = prepare(pi, cache, profile);
      const last = open[open.length - 1]!;
      if (checkNode(prep, pi, last, cache) === null) placed = last;
      else for (const ni of open) if (ni !== last && checkNode(prep, pi, ni, cache) === null) { placed = ni; break; }
    }
    if (!placed) {
      if (open.length >= maxNodes) continue;
      const mark = fork.mark();
      const node = open.length === 0 ? t0 : makeTemplate(open.length);
      const ni = openNode(fork, node);
      const prep = prepare(pi, cache, profile);
      const st = checkNode(prep, pi, ni, cache);
      if (st !== null) {
        fork.rollbackTo(mark);
        out.rejectReasons.set(i, [...st.reasons]);
        continue;
      }
      open.push(ni);
      placed = ni;
    }
    fork.addPod(pi, placed.name);
    out.scheduled.push(i);
  }
  out.nodeCount = open.length;
  out.scheduled.sort((a, b) => a - b);
  return out;
}
