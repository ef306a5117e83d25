// Acc.replace's one-member path (models/kubelet/usage/accounting.ts) writes 0 + c instead of
// running apply(o, −1) then apply(c, 1). This checks it against those two applies, bit for bit
// (Object.is: −0 and NaN count), on the awkward values a copy would get wrong: −0, NaN, ±Infinity.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Acc, type Contribution } from '../../../models/kubelet/usage/accounting.js';

const FIELDS = ['cpuRate', 'runnable', 'throttled', 'throttledFrac', 'memConst', 'memRate', 'members', 'cpuIntegral', 'runnableMs', 'throttledMs', 'throttledTimeMs'] as const;
const ODD = [0, -0, 1.5, -2.25, NaN, Infinity, -Infinity, 1e-300, 0.1 + 0.2];

function c(v: number, w: number): Contribution {
  return { cpu: v, runnable: 1, throttled: 0, throttledFrac: w, memConst: w, memRate: v };
}

test('replace on one member = apply(−1) then apply(1), bit for bit, for −0, NaN and infinities', () => {
  let n = 0;
  for (const before of ODD) {
    for (const after of ODD) {
      const a = new Acc(0);
      const b = new Acc(0);
      const o = c(0.3, 0.7);
      a.apply(0, o, 1);
      b.apply(0, o, 1);
      // A first change at t = 5 (a finite segment), then the one under test at t = 9.
      const mid = c(before, after);
      a.apply(5, o, -1);
      a.apply(5, mid, 1);
      b.replace(5, o, mid);
      const next = c(after, before);
      a.apply(9, mid, -1);
      a.apply(9, next, 1);
      b.replace(9, mid, next);
      for (const f of FIELDS) assert.ok(Object.is(a[f], b[f]), `${before} → ${after}: ${f} ${a[f]} vs ${b[f]}`);
      n++;
    }
  }
  assert.is(n, ODD.length * ODD.length);
});

test.run();
