// The kubelet's eviction manager (pkg/kubelet/eviction/eviction_manager.go, synchronize), for
// every signal: memory.available, nodefs.available, nodefs.inodesFree, imagefs.available,
// imagefs.inodesFree and pid.available. Each round observes the signals, finds the thresholds
// met (and those not yet reclaimed past their minimum reclaim), tracks when each was first met
// (soft thresholds wait out their grace period), raises MemoryPressure / DiskPressure /
// PIDPressure (kept for evictionPressureTransitionPeriod after the last time they were seen, with
// the TaintNodesByCondition NoSchedule taints), sorts the thresholds whose grace period is over
// byEvictionPriority (memory first), and evicts at most ONE pod, ranked by that signal's rank
// function. After an eviction it waits for the pod to be cleaned up (polled every 1 s, at most
// podCleanupTimeout 30 s) and synchronizes again at once; otherwise it sleeps the monitoring
// interval (10 s).
//
// Cheap for idle nodes: while a node has no pressure state (no threshold met, no condition kept)
// no round runs. Every signal is linear in time between changes (memory from the usage model,
// disk and pids from ./local-use.ts), so the first round (on the node's 10 s grid) at which some
// threshold will be met is computed and one event is scheduled for it, moved when usage changes.

import type { EventHandle, Simulation } from '../../sim/index.js';
import type { Kubelet } from './kubelet.js';
import type { ApiServer } from '../api/apiserver.js';
import type { Node, NodeCondition, Pod } from '../api/types.js';
import { podResourcesQOS } from '../api/policy/qos.js';
// SystemCriticalPriority: pods at or above it are never evicted (kubelettypes.IsCriticalPod).
import { SYSTEM_CRITICAL_PRIORITY } from './policy/cgroups.js';
import { tolerationsTolerateTaint } from '../api/policy/taints.js';
import {
  EVICTED_REASON,
  EVICTION_MONITORING_PERIOD_MS,
  EVICTION_PRESSURE_TRANSITION_PERIOD_MS,
  evictionMessageText,
  memoryAvailable,
  rankMemoryPressure,
  thresholdFigures,
  type EvictionContainerUsage,
  type EvictionSignal,
} from './policy/eviction.js';
import {
  isHardThreshold,
  mergeThresholds,
  nodeConditions,
  nodeConditionsLastObservedAt,
  nodeConditionsObservedSince,
  SIGNAL_RESOURCE,
  sortByEvictionPriority,
  thresholdMetInfo,
  thresholdQuantityOf,
  thresholdsFirstObservedAt,
  thresholdsMet,
  thresholdsMetGracePeriod,
  type Observation,
  type Observations,
  type PressureCondition,
  type Threshold,
} from './policy/eviction-thresholds.js';
import { diskRankMeasure, rankDiskPressure, rankPIDPressure, type DiskCandidate, type PidCandidate } from './policy/eviction-ranking.js';
import type { ContainerUsage, MemoryWatcher, NodeState, PodRecord } from './usage/model.js';
import { type LocalResourceUse, type LocalUseWatcher, type NodeLocalUse } from './local-use.js';

export const MEMORY_PRESSURE_TAINT = 'node.kubernetes.io/memory-pressure';
export const DISK_PRESSURE_TAINT = 'node.kubernetes.io/disk-pressure';
export const PID_PRESSURE_TAINT = 'node.kubernetes.io/pid-pressure';

/** podCleanupTimeout and podCleanupPollFreq. */
export const POD_CLEANUP_TIMEOUT_MS = 30_000;
export const POD_CLEANUP_POLL_MS = 1_000;
/** immediateEvictionGracePeriodSeconds: the grace period of a pod evicted for a hard threshold. */
export const IMMEDIATE_EVICTION_GRACE_PERIOD_SECONDS = 1;

