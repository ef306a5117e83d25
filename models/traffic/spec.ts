// The Traffic description (k8sim/v1 Traffic), as plain numbers: what the scenario builder
// produces from YAML and what the flow model consumes. Times in virtual ms, rates in requests/s,
// CPU cost in millicore-seconds per request, memory in bytes per in-flight request.

import type { Millis } from '../../sim/index.js';

export interface RatePoint {
  at: Millis;
  rate: number;
}

/** The base shape of a request-rate profile (exactly one). */
export type BaseProfile =
  | { constant: number }
  | { steps: RatePoint[] }
  | { ramp: { from: number; to: number; start: Millis; duration: Millis } }
  | { diurnal: { min: number; max: number; peakHour: number; period?: Millis } }
  /** Replay of (time, rate) rows, held until the next row (from a CSV file at load time). */
  | { replay: RatePoint[] };

export interface Spike {
  at: Millis;
  duration: Millis;
  /** Requests/s added while the spike lasts. */
  rate: number;
}

export interface RateProfile {
  base: BaseProfile;
  spikes?: Spike[];
  /** Poisson noise: each resolution interval's rate is count/interval with count ~ Poisson(λ·interval). */
  poissonNoise?: boolean;
}

/** Per-request CPU cost, millicore-seconds; only the mean enters the queueing model (exponential service). */
export type CostSpec =
  | number
  | { constant: number }
  | { uniform: [number, number] }
  | { exponential: { mean: number } }
  | { normal: { mean: number; stddev: number } }
  | { lognormal: { mean: number; stddev: number } };

export interface ServiceCall {
  /** Callee Service name (same namespace as the caller unless `namespace`). */
  service: string;
  namespace?: string;
  /** Requests to the callee per request the caller serves. */
  fanout: number;
}

export interface Slo {
  /** p99 latency bound, seconds. */
  latencyP99?: number;
  /** Error-rate bound, a fraction (0.001 = 0.1%). */
  errorRate?: number;
}

export interface ServiceTrafficSpec {
  namespace: string;
  service: string;
  /** Load arriving from outside (absent: the Service only receives calls from other Services). */
  rate?: RateProfile;
  cpuPerRequest: CostSpec;
  memoryPerRequest?: number;
  /** Worker slots per pod (default 4). */
  concurrency?: number;
  /** Requests that may wait per pod beyond the busy slots (default 100). */
  queueBound?: number;
  /** How requests are spread over ready endpoints (default even). */
  weighting?: 'even' | 'capacity';
  calls?: ServiceCall[];
  slo?: Slo;
  /** Latency of a Service whose endpoints are outside the cluster (ExternalName, selector-less). Seconds. */
  externalLatency?: number;
}

export interface TrafficSpec {
  /** Discretisation step for ramp/diurnal/noise (default 1 min). */
  resolution?: Millis;
  /** Requests before this time are left out of latency, error and SLO figures (default 0). */
  warmup?: Millis;
  /** Window of the peak p99 in the summary (default 1 min). */
  peakWindow?: Millis;
  services: ServiceTrafficSpec[];
}

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_QUEUE_BOUND = 100;
export const DEFAULT_RESOLUTION: Millis = 60_000;

/** Mean of a cost distribution (normal truncated at 0 is approximated by its mean). */
export function costMean(c: CostSpec): number {
  if (typeof c === 'number') return c;
  if ('constant' in c) return c.constant;
  if ('uniform' in c) return (c.uniform[0] + c.uniform[1]) / 2;
  if ('exponential' in c) return c.exponential.mean;
  if ('normal' in c) return c.normal.mean;
  return c.lognormal.mean;
}
