// Pods by phase over time, from pods.csv's lifecycle columns alone (timeseries.csv only has the
// unscheduled count). At time t a pod is
//   pending   created_s ≤ t and not yet Running (started_s, else finished_s, is later or empty),
//   running   started_s ≤ t < finished_s (finished_s: Succeeded/Failed, or deleted),
// and the Succeeded / Failed counts are cumulative: pods whose final phase it is, by finished_s.

import type { PodRow } from './run-data.js';

export interface PodPhaseSeries {
  pending: number[];
  running: number[];
  succeeded: number[];
  failed: number[];
}

export function podPhases(pods: readonly PodRow[], times: readonly number[]): PodPhaseSeries {
  const created: number[] = [];
  const leftPending: number[] = [];
  const started: number[] = [];
  const stopped: number[] = [];
  const succeeded: number[] = [];
  const failed: number[] = [];
  for (const p of pods) {
    if (p.created === undefined) continue;
    created.push(p.created);
    const left = p.started ?? p.finished;
    if (left !== undefined) leftPending.push(left);
    if (p.started !== undefined) {
      started.push(p.started);
      if (p.finished !== undefined) stopped.push(p.finished);
    }
    if (p.finished !== undefined && p.phase === 'Succeeded') succeeded.push(p.finished);
    if (p.finished !== undefined && p.phase === 'Failed') failed.push(p.finished);
  }
  for (const a of [created, leftPending, started, stopped, succeeded, failed]) a.sort((x, y) => x - y);
  const [c, l, s, x] = [created, leftPending, started, stopped].map((a) => countAtOrBefore(a, times)) as [number[], number[], number[], number[]];
  return {
    pending: c.map((n, i) => n - l[i]!),
    running: s.map((n, i) => n - x[i]!),
    succeeded: countAtOrBefore(succeeded, times),
    failed: countAtOrBefore(failed, times),
  };
}

/** For each of the ascending `times`, how many of the sorted `values` are ≤ it. */
export function countAtOrBefore(values: readonly number[], times: readonly number[]): number[] {
  const out: number[] = [];
  let j = 0;
  for (const t of times) {
    while (j < values.length && values[j]! <= t) j++;
    out.push(j);
  }
  return out;
}
