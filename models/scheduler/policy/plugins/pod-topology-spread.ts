// PodTopologySpread (upstream pkg/scheduler/framework/plugins/podtopologyspread).
// Constraints: the pod's own (whenUnsatisfiable DoNotSchedule → Filter, ScheduleAnyway → Score),
// else the default constraints (args: defaultingType System → hostname maxSkew 3 and zone maxSkew
// 5, both ScheduleAnyway; List → args.defaultConstraints) with the selector DefaultSelector builds
// from the Services/ReplicationControllers/ReplicaSets/StatefulSets selecting the pod
// (default-selector.ts; CycleState.spreadOwners). No selector → no default spreading.
// Per constraint, a node counts towards the domains only if it carries every constraint's
// topology key and passes the inclusion policies: nodeAffinityPolicy Honor (default) = the pod's
// nodeSelector/required node affinity must match it; nodeTaintsPolicy Honor (default Ignore) = no
// untolerated NoSchedule/NoExecute taint.
// Filter: matchNum(node's domain) + selfMatch − globalMin > maxSkew → reject; globalMin is 0 when
// minDomains > number of domains. A node missing a topology key is UnschedulableAndUnresolvable
// ("... (missing required label)").
// Score: raw = round(Σ_c cnt_c × ln(numDomains_c + 2) + (maxSkew_c − 1)) with numDomains over the
// feasible nodes (hostname: their number); nodes missing a key are ignored (score 0) unless the
// constraints are the system defaults; normalised: maxRaw == 0 → 100, else
// 100 × (max + min − raw) / max.
// Default spreading reads its counts from the cache's incremental SpreadIndex (spread-index.ts),
// never by recounting every node's pods per cycle; own constraints recount as upstream does.
import { Code, MaxNodeScore, SKIP, Status, type BatchScorePlugin, type CycleState, type FilterPlugin, type NormalizeScorePlugin,
  type PreFilterExtensions, type PreFilterPlugin, type PreScorePlugin } from '../framework.js';
import type { NodeInfo, PodInfo, SchedulerCache } from '../node-info.js';
import type { LabelSelector, Pod, TopologySpreadConstraint } from '../../../api/types.js';
import { selectorMatches, type Labels } from '../../../api/policy/labels.js';
import { toleratesNoScheduleTaints } from '../../../api/policy/taints.js';
import { podMatchesNodeRequirements } from './node-affinity.js';
import { goRound } from './node-resources-fit.js';
import { defaultSelector, selectorKey } from './default-selector.js';
import { resolveSpreadDefaults, type PodTopologySpreadArgs, type ResolvedSpreadDefaults } from './pod-topology-spread-args.js';
import { MISSING, type Domains, type SpreadCounts } from '../spread-index.js';

export const ErrReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
export const ErrReasonNodeLabelNotMatch = ErrReasonConstraintsNotMatch + ' (missing required label)';
const REJECT = new Status(Code.Unschedulable, [ErrReasonConstraintsNotMatch]);
const REJECT_LABEL = new Status(Code.UnschedulableAndUnresolvable, [ErrReasonNodeLabelNotMatch]);
export const LabelHostname = 'kubernetes.io/hostname';
export const LabelZone = 'topology.kubernetes.io/zone';

export interface Constraint {
  maxSkew: number;
  key: string;
  selector: LabelSelector;
  minDomains: number;
  /** nodeAffinityPolicy Honor. */
  honorAffinity: boolean;
  /** nodeTaintsPolicy Honor. */
  honorTaints: boolean;
}

const NO_CONSTRAINTS: Constraint[] = [];
const NOTHING: LabelSelector = { matchLabels: { '\u0000nothing': '\u0000' } };

/**
 * upstream filterTopologySpreadConstraints: the constraints of one kind, matchLabelKeys' values
 * (those the pod has) added to the selector, minDomains default 1, policies default Honor/Ignore.
 * `selector` replaces each constraint's (default constraints take the pod's DefaultSelector).
 */
