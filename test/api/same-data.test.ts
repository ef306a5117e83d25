// sameData (models/api/policy/same-data.ts): strict structural equality of plain data.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sameData as sameDataPlain, sameDataAs } from '../../models/api/policy/same-data.js';

// Every case runs through both sameData and the precompiled matcher (sameDataAs(b)(a)), which
// must agree: the verdicts use the matcher.
function sameData(a: unknown, b: unknown): boolean {
  const plain = sameDataPlain(a, b);
  assert.is(sameDataAs(b)(a), plain, 'the matcher agrees with sameData');
  return plain;
}

test('equal plain data is the same', () => {
  assert.ok(sameData({ a: 1, b: [1, 'x', null, { c: true }] }, { a: 1, b: [1, 'x', null, { c: true }] }));
  assert.ok(sameData(NaN, NaN));
  assert.ok(sameData({ u: undefined }, { u: undefined }));
  assert.ok(sameData(Object.create(null), {}) === false, 'a null-prototype object is not an ordinary one');
});

test('any difference of data, order or shape is not', () => {
  assert.not.ok(sameData({ a: 1, b: 2 }, { b: 2, a: 1 }), 'key order counts');
  assert.not.ok(sameData({ a: undefined }, {}), 'an undefined member counts');
  assert.not.ok(sameData({}, { a: undefined }));
  assert.not.ok(sameData([1, 2], [1, 2, 3]));
  // eslint-disable-next-line no-sparse-arrays
  assert.not.ok(sameData([, 1], [undefined, 1]), 'a hole is not an undefined item');
  assert.not.ok(sameData([1], { 0: 1 }));
  assert.not.ok(sameData({ a: '1' }, { a: 1 }));
  assert.not.ok(sameData(0, -0));
  assert.not.ok(sameData({ a: { b: [1] } }, { a: { b: [2] } }));
  assert.not.ok(sameData(null, {}));
});

test('objects that are not plain data are never the same as another object', () => {
  assert.not.ok(sameData(new Map(), new Map()));
  assert.not.ok(sameData(new Date(0), new Date(0)));
  const m = new Map();
  assert.ok(sameData(m, m), 'the same object is the same');
});
test.run();
