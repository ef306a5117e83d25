// Sweeps a planner can trust: seed-only sweeps, goal seeking that stops on failed probes,
// --resume --retry-failed, and a sweep hash that covers the files a point reads (a Traffic
// CSV, resolved beside the scenario file in the workers too).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSweepCommand, type SweepCommandOptions } from '../../sweep/command.js';
import { loadSweep } from '../../sweep/load.js';
import { capture, fakeWorker, journalRuns, read, tempDir, writeCase } from './helpers.js';

async function sweep(file: string, out: string, extra: Partial<SweepCommandOptions> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await runSweepCommand({ file, out, workers: 2, worker: fakeWorker, quiet: true, handleSigint: false, stdout, stderr, ...extra });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

test('a sweep over seeds alone: one point, its spread across the seeds in points.csv', async () => {
  const dir = tempDir();
  const file = writeCase(dir, `  replications: 5\n  metrics: [p99_latency_s]\n`);
  const r = await sweep(file, join(dir, 'out'));
  assert.is(r.code, 0, r.stderr);
  const results = read(join(dir, 'out'), 'results.csv').trim().split('\n');
  assert.is(results.length, 1 + 5);
  const points = read(join(dir, 'out'), 'points.csv').trim().split('\n');
  assert.is(points.length, 2);
  const cols = points[0]!.split(',');
  const row = Object.fromEntries(points[1]!.split(',').map((v, k) => [cols[k]!, v]));
  assert.is(row['n_ok'], '5');
  const values = results.slice(1).map((l) => Number(l.split(',').at(-1))).sort((a, b) => a - b);
  assert.is(Number(row['p99_latency_s_min']), values[0]);
  assert.is(Number(row['p99_latency_s_max']), values[4]);
  assert.is(Number(row['p99_latency_s_p50']), values[2]);
  assert.ok(Number(row['p99_latency_s_sd']) > 0);
  assert.match(r.stdout, new RegExp(`across the seeds \\(5 ok runs\\):\n  p99_latency_s: mean ${row['p99_latency_s_mean']!.replace('.', '\\.')}, sd [0-9.]+, p50 ${row['p99_latency_s_p50']!.replace('.', '\\.')}, `));
});

test('random designs need parameters: a seed-only sweep with design random is refused at its line', async () => {
  const dir = tempDir();
  const file = writeCase(dir, `  design: random\n  samples: 3\n`);
  const r = await sweep(file, join(dir, 'out'));
  assert.is(r.code, 2);
  assert.match(r.stderr, /sweep\.yaml:\d+:\d+: spec\.design: design random samples parameters/);
});

test('goal seeking stops with a clear error when a probe fails, instead of "none in range"', async () => {
  const dir = tempDir();
  const file = writeCase(
    dir,
    `  replications: 2
  parameters:
    - {name: nodes, path: "Cluster/prod:spec.nodePools[0].count", integer: true}
  constraints: ["p99_latency_s <= 0.3"]
  goalSeek: {parameter: nodes, minimize: true, low: 1, high: 8}
`,
    { failSeeds: '2' },
  );
  const r = await sweep(file, join(dir, 'out'));
  assert.is(r.code, 1);
  assert.match(r.stderr, /goal seeking failed: probe nodes = 8: 1 of 2 runs failed \(p0-r1: error: fake runner: told to fail/);
  assert.match(r.stdout, /answer: unknown: probe nodes = 8/);
  assert.not.match(r.stdout, /none in range/);
  assert.match(read(join(dir, 'out'), 'goal.csv'), /,failed,,0\n$/);
});

test('--resume --retry-failed reruns the failed runs only; the new records win', async () => {
  const dir = tempDir();
  const flag = join(dir, 'broken');
  writeFileSync(flag, '');
  const log = join(dir, 'calls.log');
  const file = writeCase(
    dir,
    `  replications: 2
  parameters:
    - {name: nodes, path: "Cluster/prod:spec.nodePools[0].count", values: [2, 3]}
`,
    { failIfExists: flag, log },
  );
  const out = join(dir, 'out');
  assert.is((await sweep(file, out)).code, 0);
  assert.ok(journalRuns(out).every((r) => r.status === 'error'));
  rmSync(flag);
  // Without --retry-failed a resume keeps the failures.
  assert.is((await sweep(file, out, { resume: true })).code, 0);
  assert.is(read(dir, 'calls.log').trim().split('\n').length, 4);
  const r = await sweep(file, out, { resume: true, retryFailed: true });
  assert.is(r.code, 0, r.stderr);
  assert.is(read(dir, 'calls.log').trim().split('\n').length, 8);
  const rows = read(out, 'results.csv').trim().split('\n').slice(1);
  assert.is(rows.length, 4);
  assert.ok(rows.every((l) => l.includes(',ok,')), rows.join('\n'));
  // Everything ok now: a further retry runs nothing.
  await sweep(file, out, { resume: true, retryFailed: true });
  assert.is(read(dir, 'calls.log').trim().split('\n').length, 8);
  const refused = await sweep(file, join(dir, 'other'), { retryFailed: true });
  assert.is(refused.code, 2);
  assert.match(refused.stderr, /--retry-failed .* with --resume/);
});

function csvCase(): { dir: string; file: string } {
  const dir = tempDir();
  mkdirSync(join(dir, 'scn'));
  writeFileSync(join(dir, 'scn', 'rates.csv'), 'time_s,rate\n0,5\n60,20\n');
  writeFileSync(join(dir, 'scn', 'scenario.yaml'), `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: prod}
spec:
  nodePools: [{name: n, count: 1, cpu: "4", memory: 8Gi}]
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 2m}
---
apiVersion: k8sim/v1
kind: Traffic
spec:
  services:
    - {service: web, rate: {csv: rates.csv}, cpuPerRequest: 10}
`);
  const file = join(dir, 'sweep.yaml');
  writeFileSync(file, `apiVersion: k8sim/v1
kind: Sweep
metadata: {name: csv}
spec:
  scenario: scn/scenario.yaml
  replications: 1
`);
  return { dir, file };
}

test('the sweep hash covers a Traffic CSV the scenario reads; workers read it beside the scenario file', async () => {
  const { dir, file } = csvCase();
  const before = loadSweep(file).hash;
  assert.is(loadSweep(file).hash, before);
  writeFileSync(join(dir, 'scn', 'rates.csv'), 'time_s,rate\n0,5\n60,25\n');
  assert.is.not(loadSweep(file).hash, before);
  // The real simulator in a worker thread: 5 req/s for 60 s, then 25 req/s for 60 s.
  const out = join(dir, 'out');
  const code = await runSweepCommand({ file, out, workers: 1, quiet: true, handleSigint: false, stdout: capture(), stderr: capture() });
  assert.is(code, 0);
  const [run] = journalRuns(out) as unknown as Array<{ status: string; error: string; metrics: Record<string, number> }>;
  assert.is(run!.status, 'ok', run!.error);
  assert.is(run!.metrics['requests_total'], 1800);
});

test.run();
