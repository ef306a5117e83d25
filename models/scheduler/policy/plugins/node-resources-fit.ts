// NodeResourcesFit: Filter = real requests (incl. extended resources) against allocatable minus
// requested, plus the pod-count limit; Score = the configured strategy over non-zero requests
// for cpu/memory and real requests for other resources.
//   LeastAllocated:  ((cap − req) × 100) / cap, 0 if req > cap
//   MostAllocated:   (min(req, cap) × 100) / cap
//   RequestedToCapacityRatio: broken-linear shape of utilisation (req×100/cap, 100 if over)
// Node score = Σ(score_r × w_r) / Σ w_r (integer division; RTCR: math.Round and only
// resources with score > 0 count). Go integer division truncates: Math.trunc everywhere.
// Args (plugin-args.ts): scoringStrategy (type, weighted resources, shape) and
// ignoredResources / ignoredResourceGroups, extended resources the Filter does not check.
import { Code, MaxNodeScore, Status, type CycleState, type FilterPlugin, type ScorePlugin } from '../framework.js';
import type { NodeInfo, PodInfo } from '../node-info.js';
import { DefaultResources, MaxCustomPriorityScore, type ResourceSpec, type ScoringStrategy,
  type UtilizationShapePoint } from '../config.js';
import { ignoredResourcePredicate } from '../plugin-args.js';

export const ErrReasonTooManyPods = 'Too many pods';
const TOO_MANY = 'Too many pods';
const INS_CPU = 'Insufficient cpu';
const INS_MEM = 'Insufficient memory';

export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MaxNodeScore) / capacity);
}

export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) requested = capacity;
  return Math.trunc((requested * MaxNodeScore) / capacity);
}

/** upstream helper.BuildBrokenLinearFunction over shape points already scaled to 0..100. */
export function brokenLinear(shape: readonly { utilization: number; score: number }[], p: number): number {
  for (let i = 0; i < shape.length; i++) {
    if (p <= shape[i]!.utilization) {
      if (i === 0) return shape[0]!.score;
      const a = shape[i - 1]!, b = shape[i]!;
      return a.score + Math.trunc(((b.score - a.score) * (p - a.utilization)) / (b.utilization - a.utilization));
    }
  }
  return shape[shape.length - 1]!.score;
}

export function validateShape(shape: readonly UtilizationShapePoint[]): void {
  if (shape.length === 0) throw new Error('RequestedToCapacityRatio: shape must have at least one point');
  for (let i = 0; i < shape.length; i++) {
    const p = shape[i]!;
    if (p.utilization < 0 || p.utilization > 100) throw new Error(`shape utilization ${p.utilization} not in 0..100`);
    if (p.score < 0 || p.score > MaxCustomPriorityScore) throw new Error(`shape score ${p.score} not in 0..${MaxCustomPriorityScore}`);
    if (i > 0 && p.utilization <= shape[i - 1]!.utilization) throw new Error('shape utilization must be strictly increasing');
  }
}

/** Build the per-resource (requested, allocatable) → node score function of a strategy. */
export function buildScorer(strategy: ScoringStrategy): (req: Float64Array, alloc: Float64Array, n: number) => number {
  const res = strategy.resources ?? DefaultResources;
  const w = res.map((r) => r.weight);
  if (strategy.type === 'RequestedToCapacityRatio') {
    // A configured scenario always has requestedToCapacityRatio (validation requires it); the
    // fallback serves callers in code only.
    const shape = strategy.requestedToCapacityRatio?.shape ?? strategy.shape ?? [{ utilization: 0, score: 10 }, { utilization: 100, score: 0 }];
    validateShape(shape);
    const scaled = shape.map((p) => ({ utilization: p.utilization, score: p.score * (MaxNodeScore / MaxCustomPriorityScore) }));
    return (req, alloc, n) => {
      let score = 0, ws = 0;
      for (let i = 0; i < n; i++) {
        const cap = alloc[i]!;
        if (cap === 0) continue;
        const r = req[i]!;
        const u = r > cap ? 100 : Math.trunc((r * 100) / cap);
        const s = brokenLinear(scaled, u);
        if (s > 0) { score += s * w[i]!; ws += w[i]!; }
      }
      return ws === 0 ? 0 : goRound(score / ws);
    };
  }
  const f = strategy.type === 'MostAllocated' ? mostRequestedScore : leastRequestedScore;
  return (req, alloc, n) => {
    let score = 0, ws = 0;
    for (let i = 0; i < n; i++) {
      if (alloc[i] === 0) continue;
      score += f(req[i]!, alloc[i]!) * w[i]!;
      ws += w[i]!;
    }
    return ws === 0 ? 0 : Math.trunc(score / ws);
  };
}

