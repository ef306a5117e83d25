// An informer-style index of objects without a controller ownerReference, per namespace,
// so controllers find adoption candidates without scanning every object of the namespace.

import { controllerRef, type ObjectStore } from '../api/store.js';
import type { KObject } from '../api/types.js';

export class OrphanIndex<T extends KObject = KObject> {
  private readonly byNamespace = new Map<string, Set<T>>();

  constructor(store: ObjectStore, kind: string) {
    store.observe<T>(kind, (type, obj) => {
      const ns = obj.metadata.namespace ?? 'default';
      let set = this.byNamespace.get(ns);
      const orphan = type !== 'DELETED' && controllerRef(obj) === undefined && obj.metadata.deletionTimestamp === undefined;
      if (orphan) {
        if (!set) {
          set = new Set();
          this.byNamespace.set(ns, set);
        }
        set.add(obj);
      } else if (set) {
        set.delete(obj);
      }
    });
  }

  /** Orphans of a namespace, in the order they became orphans. A copy: callers may adopt. */
  inNamespace(namespace: string): T[] {
    const set = this.byNamespace.get(namespace);
    return set ? [...set] : [];
  }
}
