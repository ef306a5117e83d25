// client-go util/flowcontrol Backoff (NewBackOff, no jitter), pure: one entry per key, the
// delay doubling from an initial value to a cap on every Next, forgotten once the key has been
// quiet for twice the cap. The DaemonSet controller paces failed-pod replacement with it.
// Times are virtual ms.

export interface BackoffEntry {
  /** The current delay. */
  backoff: number;
  /** When Next last ran for the key. */
  lastUpdate: number;
}

/** hasExpired: quiet for more than twice the cap ("stable"), so the entry starts over. */
export function backoffExpired(entry: BackoffEntry, now: number, max: number): boolean {
  return now - entry.lastUpdate > 2 * max;
}

/** IsInBackOffSinceUpdate: less than the current delay has passed since the last Next. */
export function isInBackOffSinceUpdate(entry: BackoffEntry | undefined, now: number, max: number): boolean {
  if (!entry || backoffExpired(entry, now, max)) return false;
  return now - entry.lastUpdate < entry.backoff;
}

/** Next: a new or expired entry starts at `initial`; otherwise the delay doubles, capped at `max`. */
export function nextBackoff(entry: BackoffEntry | undefined, now: number, initial: number, max: number): BackoffEntry {
  if (!entry || backoffExpired(entry, now, max)) return { backoff: initial, lastUpdate: now };
  return { backoff: Math.min(entry.backoff * 2, max), lastUpdate: now };
}
