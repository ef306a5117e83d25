// What a controller owns, found through controller references (the ownerReference with
// controller: true), as upstream controllers find their pods through the controllerRef (the
// informers' controller-UID index, ControllerRefManager). The store's dependents index holds
// every owner reference; these keep only the controller's, so a plain (non-controller) owner
// reference never makes a pod count as a ReplicaSet's replica.

import { selectorMatches } from '../api/policy/labels.js';
import { controllerRef, keyOf, objectKey, type ObjectStore } from '../api/store.js';
import type { KObject, LabelSelector, Pod, ReplicaSet } from '../api/types.js';

/** Objects of `kind` whose controller is the object with `ownerUid`, in the store's dependents order. */
export function controlledBy<T extends KObject>(store: ObjectStore, ownerUid: string, kind: string): T[] {
  const out: T[] = [];
  for (const o of store.dependentsOf(ownerUid)) if (o.kind === kind && controllerRef(o)?.uid === ownerUid) out.push(o as T);
  return out;
}

/** Pods whose controller is the object with `ownerUid` (a ReplicaSet, Job, DaemonSet, StatefulSet). */
export function ownedPods(store: ObjectStore, ownerUid: string): Pod[] {
  return controlledBy<Pod>(store, ownerUid, 'Pod');
}

/**
 * Deployment → ReplicaSets → Pods: the pods of every ReplicaSet the object with `deploymentUid`
 * controls (all of a Deployment's revisions), ReplicaSet by ReplicaSet.
 */
export function podsOfDeployment(store: ObjectStore, deploymentUid: string): Pod[] {
  const out: Pod[] = [];
  for (const rs of controlledBy<ReplicaSet>(store, deploymentUid, 'ReplicaSet')) {
    for (const p of ownedPods(store, rs.metadata.uid!)) out.push(p);
  }
  return out;
}

/** What the enqueue helpers need of a work queue. */
export interface KeyQueue {
  add(key: string): void;
}

/**
 * A child changed: queue its controller when that is of `ownerKind` (resolveControllerRef, in
 * every controller's pod handlers). Returns whether the child has a controller at all.
 */
export function enqueueController(queue: KeyQueue, child: KObject, ownerKind: string): boolean {
  const ref = controllerRef(child);
  if (ref?.kind === ownerKind) queue.add(objectKey(child.metadata.namespace, ref.name));
  return ref !== undefined;
}

/**
 * enqueueController, and for an orphan every `ownerKind` object of its namespace whose selector
 * matches its labels, since one of them may adopt it (the ReplicaSet and Deployment controllers:
 * getPodReplicaSets, getReplicaSetsForDeployment). A child with a controller of another kind
 * queues nothing.
 */
export function enqueueOwners(
  store: ObjectStore,
  queue: KeyQueue,
  child: KObject,
  ownerKind: string,
  /** The owner's selector, when it is not a LabelSelector at spec.selector (ReplicationController). */
  selectorOf?: (owner: unknown) => LabelSelector | undefined,
): void {
  if (enqueueController(queue, child, ownerKind)) return;
  const labels = child.metadata.labels ?? {};
  for (const owner of store.listInNamespace<KObject & { spec: { selector?: LabelSelector } }>(ownerKind, child.metadata.namespace ?? 'default')) {
    const selector = selectorOf ? selectorOf(owner) : owner.spec.selector;
    if (selector && selectorMatches(selector, labels)) queue.add(keyOf(owner));
  }
}
