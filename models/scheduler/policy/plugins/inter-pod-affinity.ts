// InterPodAffinity.
// Filter: (1) the pod's required affinity terms — every term's topology key must exist on the
// node and some pod matching ALL terms must be in the node's domain for each term (a pod whose
// terms match itself may go first when no pod anywhere matches); (2) the pod's required
// anti-affinity terms — no matching pod in the node's domain; (3) existing pods' required
// anti-affinity against the incoming pod.
// Score: weighted preferred terms of the incoming pod (+affinity, −anti-affinity), existing pods'
// required affinity (hardPodAffinityWeight) and preferred terms matching the incoming pod, summed
// per topology domain; min–max normalised to 0..100.
// Namespaces (upstream AffinityTerm.Matches): a term with neither `namespaces` nor a
// namespaceSelector selects its own pod's namespace; else the listed namespaces plus those whose
// labels (the Namespace object's, with `kubernetes.io/metadata.name` as the API server adds it)
// match namespaceSelector (`{}`: all). matchLabelKeys / mismatchLabelKeys: the owning pod's values
// are added to labelSelector as `In` / `NotIn` (as the API server merges them, makePodInfo).
// A term whose selectors are invalid (bad key or value, In without values…) matches nothing.
import { Code, MaxNodeScore, SKIP, Status, type CycleState, type FilterPlugin, type NormalizeScorePlugin,
  type PreFilterExtensions, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../framework.js';
import type { NodeInfo, PodInfo, SchedulerCache } from '../node-info.js';
import type { LabelSelector, PodAffinityTerm, WeightedPodAffinityTerm } from '../../../api/types.js';
import { isEmptySelector, labelKeyProblem, labelSelectorMatches, labelValueProblem, selectorMatches, validateLabelSelector,
  type Labels } from '../../../api/policy/labels.js';

export const ErrReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
export const ErrReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";
export const ErrReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";
const REJECT_AFF = new Status(Code.UnschedulableAndUnresolvable, [ErrReasonAffinityRulesNotMatch]);
const REJECT_ANTI = new Status(Code.Unschedulable, [ErrReasonAntiAffinityRulesNotMatch]);
const REJECT_EXISTING = new Status(Code.Unschedulable, [ErrReasonExistingAntiAffinityRulesNotMatch]);

/** A namespace's labels as the API server keeps them (what namespaceSelector is matched against). */
export type NamespaceLabels = (namespace: string) => Labels;
/** Without a Namespace object: only the label the API server puts on every namespace. */
export const metadataNameOnly: NamespaceLabels = (ns) => ({ 'kubernetes.io/metadata.name': ns });

const validity = new WeakMap<PodAffinityTerm, boolean>();
/** The term's selectors parse (upstream: an invalid term fails NewPodInfo and matches nothing). */
export function termValid(term: PodAffinityTerm): boolean {
  let v = validity.get(term);
  if (v === undefined) {
    v = selectorValid(term.labelSelector) && selectorValid(term.namespaceSelector);
    validity.set(term, v);
  }
  return v;
}

function selectorValid(sel: LabelSelector | undefined): boolean {
  if (sel === undefined) return true;
  try { validateLabelSelector(sel); } catch { return false; }
  for (const k in sel.matchLabels ?? {}) if (labelKeyProblem(k) || labelValueProblem(sel.matchLabels![k]!)) return false;
  for (const r of sel.matchExpressions ?? []) {
    if (labelKeyProblem(r.key)) return false;
    for (const v of r.values ?? []) if (labelValueProblem(v)) return false;
  }
  return true;
}

/** Does `term` (owned by a pod in `ownerNs`) select `target`? */
export function termMatches(term: PodAffinityTerm, ownerNs: string, target: PodInfo, nsLabels: NamespaceLabels = metadataNameOnly): boolean {
  if (!termValid(term)) return false;
  const nss = term.namespaces, sel = term.namespaceSelector;
  let nsOk: boolean;
  if ((nss === undefined || nss.length === 0) && sel === undefined) nsOk = target.namespace === ownerNs;
  else {
    nsOk = (nss !== undefined && nss.includes(target.namespace))
      || (sel !== undefined && (isEmptySelector(sel) || labelSelectorMatches(sel, nsLabels(target.namespace))));
  }
  return nsOk && selectorMatches(term.labelSelector, target.labels);
}

function matchesAll(terms: readonly PodAffinityTerm[], ownerNs: string, target: PodInfo, nsLabels: NamespaceLabels): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) if (!termMatches(t, ownerNs, target, nsLabels)) return false;
  return true;
}

