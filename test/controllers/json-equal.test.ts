import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { jsonEqual } from '../../models/controllers/policy/json-equal.js';

const viaJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

test('jsonEqual: the cases where JSON and === disagree', () => {
  const cases: Array<[unknown, unknown]> = [
    [{ a: 1, b: 2 }, { b: 2, a: 1 }], // key order matters to JSON
    [{ a: 1, b: undefined }, { a: 1 }], // undefined members are left out
    [[1, undefined], [1, null]], // … and are null in arrays
    [{ n: NaN }, { n: null }], // non-finite numbers print null
    [{ n: Infinity }, { n: -Infinity }],
    [{ z: -0 }, { z: 0 }],
    [{ f: () => 1 }, {}],
    [undefined, undefined],
    [undefined, null],
    [NaN, null],
    [[], {}],
    [{ d: new Date(0) }, { d: '1970-01-01T00:00:00.000Z' }], // toJSON
    [{ conditions: [{ type: 'Progressing', status: 'True' }] }, { conditions: [{ type: 'Progressing', status: 'True' }] }],
    [{ conditions: [{ type: 'Progressing', status: 'True' }] }, { conditions: [{ status: 'True', type: 'Progressing' }] }],
    ['a', 'a'],
    [1, '1'],
  ];
  for (const [a, b] of cases) assert.is(jsonEqual(a, b), viaJson(a, b), `${String(JSON.stringify(a))} vs ${String(JSON.stringify(b))}`);
});

test('jsonEqual agrees with JSON.stringify equality on random values, their copies and edited copies', () => {
  const edit = (v: unknown, r: number): unknown => {
    if (Array.isArray(v)) return v.length && r < 0.5 ? v.slice(1) : [...v, r];
    if (typeof v === 'object' && v !== null) {
      const keys = Object.keys(v);
      if (keys.length > 1 && r < 0.3) return Object.fromEntries(Object.entries(v).reverse());
      if (keys.length && r < 0.6) return { ...v, [keys[0]!]: r < 0.45 ? undefined : 'x' };
      return { ...v, extra: r };
    }
    return r;
  };
  fc.assert(
    fc.property(fc.anything(), fc.anything(), fc.double({ min: 0, max: 1, noNaN: true }), (a, b, r) => {
      assert.is(jsonEqual(a, b), viaJson(a, b));
      const copy = structuredClone(a);
      assert.is(jsonEqual(a, copy), viaJson(a, copy));
      const edited = edit(copy, r);
      assert.is(jsonEqual(a, edited), viaJson(a, edited));
    }),
    { seed: 1202, numRuns: 2000 },
  );
});

test.run();
