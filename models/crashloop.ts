// The kubelet's CrashLoopBackOff bookkeeping: one back-off entry per container key, with
// the delays computed by the pure functions in resources/crashloop.ts.

import type { Millis } from '../sim/index.js';
import { nextRestartDelay, recordRestart, type BackoffConfig, type BackoffEntry } from './resources/crashloop.js';

export class CrashLoopBackOff {
  private readonly entries = new Map<string, BackoffEntry>();
  readonly config: BackoffConfig;

  constructor(initialMs: Millis = 10_000, maxMs: Millis = 300_000) {
    this.config = { initialMs, maxMs };
  }

  /** How long after `now` the restart of a container that exited at `exitAt` must wait. */
  delayBeforeRestart(key: string, exitAt: Millis, now: Millis): Millis {
    return nextRestartDelay(this.entries.get(key), exitAt, now, this.config);
  }

  /** Record the restart decision (flowcontrol.Backoff.Next). */
  recordRestart(key: string, exitAt: Millis, now: Millis): void {
    this.entries.set(key, recordRestart(this.entries.get(key), exitAt, now, this.config));
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}
