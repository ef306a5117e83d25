// One scheduling cycle (upstream schedulePod + PostFilter): PreFilter → Filter (round-robin from
// nextStartNodeIndex, stop at numFeasibleNodesToFind) → PreScore/Score/Normalize → selectHost;
// if nothing fits, DefaultPreemption and the FitError message.
import { Code, SKIP, CycleState, Status, isBatchScore, type ClaimLookup } from './framework.js';
import { fitErrorMessage, histogram, runFilters, stamp, verdicts, type NodeStatuses, type Verdict } from './filter.js';
import { makePodInfo, type NodeInfo, type PodInfo, type SchedulerCache } from './node-info.js';
import type { ActiveFilters, Profile } from './profile.js';
import { NodeUnschedulable } from './plugins/node-unschedulable.js';
import { TaintToleration } from './plugins/taint-toleration.js';
import { NodeResourcesFit, leastAllocatedCpuMem } from './plugins/node-resources-fit.js';
import { NodeResourcesBalancedAllocation, balancedCpuMem } from './plugins/balanced-allocation.js';
import { numFeasibleNodesToFind, pickTied, selectHostUniform } from './select.js';
import { preempt, type PdbInfo } from './preemption.js';
import type { StaticVerdicts } from './static-verdicts.js';
import type { Pod, PodResources } from '../../api/types.js';
import type { SpreadOwners } from './plugins/default-selector.js';

export interface ScheduleOptions {
  /** Services/RCs/ReplicaSets/StatefulSets for PodTopologySpread's default constraints (DefaultSelector). */
  spreadOwners?: SpreadOwners;
  /** Namespace labels for InterPodAffinity's namespaceSelector (default: only kubernetes.io/metadata.name). */
  namespaceLabels?: (namespace: string) => Readonly<Record<string, string>>;
  /** The PodDisruptionBudgets preemption weighs victims against (read only when a pod preempts). */
  pdbs?: () => readonly PdbInfo[];
  /** PersistentVolumeClaims as the VolumeBinding PreFilter sees them. */
  claims?: ClaimLookup;
  /** This pod's node-static verdicts from earlier attempts (the caller keeps one per pending pod). */
  staticVerdicts?: StaticVerdicts;
  /** A failed cycle also returns its verdicts by plugin and reason (scheduling.csv); successful cycles are unaffected. */
  explain?: boolean;
}

export interface Scheduled {
  nodeName: string;
  /** Feasible nodes found (≤ numFeasibleNodesToFind). */
  feasible: number;
  /** Nodes run through Filter this cycle. */
  evaluated: number;
}

export interface Unschedulable {
  unschedulable: true;
  /** Exactly as upstream FitError.Error() (+ the PostFilter message). */
  message: string;
  /** Filter reason → number of nodes. */
  reasons: Map<string, number>;
  /** True when a plugin returned Error (upstream: the pod goes to backoff, not unschedulable). */
  error?: boolean;
  /** Set when preemption found a node: the caller deletes the victims and sets nominatedNodeName. */
  nominatedNodeName?: string;
  victims?: PodInfo[];
  /** Lower-priority pods nominated to that node whose nomination the caller should clear. */
  clearNominations?: string[];
  /** With ScheduleOptions.explain: the verdicts by extension point, plugin and reason. */
  verdicts?: Verdict[];
}

export type ScheduleResult = Scheduled | Unschedulable;

export const ErrNoNodesAvailable = 'no nodes available to schedule pods';

const NO_PDBS = (): readonly PdbInfo[] => [];
const absentStatuses = new Map<string, Status>();
/** upstream SetAbsentNodesStatus: the nodes a PreFilter result left out. */
function narrowedAbsent(plugins: readonly string[]): Status {
  const key = [...plugins].sort().join(' ');
  let st = absentStatuses.get(key);
  if (st === undefined) absentStatuses.set(key, (st = Status.unresolvable(`node(s) didn't satisfy plugin(s) [${key}]`)));
  return st;
}

const feasibleBuf: NodeInfo[] = [];
/** Slots (indices into cache.nodes / cache.arrays) of feasibleBuf's nodes. */
let feasibleIdx = new Int32Array(1024);

