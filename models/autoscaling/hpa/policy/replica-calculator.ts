// HorizontalPodAutoscaler replica calculation, as pure functions of plain values.
//
// Behaviour follows kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator.go and
// metrics/utilization.go (modern revision: unready/ignored pod split, restartable init containers
// counted in requests, missing pods on scale-down filled at max(100%, target), interval-form
// tolerance `1 - down <= ratio <= 1 + up`), and the computeStatusFor*/computeReplicasForMetrics
// parts of horizontal.go. Written from reading upstream, not copied.
//
// Units: every metric value and target is a plain number in one unit the caller picks per metric,
// the same for the value and its target. Upstream works in milli-units (Quantity.MilliValue()); the
// integer truncations below (utilisation percent, per-pod average) happen in whatever unit is
// passed, so pass milli-units to reproduce upstream to the last digit. For the CPU resource the
// simulator's millicores *are* milli-units. Times are virtual milliseconds.

import type { LabelSelector, Pod, PodPhase, PodResources, ResourceList } from '../../../api/types.js';
import { BoundedMemo } from '../../../api/policy/bounded-memo.js';

// ---------------------------------------------------------------------------------------------
// Inputs

/** One pod sample as metrics-server reports it (PodMetrics): value, timestamp and window. */
export interface PodMetric {
  /** Usage, in the metric's unit (CPU: millicores). */
  value: number;
  /** Virtual ms at which the sample was taken (end of its window). */
  timestamp: number;
  /** Length of the averaging window in ms (metrics-server: typically 15 000–60 000). */
  window: number;
}

/** Metrics keyed by pod name. A Map so iteration order is insertion order (deterministic). */
export type PodMetricsInfo = Map<string, PodMetric>;

/** The part of a pod the HPA looks at. Build it with `hpaPodFromPod` or by hand in tests. */
export interface HpaPod {
  name: string;
  phase: PodPhase;
  /** True when metadata.deletionTimestamp is set. */
  deleting?: boolean;
  /** status.startTime (virtual ms). */
  startTime?: number;
  /** The pod's Ready condition, if it has one. */
  ready?: { status: 'True' | 'False' | 'Unknown'; lastTransitionTime: number };
  /** Regular containers, then restartable (sidecar) init containers; requests as numbers. */
  containers: Array<{ name: string; requests: ResourceList }>;
}

/**
 * Adapter from the store's Pod plus its converted resources. `containers`: the list an earlier
 * view of the same pod object built (a pod's containers and requests never change: a new spec is
 * a new pod), so a view rebuilt for a status change does not rebuild it.
 */
export function hpaPodFromPod(pod: Pod, resources: PodResources, containers: HpaPod['containers'] = podContainers(pod, resources)): HpaPod {
  const readyCond = pod.status.conditions.find((c) => c.type === 'Ready');
  const out: HpaPod = { name: pod.metadata.name, phase: pod.status.phase, containers };
  if (pod.metadata.deletionTimestamp !== undefined) out.deleting = true;
  if (pod.status.startTime !== undefined) out.startTime = pod.status.startTime;
  if (readyCond !== undefined) out.ready = { status: readyCond.status, lastTransitionTime: readyCond.lastTransitionTime };
  return out;
}

/** Regular containers, then restartable (sidecar) init containers, with their requests. */
export function podContainers(pod: Pod, resources: PodResources): HpaPod['containers'] {
  const containers: HpaPod['containers'] = resources.containers.map((c) => ({ name: c.name, requests: c.requests }));
  const inits = pod.spec.initContainers ?? [];
  resources.initContainers.forEach((c, i) => {
    const spec = inits[i];
    if (spec !== undefined && spec.restartPolicy === 'Always') containers.push({ name: c.name, requests: c.requests });
  });
  return containers;
}

/** kube-controller-manager HPA settings that the calculation reads (defaults as upstream). */
export interface ReplicaCalcConfig {
  /** --horizontal-pod-autoscaler-cpu-initialization-period, default 5m. */
  cpuInitializationPeriodMs: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay, default 30s. */
  initialReadinessDelayMs: number;
}

export const DEFAULT_REPLICA_CALC_CONFIG: Readonly<ReplicaCalcConfig> = Object.freeze({
  cpuInitializationPeriodMs: 5 * 60_000,
  initialReadinessDelayMs: 30_000,
});

/** Scale-up / scale-down tolerance; both default to --horizontal-pod-autoscaler-tolerance 0.1. */
export interface Tolerances {
  scaleUp: number;
  scaleDown: number;
}

