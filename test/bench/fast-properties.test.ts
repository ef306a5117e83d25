// bench/fast-properties.ts: the probe that lists dictionary-mode (slow) objects of a run's model,
// and the guard it gives: bundled examples whose pods go Unschedulable → bound or Ready → failed
// (the conditions that lost a non-last field to `delete` before) end with none.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dictionaryObjects, runAndProbe } from '../../bench/fast-properties.js';

test('dictionaryObjects: finds an object that lost a non-last key, through arrays and Maps, by path', () => {
  const lost: Record<string, number> = { a: 1, b: 2, c: 3 };
  delete lost['a'];
  const lastGone: Record<string, number> = { a: 1, b: 2 };
  delete lastGone['b']; // V8 steps back to the previous hidden class: still fast
  const root = { list: [{ x: lost }, { x: { a: 1 } }], byName: new Map([['k', lastGone]]) };
  assert.equal(dictionaryObjects(root), [{ path: 'model.list[].x', slow: 1, seen: 2 }]);
});

// Only the pod conditions are asserted: whether other objects (parsed scenario specs) end in
// dictionary mode depends on what else ran in the process (the whole suite shares one).
for (const f of ['ch6-1-webapp-statefulset', 'ch7-overcommit-eviction']) {
  test(`${f}: no pod condition in dictionary mode at the end`, () => {
    const found = runAndProbe(`scenarios/examples/${f}.yaml`, 42);
    assert.equal(found.filter((r) => r.path.endsWith('conditions[]')), []);
  });
}

test.run();
