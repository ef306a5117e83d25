// DefaultPreemption (PostFilter), upstream pkg/scheduler/framework/preemption + defaultpreemption.
// Candidates are nodes whose Filter status was Unschedulable (never UnschedulableAndUnresolvable);
// on each, all lower-priority pods are removed; if the pod then fits, victims are reprieved
// (PDB-violating first, then the rest, each group most important first) while it still fits.
// The node is picked by pickOneNodeForPreemption. The dry run starts at a random offset (caller's
// rand) and stops once it has ≥ numCandidates candidates including a non-violating one.
// Each node's dry run works on a copy of the cycle state whose PodTopologySpread/InterPodAffinity
// PreFilter counts are updated for every victim removed and reprieved (upstream
// PreFilterExtensions RemovePod/AddPod). PDB violations as upstream filterPodsWithPDBViolation.
import { Code, Status, type CycleState } from './framework.js';
import type { NodeInfo, PodInfo, SchedulerCache } from './node-info.js';
import type { Profile } from './profile.js';
import { addPodToState, fitErrorMessage, forkState, histogram, removePodFromState, runFilters, type NodeStatuses } from './filter.js';
import type { LabelSelector } from '../../api/types.js';
import { isEmptySelector, isValidLabelSelector, selectorMatches } from '../../api/policy/labels.js';

/** A PodDisruptionBudget as preemption reads it from the scheduler's lister. */
export interface PdbInfo {
  namespace: string;
  selector: LabelSelector | undefined;
  /** status.disruptionsAllowed */
  disruptionsAllowed: number;
  /** status.disruptedPods: names already being disrupted (the API server counted them). */
  disruptedPods: ReadonlySet<string>;
}

/**
 * upstream filterPodsWithPDBViolation: walking `pods` in order, each PDB of the pod's namespace
 * whose (non-empty, valid) selector matches it and that does not list it in disruptedPods spends
 * one allowed disruption; a pod that takes any such PDB below 0 is violating.
 */
export function filterPodsWithPDBViolation(pods: readonly PodInfo[], pdbs: readonly PdbInfo[]): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = pdbs.map((p) => p.disruptionsAllowed);
  const violating: PodInfo[] = [], nonViolating: PodInfo[] = [];
  for (const p of pods) {
    let violated = false;
    if (Object.keys(p.labels).length !== 0) {
      for (let i = 0; i < pdbs.length; i++) {
        const pdb = pdbs[i]!;
        if (pdb.namespace !== p.namespace) continue;
        const sel = pdb.selector;
        // A nil or empty selector matches nothing here (unlike the eviction API).
        if (sel === undefined || isEmptySelector(sel) || !isValidLabelSelector(sel) || !selectorMatches(sel, p.labels)) continue;
        if (pdb.disruptedPods.has(p.pod.metadata.name)) continue;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      }
    }
    (violated ? violating : nonViolating).push(p);
  }
  return { violating, nonViolating };
}

export const ErrNotEligibleNever = 'not eligible due to preemptionPolicy=Never.';
export const ErrNotEligibleTerminating = 'not eligible due to a terminating pod on the nominated node.';
export const MsgNotHelpful = 'Preemption is not helpful for scheduling';
export const MsgNoVictims = 'No preemption victims found for incoming pod';
const NOT_HELPFUL = new Status(Code.UnschedulableAndUnresolvable, [MsgNotHelpful]);
const NO_VICTIMS = new Status(Code.UnschedulableAndUnresolvable, [MsgNoVictims]);

export interface Candidate { nodeName: string; victims: PodInfo[]; numPDBViolations: number }
export type PreemptResult = { nodeName: string; victims: PodInfo[]; clearNominations: string[] } | { message: string };

/** upstream util.MoreImportantPod: higher priority, then earlier start time. */
export function moreImportant(a: PodInfo, b: PodInfo): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  return a.startTime - b.startTime;
}

/** calcNumCandidates: 10% of nodes, at least 100, at most all. */
export function numCandidates(numNodes: number): number {
  let n = Math.trunc((numNodes * 10) / 100);
  if (n < 100) n = 100;
  return n > numNodes ? numNodes : n;
}

