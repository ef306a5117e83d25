// results.csv, points.csv, summary.txt (and goal.csv) — built from the journal's records in run
// order, so the bytes depend only on what ran, never on worker count or completion order.
// Files are written atomically (temp file + fsync + rename).

import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { holds, parseConstraint } from './constraints.js';
import { tidy } from './design.js';
import type { GoalResult } from './goalseek.js';
import type { RunRecord } from './journal.js';
import { paretoFront } from './pareto.js';
import type { Objective } from './pareto.js';
import { summarize } from './stats.js';
import type { ParamValue, SweepDefinition } from './types.js';

/**
 * Everything needed to write the outputs, independent of the sweep file: saved as `sweep.json`
 * beside the journal so `k8sim merge` can rebuild the CSVs from shard folders alone.
 */
export interface Plan {
  version: 1;
  name: string;
  hash: string;
  parameters: string[];
  seeds: number[];
  metrics?: string[];
  /** Constraint texts used for constraints_ok. */
  constraints: string[];
  objectives: Objective[];
  /** Points in point order (for goal seeking: the probes, in probe order). */
  points: ParamValue[][];
  goal?: { parameter: string; minimize: boolean; low: number; high: number; step: number; result?: GoalResult };
}

export function planOf(def: SweepDefinition, points: ParamValue[][]): Plan {
  const constraints = def.constraints.length > 0 ? def.constraints : (def.goalSeek?.constraints ?? []);
  return {
    version: 1,
    name: def.name,
    hash: def.hash,
    parameters: def.parameters.map((p) => p.name),
    seeds: def.seeds,
    ...(def.metrics ? { metrics: def.metrics } : {}),
    constraints: constraints.map((c) => c.text),
    objectives: def.objectives,
    points,
    ...(def.goalSeek
      ? { goal: { parameter: def.goalSeek.parameter, minimize: def.goalSeek.minimize, low: def.goalSeek.low, high: def.goalSeek.high, step: def.goalSeek.step } }
      : {}),
  };
}

export function writeFileAtomic(path: string, content: string): void {
  const tmp = join(dirname(path), `.k8sim-tmp-${process.pid}-${basename(path)}`);
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/**
 * Deterministic text for a cell. Numbers are rounded to 12 significant digits (`tidy`), so float
 * noise such as 19.887500000000003 prints as 19.8875, the same in every CSV.
 */
export function cell(v: number | string | boolean | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'number') {
    const t = tidy(v);
    return Object.is(t, -0) ? '0' : String(t);
  }
  return String(v);
}

/** Metric columns: the sweep's list, or every numeric field any ok run reported, sorted by name. */
export function metricColumns(plan: Plan, runs: readonly RunRecord[]): string[] {
  if (plan.metrics) return plan.metrics;
  const seen = new Set<string>();
  for (const r of runs) if (r.status === 'ok') for (const [k, v] of Object.entries(r.metrics)) if (typeof v === 'number') seen.add(k);
  return [...seen].sort();
}

/** Per metric in points.csv, in this order (sd and the interval are empty for one replication). */
export const POINT_STATS = ['mean', 'sd', 'p50', 'p90', 'p99', 'min', 'max', 'ci95_low', 'ci95_high'] as const;

export interface PointRow {
  point: number;
  nOk: number;
  nFailed: number;
  complete: boolean;
  constraintsOk?: boolean;
  pareto: boolean;
  means: Record<string, number | undefined>;
}

export interface Outputs {
  results: string;
  points: string;
  summary: string;
  goal?: string;
  pointRows: PointRow[];
}

/**
 * Sorts by run index and drops duplicates: the last record of a run wins (a run retried with
 * --retry-failed is appended after its failed record; merged shards hold one record per run).
 */
