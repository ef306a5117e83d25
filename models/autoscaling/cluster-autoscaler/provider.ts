// The cloud side of node groups as the cluster autoscaler sees it (upstream cloudprovider.NodeGroup):
// instances that are provisioning (not yet registered Nodes), registered nodes per pool, and the
// node operations the autoscaler needs. The autoscaler only talks to this interface, so node
// operations with PodDisruptionBudgets (models/nodes/lifecycle.ts, models/api/eviction.ts) can be swapped in.

import { sampler, type DistributionSpec, type EventHandle, type Rng, type Simulation } from '../../../sim/index.js';
import type { ApiServer } from '../../api/apiserver.js';
import { POOL_LABEL } from '../../api/well-known-labels.js';
import type { InstanceListener } from '../../nodes/cost.js';
import type { NodePoolSpec } from '../../nodes/pools.js';
import type { Node, Pod } from '../../api/types.js';
import { TO_BE_DELETED_TAINT } from './policy/drain.js';

/** A node being provisioned: exists at the cloud provider, not yet a registered Node. */
export interface UpcomingNode {
  readonly id: number;
  readonly pool: string;
  /** Node index the instance will register with (name <pool>-<index>, zone round-robin). */
  readonly index: number;
  readonly createdAt: number;
  /** When it registers as a Ready node (Infinity: never within the run). */
  readonly readyAt: number;
}

export interface NodeGroupProvider {
  readonly pools: readonly NodePoolSpec[];
  /** Registered nodes of a pool, in registration order. */
  nodesOf(pool: string): readonly string[];
  upcoming(pool: string): readonly UpcomingNode[];
  /** The index the next new node of the pool gets (template nodes use it for their zone). */
  nextIndex(pool: string): number;
  /** Start provisioning `n` nodes (cloud scale-up); they register after the pool's provisioning time. */
  increaseSize(pool: string, n: number): UpcomingNode[];
  /** Give up on an instance that never registered (max-node-provision-time). */
  cancelUpcoming(id: number): void;
  /** Register a Ready node now (scenario start, timeline, end of provisioning). */
  addNode(pool: string, index?: number): Node;
  /** Delete the node: its pods are removed (the pod GC of a vanished node) and it leaves the store. */
  deleteNode(name: string): void;
  /** Evict through the Eviction API; false if a PodDisruptionBudget forbids it now. */
  evictPod(pod: Pod, reason: string, gracePeriodSeconds?: number): boolean;
  /** True if evicting `pod` now would violate a PodDisruptionBudget. */
  pdbBlocks(pod: Pod): boolean;
  taintToBeDeleted(name: string): void;
  untaintToBeDeleted(name: string): void;
  addListener(l: InstanceListener): void;
}

/** What the default provider needs from the cluster model (ClusterModel satisfies it). */
export interface ClusterLike {
  readonly sim: Simulation;
  readonly api: ApiServer;
  readonly streams: { stream(name: string): Rng };
  readonly pools: Map<string, { spec: NodePoolSpec; nextIndex: number }>;
  readonly kubelet: { nodeDown(name: string): void; removeNode(name: string): void; podsOn(name: string): Pod[] };
  readonly scheduler: { cache: { updateNode(node: Node): void } };
  addNode(pool: string, index?: number): Node;
}

/** Default provisioning time when a pool sets none: a typical cloud VM boot + kubelet registration. */
export const DEFAULT_PROVISIONING_TIME: DistributionSpec = { constant: 60_000 };

const onReady = (a: { p: ClusterNodeGroupProvider; id: number }) => a.p.register(a.id);

/** Node operations the provider delegates to: the Eviction API (with PDBs) and node removal. */
export interface NodeOperations {
  eviction: { evict(pod: Pod, gracePeriodSeconds?: number): { ok: boolean }; allows(pod: Pod): boolean };
  remove(name: string): void;
}

/**
 * The provider over ClusterModel. With node operations, evictions go through the Eviction API
 * (PodDisruptionBudgets respected) and node deletion through the node lifecycle (pod GC);
 * without them (unit tests), eviction is a plain graceful delete.
 */
export class ClusterNodeGroupProvider implements NodeGroupProvider {
  readonly pools: NodePoolSpec[];
  private readonly members = new Map<string, Set<string>>();
  private readonly pending = new Map<number, { up: UpcomingNode; handle: EventHandle | null }>();
  private readonly listeners: InstanceListener[] = [];
  private readonly provisioning = new Map<string, () => number>();
  private nextId = 1;

  constructor(
    private readonly m: ClusterLike,
    private readonly ops?: NodeOperations,
  ) {
    this.pools = [...m.pools.values()].map((p) => p.spec);
    for (const p of this.pools) {
      this.members.set(p.name, new Set());
      this.provisioning.set(p.name, sampler(p.provisioningTime ?? DEFAULT_PROVISIONING_TIME, m.streams.stream(`nodepool/${p.name}/provisioning`)));
    }
    for (const n of m.api.store.list<Node>('Node')) this.track('ADDED', n);
    m.api.store.observe<Node>('Node', (type, n) => this.track(type, n));
  }

