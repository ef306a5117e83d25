import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runSweepCommand } from '../../sweep/command.js';
import { RunPool } from '../../sweep/pool.js';
import {
  LEAN_INLINING_BUDGET,
  leanJitActive,
  leanJitFor,
  V8_INLINING_BUDGET,
  wantsLeanJit,
} from '../../sweep/worker-v8.js';
import { capture, read, tempDir } from './helpers.js';

test('wantsLeanJit: when the workers fill the cores or K8SIM_SWEEP_V8=lean; never under default or a flag the user gave node', () => {
  const flag = '--max-inlined-bytecode-size-cumulative=500';
  const rows: Array<[number, number, Record<string, string>, string[], boolean]> = [
    [2, 2, {}, [], true],
    [3, 2, {}, [], true],
    [1, 2, {}, [], false], // an idle core runs TurboFan's jobs for free
    [1, 1, {}, [], true], // one worker where the process sees one CPU
    [1, 2, { K8SIM_SWEEP_V8: 'lean' }, [], true],
    [2, 2, { K8SIM_SWEEP_V8: 'default' }, [], false],
    [2, 2, {}, [flag], false],
    [2, 2, { NODE_OPTIONS: `--enable-source-maps ${flag}` }, [], false],
    [2, 2, { NODE_OPTIONS: '--max_inlined_bytecode_size_cumulative=500' }, [], false],
  ];
  for (const [workers, cores, env, argv, want] of rows) assert.is(wantsLeanJit(workers, cores, env, argv), want, JSON.stringify([workers, cores, env, argv]));
});

test('leanJitFor: sets the budget for the first such pool, puts V8 back when the last closes; a release twice counts once', () => {
  const set: string[] = [];
  const opts = { cores: 2, env: {}, execArgv: [], setFlags: (f: string) => set.push(f) };
  const a = leanJitFor(2, opts);
  const b = leanJitFor(2, opts);
  const idle = leanJitFor(1, opts);
  assert.equal(set, [`--max-inlined-bytecode-size-cumulative=${LEAN_INLINING_BUDGET}`]);
  idle();
  a();
  a();
  assert.is(set.length, 1);
  assert.ok(leanJitActive());
  b();
  assert.equal(set, [`--max-inlined-bytecode-size-cumulative=${LEAN_INLINING_BUDGET}`, `--max-inlined-bytecode-size-cumulative=${V8_INLINING_BUDGET}`]);
  assert.not.ok(leanJitActive());
});

test('a pool with a worker per core holds the lean budget while open, and releases it on close', async () => {
  const dir = tempDir();
  const worker = join(dir, 'noop-worker.mjs');
  writeFileSync(worker, `export default () => ({ status: 'ok', error: '', wallMs: 0, maxRssKb: 0, heapPeakBytes: 0, metrics: {} });
`);
  const pool = new RunPool(availableParallelism(), { base: { documents: [], origins: [] }, paths: [] }, pathToFileURL(worker).href);
  assert.is(leanJitActive(), process.env['K8SIM_SWEEP_V8'] !== 'default' && !process.execArgv.some((a) => a.includes('inlined-bytecode')));
  await pool.close();
  assert.not.ok(leanJitActive());
});

test('the real simulator gives byte-identical results with the worker settings (K8SIM_SWEEP_V8=lean) and with V8 defaults', async () => {
  const dir = tempDir();
  writeFileSync(
    join(dir, 'scenario.yaml'),
    `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: prod}
spec:
  nodePools: [{name: a, count: 2, cpu: "2", memory: 4Gi}]
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 10m}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 6
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: "img:1", resources: {requests: {cpu: 400m}}}]
`,
  );
  const file = join(dir, 'sweep.yaml');
  writeFileSync(
    file,
    `apiVersion: k8sim/v1
kind: Sweep
metadata: {name: v8}
spec:
  scenario: scenario.yaml
  replications: 2
  parameters:
    - {name: nodes, path: "Cluster/prod:spec.nodePools[0].count", values: [1, 2]}
  metrics: [pods_unscheduled, pods_running, mean_pending_s]
`,
  );
  const sweep = async (out: string): Promise<void> => {
    const stderr = capture();
    const code = await runSweepCommand({ file, out: join(dir, out), workers: 2, quiet: true, handleSigint: false, stdout: capture(), stderr });
    assert.is(code, 0, stderr.text());
  };
  const before = process.env['K8SIM_SWEEP_V8'];
  try {
    process.env['K8SIM_SWEEP_V8'] = 'lean';
    await sweep('tuned');
    process.env['K8SIM_SWEEP_V8'] = 'default';
    await sweep('default');
  } finally {
    if (before === undefined) delete process.env['K8SIM_SWEEP_V8'];
    else process.env['K8SIM_SWEEP_V8'] = before;
  }
  for (const f of ['results.csv', 'points.csv', 'summary.txt']) assert.is(read(join(dir, 'tuned'), f), read(join(dir, 'default'), f), f);
  assert.is(read(join(dir, 'tuned'), 'results.csv').trim().split('\n').length, 1 + 4);
});

test.run();
