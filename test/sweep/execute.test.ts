import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSweepCommand, type SweepCommandOptions } from '../../sweep/command.js';
import { capture, fakeWorker, journalRuns, read, tempDir, writeCase } from './helpers.js';

async function sweep(file: string, out: string, extra: Partial<SweepCommandOptions> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await runSweepCommand({ file, out, workers: 2, worker: fakeWorker, quiet: true, handleSigint: false, stdout, stderr, ...extra });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

// Delays differ per point so runs finish out of order when workers > 1.
const OUT_OF_ORDER = `  replications: 2
  parameters:
    - name: nodes
      path: Cluster/prod:spec.nodePools[0].count
      values: [2, 3]
    - name: delay
      path: ConfigMap/fake-runner:data.delayMs
      values: [40, 0, 15]
  constraints: ["p99_latency_s <= 0.3"]
  objectives: [{metric: cost, goal: min}, {metric: p99_latency_s, goal: min}]
`;

test('results.csv, points.csv and summary.txt are byte-identical for --workers 1, 2 and 3', async () => {
  const dir = tempDir();
  const file = writeCase(dir, OUT_OF_ORDER);
  const outs: string[] = [];
  for (const workers of [1, 2, 3]) {
    const out = join(dir, `w${workers}`);
    const r = await sweep(file, out, { workers });
    assert.is(r.code, 0, r.stderr);
    outs.push(out);
  }
  for (const f of ['results.csv', 'points.csv', 'summary.txt']) {
    assert.is(read(outs[1]!, f), read(outs[0]!, f), f);
    assert.is(read(outs[2]!, f), read(outs[0]!, f), f);
  }
  const results = read(outs[0]!, 'results.csv').trim().split('\n');
  assert.is(results.length, 1 + 12);
  assert.is(results[0], 'run_id,point,replication,seed,nodes,delay,status,error,checksum,cost,error_rate,events,max_pending_s,node_hours,p99_latency_s,pods');
  assert.ok(results[1]!.startsWith('p0-r0,0,0,1,2,40,ok,,'));
  assert.ok(results[12]!.startsWith('p5-r1,5,1,2,3,15,ok,,'));
  const points = read(outs[0]!, 'points.csv').trim().split('\n');
  assert.is(points.length, 1 + 6);
  const cols = points[0]!.split(',');
  assert.equal(cols.slice(0, 5), ['point', 'nodes', 'delay', 'n_ok', 'n_failed']);
  assert.equal(cols.slice(-3), ['constraints_ok', 'pareto', 'best']);
  assert.equal(cols.slice(5, 14), ['checksum_mean', 'checksum_sd', 'checksum_p50', 'checksum_p90', 'checksum_p99', 'checksum_min', 'checksum_max', 'checksum_ci95_low', 'checksum_ci95_high']);
  const row = (i: number): Record<string, string> => Object.fromEntries(points[i + 1]!.split(',').map((v, k) => [cols[k]!, v]));
  assert.is(row(0)['constraints_ok'], 'false'); // 2 nodes: p99 ≈ 0.65
  assert.is(row(3)['constraints_ok'], 'true'); // 3 nodes: p99 ≈ 0.25
  assert.is(row(0)['pareto'], 'false'); // cheapest, but infeasible: not on the front
  assert.is(row(3)['pareto'], 'true'); // fastest
  const front = [0, 1, 2, 3, 4, 5].filter((i) => row(i)['pareto'] === 'true');
  assert.ok(front.every((i) => row(i)['constraints_ok'] === 'true'), 'only feasible points on the front');
  const best = [0, 1, 2, 3, 4, 5].filter((i) => row(i)['best'] === 'true');
  assert.is(best.length, 1);
  // The best is the cheapest feasible point (cost first, then p99).
  const cost = (i: number) => Number(row(i)['cost_mean']);
  for (const i of front) assert.ok(cost(best[0]!) <= cost(i));
  assert.match(read(outs[0]!, 'summary.txt'), new RegExp(`best feasible point: ${best[0]} \\(nodes=`));
  assert.is(row(0)['n_ok'], '2');
  assert.ok(row(0)['p99_latency_s_ci95_low'] !== '');
});

test('a throwing run, a hanging run (timeout), a crashing worker and an event budget are recorded; the sweep finishes', async () => {
  const dir = tempDir();
  const file = writeCase(
    dir,
    `  replications: 2
  budget: {timeout: 2s, maxEvents: 5000}
  parameters:
    - name: mode
      path: ConfigMap/fake-runner:data.mode
      values: [crash, ok, throw, hang, budget]
`,
  );
  // One worker: after the crash, every later run needs the replacement worker. The timeout
  // leaves room for that worker's start-up on a loaded machine (600 ms flaked at load 19).
  const r = await sweep(file, join(dir, 'out'), { workers: 1 });
  assert.is(r.code, 0, r.stderr);
  const rows = read(join(dir, 'out'), 'results.csv').trim().split('\n').slice(1).map((l) => l.split(','));
  assert.equal(rows.map((c) => `${c[4]}:${c[5]}`), [
    'crash:error', 'crash:error', 'ok:ok', 'ok:ok', 'throw:error', 'throw:error', 'hang:timeout', 'hang:timeout', 'budget:timeout', 'budget:timeout',
  ]);
  assert.match(rows[0]![6]!, /^worker died: /);
  assert.match(rows[4]![6]!, /fake runner: told to fail \(seed 1\)/);
  assert.match(rows[6]![6]!, /run exceeded the per-run timeout of 2000ms/);
  assert.match(rows[8]![6]!, /event budget exceeded/);
  assert.match(r.stdout, /recorded: 10 \(ok 2, failed 8\), missing: 0/);
  const points = read(join(dir, 'out'), 'points.csv').trim().split('\n');
  assert.ok(points[1]!.startsWith('0,crash,0,2,'));
  assert.ok(points[2]!.startsWith('1,ok,2,0,'));
});

test('maxEvents is passed to the runner', async () => {
  const dir = tempDir();
  const file = writeCase(
    dir,
    `  budget: {maxEvents: 5000}
  parameters:
    - name: events
      path: ConfigMap/fake-runner:data.events
      values: [100, 10000]
`,
  );
  const r = await sweep(file, join(dir, 'out'));
  assert.is(r.code, 0);
  assert.equal(journalRuns(join(dir, 'out')).sort((a, b) => a.index - b.index).map((x) => x.status), ['ok', 'timeout']);
});

test('--resume skips recorded runs (runner invocations counted) and rebuilds identical outputs', async () => {
  const dir = tempDir();
  const log = join(dir, 'invocations.log');
  const file = writeCase(dir, OUT_OF_ORDER, { log });
  const full = join(dir, 'full');
  assert.is((await sweep(file, full)).code, 0);
  assert.is(readFileSync(log, 'utf8').trim().split('\n').length, 12);

  // Simulate a sweep that died after 5 runs, mid-way through writing a 6th line.
  const part = join(dir, 'part');
  assert.is((await sweep(file, part)).code, 0);
  const lines = read(part, 'runs.jsonl').split('\n');
  writeFileSync(join(part, 'runs.jsonl'), `${lines.slice(0, 6).join('\n')}\n${lines[6]!.slice(0, 20)}`);
  rmSync(join(part, 'results.csv'));
  rmSync(log);

  const again = await sweep(file, part, { resume: true });
  assert.is(again.code, 0, again.stderr);
  assert.is(readFileSync(log, 'utf8').trim().split('\n').length, 12 - 5);
  assert.is(journalRuns(part).length, 12);
  for (const f of ['results.csv', 'points.csv', 'summary.txt']) assert.is(read(part, f), read(full, f), f);

  // Resuming a finished sweep runs nothing.
  rmSync(log);
  assert.is((await sweep(file, part, { resume: true })).code, 0);
  assert.not.ok(existsSync(log));
});

test('refuses to resume a different sweep, and to overwrite a journal without --resume', async () => {
  const dir = tempDir();
  const file = writeCase(dir, OUT_OF_ORDER);
  const out = join(dir, 'out');
  assert.is((await sweep(file, out)).code, 0);
  const again = await sweep(file, out);
  assert.is(again.code, 2);
  assert.match(again.stderr, /already exists: resume it with/);
  writeFileSync(file, read(dir, 'sweep.yaml').replace('values: [2, 3]', 'values: [2, 4]'));
  const other = await sweep(file, out, { resume: true });
  assert.is(other.code, 2);
  assert.match(other.stderr, /refusing to resume: .* different sweep definition/);
});

test('interrupt: stops dispatching, flushes the journal, writes partial CSVs, exits 130 with a resume hint', async () => {
  const dir = tempDir();
  const file = writeCase(
    dir,
    `  parameters:
    - name: nodes
      path: Cluster/prod:spec.nodePools[0].count
      values: [1, 2, 3, 4, 5, 6, 7, 8]
`,
    { delayMs: 150 },
  );
  const out = join(dir, 'out');
  const ac = new AbortController();
  // Ctrl-C once the first run is in the journal (robust to a slow, shared machine).
  const poll = setInterval(() => {
    if (existsSync(join(out, 'runs.jsonl')) && journalRuns(out).length >= 1) {
      clearInterval(poll);
      ac.abort();
    }
  }, 20);
  const r = await sweep(file, out, { workers: 1, signal: ac.signal });
  clearInterval(poll);
  assert.is(r.code, 130);
  assert.match(r.stderr, /interrupted: \d+ of 8 runs are recorded/);
  assert.match(r.stderr, /resume with: k8sim sweep .* --resume/);
  const done = journalRuns(out).length;
  assert.ok(done >= 1 && done < 8, `${done} runs`);
  assert.is(read(out, 'results.csv').trim().split('\n').length, 1 + done);
  assert.is(read(out, 'points.csv').trim().split('\n').length, 1 + 8);

  const resumed = await sweep(file, out, { workers: 2, resume: true });
  assert.is(resumed.code, 0, resumed.stderr);
  const fresh = join(dir, 'fresh');
  assert.is((await sweep(file, fresh, { workers: 1 })).code, 0);
  for (const f of ['results.csv', 'points.csv', 'summary.txt']) assert.is(read(out, f), read(fresh, f), f);
});

test('the default runner runs the real simulator: one row per run with its summary metrics', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'scenario.yaml'), `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: prod}
spec:
  nodePools: [{name: a, count: 1, cpu: "1", memory: 4Gi}]
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 1m}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: "img:1", resources: {requests: {cpu: 400m}}}]
`);
  const file = join(dir, 'sweep.yaml');
  writeFileSync(file, `apiVersion: k8sim/v1
kind: Sweep
metadata: {name: real}
spec:
  scenario: scenario.yaml
  parameters:
    - name: nodes
      path: Cluster/prod:spec.nodePools[0].count
      values: [1, 2]
  metrics: [pods_unscheduled, pods_running]
`);
  const code = await runSweepCommand({ file, out: join(dir, 'out'), workers: 1, quiet: true, handleSigint: false, stdout: capture(), stderr: capture() });
  assert.is(code, 0);
  const runs = journalRuns(join(dir, 'out'));
  assert.is(runs.length, 2);
  for (const r of runs) assert.is(r.status, 'ok', r.error);
  const results = read(join(dir, 'out'), 'results.csv');
  // 400m pods on 1-cpu nodes: two fit per node, so one node leaves two pending, two nodes none.
  const lines = results.trim().split('\n');
  const header = lines[0]!.split(',');
  const col = (row: string, name: string) => row.split(',')[header.indexOf(name)];
  assert.is(col(lines[1]!, 'pods_unscheduled'), '2');
  assert.is(col(lines[2]!, 'pods_unscheduled'), '0');
});

