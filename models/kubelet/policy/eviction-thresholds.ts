// The eviction manager's threshold bookkeeping (kubelet pkg/kubelet/eviction/helpers.go):
// parsing evictionHard / evictionSoft / evictionSoftGracePeriod / evictionMinimumReclaim, which
// thresholds an observation meets, since when (grace periods), the node conditions they raise and
// how long those are kept (evictionPressureTransitionPeriod), and which crossed threshold is
// reclaimed first (byEvictionPriority). Pure: times are milliseconds passed in.

import { parseBytes } from '../../api/policy/quantity.js';
import { DEFAULT_EVICTION_HARD, type EvictionSignal, type ThresholdValue } from './eviction.js';

export type PressureCondition = 'MemoryPressure' | 'DiskPressure' | 'PIDPressure';
/** What a signal reclaims (signalToResource): inodes and pids are the eviction package's own names. */
export type ReclaimResource = 'memory' | 'ephemeral-storage' | 'inodes' | 'pids';

/** Signals in the order k8sim evaluates them (upstream iterates a Go map: no fixed order). */
export const EVICTION_SIGNALS: readonly EvictionSignal[] = [
  'memory.available', 'nodefs.available', 'nodefs.inodesFree', 'imagefs.available', 'imagefs.inodesFree', 'pid.available',
];

/** signalToNodeCondition. */
export const SIGNAL_CONDITION: Readonly<Record<EvictionSignal, PressureCondition>> = {
  'memory.available': 'MemoryPressure',
  'nodefs.available': 'DiskPressure',
  'nodefs.inodesFree': 'DiskPressure',
  'imagefs.available': 'DiskPressure',
  'imagefs.inodesFree': 'DiskPressure',
  'pid.available': 'PIDPressure',
};

/** signalToResource. */
export const SIGNAL_RESOURCE: Readonly<Record<EvictionSignal, ReclaimResource>> = {
  'memory.available': 'memory',
  'nodefs.available': 'ephemeral-storage',
  'nodefs.inodesFree': 'inodes',
  'imagefs.available': 'ephemeral-storage',
  'imagefs.inodesFree': 'inodes',
  'pid.available': 'pids',
};

/** One eviction threshold (evictionapi.Threshold); the operator is always LessThan. */
export interface Threshold {
  signal: EvictionSignal;
  value: ThresholdValue;
  /** 0 = a hard threshold (isHardEvictionThreshold). */
  gracePeriodMs: number;
  minReclaim?: ThresholdValue;
}

/** What the kubelet observes of one signal (signalObservation): available and capacity. */
export interface Observation {
  available: number;
  capacity: number;
}
export type Observations = Partial<Record<EvictionSignal, Observation>>;

/** Kubelet eviction settings as a Cluster gives them (KubeletConfiguration field names). */
export interface EvictionConfig {
  evictionHard?: Readonly<Record<string, string | number>>;
  evictionSoft?: Readonly<Record<string, string | number>>;
  /** Milliseconds (the scenario loader parses the durations). */
  evictionSoftGracePeriod?: Readonly<Record<string, number>>;
  evictionMinimumReclaim?: Readonly<Record<string, string | number>>;
}

/** A configuration problem: the field path below the kubelet settings and upstream's message. */
export interface EvictionConfigProblem {
  path: string[];
  message: string;
}

const isSignal = (s: string): s is EvictionSignal => (EVICTION_SIGNALS as readonly string[]).includes(s);

/** parsePercentage: float32(ParseFloat(s, 32)) / 100 in float32. */
function parsePercentage(text: string): number {
  return Math.fround(Math.fround(Number(text.slice(0, -1))) / 100);
}

/** Bytes, inodes and pids share the quantity grammar ("100Mi", "5k", "1000"). */
function quantityValue(text: string): number {
  return parseBytes(text);
}

/** parseThresholdStatement: undefined for "0%" / "100%" (ignored), else a value or a problem. */
function parseStatement(signal: EvictionSignal, raw: string | number): ThresholdValue | string | undefined {
  const text = String(raw).trim();
  if (text.endsWith('%')) {
    if (text === '0%' || text === '100%') return undefined;
    const p = parsePercentage(text);
    if (!Number.isFinite(p)) return `invalid percentage: ${text}`;
    if (p < 0) return `eviction percentage threshold ${signal} must be >= 0%: ${text}`;
    if (p > 1) return `eviction percentage threshold ${signal} must be <= 100%: ${text}`;
    return { percentage: p };
  }
  let q: number;
  try {
    q = quantityValue(text);
  } catch {
    return `quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`;
  }
  if (!(q > 0)) return `eviction threshold ${signal} must be positive: ${text}`;
  return { quantity: q };
}

