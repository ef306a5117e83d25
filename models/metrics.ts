// What models expose for reports, without knowing about files: time-series sources sampled
// at the scenario's interval (timeseries.csv, long format) and summary contributors (the
// flat per-run record). Sources must read maintained aggregates, never rescan the cluster.

/**
 * The scopes of timeseries.csv rows, in the order docs/outputs.md lists them. `cluster` and
 * `pool` are aggregates (a handful of rows per sample whatever the size of the cluster); the
 * others have one entity per workload, Deployment, Service or HPA, so they grow with the cluster.
 * Simulation.spec.timeseries.scopes chooses among these names.
 */
export const SERIES_SCOPES = ['cluster', 'pool', 'workload', 'deployment', 'service', 'hpa'] as const;
export type SeriesScope = (typeof SERIES_SCOPES)[number];
/** The aggregate scopes: what a large cluster writes by default. */
export const AGGREGATE_SCOPES: readonly SeriesScope[] = ['cluster', 'pool'];
/**
 * Above this many nodes (Σ pool `count`, or `maxCount` when larger and the cluster autoscaler
 * runs) timeseries.csv defaults to the aggregate scopes: per-entity rows grow with the cluster
 * (~57,000 rows per sample at 5,000 nodes) while cluster and pool rows stay a handful.
 */
export const AGGREGATES_ONLY_ABOVE_NODES = 500;

/**
 * One sampled value of the source's scope: the entity within the scope (e.g. "default/web" or
 * a pool name; "" for cluster), the documented metric name with its unit in the name (e.g.
 * cpu_used_m, memory_used_bytes), and the value. No object per row: the recorder writes the
 * arguments straight into its output buffer.
 */
export type SeriesEmit = (name: string, metric: string, value: number) => void;

export interface SeriesSource {
  /** Emit this source's points for time `now` (virtual ms), in a deterministic order. */
  sample(now: number, emit: SeriesEmit): void;
}

/** A registered source and the one scope all its rows belong to. */
export interface SeriesRegistration {
  readonly scope: SeriesScope;
  readonly source: SeriesSource;
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
  /** Time-series sources in registration order (the order of their rows in a sample). */
  readonly series: SeriesRegistration[] = [];
  readonly contributors: SummaryContributor[] = [];
  readonly podColumns: PodColumnSource[] = [];

  addPodColumns(source: PodColumnSource): void {
    this.podColumns.push(source);
  }

  /**
   * Register a time-series source whose rows all have `scope`. A source is only sampled when
   * its scope is written (Simulation.spec.timeseries.scopes), so what it computes for its rows
   * costs nothing otherwise; it must read maintained aggregates, never rescan the cluster.
   */
  addSeries(scope: SeriesScope, source: SeriesSource): void {
    this.series.push({ scope, source });
  }

  addSummary(c: SummaryContributor): void {
    this.contributors.push(c);
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
