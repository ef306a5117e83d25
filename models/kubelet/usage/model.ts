// The container resource model, as the kubelet and the kernel do it: per-container demand from
// Behavior profiles (+ load from the traffic model), CPU divided on each node by cpu.shares and
// capped by CFS quota (throttling accounted), memory working sets with leaks, OOM kills at the
// memory limit and by the node's kernel when the whole node runs out, QoS class and
// oom_score_adj. Node-pressure eviction lives in eviction-manager.ts; reports in outputs.ts.
//
// Event-driven: a node's CPU allocation is recomputed only when something on it changes (one
// flush per node per instant), usage integrals are piecewise-constant between changes, memory
// is linear between changes, so OOM crossings are computed analytically and scheduled as one
// kernel event. Random walks step on one per-node timer, only on nodes that have walks.

import type { EventHandle, Rng, Simulation, TimerHandle } from '../../../sim/index.js';
import type { ApiServer } from '../../api/apiserver.js';
import type { BehaviorCatalog, ContainerBehavior } from '../behavior.js';
import type { ContainerListener, Kubelet } from '../kubelet.js';
import { POOL_LABEL } from '../../api/well-known-labels.js';
import { DEFAULT_EVICTION_HARD, hardEvictionReservation, type EvictionThresholds } from '../policy/eviction.js';
import { milliCpuToShares, oomScoreAdj } from '../policy/cgroups.js';
import { cfsThrottling, shareCpu } from '../policy/cpu-sharing.js';
import { podQOSClass, type QOSClass } from '../../api/policy/qos.js';
import { controllerRef } from '../../api/store.js';
import type { Node, Pod, PodResources } from '../../api/types.js';
import { Acc, type Contribution } from './accounting.js';
import { defaultCpuBase, defaultMemoryBase, levelAt, nextChangeAfter, parseProfile, type UsageProfile } from './resource-profiles.js';
import type { PodUsage, ResourceUsageModel } from './contract.js';

export const OOM_KILLED_EXIT = 137;
export const OOM_KILLED_REASON = 'OOMKilled';

/** Totals of a workload (top controller) or a node pool, kept up to date incrementally. */
export interface Group {
  key: string;
  acc: Acc;
  cpuRequested: number;
  cpuLimit: number;
  memRequested: number;
  memLimit: number;
  /** Bound, non-terminal pods. */
  pods: number;
  oomKills: number;
}

export interface PoolGroup extends Group {
  nodes: number;
  nodesReady: number;
  cpuAllocatable: number;
  memAllocatable: number;
}

/** What the model knows of a pod from the moment it is bound to a node. */
export interface PodRecord {
  pod: Pod;
  node: NodeState;
  qos: QOSClass;
  res: PodResources;
  /** oom_score_adj per main container. */
  oomAdj: number[];
  workload: Group;
  acc: Acc;
  boundAt: number;
  endedAt: number | undefined;
  active: boolean;
  slots: (Slot | undefined)[];
  /** Exact CFS counters (cfsThrottling per piecewise-constant segment). */
  periods: number;
  throttledPeriods: number;
  throttledMs: number;
  oomKills: number;
  evicted: boolean;
}

/** One running main container. */
export interface Slot {
  rec: PodRecord;
  index: number;
  name: string;
  start: number;
  cpu: UsageProfile;
  mem: UsageProfile;
  cpuLimit: number | undefined;
  memLimit: number | undefined;
  memRequest: number;
  shares: number;
  cpuWalk: number;
  memWalk: number;
  nextWalkAt: number;
  walkPeriod: number;
  demand: number;
  memLevel: number;
  contrib: Contribution;
  /** Start of the current piecewise-constant CPU segment. */
  since: number;
  changeTimer: EventHandle | null;
  oomTimer: EventHandle | null;
  /** Last capacity announced to listeners. */
  lastCapacity: number;
}

