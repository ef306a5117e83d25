// scheduling.csv: every failed attempt's verdicts by plugin and reason, then preemption's outcome;
// a run whose attempts all succeed writes the header alone; successful cycles group nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFiles } from '../../runner/simulate.js';
import { SCHEDULING_COLUMNS } from '../../reports/scheduling.js';
import { SchedulerCache, buildProfile, scheduleOne } from '../../models/scheduler/policy/index.js';
import { scenarioFile, tempDir } from '../helpers.js';
import { mkNode, mkPod, res, seq } from '../scheduler/helpers.js';

const scenario = (replicas: number, extra = '') => `apiVersion: k8sim/v1
kind: Cluster
spec:
  nodePools:
    - {name: small, count: 2, cpu: 1, memory: 2Gi}
    - {name: gpu, count: 1, cpu: 8, memory: 32Gi, taints: [{key: dedicated, value: gpu, effect: NoSchedule}]}
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 2m}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx, resources: {requests: {cpu: 600m, memory: 1Gi}}}]}
${extra}`;

function run(yaml: string): string[] {
  const out = join(tempDir(), 'out');
  runFiles([scenarioFile(yaml)], { seed: 1, out });
  return readFileSync(join(out, 'scheduling.csv'), 'utf8').trim().split('\n');
}

test('a pod that fits nowhere: one row per plugin and reason, nodes counted, preemption last', () => {
  const rows = run(scenario(3));
  assert.is(rows[0], SCHEDULING_COLUMNS.join(','));
  const pod = rows[1]!.split(',')[2]!;
  assert.equal(rows.slice(1), [
    `0,default,${pod},1,Filter,TaintToleration,1,3,node(s) had untolerated taint(s)`,
    `0,default,${pod},1,Filter,NodeResourcesFit,2,3,Insufficient cpu`,
    `0,default,${pod},1,Filter,NodeResourcesFit,2,3,Insufficient memory`,
    `0,default,${pod},1,PostFilter,DefaultPreemption,,3,"0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod."`,
  ]);
});

test('every attempt succeeds: the header alone', () => {
  assert.equal(run(scenario(2)), [SCHEDULING_COLUMNS.join(',')]);
});

test('a PreFilter rejection is one row for all nodes; a successful preemption names its node', () => {
  const rows = run(scenario(1, `---
apiVersion: v1
kind: Pod
metadata: {name: db}
spec:
  containers: [{name: c, image: postgres}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: missing}}]
`));
  assert.ok(rows.includes('0,default,db,1,PreFilter,VolumeBinding,3,3,"persistentvolumeclaim ""missing"" not found"'), rows.join('\n'));
  const c = new SchedulerCache();
  c.addNode(mkNode('n', 1000, 1024 ** 3));
  c.addPod(mkPod('low', { priority: 0 }), res(800, 0), 'n');
  const r = scheduleOne(mkPod('high', { priority: 100 }), res(500, 0), c, buildProfile(), seq(0), { explain: true });
  assert.ok('unschedulable' in r);
  assert.equal(r.verdicts, [
    { extensionPoint: 'Filter', plugin: 'NodeResourcesFit', reason: 'Insufficient cpu', nodes: 1 },
    { extensionPoint: 'PostFilter', plugin: 'DefaultPreemption', reason: 'nominated node n, preempting 1 pod(s)', nodes: 1 },
  ]);
  // Without explain (no scheduling.csv) a failed cycle does not group its verdicts.
  const quiet = scheduleOne(mkPod('high2', { priority: 100 }), res(500, 0), c, buildProfile(), seq(0));
  assert.ok('unschedulable' in quiet && quiet.verdicts === undefined);
});

test.run();
