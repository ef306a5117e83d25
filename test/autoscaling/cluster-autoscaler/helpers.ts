// Cluster models with node groups and the autoscaler, for the autoscaler tests.
import { ClusterModel } from '../../../models/cluster.js';
import type { AutoscalerConfig } from '../../../models/autoscaling/cluster-autoscaler/index.js';
import type { NodePoolSpec } from '../../../models/nodes/pools.js';
import type { KEvent, Node, Pod, ReplicaSet } from '../../../models/api/types.js';

export const GiB = 2 ** 30;

export function pool(name: string, over: Partial<NodePoolSpec> = {}): NodePoolSpec {
  return {
    name, count: 1, cpu: 2000, memory: 8 * GiB, maxPods: 110, labels: {}, taints: [], resources: {}, zones: [],
    reserved: { cpu: 0, memory: 0 }, minCount: 0, maxCount: 10, provisioningTime: { constant: 60_000 }, ...over,
  };
}

export function cluster(pools: NodePoolSpec[], autoscaler: Partial<AutoscalerConfig> | null = {}, seed = 1) {
  const m = new ClusterModel({ seed, nodePools: pools, ...(autoscaler ? { autoscaler } : {}) });
  const events: KEvent[] = [];
  m.events.subscribe((e) => events.push(e));
  return { m, events };
}

export function rs(name: string, replicas: number, cpu = '500m', extra: Partial<Pod['spec']> = {}, annotations: Record<string, string> = {}): ReplicaSet {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name },
    spec: {
      replicas, selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations },
        spec: { containers: [{ name: 'c', image: 'img:1', resources: { requests: { cpu, memory: '256Mi' } } }], ...extra },
      },
    },
    status: { replicas: 0, fullyLabeledReplicas: 0, readyReplicas: 0, availableReplicas: 0 },
  };
}

export const nodes = (m: ClusterModel) => [...m.store.list<Node>('Node')].map((n) => n.metadata.name);
export const pods = (m: ClusterModel) => [...m.store.list<Pod>('Pod')];
export const running = (m: ClusterModel) => pods(m).filter((p) => p.status.phase === 'Running' && !p.metadata.deletionTimestamp);
export const pending = (m: ClusterModel) => pods(m).filter((p) => !p.spec.nodeName);
