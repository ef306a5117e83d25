// roundLoad (models/traffic/pod-queue.ts), the queue cache's key: exactly Number(a.toPrecision(3))
// — the key it replaced — for every double, including the decimal ties toPrecision breaks upward
// and their neighbours one ulp away, which the arithmetic path hands back to the string.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { roundLoad } from '../../models/traffic/pod-queue.js';

const byString = (a: number): number => (a <= 0 ? 0 : Number(a.toPrecision(3)));

/** The doubles one ulp below and above x (x > 0, finite). */
function neighbours(x: number): [number, number] {
  const b = new Float64Array([x]);
  const u = new BigUint64Array(b.buffer);
  const v = u[0]!;
  u[0] = v - 1n;
  const lo = b[0]!;
  u[0] = v + 1n;
  const hi = b[0]!;
  return [lo, hi];
}

test('roundLoad is Number(toPrecision(3)) on random doubles of every magnitude', () => {
  fc.assert(
    fc.property(fc.double({ min: -1, max: 1e300, noNaN: true }), (a) => Object.is(roundLoad(a), byString(a))),
    { numRuns: 20_000, seed: 12 },
  );
  fc.assert(
    fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (a) => Object.is(roundLoad(a), byString(a))),
    { numRuns: 50_000, seed: 13 },
  );
});

test('roundLoad breaks decimal ties as toPrecision does, and so do the ties’ neighbours', () => {
  let checked = 0;
  for (let e = -18; e <= 13; e++) {
    for (let n = 1000; n < 10000; n += 7) {
      // n·10^(e−3) with its 4th significant digit 5 (a tie in decimal, rarely exact in binary).
      const d = Number(`${Math.floor(n / 10)}5e${e - 3}`);
      for (const a of [d, ...neighbours(d)]) {
        assert.ok(Object.is(roundLoad(a), byString(a)), `${a}: ${roundLoad(a)} vs ${byString(a)}`);
        checked++;
      }
    }
  }
  // Binary-exact ties: 100.5, 0.1235 is not one, 2.5 × 2^k are.
  for (const a of [100.5, 1000.5 / 10, 12.25, 0.0625, 999.5, 9995, 0.9995, 1e13 + 5e9, 1.005, 2.675, 8.345]) {
    assert.ok(Object.is(roundLoad(a), byString(a)), `${a}`);
  }
  assert.ok(checked > 40_000);
});

test('roundLoad at the edges: powers of ten, zero, negatives, far exponents, NaN and Infinity', () => {
  for (let e = -25; e <= 20; e++) {
    const p = Number(`1e${e}`);
    for (const a of [p, ...neighbours(p), 9.995 * p, 9.9949999 * p]) assert.ok(Object.is(roundLoad(a), byString(a)), `${a}`);
  }
  assert.is(roundLoad(0), 0);
  assert.is(roundLoad(-3), 0);
  assert.is(roundLoad(Number.MIN_VALUE), byString(Number.MIN_VALUE));
  assert.is(roundLoad(Infinity), Infinity);
  assert.ok(Number.isNaN(roundLoad(NaN)));
  assert.is(roundLoad(123.456), 123);
  assert.is(roundLoad(0.0123456), 0.0123);
  assert.is(roundLoad(987654), 988000);
});

test.run();
