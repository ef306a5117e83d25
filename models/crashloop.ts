// CrashLoopBackOff as the kubelet computes it (client-go flowcontrol.Backoff keyed per
// container): the first restart after a crash is immediate, then 10s, 20s, 40s … capped at
// the maximum (300s), measured from the container's exit; an entry untouched for more
// than 2 × max (10 minutes) has expired, so a container that ran that long restarts at
// once and starts over at 10s.

import type { Millis } from '../sim/index.js';

interface Entry {
  backoff: Millis;
  lastUpdate: Millis;
}

export class CrashLoopBackOff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly initial: Millis = 10_000,
    readonly max: Millis = 300_000,
  ) {}

  /** How long after `now` the restart of a container that exited at `exitAt` must wait. */
  delayBeforeRestart(key: string, exitAt: Millis, now: Millis): Millis {
    const e = this.entries.get(key);
    if (!e || this.expired(e, now)) return 0;
    // IsInBackOffSince(exitAt): wait until exitAt + backoff.
    return Math.max(0, exitAt + e.backoff - now);
  }

  /** Record the restart decision (flowcontrol.Backoff.Next). */
  recordRestart(key: string, _exitAt: Millis, now: Millis): void {
    const e = this.entries.get(key);
    if (!e || this.expired(e, now)) {
      this.entries.set(key, { backoff: this.initial, lastUpdate: now });
      return;
    }
    e.backoff = Math.min(e.backoff * 2, this.max);
    e.lastUpdate = now;
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  private expired(e: Entry, now: Millis): boolean {
    return now - e.lastUpdate > 2 * this.max;
  }
}
