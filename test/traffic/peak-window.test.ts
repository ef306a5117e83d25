// The peak windowed p99 and the warm-up window of a Service's traffic totals (ServiceTraffic,
// the class the flow model integrates every Service with).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ServiceTraffic } from '../../models/traffic/model.js';
import { absSurvival, ABS_POINTS, normQueue, quantileFromGrid } from '../../models/traffic/pod-queue.js';

/** Hold a fixed latency at a served rate from the last integration until `until`. */
function hold(st: ServiceTraffic, latency: number, rate: number, from: number, until: number): void {
  st.integrate(from);
  st.offered = rate;
  st.served = rate;
  st.errors = 0;
  st.p99 = latency;
  st.setMixture([], latency);
  st.integrate(until);
}

const spec = { namespace: 'default', service: 'web', cpuPerRequest: 10 };

test('peak p99 is the worst 1-minute window; a window mixing two states lies between them', () => {
  const st = new ServiceTraffic(spec);
  hold(st, 0.1, 10, 0, 120_000);
  hold(st, 0.5, 10, 120_000, 150_000); // half of window [120 s, 180 s) at 0.5 s
  hold(st, 0.1, 10, 150_000, 600_000);
  st.closeWindow();
  assert.ok(st.peakP99 > 0.4 && st.peakP99 <= 0.5, `peak ${st.peakP99}`);
  assert.ok(st.runP99() < st.peakP99, 'the whole-run p99 hides the bad minute');
});

test('a state held for many windows reports its own p99 exactly, whatever the split', () => {
  const st = new ServiceTraffic(spec);
  hold(st, 0.25, 5, 0, 3_600_000);
  hold(st, 0.25, 5, 3_600_000, 3_630_000); // a recompute that changed nothing, mid-window
  hold(st, 0.25, 5, 3_630_000, 7_200_000);
  st.closeWindow();
  assert.is(st.peakP99, 0.25);
});

test('peakWindow chooses the window: a 30 s burst fills a 30 s window, not a 10 min one', () => {
  const run = (windowMs: number): number => {
    const st = new ServiceTraffic(spec, { windowMs });
    hold(st, 0.1, 10, 0, 600_000);
    hold(st, 1, 0.01, 600_000, 630_000); // few slow requests
    hold(st, 0.1, 10, 630_000, 1_200_000);
    st.closeWindow();
    return st.peakP99;
  };
  assert.is(run(30_000), 1);
  assert.ok(run(600_000) < 0.5);
});

test('warm-up: requests, errors and latency before it are left out', () => {
  const st = new ServiceTraffic(spec, { warmupMs: 60_000 });
  hold(st, 2, 10, 0, 60_000); // the cold start: slow, and excluded
  hold(st, 0.1, 10, 60_000, 600_000);
  st.closeWindow();
  assert.is(Math.round(st.requests), 5400);
  assert.is(st.peakP99, 0.1);
  const cold = new ServiceTraffic(spec);
  hold(cold, 2, 10, 0, 60_000);
  hold(cold, 0.1, 10, 60_000, 600_000);
  cold.closeWindow();
  assert.is(cold.peakP99, 2);
  assert.is(Math.round(cold.requests), 6000);
});


// A window's first part is kept as a factor and added into the grid only when needed
// (ServiceTraffic.addToWindow / settleWindow): the peak must be what the grid of every part gives.

/** Hold the mixture of one queue (c = 4, K = 24) at offered load `a`, μ = mu, served `rate`. */
function holdQueue(st: ServiceTraffic, a: number, mu: number, rate: number, from: number, until: number): { w: number; sv: Float64Array } {
  st.integrate(from);
  const q = normQueue(4, 24, a);
  st.offered = st.served = rate;
  st.errors = 0;
  st.p99 = q.p99 / mu;
  st.setMixture([{ q, mu, weight: rate }]);
  st.integrate(until);
  return { w: rate, sv: absSurvival(q, mu) };
}

test('peak window: one part per window takes its p99; a window of two mixtures gets their grid, clamped', () => {
  const st = new ServiceTraffic(spec);
  // Windows [0, 60 s) and [60 s, 120 s) at one state each, then [120 s, 180 s) split 20 s / 40 s.
  const p1 = holdQueue(st, 1.5, 10, 6, 0, 60_000);
  const p2 = holdQueue(st, 3.9, 10, 15, 60_000, 120_000);
  assert.is(st.peakP99, normQueue(4, 24, 1.5).p99 / 10 > normQueue(4, 24, 3.9).p99 / 10 ? normQueue(4, 24, 1.5).p99 / 10 : normQueue(4, 24, 3.9).p99 / 10);
  const before = st.peakP99;
  const a = holdQueue(st, 3.2, 2, 6, 120_000, 140_000);
  const b = holdQueue(st, 1.0, 5, 3, 140_000, 180_000);
  st.integrate(200_000); // closes [120 s, 180 s)
  // The grid as every part adds it: winAcc[j] = (0 + k1·(0 + w1·S1[j])) + k2·(0 + w2·S2[j]).
  const acc = new Float64Array(ABS_POINTS);
  const k1 = (6 * 20) / a.w;
  const k2 = (3 * 40) / b.w;
  for (let j = 0; j < ABS_POINTS; j++) acc[j] = 0 + k1 * (0 + a.w * a.sv[j]!) + k2 * (0 + b.w * b.sv[j]!);
  const lo = Math.min(normQueue(4, 24, 3.2).p99 / 2, normQueue(4, 24, 1.0).p99 / 5);
  const hi = Math.max(normQueue(4, 24, 3.2).p99 / 2, normQueue(4, 24, 1.0).p99 / 5);
  const want = Math.min(hi, Math.max(lo, quantileFromGrid(acc, 0 + 6 * 20 + 3 * 40, 0.99)));
  assert.ok(want > lo && want < hi, 'the two-part window lies strictly between its parts');
  assert.is(st.peakP99, Math.max(before, want));
  assert.ok(p1.w > 0 && p2.w > 0);
});

test.run();