export const DEFAULT_TOLERANCE = 0.1;
export const DEFAULT_TOLERANCES: Readonly<Tolerances> = Object.freeze({ scaleUp: DEFAULT_TOLERANCE, scaleDown: DEFAULT_TOLERANCE });

/** Upstream `Tolerances.isWithin`: `(1 - down) <= ratio && ratio <= (1 + up)`. */
export function isWithinTolerance(t: Tolerances, usageRatio: number): boolean {
  return 1.0 - t.scaleDown <= usageRatio && usageRatio <= 1.0 + t.scaleUp;
}

/** A calculation error; `message` is upstream's error text. */
export class HpaError extends Error {
  override name = 'HpaError';
}

// Go helpers: int32(math.Ceil(x)); int64 division truncating toward zero.
const ceilInt = (x: number): number => Math.ceil(x);
const idiv = (a: number, b: number): number => Math.trunc(a / b);

// ---------------------------------------------------------------------------------------------
// Pod grouping and requests

export interface PodGroups {
  readyPodCount: number;
  /** Pending pods, and (CPU only) pods not yet ready / whose sample predates readiness. */
  unready: ReadonlySet<string>;
  /** Running pods with no metric sample. */
  missing: ReadonlySet<string>;
  /** Pods being deleted or Failed: dropped entirely. */
  ignored: ReadonlySet<string>;
}

/** The groups' empty set, shared: a group gets its own set at its first member (no Sets per call when all pods are ready). */
const NO_PODS: ReadonlySet<string> = new Set();
const added = (s: ReadonlySet<string>, name: string): ReadonlySet<string> => (s === NO_PODS ? new Set([name]) : (s as Set<string>).add(name));

/**
 * No pod can be inside groupPods' time-dependent CPU initialisation window (startTime +
 * cpuInitializationPeriod > now) now or later: CPU grouping then reads neither the clock nor the
 * samples' timestamps (what the calculation caches rely on).
 */
export function pastCpuInitialization(pods: readonly HpaPod[], now: number, config: ReplicaCalcConfig): boolean {
  const period = config.cpuInitializationPeriodMs;
  for (const p of pods) if (p.startTime !== undefined && !(p.startTime + period <= now)) return false;
  return true;
}

