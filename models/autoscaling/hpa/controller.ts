// The HorizontalPodAutoscaler controller: a thin shell around the pure ./policy/* functions.
// Every HPA reconciles every 15 s (--horizontal-pod-autoscaler-sync-period): read the target's
// /scale (spec.replicas, status.replicas), its pods, and the metrics pipeline; call reconcileStep;
// write spec.replicas, the HPA's status and the events it returns (SuccessfulRescale with
// upstream's "New size: N; reason: …" message).
//
// Units handed to the pure functions: CPU in millicores (upstream's milli-units), memory in bytes,
// custom metrics (Pods/Object/External) in milli-units (requests/s × 1000), as upstream's
// Quantity.MilliValue() would give them. Status values keep those units.
//
// Scale: per HPA, one sync timer and one scraper over its target's pods, found through owner
// references (Deployment → ReplicaSets → Pods), never by listing every pod.

import { SECOND, type Millis, type Simulation, type TimerHandle } from '../../../sim/index.js';
import type { ApiServer } from '../../api/apiserver.js';
import { labelSelectorMatches } from '../../api/policy/labels.js';
import type { MetricsRegistry, SeriesEmit } from '../../metrics.js';
import { parseQuantity } from '../../api/policy/quantity.js';
import { resourceValue } from '../../api/policy/pod-resources.js';
import { keyOf, objectKey, type WatchType } from '../../api/store.js';
import type { KObject, LabelSelector, Pod } from '../../api/types.js';
import type { TrafficModel } from '../../traffic/model.js';
import { ownedPods, podsOfDeployment } from '../../controllers/owned.js';
import type { ResourceUsageModel } from '../../kubelet/usage/contract.js';
import { DEFAULT_HPA_CONTROLLER_CONFIG, reconcileStep, type HpaControllerConfig, type HpaSpecInput } from './policy/reconcile.js';
import { DEFAULT_METRICS_PIPELINE, newPodSeries, pushReading, readingsPerWindow, type MetricsPipelineConfig, type PodSeries } from './metrics-pipeline.js';
import { defaultMetrics, newHpaHistory, type HPABehavior, type HpaHistory } from './policy/normalize.js';
import {
  hpaPodFromPod,
  type HpaPod,
  type CrossVersionObjectReference,
  type HpaCondition,
  type MetricIdentifier,
  type MetricSpec,
  type MetricStatus,
  type MetricsSource,
  type MetricTarget,
  type PodMetricsInfo,
} from './policy/replica-calculator.js';

export const HPA_SOURCE = 'horizontal-pod-autoscaler';
export const DEFAULT_HPA_SYNC_PERIOD: Millis = 15 * SECOND;

/** The HPA object as stored (autoscaling/v2 or v1); quantities as the user wrote them. */
export interface HorizontalPodAutoscaler extends KObject {
  kind: 'HorizontalPodAutoscaler';
  spec: {
    scaleTargetRef: CrossVersionObjectReference;
    minReplicas?: number;
    maxReplicas: number;
    metrics?: unknown[];
    behavior?: HPABehavior;
    targetCPUUtilizationPercentage?: number;
  };
  status?: {
    currentReplicas: number;
    desiredReplicas: number;
    currentMetrics: MetricStatus[];
    conditions: HpaCondition[];
    lastScaleTime?: number;
    observedGeneration?: number;
  };
}

/** The autoscaling/v2 object `kubectl autoscale <kind>/<name> --min --max --cpu-percent` creates. */
export function createHpaObject(o: {
  name?: string;
  namespace?: string;
  target: { kind: string; name: string; apiVersion?: string };
  min?: number;
  max: number;
  cpuPercent?: number;
}): HorizontalPodAutoscaler {
  const hpa: HorizontalPodAutoscaler = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: o.name ?? o.target.name, namespace: o.namespace ?? 'default' },
    spec: {
      scaleTargetRef: { apiVersion: o.target.apiVersion ?? defaultApiVersion(o.target.kind), kind: o.target.kind, name: o.target.name },
      maxReplicas: o.max,
    },
  };
  if (o.min !== undefined) hpa.spec.minReplicas = o.min;
  // kubectl leaves metrics empty without --cpu-percent (the API then defaults to 80% CPU).
  if (o.cpuPercent !== undefined && o.cpuPercent >= 0) {
    hpa.spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: o.cpuPercent } } }];
  }
  return hpa;
}