/** A node's local filesystems and pid limit (the capacities the disk and pid signals observe). */
export interface LocalCapacity {
  /** nodefs: the root filesystem (the node's ephemeral-storage capacity). */
  nodefsBytes: number;
  nodefsInodes: number;
  /** A dedicated image filesystem; absent: images and writable layers are on nodefs. */
  imagefs?: { bytes: number; inodes: number };
  pidMax: number;
}

export interface EvictionSettings {
  thresholds: readonly Threshold[];
  /** evictionPressureTransitionPeriod (default 5m). */
  pressureTransitionPeriodMs?: number;
  /** evictionMaxPodGracePeriod, seconds: the grace period of a pod evicted for a soft threshold (default 0). */
  maxPodGracePeriodSeconds?: number;
}

interface NodeEviction {
  n: NodeState;
  cap: LocalCapacity;
  firstObservedAt: Map<Threshold, number>;
  conditionsLastObservedAt: Map<PressureCondition, number>;
  conditions: PressureCondition[];
  /** Thresholds met (grace periods over) and not yet resolved: held to their minimum reclaim. */
  met: Threshold[];
  check: EventHandle | null;
  /** The check is a periodic round (under pressure) rather than the analytic wake-up. */
  periodic: boolean;
  /** Phase of the node's monitoring loop: rounds fall on origin + k × 10 s until an eviction moves it. */
  origin: number;
  /** The first grid round at which a disk or pid threshold will be met (kept while only memory moves). */
  localAt: number;
}

const onCheck = (a: { m: EvictionManager; e: NodeEviction }) => a.m.check(a.e);

const CONDITION_TEXT: Record<PressureCondition, { taint: string; on: [string, string]; off: [string, string] }> = {
  MemoryPressure: { taint: MEMORY_PRESSURE_TAINT, on: ['KubeletHasInsufficientMemory', 'NodeHasInsufficientMemory'], off: ['KubeletHasSufficientMemory', 'NodeHasSufficientMemory'] },
  DiskPressure: { taint: DISK_PRESSURE_TAINT, on: ['KubeletHasDiskPressure', 'NodeHasDiskPressure'], off: ['KubeletHasNoDiskPressure', 'NodeHasNoDiskPressure'] },
  PIDPressure: { taint: PID_PRESSURE_TAINT, on: ['KubeletHasInsufficientPID', 'NodeHasInsufficientPID'], off: ['KubeletHasSufficientPID', 'NodeHasSufficientPID'] },
};
const CONDITIONS: readonly PressureCondition[] = ['MemoryPressure', 'DiskPressure', 'PIDPressure'];

export class EvictionManager implements MemoryWatcher, LocalUseWatcher {
  private readonly states = new Map<NodeState, NodeEviction>();
  private readonly byName = new Map<string, NodeEviction>();
  readonly period = EVICTION_MONITORING_PERIOD_MS;
  private readonly thresholds: readonly Threshold[];
  private readonly transitionMs: number;
  private readonly maxPodGraceSeconds: number;
  /** Signals with a threshold (others are not observed). */
  private readonly signals: ReadonlySet<EvictionSignal>;
  private readonly memoryThresholds: readonly Threshold[];
  /** Disk and pid thresholds. */
  private readonly localThresholds: readonly Threshold[];
  /** Evictions by signal (kubelet_evictions{eviction_signal}). */
  readonly evictionsBySignal = new Map<EvictionSignal, number>();

  constructor(
    private readonly sim: Simulation,
    private readonly api: ApiServer,
    private readonly kubelet: Kubelet,
    private readonly usage: ContainerUsage,
    settings: EvictionSettings,
    private readonly capacityOf: (node: Node) => LocalCapacity,
    private readonly local: LocalResourceUse | undefined,
  ) {
    this.thresholds = settings.thresholds;
    this.transitionMs = settings.pressureTransitionPeriodMs ?? EVICTION_PRESSURE_TRANSITION_PERIOD_MS;
    this.maxPodGraceSeconds = settings.maxPodGracePeriodSeconds ?? 0;
    this.signals = new Set(this.thresholds.map((t) => t.signal));
    this.memoryThresholds = this.thresholds.filter((t) => t.signal === 'memory.available');
    this.localThresholds = this.thresholds.filter((t) => t.signal !== 'memory.available');
    local?.setWatcher(this);
    usage.setMemoryWatcher(this);
    kubelet.addAdmitHandler((pod, nodeName) => this.admit(pod, nodeName));
  }