/** The same pod views, element by element (views are rebuilt when their pod changes, never edited). */
export function samePodViews(a: readonly HpaPod[], b: readonly HpaPod[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Upstream `groupPods`. `resource` is the resource name for Resource metrics, '' for Pods metrics;
 * the readiness rules apply only when it is 'cpu'. `now` is the virtual clock in ms.
 */
export function groupPods(
  pods: readonly HpaPod[],
  metrics: PodMetricsInfo,
  resource: string,
  now: number,
  config: ReplicaCalcConfig = DEFAULT_REPLICA_CALC_CONFIG,
): PodGroups {
  const g: PodGroups = { readyPodCount: 0, unready: NO_PODS, missing: NO_PODS, ignored: NO_PODS };
  for (const pod of pods) {
    if (pod.deleting === true || pod.phase === 'Failed') {
      g.ignored = added(g.ignored, pod.name);
      continue;
    }
    if (pod.phase === 'Pending') {
      g.unready = added(g.unready, pod.name);
      continue;
    }
    const metric = metrics.get(pod.name);
    if (metric === undefined) {
      g.missing = added(g.missing, pod.name);
      continue;
    }
    if (resource === 'cpu') {
      let unready: boolean;
      const cond = pod.ready;
      if (cond === undefined || pod.startTime === undefined) {
        unready = true;
      } else if (pod.startTime + config.cpuInitializationPeriodMs > now) {
        // Still initialising: ignore the sample if unready, or if a full metric window has not
        // elapsed since the last readiness transition.
        unready = cond.status === 'False' || metric.timestamp < cond.lastTransitionTime + metric.window;
      } else {
        // Past initialisation: ignore only if unready and it has never been ready.
        unready = cond.status === 'False' && pod.startTime + config.initialReadinessDelayMs > cond.lastTransitionTime;
      }
      if (unready) {
        g.unready = added(g.unready, pod.name);
        continue;
      }
    }
    g.readyPodCount++;
  }
  return g;
}

/**
 * Upstream `calculateRequests` (container-level path): per pod, the sum of the resource's request
 * over regular and restartable init containers, or only `container`'s when given. A container
 * without a request for the resource is an error (a request of 0 is accepted, as upstream).
 */
export function calculatePodRequests(pods: readonly HpaPod[], resource: string, container = ''): Map<string, number> {
  const out = new Map<string, number>();
  for (const pod of pods) {
    let sum = 0;
    let found = false;
    for (const c of pod.containers) {
      if (container === '' || container === c.name) {
        const r = c.requests[resource];
        if (r === undefined) throw new HpaError(`missing request for ${resource} in container ${c.name} of Pod ${pod.name}`);
        sum += r;
      }
      if (container === c.name) {
        found = true;
        break;
      }
    }
    if (container !== '' && !found) throw new HpaError(`container ${container} not found in Pod ${pod.name}`);
    out.set(pod.name, sum);
  }
  return out;
}

/** Upstream `GetResourceUtilizationRatio`: ratio of sums, utilisation truncated to an integer percent first. */
export function getResourceUtilizationRatio(
  metrics: ReadonlyMap<string, { value: number }>,
  requests: ReadonlyMap<string, number>,
  targetUtilization: number,
): { usageRatio: number; utilization: number; rawAverageValue: number } {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let n = 0;
  for (const [name, m] of metrics) {
    const req = requests.get(name);
    if (req === undefined) continue; // extraneous metric (pod not in the list)
    metricsTotal += m.value;
    requestsTotal += req;
    n++;
  }
  if (requestsTotal === 0) throw new HpaError('no metrics returned matched known pods');
  const utilization = idiv(metricsTotal * 100, requestsTotal);
  return { usageRatio: utilization / targetUtilization, utilization, rawAverageValue: idiv(metricsTotal, n) };
}

/** Upstream `GetMetricUsageRatio`: average per pod (integer division), over the target. */
export function getMetricUsageRatio(
  metrics: ReadonlyMap<string, { value: number }>,
  targetUsage: number,
): { usageRatio: number; usage: number } {
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const usage = idiv(total, metrics.size);
  return { usageRatio: usage / targetUsage, usage };
}

// ---------------------------------------------------------------------------------------------
// Per-metric calculations

export interface PodMetricInput {
  currentReplicas: number;
  /** Pods matching the target's selector. */
  pods: readonly HpaPod[];
  /** Samples by pod name. Not modified. */
  metrics: PodMetricsInfo;
  now: number;
  tolerances?: Tolerances;
  config?: ReplicaCalcConfig;
  /** calculatePodRequests through a cache kept while the pod views are the same (default: computed). */
  requests?: PodRequests;
  /** groupPods through a cache (default: computed; getResourceReplicas reads it). */
  groups?: PodGroupsOf;
}

/** Per-pod request sums as calculatePodRequests gives them (the map is shared: read only). */
export interface PodRequests {
  of(pods: readonly HpaPod[], resource: string, container: string): ReadonlyMap<string, number>;
}

/** Pod groups as groupPods gives them (the groups are shared: read only). */
export interface PodGroupsOf {
  of(pods: readonly HpaPod[], metrics: PodMetricsInfo, resource: string, now: number, config: ReplicaCalcConfig | undefined): PodGroups;
}

export interface ResourceUtilizationResult {
  replicas: number;
  /** status.currentMetrics[].resource.current.averageUtilization (integer percent). */
  utilization: number;
  /** status.currentMetrics[].resource.current.averageValue (same unit as the samples). */
  rawAverageValue: number;
}

/** Upstream `GetResourceReplicas` (target type Utilization). Throws HpaError. */
export function getResourceReplicas(
  input: PodMetricInput & { targetUtilization: number; resource: string; container?: string },
): ResourceUtilizationResult {
  const { currentReplicas, targetUtilization, resource, pods, now } = input;
  const tol = input.tolerances ?? DEFAULT_TOLERANCES;
  if (pods.length === 0) throw new HpaError('no pods returned by selector while calculating replica count');
  const g = input.groups !== undefined ? input.groups.of(pods, input.metrics, resource, now, input.config) : groupPods(pods, input.metrics, resource, now, input.config);
  // The samples are copied only when some are dropped or filled in below; with no pod ignored,
  // unready or missing, nothing writes to them (the common case: no copy per reconcile).
  const metrics = g.ignored.size === 0 && g.unready.size === 0 && g.missing.size === 0 ? input.metrics : new Map(input.metrics);
  for (const n of g.ignored) metrics.delete(n);
  for (const n of g.unready) metrics.delete(n);
  if (metrics.size === 0) throw new HpaError('did not receive metrics for targeted pods (pods might be unready)');
  const requests = input.requests !== undefined ? input.requests.of(pods, resource, input.container ?? '') : calculatePodRequests(pods, resource, input.container ?? '');

  const { usageRatio, utilization, rawAverageValue } = getResourceUtilizationRatio(metrics, requests, targetUtilization);

  const scaleUpWithUnready = g.unready.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && g.missing.size === 0) {
    if (isWithinTolerance(tol, usageRatio)) return { replicas: currentReplicas, utilization, rawAverageValue };
    return { replicas: ceilInt(usageRatio * g.readyPodCount), utilization, rawAverageValue };
  }

  if (g.missing.size > 0) {
    if (usageRatio < 1.0) {
      // Scale-down: missing pods count as using max(100%, target) of their request.
      const fallback = Math.max(100, targetUtilization);
      for (const n of g.missing) metrics.set(n, { value: idiv((requests.get(n) ?? 0) * fallback, 100), timestamp: now, window: 0 });
    } else if (usageRatio > 1.0) {
      for (const n of g.missing) metrics.set(n, { value: 0, timestamp: now, window: 0 });
    }
  }
  if (scaleUpWithUnready) {
    for (const n of g.unready) metrics.set(n, { value: 0, timestamp: now, window: 0 });
  }

  const newUsageRatio = getResourceUtilizationRatio(metrics, requests, targetUtilization).usageRatio;
  if (
    isWithinTolerance(tol, newUsageRatio) ||
    (usageRatio < 1.0 && newUsageRatio > 1.0) ||
    (usageRatio > 1.0 && newUsageRatio < 1.0)
  ) {
    return { replicas: currentReplicas, utilization, rawAverageValue };
  }
  const newReplicas = ceilInt(newUsageRatio * metrics.size);
  if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
    return { replicas: currentReplicas, utilization, rawAverageValue };
  }
  return { replicas: newReplicas, utilization, rawAverageValue };
}

