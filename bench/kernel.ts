import { Worker } from 'node:worker_threads';
import { median, printTable, runsFromEnv, si, type Bench } from './bench.js';
import { MEAN_DELAY_MS, type KernelJob, type KernelVariant } from './kernel-worker.js';

/**
 * Hold model: N events pending; each dispatched event schedules one new event
 * after an exponential delay (mean 1000 ms, whole ms), so the queue stays at N.
 * Handlers reschedule with postAfter (the non-cancellable path) and, for comparison, after().
 * The same loop on a bare fastpriorityqueue of numbers is the baseline: the
 * kernel cannot beat a heap of plain numbers, and the ratio shows what ordering
 * guarantees, handles, cancel support and dispatch cost on top of it.
 *
 * Every measurement (one size, one variant, one run) runs in a fresh worker thread, one at a
 * time: its own isolate and heap, so no variant inherits another's garbage (they used to share
 * one heap, which understated whichever ran after a million dead `after` events).
 */

const SIZES = [1e3, 1e5, 1e6];
/** Dispatches timed per run (after warm-up), whatever N is. */
const OPS = Number(process.env['BENCH_OPS'] ?? 2_000_000);

const WORKER_URL = new URL('./kernel-worker.js', import.meta.url);

function inWorker(job: KernelJob): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: job });
    let result: number | undefined;
    worker.once('message', (rate: number) => (result = rate));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result !== undefined) resolve(result);
      else reject(new Error(`kernel bench worker (${job.variant}, n=${job.n}) exited with code ${code} and no result`));
    });
  });
}

export const kernelBench: Bench = {
  name: 'kernel',
  description: 'event kernel hold model vs raw fastpriorityqueue on numbers (events/s)',
  async run() {
    const runs = runsFromEnv();
    console.log(
      `kernel hold model: exponential delays, mean ${MEAN_DELAY_MS} ms; ${si(OPS)} events timed per run; ` +
        `median of ${runs} runs; each run in its own worker thread`,
    );
    const rows: string[][] = [];
    const variants: KernelVariant[] = ['raw', 'post', 'after'];
    for (const n of SIZES) {
      const rates: Record<KernelVariant, number[]> = { raw: [], post: [], after: [] };
      // Interleave so drift in machine load hits all sides alike; one worker at a time.
      for (let r = 0; r < runs; r++) {
        for (const variant of variants) rates[variant].push(await inWorker({ variant, n, ops: OPS }));
      }
      const p = median(rates.post);
      const a = median(rates.after);
      const q = median(rates.raw);
      const pct = (x: number): string => `${((100 * x) / q).toFixed(0)}%`;
      rows.push([si(n), `${si(p)}/s`, `${si(a)}/s`, `${si(q)}/s`, pct(p), pct(a)]);
    }
    printTable(['pending N', 'kernel postAfter/s', 'kernel after/s', 'raw FPQ push+pop/s', 'postAfter/raw', 'after/raw'], rows);
  },
};