function defaultApiVersion(kind: string): string {
  return kind === 'Deployment' || kind === 'ReplicaSet' || kind === 'StatefulSet' ? 'apps/v1' : 'v1';
}

type Rec = Record<string, unknown>;

/** A metric target's quantities as numbers in the unit the calculation uses for that metric. */
function convertTarget(t: Rec, unit: (q: string | number) => number): MetricTarget {
  const out: MetricTarget = { type: t.type as MetricTarget['type'] };
  if (t.averageUtilization !== undefined) out.averageUtilization = Number(t.averageUtilization);
  if (t.averageValue !== undefined) out.averageValue = unit(t.averageValue as string);
  if (t.value !== undefined) out.value = unit(t.value as string);
  return out;
}

const milli = (q: string | number): number => parseQuantity(q).toMilli();

/** HPA spec (v2 or v1) → the pure step's input, numbers converted. */
export function hpaSpecInput(hpa: HorizontalPodAutoscaler): HpaSpecInput {
  const s = hpa.spec;
  const out: HpaSpecInput = { maxReplicas: s.maxReplicas };
  if (s.minReplicas !== undefined) out.minReplicas = s.minReplicas;
  if (s.behavior !== undefined) out.behavior = s.behavior;
  if (hpa.apiVersion === 'autoscaling/v1') {
    if (s.targetCPUUtilizationPercentage !== undefined) {
      out.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: s.targetCPUUtilizationPercentage } } }];
    }
    return out;
  }
  if (!s.metrics) return out;
  out.metrics = (s.metrics as Rec[]).map((m): MetricSpec => {
    switch (m.type) {
      case 'Resource': {
        const r = m.resource as Rec;
        const name = String(r.name);
        return { type: 'Resource', resource: { name, target: convertTarget(r.target as Rec, (q) => resourceValue(name, q)) } };
      }
      case 'ContainerResource': {
        const r = m.containerResource as Rec;
        const name = String(r.name);
        return { type: 'ContainerResource', containerResource: { name, container: String(r.container), target: convertTarget(r.target as Rec, (q) => resourceValue(name, q)) } };
      }
      case 'Pods': {
        const p = m.pods as Rec;
        return { type: 'Pods', pods: { metric: p.metric as MetricIdentifier, target: convertTarget(p.target as Rec, milli) } };
      }
      case 'Object': {
        const o = m.object as Rec;
        return {
          type: 'Object',
          object: { describedObject: o.describedObject as CrossVersionObjectReference, metric: o.metric as MetricIdentifier, target: convertTarget(o.target as Rec, milli) },
        };
      }
      default: {
        const e = m.external as Rec;
        return { type: 'External', external: { metric: e.metric as MetricIdentifier, target: convertTarget(e.target as Rec, milli) } };
      }
    }
  });
  return out;
}

interface HpaState {
  hpa: HorizontalPodAutoscaler;
  key: string;
  generation: number;
  history: HpaHistory;
  spec: HpaSpecInput;
  sync: TimerHandle;
  scrape: TimerHandle;
  series: Map<string, PodSeries>;
}

