// The sweep report's page model, built from sweeps run here with the fake runner
// (sweep/testing/fake-worker.js), cross-checked against points.csv and goal.csv.
import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadSweepData } from '../../../reports/html/sweep-data.js';
import { sweepPage } from '../../../reports/html/sweep-page.js';
import { fakeSweep, GOAL, GRID } from './helpers.js';

function csvRows(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((c, i) => [cols[i]!, c])));
}

test('grid: Pareto plot of the two objectives, constraint line with its failing side, response curves match points.csv means', async () => {
  const out = await fakeSweep(GRID);
  const page = sweepPage(await loadSweepData(out));
  const charts = page.sections.flatMap((s) => s.charts);
  const pareto = charts.find((c) => c.id === 'chart-pareto')!;
  const points = csvRows(join(out, 'points.csv'));
  assert.equal(pareto.xs, points.map((p) => Number(p.cost_mean)).sort((a, b) => a - b));
  const feasible = pareto.series.find((s) => s.label === 'meets constraints');
  assert.is(feasible?.values.filter((v) => v !== null).length ?? 0, points.filter((p) => p.constraints_ok === 'true').length);
  assert.equal(pareto.hlines, [{ value: 0.3, label: 'p99_latency_s <= 0.3 (below meets it)', fails: 'above' }]);
  // One parameter: the response mean at each value is that point's mean in points.csv (computed by sweep/stats).
  const curve = charts.find((c) => c.id === 'chart-response-nodes-p99_latency_s')!;
  assert.equal(curve.xs, [2, 3, 4]);
  curve.series[0]!.values.forEach((v, i) => assert.ok(Math.abs(v! - Number(points[i]!.p99_latency_s_mean)) < 1e-9, `mean at nodes=${curve.xs[i]}`));
  curve.series[1]!.values.forEach((v, i) => assert.ok(Math.abs(v! - Number(points[i]!.p99_latency_s_min)) < 1e-9, `min at nodes=${curve.xs[i]}`));
  curve.series[2]!.values.forEach((v, i) => assert.ok(Math.abs(v! - Number(points[i]!.p99_latency_s_max)) < 1e-9, `max at nodes=${curve.xs[i]}`));
  assert.ok(page.sections.some((s) => s.tables?.some((t) => t.id === 'table-points' && t.rows.length === points.length)));
});

test('goal seek: the probes in order, feasible ones marked, the answer drawn', async () => {
  const out = await fakeSweep(GOAL);
  const page = sweepPage(await loadSweepData(out));
  const chart = page.sections.flatMap((s) => s.charts).find((c) => c.id === 'chart-goal-probes')!;
  const [goal] = csvRows(join(out, 'goal.csv'));
  const points = csvRows(join(out, 'points.csv'));
  assert.is(chart.xs.length, Number(goal!.probes));
  assert.equal(chart.series[0]!.values, points.map((p) => Number(p.nodes)));
  assert.equal(chart.hlines?.map((h) => h.value), [Number(goal!.answer)]);
  assert.ok(page.headline.some((h) => h.text === `Goal: nodes = ${goal!.answer} (${goal!.probes} probes)`));
});

test('a shard folder is refused with the merge hint', async () => {
  const out = await fakeSweep(GRID);
  renameSync(join(out, 'points.csv'), join(out, 'points.shard-1-of-2.csv'));
  await loadSweepData(out).then(
    () => assert.unreachable('should fail'),
    (e: Error) => assert.match(e.message, /k8sim merge/),
  );
});

test.run();
