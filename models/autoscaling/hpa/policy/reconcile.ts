// One HPA reconcile (upstream `reconcileAutoscaler`, horizontal.go), as a pure step over plain
// values. The caller (the HPA controller shell) reads /scale, the target's pods and the metrics
// pipeline, calls `reconcileStep`, then writes /scale, status and events from the result.
//
// State: `history` (recommendations + scale events) is mutated in place as documented in
// normalize.ts. Conditions are merged into `previousConditions` the way upstream's setCondition
// does (lastTransitionTime changes only when the status flips); the input array is not mutated.

import {
  computeReplicasForMetrics,
  DEFAULT_TOLERANCE,
  type ComputeInput,
  type ComputeResult,
  type HpaCondition,
  type HpaEventRecord,
  type HpaPod,
  type MetricSpec,
  type MetricStatus,
  type MetricsSource,
  type ReplicaCalcConfig,
  type Tolerances,
  DEFAULT_REPLICA_CALC_CONFIG,
} from './replica-calculator.js';
import {
  defaultBehavior,
  defaultMetrics,
  defaultMinReplicas,
  DEFAULT_DOWNSCALE_STABILIZATION_MS,
  normalizeDesiredReplicas,
  normalizeDesiredReplicasWithBehaviors,
  recordInitialRecommendation,
  storeScaleEvent,
  type HPABehavior,
  type HpaHistory,
  type NormalizeResult,
} from './normalize.js';

/** The HPA spec fields the step reads (autoscaling/v2, numbers already converted). */
export interface HpaSpecInput {
  minReplicas?: number;
  maxReplicas: number;
  metrics?: MetricSpec[];
  behavior?: HPABehavior;
}

/** kube-controller-manager flags relevant to one reconcile. */
export interface HpaControllerConfig extends ReplicaCalcConfig {
  /** --horizontal-pod-autoscaler-tolerance (default 0.1). */
  tolerance: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization (default 5m). */
  downscaleStabilizationMs: number;
}

export const DEFAULT_HPA_CONTROLLER_CONFIG: Readonly<HpaControllerConfig> = Object.freeze({
  ...DEFAULT_REPLICA_CALC_CONFIG,
  tolerance: DEFAULT_TOLERANCE,
  downscaleStabilizationMs: DEFAULT_DOWNSCALE_STABILIZATION_MS,
});

export interface ReconcileInput {
  spec: HpaSpecInput;
  /** scale.spec.replicas (currentReplicas). */
  specReplicas: number;
  /** scale.status.replicas. */
  statusReplicas: number;
  pods: readonly HpaPod[];
  source: MetricsSource;
  now: number;
  history: HpaHistory;
  previousConditions?: readonly HpaCondition[];
  config?: HpaControllerConfig;
  /**
   * The replica calculation to use (default computeReplicasForMetrics); the controller passes one
   * that reuses its last result while the inputs are unchanged (../replica-memo.ts).
   */
  compute?: (input: ComputeInput) => ComputeResult;
}

export interface ReconcileResult {
  /** status.desiredReplicas: the new size if rescaling, else the current count. */
  desiredReplicas: number;
  currentReplicas: number;
  /** True ⇒ write scale.spec.replicas = desiredReplicas and set status.lastScaleTime = now. */
  rescale: boolean;
  /** Rescale reason ("cpu resource utilization (percentage of request) above target", …). */
  reason: string;
  /** The metrics' raw proposal (max over metrics), before normalisation; undefined if not computed. */
  metricDesiredReplicas?: number;
  /** status.currentMetrics. */
  currentMetrics: MetricStatus[];
  conditions: HpaCondition[];
  /** Events to record: Warnings for failed metrics, FailedComputeMetricsReplicas, SuccessfulRescale. */
  events: HpaEventRecord[];
  /** "New size: %d; reason: %s" when rescaling. */
  eventMessage?: string;
  /** Error upstream would return from reconcile (partial metrics failure or all failed). */
  error?: string;
  /** normalizeStep's result, when the metrics' proposal was normalised (the in-range branch, metrics computed). */
  normalized?: NormalizeResult;
}

/** Upstream `setConditionInList`: replace by type (append if absent); transition time on flip. */
export function setCondition(list: HpaCondition[], c: HpaCondition, now: number): HpaCondition[] {
  let i = -1;
  for (let j = 0; j < list.length; j++) {
    if (list[j]!.type === c.type) {
      i = j;
      break;
    }
  }
  if (i < 0) {
    list.push({ ...c, lastTransitionTime: now });
    return list;
  }
  const old = list[i] as HpaCondition;
  // The same condition again: the entry stays as it is (entries are replaced, never edited, so
  // it may be shared with the status it came from).
  if (old.status === c.status && old.reason === c.reason && old.message === c.message) return list;
  const lastTransitionTime = old.status !== c.status ? now : old.lastTransitionTime;
  const next: HpaCondition = { type: c.type, status: c.status, reason: c.reason, message: c.message };
  if (lastTransitionTime !== undefined) next.lastTransitionTime = lastTransitionTime;
  list[i] = next;
  return list;
}

/**
 * The normalisation of one reconcile (upstream `normalizeDesiredReplicas` or, with a behavior,
 * `normalizeDesiredReplicasWithBehaviors`): stabilisation over `history` (mutated as there) and
 * the rate and bounds limits. reconcileStep calls it with the metrics' proposal; the controller
 * calls it alone when every other input of a reconcile is what it was (see controller.ts).
 */
