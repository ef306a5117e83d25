// The run summary: one flat record of metrics (summary.csv, the console table, and the
// per-run row of a sweep). Names and units are part of the interface (docs/outputs.md).

import * as fs from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { ClusterModel } from '../models/cluster.js';
import type { Pod } from '../models/api/types.js';
import type { BuiltScenario } from '../scenarios/build.js';
import type { EventLog } from './event-records.js';
import type { PodRecorder } from './pod-records.js';

export type Summary = Record<string, number | string>;

export class SummaryBuilder {
  constructor(
    private readonly model: ClusterModel,
    private readonly events: EventLog,
    private readonly pods: PodRecorder,
    private readonly built: BuiltScenario,
  ) {}

  build(): Summary {
    const m = this.model;
    const now = m.sim.now;
    const byPhase: Record<string, number> = { Pending: 0, Running: 0, Succeeded: 0, Failed: 0, Unknown: 0 };
    let ready = 0;
    let restarts = 0;
    for (const p of m.store.list<Pod>('Pod')) {
      byPhase[p.status.phase] = (byPhase[p.status.phase] ?? 0) + 1;
      if (p.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True')) ready++;
      for (const s of p.status.containerStatuses) restarts += s.restartCount;
    }
    const pendingNow = this.pods.pendingNow(now);
    const maxPending = Math.max(this.pods.maxPendingMs, pendingNow.maxWaitMs);
    const s: Summary = {
      virtual_time_s: now / 1000,
      nodes: m.store.count('Node'),
      pods_created: this.pods.created,
      pods_running: byPhase.Running!,
      pods_ready: ready,
      pods_pending: byPhase.Pending!,
      pods_unscheduled: pendingNow.count,
      pods_deleted_pending: this.pods.deletedPending,
      pods_succeeded: byPhase.Succeeded!,
      pods_failed: byPhase.Failed!,
      container_restarts: restarts,
      max_pending_s: maxPending / 1000,
      mean_pending_s: this.pods.scheduledCount ? this.pods.totalPendingMs / this.pods.scheduledCount / 1000 : 0,
      scheduling_attempts_failed: m.scheduler.failedAttempts,
      k8s_events: this.events.total,
      kernel_events: m.sim.stats.dispatched,
      duration_s: this.built.duration / 1000,
    };
    m.metrics.summarize(now, (metric, value) => {
      s[metric] = value;
    });
    return s;
  }

  static writeCsv(summary: Summary, file: string): void {
    const rows = Object.entries(summary).map(([k, v]) => [k, typeof v === 'number' ? fmtNumber(v) : v]);
    fs.writeFileSync(file, stringify([['metric', 'value'], ...rows]));
  }
}

export function fmtNumber(v: number): string | number {
  if (Number.isInteger(v)) return v;
  return Number(v.toFixed(6));
}

/** Always shown on the console; every other metric only when it is not zero. */
const CORE = new Set(['virtual_time_s', 'nodes', 'pods_created', 'pods_running', 'pods_pending', 'pods_unscheduled', 'max_pending_s', 'container_restarts']);

/** Said after a metric's value on the console only. */
const NOTES: Record<string, string> = {
  // Present when timeseries.csv left scopes out (reports/timeseries.ts).
  timeseries_scopes: '  (timeseries.csv; the others with Simulation.spec.timeseries.scopes)',
};

/** A short two-column console table: the core metrics and whatever else happened (non-zero). */
export function formatSummaryTable(summary: Summary): string {
  const entries = Object.entries(summary).filter(([k, v]) => CORE.has(k) || (v !== 0 && v !== ''));
  const w = Math.max(...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `  ${k.padEnd(w)}  ${typeof v === 'number' ? fmtNumber(v) : v}${NOTES[k] ?? ''}`).join('\n');
}

/**
 * The run's last console line: whether it ended with pods stuck, rollouts unfinished or
 * warnings, so a long table does not hide it.
 */
export function finalLine(summary: Summary, warnings: number): string {
  const n = (k: string): number => (typeof summary[k] === 'number' ? (summary[k] as number) : 0);
  const plural = (c: number, one: string, many = `${one}s`) => `${c} ${c === 1 ? one : many}`;
  const parts: string[] = [];
  const unscheduled = n('pods_unscheduled');
  const notStarted = n('pods_pending') - unscheduled;
  if (unscheduled > 0) parts.push(`${plural(unscheduled, 'pod')} never scheduled (Pending, no node)`);
  if (notStarted > 0) parts.push(`${plural(notStarted, 'pod')} bound but not started (Pending)`);
  if (n('rollouts_unfinished') > 0) parts.push(`${plural(n('rollouts_unfinished'), 'rollout')} unfinished`);
  if (warnings > 0) parts.push(`${plural(warnings, 'warning')} (on stderr)`);
  return parts.length > 0 ? `k8sim: finished with ${parts.join(', ')}` : 'k8sim: finished: no pods stuck, no warnings';
}
