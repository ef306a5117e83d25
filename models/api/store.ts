// The object store plays the API server: create/update/delete, lookups by owner and by
// namespace, and watch notifications delivered to controllers as kernel events after a
// configurable informer latency. Objects are mutated in place by their single writer
// (a controller, the kubelet, the scheduler); `update` only announces the change.

import type { Simulation, Millis } from '../../sim/index.js';
import type { KObject } from './types.js';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type WatchHandler<T extends KObject = KObject> = (type: WatchType, obj: T) => void;

interface PendingNotification {
  /** The kind's watch handlers: the store's own array, so a handler added meanwhile still hears it. */
  handlers: WatchHandler[];
  type: WatchType;
  obj: KObject;
}

/**
 * The order a list comes back from the API server in: namespace, then name (etcd's key order;
 * byte order, names being ASCII). kubectl prints and acts on listed objects in it.
 */
export function listOrder(a: KObject, b: KObject): number {
  const na = a.metadata.namespace ?? '';
  const nb = b.metadata.namespace ?? '';
  if (na !== nb) return na < nb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

export class StoreError extends Error {}

/** Key of a namespaced object within its kind. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export function keyOf(obj: KObject): string {
  return objectKey(obj.metadata.namespace, obj.metadata.name);
}

// Defined in policy/ (pure); re-exported here for the store's many callers.
export { controllerRef } from './policy/controller-ref.js';

// The delivery carries the handler list it was posted for: no second lookup by kind per
// delivered change (several per pod at start-up).
const deliver = (n: PendingNotification) => {
  for (const h of n.handlers) h(n.type, n.obj);
};

export class ObjectStore {
  private readonly byKind = new Map<string, Map<string, KObject>>();
  private readonly byUid = new Map<string, KObject>();
  /** owner uid → dependents (any kind), for garbage collection and controller lookups. */
  private readonly dependents = new Map<string, Set<KObject>>();
  private readonly watchers = new Map<string, WatchHandler[]>();
  /** Synchronous observers (reports): they see every change at the instant it happens. */
  private readonly observers = new Map<string, WatchHandler[]>();
  private uidCounter = 0;
  private resourceVersion = 0;

  constructor(
    private readonly sim: Simulation,
    /** Informer latency of watch deliveries (read by the HPA to know its timers can share events). */
    readonly watchLatency: Millis = 0,
  ) {}

  get now(): Millis {
    return this.sim.now;
  }

  /** Deterministic UIDs: ordering by UID (upstream tie-breaks) stays reproducible. */
  private nextUid(): string {
    this.uidCounter++;
    return `00000000-0000-4000-8000-${this.uidCounter.toString(16).padStart(12, '0')}`;
  }

  private kindMap(kind: string): Map<string, KObject> {
    let m = this.byKind.get(kind);
    if (!m) {
      m = new Map();
      this.byKind.set(kind, m);
    }
    return m;
  }

  watch<T extends KObject>(kind: string, handler: WatchHandler<T>): void {
    let list = this.watchers.get(kind);
    if (!list) {
      list = [];
      this.watchers.set(kind, list);
    }
    list.push(handler as unknown as WatchHandler);
  }

  /** Observe changes synchronously, without informer latency. For recorders only. */
  observe<T extends KObject>(kind: string, handler: WatchHandler<T>): void {
    let list = this.observers.get(kind);
    if (!list) {
      list = [];
      this.observers.set(kind, list);
    }
    list.push(handler as unknown as WatchHandler);
  }

  /** @internal called by the kernel event that carries a notification. */
  dispatch(type: WatchType, obj: KObject): void {
    const list = this.watchers.get(obj.kind);
    if (!list) return;
    for (const h of list) h(type, obj);
  }

  private notify(type: WatchType, obj: KObject): void {
    const obs = this.observers.get(obj.kind);
    if (obs) for (const h of obs) h(type, obj);
    const handlers = this.watchers.get(obj.kind);
    if (!handlers) return;
    this.sim.postAfter(this.watchLatency, deliver, { handlers, type, obj });
  }

  exists(kind: string, namespace: string | undefined, name: string): boolean {
    return this.kindMap(kind).has(objectKey(namespace, name));
  }

  get<T extends KObject>(kind: string, namespace: string | undefined, name: string): T | undefined {
    return this.kindMap(kind).get(objectKey(namespace, name)) as T | undefined;
  }

  /**
   * The object whose key (objectKey: "namespace/name", or "name") is `key`: get() without
   * splitting the key and building it again (a work queue's keys are looked up on every sync).
   */
  getByKey<T extends KObject>(kind: string, key: string): T | undefined {
    return this.kindMap(kind).get(key) as T | undefined;
  }

  getByUid<T extends KObject>(uid: string): T | undefined {
    return this.byUid.get(uid) as T | undefined;
  }

  /** All objects of a kind, in creation order (Map insertion order). */
  list<T extends KObject>(kind: string): IterableIterator<T> {
    return this.kindMap(kind).values() as IterableIterator<T>;
  }

  count(kind: string): number {
    return this.kindMap(kind).size;
  }

  listInNamespace<T extends KObject>(kind: string, namespace: string): T[] {
    const out: T[] = [];
    for (const o of this.kindMap(kind).values()) if (o.metadata.namespace === namespace) out.push(o as T);
    return out;
  }

  /** Dependents of an owner (objects whose ownerReferences name its uid). */
  dependentsOf(ownerUid: string): ReadonlySet<KObject> {
    return this.dependents.get(ownerUid) ?? EMPTY;
  }

  create<T extends KObject>(obj: T): T {
    const map = this.kindMap(obj.kind);
    const key = keyOf(obj);
    if (map.has(key)) throw new StoreError(`${obj.kind.toLowerCase()}s "${obj.metadata.name}" already exists`);
    const meta = obj.metadata;
    meta.uid = this.nextUid();
    meta.creationTimestamp = this.sim.now;
    meta.resourceVersion = ++this.resourceVersion;
    if (meta.generation === undefined) meta.generation = 1;
    map.set(key, obj);
    this.byUid.set(meta.uid, obj);
    this.indexOwners(obj);
    this.notify('ADDED', obj);
    return obj;
  }

  /** Announce an in-place change. `specChanged` bumps metadata.generation as the API server does. */
  update(obj: KObject, specChanged = false): void {
    const meta = obj.metadata;
    meta.resourceVersion = ++this.resourceVersion;
    if (specChanged) meta.generation = (meta.generation ?? 0) + 1;
    this.notify('MODIFIED', obj);
  }

  /** Replace an object's ownerReferences, keeping the owner index right. */
  setOwnerReferences(obj: KObject, refs: KObject['metadata']['ownerReferences']): void {
    this.unindexOwners(obj);
    if (refs && refs.length) obj.metadata.ownerReferences = refs;
    else delete obj.metadata.ownerReferences;
    this.indexOwners(obj);
    this.update(obj);
  }

  /** Remove the object now (the end of any graceful deletion). */
  remove(obj: KObject): void {
    const map = this.kindMap(obj.kind);
    const key = keyOf(obj);
    if (map.get(key) !== obj) return;
    map.delete(key);
    if (obj.metadata.uid) this.byUid.delete(obj.metadata.uid);
    this.unindexOwners(obj);
    this.notify('DELETED', obj);
  }

  private indexOwners(obj: KObject): void {
    const refs = obj.metadata.ownerReferences;
    if (!refs) return;
    for (const r of refs) {
      let set = this.dependents.get(r.uid);
      if (!set) {
        set = new Set();
        this.dependents.set(r.uid, set);
      }
      set.add(obj);
    }
  }

  private unindexOwners(obj: KObject): void {
    const refs = obj.metadata.ownerReferences;
    if (!refs) return;
    for (const r of refs) {
      const set = this.dependents.get(r.uid);
      if (!set) continue;
      set.delete(obj);
      if (set.size === 0) this.dependents.delete(r.uid);
    }
  }
}

const EMPTY: ReadonlySet<KObject> = new Set();
