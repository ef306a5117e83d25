// What models expose for reports, without knowing about files: time-series sources sampled
// at the scenario's interval (timeseries.csv, long format) and summary contributors (the
// flat per-run record). Sources must read maintained aggregates, never rescan the cluster.

/** One sampled value: who it is about and what. */
export interface SeriesPoint {
  /** cluster | pool | node | workload | deployment | service | hpa | … */
  scope: string;
  /** The entity within the scope, e.g. "default/web" or a pool name; "" for cluster. */
  name: string;
  /** Documented metric name with its unit in the name, e.g. cpu_used_m, memory_used_bytes. */
  metric: string;
  value: number;
}

export interface SeriesSource {
  /** Emit this source's points for time `now` (virtual ms), in a deterministic order. */
  sample(now: number, emit: (p: SeriesPoint) => void): void;
}

export type SummaryValue = number | string;

export interface SummaryContributor {
  /** Add this component's metrics to the run summary (end of run). */
  summarize(now: number, put: (metric: string, value: SummaryValue) => void): void;
  /**
   * Optional second pass, after every contributor's `summarize`: derived metrics that read
   * other components' values (e.g. cost per million requests) through `get`.
   */
  summarizeLate?(now: number, put: (metric: string, value: SummaryValue) => void,
    get: (metric: string) => SummaryValue | undefined): void;
}

/** Extra per-pod columns in pods.csv, read when the pod's row is written. */
export interface PodColumnSource {
  readonly columns: readonly string[];
  values(pod: import('./api/types.js').Pod): (string | number | undefined)[];
}

export class MetricsRegistry {
  readonly sources: SeriesSource[] = [];
  readonly contributors: SummaryContributor[] = [];
  readonly podColumns: PodColumnSource[] = [];

  addPodColumns(source: PodColumnSource): void {
    this.podColumns.push(source);
  }

  addSeries(source: SeriesSource): void {
    this.sources.push(source);
  }

  addSummary(c: SummaryContributor): void {
    this.contributors.push(c);
  }

  sample(now: number, emit: (p: SeriesPoint) => void): void {
    for (const s of this.sources) s.sample(now, emit);
  }

  summarize(now: number, put: (metric: string, value: SummaryValue) => void): void {
    const seen = new Map<string, SummaryValue>();
    const record = (metric: string, value: SummaryValue) => {
      seen.set(metric, value);
      put(metric, value);
    };
    for (const c of this.contributors) c.summarize(now, record);
    for (const c of this.contributors) c.summarizeLate?.(now, record, (m) => seen.get(m));
  }
}