export interface PlainMetricResult {
  replicas: number;
  /** Per-pod average (integer-truncated), for status averageValue. */
  usage: number;
}

/**
 * Upstream `calcPlainMetricReplicas`, shared by Resource averageValue (`resource` = its name) and
 * Pods metrics (`resource` = ''). Throws HpaError.
 */
export function calcPlainMetricReplicas(input: PodMetricInput & { targetUsage: number; resource: string }): PlainMetricResult {
  const { currentReplicas, targetUsage, resource, pods, now } = input;
  const tol = input.tolerances ?? DEFAULT_TOLERANCES;
  if (pods.length === 0) throw new HpaError('no pods returned by selector while calculating replica count');
  const g = groupPods(pods, input.metrics, resource, now, input.config);
  // The samples are copied only when some are dropped or filled in below; with no pod ignored,
  // unready or missing, nothing writes to them (the common case: no copy per reconcile).
  const metrics = g.ignored.size === 0 && g.unready.size === 0 && g.missing.size === 0 ? input.metrics : new Map(input.metrics);
  for (const n of g.ignored) metrics.delete(n);
  for (const n of g.unready) metrics.delete(n);
  if (metrics.size === 0) throw new HpaError('did not receive metrics for targeted pods (pods might be unready)');

  const { usageRatio, usage } = getMetricUsageRatio(metrics, targetUsage);
  const scaleUpWithUnready = g.unready.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && g.missing.size === 0) {
    if (isWithinTolerance(tol, usageRatio)) return { replicas: currentReplicas, usage };
    return { replicas: ceilInt(usageRatio * g.readyPodCount), usage };
  }
  if (g.missing.size > 0) {
    if (usageRatio < 1.0) {
      for (const n of g.missing) metrics.set(n, { value: targetUsage, timestamp: now, window: 0 });
    } else if (usageRatio > 1.0) {
      for (const n of g.missing) metrics.set(n, { value: 0, timestamp: now, window: 0 });
    }
  }
  if (scaleUpWithUnready) {
    for (const n of g.unready) metrics.set(n, { value: 0, timestamp: now, window: 0 });
  }
  const newUsageRatio = getMetricUsageRatio(metrics, targetUsage).usageRatio;
  if (
    isWithinTolerance(tol, newUsageRatio) ||
    (usageRatio < 1.0 && newUsageRatio > 1.0) ||
    (usageRatio > 1.0 && newUsageRatio < 1.0)
  ) {
    return { replicas: currentReplicas, usage };
  }
  const newReplicas = ceilInt(newUsageRatio * metrics.size);
  if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
    return { replicas: currentReplicas, usage };
  }
  return { replicas: newReplicas, usage };
}

/** Upstream `GetRawResourceReplicas` (Resource metric, target type AverageValue). */
export function getRawResourceReplicas(input: PodMetricInput & { targetAverageValue: number; resource: string }): PlainMetricResult {
  return calcPlainMetricReplicas({ ...input, targetUsage: input.targetAverageValue });
}

/** Upstream `GetMetricReplicas` (Pods metric, target type AverageValue; no readiness rules). */
export function getMetricReplicas(input: PodMetricInput & { targetAverageValue: number }): PlainMetricResult {
  return calcPlainMetricReplicas({ ...input, targetUsage: input.targetAverageValue, resource: '' });
}

