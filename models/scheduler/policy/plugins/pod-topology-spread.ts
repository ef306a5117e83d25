// PodTopologySpread.
// Filter (whenUnsatisfiable: DoNotSchedule): for each constraint, with counts of matching pods per
// domain over all nodes that pass the pod's nodeSelector/required affinity (nodeAffinityPolicy
// Honor) and carry every constraint's topology key:
//   matchNum(node's domain) + selfMatch − globalMin > maxSkew → reject.
// globalMin is 0 when minDomains > number of domains. A node missing a topology key is
// UnschedulableAndUnresolvable ("... (missing required label)").
// Score (ScheduleAnyway; or the system defaults when the pod has no constraints and the caller
// says Services/ReplicaSets/StatefulSets select it — CycleState.defaultSpreadSelector):
//   raw = round(Σ_c cnt_c × ln(numDomains_c + 2) + (maxSkew_c − 1))
//   normalised: ignored nodes 0; maxRaw == 0 → 100; else 100 × (max + min − raw) / max.
// Nodes are expected to carry kubernetes.io/hostname (the caller labels them).
import { Code, MaxNodeScore, SKIP, Status, type CycleState, type FilterPlugin, type NormalizeScorePlugin,
  type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../framework.js';
import type { NodeInfo, PodInfo, SchedulerCache } from '../node-info.js';
import type { LabelSelector, TopologySpreadConstraint } from '../../../api/types.js';
import { selectorMatches, type Labels } from '../../../api/policy/labels.js';
import { podMatchesNodeRequirements } from './node-affinity.js';
import { goRound } from './node-resources-fit.js';

export const ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
export const ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + ' (missing required label)';
const REJECT = new Status(Code.Unschedulable, [ErrReasonConstraintsNotMatch]);
const REJECT_LABEL = new Status(Code.UnschedulableAndUnresolvable, [ErrReasonNodeLabelNotMatch]);
export const LabelHostname = 'kubernetes.io/hostname';
export const LabelZone = 'topology.kubernetes.io/zone';

interface Constraint {
  maxSkew: number;
  key: string;
  selector: LabelSelector;
  minDomains: number;
}

const NO_CONSTRAINTS: Constraint[] = [];

/** Pod's constraints of one kind, with matchLabelKeys merged into the selector. */
function podConstraints(pod: PodInfo, kind: 'DoNotSchedule' | 'ScheduleAnyway'): Constraint[] {
  const tsc: readonly TopologySpreadConstraint[] | undefined = pod.pod.spec.topologySpreadConstraints;
  if (tsc === undefined || tsc.length === 0) return NO_CONSTRAINTS;
  const out: Constraint[] = [];
  for (const c of tsc) {
    if (c.whenUnsatisfiable !== kind) continue;
    let selector: LabelSelector = c.labelSelector ?? { matchLabels: { '\u0000nothing': '\u0000' } };
    if (c.matchLabelKeys && c.labelSelector) {
      const extra = c.matchLabelKeys.filter((k) => k in pod.labels)
        .map((k) => ({ key: k, operator: 'In' as const, values: [pod.labels[k]!] }));
      if (extra.length) selector = { ...selector, matchExpressions: [...(selector.matchExpressions ?? []), ...extra] };
    }
    out.push({ maxSkew: c.maxSkew, key: c.topologyKey, selector, minDomains: c.minDomains ?? 1 });
  }
  return out;
}

function hasAllKeys(labels: Labels, cs: readonly Constraint[]): boolean {
  for (const c of cs) if (!(c.key in labels)) return false;
  return true;
}

export function countPodsMatchSelector(pods: readonly PodInfo[], selector: LabelSelector, ns: string): number {
  let n = 0;
  for (const p of pods) {
    if (p.terminating || p.namespace !== ns) continue;
    if (selectorMatches(selector, p.labels)) n++;
  }
  return n;
}

interface FilterState {
  cs: Constraint[];
  /** Per constraint: domain value → matching pods. */
  counts: Map<string, number>[];
  min: number[];
  selfMatch: number[];
}

interface ScoreState {
  cs: Constraint[];
  counts: Map<string, number>[];
  weight: number[];
  ignored: Set<string>;
}

export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, NormalizeScorePlugin {
  readonly name = 'PodTopologySpread';
  constructor(private readonly slot: number) {}

  preFilter(state: CycleState, pod: PodInfo, cache: SchedulerCache): Status | null {
    const cs = podConstraints(pod, 'DoNotSchedule');
    if (cs.length === 0) return SKIP;
    const counts = cs.map(() => new Map<string, number>());
    for (const ni of cache.nodes) {
      if (!podMatchesNodeRequirements(pod.pod, ni)) continue;
      if (!hasAllKeys(ni.labels, cs)) continue;
      for (let i = 0; i < cs.length; i++) {
        const c = cs[i]!;
        const v = ni.labels[c.key]!;
        counts[i]!.set(v, (counts[i]!.get(v) ?? 0) + countPodsMatchSelector(ni.pods, c.selector, pod.namespace));
      }
    }
    const min = counts.map((m) => {
      let x = 0x7fffffff; // upstream critical paths start at MaxInt32
      for (const v of m.values()) if (v < x) x = v;
      return x;
    });
    const selfMatch = cs.map((c) => (selectorMatches(c.selector, pod.labels) ? 1 : 0));
    state.slots[this.slot] = { cs, counts, min, selfMatch } satisfies FilterState;
    return null;
  }

  filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status | null {
    const s = state.slots[this.slot] as FilterState;
    for (let i = 0; i < s.cs.length; i++) {
      const c = s.cs[i]!;
      const v = node.labels[c.key];
      if (v === undefined) return REJECT_LABEL;
      const m = s.counts[i]!;
      const globalMin = c.minDomains > m.size ? 0 : s.min[i]!;
      const skew = (m.get(v) ?? 0) + s.selfMatch[i]! - globalMin;
      if (skew > c.maxSkew) return REJECT;
    }
    return null;
  }

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], n: number, cache: SchedulerCache): Status | null {
    let cs: Constraint[];
    let requireAll: boolean;
    if ((pod.pod.spec.topologySpreadConstraints ?? []).length > 0) {
      cs = podConstraints(pod, 'ScheduleAnyway');
      requireAll = true;
    } else if (state.defaultSpreadSelector) {
      const sel = state.defaultSpreadSelector;
      cs = [
        { maxSkew: 3, key: LabelHostname, selector: sel, minDomains: 1 },
        { maxSkew: 5, key: LabelZone, selector: sel, minDomains: 1 },
      ];
      requireAll = false;
    } else return SKIP;
    if (cs.length === 0) return SKIP;
    const counts = cs.map(() => new Map<string, number>());
    const ignored = new Set<string>();
    for (let j = 0; j < n; j++) {
      const ni = nodes[j]!;
      if (requireAll && !hasAllKeys(ni.labels, cs)) { ignored.add(ni.name); continue; }
      for (let i = 0; i < cs.length; i++) {
        const c = cs[i]!;
        if (c.key === LabelHostname) continue; // per-node counts are done in Score
        const v = ni.labels[c.key] ?? '';
        if (!counts[i]!.has(v)) counts[i]!.set(v, 0);
      }
    }
    const weight = cs.map((c, i) => Math.log((c.key === LabelHostname ? n - ignored.size : counts[i]!.size) + 2));
    for (const ni of cache.nodes) {
      if (!podMatchesNodeRequirements(pod.pod, ni)) continue;
      if (requireAll && !hasAllKeys(ni.labels, cs)) continue;
      for (let i = 0; i < cs.length; i++) {
        const c = cs[i]!;
        const v = ni.labels[c.key] ?? '';
        const cur = counts[i]!.get(v);
        if (cur === undefined) continue;
        counts[i]!.set(v, cur + countPodsMatchSelector(ni.pods, c.selector, pod.namespace));
      }
    }
    state.slots[this.slot] = { cs, counts, weight, ignored } satisfies ScoreState;
    return null;
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    const s = state.slots[this.slot] as ScoreState;
    if (s.ignored.has(node.name)) return 0;
    let score = 0;
    for (let i = 0; i < s.cs.length; i++) {
      const c = s.cs[i]!;
      const v = node.labels[c.key];
      if (v === undefined) continue;
      const cnt = c.key === LabelHostname
        ? countPodsMatchSelector(node.pods, c.selector, pod.namespace)
        : s.counts[i]!.get(v) ?? 0;
      score += cnt * s.weight[i]! + (c.maxSkew - 1);
    }
    return goRound(score);
  }

  normalizeScore(state: CycleState, _p: PodInfo, scores: Float64Array, nodes: readonly NodeInfo[], n: number): void {
    const s = state.slots[this.slot] as ScoreState;
    let min = Number.MAX_SAFE_INTEGER, max = 0;
    for (let i = 0; i < n; i++) {
      if (s.ignored.has(nodes[i]!.name)) continue;
      const v = scores[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    for (let i = 0; i < n; i++) {
      if (s.ignored.has(nodes[i]!.name)) { scores[i] = 0; continue; }
      if (max === 0) { scores[i] = MaxNodeScore; continue; }
      scores[i] = Math.trunc((MaxNodeScore * (max + min - scores[i]!)) / max);
    }
  }
}
