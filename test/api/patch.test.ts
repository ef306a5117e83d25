// Patches as kubectl sends them (models/api/policy/patch.ts): strategic merge by merge key,
// JSON merge, and the three-way patch of `kubectl apply`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyPatch, mergePatch, strategicMergePatch } from '../../models/api/policy/patch.js';

const live = () => ({
  metadata: { name: 'web', labels: { app: 'web', team: 'a' } },
  spec: {
    replicas: 7, // scaled by someone else since the last apply
    nodeName: 'node-1', // set by the server
    containers: [{ name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }, { name: 'side', image: 's:1' }],
  },
});

test('strategic merge: lists merged by their key, $patch delete, null removes', () => {
  const out = strategicMergePatch(live(), { spec: { containers: [{ name: 'app', image: 'app:2' }, { name: 'side', $patch: 'delete' }], nodeName: null } });
  assert.equal((out.spec as { containers: unknown[] }).containers, [{ name: 'app', image: 'app:2', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }]);
  assert.not.ok('nodeName' in (out.spec as object));
  assert.equal(mergePatch({ a: 1, b: { c: 2 } }, { b: { c: null, d: 3 } }), { a: 1, b: { d: 3 } });
});

test('apply: fields dropped since the last apply are deleted (map keys and keyed list items), others are kept', () => {
  const last = {
    metadata: { name: 'web', labels: { app: 'web', team: 'a' } },
    spec: { containers: [{ name: 'app', image: 'app:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }, { name: 'side', image: 's:1' }] },
  };
  const next = {
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: { containers: [{ name: 'app', image: 'app:2', env: [{ name: 'A', value: '1' }] }] },
  };
  const patch = applyPatch(last, next);
  assert.equal(patch, {
    metadata: { name: 'web', labels: { app: 'web', team: null } },
    spec: { containers: [{ name: 'app', image: 'app:2', env: [{ name: 'A', value: '1' }, { name: 'B', $patch: 'delete' }] }, { name: 'side', $patch: 'delete' }] },
  });
  const out = strategicMergePatch(live(), patch);
  assert.equal(out, {
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: { replicas: 7, nodeName: 'node-1', containers: [{ name: 'app', image: 'app:2', env: [{ name: 'A', value: '1' }] }] },
  });
});

test('apply without a previous apply: a two-way merge that removes nothing', () => {
  const next = { metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'app:3' }] } };
  assert.equal(applyPatch(undefined, next), next);
  const out = strategicMergePatch(live(), applyPatch(undefined, next)) as { spec: { replicas: number; containers: Array<{ image: string }> } };
  assert.is(out.spec.replicas, 7);
  assert.is(out.spec.containers.length, 2);
  assert.is(out.spec.containers[0]!.image, 'app:3');
});

test.run();
