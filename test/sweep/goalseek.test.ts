import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bisect, latticeValue, maxProbes } from '../../sweep/goalseek.js';

test('finds the smallest feasible value of a monotone predicate, in few probes', async () => {
  for (const threshold of [1, 2, 17, 63, 100]) {
    const probed: number[] = [];
    const g = { low: 1, high: 100, step: 1, minimize: true };
    const r = await bisect(g, async (x) => {
      probed.push(x);
      return x >= threshold;
    });
    assert.is(r.status, 'found');
    assert.is(r.answer, threshold);
    assert.ok(probed.length <= maxProbes(g), `${probed.length} probes`);
    assert.is(probed[0], 100); // far end first
    assert.equal(r.probes.map((p) => p.value), probed);
  }
});

test('no feasible value in range → none; maximise finds the largest', async () => {
  const none = await bisect({ low: 1, high: 10, step: 1, minimize: true }, async () => false);
  assert.is(none.status, 'none');
  assert.is(none.answer, undefined);
  const max = await bisect({ low: 0, high: 1, step: 0.01, minimize: false }, async (x) => x <= 0.37);
  assert.is(max.answer, 0.37);
});

test('real-valued lattice includes high and avoids binary noise', () => {
  const g = { low: 0.1, high: 1, step: 0.3, minimize: true };
  assert.equal([0, 1, 2, 3].map((i) => latticeValue(g, i)), [0.1, 0.4, 0.7, 1]);
});

test('interrupted probe stops the search', async () => {
  const r = await bisect({ low: 1, high: 8, step: 1, minimize: true }, async (x) => (x === 8 ? true : undefined));
  assert.is(r.status, 'interrupted');
  assert.is(r.probes.length, 1);
});

test.run();
