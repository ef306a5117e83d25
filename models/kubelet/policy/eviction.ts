// Node-pressure eviction math (kubelet pkg/kubelet/eviction/helpers.go and
// pkg/kubelet/apis/config/v1beta1/defaults_linux.go): thresholds, signals, allocatable
// (pkg/kubelet/cm: GetNodeAllocatableReservation, hardEvictionReservation), memory ranking and
// the evicted pod's status message. Memory in bytes.

import { formatBytes, formatBytesBinarySI, formatDecimal, parseBytes } from '../../api/policy/quantity.js';

/** A threshold is either an absolute quantity (bytes / inodes) or a fraction of capacity. */
export type ThresholdValue = { quantity: number } | { percentage: number };

export type EvictionSignal =
  | 'memory.available' | 'nodefs.available' | 'nodefs.inodesFree'
  | 'imagefs.available' | 'imagefs.inodesFree' | 'pid.available';

/** Hard eviction thresholds by signal (a signal without one is not watched). */
export type EvictionThresholds = Readonly<Partial<Record<EvictionSignal, ThresholdValue>>>;

const SIGNALS: ReadonlySet<string> = new Set<EvictionSignal>([
  'memory.available', 'nodefs.available', 'nodefs.inodesFree', 'imagefs.available', 'imagefs.inodesFree', 'pid.available',
]);

/**
 * Default evictionHard on Linux: memory.available<100Mi, nodefs.available<10%,
 * nodefs.inodesFree<5%, imagefs.available<15%, imagefs.inodesFree<5% (the last one only in
 * newer releases). Setting any evictionHard value replaces the whole map.
 */
export const DEFAULT_EVICTION_HARD: EvictionThresholds = Object.freeze({
  'memory.available': { quantity: 100 * 1024 * 1024 },
  'nodefs.available': { percentage: 0.1 },
  'nodefs.inodesFree': { percentage: 0.05 },
  'imagefs.available': { percentage: 0.15 },
  'imagefs.inodesFree': { percentage: 0.05 },
});

/**
 * Cluster.spec.kubelet.evictionHard ("100Mi", "10%") as thresholds, as ParseThresholdConfig reads
 * the kubelet's map: absent or empty = the defaults; otherwise the map replaces them, so a map
 * without memory.available turns memory eviction off. "0%" and "100%" are ignored (no threshold),
 * as upstream; a percentage is a float32 (strconv.ParseFloat(…, 32), then float32 / 100).
 * Signals the kubelet does not know are passed over.
 */
export function parseEvictionHard(evictionHard: Readonly<Record<string, string | number>> | undefined): EvictionThresholds {
  if (evictionHard === undefined || Object.keys(evictionHard).length === 0) return DEFAULT_EVICTION_HARD;
  const out: Partial<Record<EvictionSignal, ThresholdValue>> = {};
  for (const [signal, v] of Object.entries(evictionHard)) {
    if (!SIGNALS.has(signal)) continue;
    const text = String(v).trim();
    if (text === '0%' || text === '100%') continue;
    out[signal as EvictionSignal] = text.endsWith('%')
      ? { percentage: Math.fround(Math.fround(Number(text.slice(0, -1))) / 100) }
      : { quantity: parseBytes(text) };
  }
  return out;
}

/** Kubelet eviction manager period. */
export const EVICTION_MONITORING_PERIOD_MS = 10_000;
/** evictionPressureTransitionPeriod default. */
export const EVICTION_PRESSURE_TRANSITION_PERIOD_MS = 5 * 60_000;

/**
 * GetThresholdQuantity: a quantity as is; a percentage as int64(float64(capacity) ×
 * float64(percentage)) where the percentage is a float32 (so 10% is 0.100000001490116…).
 */
export function thresholdQuantity(value: ThresholdValue, capacity: number): number {
  if ('quantity' in value) return value.quantity;
  return Math.trunc(capacity * Math.fround(value.percentage));
}

/** thresholdsMet for the only operator, LessThan: met when threshold quantity > available. */
export function thresholdMet(value: ThresholdValue, available: number, capacity: number, minReclaim?: ThresholdValue): boolean {
  let q = thresholdQuantity(value, capacity);
  if (minReclaim) q += thresholdQuantity(minReclaim, capacity);
  return q > available;
}

/** memory.available = capacity − working set (not below zero). */
export function memoryAvailable(capacityBytes: number, workingSetBytes: number): number {
  return Math.max(0, capacityBytes - workingSetBytes);
}

/**
 * hardEvictionReservation: what the hard thresholds keep back from scheduling: memory.available
 * from memory, nodefs.available from ephemeral-storage, each evaluated against that resource's
 * capacity (a percentage is a share of it). Other signals reserve nothing.
 */
export function hardEvictionReservation(evictionHard: EvictionThresholds, capacity: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  const mem = evictionHard['memory.available'];
  if (mem) out['memory'] = thresholdQuantity(mem, capacity['memory'] ?? 0);
  const fs = evictionHard['nodefs.available'];
  if (fs) out['ephemeral-storage'] = thresholdQuantity(fs, capacity['ephemeral-storage'] ?? 0);
  return out;
}

/**
 * Node allocatable as the kubelet reports it (MachineInfo with GetNodeAllocatableReservation):
 * capacity − kube-reserved − system-reserved − hardEvictionReservation, per resource of the
 * capacity, never below zero.
 */
export function nodeAllocatable(
  capacity: Readonly<Record<string, number>>,
  reserved: { kubeReserved?: Readonly<Record<string, number>>; systemReserved?: Readonly<Record<string, number>> } = {},
  evictionHard: EvictionThresholds = DEFAULT_EVICTION_HARD,
): Record<string, number> {
  const eviction = hardEvictionReservation(evictionHard, capacity);
  const out: Record<string, number> = {};
  for (const name of Object.keys(capacity)) {
    let v = capacity[name]!;
    v -= reserved.kubeReserved?.[name] ?? 0;
    v -= reserved.systemReserved?.[name] ?? 0;
    v -= eviction[name] ?? 0;
    out[name] = Math.max(0, v);
  }
  return out;
}

