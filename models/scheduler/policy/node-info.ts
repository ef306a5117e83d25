// NodeInfo and SchedulerCache: the scheduler's view of the cluster, kept incrementally.
// Every field a hot path reads is a number or a pre-extracted reference; addPod/removePod update
// the sums in O(1) (plus O(#resources of the pod)), never by rescanning a node.
import type { Node, Pod, PodResources, ResourceList, Taint, PodAffinityTerm, WeightedPodAffinityTerm } from '../../api/types.js';
import { SpreadIndex } from './spread-index.js';
import { ResourceScores } from './resource-scores.js';
import { withLabelKeys } from './affinity-label-keys.js';

export const DefaultMilliCPURequest = 100;
export const DefaultMemoryRequest = 200 * 1024 * 1024;

export function podKey(pod: Pod): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
}

/** A pod as the scheduler sees it: its numbers and the parts of its spec plugins read, extracted once. */
export interface PodInfo {
  readonly key: string;
  readonly pod: Pod;
  readonly res: PodResources;
  readonly priority: number;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** status.startTime, else creationTimestamp, else 0 (virtual ms). */
  readonly startTime: number;
  readonly terminating: boolean;
  readonly requiredAffinity: readonly PodAffinityTerm[];
  readonly requiredAntiAffinity: readonly PodAffinityTerm[];
  readonly preferredAffinity: readonly WeightedPodAffinityTerm[];
  readonly preferredAntiAffinity: readonly WeightedPodAffinityTerm[];
  /** Has any pod (anti-)affinity term (upstream NodeInfo.PodsWithAffinity membership). */
  readonly hasAffinity: boolean;
  /** BestEffort for scoring: requests no cpu and no memory. */
  readonly bestEffort: boolean;
  /** Hot-path copies of res.requests / res.nonZero. */
  readonly reqCpu: number;
  readonly reqMem: number;
  readonly nzCpu: number;
  readonly nzMem: number;
  /** Requested resources other than cpu and memory with a value > 0 (ephemeral-storage, extended). */
  readonly otherReqs: readonly (readonly [string, number])[];
}

const NONE: readonly never[] = Object.freeze([]);

export function makePodInfo(pod: Pod, res: PodResources): PodInfo {
  const a = pod.spec.affinity;
  let ra: readonly PodAffinityTerm[] = NONE, raa: readonly PodAffinityTerm[] = NONE;
  let pa: readonly WeightedPodAffinityTerm[] = NONE, paa: readonly WeightedPodAffinityTerm[] = NONE;
  if (a?.podAffinity !== undefined || a?.podAntiAffinity !== undefined) {
    const l = pod.metadata.labels ?? {};
    ra = withLabelKeys(a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? NONE, l);
    raa = withLabelKeys(a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? NONE, l);
    pa = withLabelKeys(a.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? NONE, l);
    paa = withLabelKeys(a.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? NONE, l);
  }
  return {
    key: podKey(pod),
    pod,
    res,
    priority: pod.spec.priority ?? 0,
    namespace: pod.metadata.namespace ?? 'default',
    labels: pod.metadata.labels ?? {},
    startTime: pod.status?.startTime ?? pod.metadata.creationTimestamp ?? 0,
    terminating: pod.metadata.deletionTimestamp !== undefined,
    requiredAffinity: ra,
    requiredAntiAffinity: raa,
    preferredAffinity: pa,
    preferredAntiAffinity: paa,
    hasAffinity: ra.length + raa.length + pa.length + paa.length > 0,
    bestEffort: !(res.requests['cpu']! > 0) && !(res.requests['memory']! > 0),
    reqCpu: res.requests['cpu'] ?? 0,
    reqMem: res.requests['memory'] ?? 0,
    nzCpu: res.nonZero.cpu,
    nzMem: res.nonZero.memory,
    otherReqs: otherRequests(res.requests),
  };
}

/** Requests other than cpu/memory with a value > 0, in key order; the shared empty array if none. */
function otherRequests(requests: ResourceList): readonly (readonly [string, number])[] {
  let out: [string, number][] | null = null;
  for (const k in requests) {
    if (k === 'cpu' || k === 'memory') continue;
    const v = requests[k]!;
    if (v > 0) (out ??= []).push([k, v]);
  }
  return out ?? NONE;
}

