// upstream helper.DefaultSelector (pkg/scheduler/framework/plugins/helper/spread.go): the selector
// PodTopologySpread's default constraints use for a pod without constraints of its own — the
// Services whose selector matches the pod (their label maps merged), plus the selector of the
// pod's controller when it is a ReplicationController (its map merged in), a ReplicaSet or a
// StatefulSet (its requirements added). An empty result means "no default spreading".
import type { LabelSelector, LabelSelectorRequirement, Pod } from '../../../api/types.js';
import { isValidLabelSelector, mapSelectorMatches } from '../../../api/policy/labels.js';

/** What DefaultSelector reads from the scheduler's listers. */
export interface SpreadOwners {
  /** spec.selector of every Service in the namespace. */
  serviceSelectors(namespace: string): Iterable<Record<string, string> | undefined>;
  replicationControllerSelector(namespace: string, name: string): Record<string, string> | undefined | null;
  /** null: no such object; undefined: it has no selector. */
  replicaSetSelector(namespace: string, name: string): LabelSelector | undefined | null;
  statefulSetSelector(namespace: string, name: string): LabelSelector | undefined | null;
  /**
   * Optional: a number that changes whenever any of the above may answer differently; with it
   * the plugin memoizes a controller's pods' selector (without it, computes it every cycle).
   */
  epoch?(): number;
}

/** The selector, or undefined when it would be empty. */
export function defaultSelector(pod: Pod, owners: SpreadOwners): LabelSelector | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  const labels = pod.metadata.labels ?? {};
  let set: Record<string, string> | undefined;
  // Services with a nil (here also: empty, which the API stores as absent) selector match nothing.
  for (const sel of owners.serviceSelectors(ns)) {
    if (!mapSelectorMatches(sel, labels)) continue;
    set = { ...(set ?? {}), ...sel };
  }
  let extra: LabelSelectorRequirement[] | undefined;
  const owner = pod.metadata.ownerReferences?.find((r) => r.controller === true);
  if (owner !== undefined) {
    if (owner.apiVersion === 'v1' && owner.kind === 'ReplicationController') {
      const rc = owners.replicationControllerSelector(ns, owner.name);
      if (rc !== null && rc !== undefined) set = { ...(set ?? {}), ...rc };
    } else if (owner.apiVersion === 'apps/v1' && (owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet')) {
      const sel = owner.kind === 'ReplicaSet'
        ? owners.replicaSetSelector(ns, owner.name) : owners.statefulSetSelector(ns, owner.name);
      // A nil selector is labels.Nothing(), whose Requirements() are not usable: nothing added;
      // an invalid one fails LabelSelectorAsSelector: nothing added either.
      if (sel !== null && sel !== undefined && isValidLabelSelector(sel)) extra = selectorRequirements(sel);
    }
  }
  const ml = set !== undefined && Object.keys(set).length > 0 ? set : undefined;
  if (ml === undefined && (extra === undefined || extra.length === 0)) return undefined;
  const out: LabelSelector = {};
  if (ml !== undefined) out.matchLabels = ml;
  if (extra !== undefined && extra.length > 0) out.matchExpressions = extra;
  return out;
}

/** A LabelSelector's requirements (matchLabels as `In [v]`), in upstream's sorted order (by key). */
export function selectorRequirements(sel: LabelSelector): LabelSelectorRequirement[] {
  const out: LabelSelectorRequirement[] = [];
  for (const k in sel.matchLabels ?? {}) out.push({ key: k, operator: 'In', values: [sel.matchLabels![k]!] });
  for (const r of sel.matchExpressions ?? []) out.push(r);
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A string naming the selector's meaning (same requirements ⇒ same key), for the count index. */
export function selectorKey(namespace: string, sel: LabelSelector): string {
  const ml = sel.matchLabels ?? {};
  const parts: string[] = Object.keys(ml).sort().map((k) => `${k}=${ml[k]}`);
  const ex = (sel.matchExpressions ?? []).map((r) => `${r.key} ${r.operator} ${[...(r.values ?? [])].sort().join(',')}`).sort();
  return `${namespace}\u0000${parts.join('\u0001')}\u0000${ex.join('\u0001')}`;
}
