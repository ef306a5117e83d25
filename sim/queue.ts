import FastPriorityQueue from 'fastpriorityqueue';
import type { Millis } from './time.js';

/** What the queue needs from an event. The kernel's events add handler and arg. */
export interface Queueable {
  readonly time: Millis;
  /** Set by cancel(); a cancelled event stays in its bucket and is skipped when reached. */
  cancelled: boolean;
  /** Set when the event leaves the queue, so a late cancel() does not touch the live count. */
  fired: boolean;
}

// Buckets are recycled with their array capacity, so a steady state allocates
// no bucket storage: only the events themselves. The pool is small (it only has
// to cover buckets retired between two bucket creations) and very large arrays
// are not kept, to bound the memory a burst of equal-time events leaves behind.
const BUCKET_POOL_MAX = 64;
const BUCKET_KEEP_MAX_CAPACITY = 1 << 16;

/**
 * FIFO of the entries at one time, two slots per entry: (event, null) for a pushed event,
 * (handler, arg) for a posted one (pushPost); events are plain objects, handlers functions, so
 * `typeof` tells them apart. Slots are nulled when popped so fired events and args can be
 * collected. `length` counts slots.
 */
class Bucket {
  items: unknown[] = [];
  length = 0;
}

/**
 * Pending events ordered by (time, insertion order).
 *
 * Why this shape: the heap (fastpriorityqueue) holds only the DISTINCT times, as
 * plain numbers. Measured on the target 2-core machine, fastpriorityqueue does
 * ~5.7M push+pop/s on numbers at 1e5 entries but only ~0.5M/s on {time, seq}
 * objects with a comparator function, because number comparison is inlined and
 * the heap array stays a packed array of doubles. Each time maps to a FIFO
 * bucket (a plain array), so insertion order among equal times is simply array
 * order (no sequence numbers needed), and with integer-millisecond time a large
 * queue has many events per timestamp: most pushes are an array append and
 * most pops an index increment, with the heap touched once per timestamp.
 *
 * The bucket being drained stays in the map, so an event scheduled at the
 * current time from inside a handler is appended to it and runs after the
 * events already there, in order.
 *
 * Cancel is O(1): the event is marked and skipped when reached. `size` is the
 * exact number of live (not cancelled, not yet popped) events.
 */
export class EventQueue<E extends Queueable> {
  private readonly times = new FastPriorityQueue<number>();
  private readonly buckets = new Map<Millis, Bucket>();
  private readonly pool: Bucket[] = [];
  /** The bucket being drained (already removed from the heap), or null. */
  private current: Bucket | null = null;
  private currentTime: Millis = -Infinity;
  private currentIndex = 0;
  private live = 0;
  private maxLive = 0;

  /** Number of live pending events. */
  get size(): number {
    return this.live;
  }

  /** Largest `size` ever reached. */
  get highWater(): number {
    return this.maxLive;
  }

  /** Handler and arg of the posted entry popUntil() last returned null for, and its time. */
  postedHandler: unknown = null;
  postedArg: unknown = null;
  postedTime: Millis = 0;

  push(event: E): void {
    const bucket = this.bucketAt(event.time);
    const items = bucket.items;
    const i = bucket.length;
    items[i] = event;
    items[i + 1] = null;
    bucket.length = i + 2;
    if (++this.live > this.maxLive) this.maxLive = this.live;
  }

  /**
   * Queues a (handler, arg) pair that can never be cancelled, in the same (time, insertion) order
   * as push(), without an event object: the pair sits in the bucket's own array, so the steady
   * state allocates no event record and popping reads consecutive memory instead of a scattered record.
   */
  pushPost(time: Millis, handler: (...args: never[]) => unknown, arg: unknown): void {
    const bucket = this.bucketAt(time);
    const items = bucket.items;
    const i = bucket.length;
    items[i] = handler;
    items[i + 1] = arg;
    bucket.length = i + 2;
    if (++this.live > this.maxLive) this.maxLive = this.live;
  }

  private bucketAt(time: Millis): Bucket {
    let bucket = this.buckets.get(time);
    if (bucket === undefined) {
      bucket = this.pool.pop() ?? new Bucket();
      this.buckets.set(time, bucket);
      this.times.add(time);
    }
    return bucket;
  }

  /** Removes a pending event in O(1). No effect if it already ran or was cancelled. */
  cancel(event: E): void {
    if (event.cancelled || event.fired) return;
    event.cancelled = true;
    this.live--;
  }

  /**
   * Removes the next live entry if its time is <= limit: returns a pushed event (marked fired), or
   * null for a posted entry (read postedHandler, postedArg, postedTime before the next call).
   * Otherwise returns undefined and leaves the queue as it was.
   */
  popUntil(limit: Millis): E | null | undefined {
    for (;;) {
      const bucket = this.current;
      if (bucket !== null) {
        if (this.currentTime > limit) return undefined;
        const items = bucket.items;
        while (this.currentIndex < bucket.length) {
          const i = this.currentIndex;
          this.currentIndex = i + 2;
          const first = items[i];
          items[i] = null;
          if (typeof first === 'function') {
            this.postedHandler = first;
            this.postedArg = items[i + 1];
            this.postedTime = this.currentTime;
            items[i + 1] = null;
            this.live--;
            return null;
          }
          const event = first as E;
          if (event.cancelled) continue;
          event.fired = true;
          this.live--;
          return event;
        }
        this.retireCurrent();
      }
      const time = this.times.peek();
      if (time === undefined || time > limit) return undefined;
      this.times.poll();
      this.current = this.buckets.get(time)!;
      this.currentTime = time;
      this.currentIndex = 0;
    }
  }

  /** Time of the next live event, or undefined. Drops cancelled events it walks past. */
  peekTime(): Millis | undefined {
    const bucket = this.current;
    if (bucket !== null) {
      const items = bucket.items;
      while (this.currentIndex < bucket.length) {
        const first = items[this.currentIndex];
        if (typeof first === 'function' || !(first as E).cancelled) return this.currentTime;
        items[this.currentIndex] = null;
        this.currentIndex += 2;
      }
      this.retireCurrent();
    }
    for (;;) {
      const time = this.times.peek();
      if (time === undefined) return undefined;
      // This bucket is not current, and must not become current here: an event
      // may still be scheduled before it. Compact out cancelled events instead,
      // so repeated peeks stay cheap.
      const next = this.buckets.get(time)!;
      const items = next.items;
      let kept = 0;
      for (let i = 0; i < next.length; i += 2) {
        const first = items[i], second = items[i + 1];
        items[i] = items[i + 1] = null;
        if (typeof first === 'function' || !(first as E).cancelled) {
          items[kept] = first;
          items[kept + 1] = second;
          kept += 2;
        }
      }
      next.length = kept;
      if (kept > 0) return time;
      this.times.poll();
      this.buckets.delete(time);
      this.recycle(next);
    }
  }

  private retireCurrent(): void {
    const bucket = this.current!;
    this.buckets.delete(this.currentTime);
    this.current = null;
    this.recycle(bucket);
  }

  private recycle(bucket: Bucket): void {
    // Every slot below length is already null (popped or compacted away).
    bucket.length = 0;
    if (this.pool.length < BUCKET_POOL_MAX && bucket.items.length <= BUCKET_KEEP_MAX_CAPACITY) {
      this.pool.push(bucket);
    }
  }
}
