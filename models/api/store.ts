// The object store plays the API server: create/update/delete, lookups by owner and by
// namespace, and watch notifications delivered to controllers as kernel events after a
// configurable informer latency. Objects are mutated in place by their single writer
// (a controller, the kubelet, the scheduler); `update` only announces the change.

import type { Simulation, Millis } from '../../sim/index.js';
import type { KObject } from './types.js';

export type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type WatchHandler<T extends KObject = KObject> = (type: WatchType, obj: T) => void;

/**
 * The watch deliveries due at one instant that were announced one after another with no other
 * event scheduled in between (a ReplicaSet sync's slow-start batch of creates, a scheduler wake's
 * binds): posted as one kernel event. Run back to back they are exactly what one event per change
 * ran (same instant, same order, nothing could run between them), without a kernel entry and an
 * object per change. Flat triples in announcement order: the kind's handler array (the store's
 * own, so a handler added meanwhile still hears it), the change's type, the object.
 */
class Delivery {
  readonly entries: Array<WatchHandler[] | WatchType | KObject> = [];
  /** Still taking changes: false once the kernel runs it (later changes go to a new delivery). */
  open = true;
  constructor(readonly time: Millis) {}
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

// The delivery carries each change's handler list: no second lookup by kind per delivered change.
const deliver = (d: Delivery) => {
  d.open = false;
  const e = d.entries;
  for (let i = 0; i < e.length; i += 3) {
    const handlers = e[i] as WatchHandler[], type = e[i + 1] as WatchType, obj = e[i + 2] as KObject;
    for (const h of handlers) h(type, obj);
  }
};

/**
 * One kind's objects and listeners, found with a single map lookup per store call (the kind's
 * watchers and observers used to be two more lookups per change).
 */
class KindTable {
  /** objectKey → object, in creation order: list(), getByKey(). */
  readonly byKey = new Map<string, KObject>();
  /**
   * namespace ('' when cluster-scoped, as objectKey folds it) → name → object, same order:
   * get()/exists() without building a "namespace/name" string per call (two lookups on strings
   * whose hashes are already cached cost less than a concatenation, its hash and one lookup), and
   * listInNamespace() without a scan of the whole kind.
   */
  readonly byNamespace = new Map<string, Map<string, KObject>>();
  /** Watch handlers, in registration order; undefined until the first watch (then nothing is posted). */
  watchers: WatchHandler[] | undefined = undefined;
  /** Synchronous observers (reports), in registration order: they see every change as it happens. */
  observers: WatchHandler[] | undefined = undefined;
  /** Changes (ADDED, MODIFIED, DELETED) of this kind so far: writeCount(). */
  writes = 0;

  named(namespace: string | undefined, name: string): KObject | undefined {
    return this.byNamespace.get(namespace || '')?.get(name);
  }
}

export class ObjectStore {
  private readonly kinds = new Map<string, KindTable>();
  private readonly byUid = new Map<string, KObject>();
  /** owner uid → dependents (any kind), for garbage collection and controller lookups. */
  private readonly dependents = new Map<string, Set<KObject>>();
  private uidCounter = 0;
  private resourceVersion = 0;
  /** Changes of every kind so far (removals included, which bump no resourceVersion): changeCount(). */
  private changes = 0;
  /** The delivery posted last, and the kernel's scheduled count right after posting it. */
  private lastDelivery: Delivery | undefined = undefined;
  private lastDeliveryScheduled = -1;

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

  private table(kind: string): KindTable {
    let t = this.kinds.get(kind);
    if (!t) {
      t = new KindTable();
      this.kinds.set(kind, t);
    }
    return t;
  }

  watch<T extends KObject>(kind: string, handler: WatchHandler<T>): void {
    const t = this.table(kind);
    (t.watchers ??= []).push(handler as unknown as WatchHandler);
  }

  /** Observe changes synchronously, without informer latency. For recorders only. */
  observe<T extends KObject>(kind: string, handler: WatchHandler<T>): void {
    const t = this.table(kind);
    (t.observers ??= []).push(handler as unknown as WatchHandler);
  }

