// A pod's requests and limits as numbers, computed once when the pod is admitted
// (totals as upstream PodRequests/PodLimits compute them, below).

import { parseQuantity } from './quantity.js';
import type { Container, ContainerResources, PodResources, PodSpec, Quantity, ResourceList } from '../types.js';

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
  // for…in, not Object.entries: this runs for every container of every pod created (same order).
  for (const k in map) out[k] = resourceValue(k, map[k]!);
  return out;
}

export function containerResources(c: Container): ContainerResources {
  const requests = toResourceList(c.resources?.requests);
  const limits = toResourceList(c.resources?.limits);
  // API defaulting: a resource with a limit but no request gets request = limit.
  for (const k in limits) if (requests[k] === undefined) requests[k] = limits[k]!;
  return { name: c.name, requests, limits };
}

export function podResources(spec: PodSpec): PodResources {
  const containers = spec.containers.map(containerResources);
  const inits = (spec.initContainers ?? []).map(containerResources);
  const initsWithSidecars = inits.map((r, i) => ({ ...r, sidecar: spec.initContainers![i]!.restartPolicy === 'Always' }));
  const overhead = spec.overhead ? toResourceList(spec.overhead) : undefined;
  const requests = podRequests(containers, initsWithSidecars, overhead);
  const limits = podLimits(containers, initsWithSidecars, overhead);
  const podLevel = podLevelResources(spec, containers, initsWithSidecars);
  if (podLevel) {
    // PodRequests/PodLimits with PodLevelResources: cpu and memory set at pod level replace the
    // containers' totals (overhead still added; to limits only where one exists).
    for (const k of POD_LEVEL_RESOURCES) {
      const r = podLevel.requests[k];
      if (r !== undefined) requests[k] = r + (overhead?.[k] ?? 0);
      const l = podLevel.limits[k];
      if (l !== undefined) limits[k] = l + (l !== 0 ? overhead?.[k] ?? 0 : 0);
    }
  }
  let nzCpu = 0;
  let nzMem = 0;
  for (const c of containers) {
    nzCpu += c.requests.cpu ?? DEFAULT_MILLI_CPU_REQUEST;
    nzMem += c.requests.memory ?? DEFAULT_MEMORY_REQUEST;
  }
  const out: PodResources = { containers, initContainers: inits, requests, limits, nonZero: { cpu: nzCpu, memory: nzMem } };
  if (podLevel) out.podLevel = podLevel;
  return out;
}

/** The resources PodLevelResources lets a pod set in `spec.resources` (IsSupportedPodLevelResource). */
export const POD_LEVEL_RESOURCES = ['cpu', 'memory'] as const;

/**
 * `spec.resources` as numbers, with upstream's defaulting of pod-level requests (SetDefaults_Pod,
 * KEP 2837): a cpu/memory limit without a request gets as request the containers' effective
 * requests when any container requests that resource, else the limit itself. Undefined when the
 * pod has no `spec.resources`.
 */
export function podLevelResources(
  spec: PodSpec,
  containers: readonly ContainerResources[],
  initContainers: readonly InitContainerResources[],
): { requests: ResourceList; limits: ResourceList; containerRequests: ResourceList } | undefined {
  const r = spec.resources as { requests?: Record<string, Quantity>; limits?: Record<string, Quantity> } | undefined;
  if (!r || typeof r !== 'object') return undefined;
  const requests = toResourceList(r.requests);
  const limits = toResourceList(r.limits);
  const containerRequests = podRequests(containers, initContainers);
  for (const k of POD_LEVEL_RESOURCES) {
    if (limits[k] === undefined || requests[k] !== undefined) continue;
    const anyRequest = containers.some((c) => c.requests[k] !== undefined) || initContainers.some((c) => c.requests[k] !== undefined);
    requests[k] = anyRequest ? containerRequests[k] ?? 0 : limits[k]!;
  }
  return { requests, limits, containerRequests };
}

// Pod-level request/limit totals as k8s.io/component-helpers/resource PodRequests/PodLimits
// compute them: max(Σ regular + Σ sidecars, for each init container i: init_i + Σ sidecars
// started before i) + overhead. Pure arithmetic over plain ResourceLists.


/** An init container; `sidecar` marks restartPolicy: Always (a restartable init container). */
export type InitContainerResources = ContainerResources & { sidecar?: boolean };

function addInto(acc: ResourceList, add: ResourceList): void {
  for (const k of Object.keys(add)) acc[k] = (acc[k] ?? 0) + add[k]!;
}

function maxInto(acc: ResourceList, other: ResourceList): void {
  for (const k of Object.keys(other)) if (!(k in acc) || other[k]! > acc[k]!) acc[k] = other[k]!;
}

function podTotal(
  containers: readonly ContainerResources[],
  initContainers: readonly InitContainerResources[],
  pick: (c: ContainerResources) => ResourceList,
  overhead: ResourceList | undefined,
  limitsOnly: boolean,
): ResourceList {
  const total: ResourceList = {};
  for (const c of containers) addInto(total, pick(c));
  const sidecars: ResourceList = {};
  const initMax: ResourceList = {};
  for (const ic of initContainers) {
    const own = pick(ic);
    if (ic.sidecar) {
      addInto(sidecars, own);
      addInto(total, own);
      // a sidecar also occupies resources while later init containers run
      maxInto(initMax, { ...sidecars });
    } else {
      const during: ResourceList = { ...own };
      addInto(during, sidecars);
      maxInto(initMax, during);
    }
  }
  maxInto(total, initMax);
  if (overhead) {
    for (const k of Object.keys(overhead)) {
      // requests always carry overhead; limits only where a limit exists (upstream PodLimits)
      if (!limitsOnly || k in total) total[k] = (total[k] ?? 0) + overhead[k]!;
    }
  }
  return total;
}

/** Effective pod requests (what the scheduler, quota and pod cgroup use). */
export function podRequests(
  containers: readonly ContainerResources[],
  initContainers: readonly InitContainerResources[] = [],
  overhead?: ResourceList,
): ResourceList {
  return podTotal(containers, initContainers, (c) => c.requests, overhead, false);
}

/** Effective pod limits; a resource no container limits is absent. */
export function podLimits(
  containers: readonly ContainerResources[],
  initContainers: readonly InitContainerResources[] = [],
  overhead?: ResourceList,
): ResourceList {
  return podTotal(containers, initContainers, (c) => c.limits, overhead, true);
}