  /**
   * Admit (the eviction manager as a pod admit handler): a node without pressure admits every
   * pod, and so does any node a critical pod; under MemoryPressure alone, pods that are not
   * BestEffort, and BestEffort pods that tolerate the memory-pressure taint; otherwise the pod
   * is refused, reason Evicted, "The node had condition: [DiskPressure]. ".
   */
  admit(pod: Pod, nodeName: string): { reason: string; message: string } | undefined {
    const e = this.byName.get(nodeName);
    if (!e || e.conditions.length === 0) return undefined;
    if ((pod.spec.priority ?? 0) >= SYSTEM_CRITICAL_PRIORITY) return undefined;
    if (e.conditions.length === 1 && e.conditions[0] === 'MemoryPressure') {
      const res = this.api.resourcesOf(pod);
      if ((pod.status.qosClass ?? podResourcesQOS(res)) !== 'BestEffort') return undefined;
      if (tolerationsTolerateTaint(pod.spec.tolerations, { key: MEMORY_PRESSURE_TAINT, effect: 'NoSchedule' })) return undefined;
    }
    return { reason: EVICTED_REASON, message: `The node had condition: [${e.conditions.join(' ')}]. ` };
  }

  nodeAdded(n: NodeState): void {
    const e: NodeEviction = {
      n, cap: this.capacityOf(n.node), firstObservedAt: new Map(), conditionsLastObservedAt: new Map(), conditions: [], met: [],
      check: null, periodic: false, origin: 0, localAt: Infinity,
    };
    this.states.set(n, e);
    this.byName.set(n.name, e);
    for (const c of CONDITIONS) setNodeCondition(n.node, c, false, this.sim.now);
    this.wake(e, true);
  }

  /** Memory on the node changed: move the wake-up, unless periodic rounds are running. */
  memoryChanged(n: NodeState): void {
    const e = this.states.get(n);
    if (e && !e.periodic) this.wake(e, false);
  }

  /** Disk or pid use on the node changed. */
  localUseChanged(nodeName: string): void {
    const e = this.byName.get(nodeName);
    if (e && !e.periodic && this.states.get(e.n) === e) this.wake(e, true);
  }

  /** The node's observations now (signalObservations), for the signals with thresholds. */
  observe(e: NodeEviction): Observations {
    const now = this.sim.now;
    const out: Observations = {};
    const lu = this.local?.node(e.n.name);
    for (const s of this.signals) out[s] = observation(s, e, lu, now, this.usage);
    return out;
  }

  /**
   * Schedule the first grid round at which some threshold will be met (none: no event). Memory
   * changes often and disk or pid use rarely, so `local` false reuses the disk/pid crossing found
   * last time and only the memory thresholds are looked at.
   */
  private wake(e: NodeEviction, local: boolean): void {
    if (e.check) this.sim.cancel(e.check);
    e.check = null;
    const now = this.sim.now;
    const lu = local && this.localThresholds.length > 0 ? this.local?.node(e.n.name) : undefined;
    if (local) {
      e.localAt = Infinity;
      for (const t of this.localThresholds) e.localAt = Math.min(e.localAt, this.crossing(e, t, lu, now));
    }
    let at = e.localAt;
    for (const t of this.memoryThresholds) at = Math.min(at, this.crossing(e, t, undefined, now));
    if (at === Infinity) return;
    e.check = this.sim.at(Math.max(at, now), onCheck, { m: this, e });
  }

