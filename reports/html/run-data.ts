// Everything a run's report shows, read back from the run's output folder: summary.csv,
// timeseries.csv, pods.csv, events.csv, rollouts.csv, timeline.csv (docs/outputs.md). Nothing
// else is read, so every figure on the page can be reproduced from those files.

import { join } from 'node:path';
import { readCsv } from './csv-input.js';
import { bucketSize, bucketTimes, MAX_POINTS, type Value } from './downsample.js';
import { inputError } from './input-error.js';

/** timeseries.csv as one aligned array per (scope, name, metric) over the sample times. */
export class SeriesTable {
  readonly times: number[] = [];
  private readonly timeIndex = new Map<number, number>();
  /** scope → name → metric → values by time index (holes where a row is absent). */
  private readonly data = new Map<string, Map<string, Map<string, Value[]>>>();

  add(time: number, scope: string, name: string, metric: string, value: number): void {
    let t = this.timeIndex.get(time);
    if (t === undefined) {
      t = this.times.length;
      this.times.push(time);
      this.timeIndex.set(time, t);
    }
    let byName = this.data.get(scope);
    if (!byName) this.data.set(scope, (byName = new Map()));
    let byMetric = byName.get(name);
    if (!byMetric) byName.set(name, (byMetric = new Map()));
    let values = byMetric.get(metric);
    if (!values) byMetric.set(metric, (values = []));
    values[t] = value;
  }

  /** Entity names of a scope, in first-seen order. */
  names(scope: string): string[] {
    return [...(this.data.get(scope)?.keys() ?? [])];
  }

  metrics(scope: string, name: string): string[] {
    return [...(this.data.get(scope)?.get(name)?.keys() ?? [])];
  }

  has(scope: string, name: string, metric: string): boolean {
    return this.data.get(scope)?.get(name)?.has(metric) === true;
  }

  /** The series over every sample time; null where the CSV has no row. */
  get(scope: string, name: string, metric: string): Value[] {
    const v = this.data.get(scope)?.get(name)?.get(metric);
    const out: Value[] = new Array(this.times.length);
    for (let i = 0; i < out.length; i++) out[i] = v?.[i] ?? null;
    return out;
  }

  /** Σ over every name of a scope (null where no name has a value). */
  sum(scope: string, metric: string): Value[] {
    const out: Value[] = new Array(this.times.length).fill(null);
    for (const byMetric of this.data.get(scope)?.values() ?? []) {
      const v = byMetric.get(metric);
      if (!v) continue;
      for (let i = 0; i < out.length; i++) {
        const x = v[i];
        if (x !== undefined && x !== null) out[i] = (out[i] ?? 0) + x;
      }
    }
    return out;
  }
}

export interface PodRow {
  namespace: string;
  name: string;
  owner: string;
  created?: number;
  started?: number;
  finished?: number;
  phase: string;
  reason: string;
}

export interface RolloutRow {
  namespace: string;
  deployment: string;
  trigger: string;
  revision: string;
  start: number;
  finish?: number;
}

export interface ActionRow {
  time: number;
  command: string;
  outcome: string;
  output: string;
}

export interface EventRow {
  time: number;
  namespace: string;
  kind: string;
  name: string;
  reason: string;
  message: string;
  type: string;
  source: string;
}

/** events.csv: every event counted; only the first EVENT_TABLE_ROWS (Warnings first) kept whole. */
export interface EventDigest {
  total: number;
  warnings: number;
  /** reason → type → count, over all events. */
  byReason: Map<string, { type: string; count: number }>;
  /** Per plotted time bucket: Normal and Warning counts. */
  normalPerBucket: number[];
  warningPerBucket: number[];
  rows: EventRow[];
}

/** Event rows embedded in the page; the rest are counted (a large day has millions). */
export const EVENT_TABLE_ROWS = 5000;

export interface RunData {
  dir: string;
  summary: Map<string, string>;
  series: SeriesTable;
  /** Sample times (s) of timeseries.csv, or a grid over the run when it has none. */
  times: number[];
  /** Samples per plotted point (downsample.ts). */
  bucket: number;
  pods: PodRow[];
  events: EventDigest;
  rollouts: RolloutRow[];
  actions: ActionRow[];
}

