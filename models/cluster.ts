// The composition root of the Kubernetes model: one kernel, one store, the API server
// semantics, the kubelets, the scheduler and the controllers, wired by watches. The order in
// which they are built decides the order of same-time events: see the constructor.

import { RandomStreams, Simulation, type Millis } from '../sim/index.js';
import { installAdmission, type AdmissionChain } from './api/admission/chain.js';
import { ApiServer } from './api/apiserver.js';
import { attachCapacity, type AutoscalerConfig, type Capacity } from './autoscaling/cluster-autoscaler/index.js';
import { ClusterNodeGroupProvider } from './autoscaling/cluster-autoscaler/provider.js';
import { BehaviorCatalog, DEFAULT_KUBELET_TIMINGS, type BehaviorSpec, type KubeletDefaults } from './kubelet/behavior.js';
import { DaemonSetController } from './controllers/daemonset.js';
import { DeploymentController, type ScalingEventStyle } from './controllers/deployment.js';
import { JobController } from './controllers/job.js';
import { CronJobController } from './controllers/cronjob.js';
import { OrphanIndex } from './controllers/orphans.js';
import { REPLICA_SET_KIND, REPLICATION_CONTROLLER_KIND, ReplicaSetController } from './controllers/replicaset.js';
import { defaultFeatureGates, type FeatureGateName, type FeatureGates } from './api/policy/feature-gates.js';
import { dnsNameColumn, StatefulSetController } from './controllers/statefulset.js';
import { VolumeController } from './controllers/persistent-volumes.js';
import { TtlAfterFinishedController } from './controllers/ttl-after-finished.js';
import { EventRecorder } from './api/events.js';
import type { MetricsPipelineConfig } from './autoscaling/hpa/metrics-pipeline.js';
import { TrafficStack } from './traffic-stack.js';
import type { TrafficSpec } from './traffic/spec.js';
import { Kubelet } from './kubelet/kubelet.js';
import type { RegistrySpec } from './kubelet/image-manager.js';
import { MetricsRegistry } from './metrics.js';
import { NodeOps } from './nodes/lifecycle.js';
import { makeNode, type NodePoolSpec } from './nodes/pools.js';
import { planRun } from './kubelet/run-planner.js';
import { schedulingColumns, SchedulerShell, type SchedulerConfig } from './scheduler/scheduler.js';
import { ObjectStore } from './api/store.js';
import type { KObject, Node, Pod, ReplicaSet } from './api/types.js';
import { EvictionManager } from './kubelet/eviction-manager.js';
import { LocalResourceUse } from './kubelet/local-use.js';
import { parseEvictionHard, type EvictionThresholds } from './kubelet/policy/eviction.js';
import { parseThresholdConfig } from './kubelet/policy/eviction-thresholds.js';
import { localCapacity } from './nodes/local-capacity.js';
import { POOL_LABEL } from './api/well-known-labels.js';
import { ContainerUsage } from './kubelet/usage/model.js';
import { registerUsageOutputs } from './kubelet/usage/outputs.js';
import { registerClusterTotals } from './cluster-totals.js';

export interface ClusterConfig {
  seed: number | string;
  maxEvents?: number;
  /** Informer latency: how long after a change controllers hear of it. */
  watchLatency?: Millis;
  nodePools: NodePoolSpec[];
  behaviors?: BehaviorSpec[];
  kubelet?: Partial<KubeletDefaults> & {
    maxContainerBackOff?: Millis;
    /** Hard eviction thresholds (signal → "100Mi" / "10%"); they also come off node allocatable. */
    evictionHard?: Record<string, string | number>;
    /** --experimental-allocatable-ignore-eviction: allocatable keeps the hard thresholds in (default false). */
    experimentalAllocatableIgnoreEviction?: boolean;
    /** Soft eviction thresholds (signal → "500Mi" / "15%"), each with its evictionSoftGracePeriod (ms). */
    evictionSoft?: Record<string, string | number>;
    evictionSoftGracePeriod?: Record<string, number>;
    /** evictionMinimumReclaim (signal → quantity / percent). */
    evictionMinimumReclaim?: Record<string, string | number>;
    /** evictionMaxPodGracePeriod, seconds (default 0). */
    evictionMaxPodGracePeriod?: number;
    /** evictionPressureTransitionPeriod, ms (default 5m). */
    evictionPressureTransitionPeriod?: Millis;
  };
  /** The image registry: which images cannot be pulled (default: every image exists). */
  registry?: RegistrySpec;
  scheduler?: SchedulerConfig;
  scalingEventStyle?: ScalingEventStyle;
  /** kube-controller-manager settings. */
  controllers?: ControllerSettings;
  /** --feature-gates overrides over MODELLED_KUBERNETES_VERSION's defaults (models/api/policy/feature-gates.ts). */
  featureGates?: Partial<Record<FeatureGateName, boolean>>;
  /** Load on Services (the Traffic kind). */
  traffic?: TrafficSpec;
  /** metrics-server resolution and window, as the HPA sees usage. */
  metricsPipeline?: Partial<MetricsPipelineConfig>;
  /** Cluster autoscaler settings (absent: no autoscaler); see models/autoscaling/cluster-autoscaler/config.ts. */
  autoscaler?: Partial<AutoscalerConfig>;
}

