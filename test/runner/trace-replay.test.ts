// Replaying a trace end to end (runner/trace-player.ts): the openb and DLRM fixtures load as they
// are, pods arrive at their (windowed, sped-up) times and go when the trace deleted them, node
// names are kept, owner groups aggregate, and the same seed gives the same bytes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFiles } from '../../runner/simulate.js';
import { scenarioFile, tempDir } from '../helpers.js';

import { fixture, openbScenario } from './trace-fixtures.js';

function run(yaml: string, seed = 1) {
  const out = join(tempDir(), 'out');
  const r = runFiles([scenarioFile(yaml)], { seed, out });
  const csv = (f: string) => {
    const [head, ...rows] = readFileSync(join(out, f), 'utf8').trim().split('\n');
    const cols = head!.split(',');
    return rows.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])) as Record<string, string>);
  };
  return { r, out, csv };
}

test('openb fixture: nodes keep their names, pods arrive at arrival − from and go at end − from', () => {
  const { r, csv } = run(openbScenario());
  const nodes = new Set(csv('pods.csv').map((p) => p.node));
  for (const n of nodes) if (n !== '') assert.match(n, /^openb-node-\d{4}$/);
  const pods = new Map(csv('pods.csv').map((p) => [p.name, p]));
  // Created before day 115: there at once; deleted at its own end.
  assert.is(pods.get('openb-pod-0000')!.created_s, '0');
  // Row 5 of the fixture: arrival 9,949,982 s, end 9,978,759 s.
  const p = pods.get(csvName(5))!;
  assert.is(p.created_s, String(9_949_982 - 9_936_000));
  assert.is(p.finished_s, String(9_978_759 - 9_936_000));
  assert.is(p.gpu_request, '1');
  assert.is(p.cpu_request_m, '16000'); // cpu_milli of the row
  assert.is(p.memory_request_bytes, String(32768 * 1024 ** 2)); // memory_mib
  assert.ok(Number(r.summary['trace_pods_created']) > 20);
  const sharing = readFileSync(fixture('openb_pods_small.csv'), 'utf8').trim().split('\n').slice(1)
    .filter((l) => { const m = Number(l.split(',')[9]); return m > 0 && m < 1000; }).length;
  assert.is(r.summary['trace_gpu_rounded_up'], sharing);
});

/** Pod name of the fixture's n-th data row. */
function csvName(n: number): string {
  return readFileSync(fixture('openb_pods_small.csv'), 'utf8').split('\n')[n]!.split(',')[0]!;
}