export interface NodeState {
  node: Node;
  name: string;
  pool: PoolGroup;
  cpuAllocatable: number;
  memCapacity: number;
  /** Working set above which the node's kernel OOM-kills (kubepods: capacity − reserved). */
  oomLimit: number;
  ready: boolean;
  slots: Set<Slot>;
  pods: Set<PodRecord>;
  acc: Acc;
  dirty: boolean;
  flushEv: EventHandle | null;
  oomEv: EventHandle | null;
  /** Contended node: each unconstrained container gets lambda × shares. */
  saturated: boolean;
  lambda: number;
  free: number;
  walkers: number;
  tick: TimerHandle | null;
  tickPeriod: number;
  rng: Rng;
}

/** Hook for the eviction manager: memory on a node changed (its crossing time may move). */
export interface MemoryWatcher {
  memoryChanged(n: NodeState): void;
  nodeAdded(n: NodeState): void;
}

const onFlush = (a: { m: ContainerUsage; n: NodeState }) => a.m.flush(a.n);
const onSlotChange = (a: { m: ContainerUsage; s: Slot }) => a.m.slotChanged(a.s);
const onSlotOom = (a: { m: ContainerUsage; s: Slot }) => a.m.oomKill(a.s, 'limit');
const onNodeOom = (a: { m: ContainerUsage; n: NodeState }) => a.m.nodeOom(a.n);
const onTick = (a: { m: ContainerUsage; n: NodeState }) => a.m.tick(a.n);

const EMPTY_LOAD: readonly { cpu: number; mem: number }[] = [];

export class ContainerUsage implements ResourceUsageModel, ContainerListener {
  readonly nodes = new Map<string, NodeState>();
  readonly pools = new Map<string, PoolGroup>();
  readonly workloads = new Map<string, Group>();
  readonly global = new Acc();
  oomKills = 0;
  evictions = 0;
  private readonly records = new WeakMap<Pod, PodRecord>();
  private readonly loads = new WeakMap<Pod, { cpu: number; mem: number }[]>();
  /** Parsed profiles per resolved behaviour and default base (quantities parsed once). */
  private readonly profiles = new WeakMap<ContainerBehavior, Map<string, UsageProfile>>();
  private readonly listeners: ((pod: Pod) => void)[] = [];
  private watcher: MemoryWatcher | undefined;
  /** Nodes with a CPU split to recompute (their flush event is pending). */
  private readonly dirty = new Set<NodeState>();

  constructor(
    readonly sim: Simulation,
    readonly api: ApiServer,
    private readonly kubelet: Kubelet,
    private readonly catalog: BehaviorCatalog,
    private readonly streams: { stream(name: string): Rng },
    /** The hard thresholds node allocatable reserves for (what makeNode was given). */
    private readonly allocatableEvictionHard: EvictionThresholds = DEFAULT_EVICTION_HARD,
  ) {
    kubelet.addListener(this);
    // QoS class is set by the API server when the pod is created (status.qosClass).
    api.addPodAdmission({
      name: 'QoSClass',
      admit: () => {},
      admitted: (pod, res) => {
        pod.status.qosClass = podQOSClass(res.containers, res.initContainers);
      },
    });
    const store = api.store;
    store.observe<Node>('Node', (type, node) => this.onNode(type, node));
    store.observe<Pod>('Pod', (type, pod) => this.onPod(type, pod));
  }

  setMemoryWatcher(w: MemoryWatcher): void {
    this.watcher = w;
    for (const n of this.nodes.values()) w.nodeAdded(n);
  }

  // ---- ResourceUsageModel ----

  setLoadDemand(pod: Pod, cpuMilli: number, memoryBytes: number, container?: string): void {
    let idx = 0;
    if (container !== undefined) {
      idx = pod.spec.containers.findIndex((c) => c.name === container);
      if (idx < 0) throw new Error(`pod ${pod.metadata.name} has no container "${container}"`);
    }
    let l = this.loads.get(pod);
    if (!l) {
      l = [];
      this.loads.set(pod, l);
    }
    l[idx] = { cpu: Math.max(0, cpuMilli), mem: Math.max(0, memoryBytes) };
    const s = this.records.get(pod)?.slots[idx];
    if (s) this.relevel(s);
  }