export function inRunOrder(runs: readonly RunRecord[]): RunRecord[] {
  const byIndex = new Map<number, RunRecord>();
  for (const r of runs) byIndex.set(r.index, r);
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

export function buildOutputs(plan: Plan, records: readonly RunRecord[]): Outputs {
  const runs = inRunOrder(records);
  const metrics = metricColumns(plan, runs);
  const constraints = plan.constraints.map((t) => parseConstraint(t));
  const R = plan.seeds.length;

  // A metric named like a parameter or a fixed column gets a `_metric` suffix in the headers.
  const taken = new Set(['run_id', 'point', 'replication', 'seed', 'status', 'error', 'n_ok', 'n_failed', 'constraints_ok', 'pareto', ...plan.parameters]);
  const header = (m: string): string => (taken.has(m) ? `${m}_metric` : m);
  const resultCols = ['run_id', 'point', 'replication', 'seed', ...plan.parameters, 'status', 'error', ...metrics.map(header)];
  const resultRows = runs.map((r) => [
    r.id,
    cell(r.point),
    cell(r.replication),
    cell(r.seed),
    ...plan.parameters.map((p) => cell(r.params[p])),
    r.status,
    r.error,
    ...metrics.map((m) => cell(r.status === 'ok' ? r.metrics[m] : undefined)),
  ]);
  const results = stringify([resultCols, ...resultRows]);

  const byPoint = new Map<number, RunRecord[]>();
  for (const r of runs) {
    const list = byPoint.get(r.point) ?? [];
    list.push(r);
    byPoint.set(r.point, list);
  }
  const pointRows: PointRow[] = plan.points.map((_, p) => {
    const list = byPoint.get(p) ?? [];
    const ok = list.filter((r) => r.status === 'ok');
    const complete = list.length === R;
    const means: Record<string, number | undefined> = {};
    for (const m of metrics) {
      const vs = ok.map((r) => r.metrics[m]).filter((v): v is number => typeof v === 'number');
      means[m] = summarize(vs)?.mean;
    }
    const allOk = complete && ok.length === R;
    return {
      point: p,
      nOk: ok.length,
      nFailed: list.length - ok.length,
      complete,
      ...(complete ? { constraintsOk: allOk && ok.every((r) => constraints.every((c) => holds(c, r.metrics))) } : {}),
      pareto: false,
      means,
    };
  });
  if (plan.objectives.length > 0) {
    // Only feasible points compete: every run ok and meeting every constraint. An infeasible
    // point that is cheaper than all feasible ones would otherwise crowd them off the front.
    const vectors = pointRows.map((row) =>
      row.constraintsOk === true ? plan.objectives.map((o) => row.means[o.metric] ?? Number.NaN) : undefined,
    );
    const front = paretoFront(vectors, plan.objectives.map((o) => o.goal));
    front.forEach((f, i) => (pointRows[i]!.pareto = f));
  }

  const statCols = metrics.map(header).flatMap((m) => POINT_STATS.map((st) => `${m}_${st}`));
  const best = bestPoint(plan, pointRows);
  const pointCols = ['point', ...plan.parameters, 'n_ok', 'n_failed', ...statCols, 'constraints_ok', 'pareto', 'best'];
  const pointCsvRows = plan.points.map((values, p) => {
    const row = pointRows[p]!;
    const ok = (byPoint.get(p) ?? []).filter((r) => r.status === 'ok');
    const stats = metrics.flatMap((m) => {
      const s = summarize(ok.map((r) => r.metrics[m]).filter((v): v is number => typeof v === 'number'));
      return s ? [s.mean, s.sd, s.p50, s.p90, s.p99, s.min, s.max, s.ci95Low, s.ci95High].map((v) => cell(v)) : POINT_STATS.map(() => '');
    });
    return [cell(p), ...values.map((v) => cell(v)), cell(row.nOk), cell(row.nFailed), ...stats, cell(row.constraintsOk), cell(row.pareto), cell(plan.objectives.length > 0 && row.complete ? best === p : undefined)];
  });
  const points = stringify([pointCols, ...pointCsvRows]);

  // summary.txt: for people; deterministic (no timings).
  const expected = plan.points.length * R;
  const nOk = runs.filter((r) => r.status === 'ok').length;
  const lines: string[] = [
    `sweep: ${plan.name}`,
    `definition: sha256:${plan.hash}`,
    `points: ${plan.points.length}, replications: ${R}, runs: ${expected}`,
    `recorded: ${runs.length} (ok ${nOk}, failed ${runs.length - nOk}), missing: ${expected - runs.length}`,
  ];
  if (plan.constraints.length > 0) {
    const okPoints = pointRows.filter((r) => r.constraintsOk === true).map((r) => r.point);
    lines.push(`constraints: ${plan.constraints.join('; ')}`, `points meeting all constraints for all seeds: ${okPoints.length > 0 ? okPoints.join(', ') : 'none'}`);
  }
  if (plan.objectives.length > 0) {
    const front = pointRows.filter((r) => r.pareto).map((r) => r.point);
    lines.push(`objectives: ${plan.objectives.map((o) => `${o.goal} ${o.metric}`).join(', ')}`, `pareto front (feasible points): ${front.length > 0 ? front.join(', ') : 'none'}`);
    if (best === undefined) lines.push('best feasible point: none');
    else {
      const params = plan.parameters.map((name, k) => `${name}=${cell(plan.points[best]![k])}`).join(', ');
      const means = plan.objectives.map((o) => `${o.metric} mean ${cell(pointRows[best]!.means[o.metric])}`).join(', ');
      lines.push(`best feasible point: ${best}${params ? ` (${params})` : ''}: ${means}`);
    }
  }
  if (plan.points.length === 1 && !plan.goal) {
    // One point (a sweep over seeds alone): its spread across the seeds is the answer.
    const ok = (byPoint.get(0) ?? []).filter((r) => r.status === 'ok');
    lines.push(`across the seeds (${ok.length} ok runs):`);
    for (const m of metrics) {
      const st = summarize(ok.map((r) => r.metrics[m]).filter((v): v is number => typeof v === 'number'));
      if (!st) continue;
      lines.push(`  ${m}: mean ${cell(st.mean)}, sd ${cell(st.sd ?? 0)}, p50 ${cell(st.p50)}, p90 ${cell(st.p90)}, p99 ${cell(st.p99)}, min ${cell(st.min)}, max ${cell(st.max)}`);
    }
  }
  let goal: string | undefined;
  if (plan.goal) {
    const g = plan.goal;
    const res = g.result;
    const what = `${g.minimize ? 'smallest' : 'largest'} ${g.parameter} in [${g.low}, ${g.high}] meeting ${plan.constraints.join('; ')}`;
    const answer =
      res?.status === 'found' ? `${g.parameter} = ${cell(res.answer)}`
      : res?.status === 'none' ? 'none in range'
      : res?.status === 'failed' ? `unknown: ${res.error}`
      : 'not finished';
    lines.push(`goal: ${what}`, `answer: ${answer} (${res?.probes.length ?? 0} probes)`);
    goal = stringify([
      ['parameter', 'goal', 'low', 'high', 'step', 'status', 'answer', 'probes'],
      [g.parameter, g.minimize ? 'min' : 'max', cell(g.low), cell(g.high), cell(g.step), res?.status ?? 'interrupted', cell(res?.answer), cell(res?.probes.length ?? 0)],
    ]);
  }
  return { results, points, summary: `${lines.join('\n')}\n`, ...(goal !== undefined ? { goal } : {}), pointRows };
}

/**
 * The best feasible point: the lexicographic optimum of the objectives in their order (the first
 * decides, the next breaks ties…), ties left to the lowest point number. It is on the Pareto front.
 */
export function bestPoint(plan: Plan, rows: readonly PointRow[]): number | undefined {
  let best: PointRow | undefined;
  const score = (r: PointRow, k: number): number => {
    const v = r.means[plan.objectives[k]!.metric] ?? Number.NaN;
    return plan.objectives[k]!.goal === 'min' ? v : -v;
  };
  for (const r of rows) {
    if (!r.pareto) continue;
    if (!best) {
      best = r;
      continue;
    }
    for (let k = 0; k < plan.objectives.length; k++) {
      const a = score(r, k);
      const b = score(best, k);
      if (a < b) best = r;
      if (a !== b) break;
    }
  }
  return best?.point;
}

/** Writes results/points/summary (and goal) with an optional file-name suffix (shards). */
export function writeOutputs(dir: string, plan: Plan, records: readonly RunRecord[], suffix = ''): Outputs {
  const out = buildOutputs(plan, records);
  writeFileAtomic(join(dir, `results${suffix}.csv`), out.results);
  writeFileAtomic(join(dir, `points${suffix}.csv`), out.points);
  writeFileAtomic(join(dir, `summary${suffix}.txt`), out.summary);
  if (out.goal !== undefined) writeFileAtomic(join(dir, `goal${suffix}.csv`), out.goal);
  writeFileAtomic(join(dir, 'sweep.json'), `${JSON.stringify(plan, null, 2)}\n`);
  return out;
}
