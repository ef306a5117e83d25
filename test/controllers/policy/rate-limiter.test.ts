// client-go DefaultControllerRateLimiter: MaxOf(ItemExponentialFailureRateLimiter(5ms, 1000s),
// BucketRateLimiter{rate.NewLimiter(10, 100)}), tables after upstream's
// default_rate_limiters_test.go and golang.org/x/time/rate semantics.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  controllerRateLimiterWhen, DEFAULT_BUCKET, fullBucket, itemExponentialBackoff, nanosFromTokens, nanosToMillisCeil,
  reserveToken, tokensAt, type TokenBucketLimit, type TokenBucketState,
} from '../../../models/controllers/policy/rate-limiter.js';
import { WorkQueue } from '../../../models/controllers/workqueue.js';
import { Simulation } from '../../../sim/index.js';

/** Reserve once at each time of `times` (ms), returning the delays. */
function reserveAll(limit: TokenBucketLimit, times: readonly number[], start: TokenBucketState = fullBucket(limit)): { delays: number[]; state: TokenBucketState } {
  let state = start;
  const delays: number[] = [];
  for (const t of times) {
    const r = reserveToken(limit, state, t);
    delays.push(r.delay);
    state = r.state;
  }
  return { delays, state };
}

test('item exponential back-off: upstream table (1ms..1s) and the default 5ms..1000s', () => {
  // TestItemExponentialFailureRateLimiter: 1, 2, 4, 8, 16 ms; capped at max.
  assert.equal([0, 1, 2, 3, 4].map((n) => itemExponentialBackoff(n, 1, 1000)), [1, 2, 4, 8, 16]);
  assert.is(itemExponentialBackoff(10, 1, 1000), 1000);
  // TestItemExponentialFailureRateLimiterOverFlow: 1ms..1000s after 5 → 32 ms; after 1000 → max.
  assert.is(itemExponentialBackoff(5, 1, 1_000_000), 32);
  assert.is(itemExponentialBackoff(1000, 1, 1_000_000), 1_000_000);
  assert.is(itemExponentialBackoff(2, 60_000, 3_600_000_000), 240_000);
  // Defaults.
  assert.equal([0, 1, 2, 3].map((n) => itemExponentialBackoff(n)), [5, 10, 20, 40]);
  assert.is(itemExponentialBackoff(17), 655_360);
  assert.is(itemExponentialBackoff(18), 1_000_000);
});

test('token bucket: starts full, the burst is free, then one token per 1/rate', () => {
  const times = Array.from({ length: 103 }, () => 0);
  const { delays, state } = reserveAll(DEFAULT_BUCKET, times);
  assert.ok(delays.slice(0, 100).every((d) => d === 0), 'burst of 100 at once');
  // Reserve never refuses: the bucket goes negative and each further token waits 100 ms more.
  assert.equal(delays.slice(100), [100, 200, 300]);
  assert.is(state.tokens, -3);
});

test('token bucket: continuous refill, capped at burst', () => {
  const L = DEFAULT_BUCKET;
  const empty: TokenBucketState = { tokens: 0, last: 0 };
  // | state | now (ms) | tokens at now | delay of one reservation (ms) |
  const rows: Array<[TokenBucketState, number, number, number]> = [
    [empty, 0, 0, 100],
    [empty, 50, 0.5, 50],
    [empty, 100, 1, 0],
    [empty, 99, 0.99, 1], // 0.01 token missing: 1 ms
    [empty, 10_000, 100, 0],
    [empty, 3_600_000, 100, 0], // capped: never more than burst
    [{ tokens: -50, last: 0 }, 0, -50, 5100],
    [{ tokens: -50, last: 0 }, 1000, -40, 4100],
    [{ tokens: 42, last: 1000 }, 1000, 42, 0],
  ];
  for (const [s, now, tokens, delay] of rows) {
    assert.ok(Math.abs(tokensAt(L, s, now) - tokens) < 1e-9, `tokens at ${now} from ${JSON.stringify(s)}`);
    const r = reserveToken(L, s, now);
    assert.is(r.delay, delay, `delay at ${now} from ${JSON.stringify(s)}`);
    assert.is(r.state.last, now);
    assert.ok(Math.abs(r.state.tokens - (tokens - 1)) < 1e-9);
  }
});

