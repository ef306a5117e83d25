// The book's chapter 4 and 5 examples, bundled under scenarios/examples/, do what the book says.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Deployment } from '../../models/api/types.js';
import { runFiles } from '../../runner/simulate.js';
import { packageRoot, tempDir } from '../helpers.js';
import { activePods, deployment, outputOf, rsOf, runText, scalingSteps } from './harness.js';

const example = (name: string) => join(packageRoot(), 'scenarios', 'examples', `${name}.yaml`);
const load = (name: string) => readFileSync(example(name), 'utf8');
const cells = (table: string) => table.split('\n').map((l) => l.split(/\s+/));

test('ch4-replicaset: four nginx pods ContainerCreating, then 4/4 ready; scale to 2; autoscale --max=5', () => {
  const h = runText(load('ch4-replicaset'));
  const first = cells(outputOf(h, '[1s]'));
  assert.equal(first.slice(1).map((r) => r.slice(1, 3).join(' ')), Array(4).fill('0/1 ContainerCreating'));
  assert.equal(cells(outputOf(h, '[30s]'))[1]!.slice(0, 4), ['web', '4', '4', '4']);
  assert.is(cells(outputOf(h, '[50s]')).length, 3, 'two pods left');
  assert.is(outputOf(h, '[1m]'), 'horizontalpodautoscaler.autoscaling/web autoscaled');
  const hpa = h.model.store.get<{ kind: string; metadata: { name: string }; spec: { maxReplicas: number; scaleTargetRef: { kind: string } } } & import('../../models/api/types.js').KObject>('HorizontalPodAutoscaler', 'default', 'web')!;
  assert.is(hpa.spec.maxReplicas, 5);
  assert.is(hpa.spec.scaleTargetRef.kind, 'ReplicaSet');
});

test('ch5-deployment: 5.4 event sequence, history with --record, undo, undo --to-revision=1, scale to 6, autoscale', () => {
  const h = runText(load('ch5-deployment'));
  const steps = scalingSteps(h.events, 'apache-deployment');
  // 5.4 exactly as the book's `kubectl describe deployment` events.
  assert.equal(steps.slice(0, 9), ['A up 4', 'B up 1', 'A down 3', 'B up 2', 'A down 2', 'B up 3', 'A down 1', 'B up 4', 'A down 0']);
  assert.equal(cells(outputOf(h, '[2m]')).slice(1).map((r) => r.slice(1, 4).join(' ')), ['0 0 0', '4 4 4']);
  assert.is(
    outputOf(h, '[3m10s]'),
    [
      'deployment.apps/apache-deployment',
      'REVISION  CHANGE-CAUSE',
      '1         kubectl apply --filename=apache_deployment.yaml --record=true',
      '2         kubectl set image deployment apache-deployment frontend=httpd:2.4 --record',
      '3         kubectl set image deployment apache-deployment frontend=nginx:1.7.9 --record',
    ].join('\n'),
  );
  // undo → httpd:2.4 (revision 2 becomes 4); undo --to-revision=1 → httpd (revision 1 becomes 5). No new RS.
  assert.equal(steps.slice(9).filter((s) => s.startsWith('C') || s.startsWith('D')).length > 0, true);
  assert.ok(!steps.some((s) => s.startsWith('D')), 'only three ReplicaSets ever');
  assert.match(outputOf(h, '[5m20s]'), /\n4         kubectl set image deployment apache-deployment frontend=httpd:2.4 --record\n5         kubectl apply --filename=apache_deployment.yaml --record=true$/);
  assert.is(steps[steps.length - 1], 'A up 6', 'scale to 6 grows the current (first) RS');
  const d = deployment(h.model, 'apache-deployment');
  assert.is(d.status.readyReplicas, 6);
  assert.ok(activePods(h.model).every((p) => p.spec.containers[0]!.image === 'httpd'));
  assert.ok(h.model.store.get('HorizontalPodAutoscaler', 'default', 'apache-deployment'));
});

test('ch5-recreate: all old pods down before any new one; downtime in the summary and rollouts.csv', () => {
  const h = runText(load('ch5-recreate'));
  assert.equal(scalingSteps(h.events, 'apache-deployment'), ['A up 4', 'A down 0', 'B up 4']);
  const out = join(tempDir(), 'out');
  const r = runFiles([example('ch5-recreate')], { out });
  assert.ok(Number(r.summary['deployment_zero_ready_s']) > 0);
  const row = readFileSync(join(out, 'rollouts.csv'), 'utf8').trim().split('\n').find((l) => l.includes('template change'))!.split(',');
  assert.is(row[8], '0', 'min_available');
  assert.is(r.rollouts.filter((x) => x.trigger === 'template change')[0]!.minAvailable, 0);
});

test('ch5-rollover: the 1.1 ReplicaSet is dropped mid-rollout and a third one takes over', () => {
  const h = runText(load('ch5-rollover'));
  const steps = scalingSteps(h.events, 'myapp');
  assert.equal(steps.slice(0, 6), ['A up 10', 'B up 3', 'A down 8', 'B up 5', 'B down 0', 'C up 5']);
  const d: Deployment = deployment(h.model, 'myapp');
  assert.equal(rsOf(h.model, d).map((rs) => [rs.spec.template.spec.containers[0]!.image, rs.spec.replicas]), [
    ['myapp:1.0', 0],
    ['myapp:1.1', 0],
    ['myapp:1.2', 10],
  ]);
  assert.equal(cells(outputOf(h, '[1m5s]')).slice(1).map((r) => r[1]), ['8', '0', '5']);
});

test.run();
