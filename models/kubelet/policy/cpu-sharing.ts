// How a node's CPU is divided among containers over an interval, and CFS throttling
// accounting — a fluid model of the Linux CFS scheduler as the kubelet configures it.
//
// Model (one level, flattened): each container gets CPU in proportion to its cpu.shares
// among the containers that still want CPU (max-min fairness weighted by shares, i.e.
// water-filling), never more than its demand and never more than its CFS quota (limit).
// The real hierarchy (kubepods → QoS class → pod → container) is flattened: in particular
// all BestEffort pods together weigh 2 shares upstream, here each BestEffort container weighs
// 2; with 1024 shares per requested core the difference is negligible unless the node is
// packed with BestEffort pods.
//
// Cost: O(n log n) in the number of containers (a sort by cap/weight); call it when a demand,
// the pod set or the node capacity changes, not per tick. ≤110 pods × a few containers is
// a few hundred entries.

export interface CpuClaim {
  /** CPU the container would use if unconstrained, millicores (≥ 0). */
  demandMilli: number;
  /** cpu.shares (use milliCpuToShares(request)). Must be > 0. */
  shares: number;
  /** CPU limit in millicores (CFS quota / period × 1000); undefined = no quota. */
  limitMilli?: number;
}

/**
 * Usage per container (millicores, same order as `claims`):
 * usage_i = min(demand_i, limit_i, λ·shares_i) with λ chosen so Σ usage = min(capacity, Σ caps).
 * Containers that need less than their share release the rest to the still-hungry ones in
 * proportion to their shares. Deterministic: ties are broken by input index.
 */
export function shareCpu(capacityMilli: number, claims: readonly CpuClaim[]): number[] {
  const n = claims.length;
  const caps = new Float64Array(n);
  const shares = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const cl = claims[i]!;
    caps[i] = Math.max(0, cl.limitMilli === undefined ? cl.demandMilli : Math.min(cl.demandMilli, cl.limitMilli));
    shares[i] = cl.shares;
  }
  const usage = new Float64Array(n);
  shareCpuInto(capacityMilli, n, caps, shares, usage, new Float64Array(n), []);
  return Array.from(usage);
}

let sortKeys: Float64Array = new Float64Array(0);
const byKeyThenIndex = (a: number, b: number): number => sortKeys[a]! - sortKeys[b]! || a - b;

/**
 * shareCpu on caller-owned scratch arrays, for hot paths (no allocation once `order` has grown):
 * `caps[i]` = max(0, min(demand_i, limit_i)), `shares[i]` > 0, for i < n; writes `usage[0..n)`;
 * `keys` (length ≥ n) and `order` are scratch. Returns true when the claims exceed the capacity
 * (the water-filling ran, or the capacity is 0), false when every container gets its cap.
 */
export function shareCpuInto(
  capacityMilli: number,
  n: number,
  caps: Float64Array,
  shares: Float64Array,
  usage: Float64Array,
  keys: Float64Array,
  order: number[],
): boolean {
  usage.fill(0, 0, n);
  if (n === 0) return false;
  if (capacityMilli <= 0) return true;
  let totalCap = 0;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    const c = caps[i]!;
    totalCap += c;
    if (c > 0) totalWeight += shares[i]!;
  }
  if (totalCap <= capacityMilli) {
    for (let i = 0; i < n; i++) usage[i] = caps[i]!;
    return false;
  }
  // Saturated: fill the smallest cap/weight first (ties by index).
  order.length = 0;
  for (let i = 0; i < n; i++) {
    if (caps[i]! > 0) {
      order.push(i);
      keys[i] = caps[i]! / shares[i]!;
    }
  }
  sortKeys = keys;
  order.sort(byKeyThenIndex);
  let remaining = capacityMilli;
  let weight = totalWeight;
  let k = 0;
  for (; k < order.length; k++) {
    const i = order[k]!;
    const w = shares[i]!;
    if (caps[i]! * weight <= remaining * w) {
      usage[i] = caps[i]!;
      remaining -= caps[i]!;
      weight -= w;
    } else break;
  }
  for (; k < order.length; k++) {
    const i = order[k]!;
    usage[i] = (remaining * shares[i]!) / weight;
  }
  return true;
}

/** CFS period in ms (the kubelet's cpuCFSQuotaPeriod default, 100 ms). */
export const CFS_PERIOD_MS = 100;

export interface ThrottlingInput {
  /** Steady demand over the interval, millicores. */
  demandMilli: number;
  /** CPU limit, millicores; undefined = no quota, never throttled. */
  limitMilli?: number;
  /** Interval [startMs, endMs) in virtual ms. Period boundaries are aligned to time 0. */
  startMs: number;
  endMs: number;
  periodMs?: number;
}

export interface ThrottlingStats {
  /** nr_periods: CFS periods that began inside the interval while the cgroup was runnable. */
  periods: number;
  /** nr_throttled: periods in which the quota ran out. */
  throttledPeriods: number;
  /** throttled_time in ms: wall time the cgroup spent runnable but throttled. */
  throttledTimeMs: number;
  /** CPU time wanted but not granted, in core-ms (demand − limit over the interval). */
  deniedCpuMs: number;
}

/**
 * Fluid CFS accounting for a steady demand d against a limit L with period P:
 * each period the cgroup consumes its quota L·P at rate d, so it runs for P·L/d and is
 * throttled for the rest of the period, P·(d − L)/d. With d ≤ L nothing is throttled.
 * With d > L every period is throttled (nr_throttled = nr_periods) and
 * throttled_time = nr_periods · P · (d − L)/d. Periods are counted by boundary crossings of
 * multiples of P in [start, end), so consecutive intervals add up exactly.
 * `deniedCpuMs` is the lost work, (d − L)/1000 cores × interval.
 */
export function cfsThrottling(inp: ThrottlingInput): ThrottlingStats {
  const P = inp.periodMs ?? CFS_PERIOD_MS;
  const d = inp.demandMilli;
  const span = Math.max(0, inp.endMs - inp.startMs);
  if (d <= 0 || span === 0) return { periods: 0, throttledPeriods: 0, throttledTimeMs: 0, deniedCpuMs: 0 };
  const periods = cfsPeriods(inp.startMs, inp.endMs, P);
  const L = inp.limitMilli;
  if (L === undefined || d <= L) return { periods, throttledPeriods: 0, throttledTimeMs: 0, deniedCpuMs: 0 };
  const frac = (d - L) / d;
  return {
    periods,
    throttledPeriods: periods,
    throttledTimeMs: periods * P * frac,
    deniedCpuMs: ((d - L) / 1000) * span,
  };
}

/** CFS period boundaries (multiples of `periodMs`) crossed in [startMs, endMs): cfsThrottling's nr_periods. */
export function cfsPeriods(startMs: number, endMs: number, periodMs: number = CFS_PERIOD_MS): number {
  return Math.ceil(endMs / periodMs) - Math.ceil(startMs / periodMs);
}