/** Pods counted by Object/External `Value` targets: phase Running and Ready=True. */
export function countReadyPods(pods: readonly HpaPod[]): number {
  let n = 0;
  for (const p of pods) if (p.phase === 'Running' && p.ready?.status === 'True') n++;
  return n;
}

/** Upstream `getUsageRatioReplicaCount`: tolerance and ready pods when current != 0, else ceil(ratio). */
export function getUsageRatioReplicaCount(
  currentReplicas: number,
  usageRatio: number,
  pods: readonly HpaPod[],
  tolerances: Tolerances = DEFAULT_TOLERANCES,
): number {
  if (currentReplicas !== 0) {
    if (isWithinTolerance(tolerances, usageRatio)) return currentReplicas;
    if (pods.length === 0) {
      throw new HpaError('unable to calculate ready pods: no pods returned by selector while calculating replica count');
    }
    const f = usageRatio * countReadyPods(pods);
    return f > 2147483647 ? 2147483647 : ceilInt(f);
  }
  return ceilInt(usageRatio); // scale from zero
}

/** Upstream `GetObjectMetricReplicas` (Object metric, target type Value). */
export function getObjectMetricReplicas(input: {
  currentReplicas: number;
  targetValue: number;
  value: number;
  pods: readonly HpaPod[];
  tolerances?: Tolerances;
}): PlainMetricResult {
  const ratio = input.value / input.targetValue;
  return { replicas: getUsageRatioReplicaCount(input.currentReplicas, ratio, input.pods, input.tolerances), usage: input.value };
}

/** Upstream `GetObjectPerPodMetricReplicas` / `GetExternalPerPodMetricReplicas` core (AverageValue). */
export function getPerPodMetricReplicas(input: {
  statusReplicas: number;
  targetAverageValue: number;
  value: number;
  tolerances?: Tolerances;
}): PlainMetricResult {
  const { statusReplicas, targetAverageValue, value } = input;
  let replicas = statusReplicas;
  const ratio = value / (targetAverageValue * replicas);
  if (!isWithinTolerance(input.tolerances ?? DEFAULT_TOLERANCES, ratio)) {
    const r = Math.ceil(value / targetAverageValue);
    replicas = r > 2147483647 ? 2147483647 : r;
  }
  return { replicas, usage: Math.ceil(value / statusReplicas) };
}

/** Object metric, target type AverageValue. */
export function getObjectPerPodMetricReplicas(input: {
  statusReplicas: number;
  targetAverageValue: number;
  value: number;
  tolerances?: Tolerances;
}): PlainMetricResult {
  return getPerPodMetricReplicas(input);
}

/** Upstream `GetExternalMetricReplicas` (External, target Value): the series are summed. */
export function getExternalMetricReplicas(input: {
  currentReplicas: number;
  targetValue: number;
  values: readonly number[];
  pods: readonly HpaPod[];
  tolerances?: Tolerances;
}): PlainMetricResult {
  const usage = input.values.reduce((a, b) => a + b, 0);
  const ratio = usage / input.targetValue;
  return { replicas: getUsageRatioReplicaCount(input.currentReplicas, ratio, input.pods, input.tolerances), usage };
}

/** Upstream `GetExternalPerPodMetricReplicas` (External, target AverageValue). */
export function getExternalPerPodMetricReplicas(input: {
  statusReplicas: number;
  targetAverageValue: number;
  values: readonly number[];
  tolerances?: Tolerances;
}): PlainMetricResult {
  const value = input.values.reduce((a, b) => a + b, 0);
  const args: { statusReplicas: number; targetAverageValue: number; value: number; tolerances?: Tolerances } = {
    statusReplicas: input.statusReplicas,
    targetAverageValue: input.targetAverageValue,
    value,
  };
  if (input.tolerances !== undefined) args.tolerances = input.tolerances;
  return getPerPodMetricReplicas(args);
}

// ---------------------------------------------------------------------------------------------
// Metric specs (autoscaling/v2 shapes, numbers already converted) and computeReplicasForMetrics

export interface MetricTarget {
  type: 'Utilization' | 'Value' | 'AverageValue';
  averageUtilization?: number;
  averageValue?: number;
  value?: number;
}

export interface MetricIdentifier {
  name: string;
  selector?: LabelSelector;
}

export interface CrossVersionObjectReference {
  kind: string;
  name: string;
  apiVersion?: string;
}

