// ReplicationController: the ReplicaSet controller's semantics over the v1 kind with an
// equality selector, upstream's defaulting (selector and labels from the template) and
// validation (ValidateReplicationController).
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiError } from '../../models/api/errors.js';
import { controllerRef } from '../../models/api/store.js';
import { applyDefaults } from '../../models/api/policy/defaults.js';
import { validateCreate } from '../../models/api/policy/validation.js';
import type { Pod, ReplicationController } from '../../models/api/types.js';
import { clusterYaml, packageRoot, scenarioFile } from '../helpers.js';
import { load } from '../workloads/helpers.js';
import { runText } from '../rollouts/harness.js';
import { readFileSync } from 'node:fs';

const fixture = () => readFileSync(join(packageRoot(), 'test', 'fixtures', 'manifests', 'replication.yaml'), 'utf8');
const rcOf = (h: { model: ReturnType<typeof load>['model'] }, name = 'nginx') => h.model.store.get<ReplicationController>('ReplicationController', 'default', name)!;
const podsOwnedBy = (h: { model: ReturnType<typeof load>['model'] }, rc: ReplicationController) =>
  [...h.model.store.list<Pod>('Pod')].filter((p) => controllerRef(p)?.uid === rc.metadata.uid && p.metadata.deletionTimestamp === undefined);

test('the documentation example (replication.yaml) loads unchanged and keeps 3 nginx pods running', () => {
  const h = load([scenarioFile(clusterYaml({ nodes: 2 }) + '---\n' + fixture())]);
  h.model.runUntil(30_000);
  const rc = rcOf(h);
  const pods = podsOwnedBy(h, rc);
  assert.is(pods.length, 3);
  for (const p of pods) {
    assert.match(p.metadata.name, /^nginx-[a-z0-9]{5}$/);
    assert.is(p.status.phase, 'Running');
    assert.equal(controllerRef(p), { apiVersion: 'v1', kind: 'ReplicationController', name: 'nginx', uid: rc.metadata.uid!, controller: true, blockOwnerDeletion: true });
  }
  assert.equal(rc.status, { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
  const creates = h.events.filter((e) => e.kind === 'ReplicationController' && e.reason === 'SuccessfulCreate');
  assert.is(creates.length, 3);
  assert.ok(creates.every((e) => e.source === 'replication-controller' && e.message.startsWith('Created pod: nginx-')));
});

test('equality selector: an orphan with the labels is adopted, a relabelled pod is released and replaced', () => {
  const h = runText(clusterYaml({ nodes: 2 }) + `---
apiVersion: v1
kind: Pod
metadata: {name: stray, labels: {app: nginx, extra: yes}}
spec: {containers: [{name: nginx, image: nginx}]}
---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions: [{at: 30s, run: "kubectl label pod stray app=debug --overwrite"}]
---
` + fixture(), { until: 29_000 });
  const rc = rcOf(h);
  const stray = h.model.store.get<Pod>('Pod', 'default', 'stray')!;
  assert.is(controllerRef(stray)?.uid, rc.metadata.uid, 'adopted');
  assert.is(podsOwnedBy(h, rc).length, 3, 'two created beside the adopted one');
  // Relabelled at 30 s: it no longer matches app=nginx and is released; the RC makes a new one.
  h.model.runUntil(60_000);
  assert.is(controllerRef(h.model.store.get<Pod>('Pod', 'default', 'stray')!), undefined, 'released');
  assert.is(podsOwnedBy(h, rc).length, 3);
});

test('scaling down deletes the surplus, ranked as the ReplicaSet controller does', () => {
  const h = load([scenarioFile(clusterYaml({ nodes: 2 }) + '---\n' + fixture())]);
  h.model.runUntil(30_000);
  const rc = rcOf(h);
  h.model.api.scale(rc, 1);
  h.model.runUntil(90_000);
  assert.is(podsOwnedBy(h, rcOf(h)).length, 1);
  assert.is(h.events.filter((e) => e.kind === 'ReplicationController' && e.reason === 'SuccessfulDelete').length, 2);
});

test('SetDefaults_ReplicationController: selector and labels from the template when empty; replicas 1', () => {
  const rc = {
    apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'r' },
    spec: { template: { metadata: { labels: { app: 'x', tier: 'fe' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
  } as unknown as ReplicationController;
  applyDefaults(rc);
  assert.equal(rc.spec.selector, { app: 'x', tier: 'fe' });
  assert.equal(rc.metadata.labels, { app: 'x', tier: 'fe' });
  assert.is(rc.spec.replicas, 1);
  // Given ones are kept.
  const kept = { ...structuredClone(rc), metadata: { name: 'r', labels: { own: 'yes' } } } as ReplicationController;
  kept.spec.selector = { app: 'x' };
  kept.spec.replicas = 0;
  applyDefaults(kept);
  assert.equal(kept.spec.selector, { app: 'x' });
  assert.equal(kept.metadata.labels, { own: 'yes' });
  assert.is(kept.spec.replicas, 0);
});

// After TestValidateReplicationController (pkg/apis/core/validation/validation_test.go): the
// error cases that concern the spec.
const base = () => ({
  apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'abc', namespace: 'default' },
  spec: { replicas: 1, selector: { a: 'b' } as Record<string, string>, template: { metadata: { labels: { a: 'b' } }, spec: { restartPolicy: 'Always', containers: [{ name: 'c', image: 'i' }] } } },
});
const invalid: Array<[string, (o: ReturnType<typeof base>) => void, string, string]> = [
  ['zero-length selector', (o) => { o.spec.selector = {}; }, 'spec.selector', 'Required'],
  ['selector_doesnt_match', (o) => { o.spec.selector = { foo: 'bar' }; }, 'spec.template.metadata.labels', 'Invalid'],
  ['negative_replicas', (o) => { o.spec.replicas = -1; }, 'spec.replicas', 'Invalid'],
  ['invalid restart policy', (o) => { (o.spec.template.spec as Record<string, unknown>).restartPolicy = 'OnFailure'; }, 'spec.template.spec.restartPolicy', 'NotSupported'],
  ['activeDeadlineSeconds', (o) => { (o.spec.template.spec as Record<string, unknown>).activeDeadlineSeconds = 5; }, 'spec.template.spec.activeDeadlineSeconds', 'Forbidden'],
  ['missing template', (o) => { delete (o.spec as Record<string, unknown>).template; }, 'spec.template', 'Required'],
];
test('ValidateReplicationController: a valid one passes', () => {
  assert.equal(validateCreate(base() as never), []);
});
for (const [name, mutate, field, type] of invalid) {
  test(`ValidateReplicationController: ${name} → ${type} ${field}`, () => {
    const o = base();
    mutate(o);
    const errs = validateCreate(o as never);
    assert.ok(errs.some((e) => e.field === field && e.type === type), JSON.stringify(errs));
  });
}

test('the API refuses a mismatched selector with upstream wording', () => {
  const h = load([scenarioFile(clusterYaml())]);
  const o = base();
  o.spec.selector = { foo: 'bar' };
  try {
    h.model.create(o as never);
    assert.unreachable('should refuse');
  } catch (e) {
    assert.instance(e, ApiError);
    assert.match((e as Error).message, 'ReplicationController "abc" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"a":"b"}: `selector` does not match template `labels`');
  }
});

test.run();