  /** The first round (on the node's grid, not before now) at which `t` will be met; Infinity if never at the current rates. */
  private crossing(e: NodeEviction, t: Threshold, lu: NodeLocalUse | undefined, now: number): number {
    const P = this.period;
    // Met when used > capacity − quantity; used = c + r·t between changes.
    const { c, r, capacity } = usedLine(t.signal, e, lu, this.usage);
    const bound = capacity - thresholdQuantityOf(t.value, capacity);
    const cur = Math.max(0, c + r * now);
    if (cur > bound) return e.origin + Math.ceil((now - e.origin) / P) * P;
    if (r > 0) return e.origin + (Math.floor(((bound - c) / r - e.origin) / P) + 1) * P;
    return Infinity;
  }

  /** @internal one monitoring round (synchronize) on a node. */
  check(e: NodeEviction): void {
    e.check = null;
    const now = this.sim.now;
    const node = e.n.node;
    const observations = this.observe(e);
    let met = thresholdsMet(this.thresholds, observations, false);
    if (e.met.length > 0) met = mergeThresholds(met, thresholdsMet(e.met, observations, true));
    const firstObservedAt = thresholdsFirstObservedAt(met, e.firstObservedAt, now);
    const lastObserved = nodeConditionsLastObservedAt(nodeConditions(met), e.conditionsLastObservedAt, now);
    const conditions = nodeConditionsObservedSince(lastObserved, this.transitionMs, now);
    const ready = thresholdsMetGracePeriod(firstObservedAt, now);
    e.firstObservedAt = firstObservedAt;
    // Conditions no longer observed within the period are dropped from the map too (upstream
    // keeps them, but they can never count again until seen anew).
    for (const [c, at] of lastObserved) if (now - at >= this.transitionMs) lastObserved.delete(c);
    e.conditionsLastObservedAt = lastObserved;
    e.met = ready;
    this.applyConditions(e, conditions, now);

    let evictedFor = -1;
    if (ready.length > 0) {
      const sorted = sortByEvictionPriority(ready);
      const t = sorted[0]!;
      const resource = SIGNAL_RESOURCE[t.signal];
      this.api.events.warning(node, 'EvictionThresholdMet', `Attempting to reclaim ${resource}`, 'kubelet');
      // Node-level reclaim (image and dead-container GC) first: k8sim gives images and exited
      // containers no size, so there is nothing to reclaim and pods are evicted at once.
      evictedFor = this.evictOne(e, t, sorted, observations);
    }
    const pressure = conditions.length > 0 || firstObservedAt.size > 0 || e.met.length > 0;
    if (evictedFor >= 0) {
      // waitForPodsCleanup: the pod is killed after its grace period, then the first 1 s poll
      // sees it cleaned up (k8sim's pods are gone as soon as their containers are), and the
      // manager synchronizes again at once: its loop's phase moves.
      const next = now + Math.min(evictedFor + POD_CLEANUP_POLL_MS, POD_CLEANUP_TIMEOUT_MS);
      e.origin = next;
      e.periodic = true;
      e.check = this.sim.at(next, onCheck, { m: this, e });
    } else if (pressure) {
      e.periodic = true;
      e.check = this.sim.after(this.period, onCheck, { m: this, e });
    } else {
      e.periodic = false;
      e.origin = now;
      this.wake(e, true);
    }
  }

  private applyConditions(e: NodeEviction, conditions: readonly PressureCondition[], now: number): void {
    const node = e.n.node;
    let changed = false;
    for (const c of CONDITIONS) {
      const on = conditions.includes(c);
      const was = e.conditions.includes(c);
      if (on === was) continue;
      changed = true;
      setNodeCondition(node, c, on, now);
      setTaint(node, CONDITION_TEXT[c].taint, on);
      const event = CONDITION_TEXT[c][on ? 'on' : 'off'][1];
      this.api.events.normal(node, event, `Node ${e.n.name} status is now: ${event}`, 'kubelet');
    }
    e.conditions = CONDITIONS.filter((c) => conditions.includes(c));
    if (changed) this.api.updateInPlace(node);
  }