/** One node's aggregate state. Treat as read-only outside SchedulerCache. */
export class NodeInfo {
  node: Node;
  name: string;
  labels: Readonly<Record<string, string>>;
  taints: readonly Taint[];
  unschedulable: boolean;
  /** Allocatable incl. `pods` (max pods). */
  allocatable: ResourceList;
  allocCpu = 0;
  allocMem = 0;
  allocPods = 0;
  /** Σ real requests of the pods here (all resource names). */
  readonly requested: ResourceList = {};
  reqCpu = 0;
  reqMem = 0;
  /** Σ non-zero (scoring) requests. */
  nzCpu = 0;
  nzMem = 0;
  /** Pods on the node; order is not meaningful (swap-remove). */
  readonly pods: PodInfo[] = [];
  readonly podsWithAffinity: PodInfo[] = [];
  readonly podsWithRequiredAntiAffinity: PodInfo[] = [];
  private readonly index = new Map<string, number>();
  /** Set for NodeInfos held by a SchedulerCache: their numbers are mirrored into `arrays` at `slot`. */
  arrays: NodeArrays | null = null;
  slot = -1;
  /** Bumped whenever the Node object is set (labels, taints, unschedulable may have changed). */
  version = 0;

  constructor(node: Node) {
    this.node = node;
    this.name = node.metadata.name;
    this.labels = node.metadata.labels ?? {};
    this.taints = node.spec.taints ?? [];
    this.unschedulable = !!node.spec.unschedulable;
    this.allocatable = node.status.allocatable;
    this.setNode(node);
  }

  setNode(node: Node): void {
    this.version++;
    this.node = node;
    this.labels = node.metadata.labels ?? {};
    this.taints = node.spec.taints ?? [];
    this.unschedulable = !!node.spec.unschedulable;
    this.allocatable = node.status.allocatable;
    this.allocCpu = this.allocatable['cpu'] ?? 0;
    this.allocMem = this.allocatable['memory'] ?? 0;
    this.allocPods = this.allocatable['pods'] ?? 0;
    this.arrays?.write(this);
  }

  get podCount(): number { return this.pods.length; }

  hasPod(key: string): boolean { return this.index.has(key); }

  addPod(pi: PodInfo): void {
    if (this.index.has(pi.key)) throw new Error(`pod ${pi.key} already on node ${this.name}`);
    this.index.set(pi.key, this.pods.length);
    this.pods.push(pi);
    this.account(pi, 1);
    if (pi.hasAffinity) this.podsWithAffinity.push(pi);
    if (pi.requiredAntiAffinity.length) this.podsWithRequiredAntiAffinity.push(pi);
  }

  /** Returns the removed PodInfo, or undefined if the pod is not here. */
  removePod(key: string): PodInfo | undefined {
    const i = this.index.get(key);
    if (i === undefined) return undefined;
    const pi = this.pods[i]!;
    const last = this.pods.pop()!;
    if (last !== pi) { this.pods[i] = last; this.index.set(last.key, i); }
    this.index.delete(key);
    this.account(pi, -1);
    if (pi.hasAffinity) removeFrom(this.podsWithAffinity, pi);
    if (pi.requiredAntiAffinity.length) removeFrom(this.podsWithRequiredAntiAffinity, pi);
    return pi;
  }

  private account(pi: PodInfo, sign: 1 | -1): void {
    const r = pi.res.requests;
    for (const k in r) {
      const v = r[k]!;
      if (v === 0) continue;
      const nv = (this.requested[k] ?? 0) + sign * v;
      this.requested[k] = nv;
    }
    this.reqCpu += sign * pi.reqCpu;
    this.reqMem += sign * pi.reqMem;
    this.nzCpu += sign * pi.nzCpu;
    this.nzMem += sign * pi.nzMem;
    this.arrays?.write(this);
  }

  /** A detached copy (for preemption dry runs). */
  clone(): NodeInfo {
    const c = new NodeInfo(this.node);
    for (const p of this.pods) c.addPod(p);
    return c;
  }
}

function hasPreferNoSchedule(ni: NodeInfo): boolean {
  for (const t of ni.taints) if (t.effect === 'PreferNoSchedule') return true;
  return false;
}

function removeFrom<T>(arr: T[], x: T): void {
  const i = arr.indexOf(x);
  if (i >= 0) arr.splice(i, 1);
}

/**
 * Struct-of-arrays mirror of the per-node numbers the filter/score hot path reads, indexed like
 * SchedulerCache.nodes (NodeInfo.slot). NodeInfo writes its own slot whenever it changes
 * (setNode, addPod, removePod), so the mirror cannot go stale; detached clones have no mirror.
 */