const pk = (k: string, v: string): string => `${k}\u0000${v}`;
function inc(m: Map<string, number>, labels: Labels, key: string, by: number): void {
  const v = labels[key];
  if (v === undefined) return;
  const p = pk(key, v);
  const n = (m.get(p) ?? 0) + by;
  // upstream deletes a pair whose count reaches 0 (Filter reads "no pair at all" for affinity)
  if (n === 0) m.delete(p); else m.set(p, n);
}

interface FilterState {
  existingAnti: Map<string, number>;
  affinity: Map<string, number>;
  anti: Map<string, number>;
}

type TopologyScore = Map<string, Map<string, number>>;

export class InterPodAffinity implements PreFilterPlugin, PreFilterExtensions, FilterPlugin, PreScorePlugin, ScorePlugin, NormalizeScorePlugin {
  readonly name = 'InterPodAffinity';
  constructor(private readonly slot: number, private readonly scoreSlot: number, private readonly hardPodAffinityWeight = 1) {}

  preFilter(state: CycleState, pod: PodInfo, cache: SchedulerCache): Status | null {
    const ra = pod.requiredAffinity, raa = pod.requiredAntiAffinity;
    if (ra.length === 0 && raa.length === 0 && cache.numPodsWithRequiredAntiAffinity === 0) return SKIP;
    const nsl = state.namespaceLabels ?? metadataNameOnly;
    const existingAnti = new Map<string, number>();
    const affinity = new Map<string, number>();
    const anti = new Map<string, number>();
    for (const ni of cache.nodes) {
      for (const ep of ni.podsWithRequiredAntiAffinity) {
        for (const t of ep.requiredAntiAffinity) if (termMatches(t, ep.namespace, pod, nsl)) inc(existingAnti, ni.labels, t.topologyKey, 1);
      }
      if (ra.length === 0 && raa.length === 0) continue;
      for (const ep of ni.pods) {
        if (ra.length && matchesAll(ra, pod.namespace, ep, nsl)) for (const t of ra) inc(affinity, ni.labels, t.topologyKey, 1);
        for (const t of raa) if (termMatches(t, pod.namespace, ep, nsl)) inc(anti, ni.labels, t.topologyKey, 1);
      }
    }
    state.slots[this.slot] = { existingAnti, affinity, anti } satisfies FilterState;
    return null;
  }

  forkState(state: CycleState): void {
    const s = state.slots[this.slot] as FilterState | undefined;
    if (s !== undefined) state.slots[this.slot] = { existingAnti: new Map(s.existingAnti), affinity: new Map(s.affinity), anti: new Map(s.anti) };
  }

  addPod(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): void {
    this.updateWithPod(state, pod, added, node, 1);
  }

  removePod(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): void {
    this.updateWithPod(state, pod, removed, node, -1);
  }