  /**
   * Rank the node's active pods for the threshold's signal and evict the first that may be
   * evicted (critical pods may not). Returns the pod's grace period in ms, or −1 if none was evicted.
   */
  private evictOne(e: NodeEviction, t: Threshold, thresholds: readonly Threshold[], observations: Observations): number {
    const n = e.n;
    const active: PodRecord[] = [];
    // A pod being deleted is already on its way out (upstream skips terminating pods too).
    for (const r of n.pods) if (r.pod.metadata.deletionTimestamp === undefined && !r.evicted) active.push(r);
    if (active.length === 0) return -1;
    const resource = SIGNAL_RESOURCE[t.signal];
    const ranked = this.rank(e, t.signal, active);
    const info = thresholdMetInfo(resource, thresholds, observations);
    const figures = info ? thresholdFigures(info.threshold.value, info.quantity, info.available, resource) : undefined;
    for (const r of ranked) {
      if ((r.pod.spec.priority ?? 0) >= SYSTEM_CRITICAL_PRIORITY) continue;
      const msg = evictionMessageText(resource, this.containerUsage(r, resource), figures);
      const graceSeconds = isHardThreshold(t) ? IMMEDIATE_EVICTION_GRACE_PERIOD_SECONDS : this.maxPodGraceSeconds;
      r.evicted = true;
      this.usage.evictions++;
      this.evictionsBySignal.set(t.signal, (this.evictionsBySignal.get(t.signal) ?? 0) + 1);
      this.api.events.warning(r.pod, EVICTED_REASON, msg, 'kubelet');
      return this.kubelet.evictWithGrace(r.pod, EVICTED_REASON, msg, graceSeconds);
    }
    return -1;
  }

  private rank(e: NodeEviction, signal: EvictionSignal, pods: PodRecord[]): PodRecord[] {
    const key = (r: PodRecord) => r.pod.metadata.uid ?? r.pod.metadata.name;
    const priority = (r: PodRecord) => r.pod.spec.priority ?? 0;
    const resource = SIGNAL_RESOURCE[signal];
    if (resource === 'memory') {
      return rankMemoryPressure(pods.map((r) => ({
        key: key(r), priority: priority(r), usageBytes: this.usage.podMemory(r), requestBytes: r.res.requests['memory'] ?? 0, rec: r,
      }))).map((c) => c.rec);
    }
    if (resource === 'pids') {
      return rankPIDPressure(pods.map((r): PidCandidate & { rec: PodRecord } => ({
        key: key(r), priority: priority(r), hasStats: true, processes: this.local?.podFigures(r.pod)?.processes ?? 0, rec: r,
      }))).map((c) => c.rec);
    }
    const zero = { bytes: 0, inodes: 0 };
    const measure = diskRankMeasure(signal, e.cap.imagefs !== undefined);
    return rankDiskPressure(pods.map((r): DiskCandidate & { rec: PodRecord } => {
      const f = this.local?.podFigures(r.pod);
      return {
        key: key(r), priority: priority(r), hasStats: true,
        root: f?.root ?? zero, logs: f?.logs ?? zero, localVolumes: f?.localVolumes ?? zero,
        ephemeralRequestBytes: r.res.requests['ephemeral-storage'] ?? 0, rec: r,
      };
    }), measure, resource === 'inodes' ? 'inodes' : 'ephemeral-storage').map((c) => c.rec);
  }

  /** The containers' usage of the resource the message names (memory, or writable layer + logs). */
  private containerUsage(r: PodRecord, resource: string): EvictionContainerUsage[] {
    if (resource === 'memory') {
      return r.slots.flatMap((s) =>
        s ? [{ name: s.name, usageBytes: Math.round(this.usage.slotMemory(s)), requestBytes: s.memRequest, ...requestText(r.pod, s.index, 'memory') }] : [],
      );
    }
    if (resource !== 'ephemeral-storage') return [];
    const f = this.local?.podFigures(r.pod);
    return (f?.containers ?? []).map((c) => ({
      name: c.name, usageBytes: Math.round(c.bytes), requestBytes: r.res.containers[c.index]?.requests['ephemeral-storage'] ?? 0,
      ...requestText(r.pod, c.index, 'ephemeral-storage'),
    }));
  }
}

