// timeseries.csv: every sampleInterval, each registered source emits points in long
// format (time_s, scope, name, metric, value), so new components add metrics without
// changing the columns. Metric names and units are documented in docs/outputs.md.
//
// A source whose scope is not written is not sampled at all. Rows go straight into the
// writer's text buffer: no object or array per row.

import type { Simulation } from '../sim/index.js';
import { SERIES_SCOPES, type MetricsRegistry, type SeriesEmit, type SeriesScope } from '../models/metrics.js';
import { CsvWriter, csvNumber, csvText } from './csv-writer.js';

export const TIMESERIES_COLUMNS = ['time_s', 'scope', 'name', 'metric', 'value'] as const;

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
