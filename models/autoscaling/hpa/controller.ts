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
// Scale: per HPA, a reconcile every sync period and a metrics scrape every resolution, over its
// target's pods only. The pod list (Deployment → ReplicaSets → Pods through controller references)
// is kept per HPA and rebuilt only when the store reports a change of who owns what (a pod or
// ReplicaSet created, deleted or re-owned; synchronous observers, so the list is always the one a
// direct read of the store would give, in the same order); each pod's HPA view is rebuilt only when
// the pod changed, reusing its containers and requests; the scrape publishes each pod's samples in
// the maps the reconcile reads, without copies. A scrape does not re-read a pod whose usage stamp
// (ResourceUsageModel.usageStamp) and served rate are those of its last reading, when a window
// holds one reading: the published values stay, only their timestamps move. A reconcile reuses
// the HPA's last replica calculation while none of its inputs changed (./replica-memo.ts; the
// scrape bumps the memo's sample version when a published value moves); normalisation,
// stabilisation, conditions, events and the status write still run every time.
//
// Work only for what changed: the usage model and traffic report which pods' readings moved
// (onUsageStamp, onServedChange), pod writes are observed, so a scrape of an HPA none of whose
// inputs moved walks no pod, and a reconcile whose inputs are those of the last one runs only
// the time-dependent normalisation (see scrape() and lightReconcile()). metrics-server's ticks
// are k × resolution for every pod; an HPA created between ticks is primed with the last tick's
// readings (prime()). With no behavior, a normalisation-only reconcile known to repeat its last
// result (./policy/deferred-normalize.ts) computes nothing: its history update is replayed before
// the history is next read. A walk reads listed pods through slots kept with the list (series,
// usage record, served-rate entry: no lookups per pod); request sums are kept while the pod views
// are the same (./policy/pod-requests-cache.ts), and the pod groups while the views and the set of
// sampled pods are (./policy/pod-groups-cache.ts).
//
// Timers: upstream's controller is one work queue resynced every period. Here each HPA's scrape and
// reconcile start as their own periodic kernel timer (so the first of each lands where it always
// did), and timers of the same period that fire back to back at the same instant (nothing else
// dispatched between them) are merged into one timer running their work in the same order: the
// merged event sits where the first one did, so every HPA still reconciles at the same virtual
// instant and in the same order relative to every other event. This holds because a scrape or a
// reconcile schedules nothing exactly one period ahead (their writes reach watchers after the
// store's watch latency; when that latency equals a period, timers are never merged).

import { SECOND, type Millis, type Simulation, type TimerHandle } from '../../../sim/index.js';
import type { ApiServer } from '../../api/apiserver.js';
import { labelSelectorMatches } from '../../api/policy/labels.js';
import type { MetricsRegistry, SeriesEmit } from '../../metrics.js';
import { parseQuantity } from '../../api/policy/quantity.js';
import { resourceValue } from '../../api/policy/pod-resources.js';
import { controllerRef, keyOf, objectKey, type WatchType } from '../../api/store.js';
import type { KObject, LabelSelector, OwnerReference, Pod, ReplicaSet } from '../../api/types.js';
import type { TrafficModel } from '../../traffic/model.js';
import { controlledBy, ownedPods } from '../../controllers/owned.js';
import type { PodUsage, ResourceUsageModel, UsageHandle } from '../../kubelet/usage/contract.js';
import { legacyStableUntil, replayLegacyStabilization } from './policy/deferred-normalize.js';
import { DEFAULT_HPA_CONTROLLER_CONFIG, normalizeStep, reconcileStep, type HpaControllerConfig, type HpaSpecInput } from './policy/reconcile.js';
import { ReplicaMemo } from './replica-memo.js';
import { PodRequestsCache } from './policy/pod-requests-cache.js';
import { PodGroupsCache } from './policy/pod-groups-cache.js';
import { DEFAULT_METRICS_PIPELINE, newPodSeries, pushReading, readingsPerWindow, repeatReading, type MetricsPipelineConfig, type PodSeries } from './metrics-pipeline.js';
import { defaultMetrics, newHpaHistory, recordInitialRecommendation, type HPABehavior, type HpaHistory } from './policy/normalize.js';
import {
  hpaPodFromPod,
  podContainers,
  type HpaPod,
  type ComputeInput,
  type ComputeResult,
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
  sync: Action;
  scrape: Action;
  series: Map<string, PodSeries>;
  /** The published samples by pod name, in `series` order (the same inserts and deletes). */
  cpu: PodMetricsInfo;
  memory: PodMetricsInfo;
  rps: PodMetricsInfo;
  /** The metrics pipeline as this HPA's reconcile reads it (built once). */
  source: MetricsSource;
  /** The target's pods as last listed, undefined until listed or after an ownership change. */
  pods: TargetPods | undefined;
  /** The scale target found last (see target()). */
  target: ScaleTarget | undefined;
  /**
   * `target` is known to be what the HPA's scaleTargetRef names: set when target() checked it,
   * cleared when `target` changes or a write of the HPA rewrites its scaleTargetRef (onHpaWrite).
   * Then target() reads neither the HPA nor the target object (a scrape or reconcile that finds
   * nothing to do touches no more than its state).
   */
  targetChecked: boolean;
  /** The scaleTargetRef `target` was checked against: the object, and its kind and name then. */
  checkedRef: CrossVersionObjectReference | undefined;
  checkedKind: string;
  checkedName: string;
  /**
   * Store writes of the HPA object or of its target object, counted as they happen (synchronous
   * observers): a reconcile's inputs from either (the target's replicas, the HPA's status) are those
   * of the last one while the count is that of the last one.
   */
  writes: number;
  /** The last replica calculation, reused while its inputs hold (`samples` bumped by scrape). */
  memo: ReplicaMemo;
  /** The calculation's per-pod request sums, kept while the pod views are the same (see compute). */
  requests: PodRequestsCache;
  /** groupPods kept while the pod views and the set of sampled pods hold (`sampled` bumped by walk). */
  groups: PodGroupsCache;
  /** reconcileStep's calculation through `memo`, keyed by the current spec (built once). */
  compute: (input: ComputeInput) => ComputeResult;
  /**
   * Something a scrape reads may have changed since the last walk over the pods: the pod list, a
   * listed pod (any write), a pod's usage stamp or served rate (the models' hooks). See scrape().
   */
  scrapeDirty: boolean;
  /** The last walk read a pod whose usage stamp was NaN (memory slope): every scrape walks. */
  volatile: boolean;
  /** When the last scrape ran (walked or not), and when every series' timestamps were last set to it. */
  scrapedAt: number;
  stampedAt: number;
  /** Bumped when the list is rebuilt or a listed pod is written (the pods' HPA views may change). */
  podsVersion: number;
  /** The last reconcile, when a later one with the same inputs may run its normalisation alone. */
  light: LightKept | undefined;
  /** The object `light` is when set (one per HPA, rewritten by each full reconcile that keeps one). */
  lightRecord: LightKept | undefined;
  /**
   * Times of light reconciles deferred (legacy normalisation of `light.proposal`, see
   * ./policy/deferred-normalize.ts) whose history updates are not applied yet (replayDeferred).
   */
  deferred: number[];
  /** The proposal and current replicas those deferred normalisations were of. */
  deferredProposal: number;
  deferredReplicas: number;
}

