// Timeline node and zone commands, end to end: parsed at load, carried out by model.nodes,
// reported in timeline.csv as kubectl would print them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runFiles } from '../../runner/simulate.js';
import { scenarioFile, tempDir } from '../helpers.js';

const CLUSTER = `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: c}
spec:
  nodePools:
    - {name: a, count: 4, cpu: "4", memory: 8Gi, zones: [z1, z2]}
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 15m}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: "img:1", resources: {requests: {cpu: 100m}}}]}
---
`;

function run(actions: string) {
  const file = scenarioFile(`${CLUSTER}apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
${actions}`);
  const out = join(tempDir(), 'out');
  const r = runFiles([file], { seed: 3, out });
  const timeline = readFileSync(join(out, 'timeline.csv'), 'utf8');
  const events = readFileSync(join(out, 'events.csv'), 'utf8');
  return { r, timeline, events };
}

test('cordon, taint and uncordon update the node and print like kubectl', () => {
  const { timeline } = run(`    - {at: 1m, run: kubectl cordon a-0}
    - {at: 2m, run: kubectl cordon a-0}
    - {at: 3m, run: kubectl taint nodes a-1 dedicated=gpu:NoSchedule}
    - {at: 4m, run: kubectl uncordon a-0}
    - {at: 5m, run: kubectl cordon a-9}
`);
  assert.match(timeline, /60,kubectl cordon a-0,ok,node\/a-0 cordoned/);
  assert.match(timeline, /120,kubectl cordon a-0,ok,node\/a-0 already cordoned/);
  assert.match(timeline, /180,kubectl taint nodes a-1 dedicated=gpu:NoSchedule,ok,node\/a-1 tainted/);
  assert.match(timeline, /240,kubectl uncordon a-0,ok,node\/a-0 uncordoned/);
  assert.match(timeline, /300,kubectl cordon a-9,error,"Error from server \(NotFound\): nodes ""a-9"" not found"/);
});

test('a zone outage fails every node of the zone; the ReplicaSet replaces the pods elsewhere', () => {
  const { r, timeline, events } = run(`    - {at: 1m, run: zone fail z1}
    - {at: 12m, run: zone recover z1}
`);
  assert.match(timeline, /node\/a-0 failed \(zone z1\)/);
  assert.match(timeline, /node\/a-2 failed \(zone z1\)/);
  assert.not.match(timeline, /a-1 failed/);
  assert.match(events, /NodeNotReady/);
  assert.match(events, /TaintManagerEviction/);
  assert.is(r.summary.pods_ready, 4, 'four ready pods at the end');
});

test('a node added to a pool schedules pending pods; node add to an unknown pool is an error', () => {
  const { timeline } = run(`    - {at: 1m, run: node add a --count=2}
    - {at: 2m, run: node add nosuch}
`);
  assert.match(timeline, /node\/a-4 added\nnode\/a-5 added/);
  assert.match(timeline, /error: unknown node pool ""nosuch"" \(pools: a\)/);
});

test.run();
