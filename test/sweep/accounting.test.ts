import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runSweepCommand } from '../../sweep/command.js';
import type { RunRecord } from '../../sweep/journal.js';
import { parseParameterPath } from '../../sweep/paths.js';
import { pointDocuments, pointScenario } from '../../sweep/point-scenario.js';
import { RunPool } from '../../sweep/pool.js';
import { burn } from '../../sweep/testing/fake-runner.js';
import { threadCpu } from '../../sweep/thread-cpu.js';
import { capture, fakeWorker, read, tempDir, writeCase } from './helpers.js';

const linux = existsSync('/proc/thread-self/schedstat');

test('threadCpu: the calling thread CPU grows with work done on it (absent off Linux)', () => {
  const a = threadCpu();
  if (!linux) {
    assert.is(a, undefined);
    return;
  }
  burn(30);
  const b = threadCpu()!;
  assert.ok(b.cpuMs > a!.cpuMs, `${b.cpuMs} > ${a!.cpuMs}`);
  assert.ok(b.waitMs >= a!.waitMs);
});

test('pointDocuments: a deep copy with the values set; the base is untouched; a wrong value count is refused', () => {
  const base = [{ kind: 'Cluster', metadata: { name: 'prod' }, spec: { nodePools: [{ count: 3 }] } }];
  const path = parseParameterPath('Cluster/prod:spec.nodePools[0].count');
  const docs = pointDocuments(base, [path], [7]);
  assert.equal(docs, [{ kind: 'Cluster', metadata: { name: 'prod' }, spec: { nodePools: [{ count: 7 }] } }]);
  assert.is(base[0]!.spec.nodePools[0]!.count, 3);
  assert.throws(() => pointDocuments(base, [path], []), /1 parameter values, got 0/);
  const origins = [{ file: 's.yaml', index: 0, positions: {} }];
  const s = pointScenario({ base: { documents: base, origins }, paths: [path] }, [5]);
  assert.is(s.origins, origins);
  assert.is((s.documents[0] as typeof base[0]).spec.nodePools[0]!.count, 5);
});

test('the pool gives each worker the base scenario once; a task carries only values and seed', async () => {
  const dir = tempDir();
  const worker = join(dir, 'echo-worker.mjs');
  // Reports what reached it: the size of the task message and the documents in its workerData.
  writeFileSync(
    worker,
    `import { workerData } from 'node:worker_threads';
export default (task) => ({ status: 'ok', error: '', wallMs: 0, maxRssKb: 0, heapPeakBytes: 0,
  metrics: { taskBytes: JSON.stringify(task).length, docs: workerData.base.documents.length, pad: workerData.base.documents[0].pad.length } });
`,
  );
  const big = { kind: 'ConfigMap', metadata: { name: 'x' }, pad: 'x'.repeat(100_000) };
  const pool = new RunPool(2, { base: { documents: [big], origins: [{ file: 'f', index: 0, positions: {} }] }, paths: [] }, pathToFileURL(worker).href);
  try {
    const stop = new AbortController();
    const outs = await Promise.all([1, 2, 3].map((seed) => pool.run({ values: [], seed }, stop.signal)));
    for (const o of outs) {
      assert.ok(o !== 'interrupted');
      assert.is(o.metrics['docs'], 1);
      assert.is(o.metrics['pad'], 100_000);
      assert.ok(Number(o.metrics['taskBytes']) < 100, `task of ${o.metrics['taskBytes']} bytes`);
    }
  } finally {
    await pool.close();
  }
});

test('each journaled run records its worker, its order in that worker and its thread CPU and GC', async () => {
  const dir = tempDir();
  const file = writeCase(dir, `  replications: 2\n  parameters:\n    - {name: nodes, path: "Cluster/prod:spec.nodePools[0].count", values: [1, 2, 3]}\n`, { work: 5 });
  const out = join(dir, 'out');
  const stderr = capture();
  const code = await runSweepCommand({ file, out, workers: 2, worker: fakeWorker, quiet: true, handleSigint: false, stdout: capture(), stderr });
  assert.is(code, 0, stderr.text());
  const runs = read(out, 'runs.jsonl')
    .split('\n')
    .filter((l) => l.includes('"type":"run"'))
    .map((l) => JSON.parse(l) as RunRecord);
  assert.is(runs.length, 6);
  if (!linux) {
    assert.ok(runs.every((r) => r.cpu === undefined));
    return;
  }
  const byWorker = new Map<number, RunRecord[]>();
  for (const r of runs) byWorker.set(r.cpu!.worker, [...(byWorker.get(r.cpu!.worker) ?? []), r]);
  let total = 0;
  for (const rs of byWorker.values()) {
    const nth = rs.map((r) => r.cpu!.nth).sort((a, b) => a - b);
    assert.equal(nth, rs.map((_, i) => i + 1), 'runs numbered 1, 2, … within a worker');
    for (const r of rs) {
      assert.is(r.cpu!.startCpuMs !== undefined, r.cpu!.nth === 1, 'start-up CPU on the first run only');
      assert.ok(r.cpu!.cpuMs > 0 && r.cpu!.waitMs >= 0);
      assert.ok(Number.isInteger(r.cpu!.gcYoung) && Number.isInteger(r.cpu!.gcMajor));
      total++;
    }
  }
  assert.is(total, 6);
});

test.run();
