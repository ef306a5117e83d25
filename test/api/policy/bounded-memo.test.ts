// BoundedMemo: results computed once per argument, all forgotten when full, undefined results
// kept; and the memoised pure functions give the same answers across a clear.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BoundedMemo } from '../../../models/api/policy/bounded-memo.js';
import { parseQuantity } from '../../../models/api/policy/quantity.js';
import { imageKey } from '../../../models/kubelet/policy/image-pull.js';

test('computes once per key, keeps undefined results, starts over when it holds max', () => {
  const m = new BoundedMemo<number, number | undefined>(3);
  let calls = 0;
  const f = (k: number): number | undefined => { calls++; return k === 0 ? undefined : k * 10; };
  assert.is(m.get(1, f), 10);
  assert.is(m.get(1, f), 10);
  assert.is(m.get(0, f), undefined);
  assert.is(m.get(0, f), undefined);
  assert.is(calls, 2, 'hits, undefined included, are not recomputed');
  m.get(2, f);
  assert.is(m.size, 3);
  m.get(3, f); // full: everything forgotten, then 3 kept
  assert.is(m.size, 1);
  assert.is(m.peek(1), undefined);
  assert.is(m.get(1, f), 10);
  assert.is(calls, 5);
  m.set(9, 1);
  assert.is(m.peek(9), 1);
});

test('parseQuantity and imageKey answer the same before and after their memo starts over', () => {
  const q = parseQuantity('1536Mi').toMilli();
  const k = imageKey('docker.io/library/nginx');
  for (let i = 0; i < 5000; i++) {
    parseQuantity(`${i}Mi`);
    imageKey(`registry.example/app-${i}:v1`);
  }
  assert.is(parseQuantity('1536Mi').toMilli(), q);
  assert.is(imageKey('docker.io/library/nginx'), k);
  assert.is(k, 'docker.io/library/nginx:latest');
  assert.throws(() => parseQuantity('12Mib'), /invalid quantity "12Mib"/);
  assert.throws(() => parseQuantity('12Mib'), /invalid quantity "12Mib"/, 'failures are not kept');
});

test.run();
