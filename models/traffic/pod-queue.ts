// A memoised view of ./policy/queueing.ts for the flow model's hot path.
//
// M/M/c/K response times scale with 1/μ: the queue with offered load a = λ/μ and service rate μ
// is the μ = 1 queue with times divided by μ. So results are computed once per (c, K, a) with
// μ = 1 and reused; a is rounded to 3 significant digits (≤ 0.5% relative), which keeps a day of
// diurnal load over a thousand Services to a few thousand distinct queues.
//
// Each entry also keeps the survival function on a fixed log grid, so that mixtures across pods
// of different capacities, and the run-long request-weighted latency distribution, are sums of
// tabulated values rather than nested bisections.

import { podService } from './policy/queueing.js';

/** Normalised grid (units of 1/μ): 10^-3 … 10^4, 20 points per decade. */
const NORM_LO = -3;
const NORM_PER_DECADE = 20;
const NORM_POINTS = 7 * NORM_PER_DECADE + 1;

/** Absolute grid (seconds) for mixtures and run totals: 10^-5 … 10^4 s, 20 per decade. */
export const ABS_LO = -5;
export const ABS_PER_DECADE = 20;
export const ABS_POINTS = 9 * ABS_PER_DECADE + 1;
export const ABS_GRID: Float64Array = (() => {
  const g = new Float64Array(ABS_POINTS);
  for (let i = 0; i < ABS_POINTS; i++) g[i] = 10 ** (ABS_LO + i / ABS_PER_DECADE);
  return g;
})();

export interface NormQueue {
  /** Fraction of offered requests rejected (queue full). */
  blocking: number;
  /** Mean, p50, p95, p99 response of accepted requests, units of 1/μ. */
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  /** Survival P(T > t) at t = 10^(NORM_LO + i/NORM_PER_DECADE), units of 1/μ. */
  grid: Float64Array;
  /** absSurvival's tables of this queue by μ (filled on demand). */
  abs?: Map<number, AbsTable>;
  /** absGeneration when `abs` was started (older maps are dropped). */
  absGen?: number;
}

/**
 * Solved queues by shape (`c|K`), each shape's by rounded offered load: a caller that keeps its
 * shape's map (queueShape) looks a queue up by a number, with no key string built per call.
 */
const shapes = new Map<string, Map<number, NormQueue>>();
/** Queues held over all shapes; past MAX_CACHE every shape's map is emptied at once. */
let cached = 0;
const MAX_CACHE = 200_000;

/** The map of solved queues of one shape (c slots, bound K), for normQueueOf. */
export function queueShape(c: number, K: number): QueueShape {
  const key = `${c}|${K}`;
  let m = shapes.get(key);
  if (!m) {
    m = new Map();
    shapes.set(key, m);
  }
  return { c, K, queues: m };
}

export interface QueueShape {
  readonly c: number;
  readonly K: number;
  readonly queues: Map<number, NormQueue>;
}

/** Powers of ten as literals (each exactly the double nearest it; 10^0 … 10^22 are exact). */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * Offered load rounded for the cache key (3 significant digits): exactly Number(a.toPrecision(3)),
 * the cache's key since it was written, without building and parsing a string on every load
 * change (~150 ns each, a few hundred thousand per virtual hour at 5,000 nodes).
 *
 * a is scaled to t = a·10^(2−e) in [100, 1000) with one exact power of ten, so t is within half an
 * ulp (≤ 1.2e-13) of the exact value; unless that is within 1e-9 of a half, Math.round(t) is the
 * n toPrecision picks (the integer nearest the exact a·10^(2−e)). Then n·10^(e−2), with an exact
 * power of ten and one rounding, is the double nearest the decimal n × 10^(e−2) — what Number()
 * parses from toPrecision's digits. Anything else (near-ties, far exponents, NaN) takes the string.
 */
export function roundLoad(a: number): number {
  if (a <= 0) return 0;
  if (!(a >= 1e-19 && a < 1e14)) return Number(a.toPrecision(3));
  let e = Math.floor(Math.log10(a));
  for (let tries = 0; tries < 2; tries++) {
    const k = e - 2;
    const t = k < 0 ? a * POW10[-k]! : a / POW10[k]!;
    if (t < 100) e--;
    else if (t >= 1000) e++;
    else {
      const f = t - Math.floor(t);
      if (Math.abs(f - 0.5) < 1e-9) break;
      const n = Math.round(t);
      return k < 0 ? n / POW10[-k]! : n * POW10[k]!;
    }
  }
  return Number(a.toPrecision(3));
}

/**
 * States beyond which the stationary probability is below e^-40 relative to the mode carry no
 * weight a double can see: the queue with that bound is numerically the same queue, and much
 * cheaper to evaluate. Only applies below saturation (a < c), where p_n falls geometrically.
 */
export function effectiveBound(a: number, c: number, K: number): number {
  if (a >= c || a <= 0) return K;
  let logp = 0;
  let max = 0;
  const la = Math.log(a);
  for (let n = 1; n <= K; n++) {
    logp += la - Math.log(Math.min(n, c));
    if (logp > max) max = logp;
    if (n >= c && logp < max - 40) return Math.max(c, n);
  }
  return K;
}

/** The μ = 1 queue for c slots, bound K (K ≥ c) and offered load a. */
export function normQueue(c: number, K: number, aRaw: number): NormQueue {
  return normQueueOf(queueShape(c, K), aRaw);
}

