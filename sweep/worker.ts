// Piscina worker: runs ONE sweep run by calling the configured runner module.
// Returns an outcome instead of throwing, so error details survive the thread boundary.

import { getHeapStatistics } from 'node:v8';
import type { Document } from './paths.js';
import { BUDGET_EXCEEDED } from './runner-api.js';
import type { SimulateDocuments, Summary } from './runner-api.js';

export interface RunTask {
  runnerUrl: string;
  documents: Document[];
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

const runners = new Map<string, Promise<SimulateDocuments>>();

function loadRunner(url: string): Promise<SimulateDocuments> {
  let p = runners.get(url);
  if (!p) {
    p = import(url).then((mod: Record<string, unknown>) => {
      const fn = mod['simulateDocuments'] ?? mod['default'];
      if (typeof fn !== 'function') throw new Error(`runner module ${url} exports neither simulateDocuments nor a default function`);
      return fn as SimulateDocuments;
    });
    runners.set(url, p);
  }
  return p;
}

export function oneLine(message: string): string {
  const s = message.replace(/\s+/g, ' ').trim();
  return s.length > 500 ? `${s.slice(0, 497)}...` : s;
}

function isSummary(v: unknown): v is Summary {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  return Object.values(v).every((x) => typeof x === 'number' || typeof x === 'string');
}

export default async function runOne(task: RunTask): Promise<RunOutcome> {
  const start = performance.now();
  let heapPeak = getHeapStatistics().used_heap_size;
  const finish = (o: Pick<RunOutcome, 'status' | 'error' | 'metrics'>): RunOutcome => {
    heapPeak = Math.max(heapPeak, getHeapStatistics().used_heap_size);
    return { ...o, wallMs: performance.now() - start, maxRssKb: process.resourceUsage().maxRSS, heapPeakBytes: heapPeak };
  };
  try {
    const simulate = await loadRunner(task.runnerUrl);
    const options: { seed: number; maxEvents?: number; deadlineMs?: number } = { seed: task.seed };
    if (task.maxEvents !== undefined) options.maxEvents = task.maxEvents;
    if (task.timeoutMs !== undefined) options.deadlineMs = Date.now() + task.timeoutMs;
    const raw: unknown = await simulate(task.documents, options);
    const summary = typeof raw === 'object' && raw !== null && 'summary' in raw ? (raw as { summary: unknown }).summary : raw;
    if (!isSummary(summary)) return finish({ status: 'error', error: 'runner returned something other than a flat record of numbers and strings', metrics: {} });
    return finish({ status: 'ok', error: '', metrics: summary });
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown };
    const message = oneLine(typeof err?.message === 'string' ? err.message : String(e));
    return finish({ status: err?.code === BUDGET_EXCEEDED ? 'timeout' : 'error', error: message, metrics: {} });
  }
}
