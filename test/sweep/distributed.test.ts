import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { inShard, mergeCommand, parseShard, runSweepCommand, type SweepCommandOptions } from '../../sweep/command.js';
import { capture, fakeWorker, read, tempDir, writeCase } from './helpers.js';

async function sweep(file: string, out: string, extra: Partial<SweepCommandOptions> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await runSweepCommand({ file, out, workers: 2, worker: fakeWorker, quiet: true, handleSigint: false, stdout, stderr, ...extra });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const SPEC = `  replications: 3
  parameters:
    - name: nodes
      path: Cluster/prod:spec.nodePools[0].count
      values: [2, 3, 4]
    - name: replicas
      path: Deployment/web:spec.replicas
      values: [2, 8]
  constraints: ["p99_latency_s <= 0.3", "max_pending_s <= 60"]
  objectives: [{metric: cost, goal: min}, {metric: p99_latency_s, goal: min}]
`;

test('shards: round-robin by run index, 1-based', () => {
  const s = parseShard('2/3');
  assert.equal(s, { index: 2, count: 3 });
  assert.equal([0, 1, 2, 3, 4, 5, 6].filter((i) => inShard(i, s)), [1, 4]);
  assert.throws(() => parseShard('0/3'), /--shard must be i\/N/);
  assert.throws(() => parseShard('4/3'), /--shard must be i\/N/);
});

test('shard 1/2 + shard 2/2, merged, equal the unsharded 1-worker run byte for byte', async () => {
  const dir = tempDir();
  const file = writeCase(dir, SPEC);
  const whole = join(dir, 'whole');
  assert.is((await sweep(file, whole, { workers: 1 })).code, 0);
  for (const i of [1, 2]) {
    const r = await sweep(file, join(dir, `shard-${i - 1}`), { shard: `${i}/2` });
    assert.is(r.code, 0, r.stderr);
  }
  assert.equal(readdirSync(join(dir, 'shard-0')).sort(), ['.k8sim-output', 'points.shard-1-of-2.csv', 'results.shard-1-of-2.csv', 'runs.shard-1-of-2.jsonl', 'summary.shard-1-of-2.txt', 'sweep.json']);
  assert.is(read(join(dir, 'shard-1'), 'results.shard-2-of-2.csv').trim().split('\n').length, 1 + 9);

  const merged = join(dir, 'merged');
  const stdout = capture();
  const code = await mergeCommand({ inputs: [join(dir, 'shard-1'), join(dir, 'shard-0')], out: merged, stdout, stderr: capture() });
  assert.is(code, 0);
  for (const f of ['results.csv', 'points.csv', 'summary.txt', 'sweep.json']) assert.is(read(merged, f), read(whole, f), f);
  assert.match(stdout.text(), /merged 18 runs from 2 folder/);

  // A missing shard is reported (exit 1) but what exists is still merged.
  const stderr = capture();
  assert.is(await mergeCommand({ inputs: [join(dir, 'shard-0')], out: join(dir, 'half'), stdout: capture(), stderr }), 1);
  assert.match(stderr.text(), /9 of 18 runs are missing/);
});

test('merge refuses folders of different sweeps', async () => {
  const dir = tempDir();
  const a = writeCase(join(dir, 'a'), SPEC);
  const b = writeCase(join(dir, 'b'), SPEC.replace('[2, 8]', '[2, 9]'));
  assert.is((await sweep(a, join(dir, 'oa'), { shard: '1/2' })).code, 0);
  assert.is((await sweep(b, join(dir, 'ob'), { shard: '2/2' })).code, 0);
  const stderr = capture();
  assert.is(await mergeCommand({ inputs: [join(dir, 'oa'), join(dir, 'ob')], out: join(dir, 'm'), stdout: capture(), stderr }), 2);
  assert.match(stderr.text(), /holds a different sweep/);
});

test('--emit-job writes an Indexed Job that runs one shard per completion index', async () => {
  const dir = tempDir();
  const file = writeCase(dir, SPEC);
  const out = join(dir, 'job');
  const r = await sweep(file, out, { emitJob: true, jobShards: 3, jobParallelism: 2, jobImage: 'ghcr.io/acme/k8sim:1.0', jobPvc: 'sweep-results' });
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`the Indexed Job \\(3 shards, results on claim sweep-results\\) and the merge Job to ${join(out, 'job.yaml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  const job = parseAllDocuments(read(out, 'job.yaml')).map((d) => d.toJSON()).find((o) => o.kind === 'Job' && o.spec.completionMode === 'Indexed') as {
    apiVersion: string;
    kind: string;
    spec: {
      completionMode: string;
      completions: number;
      parallelism: number;
      template: { spec: { restartPolicy: string; containers: { image: string; command: string[]; env: { name: string }[] }[]; volumes: { persistentVolumeClaim?: { claimName: string } }[] } };
    };
  };
  assert.is(job.apiVersion, 'batch/v1');
  assert.is(job.kind, 'Job');
  assert.is(job.spec.completionMode, 'Indexed');
  assert.is(job.spec.completions, 3);
  assert.is(job.spec.parallelism, 2);
  const pod = job.spec.template.spec;
  assert.is(pod.restartPolicy, 'Never');
  assert.is(pod.containers[0]!.image, 'ghcr.io/acme/k8sim:1.0');
  assert.equal(pod.containers[0]!.command.slice(0, 2), ['sh', '-c']);
  const cmd = pod.containers[0]!.command[2]!;
  assert.ok(cmd.includes('--shard $((JOB_COMPLETION_INDEX+1))/3'), cmd);
  assert.ok(cmd.includes('--out /results/shard-${JOB_COMPLETION_INDEX}'), cmd);
  assert.ok(pod.containers[0]!.env.some((e) => e.name === 'JOB_COMPLETION_INDEX'));
  assert.ok(pod.volumes.some((v) => v.persistentVolumeClaim?.claimName === 'sweep-results'));
});

test('goal seek: the smallest node count meeting the constraints for all seeds; probes are rows in probe order', async () => {
  const dir = tempDir();
  const file = writeCase(
    dir,
    `  replications: 3
  parameters:
    - name: nodes
      path: Cluster/prod:spec.nodePools[0].count
      integer: true
  constraints: ["p99_latency_s <= 0.3"]
  goalSeek: {parameter: nodes, minimize: true, low: 1, high: 20}
`,
  );
  const out = join(dir, 'out');
  const r = await sweep(file, out);
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /answer: nodes = 3 \(6 probes\)/);
  assert.is(read(out, 'goal.csv'), 'parameter,goal,low,high,step,status,answer,probes\nnodes,min,1,20,1,found,3,6\n');
  const points = read(out, 'points.csv').trim().split('\n').slice(1).map((l) => l.split(','));
  assert.equal(points.map((c) => c[1]), ['20', '1', '10', '5', '3', '2']);
  assert.equal(points.map((c) => c.at(-3)), ['true', 'false', 'true', 'true', 'true', 'false']);
  assert.is(read(out, 'results.csv').trim().split('\n').length, 1 + 18);
  // Same answer and bytes with one worker.
  const one = join(dir, 'one');
  assert.is((await sweep(file, one, { workers: 1 })).code, 0);
  for (const f of ['results.csv', 'points.csv', 'goal.csv', 'summary.txt']) assert.is(read(one, f), read(out, f), f);
  // Goal seeking cannot be sharded.
  const s = await sweep(file, join(dir, 'x'), { shard: '1/2' });
  assert.is(s.code, 2);
  assert.match(s.stderr, /--shard cannot split a goalSeek sweep/);
});

test.run();
