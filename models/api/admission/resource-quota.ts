// The ResourceQuota admission plugin (the last validating plugin) and the quota usage it keeps:
// a pod CREATE is checked against every matching quota of its namespace with
// ./resourcequota.ts; on success the pod's usage is charged to status.used at once, and it is
// released when the pod becomes terminal or leaves the store. status.used is maintained
// incrementally (no periodic full recount): a quota created after pods exist is initialised
// from its namespace's pods once, as the quota controller's first sync does.

import type { PodAdmissionPlugin } from '../apiserver.js';
import { ApiError } from '../errors.js';
import { isPodTerminal } from '../policy/podutil.js';
import { podResources, resourceValue } from '../policy/pod-resources.js';
import { listOrder, type ObjectStore } from '../store.js';
import type { GenericObject, KObject, Pod, PodResources, Quantity, ResourceList } from '../types.js';
import { formatResource } from '../policy/quantity.js';
import {
  admitPodToQuotas, applyUsage, podQuotaUsage, podTrackedResources, quotaMatchesPod,
  type QuotaNumbers, type QuotaPod, type QuotaScope, type ScopedResourceSelectorRequirement,
} from '../policy/resource-quota.js';

type Rec = Record<string, unknown>;

interface Charge { quota: KObject; delta: ResourceList }

/** Numbers of one quota: spec plus the maintained usage. */
function quotaNumbers(obj: KObject, used: ResourceList): QuotaNumbers {
  const spec = ((obj as GenericObject).spec ?? {}) as Rec;
  const hard: ResourceList = {};
  for (const [k, v] of Object.entries((spec['hard'] as Record<string, Quantity> | undefined) ?? {})) hard[k] = resourceValue(k, v);
  const q: QuotaNumbers = { name: obj.metadata.name, hard, used };
  if (Array.isArray(spec['scopes'])) q.scopes = spec['scopes'] as QuotaScope[];
  const sel = spec['scopeSelector'] as { matchExpressions?: ScopedResourceSelectorRequirement[] } | undefined;
  if (sel?.matchExpressions) q.scopeSelector = sel.matchExpressions;
  return q;
}

function quotaPod(pod: Pod, res: PodResources): QuotaPod {
  const q: QuotaPod = { name: pod.metadata.name, containers: res.containers, phase: pod.status?.phase ?? 'Pending' };
  q.initContainers = res.initContainers.map((c, i) => ({ ...c, sidecar: pod.spec.initContainers?.[i]?.restartPolicy === 'Always' }));
  if (pod.spec.priorityClassName) q.priorityClassName = pod.spec.priorityClassName;
  if (pod.spec.activeDeadlineSeconds !== undefined) q.activeDeadlineSeconds = pod.spec.activeDeadlineSeconds;
  if (res.podLevel) q.podLevel = res.podLevel;
  return q;
}

export class ResourceQuotaAdmission implements PodAdmissionPlugin {
  readonly name = 'ResourceQuota';
  /** quota uid → status.used as numbers. */
  private readonly used = new Map<string, ResourceList>();
  /** Admitted but not yet stored: the deltas to charge in `admitted`. */
  private readonly pending = new WeakMap<Pod, Record<string, ResourceList>>();
  private readonly charges = new WeakMap<Pod, Charge[]>();

  constructor(private readonly store: ObjectStore) {
    // The API server's own view of quotas (no informer latency): initialise a new quota.
    store.observe<KObject>('ResourceQuota', (type, q) => {
      if (type === 'ADDED') this.initialise(q);
      else if (type === 'DELETED') this.used.delete(q.metadata.uid!);
    });
  }

  private quotas(ns: string): KObject[] {
    const objs = this.store.listInNamespace<KObject>('ResourceQuota', ns);
    objs.sort(listOrder); // one namespace: by name
    return objs;
  }

  /** First sync of a new quota: charge the namespace's existing non-terminal pods. */
  private initialise(q: KObject): void {
    let used: ResourceList = {};
    const numbers = quotaNumbers(q, used);
    const tracked = podTrackedResources(numbers.hard);
    for (const pod of this.store.listInNamespace<Pod>('Pod', q.metadata.namespace ?? 'default')) {
      if (isPodTerminal(pod)) continue;
      const qp = quotaPod(pod, podResources(pod.spec));
      if (!quotaMatchesPod(numbers, qp)) continue;
      const usage = podQuotaUsage(qp);
      const delta: ResourceList = {};
      for (const k of tracked) if (usage[k]) delta[k] = usage[k]!;
      used = applyUsage(used, delta);
      const list = this.charges.get(pod) ?? [];
      list.push({ quota: q, delta });
      this.charges.set(pod, list);
    }
    for (const k of tracked) used[k] ??= 0;
    this.writeStatus(q, used);
  }

  private writeStatus(q: KObject, used: ResourceList): void {
    this.used.set(q.metadata.uid!, used);
    const g = q as GenericObject;
    const numbers = quotaNumbers(q, used);
    const fmt = (l: ResourceList) => Object.fromEntries(Object.keys(l).sort().map((k) => [k, formatResource(k, l[k]!)]));
    g.status = { hard: fmt(numbers.hard), used: fmt(used) };
    this.store.update(q);
  }

  /** status.used of a quota, as numbers (cpu millicores, memory bytes). */
  usedOf(q: KObject): ResourceList {
    return { ...(this.used.get(q.metadata.uid!) ?? {}) };
  }

  admit(): void {}

  validate(pod: Pod): void {
    const quotas = this.quotas(pod.metadata.namespace ?? 'default');
    if (quotas.length === 0) return;
    const numbers = quotas.map((q) => quotaNumbers(q, this.used.get(q.metadata.uid!) ?? {}));
    const r = admitPodToQuotas(quotaPod(pod, podResources(pod.spec)), numbers);
    if (!r.ok) throw new ApiError(r.message, 'Forbidden');
    this.pending.set(pod, r.usageDelta);
  }

  admitted(pod: Pod): void {
    const deltas = this.pending.get(pod);
    if (!deltas) return;
    this.pending.delete(pod);
    const charges: Charge[] = [];
    for (const q of this.quotas(pod.metadata.namespace ?? 'default')) {
      const delta = deltas[q.metadata.name];
      if (!delta) continue;
      this.writeStatus(q, applyUsage(this.used.get(q.metadata.uid!) ?? {}, delta));
      charges.push({ quota: q, delta });
    }
    if (charges.length) this.charges.set(pod, charges);
  }

  released(pod: Pod): void {
    const charges = this.charges.get(pod);
    if (!charges) return;
    this.charges.delete(pod);
    for (const c of charges) {
      const used = this.used.get(c.quota.metadata.uid!);
      if (!used || !this.store.getByUid(c.quota.metadata.uid!)) continue;
      this.writeStatus(c.quota, applyUsage(used, c.delta, -1));
    }
  }
}