test('token bucket: delays are Go nanoseconds (truncated) rounded up to whole ms', () => {
  const L: TokenBucketLimit = { rate: 3, burst: 1 };
  assert.is(nanosFromTokens(L, 1), 333_333_333);
  assert.is(nanosToMillisCeil(333_333_333), 334);
  assert.is(nanosToMillisCeil(100_000_000), 100);
  // Float noise above a whole token does not add a millisecond (Go truncates to ns first).
  assert.is(nanosToMillisCeil(nanosFromTokens(DEFAULT_BUCKET, 1.0000000000000002)), 100);
  assert.equal(reserveAll(L, [0, 0, 0]).delays, [0, 334, 667]);
});

test('token bucket: one reservation per 100 ms after the burst is gone keeps up exactly (10 qps)', () => {
  const drained: TokenBucketState = { tokens: 0, last: 0 };
  const times = Array.from({ length: 50 }, (_, i) => (i + 1) * 100);
  const { delays } = reserveAll(DEFAULT_BUCKET, times, drained);
  assert.ok(delays.every((d) => d === 0), `delays ${delays.join(',')}`);
});

test('MaxOf: the larger of item back-off and bucket delay; the bucket pays a token either way', () => {
  const full = fullBucket(DEFAULT_BUCKET);
  let r = controllerRateLimiterWhen(0, full, 0);
  assert.is(r.delay, 5); // item wins on a full bucket
  assert.is(r.bucket.tokens, 99);
  r = controllerRateLimiterWhen(20, full, 0);
  assert.is(r.delay, 1_000_000); // capped item back-off wins, and still takes a token
  assert.is(r.bucket.tokens, 99);
  r = controllerRateLimiterWhen(0, { tokens: -1, last: 0 }, 0);
  assert.is(r.delay, 200); // bucket wins: two tokens missing at 10/s
  r = controllerRateLimiterWhen(3, { tokens: 0.5, last: 0 }, 0);
  assert.is(r.delay, 50); // 0.5 token missing = 50 ms > 40 ms
});

test('WorkQueue: a key re-added rate-limited after every successful sync runs at 10/s once the burst is spent', () => {
  // Deployment requeueStuckDeployment: enqueueRateLimited, then Forget after the sync succeeds.
  const sim = new Simulation();
  const syncs: number[] = [];
  const q: WorkQueue = new WorkQueue(sim, (key) => {
    syncs.push(sim.now);
    q.forget(key);
    q.addRateLimited(key);
  });
  q.add('default/web');
  sim.runUntil(10_000);
  const early = syncs.filter((t) => t < 400).length;
  const late = syncs.filter((t) => t >= 5_000 && t < 10_000).length;
  assert.ok(early >= 75, `first 400 ms at the 5 ms item back-off: ${early}`);
  assert.ok(late >= 49 && late <= 51, `10/s in the steady state: ${late} in 5 s`);
  assert.ok(syncs.length < 260, `was 2,000 at 5 ms each: ${syncs.length}`);
});

test('WorkQueue: each queue has its own bucket; many keys share their queue\'s bucket', () => {
  const sim = new Simulation();
  const counts = new Map<string, number>();
  const mk = (): WorkQueue => {
    const q: WorkQueue = new WorkQueue(sim, (key) => {
      counts.set(key, (counts.get(key) ?? 0) + 1);
      q.forget(key);
      q.addRateLimited(key);
    });
    return q;
  };
  const a = mk();
  const b = mk();
  for (let i = 0; i < 20; i++) a.add(`a/${i}`);
  b.add('b/0');
  sim.runUntil(60_000);
  const aTotal = [...counts].filter(([k]) => k.startsWith('a/')).reduce((s, [, n]) => s + n, 0);
  const bTotal = counts.get('b/0') ?? 0;
  // Queue a: 20 keys share 100 + 10/s ≈ 700 syncs in a minute, spread evenly over the keys.
  assert.ok(aTotal >= 690 && aTotal <= 730, `queue a: ${aTotal}`);
  const perKey = [...counts].filter(([k]) => k.startsWith('a/')).map(([, n]) => n);
  assert.ok(Math.max(...perKey) - Math.min(...perKey) <= 2, `per key: ${perKey.join(',')}`);
  // Queue b's single key is not slowed by queue a.
  assert.ok(bTotal >= 690 && bTotal <= 730, `queue b: ${bTotal}`);
});

test.run();
