// client-go's DefaultControllerRateLimiter as pure math (k8s.io/client-go/util/workqueue
// default_rate_limiters.go, golang.org/x/time/rate):
//
//   MaxOf(ItemExponentialFailureRateLimiter(5ms, 1000s),
//         BucketRateLimiter{rate.NewLimiter(10, 100)})
//
// When(item) asks every limiter and returns the largest delay. The item limiter counts failures
// per key (Forget resets them); the bucket is one token bucket for the whole queue: it refills
// continuously at `rate` tokens/s up to `burst`, starts full, and every When() reserves one token
// whether or not that limiter's delay wins — Reserve never refuses (its max wait is infinite), so
// an empty bucket goes negative and the delay is the time until the reserved token exists,
// (missing tokens) / rate. Upstream counts in nanoseconds; the simulator's clock is integer ms,
// so a delay is Go's nanosecond delay rounded up to the next millisecond (never sooner than Go).

/** ItemExponentialFailureRateLimiter(5ms, 1000s) of DefaultControllerRateLimiter. */
export const RATE_LIMIT_BASE_DELAY_MS = 5;
export const RATE_LIMIT_MAX_DELAY_MS = 1000 * 1000;
/** BucketRateLimiter{rate.NewLimiter(rate.Limit(10), 100)}: 10 qps, burst 100. */
export const RATE_LIMIT_BUCKET_QPS = 10;
export const RATE_LIMIT_BUCKET_BURST = 100;

/** base × 2^failures, capped at max (ItemExponentialFailureRateLimiter.When). */
export function itemExponentialBackoff(failures: number, base = RATE_LIMIT_BASE_DELAY_MS, max = RATE_LIMIT_MAX_DELAY_MS): number {
  // Past 2^62 the product overflows in Go and the cap applies; cap the exponent likewise.
  if (failures > 62) return max;
  return Math.min(max, base * 2 ** failures);
}

/** A rate.Limiter's settings: tokens per second and bucket size. */
export interface TokenBucketLimit {
  readonly rate: number;
  readonly burst: number;
}

/** A rate.Limiter's state: tokens at time `last` (ms; may be fractional and negative). */
export interface TokenBucketState {
  readonly tokens: number;
  readonly last: number;
}

export const DEFAULT_BUCKET: TokenBucketLimit = { rate: RATE_LIMIT_BUCKET_QPS, burst: RATE_LIMIT_BUCKET_BURST };

/** rate.NewLimiter: a bucket that is full from the start ("initially full"). */
export function fullBucket(limit: TokenBucketLimit, now = 0): TokenBucketState {
  return { tokens: limit.burst, last: now };
}

/** Limiter.advance: the tokens at `now` — refilled at `rate` since `last`, capped at `burst`. */
export function tokensAt(limit: TokenBucketLimit, s: TokenBucketState, now: number): number {
  if (now <= s.last) return s.tokens; // time never runs backwards here; Go keeps the state then
  const tokens = s.tokens + ((now - s.last) / 1000) * limit.rate;
  return tokens > limit.burst ? limit.burst : tokens;
}

/** Limit.durationFromTokens, in Go's whole nanoseconds (truncated, as time.Duration(float)). */
export function nanosFromTokens(limit: TokenBucketLimit, tokens: number): number {
  return Math.trunc((tokens / limit.rate) * 1e9);
}

/** Go nanoseconds to the simulator's ms: rounded up, so nothing happens before Go would let it. */
export function nanosToMillisCeil(ns: number): number {
  return Math.ceil(ns / 1e6);
}

/**
 * Limiter.Reserve().Delay() at `now`: take one token (the bucket may go negative: the token is
 * reserved in the future) and return the wait until it is there, and the bucket after.
 */
export function reserveToken(limit: TokenBucketLimit, s: TokenBucketState, now: number): { delay: number; state: TokenBucketState } {
  const tokens = tokensAt(limit, s, now) - 1;
  const delay = tokens < 0 ? nanosToMillisCeil(nanosFromTokens(limit, -tokens)) : 0;
  return { delay, state: { tokens, last: now } };
}

/**
 * DefaultControllerRateLimiter.When(item): max of the item's exponential back-off (for its
 * `failures` so far, before this call counts one more) and the shared bucket's reservation.
 */
export function controllerRateLimiterWhen(
  failures: number,
  bucket: TokenBucketState,
  now: number,
  limit: TokenBucketLimit = DEFAULT_BUCKET,
): { delay: number; bucket: TokenBucketState } {
  const item = itemExponentialBackoff(failures);
  const r = reserveToken(limit, bucket, now);
  return { delay: item > r.delay ? item : r.delay, bucket: r.state };
}
