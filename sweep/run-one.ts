// One sweep run inside a piscina worker: call the point's simulate function and report how it
// went. Returns an outcome instead of throwing, so error details survive the thread boundary.
// The worker files (worker.ts for the simulator, testing/fake-worker.ts for tests and the
// benchmark) are this over a statically imported simulate function.

import { getHeapStatistics } from 'node:v8';
import type { PortableScenario } from '../scenarios/portable.js';
import { BUDGET_EXCEEDED, type SimulatePoint, type Summary } from './runner-api.js';

export interface RunTask {
  /** The point's scenario: documents with its parameter values set, and their source positions. */
  scenario: PortableScenario;
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
}

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
    let heapPeak = getHeapStatistics().used_heap_size;
    const finish = (o: Pick<RunOutcome, 'status' | 'error' | 'metrics'>): RunOutcome => {
      heapPeak = Math.max(heapPeak, getHeapStatistics().used_heap_size);
      return { ...o, wallMs: performance.now() - start, maxRssKb: process.resourceUsage().maxRSS, heapPeakBytes: heapPeak };
    };
    try {
      const options: { seed: number; maxEvents?: number; deadlineMs?: number } = { seed: task.seed };
      if (task.maxEvents !== undefined) options.maxEvents = task.maxEvents;
      if (task.timeoutMs !== undefined) options.deadlineMs = Date.now() + task.timeoutMs;
      const raw: unknown = await simulate(task.scenario, options);
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