/**
 * ParseThresholdConfig: the hard thresholds, then the soft ones (each must have a grace period:
 * "grace period must be specified for the soft eviction threshold <signal>"), each with its
 * minimum reclaim. An unknown signal is an error ("unsupported eviction signal <s>"), as upstream.
 * An absent or empty evictionHard means the Linux defaults; a given map replaces them.
 */
export function parseThresholdConfig(cfg: EvictionConfig): { thresholds: Threshold[]; problems: EvictionConfigProblem[] } {
  const problems: EvictionConfigProblem[] = [];
  const thresholds: Threshold[] = [];
  const statements = (field: 'evictionHard' | 'evictionSoft', map: Readonly<Record<string, string | number>>): Threshold[] => {
    const out: Threshold[] = [];
    for (const [signal, raw] of Object.entries(map)) {
      if (!isSignal(signal)) {
        problems.push({ path: [field, signal], message: `unsupported eviction signal ${signal}` });
        continue;
      }
      const v = parseStatement(signal, raw);
      if (typeof v === 'string') problems.push({ path: [field, signal], message: v });
      else if (v) out.push({ signal, value: v, gracePeriodMs: 0 });
    }
    return out;
  };
  const hard = cfg.evictionHard === undefined || Object.keys(cfg.evictionHard).length === 0
    ? EVICTION_SIGNALS.flatMap((signal) => {
      const v = DEFAULT_EVICTION_HARD[signal];
      return v ? [{ signal, value: v, gracePeriodMs: 0 }] : [];
    })
    : statements('evictionHard', cfg.evictionHard);
  thresholds.push(...hard);
  const grace = new Map<EvictionSignal, number>();
  for (const [signal, ms] of Object.entries(cfg.evictionSoftGracePeriod ?? {})) {
    if (!isSignal(signal)) {
      problems.push({ path: ['evictionSoftGracePeriod', signal], message: `unsupported eviction signal ${signal}` });
      continue;
    }
    if (ms < 0) problems.push({ path: ['evictionSoftGracePeriod', signal], message: `invalid eviction grace period specified: ${ms}ms, must be a positive value` });
    else grace.set(signal, ms);
  }
  for (const t of statements('evictionSoft', cfg.evictionSoft ?? {})) {
    const g = grace.get(t.signal);
    if (g === undefined) {
      problems.push({ path: ['evictionSoft', t.signal], message: `grace period must be specified for the soft eviction threshold ${t.signal}` });
      continue;
    }
    // A soft threshold with a zero grace period is hard in all but name (isHardEvictionThreshold).
    thresholds.push({ ...t, gracePeriodMs: g });
  }
  for (const [signal, raw] of Object.entries(cfg.evictionMinimumReclaim ?? {})) {
    if (!isSignal(signal)) {
      problems.push({ path: ['evictionMinimumReclaim', signal], message: `unsupported eviction signal ${signal}` });
      continue;
    }
    const text = String(raw).trim();
    let v: ThresholdValue;
    if (text.endsWith('%')) {
      const p = parsePercentage(text);
      if (!(p > 0)) {
        problems.push({ path: ['evictionMinimumReclaim', signal], message: `eviction percentage minimum reclaim ${signal} must be positive: ${text}` });
        continue;
      }
      v = { percentage: p };
    } else {
      let q: number;
      try {
        q = quantityValue(text);
      } catch {
        problems.push({ path: ['evictionMinimumReclaim', signal], message: `invalid quantity "${text}"` });
        continue;
      }
      if (q < 0) {
        problems.push({ path: ['evictionMinimumReclaim', signal], message: `negative eviction minimum reclaim specified for ${signal}` });
        continue;
      }
      v = { quantity: q };
    }
    for (const t of thresholds) if (t.signal === signal) t.minReclaim = v;
  }
  return { thresholds, problems };
}

/** GetThresholdQuantity: a quantity as is; a percentage as int64(capacity × float32 percentage). */
export function thresholdQuantityOf(value: ThresholdValue, capacity: number): number {
  if ('quantity' in value) return value.quantity;
  return Math.trunc(capacity * Math.fround(value.percentage));
}

/**
 * thresholdsMet: the thresholds whose quantity (plus the minimum reclaim when enforceMinReclaim)
 * exceeds what is available; a threshold without an observation is passed over.
 */
