// The peak windowed p99 and the warm-up window of a Service's traffic totals (ServiceTraffic,
// the class the flow model integrates every Service with).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ServiceTraffic } from '../../models/traffic/model.js';

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

test.run();
