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
//
// Cost proportional to what changed: while a node is not contended (Σ caps ≤ allocatable, caps
// = min(demand, limit)) every container gets its cap, so a change re-grants only the containers
// whose cap moved; the saturation test uses a running Σ caps with a rigorous rounding bound and
// falls back to the exact sum (in the node's container order, as shareCpu adds them) only near
// the boundary. Water-filling runs only on contended nodes. The node's free CPU (exact, in
// container order) is summed lazily, only when a capacity needs it and the bound cannot decide.
// Capacity listeners may ask to hear only about pods they watch; a node's capacities at its last
// flush are kept as a snapshot (node λ/free/saturation + each container's previous grant), not
// recomputed for every container.

import type { EventHandle, Rng, Simulation, TimerHandle } from '../../../sim/index.js';
import type { ApiServer } from '../../api/apiserver.js';
import type { BehaviorCatalog, ContainerBehavior } from '../behavior.js';
import type { ContainerListener, Kubelet } from '../kubelet.js';
import { POOL_LABEL } from '../../api/well-known-labels.js';
import { DEFAULT_EVICTION_HARD, hardEvictionReservation, type EvictionThresholds } from '../policy/eviction.js';
import { isNodeCriticalPod, milliCpuToShares, oomScoreAdj, podLevelMemoryRemainder } from '../policy/cgroups.js';
import { CFS_PERIOD_MS, cfsPeriods, shareCpuInto } from '../policy/cpu-sharing.js';
import { podResourcesQOS, type QOSClass } from '../../api/policy/qos.js';
import { controllerRef } from '../../api/store.js';
import { OWNER_GROUP_LABEL } from '../../api/well-known-labels.js';
import type { Node, Pod, PodResources } from '../../api/types.js';
import { Acc, type Contribution } from './accounting.js';
import { defaultCpuBase, defaultMemoryBase, levelAt, nextChangeAfter, parseProfile, type UsageProfile } from './resource-profiles.js';
import type { PodUsage, ResourceUsageModel, UsageHandle } from './contract.js';

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
  /** slots[0], and whether the pod has one main container only (then slots is [slot0] at most). */
  slot0: Slot | undefined;
  single: boolean;
  /** Exact CFS counters (cfsThrottling per piecewise-constant segment). */
  periods: number;
  throttledPeriods: number;
  throttledMs: number;
  oomKills: number;
  evicted: boolean;
  /** Order of creation (= order in the node's `pods` set). */
  seq: number;
  /** A watchedOnly capacity listener wants to hear about this pod (it is in node.watched). */
  watched: boolean;
  /** Moved (to a fresh value of the model's counter) whenever a container's contribution does (usageStamp). */
  stamp: number;
  /** acc.memRate ≠ 0 (memory moves with time), kept with the stamp so usageStamp reads the record only. */
  memSlope: boolean;
  /**
   * usageOf's figures as of stamp `readStamp` (0: none), taken where a contribution changed in
   * place (reattach, when the slot, node and aggregate are in cache): a later usageOf at the same
   * stamp, with no split pending on the node, gives them without loading the node, slot or
   * aggregate. readMem holds only while the memory is flat (memSlope false).
   */
  readStamp: number;
  readCpu: number;
  readMem: number;
  /** watchUsageStamp's tag for this pod: the stamp listener is called with it when the stamp moves. */
  stampTag: object | undefined;
  /** Load demand per container index (setLoadDemand; taken over from the model's map at bind). */
  load: { cpu: number; mem: number }[] | undefined;
  /** load[0], on the record (the traffic model sets the first container's load once a minute). */
  load0Cpu: number;
  load0Mem: number;
}

