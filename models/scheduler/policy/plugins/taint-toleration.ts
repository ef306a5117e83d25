// TaintToleration: Filter rejects a node with an untolerated NoSchedule/NoExecute taint with
// upstream's one reason, `node(s) had untolerated taint(s)` (current releases; older ones named
// the first such taint, `node(s) had untolerated taint {key: value}`); Score counts untolerated
// PreferNoSchedule taints, normalised reversed (fewer is better); skipped (constant score) when
// no feasible node has a PreferNoSchedule taint.
//
// Not-ready / unreachable nodes: as upstream, they are represented by taints the node lifecycle
// controller adds (node.kubernetes.io/not-ready and node.kubernetes.io/unreachable, NoSchedule
// and NoExecute). The caller (node controller model) adds those taints; this plugin only reads them.
import { Code, MaxNodeScore, SKIP, Status, defaultNormalizeScore, type CycleState, type FilterPlugin,
  type NormalizeScorePlugin, type PreScorePlugin, type ScorePlugin } from '../framework.js';
import type { NodeInfo, PodInfo, SchedulerCache } from '../node-info.js';
import type { Toleration } from '../../../api/types.js';
import { tolerationsTolerateTaint, toleratesNoScheduleTaints } from '../../../api/policy/taints.js';

const NONE: readonly Toleration[] = Object.freeze([]);

function anyPreferNoSchedule(nodes: readonly NodeInfo[], n: number): boolean {
  for (let j = 0; j < n; j++) {
    const taints = nodes[j]!.taints;
    for (let i = 0; i < taints.length; i++) if (taints[i]!.effect === 'PreferNoSchedule') return true;
  }
  return false;
}

/** upstream's Filter reason (one string for every taint, so the FitError counts them together). */
export const ErrReasonUntoleratedTaints = 'node(s) had untolerated taint(s)';
const REJECT = new Status(Code.UnschedulableAndUnresolvable, [ErrReasonUntoleratedTaints]);

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin, NormalizeScorePlugin {
  readonly name = 'TaintToleration';
  readonly nodeStatic = true;
  constructor(private readonly slot: number) {}

  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const taints = node.taints;
    if (taints.length === 0) return null;
    return toleratesNoScheduleTaints(pod.pod.spec.tolerations, taints) ? null : REJECT;
  }

  /**
   * Skip when none of the feasible nodes has a PreferNoSchedule taint: every raw score is then 0,
   * normalised (reversed) to MaxNodeScore on every node, a constant that cannot change the
   * ranking or the set of tied top nodes (as upstream's PreScore Skip: the plugin is not scored).
   */
  preScore(state: CycleState, pod: PodInfo, nodes?: readonly NodeInfo[], n = 0, cache?: SchedulerCache): Status | null {
    if (cache !== undefined && cache.numNodesWithPreferNoSchedule === 0) return SKIP;
    if (nodes !== undefined && !anyPreferNoSchedule(nodes, n)) return SKIP;
    // Tolerations with effect PreferNoSchedule or empty (upstream getAllTolerationPreferNoSchedule).
    const all = pod.pod.spec.tolerations;
    const tols = all === undefined || all.length === 0 ? NONE : all.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    state.slots[this.slot] = tols;
    return null;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const taints = node.taints;
    if (taints.length === 0) return 0;
    const tols = state.slots[this.slot] as Toleration[];
    let n = 0;
    for (const t of taints) if (t.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tols, t)) n++;
    return n;
  }

  normalizeScore(_s: CycleState, _p: PodInfo, scores: Float64Array, _nodes: readonly NodeInfo[], n: number): void {
    defaultNormalizeScore(MaxNodeScore, true, scores, n);
  }
}
