// The traffic flow model: per Service, an offered request rate (its profile plus calls from other
// Services) spread over the Service's ready endpoints; each pod is an M/M/c/K queue served with
// the CPU it actually gets (ResourceUsageModel.cpuCapacity); requests above what the queue can
// hold fail, requests with no ready endpoint fail. Rates are recomputed only when something
// changes — a profile change point, an endpoint set, a pod's CPU capacity, a caller's served
// rate — never per request and never on a timer of its own.
//
// Pod CPU and memory follow the served load: usage.setLoadDemand(pod, served·cost, inflight·mem).

import type { Millis, RandomStreams, Simulation } from '../../sim/index.js';
import type { MetricsRegistry, SeriesEmit } from '../metrics.js';
import type { EndpointsController, ServiceEndpoints } from '../controllers/endpoints.js';
import { serviceType, type Pod } from '../api/types.js';
import { objectKey } from '../api/store.js';
import type { ResourceUsageModel, UsageHandle } from '../kubelet/usage/contract.js';
import { ABS_GRID, ABS_POINTS, absTable, extent, normQueueOf, queueShape, quantileFromGrid, type NormQueue, type QueueShape } from './pod-queue.js';
import { ProfileCursor } from './profile.js';
import { EndpointLoads, markSole, PodLoad, type PodEntry } from './endpoint-loads.js';
import { slotServiceRate } from './policy/queueing.js';
import {
  costMean,
  DEFAULT_CONCURRENCY,
  DEFAULT_QUEUE_BOUND,
  DEFAULT_RESOLUTION,
  type ServiceTrafficSpec,
  type TrafficSpec,
} from './spec.js';

type Load = PodLoad<ServiceTraffic>;
type Entry = PodEntry<ServiceTraffic>;

// Scratch for spread (grown on demand; spread is not re-entrant): the ready pods and their
// capacities (all read before any demand is pushed, as the usage model's state then was), the
// slots' served/inflight before a rebuild, and the (offered, capacity) groups that share one
// queue solution, in creation order.
const scratchPods: Pod[] = [];
const scratchUids: string[] = [];
const scratchLoads: (Load | undefined)[] = [];
let scratchCaps = new Float64Array(64);
let prevServed = new Float64Array(64);
let prevInflight = new Float64Array(64);
const groupOffered: number[] = [];
const groupCap: number[] = [];
const groupMu: number[] = [];
const groupCount: number[] = [];
const groupQ: (NormQueue | undefined)[] = [];
/** Mixture parts (a subset of the groups) for setMixture. */
const partQ: NormQueue[] = [];
const partMu: number[] = [];
const partWeight: number[] = [];

function growScratch(n: number): void {
  if (scratchCaps.length >= n) return;
  let len = scratchCaps.length;
  while (len < n) len *= 2;
  scratchCaps = new Float64Array(len);
  prevServed = new Float64Array(len);
  prevInflight = new Float64Array(len);
}