export interface ControllerSettings {
  /** Cap of the Job controller's replacement-pod back-off (upstream 10 min; the book says 6 min). */
  jobBackoffMax?: Millis;
}

export class ClusterModel {
  readonly sim: Simulation;
  readonly streams: RandomStreams;
  readonly store: ObjectStore;
  readonly events: EventRecorder;
  readonly api: ApiServer;
  /** Pod admission plugins (LimitRanger, Priority, DefaultTolerationSeconds, ResourceQuota). */
  readonly admission: AdmissionChain;
  readonly kubelet: Kubelet;
  readonly scheduler: SchedulerShell;
  readonly replicaSets: ReplicaSetController;
  /** ReplicationControllers: the ReplicaSet controller's shell over the v1 kind. */
  readonly replicationControllers: ReplicaSetController;
  readonly deployments: DeploymentController;
  /** Node operations over time: fail/recover, add/remove, cordon/uncordon, drain. */
  readonly nodes: NodeOps;
  readonly jobs: JobController;
  readonly cronJobs: CronJobController;
  readonly statefulSets: StatefulSetController;
  readonly daemonSets: DaemonSetController;
  readonly volumes: VolumeController;
  readonly ttlAfterFinished: TtlAfterFinishedController;
  /** Services/endpoints, the traffic flow model and the HPA controller. */
  readonly traffic: TrafficStack;
  readonly pools = new Map<string, { spec: NodePoolSpec; nextIndex: number }>();
  /** Container resource use: CPU sharing/throttling, memory, OOM kills (the ResourceUsageModel). */
  readonly usage: ContainerUsage;
  /** Node-pressure eviction (every signal); absent when no threshold is configured. */
  readonly evictionManager: EvictionManager | undefined;
  /** Containers' disk, inode and pid use; absent when no Behavior sets `disk` or `processes`. */
  readonly localUse: LocalResourceUse | undefined;
  /**
   * The hard thresholds node allocatable reserves for (cm NodeConfig.HardEvictionThresholds):
   * the kubelet's evictionHard, or none with experimentalAllocatableIgnoreEviction.
   */
  readonly allocatableEvictionHard: EvictionThresholds;
  /** Time series and summary metrics the components expose to reports. */
  readonly metrics = new MetricsRegistry();
  /** Node groups, cost, random failures and the cluster autoscaler (models/autoscaling, models/nodes). */
  readonly capacity: Capacity;

