// Expansion of a sweep into points (parameter value vectors) and runs (point × replication).
//
// Order is part of the interface:
//  - grid: lexicographic over the parameters in declaration order (the last parameter varies
//    fastest), each parameter's values in the order written;
//  - random: `samples` points, sample i drawing parameters in declaration order from one alea
//    stream seeded by `spec.seed`;
//  - latinHypercube: `samples` points; for each parameter (declaration order) a seeded random
//    permutation assigns sample i to stratum π(i) of [0,1) cut into `samples` equal strata, and a
//    seeded uniform jitter places it inside the stratum — so each parameter has exactly one sample
//    per stratum.
// Replication seeds are the same list for every point (common random numbers), see load.ts.

import seedrandom from 'seedrandom';
import type { ParamValue, ParameterDef, SweepDefinition } from './types.js';

export type Rng = () => number;

export function samplingRng(seed: number): Rng {
  return seedrandom.alea(`k8sim-sweep/${seed}`);
}

/** Rounds to 12 significant digits: away binary noise from `from + i*step` (0.1+0.2 → 0.3) and in output cells. */
export function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

export function rangeValues(from: number, to: number, step: number): number[] {
  const n = Math.floor((to - from) / step + 1e-9) + 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(tidy(from + i * step));
  return out;
}

/** The finite list of values of a parameter (values, range, choice), or undefined (continuous). */
export function discreteValues(p: ParameterDef): ParamValue[] | undefined {
  switch (p.source.kind) {
    case 'values':
    case 'choice':
      return p.source.values;
    case 'range': {
      const vs = rangeValues(p.source.from, p.source.to, p.source.step);
      return p.integer ? vs.map((v) => Math.round(v)) : vs;
    }
    default:
      return undefined;
  }
}

export function gridPoints(lists: readonly (readonly ParamValue[])[]): ParamValue[][] {
  let points: ParamValue[][] = [[]];
  for (const list of lists) {
    const next: ParamValue[][] = [];
    for (const prefix of points) for (const v of list) next.push([...prefix, v]);
    points = next;
  }
  return points;
}

/** n × d uniform samples in [0,1), row-major by sample. */
export function randomUnit(n: number, d: number, rng: Rng): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: number[] = [];
    for (let k = 0; k < d; k++) row.push(rng());
    rows.push(row);
  }
  return rows;
}

/** n × d Latin hypercube samples in [0,1): column k has exactly one value in each [j/n, (j+1)/n). */
export function latinHypercubeUnit(n: number, d: number, rng: Rng): number[][] {
  const rows: number[][] = Array.from({ length: n }, () => new Array<number>(d).fill(0));
  for (let k = 0; k < d; k++) {
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
    }
    for (let i = 0; i < n; i++) rows[i]![k] = (perm[i]! + rng()) / n;
  }
  return rows;
}

/** Maps u ∈ [0,1) to a value of the parameter. */
export function valueAt(p: ParameterDef, u: number): ParamValue {
  const list = discreteValues(p);
  if (list) return list[Math.min(list.length - 1, Math.floor(u * list.length))]!;
  const s = p.source;
  if (s.kind === 'uniform') {
    if (p.integer) return Math.min(s.high, Math.floor(s.low + u * (s.high - s.low + 1)));
    return s.low + u * (s.high - s.low);
  }
  if (s.kind === 'loguniform') {
    const v = Math.exp(Math.log(s.low) + u * (Math.log(s.high) - Math.log(s.low)));
    return p.integer ? Math.min(s.high, Math.max(s.low, Math.round(v))) : v;
  }
  throw new Error(`parameter ${p.name} has no values to sample`);
}

/** The points of a grid / random / LHS sweep (goal-seeking sweeps make theirs as they go). */
export function expandPoints(def: Pick<SweepDefinition, 'parameters' | 'design' | 'samples' | 'seed'>): ParamValue[][] {
  const params = def.parameters;
  if (def.design === 'grid') {
    return gridPoints(
      params.map((p) => {
        const vs = discreteValues(p);
        if (!vs) throw new Error(`parameter ${p.name}: a grid needs values, a range or a choice`);
        return vs;
      }),
    );
  }
  const rng = samplingRng(def.seed);
  const unit = def.design === 'random' ? randomUnit(def.samples, params.length, rng) : latinHypercubeUnit(def.samples, params.length, rng);
  return unit.map((row) => row.map((u, k) => valueAt(params[k]!, u)));
}

export interface RunRef {
  /** Global run index: point * replications + replication. Runs are written in this order. */
  index: number;
  point: number;
  replication: number;
  seed: number;
  id: string;
}

export function runId(point: number, replication: number): string {
  return `p${point}-r${replication}`;
}

export function runsOfPoint(point: number, seeds: readonly number[]): RunRef[] {
  return seeds.map((seed, r) => ({ index: point * seeds.length + r, point, replication: r, seed, id: runId(point, r) }));
}
