// NodeAffinity: Filter = spec.nodeSelector AND required node affinity (terms ORed, expressions
// ANDed); Score = Σ weights of matching preferred terms, normalised by the maximum.
import { Code, MaxNodeScore, SKIP, Status, defaultNormalizeScore, type CycleState, type FilterPlugin,
  type NormalizeScorePlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../framework.js';
import type { NodeInfo, PodInfo } from '../node-info.js';
import type { Pod } from '../../../api/types.js';
import { nodeSelectorMapMatches, nodeSelectorTermMatches, nodeSelectorTermsMatch, type NodeFacts } from '../../../api/policy/labels.js';

export const ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
const REJECT = new Status(Code.UnschedulableAndUnresolvable, [ErrReasonPod]);

/** Required part (nodeSelector + required terms); shared with PodTopologySpread's node inclusion. */
export function podMatchesNodeRequirements(pod: Pod, node: NodeFacts): boolean {
  if (!nodeSelectorMapMatches(pod.spec.nodeSelector, node.labels)) return false;
  const req = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (req && !nodeSelectorTermsMatch(req.nodeSelectorTerms, node)) return false;
  return true;
}

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, NormalizeScorePlugin {
  readonly name = 'NodeAffinity';
  readonly nodeStatic = true;
  constructor(private readonly slot: number) {}

  preFilter(_s: CycleState, pod: PodInfo): Status | null {
    const sp = pod.pod.spec;
    const hasSel = sp.nodeSelector && Object.keys(sp.nodeSelector).length > 0;
    return hasSel || sp.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ? null : SKIP;
  }

  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    return podMatchesNodeRequirements(pod.pod, node) ? null : REJECT;
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    const pref = pod.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    if (!pref || pref.length === 0) return SKIP;
    state.slots[this.slot] = pref;
    return null;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const pref = state.slots[this.slot] as { weight: number; preference: Parameters<typeof nodeSelectorTermMatches>[0] }[];
    let s = 0;
    for (const t of pref) {
      if (t.weight !== 0 && nodeSelectorTermMatches(t.preference, node)) s += t.weight;
    }
    return s;
  }

  normalizeScore(_s: CycleState, _p: PodInfo, scores: Float64Array, _nodes: readonly NodeInfo[], n: number): void {
    defaultNormalizeScore(MaxNodeScore, false, scores, n);
  }
}
