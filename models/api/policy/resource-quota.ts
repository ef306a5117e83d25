// ResourceQuota admission, as pkg/quota/v1/evaluator/core/pods.go (usage, constraints,
// scopes) and staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota/controller.go
// (checkRequest, prettyPrint) do it. Numbers: cpu millicores, memory/storage bytes, counts.

import type { ContainerResources, PodPhase, ResourceList } from '../types.js';
import { podLimits, podRequests, POD_LEVEL_RESOURCES, type InitContainerResources } from './pod-resources.js';
import { podQOSClass } from './qos.js';
import { forbiddenMessage } from './status-messages.js';
import { formatResource } from './quantity.js';

export type QuotaScope = 'Terminating' | 'NotTerminating' | 'BestEffort' | 'NotBestEffort' | 'PriorityClass' | 'CrossNamespacePodAffinity';

export interface ScopedResourceSelectorRequirement {
  scopeName: QuotaScope;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface QuotaNumbers {
  name: string;
  hard: ResourceList;
  /** status.used; a tracked resource without an entry counts as 0. */
  used: ResourceList;
  scopes?: QuotaScope[];
  scopeSelector?: ScopedResourceSelectorRequirement[];
}

/** What the pod evaluator needs from a pod (after LimitRanger). */
export interface QuotaPod {
  name: string;
  containers: ContainerResources[];
  initContainers?: InitContainerResources[];
  overhead?: ResourceList;
  phase?: PodPhase;
  priorityClassName?: string;
  activeDeadlineSeconds?: number;
  /** Virtual ms; with deletionGracePeriodSeconds, a pod past deletion + grace is not charged. */
  deletionTimestamp?: number;
  deletionGracePeriodSeconds?: number;
  crossNamespacePodAffinity?: boolean;
  /** spec.resources (PodLevelResources) as numbers, requests defaulted. */
  podLevel?: { requests: ResourceList; limits: ResourceList };
}

/** The resources every cpu/memory-quota'd container must set (the "backward compatibility" set). */
const VALIDATION_SET = ['cpu', 'limits.cpu', 'limits.memory', 'memory', 'requests.cpu', 'requests.memory'];

const POD_RESOURCES = new Set([
  'pods', 'count/pods', 'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory',
  'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
]);

function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}

/** podComputeUsageHelper: quota resource names from a requests/limits pair. */
function computeUsage(requests: ResourceList, limits: ResourceList): ResourceList {
  const out: ResourceList = { pods: 1 };
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    if (r in requests) { out[r] = requests[r]!; out[`requests.${r}`] = requests[r]!; }
    if (r in limits) out[`limits.${r}`] = limits[r]!;
  }
  for (const [k, v] of Object.entries(requests)) {
    if (k.startsWith('hugepages-')) { out[k] = v; out[`requests.${k}`] = v; }
    // extended resources are only quota'd as requests.<name>
    if (!isNativeResource(k)) out[`requests.${k}`] = v;
  }
  return out;
}

/** QuotaV1Pod: terminal pods and pods past deletion + grace are not charged compute resources. */
export function podIsCharged(pod: QuotaPod, now: number): boolean {
  if (pod.phase === 'Failed' || pod.phase === 'Succeeded') return false;
  if (pod.deletionTimestamp !== undefined && pod.deletionGracePeriodSeconds !== undefined
    && now > pod.deletionTimestamp + pod.deletionGracePeriodSeconds * 1000) return false;
  return true;
}

/**
 * PodUsageFunc: count/pods always; when charged, pods: 1, cpu/requests.cpu, memory/requests.memory,
 * limits.*, ephemeral-storage, hugepages and requests.<extended> from the pod's effective
 * requests/limits (init containers' max, sidecars, overhead).
 */
