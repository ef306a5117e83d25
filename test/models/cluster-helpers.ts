// Small builders for model-level tests: a ClusterModel with one pool, ReplicaSets and pods
// from compact specs, and a log of the Kubernetes events the model emits.
import { ClusterModel } from '../../models/cluster.js';
import type { NodePoolSpec } from '../../models/nodes/pools.js';
import type { Container, KEvent, KObject, Pod, PodSpec, ReplicaSet } from '../../models/api/types.js';

export const Mi = 1024 ** 2;
export const Gi = 1024 ** 3;

export function pool(name: string, count: number, opts: Partial<NodePoolSpec> = {}): NodePoolSpec {
  return { name, count, cpu: 4000, memory: 8 * Gi, maxPods: 110, labels: {}, taints: [], resources: {}, zones: [],
    reserved: { cpu: 0, memory: 0 }, ...opts };
}

export function cluster(count = 2, opts: Partial<NodePoolSpec> = {}): { model: ClusterModel; events: KEvent[] } {
  const model = new ClusterModel({ seed: 7, nodePools: [pool('n', count, opts)] });
  const events: KEvent[] = [];
  model.events.subscribe((e) => events.push(e));
  return { model, events };
}

export function container(name: string, requests?: Record<string, string>, limits?: Record<string, string>): Container {
  const c: Container = { name, image: 'nginx:1.25' };
  if (requests || limits) c.resources = { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
  return c;
}

export function replicaSet(name: string, replicas: number, spec: Partial<PodSpec> = {}, ns = 'default'): ReplicaSet {
  return {
    apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: ns },
    spec: { replicas, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [container('app', { cpu: '100m', memory: '64Mi' })], ...spec } } },
    status: { replicas: 0, fullyLabeledReplicas: 0, readyReplicas: 0, availableReplicas: 0 },
  };
}

export function pod(name: string, spec: Partial<PodSpec> = {}, ns = 'default', labels: Record<string, string> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels },
    spec: { containers: [container('app')], ...spec }, status: { phase: 'Pending', conditions: [], containerStatuses: [] } };
}

export function obj(apiVersion: string, kind: string, name: string, body: Record<string, unknown>, ns?: string): KObject {
  return { apiVersion, kind, metadata: { name, ...(ns ? { namespace: ns } : {}) }, ...body } as KObject;
}

export const reasons = (events: KEvent[], reason: string) => events.filter((e) => e.reason === reason);

export function podsOf(model: ClusterModel, prefix: string): Pod[] {
  return [...model.store.list<Pod>('Pod')].filter((p) => p.metadata.name.startsWith(prefix));
}
