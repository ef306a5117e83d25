// Cluster-wide totals for timeseries.csv (scope cluster) and the GPU column of pods.csv: pods
// bound to a node, and what they request of CPU, memory and every extended resource (GPUs)
// against what the nodes offer. Kept up to date by store observers, so a sample costs one row
// per resource, whatever the size of the cluster. Metric names in docs/outputs.md.
import type { ApiServer } from './api/apiserver.js';
import type { Node, Pod, ResourceList } from './api/types.js';
import type { MetricsRegistry, SeriesEmit } from './metrics.js';

const isTerminal = (p: Pod) => p.status.phase === 'Succeeded' || p.status.phase === 'Failed';

/** A resource name counts as GPUs when it is `<vendor>/gpu` (nvidia.com/gpu, amd.com/gpu …). */
export const isGpuResource = (name: string) => name.endsWith('/gpu');

export class ClusterTotals {
  podsBound = 0;
  /** Σ requests of bound, non-terminal pods; Σ allocatable of the nodes. Keys in first-seen order. */
  readonly requested = new Map<string, number>([['cpu', 0], ['memory', 0]]);
  readonly allocatable = new Map<string, number>([['cpu', 0], ['memory', 0]]);
  private readonly counted = new WeakMap<Pod, ResourceList>();
  private readonly nodes = new Map<string, ResourceList>();

  constructor(private readonly api: ApiServer) {
    api.store.observe<Pod>('Pod', (type, pod) => this.onPod(type, pod));
    api.store.observe<Node>('Node', (type, node) => this.onNode(type, node));
  }

  private onPod(type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: Pod): void {
    const had = this.counted.get(pod);
    const bound = type !== 'DELETED' && pod.spec.nodeName !== undefined && !isTerminal(pod);
    if (bound && !had) {
      const req = this.api.resourcesOf(pod).requests;
      this.counted.set(pod, req);
      this.podsBound++;
      add(this.requested, req, 1);
    } else if (!bound && had) {
      this.counted.delete(pod);
      this.podsBound--;
      add(this.requested, had, -1);
    }
  }

  private onNode(type: 'ADDED' | 'MODIFIED' | 'DELETED', node: Node): void {
    const name = node.metadata.name;
    const old = this.nodes.get(name);
    if (old) add(this.allocatable, old, -1);
    if (type === 'DELETED') {
      this.nodes.delete(name);
      return;
    }
    // Every resource but the pod count, in the node's key order; built without `delete`, which
    // would leave the copy a dictionary-mode (slow) object (`pods` is not the last key).
    const now: ResourceList = {};
    const alloc = node.status.allocatable;
    for (const k of Object.keys(alloc)) if (k !== 'pods') now[k] = alloc[k]!;
    this.nodes.set(name, now);
    add(this.allocatable, now, 1);
  }

  sample(_now: number, emit: SeriesEmit): void {
    emit('', 'pods_bound', this.podsBound);
    emit('', 'cpu_requested_m', this.requested.get('cpu')!);
    emit('', 'cpu_allocatable_m', this.allocatable.get('cpu')!);
    emit('', 'memory_requested_bytes', this.requested.get('memory')!);
    emit('', 'memory_allocatable_bytes', this.allocatable.get('memory')!);
    for (const r of this.extended()) {
      emit('', `${r}_requested`, this.requested.get(r) ?? 0);
      emit('', `${r}_allocatable`, this.allocatable.get(r) ?? 0);
    }
  }

  /** Extended resources seen on nodes or pods, nodes' first, each in first-seen order. */
  private extended(): string[] {
    const out: string[] = [];
    for (const k of this.allocatable.keys()) if (k !== 'cpu' && k !== 'memory' && k !== 'ephemeral-storage') out.push(k);
    for (const k of this.requested.keys()) if (k !== 'cpu' && k !== 'memory' && k !== 'ephemeral-storage' && !this.allocatable.has(k)) out.push(k);
    return out;
  }
}

function add(into: Map<string, number>, list: ResourceList, sign: 1 | -1): void {
  for (const [k, v] of Object.entries(list)) into.set(k, (into.get(k) ?? 0) + sign * v);
}

/** Registers the cluster series and pods.csv's gpu_request column (GPUs the pod requests). */
export function registerClusterTotals(m: MetricsRegistry, api: ApiServer): ClusterTotals {
  const t = new ClusterTotals(api);
  m.addSeries('cluster', t);
  m.addPodColumns({
    columns: ['gpu_request'],
    values: (pod: Pod) => {
      let req: ResourceList;
      try {
        req = api.resourcesOf(pod).requests;
      } catch {
        return [0];
      }
      let gpus = 0;
      for (const [k, v] of Object.entries(req)) if (isGpuResource(k)) gpus += v;
      return [gpus];
    },
  });
  return t;
}
