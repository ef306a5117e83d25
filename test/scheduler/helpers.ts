import type { Node, Pod, PodResources, Taint, PodSpec } from '../../models/api/types.js';
import { DefaultMemoryRequest, DefaultMilliCPURequest } from '../../models/scheduler/policy/node-info.js';

export const Gi = 1024 ** 3;
export const Mi = 1024 ** 2;

export function mkNode(name: string, cpu: number, memory: number, opts: { pods?: number; labels?: Record<string, string>;
  taints?: Taint[]; unschedulable?: boolean; extra?: Record<string, number> } = {}): Node {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(opts.labels ?? {}) } },
    spec: { taints: opts.taints ?? [], unschedulable: opts.unschedulable ?? false },
    status: { capacity: {}, allocatable: { cpu, memory, pods: opts.pods ?? 110, ...(opts.extra ?? {}) }, conditions: [] },
  };
}

export function mkPod(name: string, spec: Partial<PodSpec> = {}, meta: { labels?: Record<string, string>; ns?: string;
  startTime?: number; nominated?: string } = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: meta.ns ?? 'default', labels: meta.labels ?? {} },
    spec: { containers: [{ name: 'c' }], ...spec },
    status: { phase: 'Pending', conditions: [], containerStatuses: [], startTime: meta.startTime,
      nominatedNodeName: meta.nominated },
  };
}

/** Single-container resources: cpu millicores, memory bytes (0 = none), extras. */
export function res(cpu: number, memory: number, extra: Record<string, number> = {}): PodResources {
  const requests: Record<string, number> = { ...extra };
  if (cpu) requests['cpu'] = cpu;
  if (memory) requests['memory'] = memory;
  return {
    containers: [{ name: 'c', requests, limits: {} }], initContainers: [], requests, limits: {},
    nonZero: { cpu: cpu || DefaultMilliCPURequest, memory: memory || DefaultMemoryRequest },
  };
}

/** Deterministic rand returning a fixed sequence (cycled). */
export function seq(...xs: number[]): () => number {
  let i = 0;
  return () => xs[i++ % xs.length]!;
}