  /**
   * Observers now, in registration order; then the watchers after the informer latency. The change
   * joins the last delivery when that is still the latest event the kernel was given and is due
   * at the same instant (so nothing could run between the two); otherwise it starts a new one.
   */
  private notify(t: KindTable, type: WatchType, obj: KObject): void {
    t.writes++;
    this.changes++;
    const obs = t.observers;
    if (obs) for (const h of obs) h(type, obj);
    const handlers = t.watchers;
    if (!handlers) return;
    const sim = this.sim;
    const due = sim.now + this.watchLatency;
    let d = this.lastDelivery;
    if (d === undefined || !d.open || d.time !== due || sim.scheduledCount !== this.lastDeliveryScheduled) {
      d = new Delivery(due);
      sim.postAfter(this.watchLatency, deliver, d);
      this.lastDelivery = d;
      this.lastDeliveryScheduled = sim.scheduledCount;
    }
    d.entries.push(handlers, type, obj);
  }

  /**
   * How many changes (creates, updates, removals) objects of `kind` have had: equal counts at two
   * instants mean no object of the kind was written in between (a controller's "inputs unchanged").
   */
  writeCount(kind: string): number {
    return this.kinds.get(kind)?.writes ?? 0;
  }

  /** How many changes objects of every kind have had (writeCount summed over the kinds). */
  changeCount(): number {
    return this.changes;
  }

  exists(kind: string, namespace: string | undefined, name: string): boolean {
    return this.kinds.get(kind)?.named(namespace, name) !== undefined;
  }

  get<T extends KObject>(kind: string, namespace: string | undefined, name: string): T | undefined {
    return this.kinds.get(kind)?.named(namespace, name) as T | undefined;
  }

  /**
   * The object whose key (objectKey: "namespace/name", or "name") is `key`: get() without
   * splitting the key and building it again (a work queue's keys are looked up on every sync).
   */
  getByKey<T extends KObject>(kind: string, key: string): T | undefined {
    return this.kinds.get(kind)?.byKey.get(key) as T | undefined;
  }

  getByUid<T extends KObject>(uid: string): T | undefined {
    return this.byUid.get(uid) as T | undefined;
  }

  /** All objects of a kind, in creation order (Map insertion order). */
  list<T extends KObject>(kind: string): IterableIterator<T> {
    return this.table(kind).byKey.values() as IterableIterator<T>;
  }

  count(kind: string): number {
    return this.kinds.get(kind)?.byKey.size ?? 0;
  }

  listInNamespace<T extends KObject>(kind: string, namespace: string): T[] {
    // The namespace's own map keeps creation order, as the scan of the whole kind did.
    const names = this.kinds.get(kind)?.byNamespace.get(namespace);
    return names ? ([...names.values()] as T[]) : [];
  }

  /** Dependents of an owner (objects whose ownerReferences name its uid). */
  dependentsOf(ownerUid: string): ReadonlySet<KObject> {
    return this.dependents.get(ownerUid) ?? EMPTY;
  }

  create<T extends KObject>(obj: T): T {
    const t = this.table(obj.kind);
    const meta = obj.metadata;
    const namespace = meta.namespace || '';
    let names = t.byNamespace.get(namespace);
    if (names?.has(meta.name)) throw new StoreError(`${obj.kind.toLowerCase()}s "${meta.name}" already exists`);
    meta.uid = this.nextUid();
    meta.creationTimestamp = this.sim.now;
    meta.resourceVersion = ++this.resourceVersion;
    if (meta.generation === undefined) meta.generation = 1;
    if (!names) {
      names = new Map();
      t.byNamespace.set(namespace, names);
    }
    names.set(meta.name, obj);
    t.byKey.set(objectKey(namespace, meta.name), obj);
    this.byUid.set(meta.uid, obj);
    this.indexOwners(obj);
    this.notify(t, 'ADDED', obj);
    return obj;
  }

  /** Announce an in-place change. `specChanged` bumps metadata.generation as the API server does. */
  update(obj: KObject, specChanged = false): void {
    const meta = obj.metadata;
    meta.resourceVersion = ++this.resourceVersion;
    if (specChanged) meta.generation = (meta.generation ?? 0) + 1;
    this.notify(this.table(obj.kind), 'MODIFIED', obj);
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
    const t = this.kinds.get(obj.kind);
    if (!t) return;
    const meta = obj.metadata;
    const namespace = meta.namespace || '';
    const names = t.byNamespace.get(namespace);
    if (names?.get(meta.name) !== obj) return;
    names.delete(meta.name);
    // An emptied namespace keeps its (empty) map: namespaces are few and are reused.
    t.byKey.delete(objectKey(namespace, meta.name));
    if (meta.uid) this.byUid.delete(meta.uid);
    this.unindexOwners(obj);
    this.notify(t, 'DELETED', obj);
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
