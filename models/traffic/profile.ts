// Request-rate profiles as piecewise-constant functions of virtual time: the flow model asks
// for the rate now and for the next instant it changes, and schedules one kernel event there.
// Continuous shapes (ramp, diurnal) are held constant over resolution-sized buckets at their
// midpoint value, so a day at 1-minute resolution is 1,440 changes per Service.

import type { Millis, Rng } from '../../sim/index.js';
import { DAY, HOUR } from '../../sim/index.js';
import type { BaseProfile, RatePoint, RateProfile } from './spec.js';

export class ProfileCursor {
  private noiseBucket = -1;
  private noiseRate = 0;

  constructor(
    private readonly profile: RateProfile,
    private readonly resolution: Millis,
    private readonly rng: Rng,
  ) {}

  /** The deterministic rate at `t` (before noise). */
  baseRate(t: Millis): number {
    let r = baseAt(this.profile.base, t, this.resolution);
    for (const s of this.profile.spikes ?? []) if (t >= s.at && t < s.at + s.duration) r += s.rate;
    return Math.max(0, r);
  }

  /**
   * The rate in force at `t`. With Poisson noise, one draw per resolution bucket, taken the first
   * time the bucket is asked for: buckets are visited in time order, so the stream is reproducible.
   */
  rate(t: Millis): number {
    const r = this.baseRate(t);
    if (!this.profile.poissonNoise) return r;
    const b = Math.floor(t / this.resolution);
    if (b !== this.noiseBucket) {
      this.noiseBucket = b;
      const secs = this.resolution / 1000;
      this.noiseRate = poisson(r * secs, this.rng) / secs;
    }
    return this.noiseRate;
  }

  /** The first instant after `t` at which the rate may change; Infinity if never. */
  nextChange(t: Millis): Millis {
    let next = nextBaseChange(this.profile.base, t, this.resolution);
    for (const s of this.profile.spikes ?? []) {
      if (s.at > t) next = Math.min(next, s.at);
      else if (s.at + s.duration > t) next = Math.min(next, s.at + s.duration);
    }
    if (this.profile.poissonNoise) next = Math.min(next, bucketEnd(t, this.resolution));
    return next;
  }
}

function bucketEnd(t: Millis, res: Millis): Millis {
  return (Math.floor(t / res) + 1) * res;
}

function bucketMid(t: Millis, res: Millis): Millis {
  return Math.floor(t / res) * res + res / 2;
}

function stepAt(points: readonly RatePoint[], t: Millis): number {
  let r = 0;
  for (const p of points) {
    if (p.at > t) break;
    r = p.rate;
  }
  return r;
}

function nextStep(points: readonly RatePoint[], t: Millis): Millis {
  for (const p of points) if (p.at > t) return p.at;
  return Infinity;
}

/** Diurnal sinusoid: max at peakHour (hours into the period), min twelve hours away (for a day). */
export function diurnalRate(d: { min: number; max: number; peakHour: number; period?: Millis }, t: Millis): number {
  const period = d.period ?? DAY;
  const phase = ((t - d.peakHour * HOUR) / period) * 2 * Math.PI;
  return d.min + ((d.max - d.min) * (1 + Math.cos(phase))) / 2;
}

function baseAt(b: BaseProfile, t: Millis, res: Millis): number {
  if ('constant' in b) return b.constant;
  if ('steps' in b) return stepAt(b.steps, t);
  if ('replay' in b) return stepAt(b.replay, t);
  if ('ramp' in b) {
    const { from, to, start, duration } = b.ramp;
    if (t < start) return from;
    if (t >= start + duration) return to;
    const mid = Math.min(bucketMid(t, res), start + duration);
    return from + ((to - from) * (mid - start)) / Math.max(1, duration);
  }
  return diurnalRate(b.diurnal, bucketMid(t, res));
}

function nextBaseChange(b: BaseProfile, t: Millis, res: Millis): Millis {
  if ('constant' in b) return Infinity;
  if ('steps' in b) return nextStep(b.steps, t);
  if ('replay' in b) return nextStep(b.replay, t);
  if ('ramp' in b) {
    const { start, duration } = b.ramp;
    if (t < start) return start;
    if (t >= start + duration) return Infinity;
    return Math.min(bucketEnd(t, res), start + duration);
  }
  return bucketEnd(t, res);
}

/** Poisson draw: Knuth's product method for small means, a rounded normal for large ones. */
export function poisson(mean: number, rng: Rng): number {
  if (!(mean > 0)) return 0;
  if (mean < 30) {
    const l = Math.exp(-mean);
    let k = 0;
    let p = 1;
    do {
      k++;
      p *= rng.next();
    } while (p > l);
    return k - 1;
  }
  return Math.max(0, Math.round(rng.normal(mean, Math.sqrt(mean))));
}
