// Simulation.spec.timeseries.scopes: which scopes timeseries.csv gets, the default by cluster
// size, and that the choice changes nothing but those rows (plus one summary line).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AGGREGATES_ONLY_ABOVE_NODES, SERIES_SCOPES, type SeriesScope } from '../../models/metrics.js';
import { formatSummaryTable } from '../../reports/summary.js';
import { chooseScopes, scenarioNodes, timeseriesScopes } from '../../reports/timeseries.js';
import { runBuilt, runFiles } from '../../runner/simulate.js';
import { buildScenario } from '../../scenarios/build.js';
import { ScenarioErrors } from '../../scenarios/errors.js';
import { loadScenario } from '../../scenarios/load.js';
import { clusterYaml, packageRoot, scenarioFile, tempDir } from '../helpers.js';

const sorted = (s: ReadonlySet<string>) => [...s].sort();

test('default: every scope up to the threshold, cluster and pool above; a list in the scenario wins', () => {
  assert.equal(sorted(chooseScopes(undefined, 3)), [...SERIES_SCOPES].sort());
  assert.equal(sorted(chooseScopes(undefined, AGGREGATES_ONLY_ABOVE_NODES)), [...SERIES_SCOPES].sort());
  assert.equal(sorted(chooseScopes(undefined, AGGREGATES_ONLY_ABOVE_NODES + 1)), ['cluster', 'pool']);
  assert.equal(sorted(chooseScopes(['service'], 5000)), ['service']);
  assert.equal(sorted(chooseScopes([], 3)), []);
});

const pools = (autoscaler: string) => `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: c}
spec:
  nodePools:
    - {name: a, count: 300, cpu: "4", memory: 8Gi}
    - {name: b, count: 100, minCount: 1, maxCount: 400, cpu: "4", memory: 8Gi}
${autoscaler}---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 1m}
`;

test('the node count of the default: Σ pool count, maxCount when the cluster autoscaler runs', () => {
  const build = (yaml: string) => buildScenario(loadScenario([scenarioFile(yaml)]));
  assert.is(scenarioNodes(build(pools(''))), 400);
  assert.is(scenarioNodes(build(pools('  autoscaler: {}\n'))), 700);
  assert.is(scenarioNodes(build(pools('  autoscaler: {enabled: false}\n'))), 400);
  assert.equal(sorted(timeseriesScopes(build(pools('  autoscaler: {}\n')))), ['cluster', 'pool']);
});

test('Simulation.spec.timeseries.scopes parses, and an unknown scope is an error with a suggestion', () => {
  const yaml = (scopes: string) => clusterYaml().replace('  duration: 2m\n', `  duration: 2m\n  timeseries: {scopes: ${scopes}}\n`);
  const built = buildScenario(loadScenario([scenarioFile(yaml('[service, hpa]'))]));
  assert.equal(built.timeseriesScopes, ['service', 'hpa']);
  try {
    buildScenario(loadScenario([scenarioFile(yaml('[cluster, pol]'))]));
    assert.unreachable('pol is not a scope');
  } catch (e) {
    if (!(e instanceof ScenarioErrors)) throw e;
    assert.match(e.message, /spec\.timeseries\.scopes\[1\]: must be one of "cluster", "pool".*did you mean "pool"/);
  }
});

const lines = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8').split('\n');

test('choosing scopes writes exactly those rows; every other output is unchanged but one summary line', () => {
  const file = join(packageRoot(), 'scenarios', 'examples', 'hpa-walkthrough.yaml');
  // The first 10 minutes of the walkthrough (load generator on, HPA scaling) keep the test quick.
  const run = (scopes: SeriesScope[] | undefined) => {
    const out = join(tempDir(), 'out');
    const built = buildScenario(loadScenario([file]));
    built.duration = 600_000;
    if (scopes) built.timeseriesScopes = scopes;
    return { out, r: runBuilt(built, { seed: 42, out }) };
  };
  const all = run(undefined).out;
  const chosen: SeriesScope[] = ['hpa', 'cluster', 'pool'];
  const { out: some, r } = run(chosen);

  const ts = lines(all, 'timeseries.csv');
  const scopesSeen = new Set(ts.slice(1, -1).map((l) => l.split(',')[1]));
  assert.equal(sorted(scopesSeen), [...SERIES_SCOPES].sort(), 'the example has every scope');
  const expected = ts.filter((l, i) => i === 0 || l === '' || chosen.includes(l.split(',')[1] as SeriesScope));
  assert.equal(lines(some, 'timeseries.csv'), expected);
  for (const f of ['events.csv', 'pods.csv', 'rollouts.csv', 'timeline.csv']) {
    assert.ok(readFileSync(join(all, f)).equals(readFileSync(join(some, f))), `${f} unchanged`);
  }
  const summary = lines(all, 'summary.csv');
  assert.not.ok(summary.some((l) => l.startsWith('timeseries_scopes,')), 'all scopes written: no line');
  const withNote = lines(some, 'summary.csv');
  assert.ok(withNote.includes('timeseries_scopes,cluster pool hpa'), 'the scopes written, in SERIES_SCOPES order');
  assert.equal(withNote.filter((l) => !l.startsWith('timeseries_scopes,')), summary);
  assert.match(formatSummaryTable(r.summary), /timeseries_scopes +cluster pool hpa +\(timeseries\.csv; the others with Simulation\.spec\.timeseries\.scopes\)/);
});

test('above the threshold a run writes only cluster and pool rows by default, and says so', () => {
  const yaml = clusterYaml({ nodes: AGGREGATES_ONLY_ABOVE_NODES + 1, duration: '30s' }) + `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: nginx, resources: {requests: {cpu: 100m}}}]}
`;
  const out = join(tempDir(), 'big');
  const r = runFiles([scenarioFile(yaml)], { seed: 1, out });
  const rows = lines(out, 'timeseries.csv').slice(1, -1);
  assert.ok(rows.length > 0);
  assert.equal(sorted(new Set(rows.map((l) => l.split(',')[1]))), ['cluster', 'pool']);
  assert.is(r.summary.timeseries_scopes, 'cluster pool');
  assert.ok(lines(out, 'summary.csv').includes('timeseries_scopes,cluster pool'));
});

test.run();