export class NodeArrays {
  allocCpu = new Float64Array(0);
  allocMem = new Float64Array(0);
  allocPods = new Float64Array(0);
  podCount = new Float64Array(0);
  reqCpu = new Float64Array(0);
  reqMem = new Float64Array(0);
  nzCpu = new Float64Array(0);
  nzMem = new Float64Array(0);
  /** Bit NODE_UNSCHEDULABLE: spec.unschedulable; bit NODE_TAINTED: has any taint. */
  flags = new Uint8Array(0);
  /**
   * Bumped on every write of the slot (never 0 once written): a value computed from the slot's
   * numbers and stamped with it is still right while the two are equal (resource-scores.ts).
   */
  ver = new Uint32Array(0);

  ensure(n: number): void {
    if (this.flags.length >= n) return;
    let cap = Math.max(16, this.flags.length);
    while (cap < n) cap *= 2;
    const grow = <T extends Float64Array | Uint8Array | Uint32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.allocCpu = grow(this.allocCpu); this.allocMem = grow(this.allocMem); this.allocPods = grow(this.allocPods);
    this.podCount = grow(this.podCount); this.reqCpu = grow(this.reqCpu); this.reqMem = grow(this.reqMem);
    this.nzCpu = grow(this.nzCpu); this.nzMem = grow(this.nzMem); this.flags = grow(this.flags);
    this.ver = grow(this.ver);
  }

  write(ni: NodeInfo): void {
    const i = ni.slot;
    this.allocCpu[i] = ni.allocCpu; this.allocMem[i] = ni.allocMem; this.allocPods[i] = ni.allocPods;
    this.podCount[i] = ni.pods.length;
    this.reqCpu[i] = ni.reqCpu; this.reqMem[i] = ni.reqMem; this.nzCpu[i] = ni.nzCpu; this.nzMem[i] = ni.nzMem;
    this.flags[i] = (ni.unschedulable ? NODE_UNSCHEDULABLE : 0) | (ni.taints.length !== 0 ? NODE_TAINTED : 0);
    const v = this.ver[i]! + 1;
    this.ver[i] = v > 0xffffffff ? 1 : v;
  }
}
export const NODE_UNSCHEDULABLE = 1;
export const NODE_TAINTED = 2;

/**
 * All NodeInfos in a stable order (node insertion order), plus pod → node bookkeeping, the
 * round-robin filter start index and nominated pods (for preemption).
 */
export class SchedulerCache {
  readonly nodes: NodeInfo[] = [];
  /** Per-node numbers of `nodes`, same indices. */
  readonly arrays = new NodeArrays();
  /** Nodes with at least one PreferNoSchedule taint (TaintToleration PreScore skips when 0). */
  numNodesWithPreferNoSchedule = 0;
  private readonly byName = new Map<string, NodeInfo>();
  private readonly podNode = new Map<string, NodeInfo>();
  /** Upstream Scheduler.nextStartNodeIndex: where the next cycle's filtering starts. */
  nextStartNodeIndex = 0;
  /** Count of pods (cluster-wide) with any pod (anti-)affinity term / a required anti-affinity term. */
  numPodsWithAffinity = 0;
  numPodsWithRequiredAntiAffinity = 0;
  /** nodeName → pods nominated to it (status.nominatedNodeName), not yet bound. */
  readonly nominated = new Map<string, PodInfo[]>();
  private readonly nominatedNode = new Map<string, string>();
  /** Matching-pod counts per selector for PodTopologySpread's default constraints (spread-index.ts). */
  readonly spread = new SpreadIndex();
  /** Default resource scores per node and pod request shape, reused while a node is unchanged (resource-scores.ts). */
  readonly resourceScores = new ResourceScores();

  get size(): number { return this.nodes.length; }
  getNode(name: string): NodeInfo | undefined { return this.byName.get(name); }
  nodeOfPod(key: string): string | undefined { return this.podNode.get(key)?.name; }

  addNode(node: Node): NodeInfo {
    const name = node.metadata.name;
    if (this.byName.has(name)) throw new Error(`node ${name} already in cache`);
    const ni = new NodeInfo(node);
    this.nodes.push(ni);
    this.byName.set(name, ni);
    this.attach(ni, this.nodes.length - 1);
    if (hasPreferNoSchedule(ni)) this.numNodesWithPreferNoSchedule++;
    this.spread.onNodeAdded(ni);
    return ni;
  }

