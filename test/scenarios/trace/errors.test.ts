// Bad trace input: one clear error per problem, `file:line:col: field: message`, exit 2, no
// output folder — for the scenario's mapping (a column the file lacks) and for the file's cells
// (found at load time, before the run).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CLI, scenarioFile } from '../../helpers.js';

function scenario(columns: string, pods = 'pods.csv', extra = ''): string {
  return `apiVersion: k8sim/v1
kind: Cluster
spec:
  nodePools: [{name: n, count: 1, cpu: "8", memory: 16Gi, resources: {nvidia.com/gpu: 2}}]
---
apiVersion: k8sim/v1
kind: Trace
metadata: {name: t}
spec:
  pods:
    file: ${pods}
    columns: {${columns}}
${extra}`;
}

function runWith(yaml: string, csv: string | undefined) {
  const file = scenarioFile(yaml);
  if (csv !== undefined) writeFileSync(join(dirname(file), 'pods.csv'), csv);
  const out = join(dirname(file), 'out');
  const r = spawnSync(process.execPath, [CLI(), 'run', file, '--out', out], { encoding: 'utf8' });
  return { status: r.status, err: r.stderr, out, file, csvFile: join(dirname(file), 'pods.csv') };
}

test('a mapped column the file lacks: the error points at the mapping in the scenario', () => {
  const r = runWith(scenario('name: id, createdAt: t, cpu: cpu_m'), 'id,t,cpu\na,0,1\n');
  assert.is(r.status, 2, r.err);
  assert.match(r.err, new RegExp(`${r.file.replace(/[/.]/g, '\\$&')}:12:\\d+: spec\\.pods\\.columns\\.cpu: the file has no column "cpu_m" \\(its columns: id, t, cpu\\)`));
  assert.not.ok(existsSync(r.out));
  assert.not.match(r.err, /at .*\.js/); // no stack trace
});

test('bad cells: one error each at trace-file:line:column, all found before the run', () => {
  const r = runWith(scenario('name: id, createdAt: t, cpu: cpu'), 'id,t,cpu\na,0,1\nb,soon,2\nc,5,lots\n');
  assert.is(r.status, 2, r.err);
  const lines = r.err.trim().split('\n').filter((l) => l.includes('pods.csv:'));
  assert.equal(lines.map((l) => l.slice(l.indexOf('pods.csv:'))), [
    'pods.csv:3:3: t: "soon" is not a number of seconds',
    'pods.csv:4:5: cpu: "lots" is not a CPU quantity (e.g. "2" or "500m"; set units.cpu: m for millicores)',
  ]);
  assert.not.ok(existsSync(r.out));
});

test('a fractional GPU is refused by default, with what to do instead', () => {
  const cols = 'name: id, createdAt: t, resources: {nvidia.com/gpu: g}, gpuMilli: gm';
  const r = runWith(scenario(cols), 'id,t,g,gm\na,0,1,1000\nb,0,1,460\n');
  assert.is(r.status, 2, r.err);
  assert.match(r.err, /pods\.csv:3:7: gm: a fractional GPU \(460 thousandths of one GPU\) cannot be modelled: k8sim has no device-basis GPU sharing yet; set spec\.pods\.fractionalGpu: wholeGpu/);
  const ok = runWith(scenario(cols, 'pods.csv', '    fractionalGpu: wholeGpu\n'), 'id,t,g,gm\na,0,1,1000\nb,0,1,460\n');
  assert.is(ok.status, 0, ok.err);
});

test('no such trace file: the error points at spec.pods.file', () => {
  const r = runWith(scenario('createdAt: t', 'missing.csv'), undefined);
  assert.is(r.status, 2, r.err);
  assert.match(r.err, /:11:\d+: spec\.pods\.file: no such file: .*missing\.csv/);
});

test('a file too far out of order for the read-ahead: the line, and what to change', () => {
  const csv = 'id,t\na,10\nb,20\nc,5\n';
  const r = runWith(scenario('name: id, createdAt: t', 'pods.csv', '    reorderRows: 1\n'), csv);
  assert.is(r.status, 2, r.err);
  assert.match(r.err, /pods\.csv:4:1: t: this row's creation time is earlier than that of a row already replayed \(the read-ahead holds 1 rows\).* raise spec\.pods\.reorderRows/);
  // c is two rows after a: a read-ahead of three rows puts it first.
  assert.is(runWith(scenario('name: id, createdAt: t', 'pods.csv', '    reorderRows: 2\n'), csv).status, 2);
  assert.is(runWith(scenario('name: id, createdAt: t', 'pods.csv', '    reorderRows: 3\n'), csv).status, 0);
});

test.run();
