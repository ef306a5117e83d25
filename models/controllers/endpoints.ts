// The endpoints controller: for every Service with a selector it keeps an Endpoints object
// (same name) listing the pods that may receive traffic, maintained incrementally from pod watch
// events — a pod joins when Ready and leaves when it stops being Ready, starts Terminating or is
// deleted (publishNotReadyAddresses keeps not-ready and terminating pods in, as upstream's
// shouldPodBeInEndpoints does). Services without a selector are backed by whatever Endpoints
// object the user applied (the book's external-backend), which this controller only reads.
//
// Scale: a pod event touches only the Services whose selector can match it, found through an
// index on one (key=value) pair of each selector; a pod's matching Services are cached per pod
// and recomputed only when its labels change. Nothing rescans all pods except a Service's own
// creation (as upstream's first sync of a new Service lists the namespace).

import type { ApiServer } from '../api/apiserver.js';
import type { EventRecorder } from '../api/events.js';
import { mapSelectorMatches } from '../api/policy/labels.js';
import { isPodReady, isPodTerminal } from '../api/policy/podutil.js';
import { keyOf, type ObjectStore, type WatchType } from '../api/store.js';
import { type Pod, hasSelector, type EndpointAddress, type EndpointPort, type Endpoints, type Service } from '../api/types.js';

/** The live endpoint set of one Service, as the traffic model reads it. */
export interface ServiceEndpoints {
  readonly key: string;
  service: Service;
  /** Pods that receive traffic, in the order they joined (deterministic). */
  readonly ready: Map<string, Pod>;
  /** Pods matched but not serving (not Ready, or Terminating). */
  readonly notReady: Map<string, Pod>;
  /** Addresses outside the cluster (selector-less Services backed by a user Endpoints object). */
  external: EndpointAddress[];
  /** True when the endpoints controller owns the Endpoints object. */
  readonly managed: boolean;
}

export type EndpointsListener = (eps: ServiceEndpoints) => void;

const CONTROLLER = 'endpoint-controller';

