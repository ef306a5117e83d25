// The composition root of the Kubernetes model: one kernel, one store, the API server
// semantics, the kubelets, the scheduler and the controllers, wired by watches.

import { RandomStreams, Simulation, type Millis } from '../sim/index.js';
import { ApiServer } from './api.js';
import { attachCapacity, type AutoscalerConfig, type Capacity } from './autoscaler/index.js';
import { BehaviorCatalog, DEFAULT_KUBELET_TIMINGS, type BehaviorSpec, type KubeletDefaults } from './behavior.js';
import { DeploymentController, type ScalingEventStyle } from './controllers/deployment.js';
import { OrphanIndex } from './controllers/orphans.js';
import { ReplicaSetController } from './controllers/replicaset.js';
import { EventRecorder } from './events.js';
import { Kubelet } from './kubelet.js';
import { MetricsRegistry } from './metrics.js';
import { makeNode, type NodePoolSpec } from './nodes.js';
import { planRun } from './run-planner.js';
import { schedulingColumns, SchedulerShell, type SchedulerConfig } from './scheduling.js';
import { ObjectStore } from './store.js';
import type { KObject, Node, Pod, ReplicaSet } from './types.js';

export interface ClusterConfig {
  seed: number | string;
  maxEvents?: number;
  /** Informer latency: how long after a change controllers hear of it. */
  watchLatency?: Millis;
  nodePools: NodePoolSpec[];
  behaviors?: BehaviorSpec[];
  kubelet?: Partial<KubeletDefaults> & { maxContainerBackOff?: Millis };
  scheduler?: SchedulerConfig;
  scalingEventStyle?: ScalingEventStyle;
  /** Cluster autoscaler settings (absent: no autoscaler); see models/autoscaler/config.ts. */
  autoscaler?: Partial<AutoscalerConfig>;
}

export class ClusterModel {
  readonly sim: Simulation;
  readonly streams: RandomStreams;
  readonly store: ObjectStore;
  readonly events: EventRecorder;
  readonly api: ApiServer;
  readonly kubelet: Kubelet;
  readonly scheduler: SchedulerShell;
  readonly replicaSets: ReplicaSetController;
  readonly deployments: DeploymentController;
  readonly pools = new Map<string, { spec: NodePoolSpec; nextIndex: number }>();
  /**
   * Node and zone commands of the timeline (cordon, drain, node fail…), set by the node
   * operations component; the runner's timeline player forwards those commands here.
   */
  nodeOps: { execute(cmd: { verb: string }): string[] } | undefined;
  /** Time series and summary metrics the components expose to reports. */
  readonly metrics = new MetricsRegistry();
  /** Node groups, cost, random failures and the cluster autoscaler (models/autoscaler). */
  readonly capacity: Capacity;

  constructor(readonly config: ClusterConfig) {
    this.sim = new Simulation(config.maxEvents !== undefined ? { maxEvents: config.maxEvents } : {});
    this.streams = new RandomStreams(config.seed);
    this.store = new ObjectStore(this.sim, config.watchLatency ?? 0);
    this.events = new EventRecorder(this.sim);
    this.api = new ApiServer(this.store, this.events);
    const timings: KubeletDefaults = { ...DEFAULT_KUBELET_TIMINGS, ...stripUndefined(config.kubelet ?? {}) };
    const catalog = new BehaviorCatalog(config.behaviors ?? [], timings);
    this.kubelet = new Kubelet(this.sim, this.api, catalog, this.streams, planRun, {
      ...(config.kubelet?.maxContainerBackOff !== undefined ? { maxContainerBackOff: config.kubelet.maxContainerBackOff } : {}),
    });
    this.scheduler = new SchedulerShell(this.sim, this.api, this.kubelet, this.streams, config.scheduler ?? {});
    const orphanPods = new OrphanIndex<Pod>(this.store, 'Pod');
    const orphanRSs = new OrphanIndex<ReplicaSet>(this.store, 'ReplicaSet');
    this.replicaSets = new ReplicaSetController(this.sim, this.api, orphanPods, this.streams);
    this.deployments = new DeploymentController(this.sim, this.api, orphanRSs, this.metrics, config.scalingEventStyle ?? 'legacy');
    this.metrics.addPodColumns(schedulingColumns(this.scheduler));
    for (const pool of config.nodePools) {
      this.pools.set(pool.name, { spec: pool, nextIndex: 0 });
      for (let i = 0; i < pool.count; i++) this.addNode(pool.name);
    }
    this.capacity = attachCapacity(this, {
      ...(config.autoscaler ? { autoscaler: config.autoscaler } : {}),
      ...(config.scheduler ? { scheduler: config.scheduler } : {}),
    });
  }

  /**
   * Add one node to a pool (scenario start, timeline, cluster autoscaler). `index` is an index
   * reserved earlier (a node that was provisioning), else the pool's next one.
   */
  addNode(poolName: string, index?: number): Node {
    const pool = this.pools.get(poolName);
    if (!pool) throw new Error(`unknown node pool "${poolName}"`);
    const node = makeNode(pool.spec, index ?? pool.nextIndex++, this.sim.now);
    this.store.create(node);
    this.kubelet.addNode(node);
    this.scheduler.addNode(node);
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