/** profile.filters minus the filters of the PreFilter plugins whose bit is set in `skippedMask`. */
function activeFilters(profile: Profile, skippedMask: number): ActiveFilters {
  const cached = profile.buf.filtersBySkipMask.get(skippedMask);
  if (cached !== undefined) return cached;
  const skipped = new Set<unknown>();
  for (let i = 0; i < profile.preFilters.length; i++) if (skippedMask & (1 << i)) skipped.add(profile.preFilters[i]);
  const filters = profile.filters.filter((f) => !skipped.has(f));
  const basic = filters.every((f) => f instanceof NodeUnschedulable || f instanceof TaintToleration || f instanceof NodeResourcesFit);
  let staticPrefix = 0;
  while (staticPrefix < filters.length && filters[staticPrefix]!.nodeStatic === true) staticPrefix++;
  const entry: ActiveFilters = { filters, basic, staticPrefix, rest: filters.slice(staticPrefix) };
  profile.buf.filtersBySkipMask.set(skippedMask, entry);
  return entry;
}

export function scheduleOne(pod: Pod, podResources: PodResources, cache: SchedulerCache, profile: Profile,
  rand: () => number, opts: ScheduleOptions = {}): ScheduleResult {
  return scheduleOneInfo(makePodInfo(pod, podResources), cache, profile, rand, opts);
}

/**
 * scheduleOne on a PodInfo the caller made (makePodInfo): the shell keeps it and, on success,
 * accounts that same PodInfo on the node (cache.addPodInfo) instead of building a second one.
 */
