// A controller work queue: keys are deduplicated while queued, and each queued key is
// synced by one kernel event, as client-go's workqueue feeds a controller's workers.

import type { Millis, Simulation } from '../../sim/index.js';
import type { ObjectStore } from '../api/store.js';
import type { KObject } from '../api/types.js';

interface QueuedSync {
  queue: WorkQueue;
  key: string;
}

const run = (q: QueuedSync) => q.queue.process(q.key);

/** client-go DefaultControllerRateLimiter's ItemExponentialFailureRateLimiter(5ms, 1000s). */
export const RATE_LIMIT_BASE_DELAY: Millis = 5;
export const RATE_LIMIT_MAX_DELAY: Millis = 1000 * 1000;

/** base × 2^failures, capped at max (ItemExponentialFailureRateLimiter.When). */
export function itemExponentialBackoff(failures: number, base = RATE_LIMIT_BASE_DELAY, max = RATE_LIMIT_MAX_DELAY): Millis {
  // Past 2^62 the product overflows in Go and the cap applies; cap the exponent likewise.
  if (failures > 62) return max;
  return Math.min(max, base * 2 ** failures);
}

/**
 * The object a queue key names (objectKey: "namespace/name", or "name" for a cluster-scoped
 * kind), or undefined when it is gone: the opening of every sync, cache.SplitMetaNamespaceKey
 * then a lister Get. A key stays queued after its object is deleted, so syncs must expect that.
 */
export function getByKey<T extends KObject>(store: ObjectStore, kind: string, key: string): T | undefined {
  const slash = key.indexOf('/');
  return slash < 0 ? store.get<T>(kind, undefined, key) : store.get<T>(kind, key.slice(0, slash), key.slice(slash + 1));
}

export class WorkQueue {
  private readonly queued = new Set<string>();
  /** Failures per key since its last forget (the rate limiter's per-item state). */
  private readonly failures = new Map<string, number>();
  /** Earliest pending delayed add per key, so repeated addAfter calls don't pile up events. */
  private readonly delayed = new Map<string, Millis>();

  constructor(
    private readonly sim: Simulation,
    private readonly sync: (key: string) => void,
  ) {}

  add(key: string): void {
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.sim.postAfter(0, run, { queue: this, key });
  }

  addAfter(key: string, delay: Millis): void {
    if (delay <= 0) return this.add(key);
    const at = this.sim.now + Math.ceil(delay);
    const existing = this.delayed.get(key);
    if (existing !== undefined && existing <= at && existing >= this.sim.now) return;
    this.delayed.set(key, at);
    this.sim.post(at, fireDelayed, { queue: this, key });
  }

  /**
   * A sync of `key` failed: re-add it after the per-item exponential delay (5 ms, 10 ms, 20 ms…
   * up to 1000 s), as processNextWorkItem's queue.AddRateLimited(key) does.
   */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.addAfter(key, itemExponentialBackoff(n));
  }

  /** A sync of `key` succeeded: reset its back-off (queue.Forget(key)). */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** Failures recorded for `key` (queue.NumRequeues). */
  numRequeues(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  /** @internal */
  fireDelayed(key: string): void {
    if (this.delayed.get(key) === this.sim.now) this.delayed.delete(key);
    this.add(key);
  }

  /** @internal */
  process(key: string): void {
    this.queued.delete(key);
    this.sync(key);
  }
}

const fireDelayed = (q: QueuedSync) => q.queue.fireDelayed(q.key);
