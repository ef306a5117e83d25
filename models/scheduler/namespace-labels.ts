// Namespace labels for InterPodAffinity's namespaceSelector, as the scheduler's namespace lister
// sees them: the Namespace object's labels plus `kubernetes.io/metadata.name`, which the API
// server sets on every namespace (also the ones, like `default`, no manifest creates). Cached
// per namespace; the cache is dropped when the scheduler's Namespace watch reports a change.
import type { ObjectStore } from '../api/store.js';
import type { KObject } from '../api/types.js';

export class NamespaceLabelCache {
  private readonly cache = new Map<string, Readonly<Record<string, string>>>();
  readonly lookup = (ns: string): Readonly<Record<string, string>> => {
    let l = this.cache.get(ns);
    if (l === undefined) {
      const obj = this.store.get<KObject>('Namespace', undefined, ns);
      l = { ...(obj?.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns };
      this.cache.set(ns, l);
    }
    return l;
  };

  constructor(private readonly store: ObjectStore) {
    store.watch<KObject>('Namespace', () => this.cache.clear());
  }
}