export type MetricSpec =
  | { type: 'Resource'; resource: { name: string; target: MetricTarget } }
  | { type: 'ContainerResource'; containerResource: { name: string; container: string; target: MetricTarget } }
  | { type: 'Pods'; pods: { metric: MetricIdentifier; target: MetricTarget } }
  | { type: 'Object'; object: { describedObject: CrossVersionObjectReference; metric: MetricIdentifier; target: MetricTarget } }
  | { type: 'External'; external: { metric: MetricIdentifier; target: MetricTarget } };

export interface MetricValueStatus {
  value?: number;
  averageValue?: number;
  averageUtilization?: number;
}

/** status.currentMetrics[] entry (autoscaling/v2). An errored metric leaves `{ type: '' }` as upstream. */
export interface MetricStatus {
  type: MetricSpec['type'] | '';
  resource?: { name: string; current: MetricValueStatus };
  containerResource?: { name: string; container: string; current: MetricValueStatus };
  pods?: { metric: MetricIdentifier; current: MetricValueStatus };
  object?: { describedObject?: CrossVersionObjectReference; metric: MetricIdentifier; current: MetricValueStatus };
  external?: { metric: MetricIdentifier; current: MetricValueStatus };
}

export interface HpaCondition {
  type: 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime?: number;
}