/** Map-key equality (SameValueZero), as the former Map<number, …> groups compared. */
function sameKey(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

/** Live state of one Service's traffic; public read-only fields feed reports and the HPA. */
export class ServiceTraffic {
  readonly key: string;
  readonly cost: number;
  readonly concurrency: number;
  readonly bound: number;
  profile: ProfileCursor | undefined;
  /** Requests/s from the profile right now. */
  externalRate = 0;
  /** Requests/s arriving from calling Services, by caller key. */
  readonly inbound = new Map<string, number>();
  offered = 0;
  served = 0;
  errors = 0;
  p50 = NaN;
  p95 = NaN;
  p99 = NaN;
  readyEndpoints = 0;
  /** The endpoint pods' loads by uid, in the order they were taken on (departures are found here). */
  readonly pods = new Map<string, Load>();
  /** The same loads as arrays, in the ready endpoints' order of the last recomputation. */
  readonly loads: EndpointLoads;
  callees: Array<{ target: ServiceTraffic; fanout: number }> = [];
  // Run totals, integrated between recomputations.
  lastT: Millis = 0;
  requests = 0;
  failed = 0;
  servedTotal = 0;
  readonly latencyAcc = new Float64Array(ABS_POINTS);
  sloTime = 0;
  sloMetTime = 0;
  /** Current latency mixture as survival on the absolute grid (unnormalised), and its weight. */
  private mix = new Float64Array(ABS_POINTS);
  private mixWeight = 0;
  /**
   * mix[j] is exactly 0 for every j ≥ mixHi (survival tables end in zeros): adding w·mix into an
   * accumulator with a finite w leaves those entries as they are, so the loops stop at mixHi.
   */
  private mixHi = 0;
  /** Every entry of mix is finite (and so is every k·mix for a finite k). */
  private mixFinite = true;
  /** The solved queues of this Service's shape (concurrency, bound). */
  readonly shape: QueueShape;
  dirty = false;
  recomputesAtNow = 0;
  recomputeStamp = -1;
  /** The argument of this Service's profile events (one pending at a time: allocated once). */
  tickArg: { m: TrafficModel; s: ServiceTraffic } | undefined;

  /** Requests before this time are left out of every total (Traffic.spec.warmup). */
  readonly warmupMs: Millis;
  /** Length of the windows whose p99 the peak is taken over (Traffic.spec.peakWindow). */
  readonly windowMs: Millis;
  /** Latency mass and served requests of the window in progress. */
  private readonly winAcc = new Float64Array(ABS_POINTS);
  private winServed = 0;
  /** winAcc[j] is exactly 0 for j ≥ winHi. */
  private winHi = 0;
  /**
   * The window's first part, not yet added into winAcc: winAcc is then k·mix (NaN: none). A
   * window that ends with that one part at a finite p99 needs no grid (closeWindow), which is
   * every window when the state changes on the window boundaries (diurnal rates, 1 min).
   */
  private winPendK = NaN;
  /**
   * Lowest and highest current p99 over the window's parts. A mixture's quantile lies between
   * its components' quantiles, so the grid estimate is clamped into [low, high]: a window at one
   * state reports exactly what timeseries.csv shows, not the grid's interpolation of it.
   */
  private winLow = Infinity;
  private winHigh = -Infinity;
  /** Highest p99 of a finished window (NaN until a window served something). */
  peakP99 = NaN;

  constructor(readonly spec: ServiceTrafficSpec, measure: { warmupMs?: Millis; windowMs?: Millis } = {}) {
    this.warmupMs = measure.warmupMs ?? 0;
    this.windowMs = measure.windowMs ?? DEFAULT_PEAK_WINDOW;
    this.key = objectKey(spec.namespace, spec.service);
    this.cost = costMean(spec.cpuPerRequest);
    this.concurrency = Math.max(1, Math.floor(spec.concurrency ?? DEFAULT_CONCURRENCY));
    this.bound = this.concurrency + Math.max(0, Math.floor(spec.queueBound ?? DEFAULT_QUEUE_BOUND));
    this.loads = new EndpointLoads(this.cost, spec.memoryPerRequest ?? 0);
    this.shape = queueShape(this.concurrency, this.bound);
  }

  /** Close the interval since the last computation: add its requests, errors, latency mass and SLO time. */
  integrate(now: Millis): void {
    const from = Math.max(this.lastT, this.warmupMs);
    this.lastT = Math.max(this.lastT, now);
    if (now <= from) return;
    this.addWindows(from, now);
    const dt = (now - from) / 1000;
    this.requests += this.offered * dt;
    this.failed += this.errors * dt;
    this.servedTotal += this.served * dt;
    if (this.mixWeight > 0 && this.served > 0) {
      const w = (this.served * dt) / this.mixWeight;
      const hi = Number.isFinite(w) ? this.mixHi : ABS_POINTS;
      for (let j = 0; j < hi; j++) this.latencyAcc[j]! += w * this.mix[j]!;
    }
    const slo = this.spec.slo;
    if (slo) {
      this.sloTime += dt;
      if (this.meetsSlo()) this.sloMetTime += dt;
    }
  }

  /**
   * Windows are [warmup + k·window, warmup + (k+1)·window). The state is constant over
   * [from, to), so every whole window inside it has the current mixture's p99: computed once,
   * however many windows a quiet stretch spans.
   */
  private addWindows(from: Millis, to: Millis): void {
    const w = this.windowMs;
    const o = this.warmupMs;
    const next = o + (Math.floor((from - o) / w) + 1) * w; // first boundary after `from`
    if (to < next) {
      this.addToWindow((to - from) / 1000);
      return;
    }
    this.addToWindow((next - from) / 1000);
    this.closeWindow();
    const last = o + Math.floor((to - o) / w) * w; // last boundary at or before `to`
    // Whole windows at the current state.
    if (last > next && this.served > 0 && this.mixWeight > 0) this.notePeak(Number.isFinite(this.p99) ? this.p99 : quantileFromGrid(this.mix, this.mixWeight, 0.99));
    if (to > last) this.addToWindow((to - last) / 1000);
  }

  private addToWindow(dt: number): void {
    if (dt <= 0 || !(this.mixWeight > 0 && this.served > 0)) return;
    const k = (this.served * dt) / this.mixWeight;
    if (this.winServed === 0 && Number.isNaN(this.winPendK) && this.winHi === 0 && Number.isFinite(k) && this.mixFinite) {
      // The window's first part: kept as k (winAcc = k·mix), added only if the window gets a second part.
      this.winPendK = k;
    } else {
      this.settleWindow();
      this.addMix(this.winAcc, k);
    }
    this.winServed += this.served * dt;
    if (Number.isFinite(this.p99)) {
      this.winLow = Math.min(this.winLow, this.p99);
      this.winHigh = Math.max(this.winHigh, this.p99);
    }
  }

  /** acc[j] += k·mix[j] over the grid (to the mixture's extent when k is finite); notes the extent reached. */
  private addMix(acc: Float64Array, k: number): void {
    const hi = Number.isFinite(k) ? this.mixHi : ABS_POINTS;
    const mix = this.mix;
    for (let j = 0; j < hi; j++) acc[j]! += k * mix[j]!;
    if (acc === this.winAcc && hi > this.winHi) this.winHi = hi;
  }

  /** Add the window's kept first part into winAcc (before the mixture changes, or a second part). */
  private settleWindow(): void {
    const k = this.winPendK;
    if (Number.isNaN(k)) return;
    this.winPendK = NaN;
    this.addMix(this.winAcc, k);
  }

  /** End the window in progress: its p99 may be the new peak. Also called at the end of the run. */
  closeWindow(): void {
    if (this.winServed > 0 && !Number.isNaN(this.winPendK) && this.winLow === this.winHigh && Number.isFinite(2 * this.winServed)) {
      // One part at one state: the grid's quantile of k·mix (finite, non-negative, each entry
      // ≤ about winServed) is a number, and clamped into [p99, p99] it is p99.
      this.notePeak(this.winHigh);
    } else if (this.winServed > 0) {
      this.settleWindow();
      const grid = quantileFromGrid(this.winAcc, this.winServed, 0.99);
      this.notePeak(this.winLow <= this.winHigh ? Math.min(this.winHigh, Math.max(this.winLow, grid)) : grid);
    }
    this.winAcc.fill(0, 0, this.winHi); // (zeros from winHi on already)
    this.winHi = 0;
    this.winPendK = NaN;
    this.winServed = 0;
    this.winLow = Infinity;
    this.winHigh = -Infinity;
  }

  private notePeak(p99: number): void {
    if (Number.isFinite(p99) && !(p99 <= this.peakP99)) this.peakP99 = p99;
  }

  meetsSlo(): boolean {
    const slo = this.spec.slo;
    if (!slo) return true;
    if (slo.errorRate !== undefined && this.offered > 0 && this.errors / this.offered > slo.errorRate) return false;
    if (slo.latencyP99 !== undefined && this.served > 0 && !(this.p99 <= slo.latencyP99)) return false;
    return true;
  }

  setMixture(parts: Array<{ q: NormQueue; mu: number; weight: number }>, fixedLatency?: number): void {
    let k = 0;
    for (const p of parts) {
      partQ[k] = p.q;
      partMu[k] = p.mu;
      partWeight[k++] = p.weight;
    }
    if (fixedLatency !== undefined) this.setMixtureFixed(fixedLatency);
    else this.setMixtureParts(k);
  }

  /** Everything at one latency (endpoints outside the cluster). */
  setMixtureFixed(fixedLatency: number): void {
    this.settleWindow();
    this.mixFinite = true;
    for (let j = 0; j < ABS_POINTS; j++) this.mix[j] = ABS_GRID[j]! < fixedLatency ? 1 : 0;
    this.mixWeight = 1;
    this.mixHi = extent(this.mix);
  }

  /**
   * The mixture of the first k parts of partQ/partMu/partWeight: Σ weight·S(T_j) in part order,
   * each queue's survival on the absolute grid tabulated once per (queue, μ) (absTable).
   */
  setMixtureParts(k: number): void {
    this.settleWindow();
    const mix = this.mix;
    mix.fill(0, 0, this.mixHi); // (zeros from mixHi on already)
    this.mixWeight = 0;
    let mixHi = 0;
    let finite = true;
    for (let i = 0; i < k; i++) {
      const w = partWeight[i]!;
      if (w <= 0) continue;
      const tab = absTable(partQ[i]!, partMu[i]!);
      const sv = tab.t;
      // Past the table's extent w·sv[j] is 0 (w finite): mix[j] + 0 leaves it as it is.
      const hi = Number.isFinite(w) ? tab.hi : ABS_POINTS;
      for (let j = 0; j < hi; j++) mix[j]! += w * sv[j]!;
      if (hi > mixHi) mixHi = hi;
      finite &&= tab.finite && Number.isFinite(w);
      this.mixWeight += w;
    }
    this.mixHi = mixHi;
    this.mixFinite = finite;
  }

  mixQuantile(p: number): number {
    return quantileFromGrid(this.mix, this.mixWeight, p);
  }

  runP99(): number {
    return quantileFromGrid(this.latencyAcc, this.servedTotal, 0.99);
  }
}

/** Default window of the peak p99 (Traffic.spec.peakWindow): the 1-minute p99 dashboards show. */
export const DEFAULT_PEAK_WINDOW: Millis = 60_000;

const flush = (m: TrafficModel) => m.flushDirty();
const onProfile = (a: { m: TrafficModel; s: ServiceTraffic }) => a.m.profileTick(a.s);

export interface TrafficModelOptions {
  /** Relative capacity change that triggers a recomputation (default 0.5%). */
  capacityEpsilon?: number;
}

export class TrafficModel {
  readonly services = new Map<string, ServiceTraffic>();
  /**
   * pod uid → the Services whose load it serves, with those loads (for capacity-change lookups,
   * a shared pod's total demand, and podServedRate: its Σ served over them).
   */
  private readonly podEntries = new Map<string, Entry>();
  /** Numbers recomputations (PodLoad.seen). */
  private pass = 0;
  private readonly dirty: ServiceTraffic[] = [];
  private flushScheduled = false;
  private readonly resolution: Millis;
  private readonly eps: number;
  /** Recomputations done (a cost figure for benches). */
  recomputes = 0;

  constructor(
    private readonly sim: Simulation,
    streams: RandomStreams,
    private readonly endpoints: EndpointsController,
    private readonly usage: ResourceUsageModel,
    spec: TrafficSpec,
    opts: TrafficModelOptions = {},
  ) {
    this.resolution = spec.resolution ?? DEFAULT_RESOLUTION;
    this.eps = opts.capacityEpsilon ?? 0.005;
    for (const s of spec.services) {
      const st = new ServiceTraffic(s, {
        ...(spec.warmup !== undefined ? { warmupMs: spec.warmup } : {}),
        ...(spec.peakWindow !== undefined ? { windowMs: spec.peakWindow } : {}),
      });
      if (this.services.has(st.key)) throw new Error(`Traffic: Service ${st.key} is described twice`);
      if (s.rate) st.profile = new ProfileCursor(s.rate, this.resolution, streams.stream(`traffic/${st.key}`));
      this.services.set(st.key, st);
    }
    for (const st of this.services.values()) {
      for (const c of st.spec.calls ?? []) {
        const target = this.services.get(objectKey(c.namespace ?? st.spec.namespace, c.service));
        if (!target) throw new Error(`Traffic: ${st.key} calls Service ${c.service}, which has no Traffic entry (it needs cpuPerRequest)`);
        st.callees.push({ target, fanout: c.fanout });
      }
    }
    endpoints.onChange((e) => this.onEndpoints(e));
    // Only pods serving a Service matter (onCapacity ignores the others): watched in podServices.
    usage.onCapacityChange((pod) => this.onCapacity(pod), { watchedOnly: true });
    // Start every profile at the current instant (t = 0 for a scenario).
    for (const st of this.services.values()) {
      st.lastT = sim.now;
      if (st.profile) sim.after(0, onProfile, (st.tickArg = { m: this, s: st }));
    }
  }

  get(namespace: string, name: string): ServiceTraffic | undefined {
    return this.services.get(objectKey(namespace, name));
  }

  /**
   * Called with a pod's uid whenever podServedRate of that pod may have changed, and the usage
   * model's handle of the pod when the traffic model holds one (a listener can then find what it
   * tagged the pod with, see ResourceUsageModel.stampTagOf, without a lookup by uid).
   */
  onServedChange: ((uid: string, handle: UsageHandle | undefined) => void) | undefined = undefined;

  /** Requests/s a pod is serving now, summed over the Services it backs. */
  podServedRate(pod: Pod): number {
    const e = this.podEntries.get(pod.metadata.uid ?? '');
    return e === undefined ? 0 : servedSum(e);
  }

  /**
   * podServedRate through a handle the caller keeps (the pod's entry; undefined while it has none):
   * `servedRateOf(h)` is podServedRate while `servedHandleHolds(h)`. An entry is dropped when its
   * last load leaves (loads empty) and never reused, so a kept one with loads is the pod's.
   */
  servedHandle(pod: Pod): object | undefined {
    return this.podEntries.get(pod.metadata.uid ?? '');
  }
  servedHandleHolds(h: object): boolean {
    return (h as Entry).loads.length > 0;
  }
  servedRateOf(h: object): number {
    return servedSum(h as Entry);
  }

  /** @internal profile change point. */
  profileTick(st: ServiceTraffic): void {
    const now = this.sim.now;
    st.externalRate = st.profile!.rate(now);
    this.markDirty(st);
    const next = st.profile!.nextChange(now);
    if (Number.isFinite(next)) this.sim.at(next, onProfile, st.tickArg!);
  }

  private onEndpoints(e: ServiceEndpoints): void {
    const st = this.services.get(e.key);
    if (st) this.markDirty(st);
  }

  private onCapacity(pod: Pod): void {
    const e = this.podEntries.get(pod.metadata.uid ?? '');
    if (!e) return;
    const loads = e.loads;
    for (let i = 0; i < loads.length; i++) {
      const pl = loads[i]!;
      const cap = this.usage.cpuCapacity(pod);
      if (Math.abs(cap - pl.capacity) > this.eps * Math.max(1, pl.capacity)) this.markDirty(pl.st);
    }
  }

  private markDirty(st: ServiceTraffic): void {
    if (st.dirty) return;
    const now = this.sim.now;
    if (st.recomputeStamp === now && st.recomputesAtNow > 20) return; // a feedback loop within one instant: settle
    st.dirty = true;
    this.dirty.push(st);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      this.sim.after(0, flush, this);
    }
  }

  /** @internal recompute every Service marked since the last flush, in marking order. */
  flushDirty(): void {
    this.flushScheduled = false;
    // Recomputing may mark callees; they are appended and handled in this same pass.
    for (let i = 0; i < this.dirty.length; i++) {
      const st = this.dirty[i]!;
      st.dirty = false;
      this.recompute(st);
    }
    this.dirty.length = 0;
  }

  private recompute(st: ServiceTraffic): void {
    const now = this.sim.now;
    this.recomputes++;
    if (st.recomputeStamp !== now) {
      st.recomputeStamp = now;
      st.recomputesAtNow = 0;
    }
    st.recomputesAtNow++;
    st.integrate(now);
    let inbound = 0;
    for (const v of st.inbound.values()) inbound += v;
    st.offered = st.externalRate + inbound;
    const eps = this.endpoints.get(st.key);
    const nReady = eps ? eps.ready.size : 0;
    st.readyEndpoints = nReady;
    const pass = ++this.pass;
    const external = eps !== undefined && (serviceType(eps.service) === 'ExternalName' || (!eps.managed && eps.external.length > 0));
    if (external) {
      // Endpoints outside the cluster: not modelled as queues; everything is served at a fixed latency.
      st.served = st.offered;
      st.errors = 0;
      st.readyEndpoints = eps!.external.length;
      const lat = st.spec.externalLatency ?? 0;
      st.p50 = st.p95 = st.p99 = lat;
      st.setMixtureFixed(lat);
    } else if (nReady === 0) {
      st.served = 0;
      st.errors = st.offered;
      st.p50 = st.p95 = st.p99 = NaN;
      st.setMixtureParts(0);
    } else if (this.spread(st, eps!, pass)) {
      // The endpoint set changed: pods that left it stop receiving load.
      this.departed(st, pass, prevServed, prevInflight);
    }
    if (external || nReady === 0) {
      // Every load leaves (their figures are still in their slots).
      const L = st.loads;
      if (L.n > 0) this.departed(st, pass, L.served, L.inflight);
      L.n = 0;
      L.pod.length = L.uid.length = L.load.length = L.handle.length = 0;
    }
    for (const c of st.callees) {
      const rate = st.served * c.fanout;
      if (st.served > 0 || (c.target.inbound.get(st.key) ?? 0) !== 0) {
        if (Math.abs((c.target.inbound.get(st.key) ?? 0) - rate) > 1e-9 * Math.max(1, rate)) {
          c.target.inbound.set(st.key, rate);
          this.markDirty(c.target);
        }
      }
    }
  }

  /**
   * Pods that left the endpoint set stop receiving load: the Service's loads not seen in this
   * pass, in the order they were taken on; `served`/`inflight` hold their figures by old slot.
   */
  private departed(st: ServiceTraffic, pass: number, served: Float64Array, inflight: Float64Array): void {
    for (const pl of st.pods.values()) {
      if (pl.seen === pass) continue;
      const e = pl.entry;
      const uid = e.uid;
      st.pods.delete(uid);
      const i = e.loads.indexOf(pl);
      if (i >= 0) e.loads.splice(i, 1);
      if (e.loads.length === 0) {
        this.podEntries.delete(uid);
        this.usage.watchCapacity?.(pl.pod, false);
      } else markSole(e);
      this.onServedChange?.(uid, e.handle);
      if (served[pl.i]! > 0 || inflight[pl.i]! > 0) this.applyEntryDemand(e, pl.pod);
    }
  }

  /**
   * Spread the Service's offered rate over its ready endpoints. When they are the pods of the
   * last recomputation in the same order (a rate change), the slots are walked as they are;
   * otherwise they are rebuilt in the new order and true is returned: some loads may have left
   * (their figures by old slot are in prevServed/prevInflight).
   */
  private spread(st: ServiceTraffic, eps: ServiceEndpoints, pass: number): boolean {
    const headless = eps.service.spec.clusterIP === 'None';
    const n = eps.ready.size;
    growScratch(Math.max(n, st.loads.n));
    const L = st.loads;
    const caps = scratchCaps;
    const usage = this.usage;
    let capSum = 0;
    let i = 0;
    // Same pods in the same order: each slot's handle reads its capacity. (A mismatch part-way
    // re-reads from the start: a second read of a capacity changes nothing.)
    let same = n === L.n;
    if (same) {
      const pods = L.pod;
      const handles = L.handle;
      for (const p of eps.ready.values()) {
        if (pods[i] !== p) {
          same = false;
          break;
        }
        const h = handles[i];
        capSum += caps[i++] = h !== undefined && h.pod === p ? usage.cpuCapacityOf!(h) : usage.cpuCapacity(p);
      }
    }
    const pods = scratchPods;
    const uids = scratchUids;
    const known = scratchLoads;
    if (!same) {
      capSum = 0;
      i = 0;
      prevServed.set(L.served.subarray(0, L.n));
      prevInflight.set(L.inflight.subarray(0, L.n));
      for (const [uid, p] of eps.ready) {
        const pl = st.pods.get(uid);
        const h = pl?.entry.handle;
        pods[i] = p;
        uids[i] = uid;
        known[i] = pl;
        capSum += caps[i++] = h !== undefined && h.pod === p ? usage.cpuCapacityOf!(h) : usage.cpuCapacity(p);
      }
      L.reserve(n);
    }
    const byCapacity = st.spec.weighting === 'capacity' && capSum > 0;
    // Pods with the same (offered, capacity) share one queue solution — a Service's pods usually
    // all do — kept in creation order for the mixture.
    let groups = 0;
    let last = -1;
    let served = 0;
    let errors = 0;
    const slotCap = L.capacity;
    const slotServed = L.served;
    const slotInflight = L.inflight;
    for (i = 0; i < n; i++) {
      const cap = caps[i]!;
      // Headless: clients take the first address DNS returns (the book's description), so the
      // first ready pod gets everything.
      const offered = headless ? (i === 0 ? st.offered : 0) : byCapacity ? (st.offered * cap) / capSum : st.offered / n;
      let g = last >= 0 && sameKey(groupOffered[last]!, offered) && sameKey(groupCap[last]!, cap) ? last : -1;
      for (let k = 0; g < 0 && k < groups; k++) if (sameKey(groupOffered[k]!, offered) && sameKey(groupCap[k]!, cap)) g = k;
      if (g < 0) {
        const mu = slotServiceRate(cap, st.cost, st.concurrency);
        g = groups++;
        groupOffered[g] = offered;
        groupCap[g] = cap;
        groupMu[g] = mu;
        groupCount[g] = 0;
        groupQ[g] = mu > 0 ? normQueueOf(st.shape, offered / mu) : undefined;
      }
      last = g;
      groupCount[g]!++;
      const mu = groupMu[g]!;
      const q = groupQ[g];
      let s = 0;
      let inflight = 0;
      if (q !== undefined) {
        s = offered * (1 - q.blocking);
        inflight = (s * q.mean) / mu;
      }
      served += s;
      errors += offered - s;
      let oldServed = 0;
      let oldInflight = 0;
      let added = false;
      if (same) {
        oldServed = slotServed[i]!;
        oldInflight = slotInflight[i]!;
      } else {
        const pod = pods[i]!;
        let pl = known[i];
        if (pl) {
          oldServed = prevServed[pl.i]!;
          oldInflight = prevInflight[pl.i]!;
          pl.i = i;
        } else {
          added = true;
          const uid = pod.metadata.uid!;
          let e = this.podEntries.get(uid);
          const fresh = !e;
          if (!e) {
            e = { pod, uid, loads: [], handle: undefined };
            this.podEntries.set(uid, e);
          }
          if (e.handle === undefined && usage.handleOf && usage.cpuCapacityOf && usage.setLoadDemandOf) e.handle = usage.handleOf(pod);
          pl = new PodLoad(pod, st, e, i, pass);
          st.pods.set(uid, pl);
          e.loads.push(pl);
          if (fresh) this.usage.watchCapacity?.(pod, true);
          else markSole(e);
        }
        pl.seen = pass;
        L.pod[i] = pod;
        L.uid[i] = uids[i]!;
        L.load[i] = pl;
        L.handle[i] = pl.entry.handle;
        L.sole[i] = pl.entry.loads.length === 1 ? 1 : 0;
      }
      slotCap[i] = cap;
      const changed = Math.abs(oldServed - s) > 1e-9 * Math.max(1, s) || Math.abs(oldInflight - inflight) > 1e-9 * Math.max(1, inflight);
      const servedMoved = added || oldServed !== s;
      slotServed[i] = s;
      slotInflight[i] = inflight;
      if (servedMoved) this.onServedChange?.(L.uid[i]!, L.handle[i]);
      if (changed) this.applyDemand(L, i);
    }
    if (!same) {
      L.pod.length = L.uid.length = L.load.length = L.handle.length = n;
      L.n = n;
      for (i = 0; i < n; i++) {
        pods[i] = undefined!;
        known[i] = undefined;
      }
    }
    let parts = 0;
    for (let g = 0; g < groups; g++) {
      const q = groupQ[g];
      const offered = groupOffered[g]!;
      if (q && offered > 0) {
        partQ[parts] = q;
        partMu[parts] = groupMu[g]!;
        partWeight[parts++] = groupCount[g]! * offered * (1 - q.blocking);
      }
      groupQ[g] = undefined;
    }
    st.served = served;
    st.errors = Math.max(0, errors);
    st.setMixtureParts(parts);
    if (parts === 1) {
      // One queue shape: exact percentiles from the solved queue.
      const q = partQ[0]!;
      const mu = partMu[0]!;
      st.p50 = q.p50 / mu;
      st.p95 = q.p95 / mu;
      st.p99 = q.p99 / mu;
    } else if (parts > 1) {
      st.p50 = st.mixQuantile(0.5);
      st.p95 = st.mixQuantile(0.95);
      st.p99 = st.mixQuantile(0.99);
    } else {
      st.p50 = st.p95 = st.p99 = NaN;
    }
    return !same;
  }

  /**
   * Push slot i's pod's total load demand (over all the Services it backs) to the usage model:
   * a pod backing this Service only is served from the slot alone.
   */
  private applyDemand(L: EndpointLoads, i: number): void {
    const pod = L.pod[i]!;
    if (L.sole[i] === 0) {
      this.applyEntryDemand(L.load[i]!.entry as Entry, pod);
      return;
    }
    // The sums applyEntryDemand makes over one load (0 + x, as it adds).
    const cpu = 0 + L.served[i]! * L.cost;
    const mem = 0 + L.inflight[i]! * L.memoryPerRequest;
    const h = L.handle[i];
    if (h !== undefined && h.pod === pod) this.usage.setLoadDemandOf!(h, cpu, mem);
    else this.usage.setLoadDemand(pod, cpu, mem);
  }

  /** Push a pod's total load demand, summed over its loads in their order, to the usage model. */
  private applyEntryDemand(e: Entry, pod: Pod): void {
    let cpu = 0;
    let mem = 0;
    const loads = e.loads;
    for (let i = 0; i < loads.length; i++) {
      const pl = loads[i]!;
      const L = pl.st.loads;
      cpu += L.served[pl.i]! * L.cost;
      mem += L.inflight[pl.i]! * L.memoryPerRequest;
    }
    const h = e.handle;
    if (h !== undefined && h.pod === pod) this.usage.setLoadDemandOf!(h, cpu, mem);
    else this.usage.setLoadDemand(pod, cpu, mem);
  }

  /** Close every Service's running totals at `now` (end of run, before the summary). */
  integrateAll(now: Millis): void {
    for (const st of this.services.values()) st.integrate(now);
  }

  // ---- reports -------------------------------------------------------------------------------

  /** timeseries.csv rows, scope `service`. */
  sample(_now: number, emit: SeriesEmit): void {
    for (const st of this.services.values()) {
      const name = st.key;
      emit(name, 'offered_rps', finite6(st.offered));
      emit(name, 'served_rps', finite6(st.served));
      emit(name, 'errors_rps', finite6(st.errors));
      emit(name, 'latency_p50_s', finite6(st.p50));
      emit(name, 'latency_p95_s', finite6(st.p95));
      emit(name, 'latency_p99_s', finite6(st.p99));
      emit(name, 'ready_endpoints', finite6(st.readyEndpoints));
      // The SLO as a series, so a report can draw it from timeseries.csv alone.
      const slo = st.spec.slo;
      if (slo?.latencyP99 !== undefined) emit(name, 'slo_latency_p99_s', finite6(slo.latencyP99));
      if (slo?.errorRate !== undefined) emit(name, 'slo_error_rate', finite6(slo.errorRate));
    }
  }

  /** Run summary figures over all Services, plus per-Service SLO figures when declared. */
  summarize(now: number, put: (metric: string, value: number | string) => void): void {
    this.integrateAll(now);
    let requests = 0;
    let failed = 0;
    let served = 0;
    const acc = new Float64Array(ABS_POINTS);
    let sloTime = 0;
    let sloMet = 0;
    let budgetUsed = 0;
    let budgetServices = 0;
    for (const st of this.services.values()) {
      requests += st.requests;
      failed += st.failed;
      served += st.servedTotal;
      for (let j = 0; j < ABS_POINTS; j++) acc[j]! += st.latencyAcc[j]!;
      if (st.spec.slo) {
        sloTime += st.sloTime;
        sloMet += st.sloMetTime;
        if (st.spec.slo.errorRate !== undefined && st.spec.slo.errorRate > 0 && st.requests > 0) {
          budgetUsed += st.failed / st.requests / st.spec.slo.errorRate;
          budgetServices++;
        }
      }
    }
    let peak = NaN;
    for (const st of this.services.values()) {
      st.closeWindow();
      if (!(st.peakP99 <= peak)) peak = st.peakP99;
    }
    put('requests_total', Math.round(requests));
    put('requests_failed', Math.round(failed));
    put('error_rate', requests > 0 ? round6(failed / requests) : 0);
    const p99 = quantileFromGrid(acc, served, 0.99);
    put('p99_latency_s', Number.isFinite(p99) ? round6(p99) : 0);
    if (sloTime > 0) put('slo_attainment', round6(sloMet / sloTime));
    if (budgetServices > 0) put('error_budget_burned', round6(budgetUsed / budgetServices));
    if (this.services.size === 0) return;
    put('p99_latency_peak_s', finite6(peak));
    // Per Service, named so a sweep constraint can spell them: `p99_latency_peak_s.default.web`.
    for (const key of [...this.services.keys()].sort()) {
      const st = this.services.get(key)!;
      const suffix = `.${key.replace('/', '.')}`;
      put(`p99_latency_s${suffix}`, finite6(st.runP99()));
      put(`p99_latency_peak_s${suffix}`, finite6(st.peakP99));
      put(`error_rate${suffix}`, st.requests > 0 ? round6(st.failed / st.requests) : 0);
    }
  }

  /** Register the time series and summary with a metrics registry. */
  register(metrics: MetricsRegistry): void {
    metrics.addSeries('service', { sample: (now, emit) => this.sample(now, emit) });
    metrics.addSummary({ summarize: (now, put) => this.summarize(now, put) });
  }
}

/** Σ served over a pod's loads in the order the Services took it on (read when asked: no sum to keep). */
function servedSum(e: PodEntry<ServiceTraffic>): number {
  const loads = e.loads;
  let r = 0;
  for (let i = 0; i < loads.length; i++) r += loads[i]!.served;
  return r;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** A time-series value: rounded to 6 decimals, 0 when not finite. */
function finite6(x: number): number {
  return Number.isFinite(x) ? round6(x) : 0;
}

