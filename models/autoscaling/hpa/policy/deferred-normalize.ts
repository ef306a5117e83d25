// Deferred normalisation for the legacy path (behavior == nil): how long the same proposal keeps
// giving the same normalisation, and the replay of the stabilisation history those skipped calls
// would have left.
//
// Why: an idle HPA (same pods, samples, /scale and spec as its last reconcile) differs from one
// reconcile to the next only through normalisation, and with behavior == nil that is
// `stabilizeRecommendation` (upstream horizontal.go): the max of the proposal P and every
// recommendation not older than `now - window`; the last out-of-window slot is overwritten with
// (P, now), else (P, now) is appended. Its result is a function of which recommendations above P
// are in the window; those leave it one by one as time passes, and the calls themselves only add
// entries equal to P (which never raise the max) and overwrite only out-of-window slots (never one
// above P that is still in the window). So after a call at `t0` every later call with the same P
// at `t ≤ until` (until = the first instant an in-window recommendation above P would leave the
// window) returns what the call at t0 returned; the conditions and limits computed from it
// (convertDesiredReplicasWithRules, a function of current, stabilised, min and max) are the same
// too. The calls still mutate the history (slot reuse), so they are replayed, in order, before
// anything next reads it: the history is then exactly what calling at every tick would have left.

import { recordInitialRecommendation, stabilizeRecommendation, type HpaHistory } from './normalize.js';

/**
 * After a legacy normalisation of `proposal` at `now` (the history as that call left it): the last
 * instant t ≥ now at which the same call is certain to give the same stabilised value. Infinity
 * when no recommendation above the proposal is in the window; a time before `now` never occurs.
 */
export function legacyStableUntil(h: HpaHistory, proposal: number, now: number, windowMs: number): number {
  const cutoff = now - windowMs;
  let until = Infinity;
  for (const rec of h.recommendations) {
    // In the window at `now` (not before the cutoff, as stabilizeRecommendation tests it) and above
    // the proposal: it counts until `t - windowMs > timestamp`, i.e. through t = timestamp + window.
    if (rec.timestamp < cutoff || rec.recommendation <= proposal) continue;
    const end = rec.timestamp + windowMs;
    if (end < until) until = end;
  }
  return until;
}

/**
 * The history mutations of legacy normalisations of `proposal` at each of `times` (in order), as
 * the full calls (recordInitialRecommendation, then stabilizeRecommendation) would have left them.
 */
export function replayLegacyStabilization(h: HpaHistory, currentReplicas: number, proposal: number, times: readonly number[], windowMs: number): void {
  for (const t of times) {
    recordInitialRecommendation(h, currentReplicas, t);
    stabilizeRecommendation(h, proposal, t, windowMs);
  }
}
