// The LimitRanger admission plugin as the API server runs it: the mutating phase applies the
// namespace's LimitRange defaults to the pod spec (and the kubernetes.io/limit-ranger
// annotation); the validating phase checks min/max/ratio. The math is ./limitrange.ts; this
// shell reads LimitRange objects from the store and writes the defaults back into the spec.
// LimitRange objects are validated on create (ValidateLimitRange), so a range upstream would
// refuse never enters the store.

import { listOrder } from '../store.js';
import type { ApiServer, PodAdmissionPlugin } from '../apiserver.js';
import { ApiError } from '../errors.js';
import { containerResources, podLevelResources, resourceValue } from '../policy/pod-resources.js';
import { parseQuantity, QuantityError, formatResource } from '../policy/quantity.js';
import type { Container, ContainerResources, GenericObject, KObject, Pod, Quantity, ResourceList } from '../types.js';
import { aggregateMessage, forbiddenMessage } from '../policy/status-messages.js';
import {
  applyLimitRangeDefaults, LIMIT_RANGER_ANNOTATION, limitRangeInvalidMessage, validatePodLimits, validatePvcLimits,
  type LimitRangeItemNumbers, type LimitRangeNumbers, type LimitType,
} from '../policy/limit-range.js';

type Rec = Record<string, unknown>;

function list(m: unknown, ratio = false): ResourceList | undefined {
  if (!m || typeof m !== 'object') return undefined;
  const out: ResourceList = {};
  for (const [k, v] of Object.entries(m as Record<string, Quantity>)) {
    // maxLimitRequestRatio is a plain (possibly fractional) ratio, not millicores.
    out[k] = ratio ? parseQuantity(v).toFloat() : resourceValue(k, v);
  }
  return out;
}

/** A LimitRange object as numbers (throws QuantityError on a malformed quantity). */
export function limitRangeNumbers(obj: KObject): LimitRangeNumbers {
  const spec = ((obj as GenericObject).spec ?? {}) as Rec;
  const items = (spec['limits'] as Rec[] | undefined) ?? [];
  return {
    name: obj.metadata.name,
    limits: items.map((it) => {
      const item: LimitRangeItemNumbers = { type: (it['type'] as LimitType | undefined) ?? 'Container' };
      const d = list(it['default']); if (d) item.default = d;
      const dr = list(it['defaultRequest']); if (dr) item.defaultRequest = dr;
      const mn = list(it['min']); if (mn) item.min = mn;
      const mx = list(it['max']); if (mx) item.max = mx;
      const r = list(it['maxLimitRequestRatio'], true); if (r) item.maxLimitRequestRatio = r;
      return item;
    }),
  };
}

/** ValidateLimitRange on create: `LimitRange "demo" is invalid: spec.limits[0].default[cpu]: …`. */
export function validateLimitRangeObject(obj: KObject): void {
  let numbers: LimitRangeNumbers;
  try {
    numbers = limitRangeNumbers(obj);
  } catch (e) {
    if (e instanceof QuantityError) throw new ApiError(`LimitRange "${obj.metadata.name}" is invalid: ${e.message}`, 'Invalid');
    throw e;
  }
  const msg = limitRangeInvalidMessage(numbers);
  if (msg) throw new ApiError(msg, 'Invalid');
}

/** Write the resources LimitRanger set back into the container spec, leaving the user's own text. */
function writeBack(c: Container, before: ContainerResources, after: ContainerResources): void {
  const add = (field: 'requests' | 'limits') => {
    for (const [k, v] of Object.entries(after[field])) {
      if (k in before[field]) continue;
      c.resources ??= {};
      (c.resources[field] ??= {})[k] = formatResource(k, v);
    }
  };
  add('limits');
  add('requests');
}

export class LimitRangerAdmission implements PodAdmissionPlugin {
  readonly name = 'LimitRanger';

