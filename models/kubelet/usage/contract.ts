// The contract between the container resource model (models/kubelet/usage/) and its users: the
// traffic model adds load-driven demand and needs the CPU a pod really gets to compute
// capacity; the HPA's metrics pipeline reads usage. One implementation lives in
// ./model.ts; other modules depend only on this interface.

import type { Pod } from '../../api/types.js';

export interface PodUsage {
  /** CPU actually used now, millicores summed over the pod's containers. */
  cpuMilli: number;
  /** Memory working set now, bytes summed over containers. */
  memoryBytes: number;
}

/** The model's record of one pod, for callers that use the pod on every change (opaque). */
export interface UsageHandle {
  readonly pod: Pod;
}

export interface ResourceUsageModel {
  /**
   * Demand from served load on top of each container's base behaviour, for the pod's first
   * container (or `container` when given). Replaces the previous load demand of that pod.
   */
  setLoadDemand(pod: Pod, cpuMilli: number, memoryBytes: number, container?: string): void;
  /** CPU the pod gets now (millicores): demand capped by limits and by node contention. */
  grantedCpu(pod: Pod): number;
  /** CPU the pod could get if it wanted more: its limit, or its share of the node when contended. */
  cpuCapacity(pod: Pod): number;
  usage(pod: Pod): PodUsage;
  /**
   * Optional: a number equal to the one returned last time only if usage(pod) would return the
   * same figures as then (and calling usage(pod) now would change nothing in the model); NaN when
   * the model cannot tell cheaply. Lets a reader skip re-reading a pod that cannot have changed.
   */
  usageStamp?(pod: Pod): number;
  /**
   * Optional, with usageStamp: `listener` is called with `tag` whenever the usage stamp of a pod
   * passed to watchUsageStamp(pod, tag) moves (undefined: stop; the tag is the reader's own handle,
   * so the call needs no lookup), and pendingSplit() is true while some node's CPU
   * split awaits its flush (usageStamp may then be NaN and usage() regrants). Together they let a
   * reader learn which pods' usage moved without reading them.
   */
  onUsageStamp?(listener: (tag: object) => void): void;
  watchUsageStamp?(pod: Pod, tag: object | undefined): void;
  /** Optional, with watchUsageStamp: the tag watchUsageStamp gave the pod of a handleOf handle, if any. */
  stampTagOf?(h: UsageHandle): object | undefined;
  pendingSplit?(): boolean;
  /**
   * Called whenever a pod's granted CPU or capacity changes (contention moved, limit changed…).
   * With `watchedOnly`, only for the pods passed to watchCapacity(pod, true): the same calls,
   * without the ones for pods the listener would ignore.
   */
  onCapacityChange(listener: (pod: Pod) => void, opts?: { watchedOnly?: boolean }): void;
  /**
   * Start or stop watching a pod's capacity for watchedOnly listeners. Optional: a model that
   * omits it calls every listener for every pod.
   */
  watchCapacity?(pod: Pod, watch: boolean): void;
  /**
   * Optional, all three or none: a handle on the model's record of a pod it tracks (undefined
   * while it tracks none), and cpuCapacity / setLoadDemand (first container) through it —
   * the same results and effects as with the pod, without looking the record up per call.
   */
  handleOf?(pod: Pod): UsageHandle | undefined;
  cpuCapacityOf?(h: UsageHandle): number;
  setLoadDemandOf?(h: UsageHandle, cpuMilli: number, memoryBytes: number): void;
  /**
   * Optional, both or none: usage and usageStamp through a handleOf handle (a pod's handle, once
   * it has one, is its record for good; undefined: as for a pod the model does not track).
   * usageOf with `out` writes the figures into it and returns it (a reader of thousands of pods
   * a virtual minute allocates no object per read).
   */
  usageOf?(h: UsageHandle | undefined, out?: PodUsage): PodUsage;
  usageStampOf?(h: UsageHandle | undefined): number;
}
