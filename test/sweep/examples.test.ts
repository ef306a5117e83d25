// The bundled planner examples: each sweep-*.yaml loads (its scenario, parameter paths and
// constraints check out), its constraints name metrics the scenario's run reports, and a sweep
// file given to `k8sim run` says to use `k8sim sweep`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadSweep } from '../../sweep/load.js';
import { loadScenario } from '../../scenarios/load.js';
import { runScenario } from '../../runner/simulate.js';
import { ScenarioErrors } from '../../scenarios/errors.js';
import { repoRoot } from './helpers.js';

const dir = join(repoRoot, 'scenarios', 'examples');
const sweeps = readdirSync(dir).filter((f) => /^sweep-.*\.yaml$/.test(f)).sort();

test('the planner sweeps are bundled', () => {
  assert.equal(sweeps, ['sweep-fewest-nodes.yaml', 'sweep-rollout-strategy.yaml', 'sweep-zone-recovery.yaml']);
});

for (const f of sweeps) {
  test(`${f} loads, and a run of its scenario reports every metric its constraints and objectives name`, () => {
    const def = loadSweep(join(dir, f));
    const names = [...def.constraints.map((c) => c.metric), ...def.objectives.map((o) => o.metric), ...(def.goalSeek?.constraints.map((c) => c.metric) ?? [])];
    assert.ok(names.length > 0);
    if (f === 'sweep-fewest-nodes.yaml') return; // a day of traffic: covered by its metrics' own tests
    const scenario = loadScenario(def.sourceFiles.filter((p) => p.endsWith('.yaml') && !p.endsWith(f)));
    const summary = runScenario(scenario, { seed: def.seeds[0]! }).summary;
    for (const m of names) assert.type(summary[m], 'number', m);
  });
}

test('zone recovery: about 350 s of detection and toleration plus the replacements starting', () => {
  const summary = runScenario(loadScenario([join(dir, 'planner-zone-outage.yaml')]), { seed: 3 }).summary;
  const r = summary['recovery_s.1'] as number;
  assert.ok(r > 350 && r < 420, String(r));
  assert.is(summary['recovery_unfinished'], 0);
});

test('a sweep file given to `k8sim run` says to run it with `k8sim sweep`', () => {
  try {
    loadScenario([join(dir, 'sweep-zone-recovery.yaml')]);
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ScenarioErrors);
    assert.match((e as Error).message, /sweep-zone-recovery\.yaml:\d+:\d+: kind: a Sweep is not a scenario: run it with `k8sim sweep .*sweep-zone-recovery\.yaml`/);
  }
});

test.run();
