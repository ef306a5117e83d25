// CPU/memory → cgroup settings and oom_score_adj, as the kubelet computes them.
// Sources: kubernetes pkg/kubelet/cm/helpers_linux.go (MilliCPUToShares, MilliCPUToQuota,
// ResourceConfigForPod) and pkg/kubelet/qos/policy.go (GetContainerOOMScoreAdjust).

import type { ContainerResources, ResourceList } from '../../api/types.js';
import { podLimits, podRequests, type InitContainerResources } from '../../api/policy/pod-resources.js';
import { podQOSClass, type QOSClass } from '../../api/policy/qos.js';

export const MIN_SHARES = 2;
export const MAX_SHARES = 262144;
export const SHARES_PER_CPU = 1024;
export const MILLI_CPU_TO_CPU = 1000;
/** CFS period, microseconds (100 ms). */
export const QUOTA_PERIOD_US = 100000;
/** Smallest CFS quota the kubelet writes, microseconds (1 ms). */
export const MIN_QUOTA_PERIOD_US = 1000;

/** cpu.shares from a CPU request: 0 → 2; (m × 1024) / 1000 truncated; clamped to [2, 262144]. */
export function milliCpuToShares(milliCpu: number): number {
  if (milliCpu === 0) return MIN_SHARES;
  const shares = Math.trunc((milliCpu * SHARES_PER_CPU) / MILLI_CPU_TO_CPU);
  if (shares < MIN_SHARES) return MIN_SHARES;
  if (shares > MAX_SHARES) return MAX_SHARES;
  return shares;
}

/**
 * cfs_quota_us from a CPU limit: 0 (no limit) → undefined (no quota);
 * (m × period) / 1000 truncated, at least 1000 µs.
 */
export function milliCpuToQuota(milliCpu: number, periodUs: number = QUOTA_PERIOD_US): number | undefined {
  if (milliCpu === 0) return undefined;
  const quota = Math.trunc((milliCpu * periodUs) / MILLI_CPU_TO_CPU);
  return quota < MIN_QUOTA_PERIOD_US ? MIN_QUOTA_PERIOD_US : quota;
}

/**
 * cgroup v2 cpu.weight from shares with the classic runc mapping 1 + ((shares − 2) × 9999) / 262142.
 * **Unconfirmed**: newer runc versions use a different (quadratic) curve.
 */
export function sharesToCpuWeight(shares: number): number {
  return 1 + Math.trunc(((shares - 2) * 9999) / 262142);
}

export interface CgroupConfig {
  cpuShares: number;
  /** µs per period; absent = unlimited. */
  cpuQuotaUs?: number;
  cpuPeriodUs?: number;
  /** bytes; absent = unlimited. */
  memoryLimitBytes?: number;
}

/** Container-level cgroup: shares from the CPU request, quota and memory limit from the limits. */
export function containerCgroupConfig(
  c: ContainerResources,
  opts: { enforceCpuLimits?: boolean; periodUs?: number } = {},
): CgroupConfig {
  const periodUs = opts.periodUs ?? QUOTA_PERIOD_US;
  const out: CgroupConfig = { cpuShares: milliCpuToShares(c.requests['cpu'] ?? 0) };
  const quota = milliCpuToQuota(c.limits['cpu'] ?? 0, periodUs);
  if (quota !== undefined && opts.enforceCpuLimits !== false) {
    out.cpuQuotaUs = quota;
    out.cpuPeriodUs = periodUs;
  }
  const mem = c.limits['memory'];
  if (mem !== undefined && mem > 0) out.memoryLimitBytes = mem;
  return out;
}

/**
 * Pod-level cgroup (ResourceConfigForPod): Guaranteed → shares + quota + memory limit;
 * Burstable → shares, plus a quota only if every container (and init container) has a CPU
 * limit and a memory limit only if every one has a memory limit; BestEffort → shares 2 only.
 * Pod totals include init containers (max) and overhead.
 */
