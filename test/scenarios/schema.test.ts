import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { renderJsonSchema, SCHEMA_FILE } from '../../scenarios/schema/write-json-schema.js';
import { kindSchemas } from '../../scenarios/schema/index.js';
import { durationProblem } from '../../scenarios/schema/formats.js';
import { didYouMean } from '../../scenarios/suggest.js';

test('committed schema/k8sim.schema.json matches the code (run `npm run schema`)', () => {
  assert.is(readFileSync(SCHEMA_FILE, 'utf8'), renderJsonSchema());
});

test('registry has every required kind', () => {
  for (const key of [
    'v1/Pod', 'v1/Service', 'v1/Namespace', 'v1/ResourceQuota', 'v1/LimitRange', 'v1/Endpoints',
    'v1/PersistentVolumeClaim', 'v1/ConfigMap', 'v1/Secret', 'apps/v1/Deployment', 'apps/v1/ReplicaSet',
    'apps/v1/StatefulSet', 'apps/v1/DaemonSet', 'batch/v1/Job', 'batch/v1/CronJob',
    'autoscaling/v2/HorizontalPodAutoscaler', 'autoscaling/v1/HorizontalPodAutoscaler',
    'scheduling.k8s.io/v1/PriorityClass', 'policy/v1/PodDisruptionBudget', 'storage.k8s.io/v1/StorageClass',
    'k8sim/v1/Cluster', 'k8sim/v1/Simulation', 'k8sim/v1/Behavior', 'k8sim/v1/Timeline',
  ]) assert.ok(kindSchemas.has(key), key);
});

for (const ok of ['0', '250ms', '15s', '5m', '1h30m', '2d', '1.5s']) {
  test(`duration ${ok} is valid`, () => assert.is(durationProblem(ok), undefined));
}
for (const bad of ['', '5', '1.s', '5 m', '1h 30m', '-1s', '1w', 'ms']) {
  test(`duration ${JSON.stringify(bad)} is invalid`, () => assert.ok(durationProblem(bad)));
}

test('didYouMean: case-insensitive first, then edit distance ≤ 2', () => {
  assert.is(didYouMean('limitrange', ['Pod', 'LimitRange']), 'LimitRange');
  assert.is(didYouMean('replica', ['replicas', 'selector']), 'replicas');
  assert.is(didYouMean('complete', ['replicas', 'selector']), undefined);
});

test.run();
