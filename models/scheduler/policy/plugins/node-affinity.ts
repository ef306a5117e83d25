// NodeAffinity: Filter = spec.nodeSelector AND required node affinity (terms ORed, expressions
// ANDed); Score = Σ weights of matching preferred terms, normalised by the maximum.
// PreFilter (upstream): when every required term pins `metadata.name` (matchFields In), only
// those nodes are filtered (PreFilterResult.NodeNames; a term's In lists are intersected, the
// terms' sets united), the others get "node(s) didn't satisfy plugin(s) [NodeAffinity]"; terms
// whose name sets are all empty conflict: "pod affinity terms conflict" for every node.
import { Code, MaxNodeScore, SKIP, Status, defaultNormalizeScore, type CycleState, type FilterPlugin,
  type NormalizeScorePlugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../framework.js';
import type { NodeInfo, PodInfo, SchedulerCache } from '../node-info.js';
import type { NodeSelectorTerm, Pod } from '../../../api/types.js';
import { nodeSelectorMapMatches, nodeSelectorTermMatches, nodeSelectorTermsMatch, type NodeFacts } from '../../../api/policy/labels.js';

export const ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";
export const ErrReasonConflict = 'pod affinity terms conflict';
const REJECT = new Status(Code.UnschedulableAndUnresolvable, [ErrReasonPod]);
const CONFLICT = new Status(Code.UnschedulableAndUnresolvable, [ErrReasonConflict]);

/**
 * upstream NodeAffinity PreFilter's node names: null when some term does not pin metadata.name
 * (every node is eligible: terms are ORed); else the union over terms of the intersection of
 * each term's `metadata.name In` lists.
 */
export function requiredNodeNames(terms: readonly NodeSelectorTerm[]): Set<string> | null {
  let names: Set<string> | null = null;
  for (const t of terms) {
    let termNames: Set<string> | null = null;
    for (const r of t.matchFields ?? []) {
      if (r.key !== 'metadata.name' || r.operator !== 'In') continue;
      const s = new Set<string>(r.values ?? []);
      termNames = termNames === null ? s : new Set([...termNames].filter((x: string) => s.has(x)));
    }
    if (termNames === null) return null;
    names ??= new Set();
    for (const x of termNames) names.add(x);
  }
  return names;
}

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

  preFilter(state: CycleState, pod: PodInfo, cache: SchedulerCache): Status | null {
    const sp = pod.pod.spec;
    const hasSel = sp.nodeSelector && Object.keys(sp.nodeSelector).length > 0;
    const req = sp.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!hasSel && !req) return SKIP;
    if (req) {
      const names = requiredNodeNames(req.nodeSelectorTerms);
      if (names !== null) {
        if (names.size === 0) return CONFLICT;
        const nodes: NodeInfo[] = [];
        for (const n of names) { const ni = cache.getNode(n); if (ni !== undefined) nodes.push(ni); }
        nodes.sort((a, b) => a.slot - b.slot);
        state.preFilterNodes = nodes;
        state.preFilterPlugins.push(this.name);
      }
    }
    return null;
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