  private ranges(api: ApiServer, ns: string): LimitRangeNumbers[] {
    const objs = api.store.listInNamespace<KObject>('LimitRange', ns);
    // Upstream iterates the informer's list; sorting by name keeps runs reproducible.
    objs.sort(listOrder); // one namespace: by name
    return objs.map(limitRangeNumbers);
  }

  admit(pod: Pod, api: ApiServer): void {
    const ranges = this.ranges(api, pod.metadata.namespace ?? 'default');
    if (ranges.length === 0) return;
    const before = pod.spec.containers.map(containerResources);
    const beforeInit = (pod.spec.initContainers ?? []).map(containerResources);
    let containers = before;
    let initContainers = beforeInit;
    let annotation: string | undefined;
    for (const lr of ranges) {
      const r = applyLimitRangeDefaults({ name: pod.metadata.name, containers, initContainers }, lr);
      containers = r.containers;
      initContainers = r.initContainers;
      if (r.annotation) annotation = r.annotation;
    }
    pod.spec.containers.forEach((c, i) => writeBack(c, before[i]!, containers[i]!));
    (pod.spec.initContainers ?? []).forEach((c, i) => writeBack(c, beforeInit[i]!, initContainers[i]!));
    if (annotation) pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [LIMIT_RANGER_ANNOTATION]: annotation };
  }

  validate(pod: Pod, api: ApiServer): void {
    // Without a LimitRange in the namespace there is nothing to check: the containers' numbers
    // are not computed (every pod of a cluster without LimitRanges came here).
    const ranges = this.ranges(api, pod.metadata.namespace ?? 'default');
    if (ranges.length === 0) return;
    const containers = pod.spec.containers.map(containerResources);
    // Restartable init containers (sidecars) count in the Pod items' totals.
    const initContainers = (pod.spec.initContainers ?? []).map((c) => ({ ...containerResources(c), sidecar: c.restartPolicy === 'Always' }));
    const podLevel = podLevelResources(pod.spec, containers, initContainers);
    for (const lr of ranges) {
      const errors = validatePodLimits(podLevel ? { containers, initContainers, podLevel } : { containers, initContainers }, lr);
      if (errors.length) throw new ApiError(forbiddenMessage('pods', pod.metadata.name, aggregateMessage(errors)), 'Forbidden');
    }
  }

  /**
   * PersistentVolumeClaims, on create and on update (a resize), as the plugin handles them:
   * the claim's storage request within each PersistentVolumeClaim item's min/max, refused as
   * `persistentvolumeclaims "data" is forbidden: maximum storage usage per
   * PersistentVolumeClaim is 2Gi, but request is 5Gi.` On update only a changed request is
   * checked; a claim already being deleted is let be. (Pod updates cannot change resources in
   * k8sim — no resize subresource — so LimitRanger's pod-update check has nothing to refuse.)
   */
  validateClaim(pvc: KObject, api: ApiServer, old?: KObject): void {
    if (old?.metadata.deletionTimestamp !== undefined) return;
    const ranges = this.ranges(api, pvc.metadata.namespace ?? 'default');
    if (ranges.length === 0) return;
    const spec = ((pvc as GenericObject).spec ?? {}) as Rec;
    const res = (spec['resources'] ?? {}) as Rec;
    const requestsOf = (o: KObject): ResourceList => list((((o as GenericObject).spec ?? {}) as Rec)['resources'] && ((((o as GenericObject).spec as Rec)['resources']) as Rec)['requests']) ?? {};
    let requests: ResourceList;
    let oldRequests: ResourceList | undefined;
    try {
      requests = list(res['requests']) ?? {};
      if (old) oldRequests = requestsOf(old);
    } catch (e) {
      if (e instanceof QuantityError) return; // the claim's own validation reports it
      throw e;
    }
    const errors: string[] = [];
    for (const lr of ranges) errors.push(...validatePvcLimits(requests, lr, oldRequests));
    if (errors.length) throw new ApiError(forbiddenMessage('persistentvolumeclaims', pvc.metadata.name, aggregateMessage(errors)), 'Forbidden');
  }
}
