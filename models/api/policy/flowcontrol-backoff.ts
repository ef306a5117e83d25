// client-go util/flowcontrol.Backoff (NewBackOff, no jitter), pure: one entry per key, the delay
// doubling from an initial value to a cap on every Next, an entry expired once more than twice
// the cap lies between its last update and the event asked about. Every back-off of the
// simulated components is this one: the kubelet's CrashLoopBackOff (10 s → 5 min) and image-pull
// back-off, the DaemonSet controller's failed-pod back-off. The shells keep the entries in a map
// keyed as upstream keys them; these functions take and return entries (never modify them).
// Times are virtual ms; `now` is what upstream reads from the Backoff's clock.

export interface BackoffConfig {
  /** NewBackOff's initial duration: the delay of a new or expired entry. */
  initialMs: number;
  /** NewBackOff's max duration: the cap of the delay. */
  maxMs: number;
}

export interface BackoffEntry {
  /** The current delay. */
  backoffMs: number;
  /** When Next last ran for the key. */
  lastUpdateMs: number;
}

/** hasExpired(eventTime, lastUpdate, max): more than 2 × max from the last update to `eventTime`. */
export function backoffExpired(entry: BackoffEntry, eventTime: number, maxMs: number): boolean {
  return eventTime - entry.lastUpdateMs > 2 * maxMs;
}

/** Next(id, eventTime) at `now`: a new or expired entry starts at initial, otherwise the delay doubles up to max; lastUpdate = now. */
export function nextBackoff(entry: BackoffEntry | undefined, eventTime: number, now: number, cfg: BackoffConfig): BackoffEntry {
  if (entry === undefined || backoffExpired(entry, eventTime, cfg.maxMs)) return { backoffMs: cfg.initialMs, lastUpdateMs: now };
  return { backoffMs: Math.min(entry.backoffMs * 2, cfg.maxMs), lastUpdateMs: now };
}

/** IsInBackOffSince(id, eventTime) at `now`: an unexpired entry whose delay since `eventTime` has not run out. */
export function isInBackOffSince(entry: BackoffEntry | undefined, eventTime: number, now: number, maxMs: number): boolean {
  if (entry === undefined || backoffExpired(entry, eventTime, maxMs)) return false;
  return now - eventTime < entry.backoffMs;
}

/** IsInBackOffSinceUpdate(id, eventTime): an unexpired entry whose delay since its last update has not run out at `eventTime`. */
export function isInBackOffSinceUpdate(entry: BackoffEntry | undefined, eventTime: number, maxMs: number): boolean {
  if (entry === undefined || backoffExpired(entry, eventTime, maxMs)) return false;
  return eventTime - entry.lastUpdateMs < entry.backoffMs;
}
