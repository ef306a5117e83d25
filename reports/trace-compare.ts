// The realism check (`k8sim compare-trace RUN_DIR --trace SCENARIO.yaml`): a run's pods.csv side
// by side with the trace it replayed — scheduling delay p50/p90/p99 and the share of zero waits,
// the never-scheduled fraction, and the hourly footprint (bound pods, requested GPUs and CPU)
// with the share of hours that agree. Both sides are read as streams; only the waits (one number
// per pod, for exact percentiles) and one counter per hour are kept. docs/traces.md.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ScenarioError } from '../scenarios/errors.js';
import { isGpuResource } from '../models/cluster-totals.js';
import { TracePodSource, type TraceSpec } from '../scenarios/trace/pod-source.js';
import { TraceFileError, TraceRows } from '../scenarios/trace/rows.js';
import { timeCell } from '../scenarios/trace/cells.js';

const HOUR = 3_600_000;

/** Percentile with linear interpolation between closest ranks (numpy's default), of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

/** What one side (trace or simulation) says. */
export interface SideStats {
  pods: number;
  /** Pods alive when the replay window opened (trace side): they have no delay to compare. */
  aliveAtStart: Set<string>;
  /** Scheduling delay of pods created in the window and bound, seconds, sorted. */
  waits: number[];
  neverScheduled: number;
  /** Per hour k (time k·1 h of virtual time): bound pods, requested GPUs, requested CPU cores. */
  hourly: { pods: Float64Array; gpus: Float64Array; cpu: Float64Array };
}

function newSide(hours: number): SideStats {
  return { pods: 0, aliveAtStart: new Set(), waits: [], neverScheduled: 0, hourly: { pods: new Float64Array(hours + 1), gpus: new Float64Array(hours + 1), cpu: new Float64Array(hours + 1) } };
}

/** Adds a pod bound over [from, to) (ms) to the hourly difference arrays. */
function addBound(s: SideStats, hours: number, from: number, to: number, gpus: number, cpuCores: number): void {
  const first = Math.ceil(from / HOUR);
  const end = Math.min(hours + 1, Math.ceil(to / HOUR));
  if (first >= end) return;
  s.hourly.pods[first]! += 1;
  s.hourly.gpus[first]! += gpus;
  s.hourly.cpu[first]! += cpuCores;
  if (end <= hours) {
    s.hourly.pods[end]! -= 1;
    s.hourly.gpus[end]! -= gpus;
    s.hourly.cpu[end]! -= cpuCores;
  }
}

function integrate(a: Float64Array): void {
  for (let i = 1; i < a.length; i++) a[i]! += a[i - 1]!;
}

/** The trace side: the pods the replay created before `until` (virtual ms), as the trace saw them. */
export function traceSide(t: TraceSpec, until: number): SideStats {
  const hours = Math.floor(until / HOUR);
  const s = newSide(hours);
  const src = new TracePodSource(t);
  try {
    for (let r = src.next(); r && r.createAt < until; r = src.next()) {
      const p = r.pod;
      s.pods++;
      const inWindow = p.createdAt !== undefined && p.createdAt >= t.replay.from;
      let boundAt: number | undefined;
      if (inWindow) {
        // Bound its own wait after creation (waits, like lifetimes, are not sped up).
        if (p.scheduledAt !== undefined) {
          const wait = Math.max(0, p.scheduledAt - p.createdAt!);
          s.waits.push(wait / 1000);
          boundAt = r.createAt + wait;
        } else s.neverScheduled++;
      } else {
        // Alive when the window opened: no delay to compare (the replay creates it at once).
        s.aliveAtStart.add(p.name);
        if (p.scheduledAt !== undefined) boundAt = r.createAt + Math.max(0, p.scheduledAt - t.replay.from);
        else if (p.createdAt === undefined || t.pods.columns.scheduledAt === undefined) boundAt = r.createAt; // running before the trace began
      }
      if (boundAt === undefined) continue;
      const gpus = p.gpuShareMilli !== undefined ? p.gpuShareMilli / 1000 : Object.entries(p.requests).filter(([k]) => isGpuResource(k)).reduce((a, [, v]) => a + v, 0);
      addBound(s, hours, boundAt, r.deleteAt ?? Infinity, gpus, (p.requests['cpu'] ?? 0) / 1000);
    }
  } finally {
    src.close();
  }
  return finish(s);
}

/** Both sides end alike: waits sorted for the percentiles, hourly footprints integrated. */
function finish(s: SideStats): SideStats {
  s.waits.sort((a, b) => a - b);
  integrate(s.hourly.pods);
  integrate(s.hourly.gpus);
  integrate(s.hourly.cpu);
  return s;
}

