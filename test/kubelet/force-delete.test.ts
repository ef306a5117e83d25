// Issue 14's first bug: a pod force-deleted (`kubectl delete --force --grace-period=0`) while its
// image is being pulled came back — the pull finished, the container started after the deletion,
// pods.csv got a second row and pods_created counted it twice. Upstream the kubelet hears of the
// deletion and kills the pod's workers (HandlePodRemoves); here the API server tells it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFiles } from '../../runner/simulate.js';
import { clusterYaml, scenarioFile, tempDir } from '../helpers.js';

const scenario = `${clusterYaml({ nodes: 1, duration: '1m' })}---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: app, image: "nginx:1"}]
---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
    - at: 1s
      run: kubectl delete pod web --force --grace-period=0
`;

test('a pod force-deleted during its image pull never starts and is counted once', () => {
  const out = join(tempDir(), 'out');
  const r = runFiles([scenarioFile(scenario)], { seed: 1, out });
  const pods = readFileSync(join(out, 'pods.csv'), 'utf8').trim().split('\n').slice(1);
  assert.is(pods.length, 1, pods.join('\n'));
  assert.is(r.summary['pods_created'], 1);
  const events = readFileSync(join(out, 'events.csv'), 'utf8');
  // The pull was under way at 1 s (default pull 2 s); nothing of the container after the deletion.
  assert.ok(events.includes('Pulling'), events);
  assert.not.ok(/Started container/.test(events), events);
  assert.not.ok(/Created container/.test(events), events);
});

test.run();