export function preempt(pod: PodInfo, cache: SchedulerCache, profile: Profile, state: CycleState,
  statuses: NodeStatuses, rand: () => number, pdbs: () => readonly PdbInfo[]): PreemptResult {
  // 1) eligibility
  if (pod.pod.spec.preemptionPolicy === 'Never') return { message: ErrNotEligibleNever };
  const nom = pod.pod.status?.nominatedNodeName;
  if (nom) {
    const ni = cache.getNode(nom);
    const st = ni === undefined ? undefined : statuses[ni.slot];
    if (ni && !(st && st.code === Code.UnschedulableAndUnresolvable)) {
      for (const p of ni.pods) if (p.terminating && p.priority < pod.priority) return { message: ErrNotEligibleTerminating };
    }
  }
  // 2) candidates
  const N = cache.nodes.length;
  // The PostFilter verdict per node is only ever counted (the FitError message), so it is kept
  // as counts: nodes where preemption is not helpful, plus the dry run's failure statuses.
  const potential: NodeInfo[] = [];
  const failed: Status[] = [];
  const nodes = cache.nodes;
  for (let i = 0; i < nodes.length; i++) {
    const st = statuses[i];
    if (st === undefined || st.code !== Code.UnschedulableAndUnresolvable) potential.push(nodes[i]!);
  }
  const cands: Candidate[] = [];
  if (potential.length) {
    const pdbList = pdbs();
    const want = numCandidates(potential.length);
    const offset = Math.floor(rand() * potential.length);
    const nonViolating: Candidate[] = [], violating: Candidate[] = [];
    for (let i = 0; i < potential.length; i++) {
      const ni = potential[(offset + i) % potential.length]!;
      const r = selectVictimsOnNode(pod, ni, cache, profile, state, pdbList);
      if (r instanceof Status) { failed.push(r); continue; }
      (r.numPDBViolations === 0 ? nonViolating : violating).push(r);
      if (nonViolating.length > 0 && nonViolating.length + violating.length >= want) break;
    }
    cands.push(...nonViolating, ...violating);
  }
  if (cands.length === 0) {
    // Every other node (none evaluated without a verdict: the dry run stops early only once it
    // has a candidate) is "not helpful" too.
    const notHelpful = N - failed.length;
    const reasons = histogram(failed);
    if (notHelpful > 0) for (const r of NOT_HELPFUL.reasons) reasons.set(r, (reasons.get(r) ?? 0) + notHelpful);
    return { message: fitErrorMessage(N, reasons) };
  }
  const best = pickOneNodeForPreemption(cands)!;
  // Lower-priority pods nominated to the chosen node lose their nomination (prepareCandidate).
  const clearNominations = (cache.nominated.get(best.nodeName) ?? [])
    .filter((p) => p.priority < pod.priority && p.key !== pod.key).map((p) => p.key);
  return { nodeName: best.nodeName, victims: best.victims, clearNominations };
}

export function selectVictimsOnNode(pod: PodInfo, node: NodeInfo, cache: SchedulerCache, _profile: Profile,
  state: CycleState, pdbs: readonly PdbInfo[]): Candidate | Status {
  const potential: PodInfo[] = [];
  for (const p of node.pods) if (p.priority < pod.priority) potential.push(p);
  // No lower-priority pod: no victims, and no copy of the node to find that out.
  if (potential.length === 0) return NO_VICTIMS;
  const filters = state.filters;
  const ni = node.clone();
  const st = forkState(state, filters);
  for (const p of potential) { ni.removePod(p.key); removePodFromState(st, filters, pod, p, ni); }
  const fit = runFilters(filters, st, pod, ni, cache);
  if (fit !== null) return fit;
  potential.sort(moreImportant);
  const { violating, nonViolating } = filterPodsWithPDBViolation(potential, pdbs);
  const victims: PodInfo[] = [];
  let numPDBViolations = 0;
  const reprieve = (p: PodInfo): boolean => {
    ni.addPod(p);
    addPodToState(st, filters, pod, p, ni);
    if (runFilters(filters, st, pod, ni, cache) === null) return true;
    ni.removePod(p.key);
    removePodFromState(st, filters, pod, p, ni);
    victims.push(p);
    return false;
  };
  for (const p of violating) if (!reprieve(p)) numPDBViolations++;
  for (const p of nonViolating) reprieve(p);
  victims.sort(moreImportant);
  return { nodeName: node.name, victims, numPDBViolations };
}

/**
 * upstream pickOneNodeForPreemption: fewest PDB violations; lowest highest-victim priority;
 * lowest Σ(priority + MaxInt32 + 1); fewest victims; latest earliest-start-time among the
 * highest-priority victims; first remaining.
 */
export function pickOneNodeForPreemption(cands: readonly Candidate[]): Candidate | undefined {
  if (cands.length === 0) return undefined;
  for (const c of cands) if (c.victims.length === 0) return c;
  const pickMin = (list: Candidate[], f: (c: Candidate) => number): Candidate[] => {
    let min = Infinity;
    let out: Candidate[] = [];
    for (const c of list) {
      const v = f(c);
      if (v < min) { min = v; out = [c]; } else if (v === min) out.push(c);
    }
    return out;
  };
  let l = [...cands];
  l = pickMin(l, (c) => c.numPDBViolations);
  if (l.length > 1) l = pickMin(l, (c) => c.victims[0]!.priority);
  if (l.length > 1) l = pickMin(l, (c) => c.victims.reduce((s, p) => s + p.priority + 2147483648, 0));
  if (l.length > 1) l = pickMin(l, (c) => c.victims.length);
  if (l.length > 1) {
    l = pickMin(l, (c) => {
      const top = c.victims[0]!.priority;
      let earliest = Infinity;
      for (const p of c.victims) if (p.priority === top && p.startTime < earliest) earliest = p.startTime;
      return -earliest; // latest wins
    });
  }
  return l[0];
}