/** A pod as the memory ranking sees it. */
export interface MemoryCandidate {
  /** Final deterministic tiebreak (pod uid or namespace/name). */
  key: string;
  /** spec.priority (0 if unset). */
  priority: number;
  /** Pod memory working set in bytes; undefined = no stats (ranked first, as upstream). */
  usageBytes: number | undefined;
  /** Pod memory request in bytes (0 if none). */
  requestBytes: number;
}

function exceeds(p: MemoryCandidate): boolean {
  return p.usageBytes !== undefined && p.usageBytes > p.requestBytes;
}

/**
 * rankMemoryPressure: orderedBy(exceedMemoryRequests, priority, memory), then the key.
 * 1. pods without stats, then pods whose usage exceeds their request (a pod without a memory
 *    request exceeds it as soon as it uses anything);
 * 2. lower priority first;
 * 3. larger usage − request first.
 * Returns a new array, first = evict first. Upstream's sort is unstable; the key makes it total.
 */
export function rankMemoryPressure<T extends MemoryCandidate>(pods: readonly T[]): T[] {
  return pods.slice().sort((a, b) => {
    const aNo = a.usageBytes === undefined;
    const bNo = b.usageBytes === undefined;
    if (aNo !== bNo) return aNo ? -1 : 1;
    const ea = exceeds(a);
    const eb = exceeds(b);
    if (ea !== eb) return ea ? -1 : 1;
    if (a.priority !== b.priority) return a.priority - b.priority;
    if (!aNo && !bNo) {
      const oa = a.usageBytes! - a.requestBytes;
      const ob = b.usageBytes! - b.requestBytes;
      if (oa !== ob) return ob - oa;
    }
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
}

/** A container line of the eviction message. */
export interface EvictionContainerUsage {
  name: string;
  usageBytes: number;
  requestBytes: number;
  /** The request as the user wrote it ("128M"); defaults to the BinarySI form of requestBytes. */
  requestText?: string;
}

export const EVICTED_REASON = 'Evicted';

/**
 * evictionMessage: "The node was low on resource: memory. " then, when the threshold is known,
 * "Threshold quantity: 100Mi, available: 51200Ki. " then, for each container (regular, then
 * init) whose usage exceeds its request, "Container app was using 1234Ki, request is 100Mi,
 * has larger consumption of memory. ". Every fragment ends with a space, as upstream's
 * format strings do, so the message has a trailing space.
 */
export function evictionMessage(
  resource: string,
  containers: readonly EvictionContainerUsage[],
  threshold?: { quantityBytes: number; availableBytes: number },
): string {
  return evictionMessageText(resource, containers, threshold
    ? { quantity: formatBytesBinarySI(threshold.quantityBytes), available: formatBytesBinarySI(threshold.availableBytes) }
    : undefined);
}

/**
 * evictionMessage with the threshold figures already printed (thresholdFigures). Container lines
 * exist only for memory and ephemeral-storage (upstream's switch has no case for inodes or pids);
 * the caller passes the containers' usage of `resource` (working set, or writable layer + logs).
 */
export function evictionMessageText(
  resource: string,
  containers: readonly EvictionContainerUsage[],
  threshold?: { quantity: string; available: string },
): string {
  let msg = `The node was low on resource: ${resource}. `;
  if (threshold) msg += `Threshold quantity: ${threshold.quantity}, available: ${threshold.available}. `;
  if (resource !== 'memory' && resource !== 'ephemeral-storage') return msg;
  for (const c of containers) {
    if (c.usageBytes > c.requestBytes) {
      const req = c.requestText ?? formatBytesBinarySI(c.requestBytes);
      msg += `Container ${c.name} was using ${formatBytesBinarySI(c.usageBytes)}, request is ${req}, has larger consumption of ${resource}. `;
    }
  }
  return msg;
}

/**
 * The threshold figures as upstream prints them: GetThresholdQuantity makes a percentage into
 * NewQuantity(…, BinarySI) whatever the signal ("320Ki" inodes), a quantity keeps the form it was
 * written in (k8sim prints bytes binary when they divide, else decimal: "100Mi", "500M"; counts
 * decimal: "1k"); available is BinarySI for bytes and DecimalSI for inodes and pids.
 */
export function thresholdFigures(
  value: ThresholdValue, quantity: number, available: number, resource: string,
): { quantity: string; available: string } {
  const bytes = resource === 'memory' || resource === 'ephemeral-storage';
  const q = 'percentage' in value ? formatBytesBinarySI(quantity) : bytes ? formatBytes(quantity) : formatDecimal(quantity);
  return { quantity: q, available: bytes ? formatBytesBinarySI(available) : formatDecimal(Math.round(available)) };
}

/**
 * kernel.pid_max on the node when the pool does not say: 4194304, what systemd (since v243) sets
 * on 64-bit machines; the kubelet's pid.available is pid_max − running processes.
 */
export const DEFAULT_PID_MAX = 4_194_304;

/**
 * Bytes per inode of a node filesystem when the pool gives no inode count: ext4's default
 * inode_ratio (mke2fs.conf: 16384), so a 100Gi root disk has 6,553,600 inodes.
 */
export const DEFAULT_BYTES_PER_INODE = 16_384;

/** Inodes of a filesystem of `bytes` without an explicit count. */
export function defaultInodes(bytes: number): number {
  return Math.floor(bytes / DEFAULT_BYTES_PER_INODE);
}
