// A pod's requests and limits as numbers, computed once when the pod is admitted
// (totals as upstream PodRequests/PodLimits compute them, see resources/pod-totals.ts).

import { parseQuantity } from './quantity.js';
import { podLimits, podRequests } from './resources/pod-totals.js';
import type { Container, ContainerResources, PodResources, PodSpec, Quantity, ResourceList } from './types.js';

/** Scoring defaults for containers that request nothing (pkg/scheduler/util/pod_resources.go). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** cpu → millicores; everything else (memory, storage, extended resources) → plain value. */
export function resourceValue(name: string, q: Quantity): number {
  const quantity = parseQuantity(q);
  return name === 'cpu' || name.endsWith('.cpu') ? quantity.toMilli() : quantity.toNumber();
}

export function toResourceList(map: Record<string, Quantity> | undefined): ResourceList {
  const out: ResourceList = {};
  if (!map) return out;
  for (const [k, v] of Object.entries(map)) out[k] = resourceValue(k, v);
  return out;
}

export function containerResources(c: Container): ContainerResources {
  const requests = toResourceList(c.resources?.requests);
  const limits = toResourceList(c.resources?.limits);
  // API defaulting: a resource with a limit but no request gets request = limit.
  for (const [k, v] of Object.entries(limits)) if (requests[k] === undefined) requests[k] = v;
  return { name: c.name, requests, limits };
}

export function podResources(spec: PodSpec): PodResources {
  const containers = spec.containers.map(containerResources);
  const inits = (spec.initContainers ?? []).map(containerResources);
  const initsWithSidecars = inits.map((r, i) => ({ ...r, sidecar: spec.initContainers![i]!.restartPolicy === 'Always' }));
  const overhead = spec.overhead ? toResourceList(spec.overhead) : undefined;
  const requests = podRequests(containers, initsWithSidecars, overhead);
  const limits = podLimits(containers, initsWithSidecars, overhead);
  let nzCpu = 0;
  let nzMem = 0;
  for (const c of containers) {
    nzCpu += c.requests.cpu ?? DEFAULT_MILLI_CPU_REQUEST;
    nzMem += c.requests.memory ?? DEFAULT_MEMORY_REQUEST;
  }
  return { containers, initContainers: inits, requests, limits, nonZero: { cpu: nzCpu, memory: nzMem } };
}
