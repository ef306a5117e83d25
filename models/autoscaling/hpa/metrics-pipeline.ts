// The metrics pipeline an HPA reads through: metrics-server scraping the kubelets every
// `resolution`, each sample the average of the pod's usage over the last `window`, and the HPA
// seeing only the latest published sample. That staleness (up to one resolution, plus the window's
// averaging) is what makes real HPAs overshoot, so it is modelled, not idealised away.
//
// Scale: metrics-server scrapes every pod at ticks k × resolution, but lazily: each HPA reads its
// target's pods at those ticks (DESIGN: periodic loops touch only what they own), and an HPA
// created between ticks takes the last tick's readings from the usage model when it starts (see
// HpaController.prime). Averaging over the window uses the readings taken at each resolution
// tick: with window = resolution (the upstream manifest's 15s/15s) a sample is the reading at its
// tick; a 60s window over a 15s resolution averages four readings.
//
// Defaults: resolution 15s — what the upstream metrics-server manifest sets (`--metric-resolution=15s`);
// the metrics-server binary's own default is 60s. Window 15s (cAdvisor's usual rate window).

import type { Millis } from '../../../sim/index.js';
import type { PodMetric } from './policy/replica-calculator.js';

export interface MetricsPipelineConfig {
  /** Scrape period (metrics-server --metric-resolution). Default 15s; the binary's default is 60s. */
  resolution: Millis;
  /** Averaging window of each sample. Default 15s. */
  window: Millis;
}

export const DEFAULT_METRICS_PIPELINE: Readonly<MetricsPipelineConfig> = Object.freeze({ resolution: 15_000, window: 15_000 });

/**
 * Readings of one pod kept for the window, and the last published samples. The series is itself
 * the published CPU sample (PodMetric: `value` in millicores, `timestamp`, `window`); the memory
 * and requests samples are views of its `memoryValue` and `rpsValue`. A reading then writes one
 * object per pod, not four (the walk over an HPA's pods is cold loads and stores).
 */
export interface PodSeries extends PodMetric {
  /** The window's readings, oldest first (kept only when a window holds more than one). */
  cpu: number[];
  memory: number[];
  rps: number[];
  /** When the published samples were taken (the samples' timestamp). */
  timestamp: number;
  /** The averaging window the published samples report. */
  window: number;
  /** The published CPU sample's value (millicores, truncated): this series is that sample. */
  value: number;
  /** The published memory (bytes) and requests (milli-requests/s) samples' values. */
  memoryValue: number;
  rpsValue: number;
  /** Published (window-averaged) values. */
  cpuAvg: number;
  memoryAvg: number;
  rpsAvg: number;
  /**
   * The published samples as the metrics APIs hand them to the HPA (value truncated to an integer
   * in the metric's unit: millicores, bytes, milli-requests/s), moved in place by each reading so a
   * reconcile reads the scrape's figures without building them again: the series itself for CPU,
   * read-only views of it for memory and requests.
   */
  cpuMetric: PodMetric;
  memoryMetric: PodMetric;
  rpsMetric: PodMetric;
  /**
   * What the last reading was taken from: the usage model's stamp of the pod (NaN: none) and the
   * served rate read with it. The scraper skips re-reading a pod whose stamp and rate are the same.
   */
  usageStamp: number;
  rpsRead: number;
  /** Dropped from its HPA's series (its pod not read by a scrape): a kept reference is stale. */
  dropped: boolean;
}

/**
 * Push one reading and publish the window average; `keep` = readings per window (≥ 1, the same
 * for every call on a series). Returns whether a published value (what the HPA reads) changed;
 * timestamps always move.
 */
export function pushReading(s: PodSeries, keep: number, cpu: number, memory: number, rps: number, now: number): boolean {
  if (keep === 1) {
    // The window is this one reading: its mean, as mean() computes it ((0 + v) / 1 is 0 + v), is
    // all that is published, so the reading arrays (read by mean() only) are not kept — three
    // cold arrays fewer per pod read.
    s.cpuAvg = 0 + cpu;
    s.memoryAvg = 0 + memory;
    s.rpsAvg = 0 + rps;
  } else {
    push(s.cpu, keep, cpu);
    push(s.memory, keep, memory);
    push(s.rps, keep, rps);
    s.cpuAvg = mean(s.cpu);
    s.memoryAvg = mean(s.memory);
    s.rpsAvg = mean(s.rps);
  }
  s.timestamp = now;
  const c = Math.trunc(s.cpuAvg);
  const m = Math.trunc(s.memoryAvg);
  const r = Math.trunc(s.rpsAvg * 1000);
  const changed = c !== s.value || m !== s.memoryValue || r !== s.rpsValue;
  s.value = c;
  s.memoryValue = m;
  s.rpsValue = r;
  return changed;
}

/**
 * The reading of a pod that cannot have changed (same usage stamp, same served rate) when a window
 * holds one reading: pushReading with the last reading again would leave every value as it is, so
 * only the timestamps move.
 */
export function repeatReading(s: PodSeries, now: number): void {
  s.timestamp = now;
}

/**
 * A series' published memory or requests sample: read-only, reading the series (the calculation
 * never edits a sample).
 */
class SeriesSample implements PodMetric {
  constructor(
    private readonly s: PodSeries,
    private readonly memory: boolean,
  ) {}
  get value(): number {
    return this.memory ? this.s.memoryValue : this.s.rpsValue;
  }
  get timestamp(): number {
    return this.s.timestamp;
  }
  get window(): number {
    return this.s.window;
  }
}

/** `window`: the averaging window the published samples report (MetricsPipelineConfig.window). */
export function newPodSeries(window = 0): PodSeries {
  const s: PodSeries = {
    // The CPU sample's fields first (what a calculation reads), then what a reading writes.
    value: 0,
    timestamp: 0,
    window,
    memoryValue: 0,
    rpsValue: 0,
    usageStamp: NaN,
    rpsRead: NaN,
    dropped: false,
    cpuAvg: 0,
    memoryAvg: 0,
    rpsAvg: 0,
    cpu: [],
    memory: [],
    rps: [],
    cpuMetric: undefined!,
    memoryMetric: undefined!,
    rpsMetric: undefined!,
  };
  s.cpuMetric = s;
  s.memoryMetric = new SeriesSample(s, true);
  s.rpsMetric = new SeriesSample(s, false);
  return s;
}

export function readingsPerWindow(cfg: MetricsPipelineConfig): number {
  return Math.max(1, Math.round(cfg.window / Math.max(1, cfg.resolution)));
}

/** Append, dropping the oldest beyond `keep` (moved down in place: no shift per reading). */
function push(a: number[], keep: number, v: number): void {
  const n = a.length;
  if (n < keep) {
    a.push(v);
    return;
  }
  for (let i = 1; i < n; i++) a[i - 1] = a[i]!;
  a[n - 1] = v;
}

function mean(a: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return a.length ? s / a.length : 0;
}