/**
 * What the last full reconcile read and gave, kept when it wrote nothing but (perhaps) its status,
 * emitted no event, normalised a proposal the memo kept (see reconcile()).
 */
interface LightKept {
  target: ScaleTarget;
  /** HpaState.writes after that reconcile's own writes: neither the HPA nor its target written since. */
  writes: number;
  spec: HpaSpecInput;
  podsVersion: number;
  samples: number;
  specReplicas: number;
  proposal: number;
  conditions: HpaCondition[];
  /**
   * After a light reconcile of this proposal at some time t0 gave the size and conditions kept:
   * light reconciles up to this instant give them again (legacy normalisation only; -Infinity
   * until one ran, or with a behavior) and are deferred (see reconcile()).
   */
  until: number;
}

/** One HPA's pod list and its HPA views, kept until the store reports an ownership change. */
interface TargetPods {
  /** The scale target object the list is of (a recreated target is another object). */
  target: KObject;
  pods: Pod[];
  /** Owner uids whose dependents make up the list (the target; for a Deployment, its ReplicaSets too). */
  owners: string[];
  /** HPA view of pods[i], and the pod's resourceVersion it was built at. */
  views: HpaPod[];
  /**
   * What a walk reads pods[i] through, so a reading costs no map lookup: its series (until
   * dropped), the usage model's record (a pod's for good once it has one) and traffic's
   * served-rate entry (re-fetched when dropped); filled as the walks first read each pod. Three
   * arrays rather than an object per pod: a walk over a list's pods loads each array's elements
   * from one or two cache lines instead of one object per pod (cold loads are most of a walk).
   */
  slotSeries: Array<PodSeries | undefined>;
  slotUsage: Array<UsageHandle | undefined>;
  slotServed: Array<object | undefined>;
  viewRv: Array<number | undefined>;
  /** The owner's podsVersion when every view was last checked (no listed pod written since: views hold). */
  viewsVersion: number;
  /** running[i]: pods[i] was Running when a walk last read every phase, at podsVersion runningVersion. */
  running: Uint8Array;
  runningVersion: number;
}

/** What an object's ownership looked like when it was put in a pod list (see onOwned). */
interface OwnershipNote {
  refs: OwnerReference[] | undefined;
  controller: string | undefined;
}

/** One HPA's periodic work: its metrics scrape or its reconcile. */
interface Action {
  st: HpaState;
  sync: boolean;
  chain: Chain;
  dead: boolean;
}

/** Actions run by one periodic kernel timer, in order (see the header: merged timers). */
interface Chain {
  c: HpaController;
  period: Millis;
  timer: TimerHandle;
  actions: Action[];
  /** Actions not dead. */
  live: number;
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

const onChain = (ch: Chain) => ch.c.fire(ch);

/** The HPAs listing a pod whose reading moved: their scrapes walk again. */
function markDirty(l: readonly HpaState[]): void {
  for (let i = 0; i < l.length; i++) l[i]!.scrapeDirty = true;
}

/** Two normalisations' conditions alike (type, status, reason, message; in order). */
function sameConditions(a: readonly HpaCondition[], b: readonly HpaCondition[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.type !== y.type || x.status !== y.status || x.reason !== y.reason || x.message !== y.message) return false;
  }
  return true;
}

