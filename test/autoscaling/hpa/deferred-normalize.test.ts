// The legacy normalisation's deferral (models/autoscaling/hpa/policy/deferred-normalize.ts): over
// random recommendation histories, proposals and tick sequences, every call of upstream's
// stabilizeRecommendation with the same proposal at a time ≤ legacyStableUntil returns what the
// call at t0 returned, and the replay leaves the history the calls themselves leave.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { legacyStableUntil, replayLegacyStabilization } from '../../../models/autoscaling/hpa/policy/deferred-normalize.js';
import { newHpaHistory, stabilizeRecommendation, type HpaHistory } from '../../../models/autoscaling/hpa/policy/normalize.js';

const WINDOW = 300_000;

const historyArb = fc.array(fc.record({ recommendation: fc.integer({ min: 0, max: 12 }), ageS: fc.integer({ min: 0, max: 600 }) }), { maxLength: 24 });

function historyFrom(recs: { recommendation: number; ageS: number }[], now: number): HpaHistory {
  const h = newHpaHistory();
  for (const r of recs) h.recommendations.push({ recommendation: r.recommendation, timestamp: now - r.ageS * 1000 });
  return h;
}

const clone = (h: HpaHistory): HpaHistory => JSON.parse(JSON.stringify(h)) as HpaHistory;

test('within legacyStableUntil the same proposal stabilises to the same value; the replay leaves the same history', () => {
  let within = 0;
  fc.assert(
    fc.property(historyArb, fc.integer({ min: 0, max: 12 }), fc.array(fc.integer({ min: 1, max: 90_000 }), { minLength: 1, maxLength: 40 }), (recs, p, gaps) => {
      const t0 = 1_000_000;
      const h = historyFrom(recs, t0);
      const first = stabilizeRecommendation(h, p, t0, WINDOW);
      const until = legacyStableUntil(h, p, t0, WINDOW);
      assert.ok(until >= t0, 'until is not before the call');
      const eager = clone(h);
      const times: number[] = [];
      let t = t0;
      for (const g of gaps) {
        t += g;
        if (t > until) break;
        times.push(t);
        assert.is(stabilizeRecommendation(eager, p, t, WINDOW), first, `same value at ${t} (until ${until})`);
        within++;
      }
      replayLegacyStabilization(h, 3, p, times, WINDOW);
      assert.equal(h, eager);
    }),
    { numRuns: 400, seed: 7 },
  );
  assert.ok(within > 100, `calls within the span: ${within}`);
});

test('legacyStableUntil is the first instant an in-window recommendation above the proposal leaves the window', () => {
  const now = 1_000_000;
  const h = historyFrom([
    { recommendation: 5, ageS: 100 },
    { recommendation: 7, ageS: 200 },
    { recommendation: 9, ageS: 400 }, // out of the window already
    { recommendation: 2, ageS: 290 }, // below the proposal
  ], now);
  assert.is(legacyStableUntil(h, 3, now, WINDOW), now - 200_000 + WINDOW);
  assert.is(legacyStableUntil(h, 7, now, WINDOW), Infinity);
  // One instant past it, the 7 is out and the stabilised value falls to 5.
  assert.is(stabilizeRecommendation(clone(h), 3, now - 200_000 + WINDOW, WINDOW), 7);
  assert.is(stabilizeRecommendation(clone(h), 3, now - 200_000 + WINDOW + 1, WINDOW), 5);
});

test.run();
