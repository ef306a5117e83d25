/**
 * One measurement of the kernel bench, run in its own worker thread (own isolate and heap) so a
 * variant never runs in the garbage another one left behind. bench/kernel.ts starts one worker per
 * (size, variant, run); it can also be run alone for profiling:
 *   node --cpu-prof dist/bench/kernel-worker.js post 100000
 * (variant: raw | post | after; prints events/s).
 */
import FastPriorityQueue from 'fastpriorityqueue';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Simulation } from '../sim/kernel.js';
import { RandomStreams } from '../sim/random.js';

export type KernelVariant = 'raw' | 'post' | 'after';
export interface KernelJob {
  variant: KernelVariant;
  /** Pending events held. */
  n: number;
  /** Dispatches timed (after warm-up). */
  ops: number;
}

export const MEAN_DELAY_MS = 1000;
const WARMUP_OPS = 200_000;

// Delays are drawn once into a table so every variant pays the same (nothing) for
// randomness and the comparison isolates the queue; still from an alea stream.
const DELAY_MASK = (1 << 20) - 1;
let delays: Int32Array | null = null;
function delayTable(): Int32Array {
  if (delays === null) {
    delays = new Int32Array(DELAY_MASK + 1);
    const rng = new RandomStreams(42).stream('bench/kernel');
    for (let i = 0; i < delays.length; i++) delays[i] = Math.round(rng.exponential(MEAN_DELAY_MS));
  }
  return delays;
}

/**
 * `post`: handlers schedule with postAfter (no handle; records recycled), as the model's
 * watch deliveries and workqueue syncs do. `after`: every event is a cancellable handle.
 */
function kernelRate(n: number, ops: number, mode: 'post' | 'after'): number {
  const d = delayTable();
  const sim = new Simulation();
  let k = 0;
  const holdPost = (_: null, s: Simulation): void => {
    s.postAfter(d[k++ & DELAY_MASK]!, holdPost, null);
  };
  const holdAfter = (_: null, s: Simulation): void => {
    s.after(d[k++ & DELAY_MASK]!, holdAfter, null);
  };
  if (mode === 'post') for (let i = 0; i < n; i++) sim.postAfter(d[k++ & DELAY_MASK]!, holdPost, null);
  else for (let i = 0; i < n; i++) sim.after(d[k++ & DELAY_MASK]!, holdAfter, null);
  sim.step(Math.min(ops, WARMUP_OPS)); // warm-up: JIT and a steady-state spread of times
  const t0 = performance.now();
  const done = sim.step(ops);
  const seconds = (performance.now() - t0) / 1000;
  if (done !== ops || sim.stats.pending !== n) throw new Error('kernel bench: hold model broke');
  return ops / seconds;
}

/** The same loop on a bare fastpriorityqueue of numbers: poll(), then add(t + delay). */
function rawRate(n: number, ops: number): number {
  const d = delayTable();
  const q = new FastPriorityQueue<number>();
  let k = 0;
  for (let i = 0; i < n; i++) q.add(d[k++ & DELAY_MASK]!);
  const cycle = (count: number): void => {
    for (let i = 0; i < count; i++) {
      const t = q.poll()!;
      q.add(t + d[k++ & DELAY_MASK]!);
    }
  };
  cycle(Math.min(ops, WARMUP_OPS));
  const t0 = performance.now();
  cycle(ops);
  const seconds = (performance.now() - t0) / 1000;
  if (q.size !== n) throw new Error('raw bench: hold model broke');
  return ops / seconds;
}

/** Events (or push+pop pairs) per second for one job. */
export function measure(job: KernelJob): number {
  return job.variant === 'raw' ? rawRate(job.n, job.ops) : kernelRate(job.n, job.ops, job.variant);
}

if (!isMainThread && parentPort !== null) {
  parentPort.postMessage(measure(workerData as KernelJob));
} else if (isMainThread && process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const variant = (process.argv[2] ?? 'post') as KernelVariant;
  if (variant !== 'raw' && variant !== 'post' && variant !== 'after') throw new Error(`variant must be raw, post or after, got ${variant}`);
  const n = Number(process.argv[3] ?? 1e5);
  const ops = Number(process.env['BENCH_OPS'] ?? 2_000_000);
  console.log(`${variant} n=${n}: ${measure({ variant, n, ops }).toFixed(0)} events/s`);
}
