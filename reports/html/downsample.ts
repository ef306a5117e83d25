// A page stays fast by plotting at most MAX_POINTS points per series: consecutive samples are
// grouped k at a time and each group is drawn as its maximum, so a short spike (pending pods, a
// p99 burst) survives where averaging would flatten it. The page states k for every run.

/** Most points drawn per series (uPlot draws a few thousand per chart in milliseconds). */
export const MAX_POINTS = 1500;

export type Value = number | null;

/** Samples per plotted point: 1 until a series is longer than `max`. */
export function bucketSize(samples: number, max = MAX_POINTS): number {
  return samples <= max ? 1 : Math.ceil(samples / max);
}

/** The first time of each group of k samples. */
export function bucketTimes(times: readonly number[], k: number): number[] {
  if (k === 1) return times.slice();
  const out: number[] = [];
  for (let i = 0; i < times.length; i += k) out.push(times[i]!);
  return out;
}

/** Each group of k values as its maximum (null when the whole group is empty). */
export function bucketMax(values: readonly Value[], k: number): Value[] {
  if (k === 1) return values.slice();
  const out: Value[] = [];
  for (let i = 0; i < values.length; i += k) {
    let m: Value = null;
    const end = Math.min(values.length, i + k);
    for (let j = i; j < end; j++) {
      const v = values[j];
      if (v !== null && v !== undefined && (m === null || v > m)) m = v;
    }
    out.push(m);
  }
  return out;
}
