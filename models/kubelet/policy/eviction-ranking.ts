// Which pod the eviction manager evicts first for disk and PID pressure
// (pkg/kubelet/eviction/helpers.go: rankDiskPressureFunc, rankPIDPressure, buildSignalToRankFunc);
// memory's rankMemoryPressure is in ./eviction.ts. Pure functions of plain per-pod figures.

import type { EvictionSignal } from './eviction.js';

/** fsStatsType: which of a pod's filesystem figures a disk ranking measures. */
export type FsStatsType = 'root' | 'logs' | 'localVolumeSource' | 'images';

/** Bytes and inodes of one filesystem figure. */
export interface FsUse {
  bytes: number;
  inodes: number;
}

/** A pod as the disk rankings see it (its PodStats reduced to sums). */
export interface DiskCandidate {
  /** Final deterministic tiebreak (pod uid or namespace/name). */
  key: string;
  priority: number;
  /** false = the summary had no stats for the pod (ranked first, as upstream). */
  hasStats: boolean;
  /** Σ containers' writable layers (Rootfs). */
  root: FsUse;
  /** Σ containers' logs. */
  logs: FsUse;
  /** Σ the pod's local volumes (emptyDir on disk, hostPath, configMap, secret…). */
  localVolumes: FsUse;
  /** The pod's ephemeral-storage request (GetResourceRequestQuantity), bytes. */
  ephemeralRequestBytes: number;
}

/**
 * podDiskUsage for the measured figures: containerUsage (root, logs) plus the local volumes.
 * (fsStatsImages is in every no-imagefs list but no pod-level figure reads it.)
 */
export function podDiskUsage(p: DiskCandidate, measure: readonly FsStatsType[]): FsUse {
  let bytes = 0;
  let inodes = 0;
  if (measure.includes('root')) { bytes += p.root.bytes; inodes += p.root.inodes; }
  if (measure.includes('logs')) { bytes += p.logs.bytes; inodes += p.logs.inodes; }
  if (measure.includes('localVolumeSource')) { bytes += p.localVolumes.bytes; inodes += p.localVolumes.inodes; }
  return { bytes, inodes };
}

const cmpBool = (a: boolean, b: boolean): number => (a === b ? 0 : a ? -1 : 1);
const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * rankDiskPressureFunc(measure, resource): orderedBy(exceedDiskRequests, priority, disk), then the
 * key (upstream's sort is unstable). For `inodes` upstream compares usage with the pod's inodes
 * request (there is none: any inode use exceeds it) and then subtracts the ephemeral-storage
 * request in bytes from the inode count — both reproduced as written.
 */
export function rankDiskPressure<T extends DiskCandidate>(pods: readonly T[], measure: readonly FsStatsType[], resource: 'ephemeral-storage' | 'inodes'): T[] {
  const use = new Map<T, number>();
  for (const p of pods) {
    const u = podDiskUsage(p, measure);
    use.set(p, resource === 'inodes' ? u.inodes : u.bytes);
  }
  return pods.slice().sort((a, b) => {
    if (!a.hasStats || !b.hasStats) {
      const c = cmpBool(!a.hasStats, !b.hasStats);
      if (c !== 0) return c;
    } else {
      const reqA = resource === 'inodes' ? 0 : a.ephemeralRequestBytes;
      const reqB = resource === 'inodes' ? 0 : b.ephemeralRequestBytes;
      const c = cmpBool(use.get(a)! > reqA, use.get(b)! > reqB);
      if (c !== 0) return c;
    }
    if (a.priority !== b.priority) return a.priority - b.priority;
    if (a.hasStats && b.hasStats) {
      const oa = use.get(a)! - a.ephemeralRequestBytes;
      const ob = use.get(b)! - b.ephemeralRequestBytes;
      if (oa !== ob) return ob - oa;
    }
    return byKey(a, b);
  });
}

/** A pod as the PID ranking sees it. */
export interface PidCandidate {
  key: string;
  priority: number;
  hasStats: boolean;
  /** ProcessStats.ProcessCount. */
  processes: number;
}

/** rankPIDPressure: orderedBy(priority, process): lower priority, then more processes, then the key. */
export function rankPIDPressure<T extends PidCandidate>(pods: readonly T[]): T[] {
  return pods.slice().sort((a, b) => {
    if (a.priority !== b.priority) return a.priority - b.priority;
    if (!a.hasStats || !b.hasStats) {
      const c = cmpBool(!a.hasStats, !b.hasStats);
      if (c !== 0) return c;
    } else if (a.processes !== b.processes) return b.processes - a.processes;
    return byKey(a, b);
  });
}

/**
 * buildSignalToRankFunc for the disk signals: the figures each one measures. Without a dedicated
 * imagefs every disk signal measures everything (images, root, logs, local volumes); with one,
 * nodefs measures logs and local volumes and imagefs the writable layers (root, images).
 * (The split container/image filesystem of KubeletSeparateDiskGC is not modelled.)
 */
export function diskRankMeasure(signal: EvictionSignal, dedicatedImageFs: boolean): FsStatsType[] {
  if (!dedicatedImageFs) return ['images', 'root', 'logs', 'localVolumeSource'];
  if (signal === 'imagefs.available' || signal === 'imagefs.inodesFree') return ['root', 'images'];
  return ['logs', 'localVolumeSource'];
}
