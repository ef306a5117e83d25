// Matching-pod counts per (namespace, label selector), kept incrementally by the SchedulerCache,
// for PodTopologySpread's default constraints. Nearly every pod (owned by a ReplicaSet behind a
// Service) gets default spreading, so recounting the pods of all nodes per cycle (upstream's
// PreScore does) would make each cycle O(all pods); instead each selector asked for once gets a
// counter that the cache updates on every pod add/remove.
// Counts are typed arrays read by the score loop without hashing: per node by its cache slot
// (NodeInfo.slot; shifted when a node is removed), and per domain of each topology key asked for
// (`domains(key)` interns the key's values; a node without the key is in a MISSING domain, which
// counts as '' — upstream's `node.Labels[key]` lookup gives '' — but scores nothing). Terminating pods are not counted (upstream
// countPodsMatchSelector skips them).
import type { LabelSelector } from '../../api/types.js';
import { selectorMatches, type Labels } from '../../api/policy/labels.js';

/** What the index reads of a cached node and pod (structural: node-info.ts holds the index). */
interface NodeInfo { readonly labels: Labels; readonly pods: readonly PodInfo[]; readonly slot: number }
interface PodInfo { readonly terminating: boolean; readonly namespace: string; readonly labels: Labels }

/** The domain of nodes without the key (kept apart from an explicit '' value, which Score treats differently). */
export const MISSING = '\u0000missing';

/** One topology key's domains: value ↔ id, and each node slot's domain id. */
export class Domains {
  readonly ids = new Map<string, number>();
  readonly values: string[] = [];
  bySlot: Int32Array = new Int32Array(16);
  constructor(readonly key: string) {}

  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) { id = this.values.length; this.ids.set(value, id); this.values.push(value); }
    return id;
  }

  set(slot: number, labels: Labels): void {
    if (slot >= this.bySlot.length) this.bySlot = grow(this.bySlot, slot + 1);
    this.bySlot[slot] = this.id(labels[this.key] ?? MISSING);
  }
}

export class SpreadCounts {
  /** Matching pods per node slot. */
  perSlot: Int32Array;
  /** Per topology key asked for: matching pods per domain id. */
  readonly byDomain = new Map<Domains, Int32Array>();
  total = 0;
  /** `numSlots`: the cache's node count, so filling the counter does not grow perSlot step by step. */
  constructor(readonly namespace: string, readonly selector: LabelSelector, readonly id: string, numSlots = 0) {
    this.perSlot = new Int32Array(Math.max(16, numSlots));
  }

  matches(pi: PodInfo): boolean {
    return !pi.terminating && pi.namespace === this.namespace && selectorMatches(this.selector, pi.labels);
  }

  /** Matching pods per domain of `d` (built from perSlot the first time). */
  domainCounts(d: Domains, numSlots: number): Int32Array {
    let a = this.byDomain.get(d);
    if (a === undefined) {
      a = new Int32Array(Math.max(16, d.values.length));
      for (let s = 0; s < numSlots; s++) {
        const c = this.perSlot[s] ?? 0;
        if (c !== 0) a[d.bySlot[s]!]! += c;
      }
      this.byDomain.set(d, a);
    } else if (a.length < d.values.length) {
      a = grow(a, d.values.length);
      this.byDomain.set(d, a);
    }
    return a;
  }

  add(slot: number, by: number): void {
    if (slot >= this.perSlot.length) this.perSlot = grow(this.perSlot, slot + 1);
    this.perSlot[slot]! += by;
    this.total += by;
    for (const [d, a] of this.byDomain) {
      const id = d.bySlot[slot]!;
      let arr = a;
      if (id >= arr.length) { arr = grow(arr, id + 1); this.byDomain.set(d, arr); }
      arr[id]! += by;
    }
  }
}

/**
 * More counters than this and the empty ones are dropped (a rollout leaves old selectors behind).
 * After a drop the next one waits until the count has doubled, so a cluster with more live
 * selectors than this does not rescan them all for every new one (amortised O(1) per counter).
 */
export const MAX_COUNTERS = 1024;

export class SpreadIndex {
  private readonly counters = new Map<string, SpreadCounts>();
  /** Counters held before the next dropEmpty. */
  private dropAt = MAX_COUNTERS;
  /** namespace → label key → label value → counters whose selector requires key=value. */
  private readonly anchored = new Map<string, Map<string, Map<string, SpreadCounts[]>>>();
  /** namespace → counters with no matchLabels (checked against every pod of the namespace). */
  private readonly unanchored = new Map<string, SpreadCounts[]>();
  private readonly domainsByKey = new Map<string, Domains>();
  /**
   * For each label key some counter anchors on: namespace → value → the cached pods with that
   * label and their nodes, so a new counter counts only its candidates instead of every pod.
   */
  private readonly byLabel = new Map<string, Map<string, Map<string, Map<PodInfo, NodeInfo>>>>();

  get size(): number { return this.counters.size; }

  /** The domains of `key` over the cache's nodes (kept up to date from then on). */
  domains(key: string, nodes: readonly NodeInfo[]): Domains {
    let d = this.domainsByKey.get(key);
    if (d === undefined) {
      d = new Domains(key);
      for (const ni of nodes) d.set(ni.slot, ni.labels);
      this.domainsByKey.set(key, d);
    }
    return d;
  }

