// The Traffic kind and the bundled traffic examples: they validate against the schema and build
// into the flow model's spec (CSV replay read relative to the scenario file).
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ProfileCursor } from '../../models/traffic/profile.js';
import { buildScenario } from '../../scenarios/build.js';
import { loadScenario } from '../../scenarios/load.js';
import { RandomStreams } from '../../sim/index.js';
import { packageRoot } from '../helpers.js';

const root = packageRoot();

for (const name of ['hpa-walkthrough', 'frontend-backend', 'diurnal-web']) {
  test(`example ${name} loads and builds its Traffic`, () => {
    const built = buildScenario(loadScenario([join(root, 'scenarios', 'examples', `${name}.yaml`)]));
    assert.ok(built.traffic && built.traffic.services.length > 0);
  });
}

test('walkthrough: metrics pipeline from the Cluster spec, steps in ms', () => {
  const built = buildScenario(loadScenario([join(root, 'scenarios', 'examples', 'hpa-walkthrough.yaml')]));
  assert.equal(built.metricsPipeline, { resolution: 15_000, window: 15_000 });
  assert.equal(built.traffic!.services[0]!.rate!.base, { steps: [{ at: 0, rate: 0 }, { at: 60_000, rate: 35 }, { at: 660_000, rate: 0 }] });
  assert.is(built.traffic!.services[0]!.slo!.latencyP99, 0.5);
});

test('CSV replay is read relative to the scenario file and held between rows', () => {
  const built = buildScenario(loadScenario([join(root, 'test', 'fixtures', 'traffic', 'replay.yaml')]));
  const rate = built.traffic!.services[0]!.rate!;
  const c = new ProfileCursor(rate, 60_000, new RandomStreams(1).stream('x'));
  assert.is(c.rate(30_000), 5);
  assert.is(c.nextChange(30_000), 60_000);
  assert.is(c.rate(90_000), 20);
  assert.is(c.rate(500_000), 10);
  assert.is(c.nextChange(500_000), Infinity);
});

test('profiles: diurnal peaks at peakHour, ramp is discretised at the resolution, spikes add', () => {
  const rng = new RandomStreams(1).stream('x');
  const d = new ProfileCursor({ base: { diurnal: { min: 10, max: 110, peakHour: 14 } } }, 60_000, rng);
  assert.ok(Math.abs(d.rate(14 * 3_600_000) - 110) < 0.01);
  assert.ok(Math.abs(d.rate(2 * 3_600_000) - 10) < 0.01);
  assert.is(d.nextChange(14 * 3_600_000 + 1), 14 * 3_600_000 + 60_000);
  const r = new ProfileCursor({ base: { ramp: { from: 0, to: 100, start: 0, duration: 100_000 } }, spikes: [{ at: 200_000, duration: 10_000, rate: 7 }] }, 10_000, rng);
  assert.is(r.rate(0), 5); // bucket midpoint
  assert.is(r.rate(150_000), 100);
  assert.is(r.rate(205_000), 107);
  assert.is(r.nextChange(150_000), 200_000);
});

test.run();