export function toConstraints(list: readonly TopologySpreadConstraint[] | undefined, podLabels: Labels,
  kind: 'DoNotSchedule' | 'ScheduleAnyway', selector?: LabelSelector): Constraint[] {
  if (list === undefined || list.length === 0) return NO_CONSTRAINTS;
  let out: Constraint[] | undefined;
  for (const c of list) {
    if (c.whenUnsatisfiable !== kind) continue;
    let sel: LabelSelector = selector ?? c.labelSelector ?? NOTHING;
    if (selector === undefined && c.matchLabelKeys && c.matchLabelKeys.length && c.labelSelector) {
      const extra = c.matchLabelKeys.filter((k) => k in podLabels)
        .map((k) => ({ key: k, operator: 'In' as const, values: [podLabels[k]!] }));
      if (extra.length) sel = { ...sel, matchExpressions: [...(sel.matchExpressions ?? []), ...extra] };
    }
    (out ??= []).push({
      maxSkew: c.maxSkew, key: c.topologyKey, selector: sel, minDomains: c.minDomains ?? 1,
      honorAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor', honorTaints: c.nodeTaintsPolicy === 'Honor',
    });
  }
  return out ?? NO_CONSTRAINTS;
}

export function hasAllKeys(labels: Labels, cs: readonly Constraint[]): boolean {
  for (const c of cs) if (!(c.key in labels)) return false;
  return true;
}

