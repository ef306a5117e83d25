// A pod's requests and limits as numbers, computed once when the pod is admitted.
// The effective pod request follows kube-scheduler (noderesources.computePodResourceRequest):
// max(Σ regular containers + restartable init (sidecar) containers, max over init
// containers of (that init + sidecars started before it)) + overhead.

import { parseQuantity } from './quantity.js';
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

function addInto(into: ResourceList, from: ResourceList): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

function maxInto(into: ResourceList, from: ResourceList): void {
  for (const [k, v] of Object.entries(from)) if ((into[k] ?? 0) < v) into[k] = v;
}

export function podResources(spec: PodSpec): PodResources {
  const containers = spec.containers.map(containerResources);
  const inits = (spec.initContainers ?? []).map(containerResources);
  const requests: ResourceList = {};
  const limits: ResourceList = {};
  for (const c of containers) {
    addInto(requests, c.requests);
    addInto(limits, c.limits);
  }
  // Sidecars (restartPolicy: Always init containers) run alongside the app containers.
  const sidecarsSoFar: ResourceList = {};
  const initMax: ResourceList = {};
  const initLimitMax: ResourceList = {};
  (spec.initContainers ?? []).forEach((ic, i) => {
    const r = inits[i]!;
    if (ic.restartPolicy === 'Always') {
      addInto(sidecarsSoFar, r.requests);
      addInto(requests, r.requests);
      addInto(limits, r.limits);
      return;
    }
    const during: ResourceList = { ...sidecarsSoFar };
    addInto(during, r.requests);
    maxInto(initMax, during);
    maxInto(initLimitMax, r.limits);
  });
  maxInto(requests, initMax);
  maxInto(limits, initLimitMax);
  if (spec.overhead) {
    const overhead = toResourceList(spec.overhead);
    addInto(requests, overhead);
    addInto(limits, overhead);
  }
  let nzCpu = 0;
  let nzMem = 0;
  for (const c of containers) {
    nzCpu += c.requests.cpu ?? DEFAULT_MILLI_CPU_REQUEST;
    nzMem += c.requests.memory ?? DEFAULT_MEMORY_REQUEST;
  }
  return { containers, initContainers: inits, requests, limits, nonZero: { cpu: nzCpu, memory: nzMem } };
}