export function podQuotaUsage(pod: QuotaPod, now = 0): ResourceList {
  const out: ResourceList = { 'count/pods': 1 };
  if (!podIsCharged(pod, now)) return out;
  const inits = pod.initContainers ?? [];
  const requests = podRequests(pod.containers, inits, pod.overhead);
  const limits = podLimits(pod.containers, inits, pod.overhead);
  // PodLevelResources: spec.resources' cpu/memory replace the containers' totals (PodRequests).
  if (pod.podLevel) {
    for (const k of POD_LEVEL_RESOURCES) {
      if (pod.podLevel.requests[k] !== undefined) requests[k] = pod.podLevel.requests[k]! + (pod.overhead?.[k] ?? 0);
      if (pod.podLevel.limits[k] !== undefined) limits[k] = pod.podLevel.limits[k]! + (pod.podLevel.limits[k] !== 0 ? pod.overhead?.[k] ?? 0 : 0);
    }
  }
  return { ...out, ...computeUsage(requests, limits) };
}

/**
 * Object-count usage of any other object: count/<resource>[.<group>] plus the legacy names
 * core kinds also answer to (services, configmaps, secrets, persistentvolumeclaims,
 * replicationcontrollers, resourcequotas), and services.loadbalancers / services.nodeports.
 * `resource` is the plural with its group, e.g. "services", "deployments.apps".
 */
