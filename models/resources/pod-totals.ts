// Pod-level request/limit totals as k8s.io/component-helpers/resource PodRequests/PodLimits
// compute them: max(Σ regular + Σ sidecars, for each init container i: init_i + Σ sidecars
// started before i) + overhead. Pure arithmetic over plain ResourceLists.

import type { ContainerResources, ResourceList } from '../types.js';

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
