// A controller work queue: keys are deduplicated while queued, and each queued key is
// synced by one kernel event, as client-go's workqueue feeds a controller's workers.

import type { Millis, Simulation } from '../sim/index.js';

interface QueuedSync {
  queue: WorkQueue;
  key: string;
}

const run = (q: QueuedSync) => q.queue.process(q.key);

export class WorkQueue {
  private readonly queued = new Set<string>();
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
