// Public surface of sweep/ for the CLI (cli/k8sim.ts) and other callers.
export { runSweepCommand, mergeCommand, parseShard } from './command.js';
export type { SweepCommandOptions, MergeCommandOptions } from './command.js';
export { loadSweep } from './load.js';
export { SweepUsageError } from './errors.js';
export type { RunnerOptions, SimulatePoint, Summary } from './runner-api.js';
export { BUDGET_EXCEEDED } from './runner-api.js';