  grantedCpu(pod: Pod): number {
    const r = this.records.get(pod);
    if (!r || !r.active) return 0;
    this.ensureCpu(r.node);
    let g = 0;
    for (const s of r.slots) if (s) g += s.contrib.cpu;
    return g;
  }

  cpuCapacity(pod: Pod): number {
    const r = this.records.get(pod);
    if (!r || !r.active) return 0;
    this.ensureCpu(r.node);
    let c = 0;
    for (const s of r.slots) if (s) c += this.slotCapacity(r.node, s);
    return c;
  }

  usage(pod: Pod): PodUsage {
    const r = this.records.get(pod);
    if (!r || !r.active) return { cpuMilli: 0, memoryBytes: 0 };
    return { cpuMilli: this.grantedCpu(pod), memoryBytes: r.acc.memoryAt(this.sim.now) };
  }

  onCapacityChange(listener: (pod: Pod) => void): void {
    this.listeners.push(listener);
  }

  /** The model's record of a pod (bound pods only; kept after the pod ends, for reports). */
  record(pod: Pod): PodRecord | undefined {
    return this.records.get(pod);
  }

  /** Memory working set of a node now, bytes. */
  nodeMemory(n: NodeState): number {
    return n.acc.memoryAt(this.sim.now);
  }

  podMemory(r: PodRecord): number {
    return r.active ? r.acc.memoryAt(this.sim.now) : 0;
  }

  slotMemory(s: Slot): number {
    return Math.max(0, s.memLevel + s.mem.leakPerMs * (this.sim.now - s.start));
  }

  // ---- nodes and pods ----

  private pool(name: string): PoolGroup {
    let p = this.pools.get(name);
    if (!p) {
      p = { ...newGroup(name), nodes: 0, nodesReady: 0, cpuAllocatable: 0, memAllocatable: 0 };
      this.pools.set(name, p);
    }
    return p;
  }

  private onNode(type: 'ADDED' | 'MODIFIED' | 'DELETED', node: Node): void {
    const name = node.metadata.name;
    let n = this.nodes.get(name);
    if (type === 'DELETED') {
      if (!n) return;
      n.pool.nodes--;
      if (n.ready) n.pool.nodesReady--;
      n.pool.cpuAllocatable -= n.cpuAllocatable;
      n.pool.memAllocatable -= n.node.status.allocatable['memory'] ?? 0;
      if (n.tick) this.sim.cancel(n.tick);
      this.nodes.delete(name);
      return;
    }
    const ready = node.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True');
    if (!n) {
      const pool = this.pool(node.metadata.labels?.[POOL_LABEL] ?? '');
      const cap = node.status.capacity['memory'] ?? 0;
      const alloc = node.status.allocatable['memory'] ?? 0;
      n = {
        node,
        name,
        pool,
        cpuAllocatable: node.status.allocatable['cpu'] ?? 0,
        memCapacity: cap,
        // allocatable = capacity − reserved − the eviction reservation (nodes/pools.ts), so this
        // is capacity − reserved: the kubepods cgroup limit (GetNodeAllocatableAbsolute).
        oomLimit: Math.min(cap, alloc + (hardEvictionReservation(this.allocatableEvictionHard, node.status.capacity)['memory'] ?? 0)),
        ready,
        slots: new Set(),
        pods: new Set(),
        acc: new Acc(this.sim.now),
        dirty: false,
        flushEv: null,
        oomEv: null,
        saturated: false,
        lambda: 0,
        free: node.status.allocatable['cpu'] ?? 0,
        walkers: 0,
        tick: null,
        tickPeriod: 0,
        rng: this.streams.stream(`usage/${name}`),
      };
      this.nodes.set(name, n);
      pool.nodes++;
      if (ready) pool.nodesReady++;
      pool.cpuAllocatable += n.cpuAllocatable;
      pool.memAllocatable += alloc;
      this.watcher?.nodeAdded(n);
      return;
    }
    if (ready !== n.ready) {
      n.pool.nodesReady += ready ? 1 : -1;
      n.ready = ready;
    }
  }

