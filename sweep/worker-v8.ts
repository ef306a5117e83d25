// V8 settings for the sweep's worker isolates. A sweep run is short (a fraction of a second to a
// few seconds) and allocation-heavy, and each worker is its own isolate that compiles the
// simulator afresh; when the workers fill every core, no core is left idle for V8's helper
// threads, so what the helpers cost is paid in wall time (bench/README.md, "sweep").
//
// TurboFan's inlining budget (pools whose workers fill the cores): the concurrent TurboFan
// jobs of each worker isolate are most of the CPU of V8's platform threads (~2.5 s per worker
// for the bench's sweep), and they keep coming after the first run (re-optimisations after
// deopts). A smaller cumulative inlining budget per optimised function (300 bytes of bytecode
// instead of V8's 920) makes each job much cheaper (the platform threads' CPU falls by a third)
// for ~2 % more CPU in the runs themselves. With an idle core (fewer workers than cores) the jobs
// cost no wall time, so V8's budget stays. A V8 flag is process-wide (there is no per-isolate
// setting), so it is set while such a pool is open and V8's value put back when the last one
// closes; left alone entirely when the process was started with the flag
// (node --max-inlined-bytecode-size-cumulative=N).
//
// Tried and left at V8's defaults (bench/README.md has the figures): a larger young generation
// per worker (piscina resourceLimits.maxYoungGenerationSizeMb 96: a third fewer scavenges, no
// less CPU), TurboFan compiling on the worker thread (--no-concurrent-recompilation: the
// helpers' CPU moves onto the runs), no inlining at all (runs 40 % dearer), single-threaded GC
// (cannot be switched at run time: V8 aborts when concurrent marking is turned off under a live
// isolate; only `node --single-threaded-gc` at start-up does it).
//
// `K8SIM_SWEEP_V8=default` keeps V8's defaults (the bench's A/B, and a way out should
// a setting misbehave elsewhere); `K8SIM_SWEEP_V8=lean` sets the inlining budget whatever the
// worker count. No setting changes what a run computes: outputs are byte-identical with and
// without them (test/sweep/worker-v8.test.ts).

import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/** TurboFan's cumulative inlining budget (bytes of bytecode) while the workers fill the cores. */
export const LEAN_INLINING_BUDGET = 300;

/** V8 11's own value of that budget (Node 20), put back when the last pool closes. */
export const V8_INLINING_BUDGET = 920;

const INLINING_FLAG = '--max-inlined-bytecode-size-cumulative';

type Env = Record<string, string | undefined>;

/**
 * Whether a pool of `workers` lowers TurboFan's inlining budget: when they leave no core idle
 * (or K8SIM_SWEEP_V8=lean), unless K8SIM_SWEEP_V8=default or the user set the flag for node.
 */
export function wantsLeanJit(workers: number, cores: number, env: Env, execArgv: readonly string[]): boolean {
  const mode = env['K8SIM_SWEEP_V8'];
  if (mode === 'default') return false;
  const userSet = [...execArgv, ...(env['NODE_OPTIONS'] ?? '').split(/\s+/)].some((a) => a.replace(/_/g, '-').startsWith(INLINING_FLAG));
  if (userSet) return false;
  return mode === 'lean' || workers >= cores;
}

/** Pools open with the lean budget set; the flag goes back to V8's value when this returns to 0. */
let leanPools = 0;

/** Whether the lean inlining budget is set now (some pool that wants it is open). */
export function leanJitActive(): boolean {
  return leanPools > 0;
}

/**
 * Sets the lean inlining budget for a pool of `workers` if it wants it (wantsLeanJit); returns
 * what to call when the pool closes. `setFlags` is v8.setFlagsFromString (tests pass their own).
 */
export function leanJitFor(
  workers: number,
  opts: { cores?: number; env?: Env; execArgv?: readonly string[]; setFlags?: (flags: string) => void } = {},
): () => void {
  const setFlags = opts.setFlags ?? setFlagsFromString;
  if (!wantsLeanJit(workers, opts.cores ?? availableParallelism(), opts.env ?? process.env, opts.execArgv ?? process.execArgv)) return () => {};
  if (leanPools++ === 0) setFlags(`${INLINING_FLAG}=${LEAN_INLINING_BUDGET}`);
  let done = false;
  return () => {
    if (done) return;
    done = true;
    if (--leanPools === 0) setFlags(`${INLINING_FLAG}=${V8_INLINING_BUDGET}`);
  };
}
