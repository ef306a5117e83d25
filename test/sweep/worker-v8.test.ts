import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runSweepCommand } from '../../sweep/command.js';
import { RunPool } from '../../sweep/pool.js';
import { WORKER_YOUNG_GENERATION_MB, workerResourceLimits } from '../../sweep/worker-v8.js';
import { capture, read, tempDir } from './helpers.js';

test('workerResourceLimits: a larger young generation per worker; none under K8SIM_SWEEP_V8=default', () => {
  assert.equal(workerResourceLimits({}), { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB });
  assert.ok(WORKER_YOUNG_GENERATION_MB > 48, 'above the 48 MiB V8 gives a worker by default');
  assert.equal(workerResourceLimits({ K8SIM_SWEEP_V8: 'default' }), {});
});

test("the pool's workers run with the young generation set (as each worker sees its own limits)", async () => {
  const dir = tempDir();
  const worker = join(dir, 'limits-worker.mjs');
  writeFileSync(
    worker,
    `import { resourceLimits } from 'node:worker_threads';
export default () => ({ status: 'ok', error: '', wallMs: 0, maxRssKb: 0, heapPeakBytes: 0, metrics: { young: resourceLimits.maxYoungGenerationSizeMb } });
`,
  );
  const pool = new RunPool(2, { base: { documents: [], origins: [] }, paths: [] }, pathToFileURL(worker).href);
  try {
    const stop = new AbortController();
    const outs = await Promise.all([1, 2].map((seed) => pool.run({ values: [], seed }, stop.signal)));
    for (const o of outs) {
      assert.ok(o !== 'interrupted');
      assert.is(o.metrics['young'], WORKER_YOUNG_GENERATION_MB);
    }
  } finally {
    await pool.close();
  }
});

test('the real simulator gives byte-identical results with the worker settings and with V8 defaults', async () => {
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
  await sweep('tuned');
  const before = process.env['K8SIM_SWEEP_V8'];
  process.env['K8SIM_SWEEP_V8'] = 'default';
  try {
    await sweep('default');
  } finally {
    if (before === undefined) delete process.env['K8SIM_SWEEP_V8'];
    else process.env['K8SIM_SWEEP_V8'] = before;
  }
  for (const f of ['results.csv', 'points.csv', 'summary.txt']) assert.is(read(join(dir, 'tuned'), f), read(join(dir, 'default'), f), f);
  assert.is(read(join(dir, 'tuned'), 'results.csv').trim().split('\n').length, 1 + 4);
});

test.run();