export function scheduleOneInfo(pi: PodInfo, cache: SchedulerCache, profile: Profile,
  rand: () => number, opts: ScheduleOptions = {}): ScheduleResult {
  const pod = pi.pod;
  const all = cache.nodes;
  const N = all.length;
  if (N === 0) {
    const none: Unschedulable = { unschedulable: true, message: ErrNoNodesAvailable, reasons: new Map() };
    if (opts.explain) none.verdicts = [];
    return none;
  }
  const state = new CycleState();
  state.spreadOwners = opts.spreadOwners;
  state.namespaceLabels = opts.namespaceLabels;
  state.claims = opts.claims;

  // PreFilter. Skipped plugins are recorded as a bit mask; the filter list without them is
  // built once per mask and cached on the profile (no per-cycle Set or array).
  const preFilters = profile.preFilters;
  let skippedMask = 0;
  for (let i = 0; i < preFilters.length; i++) {
    const st = preFilters[i]!.preFilter(state, pi, cache);
    if (st === null) continue;
    if (st === SKIP || st.code === Code.Skip) { skippedMask |= 1 << i; continue; }
    stamp(st, preFilters[i]!);
    const statuses = new Array<Status | undefined>(N).fill(st);
    state.filters = profile.filters;
    return failure(pi, cache, profile, state, statuses, rand, opts, st.code === Code.Error, st.message());
  }
  const af = activeFilters(profile, skippedMask);
  const filters = af.filters;
  state.filters = filters;

  // A nominated node (after preemption) is tried first, alone.
  const nominated = pod.status?.nominatedNodeName;
  if (nominated) {
    const ni = cache.getNode(nominated);
    if (ni && runFilters(filters, state, pi, ni, cache) === null) return { nodeName: ni.name, feasible: 1, evaluated: 1 };
  }

  // Filter, round-robin.
  const narrowed = state.preFilterNodes;
  const want = numFeasibleNodesToFind(narrowed === undefined ? N : narrowed.length, profile.percentageOfNodesToScore);
  const start = cache.nextStartNodeIndex % N;
  const feasible = feasibleBuf;
  let k = 0, processed = 0;
  // Verdicts of failing nodes by slot; only a cycle that finds no node reads them (failure()).
  let statuses: Array<Status | undefined> | null = null;
  let hadError = false;
  // Fast path: with only the basic filters active, no nominated pods and no requests beyond
  // cpu/memory, a node that is schedulable, untainted and fits passes every filter. Any other
  // node goes through runFilters, which gives its exact verdict (pass or the failure status).
  // The node numbers are read from the cache's struct-of-arrays mirror (same values as NodeInfo).
  const fast = af.basic && cache.nominated.size === 0 && pi.otherReqs.length === 0;
  const cpu = pi.reqCpu, mem = pi.reqMem;
  const A = cache.arrays;
  const flags = A.flags, podCount = A.podCount, allocPods = A.allocPods;
  const allocCpu = A.allocCpu, reqCpu = A.reqCpu, allocMem = A.allocMem, reqMem = A.reqMem;
  const fidx = feasibleIdx.length >= want ? feasibleIdx : (feasibleIdx = new Int32Array(want * 2));
  const sv = af.staticPrefix > 0 ? opts.staticVerdicts : undefined;
  if (sv !== undefined) sv.prepare(pi, filters);
  const prefix = af.staticPrefix, rest = af.rest;
  if (narrowed !== undefined) {
    // PreFilter named the only nodes worth filtering (NodeAffinity on metadata.name): those, in
    // cache order, round-robin over their own count as upstream; every other node gets the
    // absent-nodes status.
    statuses = new Array<Status | undefined>(N).fill(narrowedAbsent(state.preFilterPlugins));
    const M = narrowed.length, s0 = M === 0 ? 0 : cache.nextStartNodeIndex % M;
    for (let i = 0; i < M; i++) {
      const ni = narrowed[(s0 + i) % M]!;
      processed++;
      const st = runFilters(filters, state, pi, ni, cache);
      statuses[ni.slot] = st ?? undefined;
      if (st === null) { fidx[k] = ni.slot; feasible[k++] = ni; if (k === want) break; }
      else if (st.code === Code.Error) hadError = true;
    }
    cache.nextStartNodeIndex = M === 0 ? 0 : (s0 + processed) % M;
  } else for (let i = 0; i < N; i++) {
    let idx = start + i;
    if (idx >= N) idx -= N;
    processed++;
    if (fast && flags[idx] === 0 && !(podCount[idx]! + 1 > allocPods[idx]!)
      && !(cpu > 0 && cpu > allocCpu[idx]! - reqCpu[idx]!) && !(mem > 0 && mem > allocMem[idx]! - reqMem[idx]!)) {
      fidx[k] = idx;
      feasible[k++] = all[idx]!;
      if (k === want) break;
      continue;
    }
    const ni = all[idx]!;
    // The static prefix runs first in both passes of runFilters (with and without nominated
    // pods) and reads no pods, so its cached verdict is the one runFilters would return.
    let st: Status | null;
    if (sv === undefined) st = runFilters(filters, state, pi, ni, cache);
    else {
      st = sv.verdict(idx, ni, filters, prefix, state, pi);
      if (st === null) st = runFilters(rest, state, pi, ni, cache);
    }
    if (st === null) {
      fidx[k] = idx;
      feasible[k++] = ni;
      if (k === want) break;
    } else {
      if (st.code === Code.Error) hadError = true;
      (statuses ??= new Array<Status | undefined>(N))[idx] = st;
    }
  }
  if (narrowed === undefined) cache.nextStartNodeIndex = (start + processed) % N;
  if (k === 0) return failure(pi, cache, profile, state, statuses!, rand, opts, hadError, '');
  if (k === 1) return { nodeName: feasible[0]!.name, feasible: 1, evaluated: processed };

  // PreScore: which scorers run this cycle.
  state.feasibleSlots = fidx;
  const buf = profile.buf;
  const scorers = profile.scorers;
  const active = buf.active;
  let na = 0;
  let fused = true; // only the default LeastAllocated NodeResourcesFit and/or BalancedAllocation (+ batch scorers)
  let wFit = 0, wBal = 0, nBatch = 0;
  for (let s = 0; s < scorers.length; s++) {
    const e = scorers[s]!;
    if (e.preScore !== null) {
      const st = e.preScore.preScore(state, pi, feasible, k, cache);
      if (st !== null) continue; // Skip (or Error: treated as skip)
    }
    active[na++] = s;
    const p = e.plugin;
    if (p instanceof NodeResourcesFit && p.fastDefault && e.normalize === null) wFit += e.weight;
    else if (p instanceof NodeResourcesBalancedAllocation && p.fastDefault && e.normalize === null) wBal += e.weight;
    else if (isBatchScore(p)) nBatch++;
    else fused = false;
  }

  // Score.
  if (buf.total.length < k) {
    let sz = buf.total.length;
    while (sz < k) sz *= 2;
    buf.total = new Float64Array(sz);
    buf.scores = buf.scores.map(() => new Float64Array(sz));
  }
  const total = buf.total;
  if (fused) {
    // The same integer scores as the plugins' score() (same functions, on the mirrored numbers),
    // weighted and summed in one pass that also finds the maximum and how many nodes share it.
    // Batch scorers (PodTopologySpread) are scored and normalised first; their weighted scores
    // start the totals.
    if (nBatch !== 0) {
      total.fill(0, 0, k);
      for (let a = 0; a < na; a++) {
        const e = scorers[active[a]!]!;
        const p = e.plugin;
        if (!isBatchScore(p)) continue;
        const sc = buf.scores[active[a]!]!;
        p.scoreAll(state, pi, feasible, k, sc);
        if (e.normalize !== null) e.normalize.normalizeScore(state, pi, sc, feasible, k);
        const w = e.weight;
        for (let j = 0; j < k; j++) total[j] += w * sc[j]!;
      }
    }
    const nzCpu = A.nzCpu, nzMem = A.nzMem, ver = A.ver;
    const pnc = pi.nzCpu, pnm = pi.nzMem;
    // The node's two scores for this request shape, computed when its slot changed since.
    const sh = cache.resourceScores.shape(cpu, mem, pnc, pnm, N);
    const fitS = sh.fit, balS = sh.bal, stamp = sh.stamp;
    let max = -Infinity, first = 0, cnt = 0;
    for (let j = 0; j < k; j++) {
      const i = fidx[j]!;
      const v = ver[i]!;
      if (stamp[i] !== v) {
        const ac = allocCpu[i]!, am = allocMem[i]!;
        fitS[i] = leastAllocatedCpuMem(nzCpu[i]! + pnc, ac, nzMem[i]! + pnm, am);
        balS[i] = balancedCpuMem(reqCpu[i]! + cpu, ac, reqMem[i]! + mem, am);
        stamp[i] = v;
      }
      let t = nBatch !== 0 ? total[j]! : 0;
      if (wFit !== 0) t += wFit * fitS[i]!;
      if (wBal !== 0) t += wBal * balS[i]!;
      total[j] = t;
      if (t > max) { max = t; first = j; cnt = 1; } else if (t === max) cnt++;
    }
    const best = pickTied(total, k, max, first, cnt, rand);
    return { nodeName: feasible[best]!.name, feasible: k, evaluated: processed };
  } else {
    total.fill(0, 0, k);
    for (let a = 0; a < na; a++) {
      const s = active[a]!;
      const e = scorers[s]!;
      const sc = buf.scores[s]!;
      const p = e.plugin;
      if (isBatchScore(p)) p.scoreAll(state, pi, feasible, k, sc);
      else for (let j = 0; j < k; j++) sc[j] = p.score(state, pi, feasible[j]!);
      if (e.normalize !== null) e.normalize.normalizeScore(state, pi, sc, feasible, k);
      const w = e.weight;
      for (let j = 0; j < k; j++) total[j] += w * sc[j]!;
    }
  }
  const best = selectHostUniform(total, k, rand);
  return { nodeName: feasible[best]!.name, feasible: k, evaluated: processed };
}