export interface HpaControllerOptions {
  syncPeriod?: Millis;
  metrics?: Partial<MetricsPipelineConfig>;
  config?: Partial<HpaControllerConfig>;
  /** Merge back-to-back timers (see the header; default true). False: one timer per scrape and per reconcile. */
  mergeTimers?: boolean;
  /** Reuse an HPA's last replica calculation while its inputs are unchanged (./replica-memo.ts; default true). */
  reuseCalculations?: boolean;
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
  /** The state of each HPA object delivered (onHpa's fast path for its own status writes). */
  private readonly byObject = new WeakMap<HorizontalPodAutoscaler, HpaState>();
  private readonly podViews = new WeakMap<Pod, { rv: number | undefined; view: HpaPod }>();
  /**
   * lightReconcile's copy of the recommendations, (value, time) pairs, reused by every call:
   * written by index over the previous call's values (emptying it first would drop its backing
   * store, and re-growing it was most of what a light reconcile allocated).
   */
  private readonly savedRecommendations: number[] = [];
  /** The walk's usage reads land here (ResourceUsageModel.usageOf's `out`). */
  private readonly usageScratch: PodUsage = { cpuMilli: 0, memoryBytes: 0 };
  private readonly syncPeriod: Millis;
  private readonly pipeline: MetricsPipelineConfig;
  private readonly keep: number;
  private readonly config: HpaControllerConfig;
  /** Timers may be merged (see the header): the watch latency is neither period. */
  private readonly merge: boolean;
  private readonly reuse: boolean;
  /** The chain that fired last, when, and the kernel's dispatch count then. */
  private lastChain: Chain | undefined;
  private lastTime = -1;
  private lastDispatched = -1;
  /** Owner uid → HPAs whose pod list is made of that owner's dependents. */
  private readonly listedOwners = new Map<string, HpaState[]>();
  /** Pods and ReplicaSets as they were when last put in a pod list. */
  private readonly notes = new WeakMap<KObject, OwnershipNote>();
  /** Reconciles done (a cost figure for benches). */
  reconciles = 0;
  /** Pod lists built (a cost figure for tests and benches). */
  podListings = 0;
  /** Pod readings a scrape skipped as unchanged (same usage stamp and served rate; a cost figure). */
  readingsRepeated = 0;
  /** Scrapes that walked no pod / reconciles that ran their normalisation alone (cost figures). */
  scrapesSkipped = 0;
  lightReconciles = 0;
  /** Read listed pods through the slots kept with the list (default true; tests compare with false). */
  readThroughSlots = true;
  /** Light reconciles that computed nothing (their normalisation known to repeat; a cost figure). */
  reconcilesDeferred = 0;
  /**
   * Defer light reconciles whose legacy normalisation is known to repeat (default true; tests
   * compare with false). Needs skipUnchanged.
   */
  deferLight = true;
  /**
   * Skip the scrape walk of an HPA none of whose pods' readings can have changed, and the full
   * reconcile of one whose inputs are unchanged, and the re-check of a checked target (default
   * true; tests compare with false).
   */
  skipUnchanged = true;
  /** Pod uid → HPAs whose pod list holds that pod (their scrape and views depend on it). */
  private readonly readers = new Map<string, HpaState[]>();
  /** Target uid → HPAs whose `target` is that object (see target()). */
  private readonly targetOf = new Map<string, HpaState[]>();
  /** Kinds whose objects are observed for target() (scale targets named so far). */
  private readonly targetKinds = new Set<string>();
  /** The usage model tells which pods' readings moved (see scrape()). */
  private readonly hooked: boolean;
  /** The readers list of a pod is found through its usage handle's tag (see readingMoved). */
  private readonly tagged: boolean;
  /** The usage model is read through handles kept in the pod slots (see walk()). */
  private readonly byHandle: boolean;

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
    const latency = api.store.watchLatency;
    this.reuse = opts.reuseCalculations ?? true;
    this.merge = (opts.mergeTimers ?? true) && latency !== this.syncPeriod && latency !== this.pipeline.resolution;
    api.store.observe<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', (_t, h) => this.onHpaWrite(h));
    api.store.watch<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', (t, h) => this.onHpa(t, h));
    api.store.observe<Pod>('Pod', (t, p) => this.onOwned(t, p));
    api.store.observe<ReplicaSet>('ReplicaSet', (t, rs) => this.onOwned(t, rs));
    this.hooked = this.keep === 1 && usage.usageStamp !== undefined && usage.onUsageStamp !== undefined && usage.watchUsageStamp !== undefined && usage.pendingSplit !== undefined;
    // The tag of a watched pod is its readers list (see podsOf): no lookup per stamp move.
    if (this.hooked) usage.onUsageStamp!((tag) => markDirty(tag as HpaState[]));
    this.tagged = this.hooked && usage.stampTagOf !== undefined;
    if (traffic) traffic.onServedChange = (uid, handle) => this.readingMoved(uid, handle);
    this.byHandle = usage.handleOf !== undefined && usage.usageOf !== undefined && (usage.usageStamp === undefined || usage.usageStampOf !== undefined);
  }

  /**
   * A pod's served rate moved: the scrapes of the HPAs listing it walk again. With the usage
   * model's handle of the pod, the readers list is the tag podsOf gave it (watchUsageStamp sets and
   * clears it with the list), so no lookup by uid.
   */
  private readingMoved(uid: string, handle: UsageHandle | undefined): void {
    let l: HpaState[] | undefined;
    if (handle !== undefined && this.tagged) l = this.usage.stampTagOf!(handle) as HpaState[] | undefined;
    else l = this.readers.get(uid);
    if (l !== undefined) markDirty(l);
  }

  /** @internal the target's pods as the HPA's scrape and reconcile see them now (tests). */
  podsOfTarget(namespace: string, name: string): Pod[] | undefined {
    const st = this.states.get(objectKey(namespace, name));
    const target = st && this.target(st);
    return st && target ? [...this.podsOf(st, target)] : undefined;
  }

  /** Replica calculations served from the HPAs' memos / run (cost figures for tests and benches). */
  get replicaMemo(): { hits: number; misses: number } {
    let hits = 0;
    let misses = 0;
    for (const st of this.states.values()) {
      hits += st.memo.hits;
      misses += st.memo.misses;
    }
    return { hits, misses };
  }

  /** Kernel timers the HPAs' work runs on now (a cost figure for tests and benches). */
  get timers(): number {
    const seen = new Set<Chain>();
    for (const st of this.states.values()) {
      seen.add(st.scrape.chain);
      seen.add(st.sync.chain);
    }
    return seen.size;
  }

  get(namespace: string, name: string): HorizontalPodAutoscaler | undefined {
    return this.states.get(objectKey(namespace, name))?.hpa;
  }

  /**
   * The HPA object was written (synchronously, as the store announces it): count it, and drop
   * the target check when its scaleTargetRef is not the one checked (target() reads the stored
   * object's ref at once, before the watch delivers the spec to onHpa).
   */
  private onHpaWrite(hpa: HorizontalPodAutoscaler): void {
    const st = this.byObject.get(hpa);
    if (st === undefined) return;
    st.writes++;
    if (!st.targetChecked) return;
    const ref = hpa.spec.scaleTargetRef;
    if (ref !== st.checkedRef || ref.kind !== st.checkedKind || ref.name !== st.checkedName) st.targetChecked = false;
  }

  private onHpa(type: WatchType, hpa: HorizontalPodAutoscaler): void {
    // Most deliveries are our own status writes coming back: found by object, no key built. (A
    // stopped state — the HPA replaced or deleted — takes the keyed path below.)
    const own = type === 'DELETED' ? undefined : this.byObject.get(hpa);
    if (own !== undefined && !own.sync.dead && (hpa.metadata.generation ?? 0) === own.generation) return;
    const key = keyOf(hpa);
    const old = this.states.get(key);
    if (type === 'DELETED') {
      if (old && old.hpa === hpa) {
        this.stop(old);
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
    if (old) this.stop(old);
    const st: HpaState = {
      hpa,
      key,
      generation: hpa.metadata.generation ?? 0,
      history: newHpaHistory(),
      spec: hpaSpecInput(hpa),
      sync: undefined as unknown as Action,
      scrape: undefined as unknown as Action,
      series: new Map(),
      cpu: new Map(),
      memory: new Map(),
      rps: new Map(),
      source: undefined as unknown as MetricsSource,
      pods: undefined,
      target: undefined,
      targetChecked: false,
      checkedRef: undefined,
      checkedKind: '',
      checkedName: '',
      writes: 0,
      memo: new ReplicaMemo(),
      requests: new PodRequestsCache(),
      groups: new PodGroupsCache(),
      compute: undefined as unknown as HpaState['compute'],
      scrapeDirty: true,
      volatile: false,
      scrapedAt: -1,
      stampedAt: -1,
      podsVersion: 0,
      light: undefined,
      lightRecord: undefined,
      deferred: [],
      deferredProposal: 0,
      deferredReplicas: 0,
    };
    st.source = this.source(st);
    // The samples' timestamps are read only by a computed CPU grouping (inside a pod's CPU
    // initialisation window): brought up to date there, not on every full reconcile.
    st.groups.beforeGroup = () => this.syncTimestamps(st);
    st.compute = (input) => {
      input.requests = st.requests;
      input.groups = st.groups;
      return st.memo.compute(input, st.spec);
    };
    // metrics-server scrapes every pod every resolution, from the cluster's start (ticks at k ×
    // resolution, k ≥ 1); the HPA reads its target's pods at those ticks. An HPA created after a
    // tick finds that tick's readings already there (prime); the HPA is queued at once on
    // creation and then every sync period.
    const res = this.pipeline.resolution;
    const lastTick = Math.floor(this.sim.now / res) * res;
    st.scrape = this.startAction(st, false, res, lastTick + res);
    st.sync = this.startAction(st, true, this.syncPeriod, this.sim.now);
    this.states.set(key, st);
    this.byObject.set(hpa, st);
    if (lastTick >= res) this.prime(st, lastTick);
  }

  private startAction(st: HpaState, sync: boolean, period: Millis, start: Millis): Action {
    const chain: Chain = { c: this, period, timer: undefined as unknown as TimerHandle, actions: [], live: 1 };
    const a: Action = { st, sync, chain, dead: false };
    chain.actions.push(a);
    chain.timer = this.sim.every(period, onChain, chain, { start });
    return a;
  }

  private stopAction(a: Action): void {
    if (a.dead) return;
    a.dead = true;
    const ch = a.chain;
    if (--ch.live === 0) this.sim.cancel(ch.timer);
  }

  /** The HPA is gone (deleted or replaced): its timers and its pod list. */
  private stop(st: HpaState): void {
    this.stopAction(st.scrape);
    this.stopAction(st.sync);
    this.unlist(st);
    this.setTarget(st, undefined);
  }

  /**
   * @internal a timer fired: run its actions in order. If the last event dispatched was another
   * chain of the same period at this instant, the two timers are adjacent in the kernel's queue
   * now and (see the header) one period from now: this one's actions join that chain, behind its
   * own, and this timer is cancelled.
   */
  fire(ch: Chain): void {
    const now = this.sim.now;
    const dispatched = this.sim.stats.dispatched;
    const prev = this.lastChain;
    if (ch.live !== ch.actions.length) ch.actions = ch.actions.filter((a) => !a.dead);
    let run = ch;
    let from = 0;
    if (this.merge && prev !== undefined && prev !== ch && prev.live > 0 && prev.period === ch.period && this.lastTime === now && this.lastDispatched + 1 === dispatched) {
      this.sim.cancel(ch.timer);
      from = prev.actions.length;
      for (const a of ch.actions) {
        a.chain = prev;
        prev.actions.push(a);
      }
      prev.live += ch.live;
      ch.actions = [];
      ch.live = 0;
      run = prev;
    } else {
      this.lastChain = ch;
    }
    this.lastTime = now;
    this.lastDispatched = dispatched;
    const actions = run.actions;
    for (let i = from; i < actions.length; i++) {
      const a = actions[i]!;
      if (a.dead) continue;
      if (a.sync) this.reconcile(a.st);
      else this.scrape(a.st);
    }
  }

  /**
   * The scale target as the store holds it now. The one found last is still it while the HPA names
   * it and the store holds that object under its uid (names are immutable: it is still stored
   * under its name; the HPA's namespace is its own).
   */
  private target(st: HpaState): ScaleTarget | undefined {
    // (skipUnchanged false: checked on every call, the reference the tests compare against.)
    if (st.targetChecked && this.skipUnchanged) return st.target;
    const ref = st.hpa.spec.scaleTargetRef;
    const last = st.target;
    // `st.target` is cleared (onTargetKind) as soon as the store holds another object under its uid, or none.
    if (last !== undefined && last.kind === ref.kind && last.metadata.name === ref.name) {
      this.checked(st, ref);
      return last;
    }
    if (!this.targetKinds.has(ref.kind)) {
      this.targetKinds.add(ref.kind);
      this.api.store.observe<KObject>(ref.kind, (t, o) => this.onTargetKind(t, o));
    }
    const t = this.api.store.get<ScaleTarget>(ref.kind, st.hpa.metadata.namespace, ref.name);
    this.setTarget(st, t?.metadata.uid !== undefined ? t : undefined);
    // (The store holds it under the ref's kind and name: the check above holds from now on.)
    if (t !== undefined && st.target === t) this.checked(st, ref);
    return t;
  }

  private checked(st: HpaState, ref: CrossVersionObjectReference): void {
    st.targetChecked = true;
    st.checkedRef = ref;
    st.checkedKind = ref.kind;
    st.checkedName = ref.name;
  }

  private setTarget(st: HpaState, t: ScaleTarget | undefined): void {
    const old = st.target;
    if (old === t) return;
    st.targetChecked = false;
    if (old !== undefined) {
      const l = this.targetOf.get(old.metadata.uid!);
      const i = l === undefined ? -1 : l.indexOf(st);
      if (i >= 0) l!.splice(i, 1);
      if (l !== undefined && l.length === 0) this.targetOf.delete(old.metadata.uid!);
    }
    st.target = t;
    if (t !== undefined) {
      const l = this.targetOf.get(t.metadata.uid!);
      if (l === undefined) this.targetOf.set(t.metadata.uid!, [st]);
      else l.push(st);
    }
  }

  /**
   * An object of a scale-target kind changed (synchronously): HPAs whose kept target has its uid
   * drop it when the store no longer holds that very object under the uid (deleted, or replaced by
   * a new object), as `store.getByUid(uid) === target` read on every call did; else they count
   * the write (HpaState.writes).
   */
  private onTargetKind(type: WatchType, o: KObject): void {
    const uid = o.metadata.uid;
    const l = uid === undefined ? undefined : this.targetOf.get(uid);
    if (l === undefined) return;
    for (const st of [...l]) {
      if (type === 'DELETED' || st.target !== o) this.setTarget(st, undefined);
      else st.writes++;
    }
  }

  /**
   * The target's pods: through controller references for workloads (Deployment → ReplicaSets →
   * Pods, as podsOfDeployment lists them), else by selector in the namespace. Workload lists are
   * kept until onOwned reports a change.
   */
  private podsOf(st: HpaState, target: ScaleTarget): Pod[] {
    const kept = st.pods;
    if (kept !== undefined && kept.target === target) return kept.pods;
    const store = this.api.store;
    const out: Pod[] = [];
    const uid = target.metadata.uid;
    if (!uid) return out;
    if (target.kind === 'Deployment' || target.kind === 'ReplicaSet' || target.kind === 'StatefulSet') {
      this.unlist(st);
      const owners = [uid];
      if (target.kind === 'Deployment') {
        for (const rs of controlledBy<ReplicaSet>(store, uid, 'ReplicaSet')) {
          this.note(rs);
          const rsUid = rs.metadata.uid!;
          owners.push(rsUid);
          for (const p of ownedPods(store, rsUid)) out.push(p);
        }
      } else {
        for (const p of ownedPods(store, uid)) out.push(p);
      }
      for (const p of out) {
        this.note(p);
        const uid = p.metadata.uid;
        if (uid === undefined) continue;
        const l = this.readers.get(uid);
        if (l === undefined) {
          const readers = [st];
          this.readers.set(uid, readers);
          if (this.hooked) this.usage.watchUsageStamp!(p, readers);
        } else if (!l.includes(st)) l.push(st);
      }
      st.scrapeDirty = true;
      st.podsVersion++;
      for (const o of owners) {
        const l = this.listedOwners.get(o);
        if (l === undefined) this.listedOwners.set(o, [st]);
        else l.push(st);
      }
      const n = out.length;
      st.pods = {
        target,
        pods: out,
        owners,
        views: [],
        viewRv: [],
        viewsVersion: -1,
        slotSeries: new Array<PodSeries | undefined>(n).fill(undefined),
        slotUsage: new Array<UsageHandle | undefined>(n).fill(undefined),
        slotServed: new Array<object | undefined>(n).fill(undefined),
        running: new Uint8Array(n),
        runningVersion: -1,
      };
      this.podListings++;
      return out;
    }
    const sel = target.spec.selector;
    if (!sel) return out;
    for (const p of store.listInNamespace<Pod>('Pod', target.metadata.namespace ?? 'default')) {
      if (labelSelectorMatches(sel, p.metadata.labels ?? {})) out.push(p);
    }
    return out;
  }

  /** A pod list no longer made of its owners' dependents (rebuilt at its next use). */
  private unlist(st: HpaState): void {
    const kept = st.pods;
    if (kept === undefined) return;
    st.pods = undefined;
    st.scrapeDirty = true;
    st.podsVersion++;
    for (const p of kept.pods) {
      const uid = p.metadata.uid;
      const l = uid === undefined ? undefined : this.readers.get(uid);
      if (l === undefined) continue;
      const i = l.indexOf(st);
      if (i >= 0) l.splice(i, 1);
      if (l.length === 0) {
        this.readers.delete(uid!);
        if (this.hooked) this.usage.watchUsageStamp!(p, undefined);
      }
    }
    for (const o of kept.owners) {
      const l = this.listedOwners.get(o);
      if (l === undefined) continue;
      const i = l.indexOf(st);
      if (i >= 0) l.splice(i, 1);
      if (l.length === 0) this.listedOwners.delete(o);
    }
  }

  private note(o: KObject): void {
    const refs = o.metadata.ownerReferences;
    this.notes.set(o, { refs, controller: controllerRef(o)?.uid });
  }

  /** Drop the pod lists made of `owner`'s dependents. */
  private ownerChanged(owner: string | undefined): void {
    if (owner === undefined) return;
    const l = this.listedOwners.get(owner);
    if (l === undefined) return;
    for (const st of [...l]) this.unlist(st);
  }

  /**
   * A Pod or ReplicaSet changed (synchronously, as the store indexes it). A pod list changes only
   * when a dependent of one of its owners is created, removed, or re-owned (the store's
   * setOwnerReferences always installs a new array; an in-place edit of the controller is caught
   * too): status changes leave every list as it is.
   */
  private onOwned(type: WatchType, o: KObject): void {
    if (this.listedOwners.size === 0) return;
    const note = this.notes.get(o);
    if (type === 'MODIFIED' && note !== undefined && note.refs === o.metadata.ownerReferences && note.controller === controllerRef(o)?.uid) {
      // A listed pod written (its phase, readiness, resources…): its readers' scrapes and views.
      if (o.kind === 'Pod') {
        const l = this.readers.get(o.metadata.uid ?? '');
        if (l !== undefined) {
          for (const st of l) {
            st.scrapeDirty = true;
            st.podsVersion++;
          }
        }
      }
      return;
    }
    if (note !== undefined) this.ownerChanged(note.controller);
    this.ownerChanged(controllerRef(o)?.uid);
  }

  /**
   * The readings metrics-server took at tick `at` (≤ now) of the target's pods, for an HPA created
   * since: metrics-server scrapes every pod, but a pod no HPA reads costs nothing per tick — its
   * reading at the last tick is taken from the usage model when an HPA first asks, of the pods
   * Running and started by then. (Exact when the pod's usage did not move between the tick and
   * the HPA's creation, at most one resolution ago; else the newer figure.) The next scrape walks.
   */
  private prime(st: HpaState, at: number): void {
    const target = this.target(st);
    if (!target) return;
    this.walk(st, target, at, at);
    st.scrapeDirty = true;
  }

  /** @internal one metrics-server scrape of this HPA's target pods. */
  scrape(st: HpaState): void {
    const target = this.target(st);
    if (!target) return;
    const now = this.sim.now;
    // Nothing a walk reads moved since the last one (the pod list and its pods unwritten, no usage
    // stamp or served rate moved, no pod with a NaN stamp, no node's split pending that a read
    // would apply): it would read every pod's last reading again — with one reading per window,
    // the published values stay, only timestamps move, and those are set to `scrapedAt` when a
    // calculation next reads them (syncTimestamps).
    if (this.skipUnchanged && this.hooked && !st.scrapeDirty && !st.volatile && st.pods !== undefined && st.pods.target === target && !this.usage.pendingSplit!()) {
      st.scrapedAt = now;
      this.scrapesSkipped++;
      return;
    }
    this.walk(st, target, now, undefined);
  }

  /**
   * Read the target's Running pods (those started by `startedBy` when given) and publish their
   * samples stamped `at`; series of pods not read are dropped.
   */
  private walk(st: HpaState, target: ScaleTarget, at: number, startedBy: number | undefined): void {
    const now = at;
    st.scrapeDirty = false;
    st.volatile = false;
    st.scrapedAt = now;
    st.stampedAt = now;
    const series = st.series;
    const traffic = this.traffic;
    const usage = this.usage;
    const single = this.keep === 1;
    const stamps = usage.usageStamp !== undefined;
    const pods = this.podsOf(st, target);
    // Slots only for a kept list (workload targets); by handle only when both models offer them.
    const kept = this.readThroughSlots && st.pods !== undefined && st.pods.pods === pods ? st.pods : undefined;
    const slotSeries = kept === undefined ? undefined : kept.slotSeries;
    const slotUsage = kept === undefined ? undefined : kept.slotUsage;
    const slotServed = kept === undefined ? undefined : kept.slotServed;
    // Every write of a listed pod bumps podsVersion (onOwned): none since the phases were read,
    // each pod's is what `running` holds (the pod object is not read for it).
    const running = kept === undefined ? undefined : kept.running;
    const phasesHold = kept !== undefined && kept.runningVersion === st.podsVersion && startedBy === undefined;
    let tracked = kept !== undefined && startedBy === undefined;
    const byHandle = this.byHandle;
    let live = 0;
    for (let i = 0; i < pods.length; i++) {
      const pod = pods[i]!;
      if (phasesHold) {
        if (running![i] === 0) continue;
      } else {
        // The kubelet reports running containers only.
        const up = pod.status.phase === 'Running';
        if (running !== undefined) running[i] = up ? 1 : 0;
        // (A pod without uid is not seen by onOwned's readers: its phase is read every time.)
        if (pod.metadata.uid === undefined) tracked = false;
        if (!up) continue;
      }
      if (startedBy !== undefined && !(pod.status.startTime !== undefined && pod.status.startTime <= startedBy)) continue;
      let s = slotSeries === undefined ? undefined : slotSeries[i];
      if (s === undefined || s.dropped) {
        const name = pod.metadata.name;
        s = series.get(name);
        if (!s) {
          series.set(name, (s = newPodSeries(this.pipeline.window)));
          st.cpu.set(name, s.cpuMetric);
          st.groups.sampled++;
          st.memory.set(name, s.memoryMetric);
          st.rps.set(name, s.rpsMetric);
          st.memo.samples++;
        }
        if (slotSeries !== undefined) slotSeries[i] = s;
      }
      if (s.timestamp !== now) live++; // (two pods of one name: counted once, as the Set did)
      let rps = 0;
      if (traffic === undefined) rps = 0;
      else if (slotServed === undefined) rps = traffic.podServedRate(pod);
      else {
        let e = slotServed[i];
        if (e === undefined || !traffic.servedHandleHolds(e)) slotServed[i] = e = traffic.servedHandle(pod);
        rps = e === undefined ? 0 : traffic.servedRateOf(e);
      }
      let h: UsageHandle | undefined;
      if (slotUsage !== undefined && byHandle) {
        h = slotUsage[i];
        if (h === undefined) slotUsage[i] = h = usage.handleOf!(pod);
      }
      const viaHandle = h !== undefined;
      // A pod whose usage stamp and served rate are those of its last reading reads the same
      // again (with one reading per window, the published values stay): only timestamps move.
      if (single && stamps && rps === s.rpsRead && (viaHandle ? usage.usageStampOf!(h) : usage.usageStamp!(pod)) === s.usageStamp) {
        repeatReading(s, now);
        this.readingsRepeated++;
        continue;
      }
      // (Into the controller's one scratch object: its figures are read just below, before the next pod.)
      const u = viaHandle ? usage.usageOf!(h, this.usageScratch) : usage.usage(pod);
      // The stamp after the read (reading may bring the node's CPU split up to date).
      s.usageStamp = stamps ? (viaHandle ? usage.usageStampOf!(h) : usage.usageStamp!(pod)) : NaN;
      if (s.usageStamp !== s.usageStamp) st.volatile = true;
      s.rpsRead = rps;
      if (pushReading(s, this.keep, u.cpuMilli, u.memoryBytes, rps, now)) st.memo.samples++;
    }
    if (tracked && !phasesHold) kept!.runningVersion = st.podsVersion;
    // Series of pods not seen in this scrape (every reading above stamped `now`) are dropped.
    if (live !== series.size) {
      for (const [name, s] of series) {
        if (s.timestamp === now) continue;
        s.dropped = true;
        series.delete(name);
        st.cpu.delete(name);
        st.groups.sampled++;
        st.memory.delete(name);
        st.rps.delete(name);
        st.memo.samples++;
      }
    }
  }

  /**
   * The metrics APIs over this HPA's scrapes: the published samples themselves (the calculation
   * copies a map before it edits it, and never edits a sample).
   */
  private source(st: HpaState): MetricsSource {
    const published = (m: PodMetricsInfo): PodMetricsInfo | undefined => (st.series.size === 0 ? undefined : m);
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
        if (resource === 'cpu') return published(st.cpu);
        if (resource === 'memory') return published(st.memory);
        return undefined;
      },
      pods: (metric) => {
        if (!/(^|_)(requests|rps)/.test(metric.name)) return undefined;
        return published(st.rps);
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
    const res = this.api.resourcesOf(p);
    const view = hpaPodFromPod(p, res, hit ? hit.view.containers : podContainers(p, res));
    if (hit) {
      hit.rv = rv;
      hit.view = view;
    } else this.podViews.set(p, { rv, view });
    return view;
  }

  /** The HPA views of the target's pods, in list order; kept with the list, entry by entry. */
  private hpaPods(st: HpaState, pods: Pod[]): HpaPod[] {
    const kept = st.pods;
    if (kept === undefined || kept.pods !== pods) return pods.map((p) => this.hpaPod(p));
    const { views, viewRv } = kept;
    // Every write of a listed pod bumps podsVersion (onOwned): none since the last check, no view moved.
    if (kept.viewsVersion === st.podsVersion && views.length === pods.length) return views;
    let tracked = true;
    for (let i = 0; i < pods.length; i++) {
      const p = pods[i]!;
      const rv = p.metadata.resourceVersion;
      // (A pod without uid or resourceVersion is not seen by onOwned's readers: check it every time.)
      if (rv === undefined || p.metadata.uid === undefined) tracked = false;
      if (i < views.length && rv !== undefined && viewRv[i] === rv) continue;
      views[i] = this.hpaPod(p);
      viewRv[i] = rv;
    }
    kept.viewsVersion = tracked ? st.podsVersion : -1;
    return views;
  }

  /** Published samples' timestamps set to the last scrape's time (skipped scrapes leave them behind). */
  private syncTimestamps(st: HpaState): void {
    const at = st.scrapedAt;
    if (st.stampedAt === at) return;
    st.stampedAt = at;
    for (const s of st.series.values()) repeatReading(s, at);
  }

  /**
   * A reconcile whose every input but the clock is what the last (full) one read — same /scale
   * object and replicas, same spec, same pod views (no listed pod written), same published
   * samples, the status that reconcile left — where that one wrote no /scale, emitted no event
   * and got its proposal from a calculation the memo kept (so the calculation gives it again, at
   * any later time). Then the full reconcile would differ from the last one only through
   * normalisation (stabilisation windows and rate limits move with time): normalizeStep runs
   * alone, on the same history as the full one would; if it gives the same size (no rescale) and
   * the same conditions, the conditions merge to what the status holds, so the status is written
   * as it is (nothing) and no event is emitted — exactly what the full reconcile does. Otherwise
   * the history is put back and the full reconcile runs. Returns whether it was enough.
   */
  private lightReconcile(st: HpaState, k: LightKept, now: number): boolean {
    const h = st.history;
    // Saved by value: stabilisation rewrites an out-of-window entry in place.
    const recs = h.recommendations;
    const saved = this.savedRecommendations;
    const n = recs.length;
    for (let i = 0; i < n; i++) {
      saved[2 * i] = recs[i]!.recommendation;
      saved[2 * i + 1] = recs[i]!.timestamp;
    }
    recordInitialRecommendation(h, k.specReplicas, now);
    const norm = normalizeStep(st.spec, this.config, h, k.specReplicas, k.proposal, now);
    if (norm.desired === k.specReplicas && sameConditions(norm.conditions, k.conditions)) {
      this.lightReconciles++;
      return true;
    }
    recs.length = n;
    for (let i = 0; i < n; i++) {
      recs[i]!.recommendation = saved[2 * i]!;
      recs[i]!.timestamp = saved[2 * i + 1]!;
    }
    return false;
  }

  /** The deferred light reconciles' history updates, applied in order (see reconcile()). */
  private replayDeferred(st: HpaState): void {
    const d = st.deferred;
    if (d.length === 0) return;
    replayLegacyStabilization(st.history, st.deferredReplicas, st.deferredProposal, d, this.config.downscaleStabilizationMs);
    d.length = 0;
  }

  /** @internal the HPA's stabilisation and scale-event history as every reconcile so far left it (tests). */
  historyOf(namespace: string, name: string): HpaHistory | undefined {
    const st = this.states.get(objectKey(namespace, name));
    if (st === undefined) return undefined;
    this.replayDeferred(st);
    return st.history;
  }

  /** @internal one reconcile (upstream reconcileAutoscaler). */
  reconcile(st: HpaState): void {
    this.reconciles++;
    const hpa = st.hpa;
    const target = this.target(st);
    const now = this.sim.now;
    if (!target) {
      st.light = undefined;
      this.api.events.warning(hpa, 'FailedGetScale', `${hpa.spec.scaleTargetRef.kind.toLowerCase()}s "${hpa.spec.scaleTargetRef.name}" not found`, HPA_SOURCE);
      return;
    }
    const k = st.light;
    if (
      k !== undefined &&
      this.skipUnchanged &&
      // Neither the HPA (its status) nor the target (its spec and status replicas) written since.
      k.writes === st.writes &&
      k.target === target &&
      k.spec === st.spec &&
      k.samples === st.memo.samples &&
      st.pods !== undefined &&
      st.pods.target === target &&
      k.podsVersion === st.podsVersion
    ) {
      // Within the span where the legacy normalisation of this proposal is known to give what the
      // last light reconcile gave: nothing to compute; the history update is replayed later.
      if (now <= k.until && this.deferLight) {
        if (st.deferred.length > 0 && (st.deferredProposal !== k.proposal || st.deferredReplicas !== k.specReplicas)) this.replayDeferred(st);
        st.deferredProposal = k.proposal;
        st.deferredReplicas = k.specReplicas;
        st.deferred.push(now);
        this.lightReconciles++;
        this.reconcilesDeferred++;
        return;
      }
      this.replayDeferred(st);
      if (this.lightReconcile(st, k, now)) {
        if (st.spec.behavior === undefined) k.until = legacyStableUntil(st.history, k.proposal, now, this.config.downscaleStabilizationMs);
        return;
      }
    }
    this.replayDeferred(st);
    st.light = undefined;
    // With reused calculations the pod groups are computed through st.groups, whose beforeGroup
    // syncs the timestamps; without, groupPods reads them directly.
    if (!this.reuse) this.syncTimestamps(st);
    const pods = this.podsOf(st, target);
    const hpaPods = this.hpaPods(st, pods);
    const specReplicas = target.spec.replicas ?? 1;
    const r = reconcileStep({
      spec: st.spec,
      specReplicas,
      statusReplicas: target.status?.replicas ?? 0,
      pods: hpaPods,
      source: st.source,
      now,
      history: st.history,
      previousConditions: hpa.status?.conditions ?? [],
      config: this.config,
      compute: this.reuse ? st.compute : undefined,
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
    if (hpa.status === undefined || !sameJson(hpa.status, status)) {
      hpa.status = status;
      this.api.updateStatus(hpa);
    }
    if (
      !r.rescale &&
      r.events.length === 0 &&
      r.normalized !== undefined &&
      r.metricDesiredReplicas !== undefined &&
      this.reuse &&
      st.memo.holds() &&
      st.pods !== undefined &&
      st.pods.target === target &&
      st.hpa === hpa
    ) {
      // One record per HPA, rewritten: it is kept about a minute, a fresh one each full reconcile
      // outlived the young generation and was old-space garbage (nothing else holds it).
      const kept = (st.lightRecord ??= { target, writes: 0, spec: st.spec, podsVersion: 0, samples: 0, specReplicas: 0, proposal: 0, conditions: [], until: -Infinity });
      kept.target = target;
      kept.writes = st.writes;
      kept.spec = st.spec;
      kept.podsVersion = st.podsVersion;
      kept.samples = st.memo.samples;
      kept.specReplicas = specReplicas;
      kept.proposal = Math.max(0, r.metricDesiredReplicas);
      kept.conditions = r.normalized.conditions;
      kept.until = -Infinity;
      st.light = kept;
    }
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