export function objectCountUsage(resource: string, opts: { serviceType?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName'; nodePorts?: number } = {}): ResourceList {
  const out: ResourceList = { [`count/${resource}`]: 1 };
  if (['services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'replicationcontrollers', 'resourcequotas'].includes(resource)) out[resource] = 1;
  if (resource === 'services') {
    if (opts.serviceType === 'LoadBalancer') out['services.loadbalancers'] = 1;
    if (opts.serviceType === 'NodePort' || opts.serviceType === 'LoadBalancer') out['services.nodeports'] = opts.nodePorts ?? 1;
  }
  return out;
}

/** podMatchesScopeFunc for one scope selector. */
export function podMatchesScope(pod: QuotaPod, sel: ScopedResourceSelectorRequirement): boolean {
  switch (sel.scopeName) {
    case 'Terminating': return pod.activeDeadlineSeconds !== undefined && pod.activeDeadlineSeconds >= 0;
    case 'NotTerminating': return !(pod.activeDeadlineSeconds !== undefined && pod.activeDeadlineSeconds >= 0);
    case 'BestEffort': return podQOSClass(pod.containers, pod.initContainers ?? [], pod.podLevel) === 'BestEffort';
    case 'NotBestEffort': return podQOSClass(pod.containers, pod.initContainers ?? [], pod.podLevel) !== 'BestEffort';
    case 'CrossNamespacePodAffinity': return pod.crossNamespacePodAffinity === true;
    case 'PriorityClass': {
      const pc = pod.priorityClassName ?? '';
      switch (sel.operator) {
        case 'Exists': return pc !== '';
        case 'DoesNotExist': return pc === '';
        case 'In': return pc !== '' && (sel.values ?? []).includes(pc);
        case 'NotIn': return pc === '' || !(sel.values ?? []).includes(pc);
      }
    }
  }
  return false;
}

function scopeSelectors(q: QuotaNumbers): ScopedResourceSelectorRequirement[] {
  return [...(q.scopes ?? []).map((s) => ({ scopeName: s, operator: 'Exists' as const })), ...(q.scopeSelector ?? [])];
}

/** A quota applies to a pod when every scope (and scopeSelector expression) matches. */
export function quotaMatchesPod(q: QuotaNumbers, pod: QuotaPod): boolean {
  return scopeSelectors(q).every((s) => podMatchesScope(pod, s));
}

/** MatchingResources for pods: which of the quota's hard names the pod evaluator tracks. */
export function podTrackedResources(hard: ResourceList): string[] {
  return Object.keys(hard).filter((n) => POD_RESOURCES.has(n) || n.startsWith('hugepages-') || n.startsWith('requests.hugepages-')
    || (n.startsWith('requests.') && !isNativeResource(n.slice('requests.'.length)))).sort();
}

/**
 * Constraints: when a quota tracks cpu/memory (cpu, memory, requests.*, limits.*), every
 * container and init container must set them. Modern message (since v1.2x, per resource):
 * "must specify limits.cpu for: app,sidecar; limits.memory for: app" — resources sorted,
 * container names sorted. undefined = satisfied.
 */
export function podQuotaConstraintError(pod: QuotaPod, tracked: readonly string[]): string | undefined {
  const required = VALIDATION_SET.filter((r) => tracked.includes(r));
  const missing = new Map<string, Set<string>>();
  for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
    const has = computeUsage(c.requests, c.limits);
    for (const r of required) {
      if (!(r in has)) {
        if (!missing.has(r)) missing.set(r, new Set());
        missing.get(r)!.add(c.name);
      }
    }
  }
  if (missing.size === 0) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

/** prettyPrint: "name=value" sorted by name, comma-joined. */
export function prettyPrintResources(l: ResourceList): string {
  return Object.keys(l).sort().map((k) => `${k}=${formatResource(k, l[k]!)}`).join(',');
}

export type QuotaResult =
  | { ok: true; /** per matching quota name: usage to add to status.used */ usageDelta: Record<string, ResourceList> }
  | { ok: false; message: string };

/**
 * checkRequest for a CREATE of an object with the given usage, against the namespace's quotas
 * in the given order (sort by name for determinism; upstream order is the informer's).
 * For each matching quota: constraints (→ "failed quota: <q>: <err>"), then
 * requested = usage masked to the quota's tracked names (zeros removed); if used + requested
 * exceeds hard for any of them → "exceeded quota: <q>, requested: <r>, used: <u>, limited: <h>"
 * listing only the exceeded resources. Messages are wrapped as `<resource> "<name>" is forbidden: …`.
 */
export function admitToQuotas(
  resource: string,
  name: string,
  usage: ResourceList,
  quotas: readonly QuotaNumbers[],
  hooks: { matches?: (q: QuotaNumbers) => boolean; tracked?: (hard: ResourceList) => string[]; constraint?: (tracked: string[]) => string | undefined } = {},
): QuotaResult {
  const interesting: Array<{ q: QuotaNumbers; tracked: string[] }> = [];
  for (const q of quotas) {
    if (hooks.matches && !hooks.matches(q)) continue;
    const tracked = hooks.tracked ? hooks.tracked(q.hard) : Object.keys(q.hard).filter((k) => k in usage || k.startsWith('count/')).sort();
    const err = hooks.constraint?.(tracked);
    if (err) return { ok: false, message: forbiddenMessage(resource, name, `failed quota: ${q.name}: ${err}`) };
    interesting.push({ q, tracked });
  }
  const usageDelta: Record<string, ResourceList> = {};
  for (const { q, tracked } of interesting) {
    const requested: ResourceList = {};
    for (const k of tracked) if (usage[k] !== undefined && usage[k] !== 0) requested[k] = usage[k]!;
    if (Object.keys(requested).length === 0) continue;
    const exceeded = Object.keys(requested).filter((k) => q.hard[k] !== undefined && (q.used[k] ?? 0) + requested[k]! > q.hard[k]!);
    if (exceeded.length) {
      const pick = (l: ResourceList) => Object.fromEntries(exceeded.map((k) => [k, l[k] ?? 0]));
      return {
        ok: false,
        message: forbiddenMessage(resource, name, `exceeded quota: ${q.name}, requested: ${prettyPrintResources(pick(requested))}, `
          + `used: ${prettyPrintResources(pick(q.used))}, limited: ${prettyPrintResources(pick(q.hard))}`),
      };
    }
    usageDelta[q.name] = requested;
  }
  return { ok: true, usageDelta };
}

/** ResourceQuota admission of a pod CREATE: scopes, constraints, usage, exceeded check. */
export function admitPodToQuotas(pod: QuotaPod, quotas: readonly QuotaNumbers[], now = 0): QuotaResult {
  return admitToQuotas('pods', pod.name, podQuotaUsage(pod, now), quotas, {
    matches: (q) => quotaMatchesPod(q, pod),
    tracked: podTrackedResources,
    constraint: (tracked) => podQuotaConstraintError(pod, tracked),
  });
}

/** Adds an admission's usageDelta (or subtracts it with sign −1) to a quota's status.used. */
export function applyUsage(used: ResourceList, delta: ResourceList, sign: 1 | -1 = 1): ResourceList {
  const out = { ...used };
  for (const [k, v] of Object.entries(delta)) out[k] = (out[k] ?? 0) + sign * v;
  return out;
}
