// Runs on a piscina pool: one task = one run. The pool enforces the per-run timeout by aborting
// the task (piscina terminates the worker thread running it and starts a fresh one), and a worker
// that dies (process.exit, fatal error) is replaced by piscina; both are recorded as the run's
// outcome and the sweep goes on.

import { Piscina } from 'piscina';
import type { SweepWorkerData } from './point-scenario.js';
import { type RunOutcome, type RunTask, oneLine } from './run-one.js';
import { leanJitFor } from './worker-v8.js';

/** The worker file that runs the simulator (worker.ts); piscina needs it by name. */
export const SIMULATOR_WORKER = new URL('./worker.js', import.meta.url).href;

export class RunPool {
  private readonly piscina: Piscina<RunTask, RunOutcome>;
  /** Puts V8's inlining budget back when the pool closes (worker-v8.ts). */
  private readonly releaseJit: () => void;

  /**
   * `workerFile`: a file: URL of a module whose default export runs one RunTask. `data`: the
   * sweep's base scenario and parameter paths, given to every worker once (a replacement worker
   * after a timeout or a crash too).
   */
  constructor(readonly workers: number, data: SweepWorkerData, workerFile: string = SIMULATOR_WORKER) {
    // Workers that fill the cores leave none idle for TurboFan's concurrent jobs: cheaper ones.
    this.releaseJit = leanJitFor(workers);
    this.piscina = new Piscina<RunTask, RunOutcome>({
      filename: workerFile,
      workerData: data,
      minThreads: workers,
      maxThreads: workers,
      concurrentTasksPerWorker: 1,
      idleTimeout: 30_000,
    });
  }

  /** Resolves to the run's outcome, or 'interrupted' when `stop` fired while it ran. */
  async run(task: RunTask, stop: AbortSignal): Promise<RunOutcome | 'interrupted'> {
    if (stop.aborted) return 'interrupted';
    const ac = new AbortController();
    let timedOut = false;
    const timer =
      task.timeoutMs !== undefined
        ? setTimeout(() => {
            timedOut = true;
            ac.abort();
          }, task.timeoutMs)
        : undefined;
    const onStop = (): void => ac.abort();
    stop.addEventListener('abort', onStop);
    const start = performance.now();
    try {
      return await this.piscina.run(task, { signal: ac.signal });
    } catch (e) {
      const wallMs = performance.now() - start;
      const base = { metrics: {}, wallMs, maxRssKb: 0, heapPeakBytes: 0 };
      if (timedOut) return { ...base, status: 'timeout', error: `run exceeded the per-run timeout of ${task.timeoutMs ?? 0}ms` };
      if (stop.aborted) return 'interrupted';
      return { ...base, status: 'error', error: `worker died: ${oneLine((e as Error)?.message ?? String(e))}` };
    } finally {
      if (timer) clearTimeout(timer);
      stop.removeEventListener('abort', onStop);
    }
  }

  async close(): Promise<void> {
    try {
      await this.piscina.destroy();
    } finally {
      this.releaseJit();
    }
  }
}

/** Runs `exec` over `items` in order with at most `concurrency` in flight; stops taking new ones once `stop` fires. */
export async function forEachConcurrent<T>(items: readonly T[], concurrency: number, stop: AbortSignal, exec: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length && !stop.aborted) {
      const item = items[next++]!;
      await exec(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
}