export interface HpaEventRecord {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/**
 * Where metric samples come from (the simulator's metrics pipeline). Return `undefined` when the
 * API has nothing (upstream's fetch error); the calculation then fails for that metric only.
 */
export interface MetricsSource {
  /** Resource metrics API: per-pod samples of `resource` (summed over containers, or one container). */
  resource(resource: string, container?: string): PodMetricsInfo | undefined;
  /** Custom metrics API, per pod. */
  pods(metric: MetricIdentifier): PodMetricsInfo | undefined;
  /** Custom metrics API, one object. */
  object(describedObject: CrossVersionObjectReference, metric: MetricIdentifier): number | undefined;
  /** External metrics API: all matching series. */
  external(metric: MetricIdentifier): readonly number[] | undefined;
}

/** Go's `%+v` of a *metav1.LabelSelector (its generated String()); `nil` when unset. */
export function formatLabelSelector(sel: LabelSelector | undefined): string {
  if (sel === undefined) return 'nil';
  const keys = Object.keys(sel.matchLabels ?? {}).sort();
  const labels = keys.map((k) => `${k}: ${(sel.matchLabels ?? {})[k]},`).join('');
  const exprs = (sel.matchExpressions ?? [])
    .map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[${(e.values ?? []).join(' ')}],},`)
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

/** The metric description used in events and conditions ("<this> above target"). */
export function metricDescription(spec: MetricSpec): string {
  switch (spec.type) {
    case 'Resource':
      return spec.resource.target.averageValue !== undefined
        ? `${spec.resource.name} resource`
        : `${spec.resource.name} resource utilization (percentage of request)`;
    case 'ContainerResource':
      return spec.containerResource.target.averageValue !== undefined
        ? `${spec.containerResource.name} resource`
        : `${spec.containerResource.name} container resource utilization (percentage of request)`;
    case 'Pods':
      return `pods metric ${spec.pods.metric.name}`;
    case 'Object':
      // Upstream quirk: an Object AverageValue target is described as an external metric.
      return spec.object.target.type === 'AverageValue'
        ? `external metric ${spec.object.metric.name}(${formatLabelSelector(spec.object.metric.selector)})`
        : `${spec.object.describedObject.kind} metric ${spec.object.metric.name}`;
    case 'External':
      return `external metric ${spec.external.metric.name}(${formatLabelSelector(spec.external.metric.selector)})`;
  }
}

// A spec's description, worked out once per spec object (every reconcile of an HPA passes the
// same spec objects; a spec is never edited, a changed HPA brings new ones).
const descriptions = new WeakMap<MetricSpec, string>();
function describedMetric(spec: MetricSpec): string {
  let d = descriptions.get(spec);
  if (d === undefined) {
    d = metricDescription(spec);
    descriptions.set(spec, d);
  }
  return d;
}

export interface MetricProposal {
  replicas: number;
  /** metricDescription(spec). */
  metric: string;
  status: MetricStatus;
}

interface MetricFailure {
  error: string;
  condition: HpaCondition;
  event: HpaEventRecord;
}

export interface ComputeInput {
  /** scale.spec.replicas. */
  specReplicas: number;
  /** scale.status.replicas (used by AverageValue Object/External targets). */
  statusReplicas: number;
  metrics: readonly MetricSpec[];
  pods: readonly HpaPod[];
  source: MetricsSource;
  now: number;
  tolerances?: Tolerances;
  config?: ReplicaCalcConfig;
  /** See PodMetricInput.requests. */
  requests?: PodRequests;
  /** See PodMetricInput.groups. */
  groups?: PodGroupsOf;
}

export type ComputeResult =
  | {
      ok: true;
      replicas: number;
      /** Description of the metric that won the max (for "… above target"). */
      metric: string;
      statuses: MetricStatus[];
      /** Set when some (not all) metrics failed: upstream scales and still reports this error. */
      error?: string;
      condition: HpaCondition;
      /** Warning events emitted for failed metrics (FailedGetResourceMetric, …). */
      events: HpaEventRecord[];
    }
  | { ok: false; error: string; statuses: MetricStatus[]; condition: HpaCondition; events: HpaEventRecord[] };

function failure(reason: string, inner: string, wrapped: string): MetricFailure {
  return {
    error: wrapped,
    condition: {
      type: 'ScalingActive',
      status: 'False',
      reason,
      message: `the HPA was unable to compute the replica count: ${inner}`,
    },
    event: { type: 'Warning', reason, message: inner },
  };
}

const msg = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** One metric (upstream `computeReplicasForMetric` + `computeStatusFor*`). */
export function computeReplicasForMetric(spec: MetricSpec, input: ComputeInput): MetricProposal | MetricFailure {
  const tolerances = input.tolerances ?? DEFAULT_TOLERANCES;
  const config = input.config ?? DEFAULT_REPLICA_CALC_CONFIG;
  switch (spec.type) {
    case 'Resource':
    case 'ContainerResource': {
      const isContainer = spec.type === 'ContainerResource';
      const name = isContainer ? spec.containerResource.name : spec.resource.name;
      const target = isContainer ? spec.containerResource.target : spec.resource.target;
      const container = isContainer ? spec.containerResource.container : '';
      const reason = isContainer ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
      const outer = (inner: string): string =>
        isContainer ? `failed to get ${container} container metric value: ${inner}` : `failed to get ${name} resource metric value: ${inner}`;
      try {
        const samples = input.source.resource(name, container === '' ? undefined : container);
        if (target.averageValue !== undefined) {
          if (samples === undefined) throw new HpaError(`unable to get metrics for resource ${name}: no metrics returned from resource metrics API`);
          const r = getRawResourceReplicas({ pods: input.pods, now: input.now, currentReplicas: input.specReplicas, metrics: samples, targetAverageValue: target.averageValue, resource: name, tolerances, config });
          const current = { averageValue: r.usage };
          const status: MetricStatus = isContainer
            ? { type: spec.type, containerResource: { name, container, current } }
            : { type: spec.type, resource: { name, current } };
          return { replicas: r.replicas, metric: describedMetric(spec), status };
        }
        if (target.averageUtilization === undefined) {
          throw new HpaError('invalid resource metric source: neither an average utilization target nor an average value target was set');
        }
        if (samples === undefined) throw new HpaError(`unable to get metrics for resource ${name}: no metrics returned from resource metrics API`);
        const r = getResourceReplicas({
          pods: input.pods,
          now: input.now,
          currentReplicas: input.specReplicas,
          metrics: samples,
          targetUtilization: target.averageUtilization,
          resource: name,
          container,
          tolerances,
          config,
          requests: input.requests,
          groups: input.groups,
        });
        const current = { averageUtilization: r.utilization, averageValue: r.rawAverageValue };
        const status: MetricStatus = isContainer
          ? { type: spec.type, containerResource: { name, container, current } }
          : { type: spec.type, resource: { name, current } };
        return { replicas: r.replicas, metric: describedMetric(spec), status };
      } catch (e) {
        const inner = `failed to get ${name} utilization: ${msg(e)}`;
        return failure(reason, inner, outer(inner));
      }
    }
    case 'Pods': {
      try {
        const target = spec.pods.target.averageValue;
        if (target === undefined) throw new HpaError('invalid pods metric source: no average value target was set');
        const samples = input.source.pods(spec.pods.metric);
        if (samples === undefined) throw new HpaError(`unable to get metric ${spec.pods.metric.name}: no metrics returned from custom metrics API`);
        const r = getMetricReplicas({ pods: input.pods, now: input.now, currentReplicas: input.specReplicas, metrics: samples, targetAverageValue: target, tolerances, config });
        return {
          replicas: r.replicas,
          metric: describedMetric(spec),
          status: { type: 'Pods', pods: { metric: spec.pods.metric, current: { averageValue: r.usage } } },
        };
      } catch (e) {
        return failure('FailedGetPodsMetric', msg(e), `failed to get pods metric value: ${msg(e)}`);
      }
    }
    case 'Object': {
      const o = spec.object;
      try {
        const value = input.source.object(o.describedObject, o.metric);
        const fetchErr = (): HpaError =>
          new HpaError(`unable to get metric ${o.metric.name}: ${o.describedObject.kind} on ${o.describedObject.name} no metrics returned from custom metrics API`);
        if (o.target.type === 'Value' && o.target.value !== undefined) {
          if (value === undefined) throw fetchErr();
          const r = getObjectMetricReplicas({ currentReplicas: input.specReplicas, targetValue: o.target.value, value, pods: input.pods, tolerances });
          return {
            replicas: r.replicas,
            metric: describedMetric(spec),
            status: { type: 'Object', object: { describedObject: o.describedObject, metric: o.metric, current: { value: r.usage } } },
          };
        }
        if (o.target.type === 'AverageValue' && o.target.averageValue !== undefined) {
          if (value === undefined) throw fetchErr();
          const r = getObjectPerPodMetricReplicas({ statusReplicas: input.statusReplicas, targetAverageValue: o.target.averageValue, value, tolerances });
          return {
            replicas: r.replicas,
            metric: describedMetric(spec),
            status: { type: 'Object', object: { metric: o.metric, current: { averageValue: r.usage } } },
          };
        }
        throw new HpaError('invalid object metric source: neither a value target nor an average value target was set');
      } catch (e) {
        return failure('FailedGetObjectMetric', msg(e), `failed to get object metric value: ${msg(e)}`);
      }
    }
    case 'External': {
      const x = spec.external;
      try {
        const values = input.source.external(x.metric);
        const fetchErr = (): HpaError => new HpaError(`unable to get external metric ${x.metric.name}: no metrics returned from external metrics API`);
        if (x.target.averageValue !== undefined) {
          if (values === undefined) throw fetchErr();
          const r = getExternalPerPodMetricReplicas({ statusReplicas: input.statusReplicas, targetAverageValue: x.target.averageValue, values, tolerances });
          return {
            replicas: r.replicas,
            metric: describedMetric(spec),
            status: { type: 'External', external: { metric: x.metric, current: { averageValue: r.usage } } },
          };
        }
        if (x.target.value !== undefined) {
          if (values === undefined) throw fetchErr();
          const r = getExternalMetricReplicas({ currentReplicas: input.specReplicas, targetValue: x.target.value, values, pods: input.pods, tolerances });
          return {
            replicas: r.replicas,
            metric: describedMetric(spec),
            status: { type: 'External', external: { metric: x.metric, current: { value: r.usage } } },
          };
        }
        throw new HpaError('invalid external metric source: neither a value target nor an average value target was set');
      } catch (e) {
        return failure('FailedGetExternalMetric', msg(e), `failed to get ${x.metric.name} external metric value: ${msg(e)}`);
      }
    }
  }
}

// ValidMetricFound for a metric description, one frozen object per description (read only: the
// reconcile's setCondition copies what it stores).
const validMetricFound = new BoundedMemo<string, HpaCondition>(4096);
function validMetricCondition(metric: string): HpaCondition {
  return Object.freeze({
    type: 'ScalingActive',
    status: 'True',
    reason: 'ValidMetricFound',
    message: `the HPA was able to successfully calculate a replica count from ${metric}`,
  });
}

/**
 * Upstream `computeReplicasForMetrics`: the maximum proposal over all metrics. All invalid ⇒ error
 * with the first failure's condition. Some invalid and the maximum would scale down (below
 * specReplicas) ⇒ error too (no scale-down on partial data). Otherwise scale, reporting the error.
 */
export function computeReplicasForMetrics(input: ComputeInput): ComputeResult {
  const statuses: MetricStatus[] = [];
  const events: HpaEventRecord[] = [];
  let replicas = 0;
  let metric = '';
  let invalid = 0;
  let first: MetricFailure | undefined;
  for (const spec of input.metrics) {
    const r = computeReplicasForMetric(spec, input);
    if ('error' in r) {
      statuses.push({ type: '' });
      events.push(r.event);
      if (first === undefined) first = r;
      invalid++;
      continue;
    }
    statuses.push(r.status);
    if (replicas === 0 || r.replicas > replicas) {
      replicas = r.replicas;
      metric = r.metric;
    }
  }
  const error =
    first !== undefined ? `invalid metrics (${invalid} invalid out of ${input.metrics.length}), first error is: ${first.error}` : undefined;
  if (first !== undefined && (invalid >= input.metrics.length || replicas < input.specReplicas)) {
    return { ok: false, error: error as string, statuses, condition: first.condition, events };
  }
  const condition = validMetricFound.get(metric, validMetricCondition);
  const out: ComputeResult = { ok: true, replicas, metric, statuses, condition, events };
  if (error !== undefined) out.error = error;
  return out;
}