function failure(pi: PodInfo, cache: SchedulerCache, profile: Profile, state: CycleState, statuses: NodeStatuses,
  rand: () => number, opts: ScheduleOptions, error: boolean, preFilterMsg: string): Unschedulable {
  const N = cache.nodes.length;
  const reasons = histogram(statuses);
  const out: Unschedulable = { unschedulable: true, message: '', reasons };
  if (opts.explain) out.verdicts = verdicts(statuses, preFilterMsg ? 'PreFilter' : 'Filter', profile.plugins.map((p) => p.name));
  if (error) { out.error = true; out.message = fitErrorMessage(N, reasons, preFilterMsg); return out; }
  let postFilterMsg = '';
  if (profile.preemption) {
    const r = preempt(pi, cache, profile, state, statuses, rand, opts.pdbs ?? NO_PDBS);
    if ('message' in r) {
      if (r.message) postFilterMsg = `preemption: ${r.message}`;
      if (r.message && out.verdicts) out.verdicts.push({ extensionPoint: 'PostFilter', plugin: 'DefaultPreemption', reason: r.message, nodes: undefined });
    } else {
      if (out.verdicts) {
        out.verdicts.push({ extensionPoint: 'PostFilter', plugin: 'DefaultPreemption', nodes: 1,
          reason: `nominated node ${r.nodeName}, preempting ${r.victims.length} pod(s)` });
      }
      out.nominatedNodeName = r.nodeName;
      out.victims = r.victims;
      out.clearNominations = r.clearNominations;
    }
  }
  out.message = fitErrorMessage(N, reasons, preFilterMsg, postFilterMsg);
  return out;
}
