// The API server's write path: update with optimistic concurrency, patch, the scale and
// status subresources, generateName, and validation on create and update.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiError } from '../../models/api/errors.js';
import type { Deployment, KObject } from '../../models/api/types.js';
import { cluster } from '../models/cluster-helpers.js';

function deployment(name = 'web'): Deployment {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default', labels: { app: name } },
    spec: { replicas: 2, selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'app:1' }] } } },
    status: { replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 0, conditions: [] },
  };
}

function refused(f: () => unknown): ApiError {
  try { f(); } catch (e) { if (e instanceof ApiError) return e; throw e; }
  throw new Error('expected an ApiError');
}

test('update: replaces spec and metadata in place, keeps status, bumps generation only when the spec changed', () => {
  const { model } = cluster(1);
  const d = model.api.create(deployment());
  model.runUntil(1000);
  const status = d.status;
  const gen = d.metadata.generation!;
  const next = structuredClone(d);
  next.metadata.labels = { app: 'web', tier: 'front' };
  const same = model.api.update(next);
  assert.is(same, d, 'the stored object is updated in place');
  assert.equal(d.metadata.labels, { app: 'web', tier: 'front' });
  assert.is(d.metadata.generation, gen, 'a metadata-only change keeps the generation');
  const next2 = structuredClone(d);
  next2.spec.template.spec.containers[0]!.image = 'app:2';
  (next2 as { status?: unknown }).status = { replicas: 99 };
  model.api.update(next2);
  assert.is(d.spec.template.spec.containers[0]!.image, 'app:2');
  assert.is(d.metadata.generation, gen + 1);
  assert.is(d.status, status, 'status belongs to the status subresource');
});

test('update: a stale resourceVersion is a Conflict worded as upstream', () => {
  const { model } = cluster(1);
  const d = model.api.create(deployment());
  const stale = structuredClone(d);
  const fresh = structuredClone(d);
  fresh.spec.replicas = 3;
  model.api.update(fresh);
  stale.spec.replicas = 5;
  const e = refused(() => model.api.update(stale));
  assert.is(e.reason, 'Conflict');
  assert.is(e.message, 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again');
  assert.is(d.spec.replicas, 3);
});

test('update and patch of a missing object: NotFound', () => {
  const { model } = cluster(1);
  const e = refused(() => model.api.update(deployment('nope')));
  assert.is(e.reason, 'NotFound');
  assert.is(e.message, 'deployments.apps "nope" not found');
  assert.is(refused(() => model.api.patch('Deployment', 'apps/v1', 'default', 'nope', 'merge', {})).reason, 'NotFound');
});

test('patch: merge, strategic and json patches reach the stored object; the name cannot change', () => {
  const { model } = cluster(1);
  const d = model.api.create(deployment());
  model.api.patch('Deployment', 'apps/v1', 'default', 'web', 'merge', { metadata: { labels: { extra: 'x' } } });
  assert.is(d.metadata.labels!.extra, 'x');
  model.api.patch('Deployment', 'apps/v1', 'default', 'web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'app', image: 'app:3' }] } } } });
  assert.is(d.spec.template.spec.containers[0]!.image, 'app:3');
  model.api.patch('Deployment', 'apps/v1', 'default', 'web', 'json', [{ op: 'replace', path: '/spec/replicas', value: 4 }]);
  assert.is(d.spec.replicas, 4);
  assert.is(refused(() => model.api.patch('Deployment', 'apps/v1', 'default', 'web', 'merge', { metadata: { name: 'other' } })).reason, 'Invalid');
});

test('scale subresource: negative replicas are Invalid with upstream field and message', () => {
  const { model } = cluster(1);
  const d = model.api.create(deployment());
  model.api.scale(d, 5);
  assert.is(d.spec.replicas, 5);
  const e = refused(() => model.api.scale(d, -1));
  assert.is(e.reason, 'Invalid');
  assert.is(e.details!.causes[0]!.field, 'spec.replicas');
  assert.is(d.spec.replicas, 5);
});

test('generateName: a seeded suffix, the same for the same seed, a different name on collision', () => {
  const names = () => {
    const { model } = cluster(1);
    const mk = (): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '', generateName: 'cfg-', namespace: 'default' } });
    return [model.api.create(mk()).metadata.name, model.api.create(mk()).metadata.name];
  };
  const [a, b] = names();
  assert.match(a!, /^cfg-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.is.not(a, b);
  assert.equal(names(), [a, b]);
});

test.run();
