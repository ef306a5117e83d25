// One sweep run inside a piscina worker: call the point's simulate function and report how it
// went. Returns an outcome instead of throwing, so error details survive the thread boundary.
// The worker files (worker.ts for the simulator, testing/fake-worker.ts for tests and the
// benchmark) are this over a statically imported simulate function.

import { PerformanceObserver, constants as perfConstants } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { threadId, workerData } from 'node:worker_threads';
import { pointScenario, type SweepWorkerData } from './point-scenario.js';
import type { ParamValue } from './types.js';
import { BUDGET_EXCEEDED, type SimulatePoint, type Summary } from './runner-api.js';
import { threadCpu, threadTid } from './thread-cpu.js';

export interface RunTask {
  /**
   * The point's parameter values, in the sweep's parameter order: the worker sets them into its
   * copy of the base scenario (its workerData, point-scenario.ts).
   */
  values: ParamValue[];
  seed: number;
  maxEvents?: number;
  timeoutMs?: number;
}

export interface RunOutcome {
  status: 'ok' | 'error' | 'timeout';
  error: string;
  metrics: Summary;
  wallMs: number;
  /** Peak resident set of the whole process so far (KiB), as seen from this worker. */
  maxRssKb: number;
  /** Peak V8 heap of this worker's isolate (bytes): the per-worker memory figure. */
  heapPeakBytes: number;
  /** Diagnostics for the CPU accounting (sweep bench); absent where the platform cannot tell. */
  cpu?: RunCpu;
}

/** Where a run's time went, measured on the worker thread that ran it (thread-cpu.ts). */
export interface RunCpu {
  /** The worker thread (worker_threads.threadId). */
  worker: number;
  /** Its Linux thread id (/proc/self/task/TID), where known: the bench's per-thread accounting. */
  tid?: number;
  /** 1 for the worker's first run, 2 for its second…: early runs carry the JIT's warm-up. */
  nth: number;
  /** CPU of this thread during the run (ms). */
  cpuMs: number;
  /** Runnable but waiting for a CPU during the run (ms): other load on the machine. */
  waitMs: number;
  /** On a worker's first run: the thread's CPU before it (start-up, module loading), ms. */
  startCpuMs?: number;
  /** GC pauses of this worker's isolate during the run: scavenges (young) and the rest (major, incremental steps), ms and count. */
  gcYoungMs: number;
  gcYoung: number;
  gcMajorMs: number;
  gcMajor: number;
}

/** Runs done by this worker thread so far. */
let runsHere = 0;

/** This worker's Linux thread id (constant for the thread's life). */
const tid = threadTid();

/** GC pauses of this isolate, summed since the worker started (observer callbacks run asynchronously). */
const gc = { youngMs: 0, young: 0, majorMs: 0, major: 0 };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
    if (kind === perfConstants.NODE_PERFORMANCE_GC_MINOR) {
      gc.youngMs += e.duration;
      gc.young++;
    } else {
      gc.majorMs += e.duration;
      gc.major++;
    }
  }
}).observe({ entryTypes: ['gc'] });

export function oneLine(message: string): string {
  const s = message.replace(/\s+/g, ' ').trim();
  return s.length > 500 ? `${s.slice(0, 497)}...` : s;
}

function isSummary(v: unknown): v is Summary {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  return Object.values(v).every((x) => typeof x === 'number' || typeof x === 'string');
}

/** The piscina task function that runs one task with `simulate`. */
export function runOneWith(simulate: SimulatePoint): (task: RunTask) => Promise<RunOutcome> {
  return async (task) => {
    const start = performance.now();
    const cpu0 = threadCpu();
    const gc0 = { ...gc };
    const nth = ++runsHere;
    let heapPeak = getHeapStatistics().used_heap_size;
    const finish = async (o: Pick<RunOutcome, 'status' | 'error' | 'metrics'>): Promise<RunOutcome> => {
      // Let the GC observer see the run's last entries (they are delivered on a later turn).
      await new Promise((r) => setImmediate(r));
      heapPeak = Math.max(heapPeak, getHeapStatistics().used_heap_size);
      const out: RunOutcome = { ...o, wallMs: performance.now() - start, maxRssKb: process.resourceUsage().maxRSS, heapPeakBytes: heapPeak };
      const cpu1 = threadCpu();
      if (cpu0 && cpu1) {
        out.cpu = {
          worker: threadId,
          nth,
          cpuMs: cpu1.cpuMs - cpu0.cpuMs,
          waitMs: cpu1.waitMs - cpu0.waitMs,
          gcYoungMs: gc.youngMs - gc0.youngMs,
          gcYoung: gc.young - gc0.young,
          gcMajorMs: gc.majorMs - gc0.majorMs,
          gcMajor: gc.major - gc0.major,
        };
        if (tid !== undefined) out.cpu.tid = tid;
        if (nth === 1) out.cpu.startCpuMs = cpu0.cpuMs;
      }
      return out;
    };
    try {
      const options: { seed: number; maxEvents?: number; deadlineMs?: number } = { seed: task.seed };
      if (task.maxEvents !== undefined) options.maxEvents = task.maxEvents;
      if (task.timeoutMs !== undefined) options.deadlineMs = Date.now() + task.timeoutMs;
      const raw: unknown = await simulate(pointScenario(workerData as SweepWorkerData, task.values), options);
      const summary = typeof raw === 'object' && raw !== null && 'summary' in raw ? (raw as { summary: unknown }).summary : raw;
      if (!isSummary(summary)) return finish({ status: 'error', error: 'runner returned something other than a flat record of numbers and strings', metrics: {} });
      return finish({ status: 'ok', error: '', metrics: summary });
    } catch (e) {
      const err = e as { code?: unknown; message?: unknown };
      const message = oneLine(typeof err?.message === 'string' ? err.message : String(e));
      return finish({ status: err?.code === BUDGET_EXCEEDED ? 'timeout' : 'error', error: message, metrics: {} });
    }
  };
}
