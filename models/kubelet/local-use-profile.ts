// A container's local disk and process use from its Behavior's `disk` and `processes` fields
// (docs/resources.md). Each figure is linear in the time since the container started:
// value + growth × t. Defaults: nothing (a container uses no disk, inodes or pids, as before
// these fields existed), so eviction on those signals happens only where a scenario says so.

import { parseLeak } from './usage/resource-profiles.js';
import { resourceValue } from '../api/policy/pod-resources.js';
import type { Quantity } from '../api/types.js';

/** value + perMs × (time since the container started). */
export interface Linear {
  value: number;
  perMs: number;
}

export interface LocalUseProfile {
  /** The container's writable layer (rootfs), bytes; begins afresh with each run (a new container). */
  writableLayer: Linear;
  /** The container's log files, bytes; begin afresh with each run. */
  logs: Linear;
  /** Bytes written into the pod's disk-backed local volumes; kept across restarts (the volume lives with the pod). */
  emptyDir: Linear;
  /** Inodes (files) created in the writable layer; begin afresh with each run. */
  inodes: Linear;
  /** Processes (pids) in the container's cgroup. */
  processes: Linear;
  /** Anything non-zero (a container with an all-zero profile is not tracked). */
  any: boolean;
}

const ZERO: Linear = Object.freeze({ value: 0, perMs: 0 }) as Linear;

type Rec = Record<string, unknown>;

function linear(raw: Rec | undefined, valueKey: string, growthKey: string): Linear {
  if (!raw || (raw[valueKey] === undefined && raw[growthKey] === undefined)) return ZERO;
  const value = raw[valueKey] === undefined ? 0 : resourceValue('memory', raw[valueKey] as Quantity);
  const perMs = raw[growthKey] === undefined ? 0 : parseLeak(raw[growthKey], undefined);
  return { value, perMs };
}

/** The profile of a resolved Behavior's `disk` and `processes` objects (schema-checked). */
export function parseLocalUse(disk: Rec | undefined, processes: Rec | undefined): LocalUseProfile {
  const p: LocalUseProfile = {
    writableLayer: linear(disk, 'writableLayer', 'writableLayerGrowth'),
    logs: linear(disk, 'logs', 'logsGrowth'),
    emptyDir: linear(disk, 'emptyDir', 'emptyDirGrowth'),
    inodes: linear(disk, 'inodes', 'inodesGrowth'),
    processes: linear(processes, 'count', 'growth'),
    any: false,
  };
  p.any = [p.writableLayer, p.logs, p.emptyDir, p.inodes, p.processes].some((l) => l.value !== 0 || l.perMs !== 0);
  return p;
}

/** The figure `t` ms after the start (never below zero). */
export function linearAt(l: Linear, t: number): number {
  return Math.max(0, l.value + l.perMs * t);
}