/**
 * JSON.stringify(a) === JSON.stringify(b) without building the two strings (it was the costliest
 * line of a reconcile in the traffic bench): absent and undefined members are the same, non-finite
 * numbers are null, arrays compare in order. Key order is ignored (upstream's Semantic.DeepEqual
 * ignores it too; the statuses compared here are built with one key order anyway).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return !Number.isFinite(a) && !Number.isFinite(b);
  if (typeof a === 'number' && !Number.isFinite(a)) return b === null;
  if (typeof b === 'number' && !Number.isFinite(b)) return a === null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const x = a[i] === undefined ? null : a[i];
      const y = b[i] === undefined ? null : b[i];
      if (!sameJson(x, y)) return false;
    }
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let na = 0;
  for (const k in ao) {
    if (ao[k] === undefined) continue;
    na++;
    if (!sameJson(ao[k], bo[k])) return false;
  }
  let nb = 0;
  for (const k in bo) if (bo[k] !== undefined) nb++;
  return na === nb;
}

const onSync = (a: { c: HpaController; s: HpaState }) => a.c.reconcile(a.s);
const onScrape = (a: { c: HpaController; s: HpaState }) => a.c.scrape(a.s);

export interface HpaControllerOptions {
  syncPeriod?: Millis;
  metrics?: Partial<MetricsPipelineConfig>;
  config?: Partial<HpaControllerConfig>;
}

interface ScaleTarget extends KObject {
  spec: { replicas?: number; selector?: LabelSelector };
  status?: { replicas?: number };
}

/** Service-level traffic figures an Object/External metric may name (values per second or seconds). */
const SERVICE_METRICS: Record<string, (t: NonNullable<ReturnType<TrafficModel['get']>>) => number> = {
  requests_per_second: (t) => t.offered,
  offered_rps: (t) => t.offered,
  served_rps: (t) => t.served,
  errors_rps: (t) => t.errors,
  latency_p50_s: (t) => t.p50,
  latency_p95_s: (t) => t.p95,
  latency_p99_s: (t) => t.p99,
};