/** upstream matchNodeInclusionPolicies; `affinityOk` is the pod's required node affinity on this node. */
export function nodeIncluded(c: Constraint, pod: Pod, ni: NodeInfo, affinityOk: boolean): boolean {
  if (c.honorAffinity && !affinityOk) return false;
  if (c.honorTaints && !toleratesNoScheduleTaints(pod.spec.tolerations, ni.taints)) return false;
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

/** The pod has a nodeSelector or required node affinity (else every node matches them). */
function hasNodeRequirements(pod: Pod): boolean {
  const sel = pod.spec.nodeSelector;
  if (sel !== undefined) for (const _ in sel) return true;
  return pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution !== undefined;
}

/** A pod's DefaultSelector with its SpreadIndex key and the default constraints built on it. */
export interface SelectorMemo {
  selector: LabelSelector;
  id: string;
  soft: Constraint[] | undefined;
  hard: Constraint[] | undefined;
}

function sameLabels(a: Labels, b: Labels): boolean {
  if (a === b) return true;
  let n = 0;
  for (const k in a) { if (a[k] !== b[k]) return false; n++; }
  for (const _ in b) n--;
  return n === 0;
}

/** Per-cycle Filter state (upstream preFilterState). */
export interface FilterState {
  cs: Constraint[];
  /** Per constraint: domain value → matching pods. */
  counts: Map<string, number>[];
  /** Per constraint: the global minimum (minDomains applied). */
  min: number[];
  selfMatch: number[];
}

interface ScoreState {
  cs: Constraint[];
  /** Per constraint: domain value → matching pods (undefined for hostname: counted per node). */
  counts: (Map<string, number> | undefined)[];
  weight: number[];
  /** Nodes missing a topology key (only when every key is required); null = none. */
  ignored: Set<NodeInfo> | null;
  /** The default selector's incremental counts (default constraints), else null. */
  index: SpreadCounts | null;
  /** Set when every count comes from the index's typed arrays (see preScore); then the fields above are unused by Score. */
  fast: FastTerm[] | null;
}

/** One constraint scored from the index without hashing: by node slot. */
interface FastTerm {
  /** The constraint key's domains (bySlot: each node's domain id). */
  dom: Domains;
  /** Hostname: matching pods per slot; else null and `domCounts` is used. */
  perSlot: Int32Array | null;
  domCounts: Int32Array | null;
  /** Domain ids of "no such label" (skipped, as upstream) and of the value '' (which also counts them); −1 if none. */
  missing: number;
  empty: number;
  weight: number;
  skew: number;
}

export class PodTopologySpread implements PreFilterPlugin, PreFilterExtensions, FilterPlugin, PreScorePlugin, BatchScorePlugin, NormalizeScorePlugin {
  readonly name = 'PodTopologySpread';
  private readonly defaults: ResolvedSpreadDefaults;
  private readonly memo = new Map<string, { epoch: number; namespace: string; labels: Labels; value: SelectorMemo | null }>();
  constructor(private readonly slot: number, args?: PodTopologySpreadArgs) {
    this.defaults = resolveSpreadDefaults(args);
  }

  /** The pod's own constraints of `kind`, else the defaults with its DefaultSelector (and that selector). */
  private constraintsOf(state: CycleState, pod: PodInfo, kind: 'DoNotSchedule' | 'ScheduleAnyway'):
    { cs: Constraint[]; selector: LabelSelector | undefined; id?: string } {
    const own = pod.pod.spec.topologySpreadConstraints;
    if (own !== undefined && own.length > 0) return { cs: toConstraints(own, pod.labels, kind), selector: undefined };
    const d = this.defaults.constraints;
    let any = false;
    for (const c of d) if (c.whenUnsatisfiable === kind) { any = true; break; }
    if (!any || state.spreadOwners === undefined) return { cs: NO_CONSTRAINTS, selector: undefined };
    const m = state.defaultSpreadSelector !== undefined ? state.defaultSpreadSelector as SelectorMemo | null : this.memoized(state, pod);
    if (m === null) return { cs: NO_CONSTRAINTS, selector: undefined };
    const cs = kind === 'ScheduleAnyway' ? (m.soft ??= toConstraints(d, pod.labels, kind, m.selector))
      : (m.hard ??= toConstraints(d, pod.labels, kind, m.selector));
    return { cs, selector: m.selector, id: m.id };
  }

  /**
   * The pod's DefaultSelector (and its index key and constraints), memoized per controller: pods of
   * one ReplicaSet/StatefulSet/RC with the same labels get the same selector until the listers
   * change (SpreadOwners.epoch, bumped on every Service, ReplicaSet, StatefulSet or RC event).
   */
  private memoized(state: CycleState, pod: PodInfo): SelectorMemo | null {
    const owners = state.spreadOwners!;
    const ref = pod.pod.metadata.ownerReferences?.find((r) => r.controller === true);
    const epoch = owners.epoch?.();
    if (ref !== undefined && epoch !== undefined) {
      const hit = this.memo.get(ref.uid);
      if (hit !== undefined && hit.epoch === epoch && hit.namespace === pod.namespace && sameLabels(hit.labels, pod.labels)) {
        return (state.defaultSpreadSelector = hit.value);
      }
    }
    const sel = defaultSelector(pod.pod, owners);
    const value: SelectorMemo | null = sel === undefined ? null : { selector: sel, id: selectorKey(pod.namespace, sel), soft: undefined, hard: undefined };
    if (ref !== undefined && epoch !== undefined) {
      if (this.memo.size >= 4096) this.memo.clear();
      this.memo.set(ref.uid, { epoch, namespace: pod.namespace, labels: pod.labels, value });
    }
    return (state.defaultSpreadSelector = value);
  }

  preFilter(state: CycleState, pod: PodInfo, cache: SchedulerCache): Status | null {
    const { cs } = this.constraintsOf(state, pod, 'DoNotSchedule');
    if (cs.length === 0) return SKIP;
    state.slots[this.slot] = calPreFilterState(cs, pod, cache.nodes);
    return null;
  }

  filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    return filterNode(state.slots[this.slot] as FilterState, pod, node);
  }

  forkState(state: CycleState): void {
    const s = state.slots[this.slot] as FilterState | undefined;
    if (s !== undefined) state.slots[this.slot] = { ...s, counts: s.counts.map((m) => new Map(m)), min: [...s.min] };
  }

  addPod(state: CycleState, pod: PodInfo, added: PodInfo, node: NodeInfo): void {
    updateWithPod(state.slots[this.slot] as FilterState | undefined, added, pod, node, 1);
  }

  removePod(state: CycleState, pod: PodInfo, removed: PodInfo, node: NodeInfo): void {
    updateWithPod(state.slots[this.slot] as FilterState | undefined, removed, pod, node, -1);
  }

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], n: number, cache: SchedulerCache): Status | null {
    const { cs, selector, id } = this.constraintsOf(state, pod, 'ScheduleAnyway');
    if (cs.length === 0 || cache.nodes.length === 0) return SKIP;
    // Only the system defaults let nodes without a zone label still be spread by hostname.
    const requireAll = selector === undefined || !this.defaults.systemDefaulted;
    const index = selector === undefined ? null
      : cache.spread.counter(pod.namespace, selector, id!, cache.nodes);
    let policies = false;
    for (const c of cs) if (c.honorTaints || (c.honorAffinity && hasNodeRequirements(pod.pod))) policies = true;
    if (index !== null && !requireAll && !policies) {
      // Every node counts and none is ignored: the index's totals per domain are upstream's sums
      // over all nodes, and its per-slot counts its per-node counts.
      state.slots[this.slot] = fastState(cs, index, nodes, n, cache, state.feasibleSlots);
      return null;
    }
    const counts = cs.map((c) => (c.key === LabelHostname ? undefined : new Map<string, number>()));
    let ignored: Set<NodeInfo> | null = null;
    for (let j = 0; j < n; j++) {
      const ni = nodes[j]!;
      if (requireAll && !hasAllKeys(ni.labels, cs)) { (ignored ??= new Set()).add(ni); continue; }
      for (let i = 0; i < cs.length; i++) {
        const m = counts[i];
        if (m === undefined) continue; // hostname: per-node counts are done in Score
        const v = ni.labels[cs[i]!.key] ?? '';
        if (!m.has(v)) m.set(v, 0);
      }
    }
    const weight = cs.map((_c, i) => Math.log((counts[i] === undefined ? n - (ignored?.size ?? 0) : counts[i]!.size) + 2));
    for (const ni of cache.nodes) {
      if (requireAll && !hasAllKeys(ni.labels, cs)) continue;
      const affinityOk = policies ? podMatchesNodeRequirements(pod.pod, ni) : true;
      for (let i = 0; i < cs.length; i++) {
        const m = counts[i];
        if (m === undefined) continue;
        const c = cs[i]!;
        if (policies && !nodeIncluded(c, pod.pod, ni, affinityOk)) continue;
        const v = ni.labels[c.key] ?? '';
        const cur = m.get(v);
        if (cur === undefined) continue;
        m.set(v, cur + (index !== null ? index.perSlot[ni.slot] ?? 0 : countPodsMatchSelector(ni.pods, c.selector, pod.namespace)));
      }
    }
    state.slots[this.slot] = { cs, counts, weight, ignored, index, fast: null } satisfies ScoreState;
    return null;
  }

  score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
    return rawScore(state.slots[this.slot] as ScoreState, pod, node);
  }

  scoreAll(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], n: number, out: Float64Array): void {
    const s = state.slots[this.slot] as ScoreState;
    const fast = s.fast;
    if (fast === null) { for (let j = 0; j < n; j++) out[j] = rawScore(s, pod, nodes[j]!); return; }
    if (fast.length !== 2) { for (let j = 0; j < n; j++) out[j] = fastScore(fast, nodes[j]!.slot); return; }
    // The system defaults: two terms, their arrays hoisted out of the node loop (same sums as fastScore).
    const slots = state.feasibleSlots;
    const a = fast[0]!, b = fast[1]!;
    const aDom = a.dom.bySlot, aPer = a.perSlot, aCnt = a.domCounts, aMiss = a.missing, aEmpty = a.empty, aW = a.weight, aSkew = a.skew;
    const bDom = b.dom.bySlot, bPer = b.perSlot, bCnt = b.domCounts, bMiss = b.missing, bEmpty = b.empty, bW = b.weight, bSkew = b.skew;
    for (let j = 0; j < n; j++) {
      const slot = slots !== undefined ? slots[j]! : nodes[j]!.slot;
      let score = 0;
      const ia = aDom[slot]!;
      if (ia !== aMiss) {
        let c = aPer !== null ? aPer[slot] ?? 0 : aCnt![ia] ?? 0;
        if (aPer === null && ia === aEmpty && aMiss >= 0) c += aCnt![aMiss] ?? 0;
        score += c * aW + aSkew;
      }
      const ib = bDom[slot]!;
      if (ib !== bMiss) {
        let c = bPer !== null ? bPer[slot] ?? 0 : bCnt![ib] ?? 0;
        if (bPer === null && ib === bEmpty && bMiss >= 0) c += bCnt![bMiss] ?? 0;
        score += c * bW + bSkew;
      }
      out[j] = goRound(score);
    }
  }


  normalizeScore(state: CycleState, _p: PodInfo, scores: Float64Array, nodes: readonly NodeInfo[], n: number): void {
    const s = state.slots[this.slot] as ScoreState;
    const ig = s.ignored;
    let min = Number.MAX_SAFE_INTEGER, max = 0;
    for (let i = 0; i < n; i++) {
      if (ig !== null && ig.has(nodes[i]!)) continue;
      const v = scores[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    for (let i = 0; i < n; i++) {
      if (ig !== null && ig.has(nodes[i]!)) { scores[i] = 0; continue; }
      if (max === 0) { scores[i] = MaxNodeScore; continue; }
      scores[i] = Math.trunc((MaxNodeScore * (max + min - scores[i]!)) / max);
    }
  }
}

/** upstream Score on one node: Σ cnt × weight + (maxSkew − 1) over the constraints whose key it has, rounded. */
function rawScore(s: ScoreState, pod: PodInfo, node: NodeInfo): number {
  if (s.fast !== null) return fastScore(s.fast, node.slot);
  if (s.ignored !== null && s.ignored.has(node)) return 0;
  let score = 0;
  for (let i = 0; i < s.cs.length; i++) {
    const c = s.cs[i]!;
    const v = node.labels[c.key];
    if (v === undefined) continue;
    const m = s.counts[i];
    const cnt = m !== undefined ? m.get(v) ?? 0
      : s.index !== null ? s.index.perSlot[node.slot] ?? 0
        : countPodsMatchSelector(node.pods, c.selector, pod.namespace);
    score += cnt * s.weight[i]! + (c.maxSkew - 1);
  }
  return goRound(score);
}

/** rawScore from the index's arrays (the same sums). */
function fastScore(terms: readonly FastTerm[], slot: number): number {
  let score = 0;
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i]!;
    const id = t.dom.bySlot[slot]!;
    if (id === t.missing) continue;
    let cnt: number;
    if (t.perSlot !== null) cnt = t.perSlot[slot] ?? 0;
    else {
      const dc = t.domCounts!;
      cnt = dc[id] ?? 0;
      if (id === t.empty && t.missing >= 0) cnt += dc[t.missing] ?? 0;
    }
    score += cnt * t.weight + t.skew;
  }
  return goRound(score);
}