  constructor(readonly config: ClusterConfig) {
    // Construction order is behaviour. A step below may subscribe to store watches (delivered as
    // kernel events after the informer latency, to a kind's watchers in subscription order), add
    // synchronous store observers (called in order), arm timers, and register report sources
    // (pod columns, series, summary rows). The kernel runs equal-time events FIFO, so this order
    // decides, for one change, which component reacts first: the order of same-time writes, the
    // UIDs and resourceVersions those get, and so every output byte. It is also the column order
    // of pods.csv and timeseries.csv. The steps:
    //   1. kernel, RNG streams, store, event recorder, API server, admission plugins (the chain's
    //      order is admission order; ResourceQuota observes quotas). No watchers.
    //   2. kubelet (no watches: the scheduler binds pods to it), the resource-usage model
    //      (observes Node and Pod), node-pressure eviction over both.
    //   3. scheduler: the first Pod and Node watcher, so a new pod is queued for scheduling
    //      before any controller hears of it.
    //   4. kube-controller-manager: orphan indexes (observers), ReplicaSet, ReplicationController, Deployment (and its
    //      rollout tracker), node lifecycle, Job, CronJob, TTL-after-finished, PVC binding, StatefulSet,
    //      DaemonSet. Their Pod watches run in this order.
    //   5. pods.csv columns: scheduling, resource use, StatefulSet DNS names.
    //   6. Services' endpoints, traffic and the HPA (models/traffic-stack.ts, which documents
    //      its own order): the last Pod watcher; traffic arms its first profile timers here.
    //   7. the node pools' starting nodes: after every Node watcher and observer, so that all of
    //      them hear of these nodes as ADDED (an observer added later never would).
    //   8. capacity: node groups, cost, failure injection, cluster autoscaler. They list the
    //      starting nodes, so they come after step 7.
    // A new component takes an explicit place in this list, with its reason. Moving a step changes
    // outputs (example runs stop being byte-identical): do it only on purpose.

    // 1. Kernel and API.
    this.sim = new Simulation(config.maxEvents !== undefined ? { maxEvents: config.maxEvents } : {});
    this.streams = new RandomStreams(config.seed);
    this.store = new ObjectStore(this.sim, config.watchLatency ?? 0);
    this.events = new EventRecorder(this.sim);
    // generateName suffixes of objects created by name prefix only (controllers name their
    // pods from their own streams): a stream of its own, so it shifts nobody's numbers.
    const names = this.streams.stream('apiserver/generate-name');
    this.api = new ApiServer(this.store, this.events, () => names.next());
    this.admission = installAdmission(this.api);

    // 2. Kubelet and container resources (the usage model must exist before nodes are added).
    const timings: KubeletDefaults = { ...DEFAULT_KUBELET_TIMINGS, ...stripUndefined(config.kubelet ?? {}) };
    const catalog = new BehaviorCatalog(config.behaviors ?? [], timings);
    this.kubelet = new Kubelet(this.sim, this.api, catalog, this.streams, planRun, {
      ...(config.kubelet?.maxContainerBackOff !== undefined ? { maxContainerBackOff: config.kubelet.maxContainerBackOff } : {}),
      ...(config.registry ? { registry: config.registry } : {}),
    });
    const evictionHard = parseEvictionHard(config.kubelet?.evictionHard);
    this.allocatableEvictionHard = config.kubelet?.experimentalAllocatableIgnoreEviction ? {} : evictionHard;
    this.usage = new ContainerUsage(this.sim, this.api, this.kubelet, catalog, this.streams, this.allocatableEvictionHard);
    // Thresholds are checked when the scenario loads (scenarios/build.ts); problems here are a caller's bug.
    const k = config.kubelet ?? {};
    const { thresholds, problems } = parseThresholdConfig({
      ...(k.evictionHard ? { evictionHard: k.evictionHard } : {}),
      ...(k.evictionSoft ? { evictionSoft: k.evictionSoft } : {}),
      ...(k.evictionSoftGracePeriod ? { evictionSoftGracePeriod: k.evictionSoftGracePeriod } : {}),
      ...(k.evictionMinimumReclaim ? { evictionMinimumReclaim: k.evictionMinimumReclaim } : {}),
    });
    if (problems.length > 0) throw new Error(`kubelet eviction settings: ${problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ')}`);
    const capacityOf = (node: Node) => localCapacity(node, this.pools.get(node.metadata.labels?.[POOL_LABEL] ?? '')?.spec);
    this.localUse = catalog.uses('disk') || catalog.uses('processes')
      ? new LocalResourceUse(this.sim, this.kubelet, catalog, (name) => {
        const node = this.store.get<Node>('Node', undefined, name);
        return node !== undefined && capacityOf(node).imagefs !== undefined;
      })
      : undefined;
    this.evictionManager = thresholds.length > 0
      ? new EvictionManager(this.sim, this.api, this.kubelet, this.usage, {
        thresholds,
        ...(k.evictionPressureTransitionPeriod !== undefined ? { pressureTransitionPeriodMs: k.evictionPressureTransitionPeriod } : {}),
        ...(k.evictionMaxPodGracePeriod !== undefined ? { maxPodGracePeriodSeconds: k.evictionMaxPodGracePeriod } : {}),
      }, capacityOf, this.localUse)
      : undefined;

    // 3. Scheduler.
    this.scheduler = new SchedulerShell(this.sim, this.api, this.kubelet, this.streams, config.scheduler ?? {});

    // 4. Controllers.
    const orphanPods = new OrphanIndex<Pod>(this.store, 'Pod');
    const orphanRSs = new OrphanIndex<ReplicaSet>(this.store, 'ReplicaSet');
    const gates: FeatureGates = { ...defaultFeatureGates(), ...stripUndefined(config.featureGates ?? {}) };
    this.replicaSets = new ReplicaSetController(this.sim, this.api, orphanPods, this.streams, REPLICA_SET_KIND, gates);
    this.replicationControllers = new ReplicaSetController(this.sim, this.api, orphanPods, this.streams, REPLICATION_CONTROLLER_KIND, gates);
    this.deployments = new DeploymentController(this.sim, this.api, orphanRSs, this.metrics, config.scalingEventStyle ?? 'legacy', gates);
    this.nodes = new NodeOps(this.sim, this.api, this.kubelet, (pool) => this.addNode(pool));
    const jobBackoffMax = config.controllers?.jobBackoffMax;
    this.jobs = new JobController(this.sim, this.api, this.streams, jobBackoffMax !== undefined ? { backoffMax: jobBackoffMax } : {});
    this.cronJobs = new CronJobController(this.sim, this.api);
    this.ttlAfterFinished = new TtlAfterFinishedController(this.sim, this.api);
    this.metrics.addSummary(this.jobs);
    this.volumes = new VolumeController(this.sim, this.api, this.kubelet);
    this.scheduler.setClaimLookup((ns, name) => this.volumes.claimInfo(ns, name));
    this.scheduler.setPreBind((pod, done) => this.volumes.preBind(pod, done));
    this.statefulSets = new StatefulSetController(this.sim, this.api, this.streams);
    this.daemonSets = new DaemonSetController(this.sim, this.api, this.streams);

    // 5. Pod columns.
    this.metrics.addPodColumns(schedulingColumns(this.scheduler));
    registerUsageOutputs(this.metrics, this.usage, () => this.scheduler.pendingCount);
    this.metrics.addPodColumns(dnsNameColumn(this.store));
    // Bound pods and requested/allocatable totals (cluster scope), pods.csv gpu_request: last,
    // so the rows and the column come after the ones above.
    registerClusterTotals(this.metrics, this.api);

    // 6. Services, traffic, HPA.
    this.traffic = new TrafficStack(this.sim, this.api, this.streams, this.metrics, this.usage, {
      ...(config.traffic ? { traffic: config.traffic } : {}),
      hpa: { metrics: config.metricsPipeline ?? {} },
    });

    // 7. Starting nodes.
    for (const pool of config.nodePools) {
      this.pools.set(pool.name, { spec: pool, nextIndex: 0 });
      for (let i = 0; i < pool.count; i++) this.addNode(pool.name);
    }

    // 8. Capacity.
    this.capacity = attachCapacity(this, {
      provider: new ClusterNodeGroupProvider(this, this.nodes),
      failureActions: { fail: (name) => this.nodes.fail(name), recover: (name) => this.nodes.recover(name) },
      ...(config.autoscaler ? { autoscaler: config.autoscaler } : {}),
      ...(config.scheduler ? { scheduler: config.scheduler } : {}),
      allocatableEvictionHard: this.allocatableEvictionHard,
    });
  }

  /**
   * Add one node to a pool (scenario start, timeline, cluster autoscaler). `index` is an index
   * reserved earlier (a node that was provisioning), else the pool's next one.
   */
  addNode(poolName: string, index?: number): Node {
    const pool = this.pools.get(poolName);
    if (!pool) throw new Error(`unknown node pool "${poolName}"`);
    const node = makeNode(pool.spec, index ?? pool.nextIndex++, this.sim.now, this.allocatableEvictionHard);
    this.api.create(node);
    this.kubelet.addNode(node);
    this.scheduler.addNode(node);
    this.nodes?.nodeAdded(node); // a node added to a failed zone is down from the start
    return node;
  }

  /** Create an object as `kubectl create` would (pods go through admission). */
  create<T extends KObject>(obj: T): T {
    return this.api.create(obj);
  }

  runUntil(t: Millis): void {
    this.sim.runUntil(t);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
