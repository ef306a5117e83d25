// Goal seeking by bisection over a monotone parameter: "the smallest value of X such that all
// constraints hold for all seeds" (minimize: true), or the largest (minimize: false).
//
// The search runs on the lattice low, low+step, …, high (high always included). It assumes
// feasibility is monotone in X. Probe order: the far end first (high when minimising) — if even it
// is infeasible there is no answer — then the near end (a feasible near end is the answer), then
// bisection. A probe is feasible when every replication ran ok and met every constraint.

import { tidy } from './design.js';

export interface GoalSearch {
  low: number;
  high: number;
  step: number;
  minimize: boolean;
}

export interface GoalProbe {
  value: number;
  feasible: boolean;
}

export interface GoalResult {
  /** `failed`: a probe had runs that did not finish ok, so its feasibility is unknown. */
  status: 'found' | 'none' | 'interrupted' | 'failed';
  answer?: number;
  probes: GoalProbe[];
  /** With `failed`: which probe and why. */
  error?: string;
}

/** Thrown by a probe whose runs failed: the search stops, it does not guess. */
export class ProbeFailed extends Error {}

export function latticeSize(g: GoalSearch): number {
  return Math.floor((g.high - g.low) / g.step + 1e-9);
}

export function latticeValue(g: GoalSearch, i: number): number {
  const n = latticeSize(g);
  return i >= n ? g.high : tidy(g.low + i * g.step);
}

/** Upper bound on the number of probes (for progress estimates). */
export function maxProbes(g: GoalSearch): number {
  return 2 + Math.ceil(Math.log2(Math.max(1, latticeSize(g))));
}

/**
 * `probe(value)` returns feasibility, or undefined when the sweep was interrupted; it throws
 * ProbeFailed when its runs failed (error, timeout): the result is then `failed`, with no answer.
 */
export async function bisect(g: GoalSearch, probe: (value: number) => Promise<boolean | undefined>): Promise<GoalResult> {
  const probes: GoalProbe[] = [];
  try {
    return await search(g, probe, probes);
  } catch (e) {
    if (!(e instanceof ProbeFailed)) throw e;
    return { status: 'failed', probes, error: e.message };
  }
}

async function search(g: GoalSearch, probe: (value: number) => Promise<boolean | undefined>, probes: GoalProbe[]): Promise<GoalResult> {
  const ask = async (i: number): Promise<boolean | undefined> => {
    const value = latticeValue(g, i);
    const feasible = await probe(value);
    if (feasible !== undefined) probes.push({ value, feasible });
    return feasible;
  };
  const n = latticeSize(g);
  // Work in "distance from the near end" so both directions share one loop:
  // minimize → near end is low (index 0); maximize → near end is high (index n).
  const idx = (k: number): number => (g.minimize ? k : n - k);
  const far = await ask(idx(n));
  if (far === undefined) return { status: 'interrupted', probes };
  if (!far) return { status: 'none', probes };
  if (n === 0) return { status: 'found', answer: latticeValue(g, idx(n)), probes };
  const near = await ask(idx(0));
  if (near === undefined) return { status: 'interrupted', probes };
  if (near) return { status: 'found', answer: latticeValue(g, idx(0)), probes };
  let bad = 0;
  let good = n;
  while (good - bad > 1) {
    const mid = Math.floor((bad + good) / 2);
    const ok = await ask(idx(mid));
    if (ok === undefined) return { status: 'interrupted', probes };
    if (ok) good = mid;
    else bad = mid;
  }
  return { status: 'found', answer: latticeValue(g, idx(good)), probes };
}