export function podCgroupConfig(
  containers: readonly ContainerResources[],
  initContainers: readonly InitContainerResources[] = [],
  opts: { overhead?: ResourceList; enforceCpuLimits?: boolean; periodUs?: number; qos?: QOSClass } = {},
): CgroupConfig {
  const periodUs = opts.periodUs ?? QUOTA_PERIOD_US;
  const reqs = podRequests(containers, initContainers, opts.overhead);
  const lims = podLimits(containers, initContainers, opts.overhead);
  let cpuLimitsDeclared = true;
  let memoryLimitsDeclared = true;
  for (const c of [...containers, ...initContainers]) {
    if (!('cpu' in c.limits) || c.limits['cpu'] === 0) cpuLimitsDeclared = false;
    if (!('memory' in c.limits) || c.limits['memory'] === 0) memoryLimitsDeclared = false;
  }
  const cpuShares = milliCpuToShares(reqs['cpu'] ?? 0);
  const quota = opts.enforceCpuLimits === false ? undefined : milliCpuToQuota(lims['cpu'] ?? 0, periodUs);
  const memoryLimit = lims['memory'];
  const qos = opts.qos ?? podQOSClass(containers, initContainers);
  if (qos === 'BestEffort') return { cpuShares: MIN_SHARES };
  const out: CgroupConfig = { cpuShares };
  const withQuota = qos === 'Guaranteed' || cpuLimitsDeclared;
  if (withQuota && quota !== undefined) {
    out.cpuQuotaUs = quota;
    out.cpuPeriodUs = periodUs;
  }
  if ((qos === 'Guaranteed' || memoryLimitsDeclared) && memoryLimit !== undefined && memoryLimit > 0) {
    out.memoryLimitBytes = memoryLimit;
  }
  return out;
}

export const GUARANTEED_OOM_SCORE_ADJ = -997;
export const BEST_EFFORT_OOM_SCORE_ADJ = 1000;
export const KUBELET_OOM_SCORE_ADJ = -999;
export const KUBE_PROXY_OOM_SCORE_ADJ = -999;

/** System-node-critical's name: with a critical priority, the only class that gets −997 regardless of QoS. */
export const SYSTEM_NODE_CRITICAL = 'system-node-critical';
/** scheduling.SystemCriticalPriority: priorities at or above it are critical (IsCriticalPodBasedOnPriority). */
export const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

/**
 * types.IsNodeCriticalPod: a critical pod (priority ≥ 2,000,000,000; k8sim has no static or
 * mirror pods) whose priorityClassName is system-node-critical.
 */
export function isNodeCriticalPod(priority: number | undefined, priorityClassName: string | undefined): boolean {
  return priority !== undefined && priority >= SYSTEM_CRITICAL_PRIORITY && priorityClassName === SYSTEM_NODE_CRITICAL;
}

/**
 * remainingPodMemReqPerContainer: with a pod-level memory request, what the containers' effective
 * requests leave of it, divided (Go integer division) by the number of containers and init
 * containers; 0 without one.
 */
export function podLevelMemoryRemainder(podLevelMemoryRequest: number | undefined, containersMemoryRequest: number, containerCount: number): number {
  if (!podLevelMemoryRequest || containerCount === 0) return 0;
  return Math.trunc((podLevelMemoryRequest - containersMemoryRequest) / containerCount);
}

/**
 * oom_score_adj of a container (policy.go): node-critical pods and Guaranteed → −997;
 * BestEffort → 1000; Burstable → 1000 − (1000 × memoryRequest) / capacity (integer division),
 * at least 1000 + (−997) = 3, and 1000 becomes 999 so a Burstable container is never killed
 * before a BestEffort one. `memoryRequest` is the container's own request; for a sidecar pass
 * `sidecarMinRegularRequest` (the smallest regular-container request) — upstream raises a
 * sidecar's request to it.
 */
export function oomScoreAdj(
  qos: QOSClass,
  memoryRequest: number,
  nodeMemoryCapacity: number,
  opts: { nodeCritical?: boolean; sidecarMinRegularRequest?: number; podLevelRemainder?: number } = {},
): number {
  if (opts.nodeCritical) return GUARANTEED_OOM_SCORE_ADJ;
  if (qos === 'Guaranteed') return GUARANTEED_OOM_SCORE_ADJ;
  if (qos === 'BestEffort') return BEST_EFFORT_OOM_SCORE_ADJ;
  // PodLevelResources: the pod's memory request not claimed by containers, shared equally.
  let req = memoryRequest + (opts.podLevelRemainder ?? 0);
  if (opts.sidecarMinRegularRequest !== undefined) opts = { ...opts, sidecarMinRegularRequest: opts.sidecarMinRegularRequest + (opts.podLevelRemainder ?? 0) };
  if (opts.sidecarMinRegularRequest !== undefined && opts.sidecarMinRegularRequest > req) {
    req = opts.sidecarMinRegularRequest;
  }
  // int64 arithmetic; exact in doubles for requests below ~9 PB
  const adj = 1000 - Math.trunc((1000 * req) / nodeMemoryCapacity);
  if (adj < 1000 + GUARANTEED_OOM_SCORE_ADJ) return 1000 + GUARANTEED_OOM_SCORE_ADJ;
  if (adj === BEST_EFFORT_OOM_SCORE_ADJ) return adj - 1;
  return adj;
}
