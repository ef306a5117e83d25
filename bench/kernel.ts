import FastPriorityQueue from 'fastpriorityqueue';
import { Simulation } from '../sim/kernel.js';
import { RandomStreams } from '../sim/random.js';
import { median, printTable, runsFromEnv, si, type Bench } from './bench.js';

/**
 * Hold model: N events pending; each dispatched event schedules one new event
 * after an exponential delay (mean 1000 ms, whole ms), so the queue stays at N.
 * Handlers reschedule with postAfter (the non-cancellable path) and, for comparison, after().
 * The same loop on a bare fastpriorityqueue of numbers is the baseline: the
 * kernel cannot beat a heap of plain numbers, and the ratio shows what ordering
 * guarantees, handles, cancel support and dispatch cost on top of it.
 */

const SIZES = [1e3, 1e5, 1e6];
const MEAN_DELAY_MS = 1000;
/** Dispatches timed per run (after warm-up), whatever N is. */
const OPS = Number(process.env['BENCH_OPS'] ?? 2_000_000);

// Delays are drawn once into a table so both loops pay the same (nothing) for
// randomness and the comparison isolates the queue; still from an alea stream.
const DELAY_MASK = (1 << 20) - 1;
const delays = new Int32Array(DELAY_MASK + 1);
{
  const rng = new RandomStreams(42).stream('bench/kernel');
  for (let i = 0; i < delays.length; i++) delays[i] = Math.round(rng.exponential(MEAN_DELAY_MS));
}

/**
 * `post`: handlers schedule with postAfter (no handle; records recycled), as the model's
 * watch deliveries and workqueue syncs do. `after`: every event is a cancellable handle.
 */
function kernelRate(n: number, mode: 'post' | 'after'): number {
  const sim = new Simulation();
  let k = 0;
  const holdPost = (_: null, s: Simulation): void => {
    s.postAfter(delays[k++ & DELAY_MASK]!, holdPost, null);
  };
  const holdAfter = (_: null, s: Simulation): void => {
    s.after(delays[k++ & DELAY_MASK]!, holdAfter, null);
  };
  if (mode === 'post') for (let i = 0; i < n; i++) sim.postAfter(delays[k++ & DELAY_MASK]!, holdPost, null);
  else for (let i = 0; i < n; i++) sim.after(delays[k++ & DELAY_MASK]!, holdAfter, null);
  sim.step(Math.min(OPS, 200_000)); // warm-up: JIT and a steady-state spread of times
  const t0 = performance.now();
  const done = sim.step(OPS);
  const seconds = (performance.now() - t0) / 1000;
  if (done !== OPS || sim.stats.pending !== n) throw new Error('kernel bench: hold model broke');
  return OPS / seconds;
}

function rawRate(n: number): number {
  const q = new FastPriorityQueue<number>();
  let k = 0;
  for (let i = 0; i < n; i++) q.add(delays[k++ & DELAY_MASK]!);
  const cycle = (ops: number): void => {
    for (let i = 0; i < ops; i++) {
      const t = q.poll()!;
      q.add(t + delays[k++ & DELAY_MASK]!);
    }
  };
  cycle(Math.min(OPS, 200_000));
  const t0 = performance.now();
  cycle(OPS);
  const seconds = (performance.now() - t0) / 1000;
  if (q.size !== n) throw new Error('raw bench: hold model broke');
  return OPS / seconds;
}

export const kernelBench: Bench = {
  name: 'kernel',
  description: 'event kernel hold model vs raw fastpriorityqueue on numbers (events/s)',
  async run() {
    const runs = runsFromEnv();
    console.log(`kernel hold model: exponential delays, mean ${MEAN_DELAY_MS} ms; ${si(OPS)} events timed per run; median of ${runs} runs`);
    const rows: string[][] = [];
    for (const n of SIZES) {
      const post: number[] = [];
      const after: number[] = [];
      const raw: number[] = [];
      // Interleave so drift in machine load hits all sides alike.
      for (let r = 0; r < runs; r++) {
        raw.push(rawRate(n));
        post.push(kernelRate(n, 'post'));
        after.push(kernelRate(n, 'after'));
      }
      const p = median(post);
      const a = median(after);
      const q = median(raw);
      const pct = (x: number): string => `${((100 * x) / q).toFixed(0)}%`;
      rows.push([si(n), `${si(p)}/s`, `${si(a)}/s`, `${si(q)}/s`, pct(p), pct(a)]);
    }
    printTable(['pending N', 'kernel postAfter/s', 'kernel after/s', 'raw FPQ push+pop/s', 'postAfter/raw', 'after/raw'], rows);
  },
};