export class HpaController {
  private readonly states = new Map<string, HpaState>();
  private readonly podViews = new WeakMap<Pod, { rv: number | undefined; view: HpaPod }>();
  private readonly syncPeriod: Millis;
  private readonly pipeline: MetricsPipelineConfig;
  private readonly keep: number;
  private readonly config: HpaControllerConfig;
  /** Reconciles done (a cost figure for benches). */
  reconciles = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly api: ApiServer,
    private readonly usage: ResourceUsageModel,
    private readonly traffic: TrafficModel | undefined,
    opts: HpaControllerOptions = {},
  ) {
    this.syncPeriod = opts.syncPeriod ?? DEFAULT_HPA_SYNC_PERIOD;
    this.pipeline = { ...DEFAULT_METRICS_PIPELINE, ...(opts.metrics ?? {}) };
    this.keep = readingsPerWindow(this.pipeline);
    this.config = { ...DEFAULT_HPA_CONTROLLER_CONFIG, ...(opts.config ?? {}) };
    api.store.watch<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', (t, h) => this.onHpa(t, h));
  }

  get(namespace: string, name: string): HorizontalPodAutoscaler | undefined {
    return this.states.get(objectKey(namespace, name))?.hpa;
  }

  private onHpa(type: WatchType, hpa: HorizontalPodAutoscaler): void {
    const key = keyOf(hpa);
    const old = this.states.get(key);
    if (type === 'DELETED') {
      if (old && old.hpa === hpa) {
        this.sim.cancel(old.sync);
        this.sim.cancel(old.scrape);
        this.states.delete(key);
      }
      return;
    }
    if (old && old.hpa === hpa) {
      // Our own status writes come back as MODIFIED; only a spec change matters.
      if ((hpa.metadata.generation ?? 0) === old.generation) return;
      old.generation = hpa.metadata.generation ?? 0;
      old.spec = hpaSpecInput(hpa);
      return;
    }
    if (old) {
      this.sim.cancel(old.sync);
      this.sim.cancel(old.scrape);
    }
    const st: HpaState = {
      hpa,
      key,
      generation: hpa.metadata.generation ?? 0,
      history: newHpaHistory(),
      spec: hpaSpecInput(hpa),
      sync: undefined as unknown as TimerHandle,
      scrape: undefined as unknown as TimerHandle,
      series: new Map(),
    };
    // metrics-server's first scrape lands one resolution after the pods exist; the HPA is queued
    // at once on creation and then every sync period.
    st.scrape = this.sim.every(this.pipeline.resolution, onScrape, { c: this, s: st }, { start: this.sim.now + this.pipeline.resolution });
    st.sync = this.sim.every(this.syncPeriod, onSync, { c: this, s: st }, { start: this.sim.now });
    this.states.set(key, st);
  }

  private target(st: HpaState): ScaleTarget | undefined {
    const ref = st.hpa.spec.scaleTargetRef;
    return this.api.store.get<ScaleTarget>(ref.kind, st.hpa.metadata.namespace, ref.name);
  }

  /** The target's pods: through controller references for workloads, else by selector in the namespace. */
  private podsOf(target: ScaleTarget): Pod[] {
    const store = this.api.store;
    const out: Pod[] = [];
    const uid = target.metadata.uid;
    if (!uid) return out;
    if (target.kind === 'Deployment') return podsOfDeployment(store, uid);
    if (target.kind === 'ReplicaSet' || target.kind === 'StatefulSet') return ownedPods(store, uid);
    const sel = target.spec.selector;
    if (!sel) return out;
    for (const p of store.listInNamespace<Pod>('Pod', target.metadata.namespace ?? 'default')) {
      if (labelSelectorMatches(sel, p.metadata.labels ?? {})) out.push(p);
    }
    return out;
  }

  /** @internal one metrics-server scrape of this HPA's target pods. */
  scrape(st: HpaState): void {
    const target = this.target(st);
    if (!target) return;
    const now = this.sim.now;
    let live = 0;
    for (const pod of this.podsOf(target)) {
      // The kubelet reports running containers only.
      if (pod.status.phase !== 'Running') continue;
      const name = pod.metadata.name;
      let s = st.series.get(name);
      if (!s) st.series.set(name, (s = newPodSeries()));
      if (s.timestamp !== now) live++; // (two pods of one name: counted once, as the Set did)
      const u = this.usage.usage(pod);
      pushReading(s, this.keep, u.cpuMilli, u.memoryBytes, this.traffic ? this.traffic.podServedRate(pod) : 0, now);
    }
    // Series of pods not seen in this scrape (every reading above stamped `now`) are dropped.
    if (live !== st.series.size) for (const [name, s] of st.series) if (s.timestamp !== now) st.series.delete(name);
  }

  private source(st: HpaState): MetricsSource {
    const window = this.pipeline.window;
    const build = (pick: (s: PodSeries) => number): PodMetricsInfo | undefined => {
      if (st.series.size === 0) return undefined;
      const m: PodMetricsInfo = new Map();
      for (const [name, s] of st.series) m.set(name, { value: Math.trunc(pick(s)), timestamp: s.timestamp, window });
      return m;
    };
    const ns = st.hpa.metadata.namespace ?? 'default';
    const traffic = this.traffic;
    const serviceMetric = (svcNs: string, svc: string, metric: string): number | undefined => {
      const t = traffic?.get(svcNs, svc);
      const f = SERVICE_METRICS[metric];
      if (!t || !f) return undefined;
      const v = f(t);
      return Number.isFinite(v) ? Math.round(v * 1000) : 0;
    };
    return {
      resource: (resource) => {
        if (resource === 'cpu') return build((s) => s.cpuAvg);
        if (resource === 'memory') return build((s) => s.memoryAvg);
        return undefined;
      },
      pods: (metric) => {
        if (!/(^|_)(requests|rps)/.test(metric.name)) return undefined;
        return build((s) => s.rpsAvg * 1000);
      },
      object: (obj, metric) => (obj.kind === 'Service' ? serviceMetric(ns, obj.name, metric.name) : undefined),
      external: (metric) => {
        const labels = metric.selector?.matchLabels ?? {};
        const svc = labels.service;
        if (svc === undefined) return undefined;
        const v = serviceMetric(labels.namespace ?? ns, svc, metric.name);
        return v === undefined ? undefined : [v];
      },
    };
  }

  /**
   * The HPA's view of a pod, rebuilt only when the pod's resourceVersion moved (every store write
   * bumps it), as an informer cache would hand it out: 1,000 HPAs × 20 pods every 15 s otherwise
   * allocate a fresh copy of each pod's containers and requests per reconcile.
   */
  private hpaPod(p: Pod): HpaPod {
    const rv = p.metadata.resourceVersion;
    const hit = this.podViews.get(p);
    if (hit && rv !== undefined && hit.rv === rv) return hit.view;
    const view = hpaPodFromPod(p, this.api.resourcesOf(p));
    this.podViews.set(p, { rv, view });
    return view;
  }

  /** @internal one reconcile (upstream reconcileAutoscaler). */
  reconcile(st: HpaState): void {
    this.reconciles++;
    const hpa = st.hpa;
    const target = this.target(st);
    const now = this.sim.now;
    if (!target) {
      this.api.events.warning(hpa, 'FailedGetScale', `${hpa.spec.scaleTargetRef.kind.toLowerCase()}s "${hpa.spec.scaleTargetRef.name}" not found`, HPA_SOURCE);
      return;
    }
    const pods = this.podsOf(target);
    const hpaPods = pods.map((p) => this.hpaPod(p));
    const specReplicas = target.spec.replicas ?? 1;
    const r = reconcileStep({
      spec: st.spec,
      specReplicas,
      statusReplicas: target.status?.replicas ?? 0,
      pods: hpaPods,
      source: this.source(st),
      now,
      history: st.history,
      previousConditions: hpa.status?.conditions ?? [],
      config: this.config,
    });
    for (const e of r.events) {
      if (e.type === 'Normal') this.api.events.normal(hpa, e.reason, e.message, HPA_SOURCE);
      else this.api.events.warning(hpa, e.reason, e.message, HPA_SOURCE);
    }
    if (r.rescale) {
      this.api.scale(target, r.desiredReplicas);
    }
    const status: NonNullable<HorizontalPodAutoscaler['status']> = {
      currentReplicas: r.currentReplicas,
      desiredReplicas: r.desiredReplicas,
      currentMetrics: r.currentMetrics,
      conditions: r.conditions,
      observedGeneration: hpa.metadata.generation ?? 0,
    };
    const last = r.rescale ? now : hpa.status?.lastScaleTime;
    if (last !== undefined) status.lastScaleTime = last;
    // updateStatusIfNeeded: write only when the status changed (Semantic.DeepEqual upstream).
    if (hpa.status !== undefined && sameJson(hpa.status, status)) return;
    hpa.status = status;
    this.api.updateStatus(hpa);
  }

  // ---- reports -------------------------------------------------------------------------------

  /** timeseries.csv rows, scope `hpa`. */
  sample(_now: number, emit: SeriesEmit): void {
    for (const st of this.states.values()) {
      const name = st.key;
      const put = (metric: string, value: number | undefined) => {
        if (value !== undefined && Number.isFinite(value)) emit(name, metric, value);
      };
      const target = this.target(st);
      put('current_replicas', target?.spec.replicas ?? st.hpa.status?.currentReplicas ?? 0);
      put('desired_replicas', st.hpa.status?.desiredReplicas ?? 0);
      const specs = defaultMetrics(st.spec.metrics);
      const statuses = st.hpa.status?.currentMetrics ?? [];
      specs.forEach((m, i) => {
        const cur = statuses[i];
        if (m.type === 'Resource' || m.type === 'ContainerResource') {
          const r = m.type === 'Resource' ? m.resource : m.containerResource;
          const c = m.type === 'Resource' ? cur?.resource?.current : cur?.containerResource?.current;
          if (r.target.averageUtilization !== undefined) {
            put(`${r.name}_utilization_pct`, c?.averageUtilization);
            put(`${r.name}_target_pct`, r.target.averageUtilization);
          } else {
            const unit = r.name === 'cpu' ? '_m' : r.name === 'memory' ? '_bytes' : '';
            put(`${r.name}_average${unit}`, c?.averageValue);
            put(`${r.name}_target_average${unit}`, r.target.averageValue);
          }
        } else if (m.type === 'Pods') {
          const v = cur?.pods?.current.averageValue;
          put(`${m.pods.metric.name}_per_pod`, v === undefined ? undefined : v / 1000);
          put(`${m.pods.metric.name}_target_per_pod`, (m.pods.target.averageValue ?? 0) / 1000);
        } else {
          const spec = m.type === 'Object' ? m.object : m.external;
          const c = m.type === 'Object' ? cur?.object?.current : cur?.external?.current;
          const v = c?.value ?? c?.averageValue;
          put(`${spec.metric.name}_value`, v === undefined ? undefined : v / 1000);
          put(`${spec.metric.name}_target`, ((spec.target.value ?? spec.target.averageValue) ?? 0) / 1000);
        }
      });
    }
  }

  register(metrics: MetricsRegistry): void {
    metrics.addSeries('hpa', { sample: (now, emit) => this.sample(now, emit) });
  }
}