/** The simulation side, from the run's pods.csv; `aliveAtStart` pods count in the footprint only. */
export function runSide(runDir: string, until: number, aliveAtStart: ReadonlySet<string> = new Set()): SideStats {
  const hours = Math.floor(until / HOUR);
  const s = newSide(hours);
  const rows = new TraceRows(join(runDir, 'pods.csv'), 'csv');
  try {
    const sec = (text: string) => (text === '' ? undefined : (timeCell(text, 's') as number));
    for (let row = rows.next(); row; row = rows.next()) {
      s.pods++;
      const created = sec(row.get('created_s'))!;
      const scheduled = sec(row.get('scheduled_s'));
      const finished = sec(row.get('finished_s'));
      const delayCounts = !aliveAtStart.has(row.get('name'));
      if (scheduled === undefined) {
        if (delayCounts) s.neverScheduled++;
        continue;
      }
      if (delayCounts) s.waits.push((scheduled - created) / 1000);
      addBound(s, hours, scheduled, finished ?? Infinity, Number(row.get('gpu_request') || 0), Number(row.get('cpu_request_m') || 0) / 1000);
    }
  } finally {
    rows.close();
  }
  return finish(s);
}

export interface Comparison {
  hours: number;
  tolerance: number;
  rows: [string, string, string][];
}

const fmt = (v: number | undefined, digits = 1) => (v === undefined ? '-' : Number.isInteger(v) ? String(v) : v.toFixed(digits));
const pct = (n: number, d: number) => (d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`);

/** Hours whose values agree: within `tolerance` of the trace's value (and within 1 of it near zero). */
export function agreeingHours(trace: Float64Array, sim: Float64Array, hours: number, tolerance: number): number {
  let n = 0;
  for (let k = 0; k <= hours; k++) if (Math.abs(sim[k]! - trace[k]!) <= Math.max(tolerance * Math.abs(trace[k]!), 1)) n++;
  return n;
}

const mean = (a: Float64Array, hours: number) => {
  let s = 0;
  for (let k = 0; k <= hours; k++) s += a[k]!;
  return s / (hours + 1);
};

export function compare(trace: SideStats, sim: SideStats, until: number, tolerance: number): Comparison {
  const hours = Math.floor(until / HOUR);
  const rows: [string, string, string][] = [];
  const both = (label: string, f: (s: SideStats) => string) => rows.push([label, f(trace), f(sim)]);
  both('pods', (s) => String(s.pods));
  both('pods bound (with a delay)', (s) => String(s.waits.length));
  for (const p of [50, 90, 99]) both(`scheduling delay p${p} (s)`, (s) => fmt(percentile(s.waits, p)));
  both('zero waits', (s) => pct(s.waits.filter((w) => w === 0).length, s.waits.length));
  both('never scheduled', (s) => pct(s.neverScheduled, s.neverScheduled + s.waits.length));
  for (const [label, key] of [['bound pods', 'pods'], ['requested GPUs', 'gpus'], ['requested CPU (cores)', 'cpu']] as const) {
    both(`hourly ${label}, mean`, (s) => fmt(mean(s.hourly[key], hours)));
    const agree = agreeingHours(trace.hourly[key], sim.hourly[key], hours, tolerance);
    rows.push([`  hours that agree (±${Math.round(tolerance * 100)}%)`, '', `${agree}/${hours + 1} (${pct(agree, hours + 1)})`]);
  }
  return { hours, tolerance, rows };
}

export function formatComparison(c: Comparison): string {
  const w0 = Math.max(...c.rows.map((r) => r[0].length), 'metric'.length);
  const w1 = Math.max(...c.rows.map((r) => r[1].length), 'trace'.length);
  const lines = [`${'metric'.padEnd(w0)}  ${'trace'.padStart(w1)}  simulation`];
  for (const [a, b, d] of c.rows) lines.push(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${d}`);
  return lines.join('\n');
}

/** A problem with the arguments of compare-trace (exit 2). */
export class CompareTraceError extends Error {}

/** The run's length (virtual ms) from its summary.csv. */
export function runLength(runDir: string): number {
  const file = join(runDir, 'summary.csv');
  if (!existsSync(join(runDir, 'pods.csv')) || !existsSync(file)) throw new CompareTraceError(`${runDir}: not a k8sim run folder (no pods.csv and summary.csv)`);
  const rows = new TraceRows(file, 'csv');
  try {
    for (let r = rows.next(); r; r = rows.next()) if (r.get('metric') === 'virtual_time_s') return Math.round(Number(r.get('value')) * 1000);
  } catch (e) {
    if (e instanceof TraceFileError) throw new ScenarioError(file, e.line, e.col, [], e.message);
    throw e;
  } finally {
    rows.close();
  }
  throw new CompareTraceError(`${file}: no virtual_time_s row`);
}