export function normalizeStep(
  spec: HpaSpecInput,
  cfg: HpaControllerConfig,
  history: HpaHistory,
  currentReplicas: number,
  desiredReplicas: number,
  now: number,
): NormalizeResult {
  const minReplicas = defaultMinReplicas(spec.minReplicas);
  const maxReplicas = spec.maxReplicas;
  const behavior = defaultBehavior(spec.behavior);
  const args = { history, currentReplicas, desiredReplicas, minReplicas, maxReplicas, now, downscaleStabilizationMs: cfg.downscaleStabilizationMs };
  return behavior === undefined ? normalizeDesiredReplicas(args) : normalizeDesiredReplicasWithBehaviors({ ...args, behavior });
}

// The conditions every reconcile of a given kind sets, built once (setCondition copies what it stores).
const SUCCEEDED_GET_SCALE: HpaCondition = Object.freeze({
  type: 'AbleToScale',
  status: 'True',
  reason: 'SucceededGetScale',
  message: "the HPA controller was able to get the target's current scale",
});
const SCALING_DISABLED: HpaCondition = Object.freeze({
  type: 'ScalingActive',
  status: 'False',
  reason: 'ScalingDisabled',
  message: 'scaling is disabled since the replica count of the target is zero',
});

/** One reconcile of one HPA. */
export function reconcileStep(input: ReconcileInput): ReconcileResult {
  const cfg = input.config ?? DEFAULT_HPA_CONTROLLER_CONFIG;
  const { now, history } = input;
  // A shallow copy is enough: setCondition replaces an entry, never edits one, so the previous
  // status's condition objects are shared, not changed.
  const conditions: HpaCondition[] = input.previousConditions === undefined ? [] : input.previousConditions.slice();
  const events: HpaEventRecord[] = [];

  setCondition(conditions, SUCCEEDED_GET_SCALE, now);
  const currentReplicas = input.specReplicas;
  recordInitialRecommendation(history, currentReplicas, now);

  const minReplicas = defaultMinReplicas(input.spec.minReplicas);
  const maxReplicas = input.spec.maxReplicas;
  const behavior = defaultBehavior(input.spec.behavior);
  let desiredReplicas = 0;
  let reason = '';
  let rescale = true;
  let currentMetrics: MetricStatus[] = [];
  let metricDesiredReplicas: number | undefined;
  let error: string | undefined;
  let normalized: NormalizeResult | undefined;

  if (input.specReplicas === 0 && minReplicas !== 0) {
    desiredReplicas = 0;
    rescale = false;
    setCondition(conditions, SCALING_DISABLED, now);
  } else if (currentReplicas > maxReplicas) {
    reason = 'Current number of replicas above Spec.MaxReplicas';
    desiredReplicas = maxReplicas;
  } else if (currentReplicas < minReplicas) {
    reason = 'Current number of replicas below Spec.MinReplicas';
    desiredReplicas = minReplicas;
  } else {
    const tolerances: Tolerances = {
      scaleUp: behavior?.scaleUp.tolerance ?? cfg.tolerance,
      scaleDown: behavior?.scaleDown.tolerance ?? cfg.tolerance,
    };
    const computed = (input.compute ?? computeReplicasForMetrics)({
      specReplicas: input.specReplicas,
      statusReplicas: input.statusReplicas,
      metrics: defaultMetrics(input.spec.metrics),
      pods: input.pods,
      source: input.source,
      now,
      tolerances,
      config: cfg,
      // Present from the start (the controller's compute fills them in): one object shape.
      requests: undefined,
      groups: undefined,
    });
    events.push(...computed.events);
    currentMetrics = computed.statuses;
    setCondition(conditions, computed.condition, now);
    if (!computed.ok) {
      // Upstream: keep status.desiredReplicas as before; here report current, no rescale.
      events.push({ type: 'Warning', reason: 'FailedComputeMetricsReplicas', message: computed.error });
      return {
        desiredReplicas: currentReplicas,
        currentReplicas,
        rescale: false,
        reason: '',
        currentMetrics,
        conditions,
        events,
        error: computed.error,
      };
    }
    if (computed.error !== undefined) error = computed.error;
    metricDesiredReplicas = computed.replicas;
    let rescaleMetric = '';
    if (computed.replicas > desiredReplicas) {
      desiredReplicas = computed.replicas;
      rescaleMetric = computed.metric;
    }
    if (desiredReplicas > currentReplicas) reason = `${rescaleMetric} above target`;
    if (desiredReplicas < currentReplicas) reason = 'All metrics below target';
    const norm = normalizeStep(input.spec, cfg, history, currentReplicas, desiredReplicas, now);
    normalized = norm;
    for (const c of norm.conditions) setCondition(conditions, c, now);
    desiredReplicas = norm.desired;
    rescale = desiredReplicas !== currentReplicas;
  }

  const result: ReconcileResult = {
    desiredReplicas,
    currentReplicas,
    rescale,
    reason,
    currentMetrics,
    conditions,
    events,
  };
  if (metricDesiredReplicas !== undefined) result.metricDesiredReplicas = metricDesiredReplicas;
  if (error !== undefined) result.error = error;
  if (normalized !== undefined) result.normalized = normalized;
  if (rescale) {
    setCondition(conditions, {
      type: 'AbleToScale',
      status: 'True',
      reason: 'SucceededRescale',
      message: `the HPA controller was able to update the target scale to ${desiredReplicas}`,
    }, now);
    result.eventMessage = `New size: ${desiredReplicas}; reason: ${reason}`;
    events.push({ type: 'Normal', reason: 'SuccessfulRescale', message: result.eventMessage });
    storeScaleEvent(history, behavior, currentReplicas, desiredReplicas, now);
  } else {
    result.desiredReplicas = currentReplicas;
  }
  return result;
}
