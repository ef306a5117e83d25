// Scheduling that takes time (models/scheduler/cycle-timing.ts): one cycle at a time, each of
// Cluster.spec.scheduler.cycleCost, the binding landing bindLatency after its cycle; a burst of
// pods queues in front of the scheduler. Cost 0 is today's instant scheduling.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFiles } from '../../runner/simulate.js';
import { scenarioFile, tempDir } from '../helpers.js';

const scenario = (scheduler: string, timeline = '') => `apiVersion: k8sim/v1
kind: Cluster
spec:
  nodePools: [{name: n, count: 4, cpu: "16", memory: 32Gi}]
  scheduler: {${scheduler}}
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 1m}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: burst}
spec:
  replicas: 20
  selector: {matchLabels: {app: burst}}
  template:
    metadata: {labels: {app: burst}}
    spec:
      containers: [{name: app, image: "nginx:1", resources: {requests: {cpu: 100m}}}]
${timeline}`;

function scheduledTimes(yaml: string): number[] {
  const out = join(tempDir(), 'out');
  runFiles([scenarioFile(yaml)], { seed: 3, out });
  const [head, ...rows] = readFileSync(join(out, 'pods.csv'), 'utf8').trim().split('\n');
  const col = head!.split(',').indexOf('scheduled_s');
  return rows.map((r) => r.split(',')[col]).filter((v) => v !== '').map(Number).sort((a, b) => a - b);
}

test('cost 0 (the default) binds the whole burst at once', () => {
  const t = scheduledTimes(scenario(''));
  assert.is(t.length, 20);
  assert.ok(t.every((x) => x === t[0]), String(t));
  assert.equal(scheduledTimes(scenario('cycleCost: 0s, bindLatency: 0s')), t);
});

test('a constant 10ms cycle: the k-th pod of the burst is bound k × 10ms after the first cycle began', () => {
  const t = scheduledTimes(scenario('cycleCost: 10ms'));
  assert.is(t.length, 20);
  const first = t[0]! - 0.01;
  assert.equal(t.map((x) => Math.round((x - first) * 1000)), Array.from({ length: 20 }, (_, k) => (k + 1) * 10));
});

test('bindLatency adds to each binding but does not hold the scheduler', () => {
  const plain = scheduledTimes(scenario('cycleCost: 10ms'));
  const t = scheduledTimes(scenario('cycleCost: 10ms, bindLatency: 250ms'));
  assert.equal(t.map((x, i) => Math.round((x - plain[i]!) * 1000)), Array(20).fill(250));
});

test('a distribution is drawn per cycle from its seeded stream: same seed, same times', () => {
  const yaml = scenario('cycleCost: {exponential: {mean: 20ms}}');
  const a = scheduledTimes(yaml);
  assert.equal(scheduledTimes(yaml), a);
  const gaps = a.slice(1).map((x, i) => Math.round((x - a[i]!) * 1000));
  assert.ok(new Set(gaps).size > 3, `gaps vary: ${gaps}`);
});

test('a pod deleted while its binding is on the way is never bound, and its room is freed', () => {
  // One node with room for one pod; a 1 s bind latency; the first pod deleted at 500 ms.
  const yaml = `apiVersion: k8sim/v1
kind: Cluster
spec:
  nodePools: [{name: n, count: 1, cpu: "1", memory: 2Gi}]
  scheduler: {bindLatency: 1s}
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 20m}
---
apiVersion: v1
kind: Pod
metadata: {name: a}
spec: {containers: [{name: app, image: "nginx:1", resources: {requests: {cpu: 800m}}}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b}
spec: {containers: [{name: app, image: "nginx:1", resources: {requests: {cpu: 800m}}}]}
---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
    - {at: 500ms, run: kubectl delete pod a}
`;
  const out = join(tempDir(), 'out');
  runFiles([scenarioFile(yaml)], { seed: 1, out });
  const rows = readFileSync(join(out, 'pods.csv'), 'utf8').trim().split('\n').slice(1).map((r) => r.split(','));
  const a = rows.find((r) => r[1] === 'a')!;
  const b = rows.find((r) => r[1] === 'b')!;
  assert.is(a[3], '', 'a never got a node');
  assert.is(a[5], '', 'nor a scheduled time');
  assert.is(b[3], 'n-0');
  assert.ok(Number(b[5]) > 0.5, `b bound after a's room was freed: ${b[5]}`);
});

test.run();
