// The contract between the sweep's worker code (run-one.ts) and what runs one point: the
// simulator (runner/simulate.ts simulatePoint) or, in tests and the benchmark, the fake runner.
//
// It runs ONE simulation of the given scenario (its documents as plain data, already parsed, with
// the sweep's parameter values applied, and their source positions) and returns its summary: a
// flat record of metrics. It may return the record or a Promise of it (or `{ summary: record }`).
//
// Budgets: `maxEvents` (kernel events) and `deadlineMs` (an absolute wall-clock time, in
// `Date.now()` milliseconds, after which the run should stop) are for the runner to honour
// cooperatively; throw an Error whose `code` is 'BUDGET_EXCEEDED' to have the run recorded with
// status `timeout`. Any other throw is recorded as status `error`. The sweep also enforces the
// timeout itself by terminating the worker thread, so a runner stuck in a loop cannot hang a sweep.

import type { PortableScenario } from '../scenarios/portable.js';

export type Summary = Record<string, number | string>;

export interface RunnerOptions {
  seed: number;
  maxEvents?: number;
  deadlineMs?: number;
}

export type SimulatePoint = (scenario: PortableScenario, options: RunnerOptions) => Summary | { summary: Summary } | Promise<Summary | { summary: Summary }>;

export const BUDGET_EXCEEDED = 'BUDGET_EXCEEDED';
