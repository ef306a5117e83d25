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
  const usage = new Array<number>(n).fill(0);
  if (n === 0 || capacityMilli <= 0) return usage;
  const cap = new Array<number>(n);
  let totalCap = 0;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    const cl = claims[i]!;
    const c = Math.max(0, cl.limitMilli === undefined ? cl.demandMilli : Math.min(cl.demandMilli, cl.limitMilli));
    cap[i] = c;
    totalCap += c;
    if (c > 0) totalWeight += cl.shares;
  }
  if (totalCap <= capacityMilli) {
    for (let i = 0; i < n; i++) usage[i] = cap[i]!;
    return usage;
  }
  // Saturated: fill the smallest cap/weight first.
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (cap[i]! > 0) order.push(i);
  order.sort((a, b) => cap[a]! / claims[a]!.shares - cap[b]! / claims[b]!.shares || a - b);
  let remaining = capacityMilli;
  let weight = totalWeight;
  let k = 0;
  for (; k < order.length; k++) {
    const i = order[k]!;
    const w = claims[i]!.shares;
    if (cap[i]! * weight <= remaining * w) {
      usage[i] = cap[i]!;
      remaining -= cap[i]!;
      weight -= w;
    } else break;
  }
  for (; k < order.length; k++) {
    const i = order[k]!;
    usage[i] = (remaining * claims[i]!.shares) / weight;
  }
  return usage;
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
  const periods = Math.ceil(inp.endMs / P) - Math.ceil(inp.startMs / P);
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
