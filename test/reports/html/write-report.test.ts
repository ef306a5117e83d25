// report.html on disk and the CLI: `k8sim report DIR`, `run --report`, `sweep --report`; bad
// input is one `error:` line and exit 2; a report.html k8sim did not write is never replaced.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runFiles } from '../../../runner/simulate.js';
import { GENERATOR } from '../../../reports/html/page-html.js';
import { REPORT_FILE, reportKind, writeReport } from '../../../reports/html/write-report.js';
import { CLI, packageRoot, tempDir } from '../../helpers.js';
import { fakeSweep, GRID } from './helpers.js';

const DEFAULT = () => join(packageRoot(), 'scenarios', 'examples', 'default.yaml');
const k8sim = (...args: string[]) => spawnSync(process.execPath, [CLI(), ...args], { encoding: 'utf8' });

test('writeReport writes DIR/report.html (ours replaced, no temp file left); a foreign report.html is kept', async () => {
  const out = join(tempDir(), 'out');
  runFiles([DEFAULT()], { seed: 42, out });
  const file = await writeReport(out);
  assert.is(file, join(out, REPORT_FILE));
  assert.ok(readFileSync(file, 'utf8').includes(`<meta name="generator" content="${GENERATOR}">`));
  await writeReport(out);
  assert.equal(readdirSync(out).filter((f) => f.includes('tmp')), []);
  writeFileSync(file, '<html>my notes</html>');
  await writeReport(out).then(
    () => assert.unreachable('should refuse'),
    (e: Error) => assert.match(e.message, /was not written by k8sim; refusing to replace it/),
  );
  assert.is(readFileSync(file, 'utf8'), '<html>my notes</html>');
});

test('same folder, same report.html bytes; the same run and seed elsewhere gives the same bytes too', async () => {
  const a = join(tempDir(), 'out');
  const b = join(tempDir(), 'out');
  runFiles([DEFAULT()], { seed: 42, out: a });
  runFiles([DEFAULT()], { seed: 42, out: b });
  const first = readFileSync(await writeReport(a));
  assert.ok(first.equals(readFileSync(await writeReport(a))));
  assert.ok(first.equals(readFileSync(await writeReport(b))), 'only the folder name is on the page, and both are named out');
});

test('CLI: sweep --report writes report.html into the sweep\'s --out folder', () => {
  const dir = tempDir();
  const sweep = join(dir, 'sweep.yaml');
  writeFileSync(
    sweep,
    `apiVersion: k8sim/v1\nkind: Sweep\nmetadata: {name: replicas}\nspec:\n  scenario: ${JSON.stringify(DEFAULT())}\n  replications: 1\n  parameters:\n    - name: web\n      path: Deployment/web:spec.replicas\n      values: [2, 4]\n  metrics: [pods_created, max_pending_s]\n`,
  );
  const out = join(dir, 'out');
  const r = k8sim('sweep', sweep, '--out', out, '--workers', '1', '--report', '--quiet');
  assert.is(r.status, 0, r.stderr);
  const html = readFileSync(join(out, REPORT_FILE), 'utf8');
  assert.ok(html.includes('id="chart-response-web-pods_created"'), 'a response curve per parameter and metric');
  const shard = k8sim('sweep', sweep, '--out', join(dir, 'shard'), '--shard', '1/2', '--report', '--quiet');
  assert.is(shard.status, 2);
  assert.is(shard.stderr, 'error: --report cannot go with --shard: run `k8sim report` on the folder `k8sim merge` writes\n');
  assert.not.ok(existsSync(join(dir, 'shard')), 'refused before running');
});

test('reportKind: run folder, sweep folder, anything else is an error naming the folder', async () => {
  const run = join(tempDir(), 'out');
  runFiles([DEFAULT()], { seed: 1, out: run });
  assert.is(reportKind(run), 'run');
  assert.is(reportKind(await fakeSweep(GRID)), 'sweep');
  const empty = tempDir();
  assert.throws(() => reportKind(empty), (e: Error) => e.message === `${empty}: not a k8sim output folder (no summary.csv of a run, no sweep.json of a sweep)`);
  assert.throws(() => reportKind(join(empty, 'nope')), (e: Error) => e.message === `${join(empty, 'nope')}: no such folder`);
});

test('CLI: run --report writes report.html beside the CSVs; report on a bad folder is exit 2 with one error line', () => {
  const out = join(tempDir(), 'out');
  const r = k8sim('run', DEFAULT(), '--seed', '42', '--out', out, '--report', '--quiet');
  assert.is(r.status, 0, r.stderr);
  assert.ok(existsSync(join(out, REPORT_FILE)));
  const again = k8sim('report', out);
  assert.is(again.status, 0, again.stderr);
  assert.is(again.stdout, `report written to ${join(out, REPORT_FILE)}\n`);

  const missing = join(tempDir(), 'missing');
  const bad = k8sim('report', missing);
  assert.is(bad.status, 2);
  assert.is(bad.stderr, `error: ${missing}: no such folder\n`);

  const noOut = k8sim('run', DEFAULT(), '--report');
  assert.is(noOut.status, 2);
  assert.is(noOut.stderr, 'error: --report needs --out DIR: the report is written as DIR/report.html\n');

  const broken = join(tempDir(), 'broken');
  mkdirSync(broken);
  writeFileSync(join(broken, 'summary.csv'), 'metric,value\n');
  const b = k8sim('report', broken);
  assert.is(b.status, 2);
  assert.is(b.stderr, `error: ${join(broken, 'timeseries.csv')}: missing (a k8sim output folder has it)\n`);
  assert.not.ok(existsSync(join(broken, REPORT_FILE)), 'nothing written');
});

test.run();
