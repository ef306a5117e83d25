// Pod-level resources (`spec.resources`, PodLevelResources — KEP 2837, on by default since
// 1.34) as ValidatePodSpec's validatePodResources checks them: resource names (only cpu,
// memory and hugepages-* at pod level), quantities ≥ 0, each pod-level request ≤ its
// limit, then validatePodResourceConsistency — a pod-level request at least the
// containers' aggregate request (`spec.resources.requests[cpu]: Invalid value: "1": must be
// greater than or equal to aggregate container requests of 1500m`, as a 1.3x API server
// answers) and no container limit above the pod-level limit. Requests are compared after
// defaulting (a pod-level limit without a request defaults it, ./pod-resources.ts).

import { formatResource, parseQuantity, quantityProblem } from './quantity.js';
import { containerResources, podLevelResources } from './pod-resources.js';
import type { FieldError } from './field-errors.js';
import type { Container, PodSpec } from '../types.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

const POD_LEVEL_SUPPORTED = 'supported values: "cpu", "hugepages-", "memory"';
const STANDARD_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage', 'pods', 'services', 'configmaps', 'secrets',
  'persistentvolumeclaims', 'replicationcontrollers', 'resourcequotas', 'services.loadbalancers', 'services.nodeports']);

/** validatePodResourceName: a standard (or qualified) name, and one pod-level resources support. */
function podResourceNameProblem(name: string): FieldError['type'] | 'standard' | undefined {
  if (!name.includes('/') && !STANDARD_RESOURCES.has(name) && !name.startsWith('hugepages-') && !name.startsWith('requests.hugepages-')) return 'standard';
  if (name === 'cpu' || name === 'memory' || name.startsWith('hugepages-')) return undefined;
  return 'NotSupported';
}

/** A written quantity printed as Quantity.String() does; a defaulted one from its number. */
function printed(raw: unknown, name: string, value: number): string {
  return typeof raw === 'string' || typeof raw === 'number' ? parseQuantity(raw).toString() : formatResource(name, value);
}

/** The errors of `spec.resources` (field `at`, e.g. `spec` or `spec.template.spec`). */
export function podLevelResourceErrors(spec: Rec, at: string, errs: FieldError[]): void {
  const res = spec['resources'];
  if (!isRec(res)) return;
  const field = `${at}.resources`;
  let quantitiesOk = true;
  for (const section of ['limits', 'requests'] as const) {
    const m = res[section];
    if (!isRec(m)) continue;
    for (const name of Object.keys(m).sort()) {
      const f = `${field}.${section}[${name}]`;
      const bad = podResourceNameProblem(name);
      if (bad === 'standard') errs.push({ type: 'Invalid', field: f, value: name, detail: 'must be a standard resource type or fully qualified' });
      else if (bad === 'NotSupported') errs.push({ type: 'NotSupported', field: f, value: name, detail: POD_LEVEL_SUPPORTED });
      const q = m[name];
      if ((typeof q !== 'string' && typeof q !== 'number') || quantityProblem(q) !== undefined) { quantitiesOk = false; continue; }
      if (parseQuantity(q).nanos < 0n) errs.push({ type: 'Invalid', field: f, value: String(q), detail: 'must be greater than or equal to 0' });
    }
  }
  if (!quantitiesOk) return; // the scenario schema reports an unparsable quantity where it is written
  let podLevel: ReturnType<typeof podLevelResources>;
  let containers: ReturnType<typeof containerResources>[];
  try {
    const list = (v: unknown): Container[] => (Array.isArray(v) ? v.filter(isRec) as unknown as Container[] : []);
    containers = list(spec['containers']).map(containerResources);
    const initSpecs = list(spec['initContainers']);
    const inits = initSpecs.map((c) => ({ ...containerResources(c), sidecar: c.restartPolicy === 'Always' }));
    podLevel = podLevelResources(spec as unknown as PodSpec, containers, inits);
  } catch {
    return; // an unparsable container quantity: reported with the container
  }
  if (!podLevel) return;
  const written = (section: 'requests' | 'limits', k: string, v: number) => printed((res[section] as Rec | undefined)?.[k], k, v);
  // Pod-level requests within pod-level limits (ValidateResourceRequirements at pod level).
  for (const k of Object.keys(podLevel.requests).sort()) {
    const req = podLevel.requests[k]!;
    const lim = podLevel.limits[k];
    if (lim !== undefined && req > lim) {
      errs.push({ type: 'Invalid', field: `${field}.requests`, value: written('requests', k, req), detail: `must be less than or equal to ${k} limit of ${written('limits', k, lim)}` });
    }
  }
  // validatePodResourceConsistency.
  const explicit = isRec(res['requests']) ? (res['requests'] as Rec) : {};
  for (const k of Object.keys(podLevel.containerRequests).sort()) {
    if (!(k in explicit) || podResourceNameProblem(k) !== undefined) continue;
    const agg = podLevel.containerRequests[k]!;
    const req = podLevel.requests[k]!;
    if (agg > req) {
      errs.push({ type: 'Invalid', field: `${field}.requests[${k}]`, value: written('requests', k, req), detail: `must be greater than or equal to aggregate container requests of ${formatResource(k, agg)}` });
    }
  }
  const rawContainers = Array.isArray(spec['containers']) ? spec['containers'] : [];
  containers.forEach((c, i) => {
    for (const k of Object.keys(c.limits).sort()) {
      const podLim = podLevel!.limits[k];
      if (podLim === undefined || c.limits[k]! <= podLim) continue;
      const raw = (rawContainers[i] as { resources?: { limits?: Rec } } | undefined)?.resources?.limits?.[k];
      errs.push({
        type: 'Invalid', field: `${field}.containers[${i}][${k}].limits`, value: printed(raw, k, c.limits[k]!),
        detail: `must be less than or equal to pod limits of ${written('limits', k, podLim)}`,
      });
    }
  });
}