/** A stable pod IP derived from its UID (the kubelet does not model the CNI). */
export function podIPOf(pod: Pod): string {
  if (pod.status.podIP) return pod.status.podIP;
  const uid = pod.metadata.uid ?? '0';
  const n = parseInt(uid.slice(-8), 16) || 0;
  return `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

type Membership = 'ready' | 'notReady' | 'none';

interface PodCache {
  /** The pod's labels when `services` was computed, in their order (keys and values interleaved). */
  labels: string[];
  services: ServiceEndpoints[];
}

export class EndpointsController {
  private readonly byKey = new Map<string, ServiceEndpoints>();
  /**
   * namespace → label key → label value → services whose selector contains that pair (its
   * first key, sorted). Nested maps, so a pod's labels are looked up as they are: no
   * "namespace/key=value" string is built per label per pod.
   */
  private readonly index = new Map<string, Map<string, Map<string, Set<ServiceEndpoints>>>>();
  private readonly podCache = new Map<string, PodCache>();
  /**
   * The last match computed for a pod seen for the first time: pods of one template arrive in a
   * row (createInBatches) with the same namespace and labels, so the next one reuses its result
   * (same index, same selectors, hence the same Services in the same order). Dropped whenever the
   * index changes, exactly when podCache is. The entry's arrays are shared, never mutated.
   */
  private lastNew: { namespace: string; entry: PodCache } | undefined;
  private readonly listeners: EndpointsListener[] = [];
  /** Endpoints objects this controller wrote (so user-applied ones are told apart). */
  private readonly owned = new WeakSet<Endpoints>();

  private readonly store: ObjectStore;
  readonly events: EventRecorder;

  constructor(private readonly api: ApiServer) {
    const store = (this.store = api.store);
    this.events = api.events;
    store.watch<Service>('Service', (t, s) => this.onService(t, s));
    store.watch<Pod>('Pod', (t, p) => this.onPod(t, p));
    store.watch<Endpoints>('Endpoints', (t, e) => this.onEndpoints(t, e));
  }

  onChange(l: EndpointsListener): void {
    this.listeners.push(l);
  }

  get(key: string): ServiceEndpoints | undefined {
    return this.byKey.get(key);
  }

  services(): IterableIterator<ServiceEndpoints> {
    return this.byKey.values();
  }

  private emit(eps: ServiceEndpoints): void {
    for (const l of this.listeners) l(eps);
  }

  // ---- Services ------------------------------------------------------------------------------

  private onService(type: WatchType, svc: Service): void {
    const key = keyOf(svc);
    const old = this.byKey.get(key);
    if (type === 'DELETED') {
      if (!old || old.service !== svc) return;
      this.unindex(old);
      this.byKey.delete(key);
      const ep = this.store.get<Endpoints>('Endpoints', svc.metadata.namespace, svc.metadata.name);
      if (ep && this.owned.has(ep)) this.api.delete(ep);
      old.ready.clear();
      old.notReady.clear();
      this.emit(old);
      return;
    }
    if (old && old.service === svc && type === 'MODIFIED' && old.managed === hasSelector(svc)) {
      // Selector may have changed: rebuild this Service's membership from its namespace.
      this.unindex(old);
      this.byKey.delete(key);
    } else if (old) {
      this.unindex(old);
      this.byKey.delete(key);
    }
    const eps: ServiceEndpoints = { key, service: svc, ready: new Map(), notReady: new Map(), external: [], managed: hasSelector(svc) };
    this.byKey.set(key, eps);
    if (eps.managed) {
      this.indexService(eps);
      for (const pod of this.store.listInNamespace<Pod>('Pod', svc.metadata.namespace ?? 'default')) {
        if (!mapSelectorMatches(svc.spec.selector, pod.metadata.labels ?? {})) continue;
        this.podCache.delete(pod.metadata.uid!);
        const m = membership(pod, svc);
        if (m === 'ready') eps.ready.set(pod.metadata.uid!, pod);
        else if (m === 'notReady') eps.notReady.set(pod.metadata.uid!, pod);
      }
      this.writeEndpoints(eps);
    } else {
      const ep = this.store.get<Endpoints>('Endpoints', svc.metadata.namespace, svc.metadata.name);
      if (ep && !this.owned.has(ep)) eps.external = externalAddresses(ep);
    }
    this.emit(eps);
  }

  /** The (namespace, key, value) a Service is indexed under: its selector's first key, sorted. */
  private indexPair(eps: ServiceEndpoints): [string, string, string] {
    const sel = eps.service.spec.selector ?? {};
    const k = Object.keys(sel).sort()[0]!;
    return [eps.service.metadata.namespace ?? 'default', k, sel[k]!];
  }

  private indexService(eps: ServiceEndpoints): void {
    const [ns, k, v] = this.indexPair(eps);
    let byKey = this.index.get(ns);
    if (!byKey) this.index.set(ns, (byKey = new Map()));
    let byValue = byKey.get(k);
    if (!byValue) byKey.set(k, (byValue = new Map()));
    let set = byValue.get(v);
    if (!set) byValue.set(v, (set = new Set()));
    set.add(eps);
    // Pods' cached matches are stale for this namespace/pair: drop them lazily.
    this.podCache.clear();
    this.lastNew = undefined;
  }

  private unindex(eps: ServiceEndpoints): void {
    if (!eps.managed) return;
    const [ns, k, v] = this.indexPair(eps);
    this.index.get(ns)?.get(k)?.get(v)?.delete(eps);
    this.podCache.clear();
    this.lastNew = undefined;
  }

  // ---- Pods ----------------------------------------------------------------------------------

  private matchingServices(pod: Pod): ServiceEndpoints[] {
    const uid = pod.metadata.uid!;
    const labels = pod.metadata.labels ?? {};
    const cached = this.podCache.get(uid);
    // Compared in place, not through a signature string: this runs on every pod event.
    if (cached && sameLabels(cached.labels, labels)) return cached.services;
    const namespace = pod.metadata.namespace ?? 'default';
    const last = this.lastNew;
    if (!cached && last && last.namespace === namespace && sameLabels(last.entry.labels, labels)) {
      this.podCache.set(uid, last.entry);
      return last.entry.services;
    }
    const out: ServiceEndpoints[] = [];
    const byKey = this.index.get(namespace);
    if (byKey) {
      for (const k of Object.keys(labels)) {
        const set = byKey.get(k)?.get(labels[k]!);
        if (!set) continue;
        for (const eps of set) if (mapSelectorMatches(eps.service.spec.selector, labels)) out.push(eps);
      }
    }
    // Services that stopped matching (labels changed) must drop the pod.
    if (cached) for (const eps of cached.services) if (!out.includes(eps)) this.place(eps, pod, 'none');
    const entry: PodCache = { labels: labelList(labels), services: out };
    this.podCache.set(uid, entry);
    if (!cached) this.lastNew = { namespace, entry };
    return out;
  }

  private onPod(type: WatchType, pod: Pod): void {
    const uid = pod.metadata.uid;
    if (!uid) return;
    if (type === 'DELETED') {
      const cached = this.podCache.get(uid);
      this.podCache.delete(uid);
      const services = cached ? cached.services : this.matchingServicesUncached(pod);
      for (const eps of services) this.place(eps, pod, 'none');
      return;
    }
    for (const eps of this.matchingServices(pod)) this.place(eps, pod, membership(pod, eps.service));
  }

  private matchingServicesUncached(pod: Pod): ServiceEndpoints[] {
    const out: ServiceEndpoints[] = [];
    for (const eps of this.byKey.values()) if (eps.ready.has(pod.metadata.uid!) || eps.notReady.has(pod.metadata.uid!)) out.push(eps);
    return out;
  }

  private place(eps: ServiceEndpoints, pod: Pod, m: Membership): void {
    const uid = pod.metadata.uid!;
    const wasReady = eps.ready.has(uid);
    const wasNotReady = eps.notReady.has(uid);
    if ((m === 'ready' && wasReady) || (m === 'notReady' && wasNotReady) || (m === 'none' && !wasReady && !wasNotReady)) return;
    eps.ready.delete(uid);
    eps.notReady.delete(uid);
    if (m === 'ready') eps.ready.set(uid, pod);
    else if (m === 'notReady') eps.notReady.set(uid, pod);
    this.writeEndpoints(eps);
    this.emit(eps);
  }

  // ---- Endpoints objects ---------------------------------------------------------------------

  private writeEndpoints(eps: ServiceEndpoints): void {
    const svc = eps.service;
    const subsets = [];
    const first = eps.ready.values().next().value ?? eps.notReady.values().next().value;
    if (eps.ready.size + eps.notReady.size > 0) {
      const subset: { addresses?: EndpointAddress[]; notReadyAddresses?: EndpointAddress[]; ports: EndpointPort[] } = {
        ports: resolvePorts(svc, first),
      };
      if (eps.ready.size) subset.addresses = [...eps.ready.values()].map(address);
      if (eps.notReady.size) subset.notReadyAddresses = [...eps.notReady.values()].map(address);
      subsets.push(subset);
    }
    let ep = this.store.get<Endpoints>('Endpoints', svc.metadata.namespace, svc.metadata.name);
    if (ep && !this.owned.has(ep)) {
      // A user-applied Endpoints object for a selector Service: upstream overwrites it.
      this.owned.add(ep);
    }
    if (!ep) {
      ep = {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace ?? 'default', labels: { ...(svc.metadata.labels ?? {}) } },
        subsets,
      };
      this.owned.add(ep);
      this.api.create(ep);
      return;
    }
    ep.subsets = subsets;
    this.api.updateInPlace(ep);
  }

  private onEndpoints(type: WatchType, ep: Endpoints): void {
    if (this.owned.has(ep)) return;
    const eps = this.byKey.get(keyOf(ep));
    if (!eps || eps.managed) return;
    eps.external = type === 'DELETED' ? [] : externalAddresses(ep);
    this.emit(eps);
  }
}

/** Upstream shouldPodBeInEndpoints + readiness split, for the Endpoints (v1) API. */
export function membership(pod: Pod, svc: Service): Membership {
  if (isPodTerminal(pod) || !pod.spec.nodeName) return 'none';
  const publish = svc.spec.publishNotReadyAddresses === true;
  if (pod.metadata.deletionTimestamp !== undefined) return publish ? 'ready' : 'none';
  if (publish || isPodReady(pod)) return 'ready';
  return 'notReady';
}

function address(pod: Pod): EndpointAddress {
  const a: EndpointAddress = {
    ip: podIPOf(pod),
    targetRef: { kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace ?? 'default', uid: pod.metadata.uid! },
  };
  if (pod.spec.nodeName) a.nodeName = pod.spec.nodeName;
  return a;
}

/** Service ports → endpoint ports; a named targetPort is looked up in the first pod's containers. */
function resolvePorts(svc: Service, pod: Pod | undefined): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const p of svc.spec.ports ?? []) {
    let port: number | undefined;
    const tp = p.targetPort ?? p.port;
    if (typeof tp === 'number') port = tp;
    else if (/^\d+$/.test(tp)) port = Number(tp);
    else if (pod) {
      for (const c of pod.spec.containers) for (const cp of c.ports ?? []) if (cp.name === tp && port === undefined) port = cp.containerPort;
    }
    if (port === undefined) continue; // upstream drops a port no pod can resolve
    const ep: EndpointPort = { port, protocol: p.protocol ?? 'TCP' };
    if (p.name !== undefined) ep.name = p.name;
    out.push(ep);
  }
  return out;
}

function externalAddresses(ep: Endpoints): EndpointAddress[] {
  const out: EndpointAddress[] = [];
  for (const s of ep.subsets ?? []) for (const a of s.addresses ?? []) out.push(a);
  return out;
}

function labelList(labels: Record<string, string>): string[] {
  const out: string[] = [];
  for (const k in labels) out.push(k, labels[k]!);
  return out;
}

/** The same keys with the same values in the same order as when `list` was taken. */
function sameLabels(list: readonly string[], labels: Record<string, string>): boolean {
  let i = 0;
  for (const k in labels) {
    if (i >= list.length || list[i] !== k || list[i + 1] !== labels[k]) return false;
    i += 2;
  }
  return i === list.length;
}

export { CONTROLLER as ENDPOINTS_CONTROLLER };
