// Cluster-wide totals (models/cluster-totals.ts): pods bound and what they request against what
// the nodes offer, every extended resource included, and pods.csv's gpu_request; and a bare
// pod's workload rows in timeseries.csv end when the pod does.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v8 from 'node:v8';
import { ClusterTotals } from '../../models/cluster-totals.js';
import type { ApiServer } from '../../models/api/apiserver.js';
import type { Node } from '../../models/api/types.js';
import { runFiles } from '../../runner/simulate.js';
import { scenarioFile, tempDir } from '../helpers.js';

const yaml = `apiVersion: k8sim/v1
kind: Cluster
spec:
  nodePools:
    - {name: gpu, count: 2, cpu: "8", memory: 32Gi, resources: {nvidia.com/gpu: 4}}
    - {name: cpu, count: 1, cpu: "4", memory: 8Gi}
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 2m, sampleInterval: 30s}
---
apiVersion: v1
kind: Pod
metadata: {name: trainer}
spec:
  containers:
    - name: main
      image: "cuda:1"
      resources: {requests: {cpu: "2", memory: 4Gi, nvidia.com/gpu: 3}, limits: {nvidia.com/gpu: 3}}
---
apiVersion: v1
kind: Pod
metadata: {name: once}
spec:
  restartPolicy: Never
  containers: [{name: main, image: busybox, command: ["sh", "-c", "sleep 40"], resources: {requests: {cpu: 500m}}}]
`;

function run() {
  const out = join(tempDir(), 'out');
  runFiles([scenarioFile(yaml)], { seed: 1, out });
  const rows = readFileSync(join(out, 'timeseries.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const pods = readFileSync(join(out, 'pods.csv'), 'utf8').trim().split('\n');
  return { rows, pods };
}

test('cluster rows: bound pods, requested and allocatable CPU, memory and GPUs', () => {
  const { rows } = run();
  const at = (t: string, m: string) => rows.find((r) => r[0] === t && r[1] === 'cluster' && r[3] === m)?.[4];
  assert.is(at('30', 'pods_bound'), '2');
  assert.is(at('30', 'cpu_requested_m'), '2500');
  assert.is(at('30', 'nvidia.com/gpu_requested'), '3');
  assert.is(at('30', 'nvidia.com/gpu_allocatable'), '8');
  assert.is(at('30', 'cpu_allocatable_m'), String(8000 * 2 + 4000));
  assert.is(at('30', 'memory_requested_bytes'), String(4 * 1024 ** 3));
  // "once" has finished by 60 s: no longer bound, its CPU no longer requested.
  assert.is(at('60', 'pods_bound'), '1');
  assert.is(at('60', 'cpu_requested_m'), '2000');
});

test('pods.csv gpu_request: the GPUs each pod requests', () => {
  const { pods } = run();
  const head = pods[0]!.split(',');
  const col = head.indexOf('gpu_request');
  assert.is(col, head.length - 1, 'the last column');
  const by = new Map(pods.slice(1).map((l) => [l.split(',')[1], l.split(',')[col]]));
  assert.is(by.get('trainer'), '3');
  assert.is(by.get('once'), '0');
});

test('a bare pod is its own workload only while it runs: no rows for it after it ends', () => {
  const { rows } = run();
  const times = rows.filter((r) => r[1] === 'workload' && r[2] === 'default/Pod/once').map((r) => Number(r[0]));
  assert.ok(times.includes(30), 'sampled while it ran');
  assert.ok(times.every((t) => t < 60), `no rows after it ended: ${[...new Set(times)]}`);
  assert.ok(rows.some((r) => r[0] === '120' && r[2] === 'default/Pod/trainer'), 'the running one keeps its rows');
});

// V8's own answer to "is this object in fast (hidden-class) mode?", natives syntax on for a moment.
v8.setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;
v8.setFlagsFromString('--no-allow-natives-syntax');

test('a node\'s counted allocatable: every resource but pods, in the node\'s order, a fast object', () => {
  const handlers: Record<string, (type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: unknown) => void> = {};
  const api = { store: { observe: (kind: string, h: (typeof handlers)[string]) => { handlers[kind] = h; } } } as unknown as ApiServer;
  const t = new ClusterTotals(api);
  const node = { metadata: { name: 'n1' }, status: { allocatable: { cpu: 3920, memory: 100, pods: 110, 'ephemeral-storage': 7, 'nvidia.com/gpu': 4 } } } as unknown as Node;
  handlers['Node']!('ADDED', node);
  const counted = (t as unknown as { nodes: Map<string, Record<string, number>> }).nodes.get('n1')!;
  assert.equal(Object.entries(counted), [['cpu', 3920], ['memory', 100], ['ephemeral-storage', 7], ['nvidia.com/gpu', 4]]);
  assert.ok(hasFastProperties(counted), 'no delete-made dictionary');
  assert.equal([...t.allocatable], [['cpu', 3920], ['memory', 100], ['ephemeral-storage', 7], ['nvidia.com/gpu', 4]]);
  handlers['Node']!('MODIFIED', node);
  assert.is(t.allocatable.get('cpu'), 3920, 'a re-report replaces, not adds');
});

test.run();
