// `--watch pods`: kubectl get pods --watch columns and STATUS words; the CLI prints timeline
// command output in the stream and a rollout summary.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { watchPods } from '../../reports/watch.js';
import { CLI, packageRoot, scenarioFile } from '../helpers.js';
import { header, runText } from './harness.js';

const pod = (name: string, labels: string, restartPolicy: string, cpu = '100m') => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {${labels}}}
spec:
  restartPolicy: ${restartPolicy}
  containers: [{name: c, image: busybox, resources: {requests: {cpu: ${cpu}}}}]
`;

test('watch pods prints kubectl columns and status words', () => {
  const lines: string[] = [];
  runText(
    header({ duration: '90s' }) +
      `---
apiVersion: k8sim/v1
kind: Behavior
metadata: {name: ok}
spec:
  selector: {matchLabels: {run: ok}}
  run: {duration: 5s, exitCode: 0}
---
apiVersion: k8sim/v1
kind: Behavior
metadata: {name: fail}
spec:
  selector: {matchLabels: {run: fail}}
  run: {duration: 5s, exitCode: 1}
` +
      pod('server', 'run: forever', 'Always') +
      pod('done', 'run: ok', 'Never') +
      pod('broken', 'run: fail', 'Never') +
      pod('crasher', 'run: fail', 'Always') +
      pod('huge', 'run: forever', 'Always', '64') +
      `---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
    - {at: 60s, run: kubectl delete pod server}
`,
    { setup: (m) => watchPods(m.store, (l) => lines.push(l)) },
  );
  assert.match(lines[0]!, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
  const seen = (name: string, ready: string, status: string) =>
    lines.some((l) => {
      const c = l.split(/\s+/);
      return c[0] === name && c[1] === ready && c[2] === status;
    });
  assert.ok(seen('server', '0/1', 'Pending'), lines.join('\n'));
  assert.ok(seen('server', '0/1', 'ContainerCreating'));
  assert.ok(seen('server', '1/1', 'Running'));
  assert.ok(seen('server', '0/1', 'Terminating'));
  assert.ok(seen('done', '0/1', 'Completed'));
  assert.ok(seen('broken', '0/1', 'Error'));
  assert.ok(seen('crasher', '0/1', 'CrashLoopBackOff'));
  assert.ok(seen('huge', '0/1', 'Pending'));
  assert.ok(!seen('huge', '0/1', 'ContainerCreating'), 'an unschedulable pod stays Pending');
  assert.ok(lines.some((l) => /^crasher\s+0\/1\s+CrashLoopBackOff\s+[1-9]\d*\s+\d+s$/.test(l)), 'RESTARTS and AGE columns');
});

test('k8sim run --watch pods prints the timeline commands and their output; the summary lists rollouts', () => {
  const r = spawnSync(process.execPath, [CLI(), 'run', join(packageRoot(), 'scenarios', 'examples', 'ch5-recreate.yaml'), '--watch', 'pods'], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /\[1m\] \$ kubectl set image deployment apache-deployment frontend=httpd:2\.4\.39\ndeployment\.apps\/apache-deployment image updated\n/);
  assert.match(r.stdout, /\nrollouts:\n  default\/apache-deployment  revision 2  started 60s  finished [\d.]+s \([\d.]+s\)  min available 0\/4\n/);
  const quiet = spawnSync(process.execPath, [CLI(), 'run', scenarioFile(header())], { encoding: 'utf8' });
  assert.not.match(quiet.stdout, /rollouts:/, 'no rollout section when nothing rolled out');
});

test.run();