/** normQueue for a shape's map in hand. */
export function normQueueOf(shape: QueueShape, aRaw: number): NormQueue {
  const a = roundLoad(aRaw);
  const hit = shape.queues.get(a);
  if (hit) return hit;
  const c = shape.c;
  const K = shape.K;
  const kEff = effectiveBound(a, c, K);
  const r = podService({ offeredRate: a, cpuMillicores: c, costMilliCoreSeconds: 1, concurrency: c, queueBound: kEff - c });
  const grid = new Float64Array(NORM_POINTS);
  const resp = r.response;
  // Survival falls monotonically: once it is below what a double mixture can see, the rest of the
  // grid is 0 (and the far tail is where queueing.ts's series is slowest to converge).
  let i = 0;
  for (; resp && i < NORM_POINTS; i++) {
    const s = resp.survival(10 ** (NORM_LO + i / NORM_PER_DECADE));
    grid[i] = s;
    if (s < 1e-12) break;
  }
  const q: NormQueue = {
    blocking: a > 0 ? r.errorRate / a : 0,
    mean: resp ? r.mean : 1,
    p50: resp ? r.p50 : Math.log(2),
    p95: resp ? r.p95 : -Math.log(0.05),
    p99: resp ? r.p99 : -Math.log(0.01),
    grid,
  };
  if (a === 0) {
    // An idle pod: a request would see an empty system, its response is one Exp(1) service.
    for (let i = 0; i < NORM_POINTS; i++) grid[i] = Math.exp(-(10 ** (NORM_LO + i / NORM_PER_DECADE)));
  }
  if (cached >= MAX_CACHE) {
    for (const m of shapes.values()) m.clear();
    cached = 0;
  }
  shape.queues.set(a, q);
  cached++;
  return q;
}

/** P(T > t) of the queue with service rate mu, t in seconds, interpolated on the grid. */
export function survivalAt(q: NormQueue, mu: number, t: number): number {
  const x = t * mu;
  if (x <= 0) return 1;
  const pos = (Math.log10(x) - NORM_LO) * NORM_PER_DECADE;
  if (pos <= 0) return 1 - (1 - q.grid[0]!) * (x / 10 ** NORM_LO); // linear from S(0) = 1
  if (pos >= NORM_POINTS - 1) return 0;
  const i = Math.floor(pos);
  const f = pos - i;
  return q.grid[i]! * (1 - f) + q.grid[i + 1]! * f;
}

/** Service rates whose tables one queue keeps (a queue is shared by Services of different μ). */
const MAX_ABS_PER_QUEUE = 16;
/** Tables (1.4 KB each) made before every queue's are dropped at once: ≤ 30 MB. */
const MAX_ABS_TABLES = 20_000;
let absTables = 0;
let absGeneration = 0;

/**
 * survivalAt(q, mu, ABS_GRID[j]) for every absolute grid point, tabulated once per (queue, μ):
 * a Service's pods usually share one (queue, μ) and keep it while the offered load stays in the
 * same 3-digit bucket, so a recomputation's mixture is Σ weight·table instead of a log10 and an
 * interpolation per grid point. The caller must not modify the table.
 */
export function absSurvival(q: NormQueue, mu: number): Float64Array {
  return absTable(q, mu).t;
}

/** A table of absSurvival and its extent: every entry from `hi` on is exactly 0. */
export interface AbsTable {
  readonly t: Float64Array;
  readonly hi: number;
  /** Every entry is finite. */
  readonly finite: boolean;
}

/** absSurvival's table with its extent (Σ weight·table need not visit the zero tail). */
export function absTable(q: NormQueue, mu: number): AbsTable {
  let m = q.abs;
  if (!m || q.absGen !== absGeneration) {
    q.abs = m = new Map();
    q.absGen = absGeneration;
  }
  let e = m.get(mu);
  if (!e) {
    const t = new Float64Array(ABS_POINTS);
    for (let j = 0; j < ABS_POINTS; j++) t[j] = survivalAt(q, mu, ABS_GRID[j]!);
    e = { t, hi: extent(t), finite: t.every(Number.isFinite) };
    if (++absTables > MAX_ABS_TABLES) {
      absTables = 1;
      absGeneration++;
      q.abs = m = new Map();
      q.absGen = absGeneration;
    } else if (m.size >= MAX_ABS_PER_QUEUE) m.clear();
    m.set(mu, e);
  }
  return e;
}

/** 1 + the last index whose value is not 0 (NaN counts as not 0), 0 for all zeros. */
export function extent(t: Float64Array): number {
  let hi = t.length;
  while (hi > 0 && t[hi - 1] === 0) hi--;
  return hi;
}

/** Add weight·S(T_j) for every absolute grid point into `acc`. */
export function accumulateSurvival(acc: Float64Array, q: NormQueue, mu: number, weight: number): void {
  for (let j = 0; j < ABS_POINTS; j++) acc[j]! += weight * survivalAt(q, mu, ABS_GRID[j]!);
}

/** The p-quantile from an accumulated survival (acc[j] = Σ w·S(T_j), total = Σ w). */
export function quantileFromGrid(acc: Float64Array, total: number, p: number): number {
  if (!(total > 0)) return NaN;
  const target = (1 - p) * total;
  let prevT = 0;
  let prevS = total;
  for (let j = 0; j < ABS_POINTS; j++) {
    const s = acc[j]!;
    const t = ABS_GRID[j]!;
    if (s <= target) {
      if (prevS === s) return t;
      return prevT + ((t - prevT) * (prevS - target)) / (prevS - s);
    }
    prevT = t;
    prevS = s;
  }
  return Infinity;
}

/** For tests and benches: how many distinct queues have been solved. */
export function normQueueCacheSize(): number {
  return cached;
}
