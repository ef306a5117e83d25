// timeseries.csv: every sampleInterval, each registered source emits points in long
// format (time_s, scope, name, metric, value), so new components add metrics without
// changing the columns. Metric names and units are documented in docs/outputs.md.
//
// Which scopes are written is Simulation.spec.timeseries.scopes; by default every scope for
// clusters up to AGGREGATES_ONLY_ABOVE_NODES nodes, only the aggregates (cluster, pool) above. A source
// whose scope is not written is not sampled at all. Rows go straight into the writer's text
// buffer: no object or array per row.

import type { Simulation } from '../sim/index.js';
import { AGGREGATE_SCOPES, AGGREGATES_ONLY_ABOVE_NODES, SERIES_SCOPES, type MetricsRegistry, type SeriesEmit, type SeriesScope } from '../models/metrics.js';
import type { BuiltScenario } from '../scenarios/build.js';
import { CsvWriter, csvNumber, csvText } from './csv-writer.js';

export const TIMESERIES_COLUMNS = ['time_s', 'scope', 'name', 'metric', 'value'] as const;

/** The summary metric naming the scopes written, present only when some scopes were left out. */
export const SCOPES_SUMMARY_METRIC = 'timeseries_scopes';

/** Nodes the run may have, for the default: Σ pool count, maxCount for autoscaled pools. */
export function scenarioNodes(built: BuiltScenario): number {
  const autoscaled = built.cluster.autoscaler !== undefined && built.cluster.autoscaler.enabled !== false;
  let n = 0;
  for (const p of built.cluster.nodePools) n += autoscaled && p.maxCount !== undefined ? Math.max(p.count, p.maxCount) : p.count;
  return n;
}

/** The scopes timeseries.csv gets: the scenario's list, else every scope or (large clusters) the aggregates. */
export function chooseScopes(explicit: readonly SeriesScope[] | undefined, nodes: number): ReadonlySet<SeriesScope> {
  if (explicit !== undefined) return new Set(explicit);
  return new Set(nodes > AGGREGATES_ONLY_ABOVE_NODES ? AGGREGATE_SCOPES : SERIES_SCOPES);
}

export function timeseriesScopes(built: BuiltScenario): ReadonlySet<SeriesScope> {
  return chooseScopes(built.timeseriesScopes, scenarioNodes(built));
}

const onSample = (t: TimeSeriesRecorder) => t.sampleNow();

export class TimeSeriesRecorder {
  private readonly writer: CsvWriter | undefined;
  private readonly scopes: ReadonlySet<SeriesScope>;
  /** "time_s,scope," of the rows being emitted. */
  private head = '';
  samples = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly metrics: MetricsRegistry,
    file: string | undefined,
    interval: number,
    until: number,
    scopes: ReadonlySet<SeriesScope> = new Set(SERIES_SCOPES),
  ) {
    this.scopes = scopes;
    this.writer = file ? new CsvWriter(file, TIMESERIES_COLUMNS) : undefined;
    if (!this.writer) return;
    if (SERIES_SCOPES.some((s) => !this.scopes.has(s))) {
      const written = SERIES_SCOPES.filter((s) => this.scopes.has(s)).join(' ');
      metrics.addSummary({ summarize: (_now, put) => put(SCOPES_SUMMARY_METRIC, written) });
    }
    // Sample at 0, interval, 2·interval … up to and including the end of the run.
    for (let t = 0; t <= until; t += interval) sim.post(t, onSample, this);
  }

  private readonly emit: SeriesEmit = (name, metric, value) => {
    this.writer!.writeLine(`${this.head}${csvText(name)},${csvText(metric)},${csvNumber(value)}\n`);
  };

  /** @internal */
  sampleNow(): void {
    const time = csvNumber(this.sim.now / 1000);
    this.samples++;
    for (const { scope, source } of this.metrics.series) {
      if (!this.scopes.has(scope)) continue;
      this.head = `${time},${csvText(scope)},`;
      source.sample(this.sim.now, this.emit);
    }
  }

  close(): void {
    this.writer?.close();
  }
}