  /** The counter for this selector, created if new (counting the pods that carry its anchor label). */
  counter(namespace: string, selector: LabelSelector, id: string, nodes: readonly NodeInfo[]): SpreadCounts {
    const have = this.counters.get(id);
    if (have !== undefined) return have;
    if (this.counters.size >= this.dropAt) {
      this.dropEmpty();
      this.dropAt = Math.max(MAX_COUNTERS, 2 * this.counters.size);
    }
    const c = new SpreadCounts(namespace, selector, id, nodes.length);
    const anchor = anchorOf(selector);
    if (anchor === undefined) {
      for (const ni of nodes) {
        let n = 0;
        for (const p of ni.pods) if (c.matches(p)) n++;
        if (n > 0) c.add(ni.slot, n);
      }
      push(this.unanchored, namespace).push(c);
    } else {
      const [k, v] = anchor;
      let byNs = this.byLabel.get(k);
      if (byNs === undefined) {
        // first counter anchored on this key: index the cached pods by it, once
        this.byLabel.set(k, (byNs = new Map()));
        for (const ni of nodes) for (const p of ni.pods) if (k in p.labels) labelled(byNs, p.namespace, p.labels[k]!).set(p, ni);
      }
      const cands = byNs.get(namespace)?.get(v);
      if (cands !== undefined) for (const [p, ni] of cands) if (c.matches(p)) c.add(ni.slot, 1);
      let byKey = this.anchored.get(namespace);
      if (!byKey) this.anchored.set(namespace, (byKey = new Map()));
      push(push2(byKey, k), v).push(c);
    }
    this.counters.set(id, c);
    return c;
  }

  /** A pod was added to (+1) or removed from (−1) a node. */
  onPod(pi: PodInfo, ni: NodeInfo, by: 1 | -1): void {
    if (this.byLabel.size !== 0) {
      for (const k in pi.labels) {
        const byNs = this.byLabel.get(k);
        if (byNs === undefined) continue;
        const m = labelled(byNs, pi.namespace, pi.labels[k]!);
        if (by === 1) m.set(pi, ni); else m.delete(pi);
      }
    }
    if (pi.terminating) return;
    const byKey = this.anchored.get(pi.namespace);
    if (byKey !== undefined) {
      const labels = pi.labels;
      for (const k in labels) {
        const list = byKey.get(k)?.get(labels[k]!);
        if (list !== undefined) for (const c of list) if (c.matches(pi)) c.add(ni.slot, by);
      }
    }
    const un = this.unanchored.get(pi.namespace);
    if (un !== undefined) for (const c of un) if (c.matches(pi)) c.add(ni.slot, by);
  }

  /** A node was added at `ni.slot` (the last slot). */
  onNodeAdded(ni: NodeInfo): void {
    for (const d of this.domainsByKey.values()) d.set(ni.slot, ni.labels);
  }

  /** A node's labels changed: its counts move between domains. */
  onNodeLabels(ni: NodeInfo): void {
    for (const d of this.domainsByKey.values()) {
      const was = d.bySlot[ni.slot]!;
      d.set(ni.slot, ni.labels);
      const now = d.bySlot[ni.slot]!;
      if (was === now) continue;
      for (const c of this.counters.values()) {
        const n = c.perSlot[ni.slot] ?? 0;
        const a = c.byDomain.get(d);
        if (n === 0 || a === undefined) continue;
        a[was]! -= n;
        c.add(ni.slot, 0); // grows the domain array if `now` is new
        c.byDomain.get(d)![now]! += n;
      }
    }
  }

  /** The node at `slot` (already without pods) was removed; the slots after it moved down by one. */
  onNodeRemoved(slot: number, numSlotsBefore: number): void {
    for (const c of this.counters.values()) shift(c.perSlot, slot, numSlotsBefore);
    for (const d of this.domainsByKey.values()) shift(d.bySlot, slot, numSlotsBefore);
  }

  private dropEmpty(): void {
    for (const [id, c] of this.counters) {
      if (c.total !== 0) continue;
      this.counters.delete(id);
      const anchor = anchorOf(c.selector);
      const list = anchor === undefined ? this.unanchored.get(c.namespace)
        : this.anchored.get(c.namespace)?.get(anchor[0])?.get(anchor[1]);
      if (list) list.splice(list.indexOf(c), 1);
    }
  }
}

/** A key=value every matching pod has: a matchLabels entry, else an `In` requirement with one value. */
function anchorOf(sel: LabelSelector): [string, string] | undefined {
  for (const k in sel.matchLabels) return [k, sel.matchLabels[k]!];
  for (const r of sel.matchExpressions ?? []) if (r.operator === 'In' && r.values?.length === 1) return [r.key, r.values[0]!];
  return undefined;
}

function labelled<P, N>(byNs: Map<string, Map<string, Map<P, N>>>, ns: string, v: string): Map<P, N> {
  let byV = byNs.get(ns);
  if (byV === undefined) byNs.set(ns, (byV = new Map()));
  let m = byV.get(v);
  if (m === undefined) byV.set(v, (m = new Map()));
  return m;
}

function shift(a: Int32Array, slot: number, n: number): void {
  if (slot >= a.length) return;
  a.copyWithin(slot, slot + 1, Math.min(n, a.length));
  if (n - 1 < a.length) a[n - 1] = 0;
}

function grow(a: Int32Array, n: number): Int32Array {
  let cap = Math.max(16, a.length);
  while (cap < n) cap *= 2;
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

function push<V>(m: Map<string, V[]>, k: string): V[] {
  let list = m.get(k);
  if (!list) m.set(k, (list = []));
  return list;
}

function push2<V>(m: Map<string, Map<string, V>>, k: string): Map<string, V> {
  let inner = m.get(k);
  if (!inner) m.set(k, (inner = new Map()));
  return inner;
}
