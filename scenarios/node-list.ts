// A node list — `kubectl get nodes -o yaml` (a v1 List of Nodes, unpacked by the loader) — as
// the scenario's starting nodes: each Node registers as it was reported (name, labels, taints,
// cordon, capacity, allocatable). They stand in for the Cluster's node pools, or add to them.
//
// Nodes are grouped into pools by their node-group label (GKE, EKS, AKS, Karpenter, k8sim's own,
// else the instance type), so per-pool reports, costs and the cluster autoscaler see the groups
// a cloud has; nodes without such a label form the pool "nodes". A pool scaled past its listed
// nodes adds nodes shaped like its first one.
import { resourceValue } from '../models/api/policy/pod-resources.js';
import { quantityProblem } from '../models/api/policy/quantity.js';
import type { ResourceList, Taint } from '../models/api/types.js';
import { HOSTNAME_LABEL, INSTANCE_TYPE_LABEL, POOL_LABEL, ZONE_LABEL } from '../models/api/well-known-labels.js';
import type { NodePoolSpec, ObservedNode } from '../models/nodes/pools.js';
import type { ScenarioError } from './errors.js';
import type { ScenarioDocument } from './load.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Labels naming a node's group, most specific first. */
export const NODE_GROUP_LABELS = [
  POOL_LABEL,
  'cloud.google.com/gke-nodepool',
  'eks.amazonaws.com/nodegroup',
  'kubernetes.azure.com/agentpool',
  'agentpool',
  'karpenter.sh/nodepool',
  INSTANCE_TYPE_LABEL,
] as const;

/** The pool a node joins; made a DNS label, as pool names are. */
export function nodeGroupOf(labels: Record<string, string>): string {
  for (const key of NODE_GROUP_LABELS) {
    const v = labels[key];
    if (v) return v.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63) || 'nodes';
  }
  return 'nodes';
}

function resources(doc: ScenarioDocument, field: 'capacity' | 'allocatable', raw: unknown, errors: ScenarioError[]): ResourceList | undefined {
  if (!isRec(raw)) return undefined;
  const out: ResourceList = {};
  for (const [name, q] of Object.entries(raw)) {
    const problem = typeof q === 'string' || typeof q === 'number' ? quantityProblem(String(q)) : 'must be a quantity';
    if (problem !== undefined) {
      errors.push(doc.error(['status', field, name], problem));
      continue;
    }
    out[name] = resourceValue(name, q as string);
  }
  return out;
}

function observe(doc: ScenarioDocument, errors: ScenarioError[]): ObservedNode | undefined {
  const body = doc.body;
  const meta = isRec(body.metadata) ? body.metadata : {};
  const spec = isRec(body.spec) ? body.spec : {};
  const status = isRec(body.status) ? body.status : {};
  const before = errors.length;
  const capacity = resources(doc, 'capacity', status.capacity, errors);
  if (errors.length > before) return undefined; // a bad quantity, reported where it is
  if (!capacity || capacity.cpu === undefined || capacity.memory === undefined) {
    errors.push(doc.error(['status', 'capacity'], 'a node of a node list needs status.capacity with cpu and memory (as `kubectl get nodes -o yaml` writes it)'));
    return undefined;
  }
  capacity.pods ??= 110;
  const allocatable = resources(doc, 'allocatable', status.allocatable, errors) ?? { ...capacity };
  return {
    name: doc.name,
    labels: { ...((meta.labels as Record<string, string> | undefined) ?? {}) },
    taints: ((spec.taints as Taint[] | undefined) ?? []).map((t) => ({ key: t.key, effect: t.effect, ...(t.value !== undefined ? { value: t.value } : {}) })),
    capacity,
    allocatable,
    unschedulable: spec.unschedulable === true,
  };
}

/**
 * Pools for the scenario's Node documents, in the order their groups first appear. A group named
 * like one of the Cluster's pools is an error (the two would be one pool with two shapes).
 */
export function nodeDocumentPools(nodeDocs: readonly ScenarioDocument[], clusterPools: readonly NodePoolSpec[], errors: ScenarioError[]): NodePoolSpec[] {
  const groups = new Map<string, { doc: ScenarioDocument; nodes: ObservedNode[] }>();
  for (const d of nodeDocs) {
    const n = observe(d, errors);
    if (!n) continue;
    const name = nodeGroupOf(n.labels);
    let g = groups.get(name);
    if (!g) {
      if (clusterPools.some((p) => p.name === name)) {
        errors.push(d.error(['metadata', 'labels'], `this node's group "${name}" has the name of one of the Cluster's node pools; rename one of them`));
        continue;
      }
      groups.set(name, (g = { doc: d, nodes: [] }));
    }
    g.nodes.push(n);
  }
  return [...groups].map(([name, { nodes }]) => {
    const first = nodes[0]!;
    const { cpu, memory, pods, ...extended } = first.capacity;
    // What every node of the group shares, for nodes the autoscaler adds past the list.
    const shared: Record<string, string> = {};
    for (const [k, v] of Object.entries(first.labels)) {
      if (k === HOSTNAME_LABEL || k === ZONE_LABEL || k === POOL_LABEL) continue;
      if (nodes.every((n) => n.labels[k] === v)) shared[k] = v;
    }
    const zones = [...new Set(nodes.map((n) => n.labels[ZONE_LABEL]).filter((z): z is string => z !== undefined))];
    const pool: NodePoolSpec = {
      name,
      count: nodes.length,
      cpu: cpu!,
      memory: memory!,
      maxPods: pods ?? 110,
      labels: shared,
      taints: first.taints.map((t) => ({ ...t })),
      resources: Object.fromEntries(Object.entries(extended).filter(([k]) => !k.startsWith('hugepages-'))),
      zones,
      reserved: { cpu: Math.max(0, cpu! - (first.allocatable.cpu ?? cpu!)), memory: 0 },
      observed: nodes,
    };
    return pool;
  });
}