test('a point the simulator refuses is an error row naming the scenario file, line and column', async () => {
  const dir = tempDir();
  const scenario = join(dir, 'scenario.yaml');
  writeFileSync(scenario, `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: prod}
spec:
  nodePools: [{name: a, count: 1, cpu: "1", memory: 4Gi}]
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 10s}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: "img:1"}]
`);
  const file = join(dir, 'sweep.yaml');
  writeFileSync(file, `apiVersion: k8sim/v1
kind: Sweep
metadata: {name: refused}
spec:
  scenario: scenario.yaml
  parameters:
    - name: replicas
      path: ReplicaSet/web:spec.replicas
      values: [1, -1]
`);
  const code = await runSweepCommand({ file, out: join(dir, 'out'), workers: 1, quiet: true, handleSigint: false, stdout: capture(), stderr: capture() });
  assert.is(code, 0);
  const runs = journalRuns(join(dir, 'out'));
  assert.equal(runs.map((r) => r.status), ['ok', 'error']);
  // The point's documents reach the worker parsed, with the scenario file's positions: line 15 is
  // `  replicas: 1`, its value at column 13.
  assert.is(runs[1]!.error, `${scenario}:15:13: spec.replicas: must be >= 0, not -1`);
});

test('a bad sweep file exits 2 with file:line:column', async () => {
  const dir = tempDir();
  const file = writeCase(dir, `  parameters:\n    - name: nodes\n      path: Cluster/prod:spec.nodez\n      values: [1]\n`);
  const r = await sweep(file, join(dir, 'out'));
  assert.is(r.code, 2);
  assert.match(r.stderr, /sweep\.yaml:9:13: spec\.parameters\[0\]\.path: .*no such field/);
});

test('a broken scenario exits 2 at load time with its file:line:column, before any run', async () => {
  const dir = tempDir();
  const log = join(dir, 'invocations.log');
  const file = writeCase(dir, `  parameters:\n    - name: nodes\n      path: Cluster/prod:spec.nodePools[0].count\n      values: [1]\n`, { log });
  writeFileSync(join(dir, 'scenario.yaml'), read(dir, 'scenario.yaml').replace('replicas: 2', 'replicas: two'));
  const r = await sweep(file, join(dir, 'out'));
  assert.is(r.code, 2);
  assert.match(r.stderr, /scenario\.yaml:\d+:\d+: spec\.replicas: /);
  assert.match(r.stderr, /sweep\.yaml:6:13: spec\.scenario: cannot load scenario "scenario\.yaml"/);
  assert.not.ok(existsSync(log));
});

test.run();