/**
 * LeastAllocated over cpu and memory with equal weights (the default strategy): the per-resource
 * scores of the non-zero requests (node + pod), averaged with integer division.
 */
export function leastAllocatedCpuMemScore(pod: PodInfo, node: NodeInfo): number {
  return leastAllocatedCpuMem(node.nzCpu + pod.nzCpu, node.allocCpu, node.nzMem + pod.nzMem, node.allocMem);
}

/** The same on plain numbers: requested (node + pod, non-zero) and allocatable cpu and memory. */
export function leastAllocatedCpuMem(rc: number, ac: number, rm: number, am: number): number {
  const c = leastRequestedScore(rc, ac);
  const m = leastRequestedScore(rm, am);
  if (ac !== 0 && am !== 0) return Math.trunc((c + m) / 2);
  return ac !== 0 ? c : am !== 0 ? m : 0;
}

/** Go math.Round: half away from zero. */
export function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

export class NodeResourcesFit implements FilterPlugin, ScorePlugin {
  readonly name = 'NodeResourcesFit';
  private readonly resources: readonly ResourceSpec[];
  private readonly scorer: (req: Float64Array, alloc: Float64Array, n: number) => number;
  private readonly req: Float64Array;
  private readonly alloc: Float64Array;
  /**
   * Default strategy (LeastAllocated over cpu and memory with equal weights): score() is
   * leastAllocatedCpuMemScore, which scheduleOne may also call directly on its hot path.
   */
  readonly fastDefault: boolean;

  /** True for an extended resource the Filter skips (ignoredResources / ignoredResourceGroups); undefined: none. */
  private readonly ignored: ((name: string) => boolean) | undefined;

  constructor(strategy: ScoringStrategy, ignore: { ignoredResources?: string[]; ignoredResourceGroups?: string[] } = {}) {
    this.resources = strategy.resources ?? DefaultResources;
    this.ignored = ignoredResourcePredicate({ ignoredResources: ignore.ignoredResources ?? [], ignoredResourceGroups: ignore.ignoredResourceGroups ?? [] });
    for (const r of this.resources) if (!(r.weight > 0)) throw new Error(`NodeResourcesFit: weight of ${r.name} must be > 0`);
    this.scorer = buildScorer(strategy);
    this.req = new Float64Array(this.resources.length);
    this.alloc = new Float64Array(this.resources.length);
    const r = this.resources;
    this.fastDefault = strategy.type === 'LeastAllocated' && r.length === 2 && r[0]!.name === 'cpu'
      && r[1]!.name === 'memory' && r[0]!.weight === r[1]!.weight;
  }

  filter(_s: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    let reasons: string[] | null = null;
    if (node.pods.length + 1 > node.allocPods) reasons = [TOO_MANY];
    const cpu = pod.reqCpu, mem = pod.reqMem, other = pod.otherReqs;
    if (cpu > 0 && cpu > node.allocCpu - node.reqCpu) (reasons ??= []).push(INS_CPU);
    if (mem > 0 && mem > node.allocMem - node.reqMem) (reasons ??= []).push(INS_MEM);
    const ignored = this.ignored;
    for (let i = 0; i < other.length; i++) {
      const [name, v] = other[i]!;
      if (ignored !== undefined && ignored(name)) continue;
      if (v > (node.allocatable[name] ?? 0) - (node.requested[name] ?? 0)) (reasons ??= []).push(`Insufficient ${name}`);
    }
    return reasons === null ? null : new Status(Code.Unschedulable, reasons);
  }

  score(_s: CycleState, pod: PodInfo, node: NodeInfo): number {
    if (this.fastDefault) return leastAllocatedCpuMemScore(pod, node);
    const res = this.resources, req = this.req, alloc = this.alloc;
    for (let i = 0; i < res.length; i++) {
      const name = res[i]!.name;
      if (name === 'cpu') { alloc[i] = node.allocCpu; req[i] = node.nzCpu + pod.nzCpu; continue; }
      if (name === 'memory') { alloc[i] = node.allocMem; req[i] = node.nzMem + pod.nzMem; continue; }
      const podReq = pod.res.requests[name] ?? 0;
      // Extended (scalar) resources the pod does not request are left out (upstream).
      if (podReq === 0 && name !== 'ephemeral-storage') { alloc[i] = 0; req[i] = 0; continue; }
      alloc[i] = node.allocatable[name] ?? 0;
      req[i] = (node.requested[name] ?? 0) + podReq;
    }
    return this.scorer(req, alloc, res.length);
  }
}
