// The loads a Service puts on its endpoint pods, as a struct of arrays: slot i holds one pod's
// figures in the order of the Service's ready endpoints at its last recomputation. A rate change
// on an unchanged endpoint set (every diurnal Service, once a minute) walks these arrays in
// order — no map lookup and no per-pod object read on the traffic side; the usage model's handle
// sits beside the pod, so its CPU and demand are reached in one step.

import type { Pod } from '../api/types.js';
import type { UsageHandle } from '../kubelet/usage/contract.js';

/** A pod serving at least one Service: its loads, in the order the Services took it on. */
export interface PodEntry<S extends Slotted = Slotted> {
  pod: Pod;
  uid: string;
  loads: PodLoad<S>[];
  /** The usage model's handle of the pod (ResourceUsageModel.handleOf), once it has one. */
  handle: UsageHandle | undefined;
}

/** What owns an EndpointLoads (the traffic model's ServiceTraffic). */
export interface Slotted {
  readonly loads: EndpointLoads;
}

/** One Service's load on one pod: a name for slot `i` of the Service's arrays. */
export class PodLoad<S extends Slotted = Slotted> {
  /**
   * The pass number of the Service's last rebuild of its slots that found the pod ready (a pass
   * that keeps the slots has no departures, and leaves it as it is).
   */
  seen: number;
  constructor(
    readonly pod: Pod,
    /** The Service this is the load of. */
    readonly st: S,
    readonly entry: PodEntry<S>,
    /** Slot in `loads` (renumbered when the endpoint set changes). */
    public i: number,
    seen: number,
  ) {
    this.seen = seen;
  }

  /** Capacity the last computation used (millicores). */
  get capacity(): number {
    return this.st.loads.capacity[this.i]!;
  }
  get served(): number {
    return this.st.loads.served[this.i]!;
  }
}

export class EndpointLoads {
  /** Slots in use. */
  n = 0;
  pod: Pod[] = [];
  uid: string[] = [];
  load: PodLoad[] = [];
  /** The pod's usage handle when it was slotted (undefined: none then; the pod is then read by uid). */
  handle: (UsageHandle | undefined)[] = [];
  /** 1 while the pod backs this Service only (its demand and served sum are this slot's alone). */
  sole = new Uint8Array(8);
  capacity = new Float64Array(8);
  served = new Float64Array(8);
  inflight = new Float64Array(8);

  constructor(
    /** CPU per request (millicore-seconds) and memory per in-flight request (bytes) of the Service. */
    readonly cost: number,
    readonly memoryPerRequest: number,
  ) {}

  /** Room for n slots (the numeric arrays keep their first `this.n` values). */
  reserve(n: number): void {
    if (this.capacity.length >= n) return;
    let len = this.capacity.length;
    while (len < n) len *= 2;
    this.sole = grown(this.sole, new Uint8Array(len));
    this.capacity = grown(this.capacity, new Float64Array(len));
    this.served = grown(this.served, new Float64Array(len));
    this.inflight = grown(this.inflight, new Float64Array(len));
  }
}

function grown<T extends Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}

/** Mark every load of an entry sole or not (after the entry gained or lost a Service). */
export function markSole(e: PodEntry<Slotted>): void {
  const sole = e.loads.length === 1 ? 1 : 0;
  for (let k = 0; k < e.loads.length; k++) {
    const pl = e.loads[k]!;
    pl.st.loads.sole[pl.i] = sole;
  }
}
