// ControllerRefManager.ClaimObject over one owner's candidates, shared by the ReplicaSet
// controller (claiming pods) and the Deployment controller (claiming ReplicaSets).

import { selectorMatches } from '../api/policy/labels.js';
import { claimDecision } from './policy/replicaset.js';
import type { ApiServer } from '../api/apiserver.js';
import { controlledBy } from './owned.js';
import type { KObject, LabelSelector } from '../api/types.js';
import type { OrphanIndex } from './orphans.js';
import { ownerRefTo } from './pod-template.js';

/**
 * Keeps the owner's `kind` dependents whose labels still match `selector`, releases those that
 * stopped matching, and adopts matching orphans of the owner's namespace (in orphan order).
 * Returns the claimed objects: owned ones first, in dependents order, then the adopted ones.
 */
export function claimObjects<T extends KObject>(
  api: ApiServer,
  owner: KObject,
  selector: LabelSelector | undefined,
  kind: string,
  orphans: OrphanIndex<T>,
): T[] {
  const uid = owner.metadata.uid!;
  const who = { uid, namespace: owner.metadata.namespace, deleting: owner.metadata.deletionTimestamp !== undefined };
  // controlledBy returns a copy (releasing an object edits the dependents index); the kept
  // objects are compacted into it, and one candidate record is reused: this runs for every
  // owned pod on every ReplicaSet sync.
  const claimed = controlledBy<T>(api.store, uid, kind);
  const cand = { controllerUID: uid, namespace: undefined as string | undefined, deleting: false, matches: false };
  let kept = 0;
  for (let i = 0; i < claimed.length; i++) {
    const obj = claimed[i]!;
    cand.namespace = obj.metadata.namespace;
    cand.deleting = obj.metadata.deletionTimestamp !== undefined;
    cand.matches = selectorMatches(selector, obj.metadata.labels);
    if (claimDecision(who, cand) === 'release') {
      api.setOwnerReferences(obj, obj.metadata.ownerReferences?.filter((r) => r.uid !== uid));
      continue;
    }
    claimed[kept++] = obj;
  }
  claimed.length = kept;
  for (const obj of orphans.inNamespace(owner.metadata.namespace ?? 'default')) {
    const decision = claimDecision(who, {
      namespace: obj.metadata.namespace,
      deleting: obj.metadata.deletionTimestamp !== undefined,
      matches: selectorMatches(selector, obj.metadata.labels),
    });
    if (decision !== 'adopt') continue;
    api.setOwnerReferences(obj, [...(obj.metadata.ownerReferences ?? []), ownerRefTo(owner)]);
    claimed.push(obj);
  }
  return claimed;
}
