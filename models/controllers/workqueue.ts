// A controller work queue: keys are deduplicated while queued, and each queued key is
// synced by one kernel event, as client-go's workqueue feeds a controller's workers.

import type { Millis, Simulation } from '../../sim/index.js';
import type { ObjectStore } from '../api/store.js';
import type { KObject } from '../api/types.js';
import { controllerRateLimiterWhen, DEFAULT_BUCKET, fullBucket, type TokenBucketLimit, type TokenBucketState } from './policy/rate-limiter.js';

interface QueuedSync {
  queue: WorkQueue;
  key: string;
}

const run = (q: QueuedSync) => q.queue.process(q.key);

// The rate limiter is client-go's DefaultControllerRateLimiter (policy/rate-limiter.ts): the
// max of a per-key exponential back-off and one token bucket per queue (10 qps, burst 100).

/**
 * The object a queue key names (objectKey: "namespace/name", or "name" for a cluster-scoped
 * kind), or undefined when it is gone: the opening of every sync, cache.SplitMetaNamespaceKey
 * then a lister Get. A key stays queued after its object is deleted, so syncs must expect that.
 */
export function getByKey<T extends KObject>(store: ObjectStore, kind: string, key: string): T | undefined {
  // objectKey(namespace, name) is the key itself whenever the namespace is non-empty or absent:
  // the store's map is read with it as it is. A key opening with "/" (an empty namespace, which
  // objectKey never writes) is split as before.
  const slash = key.indexOf('/');
  if (slash !== 0) return store.getByKey<T>(kind, key);
  return store.get<T>(kind, key.slice(0, slash), key.slice(slash + 1));
}

export class WorkQueue {
  private readonly queued = new Set<string>();
  /** Failures per key since its last forget (the rate limiter's per-item state). */
  private readonly failures = new Map<string, number>();
  /** Earliest pending delayed add per key, so repeated addAfter calls don't pile up events. */
  private readonly delayed = new Map<string, Millis>();
  /**
   * The rate limiter's token bucket, shared by all keys of this queue (each upstream controller
   * builds its own queue and limiter, so each WorkQueue has its own bucket).
   */
  private bucket: TokenBucketState;

  constructor(
    private readonly sim: Simulation,
    private readonly sync: (key: string) => void,
    private readonly bucketLimit: TokenBucketLimit = DEFAULT_BUCKET,
  ) {
    this.bucket = fullBucket(bucketLimit, sim.now);
  }

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
   * queue.AddRateLimited(key): re-add `key` after the rate limiter's delay, the larger of its
   * per-item exponential back-off (5 ms, 10 ms, 20 ms… up to 1000 s, reset by forget) and the
   * queue's token bucket (one token per call, 10/s, burst 100; not reset by forget).
   */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    const r = controllerRateLimiterWhen(n, this.bucket, this.sim.now, this.bucketLimit);
    this.bucket = r.bucket;
    this.addAfter(key, r.delay);
  }

  /** A sync of `key` succeeded: reset its per-item back-off (queue.Forget(key); the bucket keeps its state). */
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
