// selectHostUniform (used by scheduleOne): maximum wins; ties uniform with exactly one draw.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import seedrandom from 'seedrandom';
import { selectHostUniform } from '../../models/scheduler/policy/index.js';

test('unique maximum: no draw', () => {
  let draws = 0;
  const r = () => { draws++; return 0.5; };
  assert.is(selectHostUniform(new Float64Array([1, 9, 3, 8]), 4, r), 1);
  assert.is(draws, 0);
});

test('ties: one draw; near 0 → last tied, near 1 → first tied; only tied nodes win', () => {
  let draws = 0;
  const at = (x: number) => () => { draws++; return x; };
  const s = new Float64Array([5, 7, 2, 7, 7, 1]);
  assert.is(selectHostUniform(s, 6, at(0)), 4);
  assert.is(selectHostUniform(s, 6, at(0.99)), 1);
  assert.is(selectHostUniform(s, 6, at(0.5)), 3);
  assert.is(draws, 3);
  assert.is(selectHostUniform(s, 3, at(0)), 1); // only scores[0..n) count
});

test('ties: uniform over the tied nodes', () => {
  const rng = seedrandom('uniform');
  const s = new Float64Array([3, 8, 8, 0, 8, 8, 8]);
  const hits = new Map<number, number>();
  const n = 50_000;
  for (let i = 0; i < n; i++) { const b = selectHostUniform(s, s.length, rng); hits.set(b, (hits.get(b) ?? 0) + 1); }
  assert.equal([...hits.keys()].sort(), [1, 2, 4, 5, 6]);
  for (const c of hits.values()) assert.ok(Math.abs(c / n - 0.2) < 0.01, `share ${c / n}`);
});

test.run();
