// client-go util/flowcontrol/backoff_test.go, the tables of the Backoff without jitter
// (NewFakeBackOff; the jittered variants added later are not what the kubelet or the DaemonSet
// controller use), run against the functions every simulated back-off calls. Get(id) is the
// entry's delay, 0 without an entry.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { backoffExpired, isInBackOffSince, isInBackOffSinceUpdate, nextBackoff, type BackoffEntry } from '../../../models/api/policy/flowcontrol-backoff.js';

const get = (e: BackoffEntry | undefined): number => e?.backoffMs ?? 0;

test('TestSlowBackoff (1 s steps, cap 50 s): Get before each Next doubles from 0 to the cap', () => {
  const step = 1000, cfg = { initialMs: step, maxMs: 50 * step };
  const expected = [0, 1, 2, 4, 8, 16, 32, 50, 50, 50].map((s) => s * step);
  let e: BackoffEntry | undefined;
  let now = 0;
  for (const want of expected) {
    now += step;
    assert.is(get(e), want, `at ${now} ms`);
    e = nextBackoff(e, now, now, cfg);
  }
});

test('TestBackoffReset (cap 5 s): capped entry in back-off; 2 × cap + 1 s later it has expired', () => {
  const step = 1000, cfg = { initialMs: step, maxMs: 5 * step };
  let e: BackoffEntry | undefined;
  let now = 0;
  for (let i = 0; i <= 5; i++) {
    now += step;
    e = nextBackoff(e, now, now, cfg);
  }
  assert.is(get(e), cfg.maxMs);
  assert.ok(isInBackOffSince(e, now, now, cfg.maxMs));
  const lastUpdate = now;
  now += 2 * cfg.maxMs + step;
  assert.not.ok(isInBackOffSince(e, lastUpdate, now, cfg.maxMs), 'a delay since lastUpdate has run out');
  assert.not.ok(isInBackOffSince(e, now, now, cfg.maxMs), 'expired: more than 2 × max since the last update');
  assert.is(get(nextBackoff(e, now, now, cfg)), cfg.initialMs, 'an expired entry starts over');
});

/** Both upstream cap tests start so: six Nexts a step apart (the delay reaches the cap), then cap + 1 step later. */
function sixNextsThenWait(step: number, cfg: { initialMs: number; maxMs: number }): { e: BackoffEntry; now: number } {
  let e: BackoffEntry | undefined;
  let now = 0;
  for (let i = 0; i <= 5; i++) {
    now += step;
    e = nextBackoff(e, now, now, cfg);
  }
  return { e: e!, now: now + cfg.maxMs + step };
}

test('TestBackoffHighWaterMark (cap 5 s): a Next within 2 × cap of the last keeps the delay at the cap', () => {
  const step = 1000, cfg = { initialMs: step, maxMs: 5 * step };
  const { e, now } = sixNextsThenWait(step, cfg);
  assert.is(get(nextBackoff(e, now, now, cfg)), cfg.maxMs);
});

test('TestBackoffGC (cap 5 s): GC keeps an entry cap + 1 s after its update, drops it 2 × (cap + 1 s) after', () => {
  const step = 1000, cfg = { initialMs: step, maxMs: 5 * step };
  const at = sixNextsThenWait(step, cfg);
  const e = at.e;
  let now = at.now;
  assert.not.ok(backoffExpired(e, now, cfg.maxMs), 'GC skips the entry');
  now += cfg.maxMs + step;
  assert.ok(backoffExpired(e, now, cfg.maxMs), 'GC drops the entry');
});

test('IsInBackOffSince measures from the event, IsInBackOffSinceUpdate from the last Next', () => {
  const e: BackoffEntry = { backoffMs: 40_000, lastUpdateMs: 100_000 };
  assert.ok(isInBackOffSince(e, 101_000, 140_999, 300_000));
  assert.not.ok(isInBackOffSince(e, 101_000, 141_000, 300_000));
  assert.ok(isInBackOffSinceUpdate(e, 139_999, 300_000));
  assert.not.ok(isInBackOffSinceUpdate(e, 140_000, 300_000));
  assert.not.ok(isInBackOffSince(undefined, 0, 0, 300_000));
  assert.is(nextBackoff({ backoffMs: 40_000, lastUpdateMs: 0 }, 1000, 1000, { initialMs: 10_000, maxMs: 60_000 }).backoffMs, 60_000, 'doubling capped');
  assert.equal(nextBackoff(e, 700_001, 800_000, { initialMs: 10_000, maxMs: 300_000 }), { backoffMs: 10_000, lastUpdateMs: 800_000 }, 'expiry is judged at the event, lastUpdate set to now');
});

test('TestIsInBackOffSinceUpdate (1 s steps, cap 10 s): the ticks at which a key is in back-off, and its delay', () => {
  const step = 1000, max = 10 * step;
  const cases: Array<[tick: number, inBackOff: boolean, value: number]> = [
    [0, false, 0], [1, false, 1], [2, true, 2], [3, false, 2], [4, true, 4], [5, true, 4], [6, true, 4], [7, false, 4],
    [8, true, 8], [9, true, 8], [10, true, 8], [11, true, 8], [12, true, 8], [13, true, 8], [14, true, 8], [15, false, 8],
    [16, true, 10], [17, true, 10], [18, true, 10], [19, true, 10], [20, true, 10], [21, true, 10], [22, true, 10], [23, true, 10],
    [24, true, 10], [25, false, 10], [26, true, 10], [27, true, 10], [28, true, 10], [29, true, 10], [30, true, 10], [31, true, 10],
    [32, true, 10], [33, true, 10], [34, true, 10], [35, false, 10], [56, false, 0], [57, false, 1],
  ];
  let entry: BackoffEntry | undefined;
  for (const [tick, inBackOff, value] of cases) {
    const now = tick * step;
    assert.is(isInBackOffSinceUpdate(entry, now, max), inBackOff, `tick ${tick}`);
    if (inBackOff) assert.is(entry!.backoffMs, value * step, `tick ${tick} value`);
    else entry = nextBackoff(entry, now, now, { initialMs: step, maxMs: max });
  }
});

test.run();