  /** upstream preFilterState.updateWithPod: the three counts as if `other` were (not) on `node`. */
  private updateWithPod(state: CycleState, pod: PodInfo, other: PodInfo, node: NodeInfo, by: number): void {
    const s = state.slots[this.slot] as FilterState | undefined;
    if (s === undefined) return;
    const nsl = state.namespaceLabels ?? metadataNameOnly;
    const labels = node.labels;
    for (const t of other.requiredAntiAffinity) if (termMatches(t, other.namespace, pod, nsl)) inc(s.existingAnti, labels, t.topologyKey, by);
    if (pod.requiredAffinity.length && matchesAll(pod.requiredAffinity, pod.namespace, other, nsl)) {
      for (const t of pod.requiredAffinity) inc(s.affinity, labels, t.topologyKey, by);
    }
    for (const t of pod.requiredAntiAffinity) if (termMatches(t, pod.namespace, other, nsl)) inc(s.anti, labels, t.topologyKey, by);
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const s = state.slots[this.slot] as FilterState;
    const labels = node.labels;
    // (1) required affinity
    if (pod.requiredAffinity.length) {
      let podsExist = true;
      for (const t of pod.requiredAffinity) {
        const v = labels[t.topologyKey];
        if (v === undefined) return REJECT_AFF;
        if (!((s.affinity.get(pk(t.topologyKey, v)) ?? 0) > 0)) podsExist = false;
      }
      if (!podsExist && !(s.affinity.size === 0 && matchesAll(pod.requiredAffinity, pod.namespace, pod, state.namespaceLabels ?? metadataNameOnly))) return REJECT_AFF;
    }
    // (2) required anti-affinity
    for (const t of pod.requiredAntiAffinity) {
      const v = labels[t.topologyKey];
      if (v !== undefined && (s.anti.get(pk(t.topologyKey, v)) ?? 0) > 0) return REJECT_ANTI;
    }
    // (3) existing pods' anti-affinity
    if (s.existingAnti.size) {
      for (const k in labels) if ((s.existingAnti.get(pk(k, labels[k]!)) ?? 0) > 0) return REJECT_EXISTING;
    }
    return null;
  }

  preScore(state: CycleState, pod: PodInfo, _nodes: readonly NodeInfo[], _n: number, cache: SchedulerCache): Status | null {
    const hasConstraints = pod.preferredAffinity.length + pod.preferredAntiAffinity.length > 0;
    if (!hasConstraints && cache.numPodsWithAffinity === 0) return SKIP;
    const nsl = state.namespaceLabels ?? metadataNameOnly;
    const ts: TopologyScore = new Map();
    const add = (labels: Labels, key: string, w: number): void => {
      const v = labels[key];
      if (v === undefined || w === 0) return;
      let m = ts.get(key);
      if (!m) { m = new Map(); ts.set(key, m); }
      m.set(v, (m.get(v) ?? 0) + w);
    };
    const terms = (list: readonly WeightedPodAffinityTerm[], ownerNs: string, target: PodInfo, labels: Labels, mul: number): void => {
      for (const wt of list) if (termMatches(wt.podAffinityTerm, ownerNs, target, nsl)) add(labels, wt.podAffinityTerm.topologyKey, wt.weight * mul);
    };
    for (const ni of cache.nodes) {
      const pods = hasConstraints ? ni.pods : ni.podsWithAffinity;
      if (pods.length === 0) continue;
      const labels = ni.labels;
      if (Object.keys(labels).length === 0) continue;
      for (const ep of pods) {
        terms(pod.preferredAffinity, pod.namespace, ep, labels, 1);
        terms(pod.preferredAntiAffinity, pod.namespace, ep, labels, -1);
        if (this.hardPodAffinityWeight > 0) {
          for (const t of ep.requiredAffinity) if (termMatches(t, ep.namespace, pod, nsl)) add(labels, t.topologyKey, this.hardPodAffinityWeight);
        }
        terms(ep.preferredAffinity, ep.namespace, pod, labels, 1);
        terms(ep.preferredAntiAffinity, ep.namespace, pod, labels, -1);
      }
    }
    state.slots[this.scoreSlot] = ts;
    return null;
  }

  score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
    const ts = state.slots[this.scoreSlot] as TopologyScore;
    let s = 0;
    for (const [k, m] of ts) {
      const v = node.labels[k];
      if (v !== undefined) s += m.get(v) ?? 0;
    }
    return s;
  }

  normalizeScore(state: CycleState, _p: PodInfo, scores: Float64Array, _nodes: readonly NodeInfo[], n: number): void {
    const ts = state.slots[this.scoreSlot] as TopologyScore;
    if (ts.size === 0) return;
    let min = Infinity, max = -Infinity;
    for (let i = 0; i < n; i++) { const v = scores[i]!; if (v < min) min = v; if (v > max) max = v; }
    const diff = max - min;
    for (let i = 0; i < n; i++) scores[i] = diff > 0 ? Math.trunc(MaxNodeScore * ((scores[i]! - min) / diff)) : 0;
  }
}