/** A signal's used amount as a line c + r·t and the capacity it is observed against. */
function usedLine(signal: EvictionSignal, e: NodeEviction, lu: NodeLocalUse | undefined, usage: ContainerUsage): { c: number; r: number; capacity: number } {
  const cap = e.cap;
  switch (signal) {
    case 'memory.available': {
      const a = e.n.acc;
      return a.members > 0 ? { c: a.memConst, r: a.memRate, capacity: e.n.memCapacity } : { c: 0, r: 0, capacity: e.n.memCapacity };
    }
    case 'nodefs.available':
      // Running containers' line plus what stopped ones left in their pods' volumes.
      return { c: lu ? lu.nodefsBytes.c + lu.kept : 0, r: lu?.nodefsBytes.r ?? 0, capacity: cap.nodefsBytes };
    case 'nodefs.inodesFree':
      return { c: lu?.nodefsInodes.c ?? 0, r: lu?.nodefsInodes.r ?? 0, capacity: cap.nodefsInodes };
    case 'imagefs.available':
      // Without a dedicated imagefs the runtime reports the root filesystem for it.
      if (!cap.imagefs) return usedLine('nodefs.available', e, lu, usage);
      return { c: lu?.imagefsBytes.c ?? 0, r: lu?.imagefsBytes.r ?? 0, capacity: cap.imagefs.bytes };
    case 'imagefs.inodesFree':
      if (!cap.imagefs) return usedLine('nodefs.inodesFree', e, lu, usage);
      return { c: lu?.imagefsInodes.c ?? 0, r: lu?.imagefsInodes.r ?? 0, capacity: cap.imagefs.inodes };
    case 'pid.available':
      return { c: lu?.pids.c ?? 0, r: lu?.pids.r ?? 0, capacity: cap.pidMax };
  }
}

function observation(signal: EvictionSignal, e: NodeEviction, lu: NodeLocalUse | undefined, now: number, usage: ContainerUsage): Observation {
  if (signal === 'memory.available') return { available: memoryAvailable(e.n.memCapacity, usage.nodeMemory(e.n)), capacity: e.n.memCapacity };
  const l = usedLine(signal, e, lu, usage);
  let used = Math.max(0, l.c + l.r * now);
  // Counts (inodes, pids) are whole numbers in the summary; bytes too, within rounding.
  used = SIGNAL_RESOURCE[signal] === 'ephemeral-storage' ? used : Math.ceil(used - 1e-9);
  return { available: Math.max(0, l.capacity - used), capacity: l.capacity };
}

function requestText(pod: Pod, index: number, resource: string): { requestText?: string } {
  const q = pod.spec.containers[index]?.resources?.requests?.[resource];
  return q !== undefined ? { requestText: String(q) } : {};
}

function setNodeCondition(node: Node, type: PressureCondition, pressure: boolean, now: number): void {
  const conds = node.status.conditions;
  const text = CONDITION_TEXT[type];
  const reason = pressure ? text.on[0] : text.off[0];
  const status = pressure ? 'True' : 'False';
  const c = conds.find((x) => x.type === type);
  if (!c) conds.push({ type, status, reason, lastTransitionTime: now } satisfies NodeCondition);
  else if (c.status !== status) {
    c.status = status;
    c.reason = reason;
    c.lastTransitionTime = now;
  }
}

function setTaint(node: Node, key: string, on: boolean): void {
  const spec = node.spec;
  const taints = spec.taints ?? [];
  const has = taints.some((t) => t.key === key);
  if (on && !has) spec.taints = [...taints, { key, effect: 'NoSchedule' }];
  if (!on && has) {
    const rest = taints.filter((t) => t.key !== key);
    if (rest.length) spec.taints = rest;
    else delete spec.taints;
  }
}
