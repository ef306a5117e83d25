// timeseries.csv: every sampleInterval, each registered source emits points in long
// format (time_s, scope, name, metric, value), so new components add metrics without
// changing the columns. Metric names and units are documented in docs/outputs.md.

import type { Simulation } from '../sim/index.js';
import type { MetricsRegistry } from '../models/metrics.js';
import { CsvWriter } from './csv-writer.js';

export const TIMESERIES_COLUMNS = ['time_s', 'scope', 'name', 'metric', 'value'] as const;

const onSample = (t: TimeSeriesRecorder) => t.sampleNow();

export class TimeSeriesRecorder {
  private readonly writer: CsvWriter | undefined;
  samples = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly metrics: MetricsRegistry,
    file: string | undefined,
    interval: number,
    until: number,
  ) {
    this.writer = file ? new CsvWriter(file, TIMESERIES_COLUMNS) : undefined;
    if (!this.writer) return;
    // Sample at 0, interval, 2·interval … up to and including the end of the run.
    for (let t = 0; t <= until; t += interval) sim.post(t, onSample, this);
  }

  /** @internal */
  sampleNow(): void {
    const now = this.sim.now;
    const time = now / 1000;
    this.samples++;
    this.metrics.sample(now, (p) => this.writer!.write([time, p.scope, p.name, p.metric, p.value]));
  }

  close(): void {
    this.writer?.close();
  }
}