  private attach(ni: NodeInfo, slot: number): void {
    this.arrays.ensure(slot + 1);
    ni.slot = slot;
    ni.arrays = this.arrays;
    this.arrays.write(ni);
  }

  /** Replace the Node object (labels, taints, unschedulable, allocatable); pods stay. */
  updateNode(node: Node): void {
    const ni = this.byName.get(node.metadata.name);
    if (!ni) { this.addNode(node); return; }
    if (hasPreferNoSchedule(ni)) this.numNodesWithPreferNoSchedule--;
    const oldLabels = ni.labels;
    ni.setNode(node);
    if (hasPreferNoSchedule(ni)) this.numNodesWithPreferNoSchedule++;
    if (ni.labels !== oldLabels) this.spread.onNodeLabels(ni);
  }

  /** Removes the node and forgets its pods. */
  removeNode(name: string): void {
    const ni = this.byName.get(name);
    if (!ni) return;
    for (const p of [...ni.pods]) this.removePod(p.key);
    const i = this.nodes.indexOf(ni);
    const before = this.nodes.length;
    this.nodes.splice(i, 1);
    this.byName.delete(name);
    if (hasPreferNoSchedule(ni)) this.numNodesWithPreferNoSchedule--;
    ni.arrays = null;
    ni.slot = -1;
    for (let j = i; j < this.nodes.length; j++) this.attach(this.nodes[j]!, j);
    this.spread.onNodeRemoved(i, before);
    if (this.nodes.length === 0) this.nextStartNodeIndex = 0;
    else if (i < this.nextStartNodeIndex) this.nextStartNodeIndex--;
    if (this.nextStartNodeIndex >= this.nodes.length) this.nextStartNodeIndex = 0;
  }

  /** Account a bound (or assumed) pod on a node. */
  addPod(pod: Pod, res: PodResources, nodeName: string): PodInfo {
    return this.addPodInfo(makePodInfo(pod, res), nodeName);
  }

  addPodInfo(pi: PodInfo, nodeName: string): PodInfo {
    const ni = this.byName.get(nodeName);
    if (!ni) throw new Error(`addPod ${pi.key}: unknown node ${nodeName}`);
    if (this.podNode.has(pi.key)) throw new Error(`pod ${pi.key} already on node ${this.podNode.get(pi.key)!.name}`);
    this.clearNomination(pi.key);
    ni.addPod(pi);
    this.podNode.set(pi.key, ni);
    if (this.spread.size !== 0) this.spread.onPod(pi, ni, 1);
    if (pi.hasAffinity) this.numPodsWithAffinity++;
    if (pi.requiredAntiAffinity.length) this.numPodsWithRequiredAntiAffinity++;
    return pi;
  }

  /** Remove by pod or key; no-op if unknown. */
  removePod(podOrKey: Pod | string): PodInfo | undefined {
    const key = typeof podOrKey === 'string' ? podOrKey : podKey(podOrKey);
    const ni = this.podNode.get(key);
    if (!ni) return undefined;
    const pi = ni.removePod(key)!;
    this.podNode.delete(key);
    if (this.spread.size !== 0) this.spread.onPod(pi, ni, -1);
    if (pi.hasAffinity) this.numPodsWithAffinity--;
    if (pi.requiredAntiAffinity.length) this.numPodsWithRequiredAntiAffinity--;
    return pi;
  }

  /** Replace a pod's PodInfo (e.g. it started terminating), keeping its node. */
  updatePod(pod: Pod, res: PodResources): void {
    const key = podKey(pod);
    const ni = this.podNode.get(key);
    if (!ni) return;
    this.removePod(key);
    this.addPod(pod, res, ni.name);
  }

  /** Record status.nominatedNodeName (after preemption). */
  nominate(pod: Pod, res: PodResources, nodeName: string): void {
    const pi = makePodInfo(pod, res);
    this.clearNomination(pi.key);
    let list = this.nominated.get(nodeName);
    if (!list) { list = []; this.nominated.set(nodeName, list); }
    list.push(pi);
    this.nominatedNode.set(pi.key, nodeName);
  }

  clearNomination(key: string): void {
    if (this.nominatedNode.size === 0) return; // nothing nominated: no lookup (every bind calls this)
    const n = this.nominatedNode.get(key);
    if (n === undefined) return;
    this.nominatedNode.delete(key);
    const list = this.nominated.get(n)!;
    const i = list.findIndex((p) => p.key === key);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.nominated.delete(n);
  }
}