export async function loadRunData(dir: string): Promise<RunData> {
  const summary = new Map<string, string>();
  const summaryFile = join(dir, 'summary.csv');
  await readCsv(summaryFile, ['metric', 'value'], (r) => {
    summary.set(r.get('metric'), r.get('value'));
  });

  const series = new SeriesTable();
  const tsFile = join(dir, 'timeseries.csv');
  await readCsv(tsFile, ['time_s', 'scope', 'name', 'metric', 'value'], (r) => {
    const t = r.num('time_s');
    const v = r.num('value');
    if (t === undefined) throw inputError(tsFile, r.line, 1, 'time_s', 'empty');
    if (v !== undefined) series.add(t, r.get('scope'), r.get('name'), r.get('metric'), v);
  });
  const times = series.times.length > 0 ? series.times : fallbackGrid(Number(summary.get('virtual_time_s') ?? 0));
  const bucket = bucketSize(times.length, MAX_POINTS);
  const plotted = bucketTimes(times, bucket);

  const pods: PodRow[] = [];
  await readCsv(join(dir, 'pods.csv'), ['namespace', 'name', 'created_s', 'started_s', 'finished_s', 'phase'], (r) => {
    pods.push({
      namespace: r.get('namespace'),
      name: r.get('name'),
      owner: r.get('owner'),
      created: r.num('created_s'),
      started: r.num('started_s'),
      finished: r.num('finished_s'),
      phase: r.get('phase'),
      reason: r.get('reason'),
    });
  });

  const events: EventDigest = {
    total: 0,
    warnings: 0,
    byReason: new Map(),
    normalPerBucket: new Array(plotted.length).fill(0),
    warningPerBucket: new Array(plotted.length).fill(0),
    rows: [],
  };
  const normals: EventRow[] = [];
  const eventsFile = join(dir, 'events.csv');
  await readCsv(eventsFile, ['time_s', 'reason', 'type'], (r) => {
    const time = r.num('time_s');
    if (time === undefined) throw inputError(eventsFile, r.line, 1, 'time_s', 'empty');
    const type = r.get('type');
    const reason = r.get('reason');
    events.total++;
    const key = `${reason}\t${type}`;
    const c = events.byReason.get(key);
    if (c) c.count++;
    else events.byReason.set(key, { type, count: 1 });
    const b = bucketOf(plotted, time);
    const row = (): EventRow => ({
      time,
      namespace: r.get('namespace'),
      kind: r.get('kind'),
      name: r.get('name'),
      reason,
      message: r.get('message'),
      type,
      source: r.get('source'),
    });
    if (type === 'Warning') {
      events.warnings++;
      events.warningPerBucket[b]!++;
      if (events.rows.length < EVENT_TABLE_ROWS) events.rows.push(row());
    } else {
      events.normalPerBucket[b]!++;
      if (normals.length < EVENT_TABLE_ROWS) normals.push(row());
    }
  });
  // Warnings first, then as many Normal events as fit, shown in time order.
  events.rows.push(...normals.slice(0, EVENT_TABLE_ROWS - events.rows.length));
  events.rows.sort((a, b) => a.time - b.time);

  const rollouts: RolloutRow[] = [];
  const rolloutsFile = join(dir, 'rollouts.csv');
  await readCsv(
    rolloutsFile,
    ['namespace', 'deployment', 'trigger', 'start_s', 'finish_s'],
    (r) => {
      const start = r.num('start_s');
      if (start === undefined) throw inputError(rolloutsFile, r.line, 1, 'start_s', 'empty');
      const finish = r.num('finish_s');
      rollouts.push({ namespace: r.get('namespace'), deployment: r.get('deployment'), trigger: r.get('trigger'), revision: r.get('revision'), start, ...(finish !== undefined ? { finish } : {}) });
    },
    true,
  );
  rollouts.sort((a, b) => a.start - b.start);

  const actions: ActionRow[] = [];
  const timelineFile = join(dir, 'timeline.csv');
  await readCsv(
    timelineFile,
    ['time_s', 'command', 'outcome'],
    (r) => {
      const time = r.num('time_s');
      if (time === undefined) throw inputError(timelineFile, r.line, 1, 'time_s', 'empty');
      actions.push({ time, command: r.get('command'), outcome: r.get('outcome'), output: r.get('output') });
    },
    true,
  );

  return { dir, summary, series, times, bucket, pods, events, rollouts, actions };
}

/** Index of the plotted bucket holding time t (the last bucket starting at or before t). */
export function bucketOf(starts: readonly number[], t: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  if (hi < 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** 501 evenly spaced times over the run, when timeseries.csv has no rows. */
function fallbackGrid(end: number): number[] {
  const n = 500;
  const out: number[] = [];
  for (let i = 0; i <= n; i++) out.push((end * i) / n);
  return out;
}
