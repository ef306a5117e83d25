// The realism check: percentiles as numpy computes them (linear), hours that agree, and
// compare-trace on a replay of the openb fixture — the trace side read back from the fixture's
// own wait_s column, the simulation side against the run's own cluster series.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { agreeingHours, percentile, runLength, runSide, traceSide } from '../../reports/trace-compare.js';
import { runFiles } from '../../runner/simulate.js';
import { loadScenario } from '../../scenarios/load.js';
import { compileTrace } from '../../scenarios/trace/compile.js';
import { CLI, packageRoot, scenarioFile, tempDir } from '../helpers.js';
import { openbScenario } from '../runner/trace-fixtures.js';

test('percentile: linear interpolation between closest ranks (numpy.percentile default)', () => {
  // numpy.percentile([1, 2, 3, 4], [50, 90, 99]) = [2.5, 3.7, 3.97]
  const s = [1, 2, 3, 4];
  assert.is(percentile(s, 50), 2.5);
  assert.ok(Math.abs(percentile(s, 90)! - 3.7) < 1e-12);
  assert.ok(Math.abs(percentile(s, 99)! - 3.97) < 1e-12);
  assert.is(percentile([7], 99), 7);
  assert.is(percentile([], 50), undefined);
});

test('agreeingHours: within the tolerance of the trace, or within 1 near zero', () => {
  const t = Float64Array.from([100, 100, 0, 10]);
  const s = Float64Array.from([109, 111, 1, 12]);
  // 109 of 100: yes; 111: no; 1 of 0: yes (within 1); 12 of 10: no (±10% of 10 is 1).
  assert.is(agreeingHours(t, s, 3, 0.1), 2);
});

test('compare-trace on the openb fixture: both sides, each checked against another source', () => {
  const file = scenarioFile(openbScenario());
  const out = join(tempDir(), 'out');
  runFiles([file], { seed: 1, out });
  const until = runLength(out);
  assert.is(until, 86_400_000);
  const t = compileTrace(loadScenario([file]).documents.find((d) => d.kind === 'Trace')!);
  const trace = traceSide(t, until);
  // The fixture's wait_s of rows created on or after day 115 and before the run's end.
  const rows = readFileSync(join(packageRoot(), 'test', 'fixtures', 'traces', 'openb_pods_small.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const inRun = rows.filter((r) => Number(r[1]) >= 9_936_000 && Number(r[1]) - 9_936_000 < 86_400);
  assert.equal(trace.waits, inRun.filter((r) => r[4] !== '').map((r) => Number(r[4])).sort((a, b) => a - b));
  assert.is(trace.neverScheduled, inRun.filter((r) => r[4] === '').length);
  assert.is(trace.aliveAtStart.size, 3);
  // The simulation side's hourly bound pods against the run's own pods_bound series.
  const sim = runSide(out, until, trace.aliveAtStart);
  const series = readFileSync(join(out, 'timeseries.csv'), 'utf8').trim().split('\n').map((l) => l.split(','))
    .filter((r) => r[1] === 'cluster' && r[3] === 'pods_bound');
  // Hour 0 is left out: the sample at 0 is taken before the pods created at 0 are bound.
  assert.is(series.length, 25);
  for (const r of series.slice(1)) {
    const h = Number(r[0]) / 3600;
    assert.is(sim.hourly.pods[h], Number(r[4]), `hour ${h}`);
  }
  // The CLI prints the table.
  const cli = spawnSync(process.execPath, [CLI(), 'compare-trace', out, '--trace', file], { encoding: 'utf8' });
  assert.is(cli.status, 0, cli.stderr);
  assert.match(cli.stdout, /scheduling delay p90 \(s\)/);
  assert.match(cli.stdout, /hours that agree \(±10%\)/);
});

test('compare-trace on a folder that is not a run: exit 2, one line', () => {
  const cli = spawnSync(process.execPath, [CLI(), 'compare-trace', tempDir(), '--trace', scenarioFile(openbScenario())], { encoding: 'utf8' });
  assert.is(cli.status, 2);
  assert.match(cli.stderr, /^error: .*not a k8sim run folder/);
});

test.run();