let seen = new Uint8Array(64);

/** The index-backed Score state: weights from the feasible nodes' domains, counts from the index. */
function fastState(cs: Constraint[], index: SpreadCounts, nodes: readonly NodeInfo[], n: number, cache: SchedulerCache,
  slots: Int32Array | undefined): ScoreState {
  const terms: FastTerm[] = [];
  const weight: number[] = [];
  for (const c of cs) {
    const dom = cache.spread.domains(c.key, cache.nodes);
    const missing = dom.ids.get(MISSING) ?? -1, empty = dom.ids.get('') ?? -1;
    let size: number;
    if (c.key === LabelHostname) size = n;
    else {
      // distinct values among the feasible nodes; a missing label reads as ''
      if (seen.length < dom.values.length) seen = new Uint8Array(dom.values.length * 2);
      else seen.fill(0, 0, dom.values.length);
      size = 0;
      const merged = empty >= 0 ? empty : missing;
      const bySlot = dom.bySlot;
      for (let j = 0; j < n; j++) {
        let id = bySlot[slots !== undefined ? slots[j]! : nodes[j]!.slot]!;
        if (id === missing) id = merged;
        if (seen[id] === 0) { seen[id] = 1; size++; }
      }
    }
    const w = Math.log(size + 2);
    weight.push(w);
    terms.push({ dom, perSlot: c.key === LabelHostname ? index.perSlot : null,
      domCounts: c.key === LabelHostname ? null : index.domainCounts(dom, cache.nodes.length),
      missing, empty, weight: w, skew: c.maxSkew - 1 });
  }
  return { cs, counts: [], weight, ignored: null, index, fast: terms };
}

