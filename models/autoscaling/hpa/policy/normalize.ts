// HPA normalisation: stabilisation windows and scale-rate limits, plus API defaulting.
//
// Follows kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go (normalizeDesiredReplicas,
// stabilizeRecommendation, convertDesiredReplicasWithRules, normalizeDesiredReplicasWithBehaviors,
// stabilizeRecommendationWithBehaviors, convertDesiredReplicasWithBehaviorRate, storeScaleEvent) and
// pkg/apis/autoscaling/v2/defaults.go. Written from reading upstream, not copied.
//
// State: upstream keeps per-HPA recommendation and scale-event slices in controller maps. Here they
// are an explicit plain `HpaHistory` object owned by the caller. Functions that upstream lets
// mutate that state (stabilise*, storeScaleEvent, recordInitialRecommendation) MUTATE the history
// passed in, in place, exactly as upstream mutates its slices (slot reuse included); nothing else
// is mutated. Times are virtual ms. Go's `t.Before(c)` is `t < c`, `t.After(c)` is `t > c`.

import type { HpaCondition, MetricSpec } from './replica-calculator.js';

export interface TimestampedRecommendation {
  recommendation: number;
  timestamp: number;
}

export interface TimestampedScaleEvent {
  /** Always positive: replicas added (scale-up list) or removed (scale-down list). */
  replicaChange: number;
  timestamp: number;
  outdated: boolean;
}

/** Per-HPA controller memory. Create with `newHpaHistory()`; keep it across reconciles. */
export interface HpaHistory {
  recommendations: TimestampedRecommendation[];
  scaleUpEvents: TimestampedScaleEvent[];
  scaleDownEvents: TimestampedScaleEvent[];
}

export function newHpaHistory(): HpaHistory {
  return { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };
}

/** Upstream `recordInitialRecommendation`: seed with (current, now) once. Mutates `h`. */
export function recordInitialRecommendation(h: HpaHistory, currentReplicas: number, now: number): void {
  if (h.recommendations.length === 0) h.recommendations.push({ recommendation: currentReplicas, timestamp: now });
}

// ---------------------------------------------------------------------------------------------
// Behaviour types and defaulting

export type ScalingPolicyType = 'Pods' | 'Percent';
export type SelectPolicy = 'Max' | 'Min' | 'Disabled';

export interface HPAScalingPolicy {
  type: ScalingPolicyType;
  value: number;
  periodSeconds: number;
}

export interface HPAScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: SelectPolicy;
  policies?: HPAScalingPolicy[];
  /** Per-direction tolerance (HPAConfigurableTolerance); unset ⇒ the controller's 0.1. */
  tolerance?: number;
}

export interface HPABehavior {
  scaleUp?: HPAScalingRules;
  scaleDown?: HPAScalingRules;
}

/** Rules after defaulting: everything set except scaleDown's window, which the controller fills. */
export interface DefaultedRules {
  stabilizationWindowSeconds?: number;
  selectPolicy: SelectPolicy;
  policies: HPAScalingPolicy[];
  tolerance?: number;
}

export interface DefaultedBehavior {
  scaleUp: DefaultedRules;
  scaleDown: DefaultedRules;
}

/** Default controller flag --horizontal-pod-autoscaler-downscale-stabilization. */
export const DEFAULT_DOWNSCALE_STABILIZATION_MS = 5 * 60_000;
/** autoscaling/v2 DefaultCPUUtilization. */
export const DEFAULT_CPU_UTILIZATION = 80;

function copyRules(from: HPAScalingRules | undefined, to: DefaultedRules): DefaultedRules {
  if (from === undefined) return to;
  if (from.selectPolicy !== undefined) to.selectPolicy = from.selectPolicy;
  if (from.stabilizationWindowSeconds !== undefined) to.stabilizationWindowSeconds = from.stabilizationWindowSeconds;
  if (from.policies !== undefined) to.policies = from.policies.map((p) => ({ ...p }));
  if (from.tolerance !== undefined) to.tolerance = from.tolerance;
  return to;
}

/** `GenerateHPAScaleUpRules`: window 0, Max, {Pods 4 / 15s}, {Percent 100 / 15s}. */
export function generateScaleUpRules(r?: HPAScalingRules): DefaultedRules {
  return copyRules(r, {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ],
  });
}

