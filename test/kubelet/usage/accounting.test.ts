// Acc.replace (models/kubelet/usage/accounting.ts): a contribution changed in place must leave an
// aggregate bit-for-bit as removing the old one and adding the new one does (apply −1 then +1),
// whatever the number of members — the usage sums are reported to 3 decimals and must not move.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Acc, type Contribution } from '../../../models/kubelet/usage/accounting.js';

/** A small deterministic generator (xorshift32) for awkward doubles. */
function gen(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

function contribution(r: () => number): Contribution {
  const throttled = r() < 0.3 ? 1 : 0;
  return {
    cpu: r() * 1000 + r() * 1e-7,
    runnable: r() < 0.8 ? 1 : 0,
    throttled,
    throttledFrac: throttled ? r() : 0,
    memConst: r() * 2 ** 30 - r() * 1e3,
    memRate: r() < 0.2 ? r() * 1e-3 : 0,
  };
}

const FIELDS = ['cpuRate', 'runnable', 'throttled', 'throttledFrac', 'memConst', 'memRate', 'members', 'cpuIntegral', 'runnableMs', 'throttledMs', 'throttledTimeMs'] as const;

test('replace(now, old, new) = apply(now, old, −1); apply(now, new, 1), bit for bit, for 1 … 6 members', () => {
  const r = gen(42);
  for (let members = 1; members <= 6; members++) {
    const a = new Acc(0);
    const b = new Acc(0);
    const cs: Contribution[] = [];
    for (let i = 0; i < members; i++) {
      const c = contribution(r);
      cs.push(c);
      a.apply(i * 7, c, 1);
      b.apply(i * 7, c, 1);
    }
    let now = 100;
    for (let step = 0; step < 400; step++) {
      now += Math.floor(r() * 50);
      const k = Math.floor(r() * members);
      const next = contribution(r);
      a.apply(now, cs[k]!, -1);
      a.apply(now, next, 1);
      b.replace(now, cs[k]!, next);
      cs[k] = next;
      for (const f of FIELDS) assert.ok(Object.is(a[f], b[f]), `${members} members, step ${step}: ${f} ${a[f]} vs ${b[f]}`);
    }
    assert.ok(Object.is(a.memoryAt(now), b.memoryAt(now)));
  }
});

test('replace on an aggregate of one drops the residue as the removal does (the new value exactly)', () => {
  const acc = new Acc(0);
  acc.apply(0, { cpu: 0.1, runnable: 1, throttled: 0, throttledFrac: 0, memConst: 0.3, memRate: 0 }, 1);
  acc.apply(0, { cpu: 0.2, runnable: 1, throttled: 0, throttledFrac: 0, memConst: 0.7, memRate: 0 }, 1);
  acc.apply(5, { cpu: 0.2, runnable: 1, throttled: 0, throttledFrac: 0, memConst: 0.7, memRate: 0 }, -1);
  assert.ok(acc.cpuRate !== 0.1, 'a residue: 0.1 + 0.2 − 0.2 is not 0.1');
  acc.replace(10, { cpu: 0.1, runnable: 1, throttled: 0, throttledFrac: 0, memConst: 0.3, memRate: 0 }, { cpu: 0.4, runnable: 1, throttled: 0, throttledFrac: 0, memConst: 0.5, memRate: 0 });
  assert.is(acc.cpuRate, 0.4);
  assert.is(acc.memConst, 0.5);
  assert.is(acc.members, 1);
});

test.run();
