// The results of a pure function, kept by argument and forgotten all at once when `max` are held.
// A cluster spells the same few hundred quantities, label values, images or cron instants for
// 150,000 pods, so each is worked out once; a pathological run (every pod its own spelling) must
// not grow memory without bound, and clearing everything keeps no eviction order to maintain.
// Only for pure functions: a result may be recomputed after a clear, and must come out the same.

export class BoundedMemo<K, V> {
  private readonly kept = new Map<K, V>();

  constructor(private readonly max: number) {}

  /** f(key), computed on a miss and kept; `undefined` results are kept too. */
  get(key: K, f: (key: K) => V): V {
    const hit = this.kept.get(key);
    if (hit !== undefined || this.kept.has(key)) return hit as V;
    const v = f(key);
    this.set(key, v);
    return v;
  }

  /** The kept result, or undefined (for callers that compute only some results, e.g. not failures). */
  peek(key: K): V | undefined {
    return this.kept.get(key);
  }

  /** Keep `value` for `key`, starting over first when full. */
  set(key: K, value: V): void {
    if (this.kept.size >= this.max) this.kept.clear();
    this.kept.set(key, value);
  }

  get size(): number {
    return this.kept.size;
  }
}