/** One running main container; its current contribution to the aggregates is held on it. */
export interface Slot extends Contribution {
  rec: PodRecord;
  index: number;
  name: string;
  start: number;
  cpuProfile: UsageProfile;
  memProfile: UsageProfile;
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
  /** Start of the current piecewise-constant CPU segment. */
  since: number;
  changeTimer: EventHandle | null;
  oomTimer: EventHandle | null;
  /** Order of creation (= order in the node's `slots` set, the order CPU is summed in). */
  seq: number;
  /** min(demand, limit) as ensureCpu sees it, and max(0, that): what shareCpu grants uncontended. */
  rawCap: number;
  cap: number;
  /** In node.changed (its cap moved since the node's last CPU split). */
  inChanged: boolean;
  /** Running (in node.slots). */
  live: boolean;
  /** node.epoch when the slot started: a slot started since the last flush had no capacity then. */
  born: number;
  /** cpu (the grant) at the node's last flush, if it changed since (savedEpoch = node.epoch). */
  savedEpoch: number;
  savedCpu: number;
  /** The argument of this slot's kernel events (allocated once). */
  arg: { m: ContainerUsage; s: Slot };
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
  /** slots.size, kept beside it: the Σ cap bound reads it on every capacity read (no Set load). */
  slotCount: number;
  pods: Set<PodRecord>;
  acc: Acc;
  dirty: boolean;
  flushPosted: boolean;
  flushArg: { m: ContainerUsage; n: NodeState };
  oomEv: EventHandle | null;
  /** Contended node: each unconstrained container gets lambda × shares. */
  saturated: boolean;
  lambda: number;
  /** allocatable − Σ granted (≥ 0), valid when freeOk (summed lazily in slot order). */
  free: number;
  freeOk: boolean;
  walkers: number;
  tick: TimerHandle | null;
  tickPeriod: number;
  rng: Rng;
  // ---- incremental CPU split ----
  /** Slots whose cap moved (or that started) since the last split, deduplicated by inChanged. */
  changed: Slot[];
  /** changed.length, kept beside it (splitIsCurrent reads it on every load change: no array load). */
  changedCount: number;
  /** A slot stopped since the last split. */
  structural: boolean;
  /** Slots with min(demand, limit) < 0 (then the split always runs in full). */
  negCaps: number;
  /** The last split ran the water-filling (some container may get less than its cap). */
  waterFilled: boolean;
  /** Running Σ cap over the slots and a bound on its distance to the true sum. */
  capSum: number;
  capErr: number;
  /** Something CPU-related changed since the last flush (capacities may have moved). */
  cpuMoved: boolean;
  // ---- capacities at the last flush (what listeners were last told about) ----
  epoch: number;
  fSat: boolean;
  fLambda: number;
  /** Exact free CPU at the last flush, NaN until needed (then rebuilt from the saved grants). */
  fFree: number;
  /** A lower bound of it, always valid when !fSat. */
  fFreeLB: number;
  /** Slots stopped since the last flush (to rebuild fFree). */
  removed: Slot[];
  /** Records a watchedOnly listener watches, in `pods` order (by seq). */
  watched: PodRecord[];
  /**
   * An upper bound of (limit − grant) over the watched slots, at the last flush and since (NaN:
   * not known). While both the free-CPU lower bounds (now and at the last flush) clear it, every
   * watched capacity is its limit then and now: none moved, without reading the watched records.
   */
  watchGap: number;
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

/** 2⁻⁵² (twice the unit roundoff): the rounding-error unit of the Σ cap bound. */
const EPS = 2 ** -52;

interface CapacityListener {
  fn: (pod: Pod) => void;
  watchedOnly: boolean;
}

// Scratch for the full CPU split (grown on demand, never shrunk).
let scratchSlots: Slot[] = [];
let scratchCaps = new Float64Array(64);
let scratchShares = new Float64Array(64);
let scratchUsage = new Float64Array(64);
let scratchKeys = new Float64Array(64);
const scratchOrder: number[] = [];
const scratchMoved: PodRecord[] = [];

function growScratch(n: number): void {
  if (scratchCaps.length >= n) return;
  let len = scratchCaps.length;
  while (len < n) len *= 2;
  scratchCaps = new Float64Array(len);
  scratchShares = new Float64Array(len);
  scratchUsage = new Float64Array(len);
  scratchKeys = new Float64Array(len);
}

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
  private readonly listeners: CapacityListener[] = [];
  /** Listeners that hear about every pod (not watchedOnly). */
  private allPodListeners = 0;
  /** Pods watched by watchedOnly listeners (possibly before the model tracks them). */
  private readonly watchedPods = new WeakSet<Pod>();
  private watcher: MemoryWatcher | undefined;
  /** Nodes with a CPU split to recompute (their flush event is pending). */
  private readonly dirty = new Set<NodeState>();
  private seq = 0;
  /** Source of PodRecord.stamp values (never reused, so a new record never repeats an old stamp). */
  private stamps = 0;
  /** onUsageStamp's listener (the HPA's scrape). */
  private stampListener: ((tag: object) => void) | undefined;
  private readonly stampTags = new WeakMap<Pod, object>();

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
        pod.status.qosClass = podResourcesQOS(res);
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
    this.setLoad(pod, this.records.get(pod), idx, cpuMilli, memoryBytes);
  }

  handleOf(pod: Pod): UsageHandle | undefined {
    return this.records.get(pod);
  }

  setLoadDemandOf(h: UsageHandle, cpuMilli: number, memoryBytes: number): void {
    this.setLoad(h.pod, h as PodRecord, 0, cpuMilli, memoryBytes);
  }

  private setLoad(pod: Pod, r: PodRecord | undefined, idx: number, cpuMilli: number, memoryBytes: number): void {
    if (r && idx === 0) {
      // The first container's load lives on the record.
      r.load0Cpu = Math.max(0, cpuMilli);
      r.load0Mem = Math.max(0, memoryBytes);
      const s0 = r.slot0;
      if (s0) this.relevel(s0);
      return;
    }
    let l = r ? r.load : this.loads.get(pod);
    if (!l) {
      l = [];
      if (r) r.load = l;
      else this.loads.set(pod, l);
    }
    // Updated in place: the traffic model sets a load on every rate change of every endpoint.
    const e = l[idx];
    if (e) {
      e.cpu = Math.max(0, cpuMilli);
      e.mem = Math.max(0, memoryBytes);
    } else l[idx] = { cpu: Math.max(0, cpuMilli), mem: Math.max(0, memoryBytes) };
    const s = r?.slots[idx];
    if (s) this.relevel(s);
  }

  grantedCpu(pod: Pod): number {
    const r = this.records.get(pod);
    if (!r || !r.active) return 0;
    this.ensureCpu(r.node);
    return grantSum(r);
  }

  cpuCapacity(pod: Pod): number {
    return this.capacityOf(this.records.get(pod));
  }

  cpuCapacityOf(h: UsageHandle): number {
    return this.capacityOf(h as PodRecord);
  }

  private capacityOf(r: PodRecord | undefined): number {
    if (!r || !r.active) return 0;
    this.ensureCpu(r.node);
    if (r.single) {
      // The loop below over [slot0] (0 + its capacity), without reading the slots array.
      const s0 = r.slot0;
      return s0 ? 0 + this.slotCapacity(r.node, s0) : 0;
    }
    let c = 0;
    for (const s of r.slots) if (s) c += this.slotCapacity(r.node, s);
    return c;
  }

  usage(pod: Pod): PodUsage {
    return this.usageOf(this.records.get(pod));
  }

  usageOf(h: UsageHandle | undefined, out: PodUsage = { cpuMilli: 0, memoryBytes: 0 }): PodUsage {
    const r = h as PodRecord | undefined;
    if (!r || !r.active) {
      out.cpuMilli = 0;
      out.memoryBytes = 0;
      return out;
    }
    // Every grant or contribution change moves the stamp (reattach, applyAll): at the stamp of
    // the figures kept, with no split pending for the node (ensureCpu would do nothing), the
    // grants and the aggregate are what they were, and so is a flat memory at any later time.
    if (r.readStamp === r.stamp && (this.dirty.size === 0 || !r.node.dirty)) {
      out.cpuMilli = r.readCpu;
      out.memoryBytes = r.memSlope ? r.acc.memoryAt(this.sim.now) : r.readMem;
      return out;
    }
    this.ensureCpu(r.node);
    out.cpuMilli = grantSum(r);
    out.memoryBytes = r.acc.memoryAt(this.sim.now);
    return out;
  }

  usageStamp(pod: Pod): number {
    return this.usageStampOf(this.records.get(pod));
  }

  usageStampOf(h: UsageHandle | undefined): number {
    const r = h as PodRecord | undefined;
    if (!r || !r.active) return 0; // usage is zeros (stamps of records start at 1)
    // A pending split may regrant (usage() would apply it); a memory slope moves with time. (The
    // node is read only when some node has a split pending: the record alone decides otherwise.)
    if (r.memSlope || (this.dirty.size !== 0 && r.node.dirty)) return NaN;
    return r.stamp;
  }

  onUsageStamp(listener: (tag: object) => void): void {
    this.stampListener = listener;
  }

  watchUsageStamp(pod: Pod, tag: object | undefined): void {
    if (tag !== undefined) this.stampTags.set(pod, tag);
    else this.stampTags.delete(pod);
    const r = this.records.get(pod);
    if (r) r.stampTag = tag;
  }

  stampTagOf(h: UsageHandle): object | undefined {
    return (h as PodRecord).stampTag;
  }

  pendingSplit(): boolean {
    return this.dirty.size !== 0;
  }

  onCapacityChange(listener: (pod: Pod) => void, opts: { watchedOnly?: boolean } = {}): void {
    const watchedOnly = opts.watchedOnly === true;
    this.listeners.push({ fn: listener, watchedOnly });
    if (!watchedOnly) this.allPodListeners++;
  }

  watchCapacity(pod: Pod, watch: boolean): void {
    if (watch === this.watchedPods.has(pod)) return;
    if (watch) this.watchedPods.add(pod);
    else this.watchedPods.delete(pod);
    const r = this.records.get(pod);
    if (r && r.active) this.setWatched(r, watch);
  }

  private setWatched(r: PodRecord, watch: boolean): void {
    if (r.watched === watch) return;
    r.watched = watch;
    r.node.watchGap = NaN;
    const list = r.node.watched;
    // Kept in `pods` order (seq): insertion by binary search; watches change rarely.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.seq < r.seq) lo = mid + 1;
      else hi = mid;
    }
    if (watch) list.splice(lo, 0, r);
    else if (list[lo] === r) list.splice(lo, 1);
    // A pod watched again after its node's capacities moved (while it was not watched) is told at
    // the node's next flush, as if it had been watched all along: post one if none is coming.
    if (watch && r.node.cpuMoved && !r.node.flushPosted && this.listeners.length > 0) this.touch(r.node);
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
    return Math.max(0, s.memLevel + s.memProfile.leakPerMs * (this.sim.now - s.start));
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
        // The fields a load change reads first (object literal order is the in-object layout).
        dirty: false,
        flushPosted: false,
        changed: [],
        changedCount: 0,
        structural: false,
        negCaps: 0,
        waterFilled: false,
        cpuAllocatable: node.status.allocatable['cpu'] ?? 0,
        capSum: 0,
        capErr: 0,
        saturated: false,
        lambda: 0,
        free: node.status.allocatable['cpu'] ?? 0,
        freeOk: true,
        cpuMoved: false,
        watchGap: NaN,
        fFreeLB: 0,
        fSat: false,
        oomEv: null,
        // allocatable = capacity − reserved − the eviction reservation (nodes/pools.ts), so this
        // is capacity − reserved: the kubepods cgroup limit (GetNodeAllocatableAbsolute).
        oomLimit: Math.min(cap, alloc + (hardEvictionReservation(this.allocatableEvictionHard, node.status.capacity)['memory'] ?? 0)),
        acc: new Acc(this.sim.now),
        watched: [],
        epoch: 0,
        pool,
        node,
        name,
        memCapacity: cap,
        ready,
        slots: new Set(),
        slotCount: 0,
        pods: new Set(),
        flushArg: undefined!,
        walkers: 0,
        tick: null,
        tickPeriod: 0,
        rng: this.streams.stream(`usage/${name}`),
        fLambda: 0,
        fFree: NaN,
        removed: [],
      };
      n.flushArg = { m: this, n };
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
    const qos = pod.status.qosClass ?? podResourcesQOS(res);
    const cap = n.memCapacity > 0 ? n.memCapacity : 1;
    const critical = isNodeCriticalPod(pod.spec.priority, pod.spec.priorityClassName);
    const remainder = res.podLevel
      ? podLevelMemoryRemainder(res.podLevel.requests['memory'], res.podLevel.containerRequests['memory'] ?? 0, res.containers.length + res.initContainers.length)
      : 0;
    const r: PodRecord = {
      // The fields a load change reads first (object literal order is the in-object layout).
      pod,
      active: true,
      node: n,
      single: res.containers.length === 1,
      slot0: undefined,
      load0Cpu: 0,
      load0Mem: 0,
      acc: new Acc(this.sim.now),
      stamp: ++this.stamps,
      stampTag: this.stampTags.get(pod),
      memSlope: false,
      readStamp: 0,
      readCpu: 0,
      readMem: 0,
      watched: false,
      workload: this.workload(pod),
      periods: 0,
      throttledPeriods: 0,
      throttledMs: 0,
      qos,
      res,
      oomAdj: res.containers.map((c) => oomScoreAdj(qos, c.requests['memory'] ?? 0, cap, { nodeCritical: critical, podLevelRemainder: remainder })),
      boundAt: this.sim.now,
      endedAt: undefined,
      slots: [],
      oomKills: 0,
      evicted: false,
      seq: this.seq++,
      load: undefined,
    };
    const early = this.loads.get(pod);
    if (early) {
      this.loads.delete(pod);
      r.load = early;
      const e0 = early[0];
      if (e0) {
        r.load0Cpu = e0.cpu;
        r.load0Mem = e0.mem;
      }
    }
    this.records.set(pod, r);
    n.pods.add(r);
    if (this.watchedPods.has(pod)) this.setWatched(r, true);
    addRequests(r.workload, res, 1);
    addRequests(n.pool, res, 1);
  }

  private untrack(r: PodRecord): void {
    for (const s of r.slots) if (s) this.stopSlot(s);
    r.active = false;
    r.endedAt = this.sim.now;
    r.node.pods.delete(r);
    this.setWatched(r, false);
    addRequests(r.workload, r.res, -1);
    addRequests(r.node.pool, r.res, -1);
    // A bare pod is its own workload: once it ends, its rows end too, or a trace of 100,000
    // bare pods would sample 100,000 dead workloads for the rest of the run.
    if (r.workload.pods === 0 && r.workload.key.includes('/Pod/')) this.workloads.delete(r.workload.key);
  }

  /**
   * namespace/Kind/name of the pod's top controller (ReplicaSet → its Deployment); for a pod
   * without one, its owner group (namespace/Group/<k8sim.io/owner-group>) or the pod itself.
   */
  private workload(pod: Pod): Group {
    const ns = pod.metadata.namespace ?? 'default';
    let ref = controllerRef(pod);
    const group = ref ? undefined : pod.metadata.labels?.[OWNER_GROUP_LABEL];
    let key = group !== undefined ? `${ns}/Group/${group}` : `${ns}/Pod/${pod.metadata.name}`;
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
      // The fields a load change reads first (object literal order is the in-object layout).
      rec: r,
      index,
      cpu: 0, // the grant; it and runnable … memRate are the contribution (on the slot: one object fewer per change)
      cpuLimit: cpuLimit !== undefined && cpuLimit > 0 ? cpuLimit : undefined,
      demand: 0,
      memLevel: 0,
      rawCap: 0,
      cap: 0,
      inChanged: false,
      savedEpoch: -1,
      savedCpu: 0,
      since: now,
      runnable: 0,
      throttled: 0,
      throttledFrac: 0,
      memConst: 0,
      memRate: 0,
      cpuProfile: cpu,
      memProfile: mem,
      cpuWalk: 0,
      memWalk: 0,
      start: now,
      memLimit: memLimit !== undefined && memLimit > 0 ? memLimit : undefined,
      live: true,
      born: r.node.epoch,
      shares: milliCpuToShares(res.requests['cpu'] ?? 0),
      name: c.name,
      memRequest: res.requests['memory'] ?? 0,
      nextWalkAt: now + (Number.isFinite(walkPeriod) ? walkPeriod : 0),
      walkPeriod,
      changeTimer: null,
      oomTimer: null,
      seq: this.seq++,
      arg: undefined!,
    };
    s.arg = { m: this, s };
    this.computeLevels(s);
    r.slots[index] = s;
    if (index === 0) r.slot0 = s;
    const n = r.node;
    n.slots.add(s);
    n.slotCount = n.slots.size;
    this.capChanged(n, s, true);
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
    n.slotCount = n.slots.size;
    s.live = false;
    const sum = n.capSum - s.cap;
    n.capSum = sum;
    n.capErr += (Math.abs(sum) + s.cap) * EPS;
    if (s.rawCap < 0) n.negCaps--;
    n.structural = true;
    if (this.listeners.length > 0) n.removed.push(s);
    r.slots[s.index] = undefined;
    if (s.index === 0) r.slot0 = undefined;
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
    const r = s.rec;
    let cpuLoad = 0;
    let memLoad = 0;
    if (s.index === 0) {
      cpuLoad = r.load0Cpu;
      memLoad = r.load0Mem;
    } else {
      const load = (r.load ?? EMPTY_LOAD)[s.index];
      cpuLoad = load?.cpu ?? 0;
      memLoad = load?.mem ?? 0;
    }
    s.demand = walkClamp(s.cpuProfile, levelAt(s.cpuProfile, age) + s.cpuWalk) + cpuLoad;
    s.memLevel = walkClamp(s.memProfile, levelAt(s.memProfile, age) + s.memWalk) + memLoad;
  }

  /**
   * The slot's demand was (re)computed: keep its cap, the node's running Σ cap (with its error
   * bound) and the changed list up to date. `isNew`: the slot has just been added to the node.
   * A re-computed slot (not new, detached by the caller) on an up-to-date node that stays
   * uncontended gets its new cap at once: what the split would give it (min(demand, limit)), and
   * no other grant on the node moves, so there is no split to defer. Returns whether a split is
   * pending for the slot (it is in node.changed).
   */
  private capChanged(n: NodeState, s: Slot, isNew: boolean): boolean {
    const raw = s.cpuLimit !== undefined ? Math.min(s.demand, s.cpuLimit) : s.demand;
    if (!isNew && raw === s.rawCap) return s.inChanged;
    const old = isNew ? 0 : s.cap;
    const c = Math.max(0, raw);
    if (isNew) {
      if (raw < 0) n.negCaps++;
    } else if (raw < 0 !== s.rawCap < 0) n.negCaps += raw < 0 ? 1 : -1;
    s.rawCap = raw;
    s.cap = c;
    if (c !== old) {
      // Two roundings (c − old, then the sum), each within half an ulp of its result.
      const sum = n.capSum + (c - old);
      n.capSum = sum;
      n.capErr += (Math.abs(sum) + old + c) * EPS;
    }
    if (s.inChanged) return true;
    if (!isNew && this.splitIsCurrent(n) && n.capSum + 2 * this.capMargin(n) < n.cpuAllocatable) {
      // What ensureCpu's uncontended path would do at the flush (regrant), without the flush.
      if (c !== s.cpu) {
        if (s.savedEpoch !== n.epoch) {
          s.savedEpoch = n.epoch;
          s.savedCpu = s.cpu;
        }
        s.cpu = c;
        n.cpuMoved = true;
        n.freeOk = false;
        if (s.rec.watched) {
          const gap = (s.cpuLimit ?? n.cpuAllocatable) - c;
          if (gap > n.watchGap) n.watchGap = gap;
        }
      }
      return false;
    }
    s.inChanged = true;
    n.changed.push(s);
    n.changedCount = n.changed.length;
    return true;
  }

  /**
   * No split pending and the last one was the uncontended kind (every slot granted its cap, none
   * negative): a cap change that keeps Σ cap within the allocatable moves that slot's grant only.
   */
  private splitIsCurrent(n: NodeState): boolean {
    return n.changedCount === 0 && !n.structural && !n.waterFilled && n.negCaps === 0 && n.cpuAllocatable > 0;
  }

  /**
   * Would flushing this node now do nothing a flush does — no pending split, nothing for the OOM
   * timer (memory flat, below the kernel limit, none armed), no capacity listener to call? Then a
   * CPU-only change (memory unchanged, so the eviction manager's timing cannot move) needs no flush.
   */
  private flushIdle(n: NodeState): boolean {
    const a = n.acc;
    if (n.oomEv !== null || a.memRate > 0) return false;
    if (n.slotCount > 0 && a.memConst + a.memRate * this.sim.now > n.oomLimit) return false;
    if (this.listeners.length === 0 || !n.cpuMoved) return true;
    if (this.allPodListeners > 0) return false;
    const w = n.watched;
    if (w.length === 0) return true;
    if (!n.fSat && !n.saturated) {
      if (Number.isNaN(n.watchGap)) n.watchGap = this.watchedGap(n);
      // Clear of the gap by a margin far above the roundings of cpu + free vs limit − cpu.
      const need = n.watchGap + 1e-9 * (1 + Math.abs(n.watchGap) + n.cpuAllocatable);
      if (n.fFreeLB >= need && this.freeLowerBound(n) >= need) return true;
    }
    for (let i = 0; i < w.length; i++) if (this.podCapacityMoved(n, w[i]!)) return false;
    return true;
  }

  /** max over the watched slots of limit − grant, with the grants now and at the last flush. */
  private watchedGap(n: NodeState): number {
    let g = -Infinity;
    const w = n.watched;
    for (let i = 0; i < w.length; i++) {
      for (const s of w[i]!.slots) {
        if (!s) continue;
        const lim = s.cpuLimit ?? n.cpuAllocatable;
        const last = s.savedEpoch === n.epoch ? s.savedCpu : s.cpu;
        g = Math.max(g, lim - s.cpu, lim - last);
      }
    }
    return g;
  }

  /** A slot's demand or memory level may have changed now: account, re-arm, flush the node. */
  private relevel(s: Slot): void {
    const oldDemand = s.demand;
    const oldMem = s.memLevel;
    const n = s.rec.node;
    this.settle(s);
    saveContribution(s);
    this.computeLevels(s);
    const pending = this.capChanged(n, s, false);
    this.reattach(s);
    if (s.memLevel !== oldMem) this.armOom(s);
    else if (!pending && !n.flushPosted && this.flushIdle(n)) return; // a CPU-only change, applied
    if (s.demand !== oldDemand || s.memLevel !== oldMem) this.touch(n);
  }

  /** @internal a step or the end of a burst. */
  slotChanged(s: Slot): void {
    s.changeTimer = null;
    this.relevel(s);
    this.armChange(s);
  }

  private armChange(s: Slot): void {
    const age = this.sim.now - s.start;
    const next = Math.min(nextChangeAfter(s.cpuProfile, age), nextChangeAfter(s.memProfile, age));
    if (Number.isFinite(next)) s.changeTimer = this.sim.at(s.start + next, onSlotChange, s.arg);
  }

  /** Schedule the memory-limit OOM kill at the analytic crossing time, if any. */
  private armOom(s: Slot): void {
    if (s.oomTimer) this.sim.cancel(s.oomTimer);
    s.oomTimer = null;
    if (s.memLimit === undefined) return;
    const now = this.sim.now;
    const rate = s.memProfile.leakPerMs;
    const cur = s.memLevel + rate * (now - s.start);
    let at: number;
    if (cur > s.memLimit) at = now;
    else if (rate > 0) at = Math.max(now, Math.ceil(s.start + (s.memLimit - s.memLevel) / rate));
    else return;
    s.oomTimer = this.sim.at(at, onSlotOom, s.arg);
  }

  /** Close the current CPU segment: exact CFS counters for the pod record. */
  private settle(s: Slot): void {
    const now = this.sim.now;
    if (now <= s.since) return;
    // cfsThrottling without its argument and result objects (the same arithmetic; adding its
    // zeros would change nothing).
    const d = s.demand;
    if (d > 0) {
      const r = s.rec;
      const periods = cfsPeriods(s.since, now, CFS_PERIOD_MS);
      r.periods += periods;
      const L = s.cpuLimit;
      if (L !== undefined && d > L) {
        const frac = (d - L) / d;
        r.throttledPeriods += periods;
        r.throttledMs += periods * CFS_PERIOD_MS * frac;
      }
    }
    s.since = now;
  }

  private attach(s: Slot): void {
    setContribution(s);
    this.applyAll(s, 1);
  }

  /**
   * detach then attach, for a slot whose contribution before the change was saved
   * (saveContribution): each aggregate gets the same two roundings (Acc.replace), and the
   * stamp moves once.
   */
  private reattach(s: Slot): void {
    setContribution(s);
    const now = this.sim.now;
    const r = s.rec;
    const o = savedContribution;
    r.stamp = ++this.stamps;
    if (r.stampTag !== undefined) this.stampListener?.(r.stampTag);
    r.acc.replace(now, o, s);
    r.memSlope = r.acc.memRate !== 0;
    r.node.acc.replace(now, o, s);
    r.workload.acc.replace(now, o, s);
    r.node.pool.acc.replace(now, o, s);
    this.global.replace(now, o, s);
    // usageOf's figures at this stamp. (applyAll, where a slot joins or leaves, moves the stamp
    // past them.)
    r.readStamp = r.stamp;
    r.readCpu = grantSum(r);
    r.readMem = r.acc.memoryAt(now);
  }

  private detach(s: Slot): void {
    this.applyAll(s, -1);
  }

  /** The slot's contribution into its pod, node, workload, pool and the cluster, in that order. */
  private applyAll(s: Slot, sign: 1 | -1): void {
    const now = this.sim.now;
    const r = s.rec;
    const c: Contribution = s;
    r.stamp = ++this.stamps;
    if (r.stampTag !== undefined) this.stampListener?.(r.stampTag);
    r.acc.apply(now, c, sign);
    r.memSlope = r.acc.memRate !== 0;
    r.node.acc.apply(now, c, sign);
    r.workload.acc.apply(now, c, sign);
    r.node.pool.acc.apply(now, c, sign);
    this.global.apply(now, c, sign);
  }

  // ---- per-node CPU and flush ----

  private touch(n: NodeState): void {
    n.dirty = true;
    this.dirty.add(n);
    if (!n.flushPosted) {
      n.flushPosted = true;
      this.sim.postAfter(0, onFlush, n.flushArg);
    }
  }

  /**
   * Bring the node's CPU split up to date if anything changed: exactly what shareCpu over the
   * node's slots (in slot order) gives, re-granting (settle, detach, attach) in slot order only
   * the slots whose grant moves. Uncontended before and after: only the changed slots can move,
   * each to its cap. Otherwise the full water-filling.
   */
  ensureCpu(n: NodeState): void {
    if (!n.dirty) return;
    n.dirty = false;
    this.dirty.delete(n);
    const ch = n.changed;
    // Memory-only changes: the split cannot move.
    if (ch.length === 0 && !n.structural) return;
    n.cpuMoved = true;
    n.freeOk = false;
    if (!n.waterFilled && n.negCaps === 0 && n.cpuAllocatable > 0 && this.fitsUncontended(n)) {
      if (ch.length > 1) sortBySeq(ch);
      for (let i = 0; i < ch.length; i++) {
        const s = ch[i]!;
        s.inChanged = false;
        if (s.live && s.cap !== s.cpu) this.regrant(n, s, s.cap);
      }
      ch.length = 0;
      n.changedCount = 0;
      n.structural = false;
      n.saturated = false;
      n.lambda = 0;
      return;
    }
    this.waterFill(n);
  }

  /**
   * Σ cap (as shareCpu sums it, in slot order) ≤ allocatable? Decided from the running sum when
   * its error bound allows; else summed exactly (which also gives the exact free CPU).
   */
  private fitsUncontended(n: NodeState): boolean {
    const alloc = n.cpuAllocatable;
    if (n.capSum + 2 * this.capMargin(n) < alloc) return true;
    let sum = 0;
    for (const s of n.slots) sum += s.cap;
    n.capSum = sum;
    n.capErr = (n.slots.size + 2) * EPS * sum;
    if (sum > alloc) return false;
    n.free = Math.max(0, alloc - sum);
    n.freeOk = true;
    return true;
  }

  /**
   * A bound on |running Σ cap − Σ cap summed in slot order|: the running sum's own drift from
   * the true sum (capErr) plus the recursive-summation bound of the ordered sum, γₙ·Σ (caps ≥ 0).
   */
  private capMargin(n: NodeState): number {
    const e = n.capErr;
    return e + (n.slotCount + 2) * EPS * (n.capSum + e);
  }

  /** A lower bound of the free CPU of an uncontended, up-to-date node, O(1). */
  private freeLowerBound(n: NodeState): number {
    if (n.freeOk) return n.free;
    return Math.max(0, n.cpuAllocatable - (n.capSum + 2 * this.capMargin(n)));
  }

  /** The exact free CPU of an uncontended, up-to-date node (every slot granted its cap). */
  private exactFree(n: NodeState): number {
    if (n.freeOk) return n.free;
    let used = 0;
    for (const s of n.slots) used += s.cpu;
    n.free = Math.max(0, n.cpuAllocatable - used);
    n.freeOk = true;
    n.capSum = used;
    n.capErr = (n.slots.size + 2) * EPS * used;
    return n.free;
  }

  /** Change a slot's grant (its CPU segment is settled first). */
  private regrant(n: NodeState, s: Slot, u: number): void {
    if (s.savedEpoch !== n.epoch) {
      s.savedEpoch = n.epoch;
      s.savedCpu = s.cpu;
    }
    this.settle(s);
    saveContribution(s);
    s.cpu = u;
    this.reattach(s);
  }

  /** The full split: shareCpu's water-filling over the node's slots, on scratch arrays. */
  private waterFill(n: NodeState): void {
    const k = n.slots.size;
    growScratch(k);
    const slots = scratchSlots;
    const caps = scratchCaps;
    const shares = scratchShares;
    const usage = scratchUsage;
    let i = 0;
    for (const s of n.slots) {
      slots[i] = s;
      caps[i] = s.cap;
      shares[i] = s.shares;
      i++;
    }
    const alloc = n.cpuAllocatable;
    const contended = shareCpuInto(alloc, k, caps, shares, usage, scratchKeys, scratchOrder);
    let used = 0;
    let capSum = 0;
    let totalCap = 0;
    let lambda = 0;
    for (i = 0; i < k; i++) {
      const s = slots[i]!;
      const u = usage[i]!;
      const cap = s.rawCap;
      used += u;
      capSum += cap;
      totalCap += s.cap;
      if (u < cap - 1e-9) lambda = Math.max(lambda, u / s.shares);
      if (u !== s.cpu) this.regrant(n, s, u);
    }
    for (i = 0; i < k; i++) slots[i] = undefined!;
    n.saturated = capSum > alloc;
    n.lambda = lambda;
    n.free = Math.max(0, alloc - used);
    n.freeOk = true;
    n.waterFilled = contended;
    n.capSum = totalCap;
    n.capErr = (k + 2) * EPS * totalCap;
    const ch = n.changed;
    for (i = 0; i < ch.length; i++) ch[i]!.inChanged = false;
    ch.length = 0;
    n.changedCount = 0;
    n.structural = false;
  }

  /** CPU the slot could get now (the node is up to date). */
  private slotCapacity(n: NodeState, s: Slot): number {
    const lim = s.cpuLimit ?? n.cpuAllocatable;
    const cpu = s.cpu;
    if (n.saturated) return Math.min(lim, Math.max(cpu, n.lambda * s.shares));
    // min(lim, cpu + free) is lim whenever cpu + (a lower bound of free) reaches it: rounding is
    // monotonic, so the exact sum is needed only when the bound falls short.
    if (!n.freeOk && cpu + this.freeLowerBound(n) >= lim) return lim;
    return Math.min(lim, cpu + this.exactFree(n));
  }

  /** What slotCapacity gave at the node's last flush (−1 for a slot started since). */
  private lastCapacity(n: NodeState, s: Slot): number {
    if (s.born === n.epoch) return -1;
    const cpu = s.savedEpoch === n.epoch ? s.savedCpu : s.cpu;
    const lim = s.cpuLimit ?? n.cpuAllocatable;
    if (n.fSat) return Math.min(lim, Math.max(cpu, n.fLambda * s.shares));
    if (cpu + n.fFreeLB >= lim) return lim;
    if (Number.isNaN(n.fFree)) n.fFree = this.rebuildLastFree(n);
    return Math.min(lim, cpu + n.fFree);
  }

  /**
   * The exact free CPU at the node's last flush, from the grants then: the slots of that time in
   * slot order (those still running, merged by seq with those stopped since), each with the
   * grant it had (saved when it changed).
   */
  private rebuildLastFree(n: NodeState): number {
    const rem = n.removed;
    if (rem.length > 1) sortBySeq(rem);
    const e = n.epoch;
    let used = 0;
    let j = 0;
    for (const s of n.slots) {
      if (s.born === e) continue;
      while (j < rem.length && rem[j]!.seq < s.seq) {
        const x = rem[j++]!;
        if (x.born !== e) used += x.savedEpoch === e ? x.savedCpu : x.cpu;
      }
      used += s.savedEpoch === e ? s.savedCpu : s.cpu;
    }
    for (; j < rem.length; j++) {
      const x = rem[j]!;
      if (x.born !== e) used += x.savedEpoch === e ? x.savedCpu : x.cpu;
    }
    return Math.max(0, n.cpuAllocatable - used);
  }

  /** Bring every node with pending changes up to date (reads of aggregate CPU). */
  flushPending(): void {
    if (this.dirty.size === 0) return; // the common case: samples read it per pool and workload
    // ensureCpu deletes the node being visited: Set iteration allows it.
    for (const n of this.dirty) this.ensureCpu(n);
  }

  /** @internal once per node per instant after changes. */
  flush(n: NodeState): void {
    n.flushPosted = false;
    this.ensureCpu(n);
    // Capacities can only have moved if the split did; then tell the listeners about the pods
    // whose capacity moved since the last flush (watchedOnly listeners: watched pods only).
    if (this.listeners.length) this.notifyMoved(n);
    this.armNodeOom(n);
    this.watcher?.memoryChanged(n);
  }

  private notifyMoved(n: NodeState): void {
    const moved = scratchMoved;
    const start = moved.length;
    if (!n.cpuMoved) {
      // Nothing moved since the last flush: every capacity is what it was.
    } else if (this.allPodListeners > 0) {
      for (const r of n.pods) if (this.podCapacityMoved(n, r)) moved.push(r);
    } else {
      const w = n.watched;
      for (let i = 0; i < w.length; i++) if (this.podCapacityMoved(n, w[i]!)) moved.push(w[i]!);
    }
    // What listeners now know, before they run (they may change things).
    this.markFlushed(n);
    const ls = this.listeners;
    for (let i = start; i < moved.length; i++) {
      const r = moved[i]!;
      for (let j = 0; j < ls.length; j++) {
        const l = ls[j]!;
        if (!l.watchedOnly || r.watched) l.fn(r.pod);
      }
    }
    moved.length = start;
  }

  private podCapacityMoved(n: NodeState, r: PodRecord): boolean {
    for (const s of r.slots) {
      if (s && Math.abs(this.slotCapacity(n, s) - this.lastCapacity(n, s)) > 1e-6) return true;
    }
    return false;
  }

  /** Snapshot of the capacities listeners now know (O(1): grants are saved when they change). */
  private markFlushed(n: NodeState): void {
    n.watchGap = NaN;
    n.fSat = n.saturated;
    n.fLambda = n.lambda;
    if (!n.saturated) {
      n.fFree = n.freeOk ? n.free : NaN;
      n.fFreeLB = this.freeLowerBound(n);
    }
    n.epoch++;
    n.removed.length = 0;
    n.cpuMoved = false;
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
      const cw = s.cpuProfile.walk;
      if (cw) s.cpuWalk = s.cpuWalk * (1 - cw.reversion) + n.rng.normal(0, cw.stddev);
      const mw = s.memProfile.walk;
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

/**
 * The pod's CPU grant, summed over its slots in order (over [slot0] for one container: 0 + its
 * grant, without reading the slots array): grantedCpu, usageOf and the figures reattach keeps.
 */
function grantSum(r: PodRecord): number {
  let g = 0;
  if (r.single) {
    const s0 = r.slot0;
    if (s0) g += s0.cpu;
  } else for (const s of r.slots) if (s) g += s.cpu;
  return g;
}

/** The contribution of a slot as it is about to change (reattach's "before"; not re-entrant). */
const savedContribution: Contribution = { cpu: 0, runnable: 0, throttled: 0, throttledFrac: 0, memConst: 0, memRate: 0 };

function saveContribution(s: Slot): void {
  const o = savedContribution;
  o.cpu = s.cpu;
  o.runnable = s.runnable;
  o.throttled = s.throttled;
  o.throttledFrac = s.throttledFrac;
  o.memConst = s.memConst;
  o.memRate = s.memRate;
}

/** The slot's contribution fields other than its grant, from its demand, limit and memory level. */
function setContribution(s: Slot): void {
  const L = s.cpuLimit;
  const d = s.demand;
  s.runnable = d > 0 ? 1 : 0;
  s.throttled = L !== undefined && d > L ? 1 : 0;
  s.throttledFrac = s.throttled ? (d - L!) / d : 0;
  s.memRate = s.memProfile.leakPerMs;
  s.memConst = s.memLevel - s.memRate * s.start;
}

/** Sort by seq (creation order): insertion sort, the lists are short (usually one entry). */
function sortBySeq<T extends { seq: number }>(xs: T[]): void {
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i]!;
    let j = i - 1;
    while (j >= 0 && xs[j]!.seq > x.seq) {
      xs[j + 1] = xs[j]!;
      j--;
    }
    xs[j + 1] = x;
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