  private track(type: 'ADDED' | 'MODIFIED' | 'DELETED', n: Node): void {
    const pool = n.metadata.labels?.[POOL_LABEL];
    const set = pool !== undefined ? this.members.get(pool) : undefined;
    if (!set) return;
    if (type === 'ADDED') set.add(n.metadata.name);
    else if (type === 'DELETED') set.delete(n.metadata.name);
  }

  addListener(l: InstanceListener): void {
    this.listeners.push(l);
  }

  nodesOf(pool: string): readonly string[] {
    return [...(this.members.get(pool) ?? [])];
  }

  nodeCount(pool: string): number {
    return this.members.get(pool)?.size ?? 0;
  }

  upcoming(pool: string): readonly UpcomingNode[] {
    const out: UpcomingNode[] = [];
    for (const { up } of this.pending.values()) if (up.pool === pool) out.push(up);
    return out;
  }

  nextIndex(pool: string): number {
    return this.poolState(pool).nextIndex;
  }

  private poolState(pool: string) {
    const p = this.m.pools.get(pool);
    if (!p) throw new Error(`unknown node pool "${pool}"`);
    return p;
  }

  increaseSize(pool: string, n: number): UpcomingNode[] {
    const st = this.poolState(pool);
    const now = this.m.sim.now;
    const out: UpcomingNode[] = [];
    for (let i = 0; i < n; i++) {
      const delay = Math.max(0, Math.round(this.provisioning.get(pool)!()));
      const up: UpcomingNode = { id: this.nextId++, pool, index: st.nextIndex++, createdAt: now, readyAt: now + delay };
      const rec = { up, handle: null as EventHandle | null };
      this.pending.set(up.id, rec);
      rec.handle = this.m.sim.at(up.readyAt, onReady, { p: this, id: up.id });
      for (const l of this.listeners) l.instanceStarted(pool, now);
      out.push(up);
    }
    return out;
  }

  /** @internal provisioning finished: the node registers, Ready. */
  register(id: number): void {
    const rec = this.pending.get(id);
    if (!rec) return;
    this.pending.delete(id);
    for (const l of this.listeners) l.instanceEnded(rec.up.pool, this.m.sim.now);
    this.addNode(rec.up.pool, rec.up.index);
  }

  cancelUpcoming(id: number): void {
    const rec = this.pending.get(id);
    if (!rec) return;
    if (rec.handle) this.m.sim.cancel(rec.handle);
    this.pending.delete(id);
    for (const l of this.listeners) l.instanceEnded(rec.up.pool, this.m.sim.now);
  }

  addNode(pool: string, index?: number): Node {
    return this.m.addNode(pool, index);
  }

  deleteNode(name: string): void {
    const node = this.m.api.store.get<Node>('Node', undefined, name);
    if (!node) return;
    if (this.ops) {
      this.ops.remove(name);
      return;
    }
    this.m.kubelet.nodeDown(name);
    for (const pod of this.m.kubelet.podsOn(name)) this.m.api.removePod(pod);
    this.m.kubelet.removeNode(name);
    this.m.api.delete(node);
  }

  evictPod(pod: Pod, _reason: string, gracePeriodSeconds?: number): boolean {
    if (this.ops) return this.ops.eviction.evict(pod, gracePeriodSeconds).ok;
    if (this.pdbBlocks(pod)) return false;
    this.m.api.delete(pod, gracePeriodSeconds !== undefined ? { gracePeriodSeconds } : {});
    return true;
  }

  pdbBlocks(pod: Pod): boolean {
    return this.ops ? !this.ops.eviction.allows(pod) : false;
  }

  taintToBeDeleted(name: string): void {
    const node = this.m.api.store.get<Node>('Node', undefined, name);
    if (!node) return;
    const taints = node.spec.taints ?? [];
    if (taints.some((t) => t.key === TO_BE_DELETED_TAINT)) return;
    node.spec.taints = [...taints, { key: TO_BE_DELETED_TAINT, value: String(Math.floor(this.m.sim.now / 1000)), effect: 'NoSchedule' }];
    this.m.scheduler.cache.updateNode(node);
    this.m.api.updateInPlace(node);
  }

  untaintToBeDeleted(name: string): void {
    const node = this.m.api.store.get<Node>('Node', undefined, name);
    if (!node?.spec.taints) return;
    node.spec.taints = node.spec.taints.filter((t) => t.key !== TO_BE_DELETED_TAINT);
    this.m.scheduler.cache.updateNode(node);
    this.m.api.updateInPlace(node);
  }
}
