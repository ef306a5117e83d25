// The scheduler's listers for PodTopologySpread's DefaultSelector: Service selectors per namespace
// (cached; the cache is dropped when the scheduler's Service watch reports a change, as an
// informer's lister would change), and ReplicationController / ReplicaSet / StatefulSet selectors
// read by name from the store.
import type { ObjectStore } from '../api/store.js';
import type { LabelSelector, ReplicaSet, ReplicationController, Service, StatefulSet } from '../api/types.js';
import type { SpreadOwners } from './policy/plugins/default-selector.js';

export class StoreSpreadOwners implements SpreadOwners {
  private readonly services = new Map<string, (Record<string, string> | undefined)[]>();
  private version = 0;

  constructor(private readonly store: ObjectStore) {
    store.watch<Service>('Service', () => { this.services.clear(); this.version++; });
    // Controllers' selectors are immutable, but one may be created or deleted under the same name.
    for (const kind of ['ReplicaSet', 'StatefulSet', 'ReplicationController']) {
      store.watch(kind, (type) => { if (type !== 'MODIFIED' || kind === 'ReplicationController') this.version++; });
    }
  }

  epoch(): number { return this.version; }

  serviceSelectors(namespace: string): Iterable<Record<string, string> | undefined> {
    let list = this.services.get(namespace);
    if (list === undefined) {
      list = this.store.listInNamespace<Service>('Service', namespace).map((s) => s.spec?.selector);
      this.services.set(namespace, list);
    }
    return list;
  }

  replicationControllerSelector(namespace: string, name: string): Record<string, string> | undefined | null {
    const rc = this.store.get<ReplicationController>('ReplicationController', namespace, name);
    return rc === undefined ? null : rc.spec.selector;
  }

  replicaSetSelector(namespace: string, name: string): LabelSelector | undefined | null {
    const rs = this.store.get<ReplicaSet>('ReplicaSet', namespace, name);
    return rs === undefined ? null : rs.spec.selector;
  }

  statefulSetSelector(namespace: string, name: string): LabelSelector | undefined | null {
    const ss = this.store.get<StatefulSet>('StatefulSet', namespace, name);
    return ss === undefined ? null : ss.spec.selector;
  }
}
