// Resource-use profiles of a container, from a Behavior's `spec.cpu` / `spec.memory`
// (already checked by the schema in scenarios/schema/behavior.ts): a base level, step changes,
// a start-up burst, a mean-reverting random walk and, for memory, a leak. Times are measured
// from the start of each run of the container (a restarted process starts afresh: its leak,
// burst and steps begin again). CPU in millicores, memory in bytes, time in ms.

import { parseDuration, type Millis } from '../../../sim/index.js';
import { resourceValue } from '../../api/policy/pod-resources.js';
import type { ContainerResources, Quantity } from '../../api/types.js';

export interface Step {
  at: Millis;
  value: number;
}

export interface RandomWalk {
  /** Standard deviation of one step's change. */
  stddev: number;
  /** Fraction of the distance back to the level pulled in at each step (0 = pure walk). */
  reversion: number;
  period: Millis;
  /** Bounds of the resulting usage (default 0 and ∞). */
  min: number;
  max: number;
}

export interface UsageProfile {
  base: number;
  /** Sorted by `at`; a step's value replaces the base from `at` on. */
  steps: Step[];
  burst: { value: number; duration: Millis } | undefined;
  walk: RandomWalk | undefined;
  /** Memory only: growth per ms while the container runs. */
  leakPerMs: number;
}

/** The random walk's default step period (also the per-node usage update period). */
export const DEFAULT_WALK_PERIOD: Millis = 10_000;
export const DEFAULT_WALK_REVERSION = 0.1;

/**
 * Defaults for a container with no behaviour: half of its request — a service that was sized
 * with some headroom, which is how requests are usually set — or, without a request, a small
 * constant typical of an idle sidecar/process (10m CPU, 32Mi memory). Nothing is throttled,
 * OOM-killed or evicted by default, so scenarios without Behaviors keep their old meaning.
 */
export const DEFAULT_CPU_NO_REQUEST = 10;
export const DEFAULT_MEMORY_NO_REQUEST = 32 * 1024 * 1024;

export function defaultCpuBase(res: ContainerResources): number {
  const r = res.requests['cpu'];
  return r !== undefined && r > 0 ? r / 2 : DEFAULT_CPU_NO_REQUEST;
}

export function defaultMemoryBase(res: ContainerResources): number {
  const r = res.requests['memory'];
  return r !== undefined && r > 0 ? Math.floor(r / 2) : DEFAULT_MEMORY_NO_REQUEST;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

const RATE_UNITS: Record<string, Millis> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, hour: 3_600_000 };

/** The leak rate string grammar, shared with the schema: "1Mi/min", "10Mi/1m", "512Ki/s". */
export const LEAK_RATE_PATTERN = '^\\s*[0-9.]+[A-Za-z]*\\s*/\\s*(ms|s|sec|m|min|h|hour|[0-9.]+(ms|s|m|h))\\s*$';

/** Bytes per ms from "1Mi/min" or ({leak: 10Mi, per: 1m}); `per` defaults to 1s. */
export function parseLeak(leak: unknown, per: unknown): number {
  if (typeof leak === 'string' && leak.includes('/')) {
    const [q, unit] = leak.split('/').map((s) => s.trim()) as [string, string];
    const ms = RATE_UNITS[unit] ?? parseDuration(unit);
    return resourceValue('memory', q) / ms;
  }
  const perMs = per === undefined ? 1000 : parseDuration(String(per));
  if (perMs <= 0) throw new Error('leak period must be > 0');
  return resourceValue('memory', leak as Quantity) / perMs;
}

/**
 * A profile from a Behavior's raw `cpu`/`memory` object, with `defaultBase` for a missing base.
 * Quantities are read as CPU (millicores) or bytes per `resource`.
 */
export function parseProfile(raw: Rec | undefined, resource: 'cpu' | 'memory', defaultBase: number): UsageProfile {
  const q = (v: unknown) => resourceValue(resource, v as Quantity);
  const p: UsageProfile = { base: defaultBase, steps: [], burst: undefined, walk: undefined, leakPerMs: 0 };
  if (!raw) return p;
  if (raw.base !== undefined) p.base = q(raw.base);
  if (Array.isArray(raw.steps)) {
    p.steps = (raw.steps as Rec[]).map((s) => ({ at: parseDuration(String(s.at)), value: q(s.value) }));
    p.steps.sort((a, b) => a.at - b.at);
  }
  if (isRec(raw.burst)) p.burst = { value: q(raw.burst.value), duration: parseDuration(String(raw.burst.duration)) };
  if (isRec(raw.randomWalk)) {
    const w = raw.randomWalk;
    p.walk = {
      stddev: q(w.stddev),
      reversion: w.reversion !== undefined ? Number(w.reversion) : DEFAULT_WALK_REVERSION,
      period: w.period !== undefined ? parseDuration(String(w.period)) : DEFAULT_WALK_PERIOD,
      min: w.min !== undefined ? q(w.min) : 0,
      max: w.max !== undefined ? q(w.max) : Infinity,
    };
    if (p.walk.period <= 0) p.walk.period = DEFAULT_WALK_PERIOD;
  }
  if (resource === 'memory' && raw.leak !== undefined) p.leakPerMs = parseLeak(raw.leak, raw.per);
  return p;
}

/** The piecewise-constant level at `age` ms into the run (without walk, load or leak). */
export function levelAt(p: UsageProfile, age: Millis): number {
  let v = p.base;
  for (const s of p.steps) {
    if (s.at <= age) v = s.value;
    else break;
  }
  if (p.burst && age < p.burst.duration) v += p.burst.value;
  return v;
}

/** The next age (> age) at which levelAt changes, or Infinity. */
export function nextChangeAfter(p: UsageProfile, age: Millis): Millis {
  let next = Infinity;
  for (const s of p.steps) {
    if (s.at > age) {
      next = s.at;
      break;
    }
  }
  if (p.burst && p.burst.duration > age && p.burst.duration < next) next = p.burst.duration;
  return next;
}