  private onPod(type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: Pod): void {
    const r = this.records.get(pod);
    const terminal = pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
    if (!r) {
      if (type === 'DELETED' || terminal || !pod.spec.nodeName) return;
      const n = this.nodes.get(pod.spec.nodeName);
      if (n) this.track(pod, n);
      return;
    }
    if (r.active && (terminal || type === 'DELETED')) this.untrack(r);
  }

  private track(pod: Pod, n: NodeState): void {
    const res = this.api.resourcesOf(pod);
    const qos = pod.status.qosClass ?? podQOSClass(res.containers, res.initContainers);
    const cap = n.memCapacity > 0 ? n.memCapacity : 1;
    const critical = pod.spec.priority !== undefined && pod.spec.priority >= 2_000_001_000;
    const r: PodRecord = {
      pod,
      node: n,
      qos,
      res,
      oomAdj: res.containers.map((c) => oomScoreAdj(qos, c.requests['memory'] ?? 0, cap, { nodeCritical: critical })),
      workload: this.workload(pod),
      acc: new Acc(this.sim.now),
      boundAt: this.sim.now,
      endedAt: undefined,
      active: true,
      slots: [],
      periods: 0,
      throttledPeriods: 0,
      throttledMs: 0,
      oomKills: 0,
      evicted: false,
    };
    this.records.set(pod, r);
    n.pods.add(r);
    for (const g of [r.workload, n.pool]) addRequests(g, res, 1);
  }

  private untrack(r: PodRecord): void {
    for (const s of r.slots) if (s) this.stopSlot(s);
    r.active = false;
    r.endedAt = this.sim.now;
    r.node.pods.delete(r);
    for (const g of [r.workload, r.node.pool]) addRequests(g, r.res, -1);
  }

  /** namespace/Kind/name of the pod's top controller (ReplicaSet → its Deployment). */
  private workload(pod: Pod): Group {
    const ns = pod.metadata.namespace ?? 'default';
    let ref = controllerRef(pod);
    let key = `${ns}/Pod/${pod.metadata.name}`;
    if (ref) {
      key = `${ns}/${ref.kind}/${ref.name}`;
      if (ref.kind === 'ReplicaSet' || ref.kind === 'Job') {
        const owner = this.api.store.get(ref.kind, ns, ref.name);
        const up = owner ? controllerRef(owner) : undefined;
        if (up) key = `${ns}/${up.kind}/${up.name}`;
      }
    }
    let g = this.workloads.get(key);
    if (!g) {
      g = newGroup(key);
      this.workloads.set(key, g);
    }
    return g;
  }

  // ---- containers (kubelet listener) ----

  containerStarted(pod: Pod, index: number, init: boolean): void {
    // Init containers are short-lived set-up steps: their usage is not modelled.
    if (init) return;
    const r = this.records.get(pod);
    if (!r || !r.active) return;
    const c = pod.spec.containers[index]!;
    const res = r.res.containers[index]!;
    const b = this.catalog.resolve(pod, c);
    const now = this.sim.now;
    const cpu = this.profile(b, 'cpu', defaultCpuBase(res));
    const mem = this.profile(b, 'memory', defaultMemoryBase(res));
    const walkPeriod = Math.min(cpu.walk?.period ?? Infinity, mem.walk?.period ?? Infinity);
    const cpuLimit = res.limits['cpu'];
    const memLimit = res.limits['memory'];
    const s: Slot = {
      rec: r,
      index,
      name: c.name,
      start: now,
      cpu,
      mem,
      cpuLimit: cpuLimit !== undefined && cpuLimit > 0 ? cpuLimit : undefined,
      memLimit: memLimit !== undefined && memLimit > 0 ? memLimit : undefined,
      memRequest: res.requests['memory'] ?? 0,
      shares: milliCpuToShares(res.requests['cpu'] ?? 0),
      cpuWalk: 0,
      memWalk: 0,
      nextWalkAt: now + (Number.isFinite(walkPeriod) ? walkPeriod : 0),
      walkPeriod,
      demand: 0,
      memLevel: 0,
      contrib: { cpu: 0, runnable: 0, throttled: 0, throttledFrac: 0, memConst: 0, memRate: 0 },
      since: now,
      changeTimer: null,
      oomTimer: null,
      lastCapacity: -1,
    };
    this.computeLevels(s);
    r.slots[index] = s;
    const n = r.node;
    n.slots.add(s);
    this.attach(s);
    if (Number.isFinite(walkPeriod)) this.addWalker(n, walkPeriod);
    this.armChange(s);
    this.armOom(s);
    this.touch(n);
  }

