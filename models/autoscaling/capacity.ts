// Wiring of node groups, cost, random failures and the cluster autoscaler onto a cluster model.
// ClusterModel calls attachCapacity once at the end of its constructor; node operations can
// replace `provider` (PDB-aware eviction) and `failureActions` before the run starts.

import type { MetricsRegistry } from '../metrics.js';
import type { ProfileConfig } from '../scheduler/policy/profile.js';
import type { Node } from '../api/types.js';
import type { EvictionThresholds } from '../kubelet/policy/eviction.js';
import { autoscalerConfig, type AutoscalerConfig } from './cluster-autoscaler/config.js';
import { ClusterAutoscaler, type SchedulerView } from './cluster-autoscaler/controller.js';
import { CostMeter } from '../nodes/cost.js';
import { FailureInjector, type FailureSpec, type NodeFailureActions } from '../nodes/failures.js';
import { ClusterNodeGroupProvider, type ClusterLike, type NodeGroupProvider } from './cluster-autoscaler/provider.js';

export interface CapacityModel extends ClusterLike {
  readonly metrics: MetricsRegistry;
  readonly scheduler: ClusterLike['scheduler'] & SchedulerView;
  readonly kubelet: ClusterLike['kubelet'] & { nodeUp(name: string): void };
}

export interface CapacityOptions {
  autoscaler?: Partial<AutoscalerConfig>;
  scheduler?: ProfileConfig;
  /** Node failure/recovery (node operations); default: kubeletFailureActions. */
  failureActions?: NodeFailureActions;
  /** A provider to use instead of the default one (e.g. with PodDisruptionBudget checks). */
  provider?: NodeGroupProvider;
  /** The hard thresholds node allocatable reserves for, so template nodes match real ones (default: the kubelet's defaults). */
  allocatableEvictionHard?: EvictionThresholds;
}

export interface Capacity {
  provider: NodeGroupProvider;
  cost: CostMeter;
  autoscaler?: ClusterAutoscaler;
  failures?: FailureInjector;
}

/**
 * Failure actions without the node lifecycle (unit tests of the autoscaler alone): the kubelet
 * stops and the Node's Ready condition turns Unknown, and the reverse on recovery. ClusterModel
 * passes model.nodes instead (NotReady taints, taint-based eviction).
 */
export function kubeletFailureActions(m: CapacityModel): NodeFailureActions {
  const setReady = (name: string, status: 'True' | 'Unknown') => {
    const node = m.api.store.get<Node>('Node', undefined, name);
    if (!node) return;
    const c = node.status.conditions.find((x) => x.type === 'Ready');
    if (c) { c.status = status; c.reason = status === 'True' ? 'KubeletReady' : 'NodeStatusUnknown'; c.lastTransitionTime = m.sim.now; }
    m.api.updateInPlace(node);
  };
  return {
    fail: (name) => { m.kubelet.nodeDown(name); setReady(name, 'Unknown'); },
    recover: (name) => { m.kubelet.nodeUp(name); setReady(name, 'True'); },
  };
}

export function attachCapacity(m: CapacityModel, opts: CapacityOptions = {}): Capacity {
  const provider = opts.provider ?? new ClusterNodeGroupProvider(m);
  const cost = new CostMeter(provider.pools, m.api.store, m.sim.now);
  provider.addListener(cost);
  m.metrics.addSeries('pool', cost);
  m.metrics.addSummary(cost);
  const out: Capacity = { provider, cost };
  const specs = new Map<string, FailureSpec>();
  for (const p of provider.pools) if (p.failures) specs.set(p.name, p.failures);
  if (specs.size) {
    out.failures = new FailureInjector(m.sim, m.api.store, specs, m.streams, opts.failureActions ?? kubeletFailureActions(m));
  }
  if (opts.autoscaler && opts.autoscaler.enabled !== false) {
    const cfg = autoscalerConfig(opts.autoscaler);
    const ca = new ClusterAutoscaler(m.sim, m.api, m.scheduler, provider, cfg, opts.scheduler ?? {}, m.streams.stream('cluster-autoscaler'),
      opts.allocatableEvictionHard);
    m.metrics.addSeries('cluster', ca);
    m.metrics.addSummary(ca);
    ca.start();
    out.autoscaler = ca;
  }
  return out;
}
