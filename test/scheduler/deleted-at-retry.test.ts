// Issue 14's second bug: a pending pod deleted at the same instant as its scheduling retry was
// counted twice — the retry ran before the scheduler heard the DELETED, failed, and wrote the
// removed pod back (a second pods.csv row, pods_created 2). Upstream skipPodSchedule skips a pod
// being deleted; here a pod no longer in the store is skipped too.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFiles } from '../../runner/simulate.js';
import { clusterYaml, scenarioFile, tempDir } from '../helpers.js';

// The unschedulable pod's retry comes with the 5-minute unschedulable flush, 1 ms after 300 s.
const RETRY = '300001ms';
const scenario = (run: string) => `${clusterYaml({ nodes: 1, duration: '10m' })}---
apiVersion: v1
kind: Pod
metadata: {name: big}
spec:
  containers: [{name: app, image: "nginx:1", resources: {requests: {cpu: "8"}}}]
---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
    - {at: ${RETRY}, run: "${run}"}
`;

for (const run of ['kubectl delete pod big', 'kubectl delete pod big --force --grace-period=0']) {
  test(`${run} at the instant of the retry: one pod, one row, no cycle after the deletion`, () => {
    const out = join(tempDir(), 'out');
    const r = runFiles([scenarioFile(scenario(run))], { seed: 1, out });
    const rows = readFileSync(join(out, 'pods.csv'), 'utf8').trim().split('\n').slice(1);
    assert.is(rows.length, 1, rows.join('\n'));
    assert.is(r.summary['pods_created'], 1);
    const failed = readFileSync(join(out, 'events.csv'), 'utf8').split('\n').filter((l) => l.includes('FailedScheduling'));
    // The first attempt at 0 only; the retry at 300.001 s met a deleted pod.
    assert.equal(failed.map((l) => l.split(',')[0]), ['0']);
  });
}

test('the retry time the test relies on: without a deletion the second attempt is at 300.001 s', () => {
  const out = join(tempDir(), 'out');
  runFiles([scenarioFile(scenario('kubectl get pods'))], { seed: 1, out });
  const failed = readFileSync(join(out, 'events.csv'), 'utf8').split('\n').filter((l) => l.includes('FailedScheduling'));
  assert.equal(failed.map((l) => l.split(',')[0]), ['0', '300.001']);
});

test.run();
