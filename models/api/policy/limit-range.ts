// LimitRanger admission for pods, as plugin/pkg/admission/limitranger/admission.go does it,
// plus LimitRangeItem API defaulting (pkg/apis/core/v1/defaults.go SetDefaults_LimitRangeItem)
// and the LimitRange object validation (pkg/apis/core/validation ValidateLimitRange).
//
// Numbers: cpu in millicores, memory/storage in bytes, maxLimitRequestRatio as a plain ratio.
// Deterministic where upstream iterates Go maps: resources are visited in sorted order.
// Messages print quantities in canonical form (see ./quantity.ts): a LimitRange value written
// "1G" prints "953674Ki"-style BinarySI here where upstream echoes "1G".

import type { ContainerResources, ResourceList } from '../types.js';
import { aggregateMessage, forbiddenMessage, invalidMessage } from './status-messages.js';
import { formatDecimal, formatDecimalMilli, formatResource } from './quantity.js';
import { podLimits, podRequests, POD_LEVEL_RESOURCES, type InitContainerResources } from './pod-resources.js';

export type LimitType = 'Container' | 'Pod' | 'PersistentVolumeClaim';

export interface LimitRangeItemNumbers {
  type: LimitType;
  default?: ResourceList;
  defaultRequest?: ResourceList;
  min?: ResourceList;
  max?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

export interface LimitRangeNumbers {
  name: string;
  limits: LimitRangeItemNumbers[];
}

export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

const sortedKeys = (l: ResourceList | undefined): string[] => (l ? Object.keys(l).sort() : []);

/**
 * SetDefaults_LimitRangeItem, Container items only: a missing default (limit) ← max;
 * then a missing defaultRequest ← default; then a missing defaultRequest ← min.
 */
export function defaultLimitRangeItem(item: LimitRangeItemNumbers): LimitRangeItemNumbers {
  if (item.type !== 'Container') return item;
  const def: ResourceList = { ...(item.default ?? {}) };
  const defReq: ResourceList = { ...(item.defaultRequest ?? {}) };
  for (const k of sortedKeys(item.max)) if (!(k in def)) def[k] = item.max![k]!;
  for (const k of sortedKeys(def)) if (!(k in defReq)) defReq[k] = def[k]!;
  for (const k of sortedKeys(item.min)) if (!(k in defReq)) defReq[k] = item.min![k]!;
  return { ...item, default: def, defaultRequest: defReq };
}

const fmtRatio = (r: number) => formatDecimalMilli(r * 1000);

/**
 * ValidateLimitRange field errors for one LimitRange (after defaulting), e.g.
 * `spec.limits[0].default[cpu]: Invalid value: "100m": default value 600m is greater than max value 100m`.
 * (Upstream reports the max quantity as the invalid value of that check; the way a Quantity
 * value renders inside "Invalid value:" is **unconfirmed** — printed here as a quoted string.)
 */
export function validateLimitRange(lr: LimitRangeNumbers): string[] {
  const errs: string[] = [];
  lr.limits.forEach((raw, i) => {
    const item = defaultLimitRangeItem(raw);
    const p = `spec.limits[${i}]`;
    const inv = (field: string, k: string, v: string, msg: string) => errs.push(`${p}.${field}[${k}]: Invalid value: "${v}": ${msg}`);
    if (item.type === 'Pod') {
      if (item.default && Object.keys(item.default).length) errs.push(`${p}.default: Forbidden: may not be specified when \`type\` is 'Pod'`);
      if (item.defaultRequest && Object.keys(item.defaultRequest).length) errs.push(`${p}.defaultRequest: Forbidden: may not be specified when \`type\` is 'Pod'`);
    }
    const keys = new Set<string>([
      ...sortedKeys(item.min), ...sortedKeys(item.max), ...sortedKeys(item.default),
      ...sortedKeys(item.defaultRequest), ...sortedKeys(item.maxLimitRequestRatio),
    ]);
    for (const k of [...keys].sort()) {
      const f = (v: number) => formatResource(k, v);
      const min = item.min?.[k]; const max = item.max?.[k];
      const def = item.default?.[k]; const defReq = item.defaultRequest?.[k];
      const ratio = item.maxLimitRequestRatio?.[k];
      if (min !== undefined && max !== undefined && min > max) inv('min', k, f(min), `min value ${f(min)} is greater than max value ${f(max)}`);
      if (defReq !== undefined && min !== undefined && min > defReq) inv('defaultRequest', k, f(defReq), `min value ${f(min)} is greater than default request value ${f(defReq)}`);
      if (defReq !== undefined && max !== undefined && defReq > max) inv('defaultRequest', k, f(defReq), `default request value ${f(defReq)} is greater than max value ${f(max)}`);
      if (defReq !== undefined && def !== undefined && defReq > def) inv('defaultRequest', k, f(defReq), `default request value ${f(defReq)} is greater than default limit value ${f(def)}`);
      if (def !== undefined && min !== undefined && min > def) inv('default', k, f(min), `min value ${f(min)} is greater than default value ${f(def)}`);
      if (def !== undefined && max !== undefined && def > max) inv('default', k, f(max), `default value ${f(def)} is greater than max value ${f(max)}`);
      if (ratio !== undefined && ratio < 1) inv('maxLimitRequestRatio', k, fmtRatio(ratio), `ratio ${fmtRatio(ratio)} is less than 1`);
      if (ratio !== undefined && min !== undefined && max !== undefined && min > 0) {
        const limit = max / min;
        if (ratio > limit) inv('maxLimitRequestRatio', k, fmtRatio(ratio), `ratio ${fmtRatio(ratio)} is greater than max/min = ${limit.toFixed(6)}`);
      }
    }
  });
  return errs;
}

/** `LimitRange "<name>" is invalid: ...` or undefined when the object is valid. */
export function limitRangeInvalidMessage(lr: LimitRangeNumbers): string | undefined {
  const errs = validateLimitRange(lr);
  return errs.length ? invalidMessage('LimitRange', lr.name, errs) : undefined;
}

/** A pod's containers as LimitRanger sees them. */
export interface PodContainersForLimits {
  name: string;
  containers: ContainerResources[];
  initContainers?: ContainerResources[];
}

export interface LimitRangeDefaultsResult {
  containers: ContainerResources[];
  initContainers: ContainerResources[];
  /** Value of the kubernetes.io/limit-ranger annotation, when something was set. */
  annotation?: string;
}

/**
 * PodMutateLimitFunc for one LimitRange: the Container items' defaultRequest/default become
 * requests/limits of every container and init container that lacks that resource. The
 * annotation reads "LimitRanger plugin set: cpu, memory request for container app; cpu,
 * memory limit for container app; cpu request for init container setup".
 */
export function applyLimitRangeDefaults(pod: PodContainersForLimits, lr: LimitRangeNumbers): LimitRangeDefaultsResult {
  const defReq: ResourceList = {};
  const defLim: ResourceList = {};
  for (const raw of lr.limits) {
    if (raw.type !== 'Container') continue;
    const item = defaultLimitRangeItem(raw);
    Object.assign(defReq, item.defaultRequest);
    Object.assign(defLim, item.default);
  }
  const notes: string[] = [];
  const merge = (c: ContainerResources, prefix: string): ContainerResources => {
    const limits = { ...c.limits };
    const requests = { ...c.requests };
    const setL: string[] = [];
    const setR: string[] = [];
    for (const k of sortedKeys(defLim)) if (!(k in limits)) { limits[k] = defLim[k]!; setL.push(k); }
    for (const k of sortedKeys(defReq)) if (!(k in requests)) { requests[k] = defReq[k]!; setR.push(k); }
    if (setR.length) notes.push(`${setR.join(', ')} request for ${prefix} ${c.name}`);
    if (setL.length) notes.push(`${setL.join(', ')} limit for ${prefix} ${c.name}`);
    return { ...c, requests, limits };
  };
  const containers = pod.containers.map((c) => merge(c, 'container'));
  const initContainers = (pod.initContainers ?? []).map((c) => merge(c, 'init container'));
  const out: LimitRangeDefaultsResult = { containers, initContainers };
  if (notes.length) out.annotation = `LimitRanger plugin set: ${notes.join('; ')}`;
  return out;
}

/** A quantity with the format upstream would print it in. */
interface Q { v: number; decimal: boolean }
type QList = Record<string, Q>;

function fmtQ(name: string, q: Q): string {
  if (name === 'cpu') return formatResource('cpu', q.v);
  return q.decimal ? formatDecimal(q.v) : formatResource(name, q.v);
}

function toQ(l: ResourceList): QList {
  const o: QList = {};
  for (const k of Object.keys(l)) o[k] = { v: l[k]!, decimal: false };
  return o;
}

function minConstraint(type: string, name: string, enforced: number, req: QList, lim: QList): string | undefined {
  const e = formatResource(name, enforced);
  const r = req[name];
  const l = lim[name];
  if (!r) return `minimum ${name} usage per ${type} is ${e}.  No request is specified`;
  if (r.v < enforced) return `minimum ${name} usage per ${type} is ${e}, but request is ${fmtQ(name, r)}`;
  if (l && l.v < enforced) return `minimum ${name} usage per ${type} is ${e}, but limit is ${fmtQ(name, l)}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: number, req: QList, lim: QList): string | undefined {
  const e = formatResource(name, enforced);
  const r = req[name];
  const l = lim[name];
  if (!l) return `maximum ${name} usage per ${type} is ${e}.  No limit is specified`;
  if (l.v > enforced) return `maximum ${name} usage per ${type} is ${e}, but limit is ${fmtQ(name, l)}`;
  if (r && r.v > enforced) return `maximum ${name} usage per ${type} is ${e}, but request is ${fmtQ(name, r)}`;
  return undefined;
}

function ratioConstraint(type: string, name: string, enforced: number, req: QList, lim: QList): string | undefined {
  const e = fmtRatio(enforced);
  const r = req[name];
  const l = lim[name];
  if (!r || r.v === 0) return `${name} max limit to request ratio per ${type} is ${e}, but no request is specified or request is 0`;
  if (!l || l.v === 0) return `${name} max limit to request ratio per ${type} is ${e}, but no limit is specified or limit is 0`;
  const observed = l.v / r.v;
  if (observed * 1000 > Math.round(enforced * 1000)) {
    return `${name} max limit to request ratio per ${type} is ${e}, but provided ratio is ${observed.toFixed(6)}`;
  }
  return undefined;
}

function checkItem(item: LimitRangeItemNumbers, type: string, req: QList, lim: QList, errs: string[]): void {
  for (const k of sortedKeys(item.min)) { const e = minConstraint(type, k, item.min![k]!, req, lim); if (e) errs.push(e); }
  for (const k of sortedKeys(item.max)) { const e = maxConstraint(type, k, item.max![k]!, req, lim); if (e) errs.push(e); }
  for (const k of sortedKeys(item.maxLimitRequestRatio)) {
    const e = ratioConstraint(type, k, item.maxLimitRequestRatio![k]!, req, lim); if (e) errs.push(e);
  }
}

/**
 * The pod totals a Pod item checks, as the plugin's podRequests/podLimits compute them since
 * sidecars (1.28): Σ regular containers + Σ restartable init containers, then the max with each
 * init container plus the sidecars started before it. A total equal to the containers' sum
 * prints as DecimalSI (Quantity.Add keeps the sum's format), one taken from an init container
 * prints in its own format.
 */
function podTotals(containers: readonly ContainerResources[], inits: readonly InitContainerResources[]): { req: QList; lim: QList } {
  const tag = (total: ResourceList, sum: ResourceList): QList => {
    const out: QList = {};
    for (const k of Object.keys(total)) out[k] = { v: total[k]!, decimal: sum[k] === total[k] };
    return out;
  };
  const sidecars = inits.filter((c) => c.sidecar);
  const sumReq = podRequests([...containers, ...sidecars]);
  const sumLim = podLimits([...containers, ...sidecars]);
  return { req: tag(podRequests(containers, inits), sumReq), lim: tag(podLimits(containers, inits), sumLim) };
}

/**
 * PodValidateLimitFunc for one LimitRange: Container items check every container and init
 * container (min, max, maxLimitRequestRatio, in that order, resources sorted); Pod items check
 * the pod totals (restartable init containers — sidecars — counted with the containers; cpu
 * and memory from `podLevel`, the pod's defaulted spec.resources, when it has them).
 * Returns the error messages (not yet aggregated).
 */
export function validatePodLimits(
  pod: { containers: ContainerResources[]; initContainers?: InitContainerResources[]; podLevel?: { requests: ResourceList; limits: ResourceList } },
  lr: LimitRangeNumbers,
): string[] {
  const errs: string[] = [];
  const inits = pod.initContainers ?? [];
  for (const raw of lr.limits) {
    const item = defaultLimitRangeItem(raw);
    if (item.type === 'Container') {
      for (const c of [...pod.containers, ...inits]) checkItem(item, 'Container', toQ(c.requests), toQ(c.limits), errs);
    } else if (item.type === 'Pod') {
      const { req, lim } = podTotals(pod.containers, inits);
      // Pod-level resources (spec.resources) override the containers' cpu/memory totals.
      if (pod.podLevel) {
        for (const k of POD_LEVEL_RESOURCES) {
          if (pod.podLevel.requests[k] !== undefined) req[k] = { v: pod.podLevel.requests[k]!, decimal: false };
          if (pod.podLevel.limits[k] !== undefined) lim[k] = { v: pod.podLevel.limits[k]!, decimal: false };
        }
      }
      checkItem(item, 'Pod', req, lim, errs);
    }
  }
  return errs;
}

/**
 * PersistentVolumeClaimValidateLimitFunc for one LimitRange: each PersistentVolumeClaim item's
 * `min` against the claim's requests (a missing request is refused), its `max` against the
 * requests only (maxRequestConstraint: a claim's limits are not user input). On update
 * (`oldRequests`) only requests that changed are checked.
 */
export function validatePvcLimits(requests: ResourceList, lr: LimitRangeNumbers, oldRequests?: ResourceList): string[] {
  const errs: string[] = [];
  const req = toQ(requests);
  const type = 'PersistentVolumeClaim';
  // On update a request the stored claim already holds is valid as stored (unchangedRequest).
  const unchanged = (k: string) => oldRequests !== undefined && requests[k] !== undefined && requests[k] === oldRequests[k];
  for (const item of lr.limits) {
    if (item.type !== type) continue;
    for (const k of sortedKeys(item.min)) {
      if (unchanged(k)) continue;
      const e = minConstraint(type, k, item.min![k]!, req, {}); if (e) errs.push(e);
    }
    for (const k of sortedKeys(item.max)) {
      if (unchanged(k)) continue;
      const e = formatResource(k, item.max![k]!);
      const r = req[k];
      if (!r) errs.push(`maximum ${k} usage per ${type} is ${e}.  No request is specified`);
      else if (r.v > item.max![k]!) errs.push(`maximum ${k} usage per ${type} is ${e}, but request is ${fmtQ(k, r)}`);
    }
  }
  return errs;
}

export type LimitRangerResult =
  | { ok: true; containers: ContainerResources[]; initContainers: ContainerResources[]; annotation?: string }
  | { ok: false; message: string; errors: string[] };

/**
 * The whole LimitRanger for a pod CREATE over the namespace's LimitRanges (in the given order):
 * mutate with each range in turn (the last range that set something writes the annotation),
 * then validate against each range; the first range with violations rejects the pod with
 * `pods "<name>" is forbidden: <aggregate>` (one error bare, several as "[a, b]").
 */
export function admitPodLimitRanges(pod: PodContainersForLimits, ranges: readonly LimitRangeNumbers[]): LimitRangerResult {
  let containers = pod.containers;
  let initContainers = pod.initContainers ?? [];
  let annotation: string | undefined;
  for (const lr of ranges) {
    const r = applyLimitRangeDefaults({ name: pod.name, containers, initContainers }, lr);
    containers = r.containers;
    initContainers = r.initContainers;
    if (r.annotation) annotation = r.annotation;
  }
  for (const lr of ranges) {
    const errors = validatePodLimits({ containers, initContainers }, lr);
    if (errors.length) return { ok: false, errors, message: forbiddenMessage('pods', pod.name, aggregateMessage(errors)) };
  }
  const ok: LimitRangerResult = { ok: true, containers, initContainers };
  if (annotation !== undefined) ok.annotation = annotation;
  return ok;
}

