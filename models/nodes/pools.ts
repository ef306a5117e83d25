// Nodes from the Cluster's node pools: labels, taints, capacity and allocatable as the
// kubelet reports them (allocatable = capacity − reserved − the hard eviction thresholds'
// reservation, models/kubelet/policy/eviction.ts nodeAllocatable).

import type { DistributionSpec } from '../../sim/index.js';
import type { Node, ResourceList, Taint } from '../api/types.js';
import { HOSTNAME_LABEL, INSTANCE_TYPE_LABEL, POOL_LABEL, ZONE_LABEL } from '../api/well-known-labels.js';
import { DEFAULT_EVICTION_HARD, nodeAllocatable, type EvictionThresholds } from '../kubelet/policy/eviction.js';


/**
 * A node read from `kubectl get nodes -o yaml` (scenarios/node-list.ts): registered as it was
 * reported — its name, labels, taints, capacity and allocatable — instead of from the pool's numbers.
 */
export interface ObservedNode {
  name: string;
  labels: Record<string, string>;
  taints: Taint[];
  capacity: ResourceList;
  allocatable: ResourceList;
  unschedulable: boolean;
}

/** A node pool with every quantity already converted to numbers. */
export interface NodePoolSpec {
  name: string;
  count: number;
  /** millicores */
  cpu: number;
  /** bytes */
  memory: number;
  maxPods: number;
  labels: Record<string, string>;
  taints: Taint[];
  /** Extended resources (e.g. nvidia.com/gpu: 8). */
  resources: ResourceList;
  zones: string[];
  reserved: { cpu: number; memory: number };
  /** Inodes of the root filesystem (nodefs); default its ephemeral-storage / 16Ki (models/nodes/local-capacity.ts). */
  inodes?: number;
  /** kernel.pid_max (pid.available's capacity); default 4194304. */
  pidMax?: number;
  /** A dedicated image filesystem (writable layers, images); default none: they are on nodefs. */
  imagefs?: { bytes: number; inodes?: number };
  minCount?: number;
  maxCount?: number;
  pricePerHour?: number;
  instanceType?: string;
  /** Time from a scale-up decision to a Ready node (ms); models/autoscaling/cluster-autoscaler/provider.ts. */
  provisioningTime?: DistributionSpec;
  /** Random node failures: mean time between failures and to repair (ms, exponential). */
  failures?: { mtbf: number; mttr: number };
  /** Nodes of a node list, index for index; nodes past them (autoscaled) come from the pool's numbers. */
  observed?: ObservedNode[];
  /** Names of the pool's first nodes, kept from a node list (Cluster.spec.nodeLists); others are <pool>-<i>. */
  nodeNames?: string[];
}

/**
 * Ephemeral storage (the node's root filesystem) when the pool does not say: 100Gi, the
 * common managed-cluster boot disk (GKE's default; a pool's `resources: {ephemeral-storage: …}`
 * sets it). Without some capacity, pods that request ephemeral-storage could never schedule.
 */
export const DEFAULT_NODE_EPHEMERAL_STORAGE = 100 * 1024 ** 3;

export function nodeName(pool: string, index: number): string {
  return `${pool}-${index}`;
}

/**
 * The Node a pool's `index`-th kubelet registers. `evictionHard`: the hard thresholds node
 * allocatable reserves for (the cluster's kubelet evictionHard; none with
 * experimentalAllocatableIgnoreEviction).
 */
export function makeNode(pool: NodePoolSpec, index: number, now: number, evictionHard: EvictionThresholds = DEFAULT_EVICTION_HARD): Node {
  const seen = pool.observed?.[index];
  if (seen) return observedNode(pool, seen, index, now);
  const name = pool.nodeNames?.[index] ?? nodeName(pool.name, index);
  const labels: Record<string, string> = {
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    [HOSTNAME_LABEL]: name,
    [POOL_LABEL]: pool.name,
    ...pool.labels,
  };
  if (pool.zones.length) labels[ZONE_LABEL] = pool.zones[index % pool.zones.length]!;
  if (pool.instanceType) labels[INSTANCE_TYPE_LABEL] = pool.instanceType;
  const capacity: ResourceList = {
    cpu: pool.cpu,
    memory: pool.memory,
    pods: pool.maxPods,
    'ephemeral-storage': DEFAULT_NODE_EPHEMERAL_STORAGE,
    ...pool.resources,
  };
  // The pool's `reserved` stands for kube-reserved and system-reserved together.
  const allocatable: ResourceList = nodeAllocatable(capacity, { kubeReserved: pool.reserved }, evictionHard);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels, annotations: { 'k8sim.io/internal-ip': `10.0.${Math.floor(index / 250)}.${(index % 250) + 1}` } },
    spec: pool.taints.length ? { taints: pool.taints.map((t) => ({ ...t })) } : {},
    status: {
      capacity,
      allocatable,
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastTransitionTime: now }],
    },
  };
}

/** The Node of a node list, as it was reported; the pool label is added (k8sim's reports group by it). */
function observedNode(pool: NodePoolSpec, seen: ObservedNode, index: number, now: number): Node {
  const labels: Record<string, string> = { [HOSTNAME_LABEL]: seen.name, ...seen.labels };
  labels[POOL_LABEL] ??= pool.name;
  const spec: Node['spec'] = {};
  if (seen.taints.length) spec.taints = seen.taints.map((t) => ({ ...t }));
  if (seen.unschedulable) spec.unschedulable = true;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: seen.name, labels, annotations: { 'k8sim.io/internal-ip': `10.1.${Math.floor(index / 250)}.${(index % 250) + 1}` } },
    spec,
    status: {
      capacity: { ...seen.capacity },
      allocatable: { ...seen.allocatable },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastTransitionTime: now }],
    },
  };
}