  containerStopped(pod: Pod, index: number, init: boolean): void {
    if (init) return;
    const s = this.records.get(pod)?.slots[index];
    if (s) this.stopSlot(s);
  }

  private stopSlot(s: Slot): void {
    const r = s.rec;
    const n = r.node;
    this.settle(s);
    this.detach(s);
    if (s.changeTimer) this.sim.cancel(s.changeTimer);
    if (s.oomTimer) this.sim.cancel(s.oomTimer);
    s.changeTimer = s.oomTimer = null;
    n.slots.delete(s);
    r.slots[s.index] = undefined;
    if (Number.isFinite(s.walkPeriod)) this.removeWalker(n);
    this.touch(n);
  }

  private profile(b: ContainerBehavior, resource: 'cpu' | 'memory', defaultBase: number): UsageProfile {
    let m = this.profiles.get(b);
    if (!m) {
      m = new Map();
      this.profiles.set(b, m);
    }
    const key = `${resource}/${defaultBase}`;
    let p = m.get(key);
    if (!p) {
      p = parseProfile(resource === 'cpu' ? b.cpu : b.memory, resource, defaultBase);
      m.set(key, p);
    }
    return p;
  }

  /** Demand and memory level from the profile, the walk offsets and the load. */
  private computeLevels(s: Slot): void {
    const age = this.sim.now - s.start;
    const load = (this.loads.get(s.rec.pod) ?? EMPTY_LOAD)[s.index];
    s.demand = walkClamp(s.cpu, levelAt(s.cpu, age) + s.cpuWalk) + (load?.cpu ?? 0);
    s.memLevel = walkClamp(s.mem, levelAt(s.mem, age) + s.memWalk) + (load?.mem ?? 0);
  }

  /** A slot's demand or memory level may have changed now: account, re-arm, flush the node. */
  private relevel(s: Slot): void {
    const oldDemand = s.demand;
    const oldMem = s.memLevel;
    this.settle(s);
    this.detach(s);
    this.computeLevels(s);
    this.attach(s);
    if (s.memLevel !== oldMem) this.armOom(s);
    if (s.demand !== oldDemand || s.memLevel !== oldMem) this.touch(s.rec.node);
  }

  /** @internal a step or the end of a burst. */
  slotChanged(s: Slot): void {
    s.changeTimer = null;
    this.relevel(s);
    this.armChange(s);
  }

  private armChange(s: Slot): void {
    const age = this.sim.now - s.start;
    const next = Math.min(nextChangeAfter(s.cpu, age), nextChangeAfter(s.mem, age));
    if (Number.isFinite(next)) s.changeTimer = this.sim.at(s.start + next, onSlotChange, { m: this, s });
  }

  /** Schedule the memory-limit OOM kill at the analytic crossing time, if any. */
  private armOom(s: Slot): void {
    if (s.oomTimer) this.sim.cancel(s.oomTimer);
    s.oomTimer = null;
    if (s.memLimit === undefined) return;
    const now = this.sim.now;
    const rate = s.mem.leakPerMs;
    const cur = s.memLevel + rate * (now - s.start);
    let at: number;
    if (cur > s.memLimit) at = now;
    else if (rate > 0) at = Math.max(now, Math.ceil(s.start + (s.memLimit - s.memLevel) / rate));
    else return;
    s.oomTimer = this.sim.at(at, onSlotOom, { m: this, s });
  }

  /** Close the current CPU segment: exact CFS counters for the pod record. */
  private settle(s: Slot): void {
    const now = this.sim.now;
    if (now <= s.since) return;
    const t = cfsThrottling({ demandMilli: s.demand, ...(s.cpuLimit !== undefined ? { limitMilli: s.cpuLimit } : {}), startMs: s.since, endMs: now });
    const r = s.rec;
    r.periods += t.periods;
    r.throttledPeriods += t.throttledPeriods;
    r.throttledMs += t.throttledTimeMs;
    s.since = now;
  }