/** upstream calPreFilterState over `nodes` (all nodes of the snapshot). */
export function calPreFilterState(cs: Constraint[], pod: PodInfo, nodes: readonly NodeInfo[]): FilterState {
  const counts = cs.map(() => new Map<string, number>());
  let anyAffinity = false;
  for (const c of cs) if (c.honorAffinity) anyAffinity = true;
  for (const ni of nodes) {
    if (!hasAllKeys(ni.labels, cs)) continue;
    const affinityOk = anyAffinity ? podMatchesNodeRequirements(pod.pod, ni) : true;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (!nodeIncluded(c, pod.pod, ni, affinityOk)) continue;
      const v = ni.labels[c.key]!;
      counts[i]!.set(v, (counts[i]!.get(v) ?? 0) + countPodsMatchSelector(ni.pods, c.selector, pod.namespace));
    }
  }
  const selfMatch = cs.map((c) => (selectorMatches(c.selector, pod.labels) ? 1 : 0));
  return { cs, counts, min: cs.map((c, i) => minMatchNum(counts[i]!, c.minDomains)), selfMatch };
}

/**
 * upstream updateWithPod (PreFilterExtensions AddPod/RemovePod): a pod of the preemptor's
 * namespace added to / removed from `node` changes the counts of the constraints it matches, if
 * the node has every key and passes the constraint's inclusion policies. The global minimum is
 * recomputed exactly (upstream keeps two "critical paths", which can overstate it after an add).
 */