test('a Failed row with runFor ends Failed after runFor; a Running row runs until deleted', () => {
  const { csv } = run(openbScenario());
  const rows = readFileSync(fixture('openb_pods_small.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
  const failed = rows.find((r) => r[12] === 'Failed')!;
  const p = csv('pods.csv').find((x) => x.name === failed[0])!;
  assert.is(p.phase, 'Failed');
  const running = rows.find((r, i) => i > 3 && r[12] === 'Running')!;
  const q = csv('pods.csv').find((x) => x.name === running[0])!;
  assert.ok(q.started_s !== '' && q.finished_s === String(Number(running[3]) - 9_936_000), JSON.stringify(q));
});

test('priorities by name: each value gets a PriorityClass and the pods carry it', () => {
  const { csv } = run(openbScenario());
  const events = csv('events.csv');
  assert.not.ok(events.some((e) => e.reason === 'FailedCreate'), 'no pod refused');
});

test('speedup 2 halves the arrival offsets and keeps each lifetime', () => {
  const slow = new Map(run(openbScenario()).csv('pods.csv').map((p) => [p.name, p]));
  const fast = new Map(run(openbScenario('', 'from: 9936000s\n    speedup: 2')).csv('pods.csv').map((p) => [p.name, p]));
  const n = csvName(7);
  const s = slow.get(n)!;
  const f = fast.get(n)!;
  assert.is(Number(f.created_s), Math.round(Number(s.created_s) * 1000 / 2) / 1000);
  assert.is(Number(f.finished_s) - Number(f.created_s), Number(s.finished_s) - Number(s.created_s));
});

test('until and sampling choose the pods', () => {
  const windowed = run(openbScenario('', 'from: 9936000s\n    until: 9960000s')).csv('pods.csv');
  assert.equal(windowed.map((p) => p.name).sort(), [1, 2, 3, 4, 5, 6, 7].map(csvName).sort().slice(0, windowed.length));
  const half = run(openbScenario('', 'from: 9936000s\n    sample: {every: 2}')).r.summary['trace_pods_created'];
  const all = run(openbScenario()).r.summary['trace_pods_created'];
  assert.ok(Number(half) < Number(all) && Number(half) >= Number(all) / 2 - 1, `${half} of ${all}`);
});

test('the cluster series count bound pods and GPUs against the nodes', () => {
  const { csv } = run(openbScenario());
  const ts = csv('timeseries.csv').filter((r) => r.scope === 'cluster');
  const at = (t: string, m: string) => Number(ts.find((r) => r.time_s === t && r.metric === m)!.value);
  // The fixture's nodes: T4 × 4, 2, 2; G2 × 8, 8, 8; V100M32 × 8 GPUs.
  assert.is(at('0', 'nvidia.com/gpu_allocatable'), 40);
  // At 1 h: what pods.csv says was bound then.
  const t = 3600;
  const bound = csv('pods.csv').filter((p) => p.scheduled_s !== '' && Number(p.scheduled_s) <= t && (p.finished_s === '' || Number(p.finished_s) > t));
  assert.ok(bound.length > 0);
  assert.is(at('3600', 'pods_bound'), bound.length);
  assert.is(at('3600', 'nvidia.com/gpu_requested'), bound.reduce((s, p) => s + Number(p.gpu_request), 0));
  assert.is(at('3600', 'cpu_requested_m'), bound.reduce((s, p) => s + Number(p.cpu_request_m), 0));
});

test('DLRM fixture: instances alive at the start exist at 0, owner groups aggregate in timeseries.csv', () => {
  const yaml = `apiVersion: k8sim/v1
kind: Cluster
spec:
  nodePools:
    - {name: cn, count: 4, cpu: "192", memory: 1000Gi}
    - {name: hn, count: 4, cpu: "96", memory: 768Gi, resources: {nvidia.com/gpu: 8}}
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 2h, sampleInterval: 10m, timeseries: {scopes: [cluster, workload]}}
---
apiVersion: k8sim/v1
kind: Trace
metadata: {name: dlrm}
spec:
  pods:
    file: ${fixture('dlrm_small.csv')}
    columns: {name: instance_id, createdAt: creation_s, deletedAt: deletion_s, cpu: cpu_milli, memory: memory_mib, resources: {nvidia.com/gpu: num_gpu}, owner: app}
    units: {cpu: m, memory: Mi}
    reorderRows: 16
`;
  const { csv } = run(yaml);
  const pods = csv('pods.csv');
  assert.equal(pods.filter((p) => p.created_s === '0').map((p) => p.name).slice(0, 5).sort(), ['instance-0', 'instance-1', 'instance-2', 'instance-3', 'instance-4']);
  const workloads = new Set(csv('timeseries.csv').filter((r) => r.scope === 'workload').map((r) => r.name));
  assert.ok([...workloads].every((w) => w.startsWith('default/Group/app_')), [...workloads].join(' '));
  assert.ok(workloads.size < 15, `${workloads.size} groups, not one per instance`);
});

test('JSON lines with Kubernetes quantities: cells in the default units (cores, bytes)', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'pods.jsonl'), [
    { id: 'web-1', at: 0, end: 60, cpu: '500m', mem: '1Gi' },
    { id: 'web-2', at: 30, cpu: 2, mem: '512Mi', prio: 'high' },
  ].map((o) => JSON.stringify(o)).join('\n'));
  const yaml = `apiVersion: k8sim/v1
kind: Cluster
spec: {nodePools: [{name: n, count: 1, cpu: "4", memory: 8Gi}]}
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 2m}
---
apiVersion: k8sim/v1
kind: Trace
metadata: {name: web}
spec:
  pods:
    file: pods.jsonl
    columns: {name: id, createdAt: at, deletedAt: end, cpu: cpu, memory: mem, priority: prio}
    priorities: {high: 100}
`;
  writeFileSync(join(dir, 'scenario.yaml'), yaml);
  const out = join(dir, 'out');
  runFiles([join(dir, 'scenario.yaml')], { seed: 1, out });
  const [head, ...rows] = readFileSync(join(out, 'pods.csv'), 'utf8').trim().split('\n');
  const cols = head!.split(',');
  const get = (name: string, col: string) => rows.map((l) => l.split(',')).find((r) => r[1] === name)![cols.indexOf(col)];
  assert.equal([get('web-1', 'cpu_request_m'), get('web-1', 'memory_request_bytes'), get('web-1', 'finished_s')], ['500', String(1024 ** 3), '60']);
  assert.equal([get('web-2', 'cpu_request_m'), get('web-2', 'created_s'), get('web-2', 'finished_s')], ['2000', '30', '']);
});

test('same scenario and seed: identical bytes', () => {
  const a = run(openbScenario(), 7).out;
  const b = run(openbScenario(), 7).out;
  for (const f of ['pods.csv', 'events.csv', 'timeseries.csv']) assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f);
});

test.run();