  private accs(s: Slot): Acc[] {
    const r = s.rec;
    return [r.acc, r.node.acc, r.workload.acc, r.node.pool.acc, this.global];
  }

  private attach(s: Slot): void {
    const c = s.contrib;
    const L = s.cpuLimit;
    const d = s.demand;
    c.runnable = d > 0 ? 1 : 0;
    c.throttled = L !== undefined && d > L ? 1 : 0;
    c.throttledFrac = c.throttled ? (d - L!) / d : 0;
    c.memRate = s.mem.leakPerMs;
    c.memConst = s.memLevel - c.memRate * s.start;
    const now = this.sim.now;
    for (const a of this.accs(s)) a.apply(now, c, 1);
  }

  private detach(s: Slot): void {
    const now = this.sim.now;
    for (const a of this.accs(s)) a.apply(now, s.contrib, -1);
  }

  // ---- per-node CPU and flush ----

  private touch(n: NodeState): void {
    n.dirty = true;
    this.dirty.add(n);
    if (!n.flushEv) n.flushEv = this.sim.after(0, onFlush, { m: this, n });
  }

  /** Recompute the node's CPU split if anything changed (shareCpu water-filling). */
  ensureCpu(n: NodeState): void {
    if (!n.dirty) return;
    n.dirty = false;
    this.dirty.delete(n);
    const slots = [...n.slots];
    const usage = shareCpu(
      n.cpuAllocatable,
      slots.map((s) => (s.cpuLimit !== undefined ? { demandMilli: s.demand, shares: s.shares, limitMilli: s.cpuLimit } : { demandMilli: s.demand, shares: s.shares })),
    );
    let used = 0;
    let capSum = 0;
    let lambda = 0;
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i]!;
      const u = usage[i]!;
      const cap = s.cpuLimit !== undefined ? Math.min(s.demand, s.cpuLimit) : s.demand;
      used += u;
      capSum += cap;
      if (u < cap - 1e-9) lambda = Math.max(lambda, u / s.shares);
      if (u !== s.contrib.cpu) {
        this.settle(s);
        this.detach(s);
        s.contrib.cpu = u;
        this.attach(s);
      }
    }
    n.saturated = capSum > n.cpuAllocatable;
    n.lambda = lambda;
    n.free = Math.max(0, n.cpuAllocatable - used);
  }

  private slotCapacity(n: NodeState, s: Slot): number {
    const lim = s.cpuLimit ?? n.cpuAllocatable;
    if (n.saturated) return Math.min(lim, Math.max(s.contrib.cpu, n.lambda * s.shares));
    return Math.min(lim, s.contrib.cpu + n.free);
  }

  /** Bring every node with pending changes up to date (reads of aggregate CPU). */
  flushPending(): void {
    if (this.dirty.size === 0) return; // the common case: samples read it per pool and workload
    for (const n of [...this.dirty]) this.ensureCpu(n);
  }

  /** @internal once per node per instant after changes. */
  flush(n: NodeState): void {
    n.flushEv = null;
    this.ensureCpu(n);
    if (this.listeners.length) {
      const changed: Pod[] = [];
      for (const r of n.pods) {
        let moved = false;
        for (const s of r.slots) {
          if (!s) continue;
          const c = this.slotCapacity(n, s);
          if (Math.abs(c - s.lastCapacity) > 1e-6) moved = true;
          s.lastCapacity = c;
        }
        if (moved) changed.push(r.pod);
      }
      for (const p of changed) for (const l of this.listeners) l(p);
    }
    this.armNodeOom(n);
    this.watcher?.memoryChanged(n);
  }

  // ---- random walks ----

  private addWalker(n: NodeState, period: number): void {
    n.walkers++;
    if (n.tick && period >= n.tickPeriod) return;
    if (n.tick) this.sim.cancel(n.tick);
    n.tickPeriod = period;
    n.tick = this.sim.every(period, onTick, { m: this, n });
  }

  private removeWalker(n: NodeState): void {
    n.walkers--;
    if (n.walkers === 0 && n.tick) {
      this.sim.cancel(n.tick);
      n.tick = null;
    }
  }

  /** @internal one step of every due random walk on the node (Ornstein–Uhlenbeck, discrete). */
  tick(n: NodeState): void {
    const now = this.sim.now;
    for (const s of n.slots) {
      if (!Number.isFinite(s.walkPeriod) || now < s.nextWalkAt) continue;
      while (s.nextWalkAt <= now) s.nextWalkAt += s.walkPeriod;
      const cw = s.cpu.walk;
      if (cw) s.cpuWalk = s.cpuWalk * (1 - cw.reversion) + n.rng.normal(0, cw.stddev);
      const mw = s.mem.walk;
      if (mw) s.memWalk = s.memWalk * (1 - mw.reversion) + n.rng.normal(0, mw.stddev);
      this.relevel(s);
    }
  }

  // ---- OOM ----

  /** Node-level OOM: the kernel acts the instant the pods' working set exceeds what they may use. */
  private armNodeOom(n: NodeState): void {
    if (n.oomEv) this.sim.cancel(n.oomEv);
    n.oomEv = null;
    if (n.slots.size === 0) return;
    const now = this.sim.now;
    const a = n.acc;
    const cur = a.memConst + a.memRate * now;
    let at: number;
    if (cur > n.oomLimit) at = now;
    else if (a.memRate > 0) at = Math.max(now, Math.ceil((n.oomLimit - a.memConst) / a.memRate));
    else return;
    n.oomEv = this.sim.at(at, onNodeOom, { m: this, n });
  }

  /**
   * @internal the node ran out of memory: the kernel's OOM killer picks the container with the
   * highest badness, approximated as usage + oom_score_adj × capacity / 1000 (oom_badness adds
   * adj per mille of total memory to the process's pages).
   */
  nodeOom(n: NodeState): void {
    n.oomEv = null;
    let victim: Slot | undefined;
    let best = -Infinity;
    for (const s of n.slots) {
      const score = this.slotMemory(s) + (s.rec.oomAdj[s.index]! * n.memCapacity) / 1000;
      if (score > best) {
        best = score;
        victim = s;
      }
    }
    if (victim) this.oomKill(victim, 'node');
  }

  /** @internal kill a container with 137/OOMKilled; the kubelet restarts it per restartPolicy. */
  oomKill(s: Slot, why: 'limit' | 'node'): void {
    s.oomTimer = null;
    const r = s.rec;
    r.oomKills++;
    r.workload.oomKills++;
    r.node.pool.oomKills++;
    this.oomKills++;
    const msg = why === 'limit'
      ? `Container ${s.name} exceeded its memory limit and was OOM-killed`
      : `Node ${r.node.name} ran out of memory: the kernel OOM-killed container ${s.name}`;
    this.api.events.warning(r.pod, OOM_KILLED_REASON, msg, 'kubelet');
    this.kubelet.killContainer(r.pod, s.index, OOM_KILLED_EXIT, OOM_KILLED_REASON);
  }

  /** Settle every running container of a pod to now (for reports written mid-run). */
  settlePod(r: PodRecord): void {
    for (const s of r.slots) if (s) this.settle(s);
    r.acc.advance(this.sim.now);
  }
}

function newGroup(key: string): Group {
  return { key, acc: new Acc(), cpuRequested: 0, cpuLimit: 0, memRequested: 0, memLimit: 0, pods: 0, oomKills: 0 };
}

function addRequests(g: Group, res: PodResources, sign: 1 | -1): void {
  g.cpuRequested += sign * (res.requests['cpu'] ?? 0);
  g.memRequested += sign * (res.requests['memory'] ?? 0);
  g.cpuLimit += sign * (res.limits['cpu'] ?? 0);
  g.memLimit += sign * (res.limits['memory'] ?? 0);
  g.pods += sign;
}

function walkClamp(p: UsageProfile, v: number): number {
  if (!p.walk) return Math.max(0, v);
  return Math.min(p.walk.max, Math.max(p.walk.min, v));
}