export function thresholdsMet(thresholds: readonly Threshold[], observations: Observations, enforceMinReclaim: boolean): Threshold[] {
  const out: Threshold[] = [];
  for (const t of thresholds) {
    const o = observations[t.signal];
    if (!o) continue;
    let q = thresholdQuantityOf(t.value, o.capacity);
    if (enforceMinReclaim && t.minReclaim) q += thresholdQuantityOf(t.minReclaim, o.capacity);
    if (q > o.available) out.push(t);
  }
  return out;
}

function sameValue(a: ThresholdValue, b: ThresholdValue): boolean {
  if ('quantity' in a) return 'quantity' in b && a.quantity === b.quantity;
  return 'percentage' in b && a.percentage === b.percentage;
}

/** hasThreshold: same grace period, signal and value. */
export function hasThreshold(list: readonly Threshold[], t: Threshold): boolean {
  return list.some((x) => x.gracePeriodMs === t.gracePeriodMs && x.signal === t.signal && sameValue(x.value, t.value));
}

/** mergeThresholds: a, then the thresholds of b not already in a. */
export function mergeThresholds(a: readonly Threshold[], b: readonly Threshold[]): Threshold[] {
  const out = [...a];
  for (const t of b) if (!hasThreshold(out, t)) out.push(t);
  return out;
}

/** thresholdsFirstObservedAt: when each threshold met now was first met (now if new). */
export function thresholdsFirstObservedAt(thresholds: readonly Threshold[], last: ReadonlyMap<Threshold, number>, now: number): Map<Threshold, number> {
  const out = new Map<Threshold, number>();
  for (const t of thresholds) out.set(t, last.get(t) ?? now);
  return out;
}

/** thresholdsMetGracePeriod: the thresholds met for at least their grace period. */
export function thresholdsMetGracePeriod(observedAt: ReadonlyMap<Threshold, number>, now: number): Threshold[] {
  const out: Threshold[] = [];
  for (const [t, at] of observedAt) if (now - at >= t.gracePeriodMs) out.push(t);
  return out;
}

/** nodeConditions: the distinct conditions the thresholds raise, in order. */
export function nodeConditions(thresholds: readonly Threshold[]): PressureCondition[] {
  const out: PressureCondition[] = [];
  for (const t of thresholds) {
    const c = SIGNAL_CONDITION[t.signal];
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

/** nodeConditionsLastObservedAt: the conditions seen now at `now`, the others keep their time. */
export function nodeConditionsLastObservedAt(
  conditions: readonly PressureCondition[], last: ReadonlyMap<PressureCondition, number>, now: number,
): Map<PressureCondition, number> {
  const out = new Map<PressureCondition, number>();
  for (const c of conditions) out.set(c, now);
  for (const [c, at] of last) if (!out.has(c)) out.set(c, at);
  return out;
}

/** nodeConditionsObservedSince: the conditions last seen less than `periodMs` ago. */
export function nodeConditionsObservedSince(observedAt: ReadonlyMap<PressureCondition, number>, periodMs: number, now: number): PressureCondition[] {
  const out: PressureCondition[] = [];
  for (const [c, at] of observedAt) if (now - at < periodMs) out.push(c);
  return out;
}

/**
 * sort.Sort(byEvictionPriority(thresholds)): memory first, thresholds whose signal has no resource
 * to reclaim last (every signal k8sim knows has one). Upstream's Less is not a strict order and its
 * input comes from Go map iteration; k8sim sorts stably, so among the rest the order given stays
 * (hard thresholds before soft ones, then EVICTION_SIGNALS order).
 */
export function sortByEvictionPriority(thresholds: readonly Threshold[]): Threshold[] {
  const rank = (t: Threshold) => (t.signal === 'memory.available' ? 0 : 1);
  return thresholds.map((t, i) => ({ t, i })).sort((a, b) => rank(a.t) - rank(b.t) || a.i - b.i).map((x) => x.t);
}

/** isHardEvictionThreshold. */
export function isHardThreshold(t: Threshold): boolean {
  return t.gracePeriodMs === 0;
}

/**
 * getThresholdMetInfo: the quantity and availability of the first threshold (in the order given)
 * whose signal reclaims `resource` and has an observation — the figures the eviction message quotes.
 */
export function thresholdMetInfo(
  resource: ReclaimResource, thresholds: readonly Threshold[], observations: Observations,
): { threshold: Threshold; quantity: number; available: number } | undefined {
  for (const t of thresholds) {
    if (SIGNAL_RESOURCE[t.signal] !== resource) continue;
    const o = observations[t.signal];
    if (o) return { threshold: t, quantity: thresholdQuantityOf(t.value, o.capacity), available: o.available };
  }
  return undefined;
}
