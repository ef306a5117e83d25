// QoS class exactly as upstream GetPodQOS / ComputePodQOS
// (kubernetes: pkg/apis/core/v1/helper/qos/qos.go), with the PodLevelResources path (beta,
// on by default since 1.34): a pod with `spec.resources` is classed by those alone.

import type { ContainerResources, PodResources, ResourceList } from '../types.js';

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** Only these resources decide QoS. */
const QOS_RESOURCES = ['cpu', 'memory'] as const;

/**
 * Upstream algorithm: over containers and init containers, sum the requests and limits of
 * cpu/memory that are > 0. No such request or limit at all → BestEffort. Guaranteed needs
 * every container to carry cpu and memory limits > 0, and the summed requests to equal the
 * summed limits for the same set of resources. Everything else → Burstable.
 *
 * Apply {@link defaultRequestsFromLimits} first (the API server does at decode): a container
 * with limits but no requests is Guaranteed only because defaulting copied its limits.
 */
export function podQOSClass(
  containers: readonly ContainerResources[],
  initContainers: readonly ContainerResources[] = [],
  podLevel?: { requests: ResourceList; limits: ResourceList },
): QOSClass {
  const requests: Record<string, number> = {};
  const limits: Record<string, number> = {};
  let isGuaranteed = true;
  // Pod-level resources set (IsPodLevelResourcesSet): only they count, the containers' are
  // ignored; Guaranteed needs pod-level cpu and memory limits when limits are given at all.
  const all = podLevel ? [{ name: '', ...podLevel }] : containers.concat(initContainers);
  for (const c of all) {
    for (const name of QOS_RESOURCES) {
      const q = c.requests[name];
      if (q !== undefined && q > 0) requests[name] = (requests[name] ?? 0) + q;
    }
    let limitsFound = 0;
    for (const name of QOS_RESOURCES) {
      const q = c.limits[name];
      if (q !== undefined && q > 0) {
        limitsFound += 1;
        limits[name] = (limits[name] ?? 0) + q;
      }
    }
    if (limitsFound !== QOS_RESOURCES.length) isGuaranteed = false;
  }
  const reqNames = Object.keys(requests);
  const limNames = Object.keys(limits);
  if (reqNames.length === 0 && limNames.length === 0) return 'BestEffort';
  if (isGuaranteed) {
    for (const name of reqNames) {
      if (limits[name] === undefined || limits[name] !== requests[name]) { isGuaranteed = false; break; }
    }
  }
  if (isGuaranteed && reqNames.length === limNames.length) return 'Guaranteed';
  return 'Burstable';
}

/**
 * API defaulting (SetDefaults_ResourceList on container resources, pkg/apis/core/v1/defaults.go):
 * for every resource with a limit but no request, the request becomes the limit. Returns a new
 * container; the input is not modified. Apply before LimitRanger and before podQOSClass.
 */
export function defaultRequestsFromLimits<C extends ContainerResources>(container: C): C {
  const requests = { ...container.requests };
  for (const name of Object.keys(container.limits)) {
    if (!(name in requests)) requests[name] = container.limits[name]!;
  }
  return { ...container, requests };
}

/** GetPodQOS of an admitted pod's numbers (pod-level resources when the spec has them). */
export function podResourcesQOS(res: PodResources): QOSClass {
  return podQOSClass(res.containers, res.initContainers, res.podLevel);
}
