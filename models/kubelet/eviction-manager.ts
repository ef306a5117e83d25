// The kubelet's eviction manager for the memory.available signal (pkg/kubelet/eviction):
// every 10 s it observes memory.available = capacity − Σ working sets, and when the hard
// threshold is met it sets MemoryPressure (plus the memory-pressure NoSchedule taint, as
// TaintNodesByCondition does) and evicts ONE pod per round in rankMemoryPressure order.
// The condition is kept until the threshold has not been met for
// evictionPressureTransitionPeriod (5 min).
//
// Cheap for idle nodes: while a node is not under pressure there is no periodic check; the
// memory sum is linear in time between changes, so the first monitoring instant (on the 10 s
// grid) at which the threshold will be met is computed and one event is scheduled for it.

import type { EventHandle, Simulation } from '../../sim/index.js';
import type { Kubelet } from './kubelet.js';
import type { ApiServer } from '../api/apiserver.js';
import {
  EVICTED_REASON,
  EVICTION_MONITORING_PERIOD_MS,
  EVICTION_PRESSURE_TRANSITION_PERIOD_MS,
  evictionMessage,
  memoryAvailable,
  rankMemoryPressure,
  thresholdMet,
  thresholdQuantity,
  type ThresholdValue,
} from './policy/eviction.js';
import type { ContainerUsage, MemoryWatcher, NodeState, PodRecord } from './usage/model.js';

export const MEMORY_PRESSURE_TAINT = 'node.kubernetes.io/memory-pressure';

interface NodeEviction {
  n: NodeState;
  pressure: boolean;
  lastMetAt: number;
  check: EventHandle | null;
  /** The check is a periodic round (under pressure) rather than the analytic wake-up. */
  periodic: boolean;
}

const onCheck = (a: { m: EvictionManager; e: NodeEviction }) => a.m.check(a.e);

export class EvictionManager implements MemoryWatcher {
  private readonly states = new Map<NodeState, NodeEviction>();
  readonly period = EVICTION_MONITORING_PERIOD_MS;

  constructor(
    private readonly sim: Simulation,
    private readonly api: ApiServer,
    private readonly kubelet: Kubelet,
    private readonly usage: ContainerUsage,
    private readonly threshold: ThresholdValue,
  ) {
    usage.setMemoryWatcher(this);
  }

  nodeAdded(n: NodeState): void {
    const e: NodeEviction = { n, pressure: false, lastMetAt: -Infinity, check: null, periodic: false };
    this.states.set(n, e);
    setNodeCondition(n, false, this.sim.now);
  }

  private thresholdBytes(n: NodeState): number {
    return thresholdQuantity(this.threshold, n.memCapacity);
  }

  /** Memory on the node changed: move the wake-up, unless periodic rounds are running. */
  memoryChanged(n: NodeState): void {
    const e = this.states.get(n);
    if (!e || e.periodic) return;
    if (e.check) this.sim.cancel(e.check);
    e.check = null;
    const now = this.sim.now;
    const P = this.period;
    const a = n.acc;
    // met when Σ > capacity − threshold; Σ = memConst + memRate·t
    const bound = n.memCapacity - this.thresholdBytes(n);
    const cur = a.memoryAt(now);
    let at: number;
    if (cur > bound) at = Math.ceil(now / P) * P;
    else if (a.memRate > 0 && a.members > 0) at = (Math.floor((bound - a.memConst) / a.memRate / P) + 1) * P;
    else return;
    e.check = this.sim.at(Math.max(at, now), onCheck, { m: this, e });
  }

  /** @internal one monitoring round on a node. */
  check(e: NodeEviction): void {
    e.check = null;
    const n = e.n;
    const now = this.sim.now;
    const available = memoryAvailable(n.memCapacity, this.usage.nodeMemory(n));
    const met = thresholdMet(this.threshold, available, n.memCapacity);
    if (met) {
      e.lastMetAt = now;
      if (!e.pressure) {
        e.pressure = true;
        setNodeCondition(n, true, now);
        setTaint(n, true);
        this.api.updateInPlace(n.node);
      }
      this.api.events.warning(n.node, 'EvictionThresholdMet', 'Attempting to reclaim memory', 'kubelet');
      this.evictOne(n, available);
    } else if (e.pressure && now - e.lastMetAt >= EVICTION_PRESSURE_TRANSITION_PERIOD_MS) {
      e.pressure = false;
      setNodeCondition(n, false, now);
      setTaint(n, false);
      this.api.updateInPlace(n.node);
      this.api.events.normal(n.node, 'NodeHasSufficientMemory', `Node ${n.name} status is now: NodeHasSufficientMemory`, 'kubelet');
    }
    if (e.pressure || met) {
      e.periodic = true;
      e.check = this.sim.after(this.period, onCheck, { m: this, e });
    } else {
      e.periodic = false;
      this.memoryChanged(n);
    }
  }

  private evictOne(n: NodeState, available: number): void {
    const candidates: { key: string; priority: number; usageBytes: number; requestBytes: number; rec: PodRecord }[] = [];
    for (const r of n.pods) {
      // A pod being deleted is already on its way out (upstream skips terminating pods too).
      if (r.pod.metadata.deletionTimestamp !== undefined) continue;
      candidates.push({
        key: r.pod.metadata.uid ?? r.pod.metadata.name,
        priority: r.pod.spec.priority ?? 0,
        usageBytes: this.usage.podMemory(r),
        requestBytes: r.res.requests['memory'] ?? 0,
        rec: r,
      });
    }
    const victim = rankMemoryPressure(candidates)[0];
    if (!victim) return;
    const r = victim.rec;
    const containers = r.slots.flatMap((s) =>
      s ? [{ name: s.name, usageBytes: Math.round(this.usage.slotMemory(s)), requestBytes: s.memRequest, ...requestText(r, s.index) }] : [],
    );
    const msg = evictionMessage('memory', containers, { quantityBytes: this.thresholdBytes(n), availableBytes: Math.round(available) });
    r.evicted = true;
    this.usage.evictions++;
    this.api.events.warning(r.pod, EVICTED_REASON, msg, 'kubelet');
    this.kubelet.evict(r.pod, EVICTED_REASON, msg);
  }
}

function requestText(r: PodRecord, index: number): { requestText?: string } {
  const q = r.pod.spec.containers[index]?.resources?.requests?.['memory'];
  return q !== undefined ? { requestText: String(q) } : {};
}

function setNodeCondition(n: NodeState, pressure: boolean, now: number): void {
  const conds = n.node.status.conditions;
  const reason = pressure ? 'KubeletHasInsufficientMemory' : 'KubeletHasSufficientMemory';
  const status = pressure ? 'True' : 'False';
  const c = conds.find((x) => x.type === 'MemoryPressure');
  if (!c) conds.push({ type: 'MemoryPressure', status, reason, lastTransitionTime: now });
  else if (c.status !== status) {
    c.status = status;
    c.reason = reason;
    c.lastTransitionTime = now;
  }
}

function setTaint(n: NodeState, on: boolean): void {
  const spec = n.node.spec;
  const taints = spec.taints ?? [];
  const has = taints.some((t) => t.key === MEMORY_PRESSURE_TAINT);
  if (on && !has) spec.taints = [...taints, { key: MEMORY_PRESSURE_TAINT, effect: 'NoSchedule' }];
  if (!on && has) {
    const rest = taints.filter((t) => t.key !== MEMORY_PRESSURE_TAINT);
    if (rest.length) spec.taints = rest;
    else delete spec.taints;
  }
}