/** `GenerateHPAScaleDownRules`: window unset (controller flag), Max, {Percent 100 / 15s}. */
export function generateScaleDownRules(r?: HPAScalingRules): DefaultedRules {
  return copyRules(r, { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
}

/** API defaulting of `spec.behavior`: nil stays nil (legacy path); otherwise fill missing fields. */
export function defaultBehavior(b: HPABehavior | undefined): DefaultedBehavior | undefined {
  if (b === undefined) return undefined;
  return { scaleUp: generateScaleUpRules(b.scaleUp), scaleDown: generateScaleDownRules(b.scaleDown) };
}

/** API defaulting of `spec.minReplicas` (1) and `spec.metrics` (CPU 80%) */
export function defaultMinReplicas(minReplicas: number | undefined): number {
  return minReplicas ?? 1;
}

export function defaultMetrics(metrics: readonly MetricSpec[] | undefined): readonly MetricSpec[] {
  // The spec's own list, or one shared default: read-only, so no reconcile needs a copy.
  if (metrics !== undefined && metrics.length > 0) return metrics;
  return DEFAULT_METRIC_SPECS;
}

/** SetDefaults_HorizontalPodAutoscaler's metrics: CPU at 80 % utilisation (frozen, shared). */
const DEFAULT_METRIC_SPECS: readonly MetricSpec[] = Object.freeze([
  Object.freeze({
    type: 'Resource',
    resource: Object.freeze({ name: 'cpu', target: Object.freeze({ type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION }) }),
  }) as MetricSpec,
]);

/** Controller's `maybeInitScaleDownStabilizationWindow`: unset scaleDown window ⇒ the flag (300 s). */
export function withScaleDownWindow(b: DefaultedBehavior, downscaleStabilizationMs = DEFAULT_DOWNSCALE_STABILIZATION_MS): DefaultedBehavior {
  if (b.scaleDown.stabilizationWindowSeconds !== undefined) return b;
  return { scaleUp: b.scaleUp, scaleDown: { ...b.scaleDown, stabilizationWindowSeconds: Math.trunc(downscaleStabilizationMs / 1000) } };
}

// ---------------------------------------------------------------------------------------------
// Legacy path (behavior == nil)

/**
 * Upstream `stabilizeRecommendation`: the max of the proposal and every recommendation not older
 * than `now - window`; the (last) out-of-window slot is overwritten with (proposal, now), else the
 * pair is appended. Mutates `h.recommendations`.
 */
export function stabilizeRecommendation(
  h: HpaHistory,
  proposal: number,
  now: number,
  windowMs = DEFAULT_DOWNSCALE_STABILIZATION_MS,
): number {
  let max = proposal;
  let oldIndex = -1;
  const cutoff = now - windowMs;
  const recs = h.recommendations;
  for (let i = 0; i < recs.length; i++) {
    const rec = recs[i]!;
    if (rec.timestamp < cutoff) oldIndex = i;
    else if (rec.recommendation > max) max = rec.recommendation;
  }
  // Upstream overwrites the slot's value; here too, the entry itself (no object per reconcile).
  if (oldIndex >= 0) {
    const old = recs[oldIndex]!;
    old.recommendation = proposal;
    old.timestamp = now;
  } else recs.push({ recommendation: proposal, timestamp: now });
  return max;
}

export interface LimitResult {
  desired: number;
  /** ScalingLimited reason: DesiredWithinRange / TooFewReplicas / TooManyReplicas / ScaleUpLimit / ScaleDownLimit. */
  reason: string;
  message: string;
}

const MSG = {
  within: 'the desired count is within the acceptable range',
  tooFew: 'the desired replica count is less than the minimum replica count',
  tooMany: 'the desired replica count is more than the maximum replica count',
  upLimit: 'the desired replica count is increasing faster than the maximum scale rate',
  downLimit: 'the desired replica count is decreasing faster than the maximum scale rate',
};

/** Upstream `calculateScaleUpLimit`: int32(max(2 × current, 4)). */
export function calculateScaleUpLimit(currentReplicas: number): number {
  return Math.trunc(Math.max(2.0 * currentReplicas, 4.0));
}

/** Upstream `convertDesiredReplicasWithRules`: min/max clamp and the legacy doubling cap. */
export function convertDesiredReplicasWithRules(current: number, desired: number, minReplicas: number, maxReplicas: number): LimitResult {
  const scaleUpLimit = calculateScaleUpLimit(current);
  let maxAllowed: number;
  let reason: string;
  let message: string;
  if (maxReplicas > scaleUpLimit) {
    maxAllowed = scaleUpLimit;
    reason = 'ScaleUpLimit';
    message = MSG.upLimit;
  } else {
    maxAllowed = maxReplicas;
    reason = 'TooManyReplicas';
    message = MSG.tooMany;
  }
  if (desired < minReplicas) return { desired: minReplicas, reason: 'TooFewReplicas', message: MSG.tooFew };
  if (desired > maxAllowed) return { desired: maxAllowed, reason, message };
  return { desired, reason: 'DesiredWithinRange', message: MSG.within };
}

export interface NormalizeResult {
  desired: number;
  /** The stabilised recommendation before the rate/bounds limits. */
  stabilized: number;
  /** AbleToScale (ReadyForNewScale / ScaleUpStabilized / ScaleDownStabilized) and ScalingLimited. */
  conditions: HpaCondition[];
}

// The legacy path's conditions take a handful of values: each is built once and frozen, and so is
// each [AbleToScale, ScalingLimited] pair (setCondition copies what it stores). A reconcile keeps
// its normalisation's conditions about a minute (the controller's light-reconcile record), long
// enough to outlive a young-generation collection: fresh objects each time were old-space garbage.
const ABLE_STABILIZED: HpaCondition = Object.freeze({
  type: 'AbleToScale',
  status: 'True',
  reason: 'ScaleDownStabilized',
  message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
});
const ABLE_READY: HpaCondition = Object.freeze({ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' });
/** ScalingLimited by reason, [status False, status True] (the message follows the reason). */
const LIMITED = new Map<string, [HpaCondition, HpaCondition]>();
const PAIRS = new Map<HpaCondition, Map<HpaCondition, HpaCondition[]>>([
  [ABLE_STABILIZED, new Map()],
  [ABLE_READY, new Map()],
]);

function limitedCondition(limited: boolean, reason: string, message: string): HpaCondition {
  let byStatus = LIMITED.get(reason);
  if (byStatus === undefined || byStatus[0].message !== message) {
    const make = (status: 'True' | 'False'): HpaCondition => Object.freeze({ type: 'ScalingLimited', status, reason, message });
    byStatus = [make('False'), make('True')];
    // (Reasons come with one message each; a reason seen with another is not kept.)
    if (!LIMITED.has(reason)) LIMITED.set(reason, byStatus);
  }
  return byStatus[limited ? 1 : 0];
}

function conditionPair(able: HpaCondition, limited: HpaCondition): HpaCondition[] {
  const m = PAIRS.get(able)!;
  let pair = m.get(limited);
  if (pair === undefined) {
    pair = Object.freeze([able, limited]) as HpaCondition[];
    m.set(limited, pair);
  }
  return pair;
}

/** Upstream `normalizeDesiredReplicas` (behavior == nil). Mutates `h.recommendations`. */
export function normalizeDesiredReplicas(args: {
  history: HpaHistory;
  currentReplicas: number;
  desiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  now: number;
  downscaleStabilizationMs?: number;
}): NormalizeResult {
  const stabilized = stabilizeRecommendation(args.history, args.desiredReplicas, args.now, args.downscaleStabilizationMs);
  const able = stabilized !== args.desiredReplicas ? ABLE_STABILIZED : ABLE_READY;
  const lim = convertDesiredReplicasWithRules(args.currentReplicas, stabilized, args.minReplicas, args.maxReplicas);
  const limited = limitedCondition(lim.desired !== stabilized, lim.reason, lim.message);
  return { desired: lim.desired, stabilized, conditions: conditionPair(able, limited) };
}

// ---------------------------------------------------------------------------------------------
// Behavior path

/**
 * Upstream `stabilizeRecommendationWithBehaviors`: upper bound = min over the scale-up window,
 * lower bound = max over the scale-down window (both including the proposal); the result is the
 * current count brought inside [upRecommendation, downRecommendation]. A slot older than both
 * windows is recycled for (proposal, now). Mutates `h.recommendations`.
 */
export function stabilizeRecommendationWithBehaviors(args: {
  history: HpaHistory;
  currentReplicas: number;
  desiredReplicas: number;
  scaleUpWindowSeconds: number;
  scaleDownWindowSeconds: number;
  now: number;
}): { recommendation: number; reason: string; message: string } {
  const { history: h, now } = args;
  let up = args.desiredReplicas;
  let down = args.desiredReplicas;
  const upCutoff = now - args.scaleUpWindowSeconds * 1000;
  const downCutoff = now - args.scaleDownWindowSeconds * 1000;
  let oldIndex = -1;
  h.recommendations.forEach((rec, i) => {
    if (rec.timestamp > upCutoff) up = Math.min(rec.recommendation, up);
    if (rec.timestamp > downCutoff) down = Math.max(rec.recommendation, down);
    if (rec.timestamp < upCutoff && rec.timestamp < downCutoff) oldIndex = i;
  });
  let recommendation = args.currentReplicas;
  if (recommendation < up) recommendation = up;
  if (recommendation > down) recommendation = down;
  const entry = { recommendation: args.desiredReplicas, timestamp: now };
  if (oldIndex >= 0) h.recommendations[oldIndex] = entry;
  else h.recommendations.push(entry);
  return args.desiredReplicas >= args.currentReplicas
    ? {
        recommendation,
        reason: 'ScaleUpStabilized',
        message: 'recent recommendations were lower than current one, applying the lowest recent recommendation',
      }
    : {
        recommendation,
        reason: 'ScaleDownStabilized',
        message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
      };
}

/** Upstream `getReplicasChangePerPeriod`: sum of changes with timestamp > now − period. */
export function getReplicasChangePerPeriod(periodSeconds: number, events: readonly TimestampedScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds * 1000;
  let sum = 0;
  for (const e of events) if (e.timestamp > cutoff) sum += e.replicaChange;
  return sum;
}

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

/** Upstream `calculateScaleUpLimitWithScalingRules`. */
export function calculateScaleUpLimitWithScalingRules(
  currentReplicas: number,
  history: HpaHistory,
  rules: DefaultedRules,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return currentReplicas;
  const useMin = rules.selectPolicy === 'Min';
  let result = useMin ? INT32_MAX : INT32_MIN;
  for (const p of rules.policies) {
    const added = getReplicasChangePerPeriod(p.periodSeconds, history.scaleUpEvents, now);
    const deleted = getReplicasChangePerPeriod(p.periodSeconds, history.scaleDownEvents, now);
    const periodStart = currentReplicas - added + deleted;
    let proposed = 0;
    if (p.type === 'Pods') proposed = periodStart + p.value;
    else if (p.type === 'Percent') proposed = Math.trunc(Math.ceil(periodStart * (1 + p.value / 100)));
    result = useMin ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** Upstream `calculateScaleDownLimitWithBehaviors` (Percent truncates toward zero). */
export function calculateScaleDownLimitWithBehaviors(
  currentReplicas: number,
  history: HpaHistory,
  rules: DefaultedRules,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return currentReplicas;
  const useMin = rules.selectPolicy === 'Min'; // least change ⇒ the largest count
  let result = useMin ? INT32_MIN : INT32_MAX;
  for (const p of rules.policies) {
    const added = getReplicasChangePerPeriod(p.periodSeconds, history.scaleUpEvents, now);
    const deleted = getReplicasChangePerPeriod(p.periodSeconds, history.scaleDownEvents, now);
    const periodStart = currentReplicas - added + deleted;
    let proposed = 0;
    if (p.type === 'Pods') proposed = periodStart - p.value;
    else if (p.type === 'Percent') proposed = Math.trunc(periodStart * (1 - p.value / 100));
    result = useMin ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** Upstream `convertDesiredReplicasWithBehaviorRate`. Reads history, does not mutate it. */
export function convertDesiredReplicasWithBehaviorRate(args: {
  history: HpaHistory;
  behavior: DefaultedBehavior;
  currentReplicas: number;
  desiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  now: number;
}): LimitResult {
  const { currentReplicas: cur, desiredReplicas: desired } = args;
  if (desired > cur) {
    let limit = calculateScaleUpLimitWithScalingRules(cur, args.history, args.behavior.scaleUp, args.now);
    if (limit < cur) limit = cur;
    let maxAllowed = args.maxReplicas;
    let reason = 'TooManyReplicas';
    let message = MSG.tooMany;
    if (maxAllowed > limit) {
      maxAllowed = limit;
      reason = 'ScaleUpLimit';
      message = MSG.upLimit;
    }
    if (desired > maxAllowed) return { desired: maxAllowed, reason, message };
  } else if (desired < cur) {
    let limit = calculateScaleDownLimitWithBehaviors(cur, args.history, args.behavior.scaleDown, args.now);
    if (limit > cur) limit = cur;
    let minAllowed = args.minReplicas;
    let reason = 'TooFewReplicas';
    let message = MSG.tooFew;
    if (minAllowed < limit) {
      minAllowed = limit;
      reason = 'ScaleDownLimit';
      message = MSG.downLimit;
    }
    if (desired < minAllowed) return { desired: minAllowed, reason, message };
  }
  return { desired, reason: 'DesiredWithinRange', message: MSG.within };
}

/**
 * Upstream `normalizeDesiredReplicasWithBehaviors`. `behavior` must be API-defaulted
 * (`defaultBehavior`); an unset scale-down window is filled from `downscaleStabilizationMs`.
 * Mutates `h.recommendations`.
 */
export function normalizeDesiredReplicasWithBehaviors(args: {
  history: HpaHistory;
  behavior: DefaultedBehavior;
  currentReplicas: number;
  desiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  now: number;
  downscaleStabilizationMs?: number;
}): NormalizeResult {
  const behavior = withScaleDownWindow(args.behavior, args.downscaleStabilizationMs);
  const st = stabilizeRecommendationWithBehaviors({
    history: args.history,
    currentReplicas: args.currentReplicas,
    desiredReplicas: args.desiredReplicas,
    scaleUpWindowSeconds: behavior.scaleUp.stabilizationWindowSeconds ?? 0,
    scaleDownWindowSeconds: behavior.scaleDown.stabilizationWindowSeconds ?? 0,
    now: args.now,
  });
  const able: HpaCondition =
    st.recommendation !== args.desiredReplicas
      ? { type: 'AbleToScale', status: 'True', reason: st.reason, message: st.message }
      : { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' };
  const lim = convertDesiredReplicasWithBehaviorRate({
    history: args.history,
    behavior,
    currentReplicas: args.currentReplicas,
    desiredReplicas: st.recommendation,
    minReplicas: args.minReplicas,
    maxReplicas: args.maxReplicas,
    now: args.now,
  });
  const limited: HpaCondition = {
    type: 'ScalingLimited',
    status: lim.desired === st.recommendation ? 'False' : 'True',
    reason: lim.reason,
    message: lim.message,
  };
  return { desired: lim.desired, stabilized: st.recommendation, conditions: [able, limited] };
}

/** Longest policy period of a rule set (seconds). */
export function getLongestPolicyPeriod(rules: DefaultedRules): number {
  let longest = 0;
  for (const p of rules.policies) if (p.periodSeconds > longest) longest = p.periodSeconds;
  return longest;
}

function markOutdated(events: TimestampedScaleEvent[], longestPeriodSeconds: number, now: number): void {
  const cutoff = now - longestPeriodSeconds * 1000;
  for (const e of events) if (e.timestamp < cutoff) e.outdated = true;
}

/**
 * Upstream `storeScaleEvent`: after a rescale with behavior set, record the change, reusing the
 * (last) slot older than the direction's longest policy period. No-op when behavior is nil.
 * Mutates `h.scaleUpEvents` / `h.scaleDownEvents`.
 */
export function storeScaleEvent(
  h: HpaHistory,
  behavior: DefaultedBehavior | undefined,
  prevReplicas: number,
  newReplicas: number,
  now: number,
): void {
  if (behavior === undefined) return;
  const up = newReplicas > prevReplicas;
  const events = up ? h.scaleUpEvents : h.scaleDownEvents;
  markOutdated(events, getLongestPolicyPeriod(up ? behavior.scaleUp : behavior.scaleDown), now);
  let oldIndex = -1;
  events.forEach((e, i) => {
    if (e.outdated) oldIndex = i;
  });
  const entry: TimestampedScaleEvent = { replicaChange: up ? newReplicas - prevReplicas : prevReplicas - newReplicas, timestamp: now, outdated: false };
  if (oldIndex >= 0) events[oldIndex] = entry;
  else events.push(entry);
}