export function updateWithPod(s: FilterState | undefined, updated: PodInfo, preemptor: PodInfo, node: NodeInfo, delta: number): void {
  if (s === undefined || updated.namespace !== preemptor.namespace || !hasAllKeys(node.labels, s.cs)) return;
  let affinityOk: boolean | undefined;
  for (let i = 0; i < s.cs.length; i++) {
    const c = s.cs[i]!;
    if (!selectorMatches(c.selector, updated.labels)) continue;
    affinityOk ??= podMatchesNodeRequirements(preemptor.pod, node);
    if (!nodeIncluded(c, preemptor.pod, node, affinityOk)) continue;
    const v = node.labels[c.key]!;
    const m = s.counts[i]!;
    m.set(v, (m.get(v) ?? 0) + delta);
    s.min[i] = minMatchNum(m, c.minDomains);
  }
}

/** upstream Filter on one node. */
export function filterNode(s: FilterState, _pod: PodInfo, node: NodeInfo): Status | null {
  for (let i = 0; i < s.cs.length; i++) {
    const c = s.cs[i]!;
    const v = node.labels[c.key];
    if (v === undefined) return REJECT_LABEL;
    const m = s.counts[i]!;
    const skew = (m.get(v) ?? 0) + s.selfMatch[i]! - s.min[i]!;
    if (skew > c.maxSkew) return REJECT;
  }
  return null;
}

/** The global minimum (upstream critical paths start at MaxInt32), 0 when there are fewer domains than minDomains. */
export function minMatchNum(m: Map<string, number>, minDomains: number): number {
  if (m.size < minDomains) return 0;
  let x = 0x7fffffff;
  for (const v of m.values()) if (v < x) x = v;
  return x;
}
