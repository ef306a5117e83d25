import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RandomStreams, Rng, sampler, type DistributionSpec } from '../../sim/random.js';

const N = 200_000;
const SIGMAS = 5;

function draws(n: number, f: () => number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = f();
  return out;
}

function meanVar(xs: readonly number[]): { mean: number; variance: number } {
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  return { mean, variance: ss / (xs.length - 1) };
}

/**
 * Sample mean within SIGMAS standard errors of `mean`, sample variance within
 * SIGMAS standard errors of `variance` (SE of the variance from the fourth
 * central moment mu4: sqrt((mu4 - variance^2) / n)).
 */
function assertMoments(xs: readonly number[], mean: number, variance: number, mu4: number, label: string): void {
  const s = meanVar(xs);
  const seMean = Math.sqrt(variance / xs.length);
  const seVar = Math.sqrt((mu4 - variance * variance) / xs.length);
  assert.ok(Math.abs(s.mean - mean) <= SIGMAS * seMean, `${label}: mean ${s.mean} vs ${mean} (se ${seMean})`);
  assert.ok(
    Math.abs(s.variance - variance) <= SIGMAS * seVar,
    `${label}: variance ${s.variance} vs ${variance} (se ${seVar})`,
  );
}

function assertFrequency(count: number, n: number, p: number, label: string): void {
  const sd = Math.sqrt(n * p * (1 - p));
  assert.ok(Math.abs(count - n * p) <= SIGMAS * sd, `${label}: ${count} hits of ${n}, expected ${n * p} ± ${SIGMAS * sd}`);
}

const first = (rng: Rng, n = 8): number[] => draws(n, () => rng.next());

test('same master seed and name give the same sequence', () => {
  assert.equal(first(new RandomStreams(42).stream('scheduler')), first(new RandomStreams(42).stream('scheduler')));
  assert.equal(first(new RandomStreams('42').stream('a')), first(new RandomStreams(42).stream('a')));
});

test('stream(name) is cached: same instance', () => {
  const streams = new RandomStreams(1);
  assert.is(streams.stream('x'), streams.stream('x'));
});

test('different names give different sequences', () => {
  const streams = new RandomStreams(42);
  const a = first(streams.stream('kubelet/node-1'));
  const b = first(streams.stream('kubelet/node-2'));
  assert.not.equal(a, b);
  // Not merely shifted copies of each other.
  assert.not.ok(a.some((x) => b.includes(x)));
});

test('adding a stream does not change another stream\'s numbers', () => {
  const alone = new RandomStreams(42);
  const expected = first(alone.stream('scheduler'), 100);
  const crowded = new RandomStreams(42);
  const other = crowded.stream('new-component');
  first(other, 1000);
  const s = crowded.stream('scheduler');
  const got: number[] = [];
  for (let i = 0; i < 100; i++) {
    got.push(s.next());
    other.next(); // interleaved draws elsewhere do not matter either
  }
  assert.equal(got, expected);
});

test('a different master seed changes the numbers', () => {
  assert.not.equal(first(new RandomStreams(42).stream('s')), first(new RandomStreams(43).stream('s')));
});

test('seed derivation is separated: ("a/b", "c") differs from ("a", "b/c")', () => {
  assert.not.equal(first(new RandomStreams('a/b').stream('c')), first(new RandomStreams('a').stream('b/c')));
});

test('golden values: seed derivation and generator are stable across versions', () => {
  // If this fails, every saved scenario result changes: only update on purpose.
  const rng = new RandomStreams(42).stream('golden');
  assert.equal(first(rng, 3).map((x) => x.toFixed(12)), GOLDEN);
});

test('next() is in [0, 1)', () => {
  const rng = new RandomStreams(3).stream('range');
  for (let i = 0; i < 100_000; i++) {
    const x = rng.next();
    assert.ok(x >= 0 && x < 1);
  }
});

test('uniform moments', () => {
  const rng = new RandomStreams(1).stream('uniform');
  const [a, b] = [2, 10];
  const w = b - a;
  const xs = draws(N, () => rng.uniform(a, b));
  assertMoments(xs, (a + b) / 2, (w * w) / 12, w ** 4 / 80, 'uniform');
  assert.ok(xs.every((x) => x >= a && x < b));
});

test('exponential moments', () => {
  const rng = new RandomStreams(1).stream('exponential');
  const m = 1000;
  const xs = draws(N, () => rng.exponential(m));
  assertMoments(xs, m, m * m, 9 * m ** 4, 'exponential');
  assert.ok(xs.every((x) => x >= 0 && Number.isFinite(x)));
});

test('normal moments', () => {
  const rng = new RandomStreams(1).stream('normal');
  const [mu, sd] = [5, 2];
  assertMoments(draws(N, () => rng.normal(mu, sd)), mu, sd * sd, 3 * sd ** 4, 'normal');
});

test('normal is deterministic including the cached spare', () => {
  const a = new RandomStreams(9).stream('n');
  const b = new RandomStreams(9).stream('n');
  assert.equal(draws(11, () => a.normal(0, 1)), draws(11, () => b.normal(0, 1)));
});

test('lognormal: the log is normal(mu, sigma); mean/std helper round-trips', () => {
  const rng = new RandomStreams(1).stream('lognormal');
  const [mu, sigma] = [1, 0.5];
  const xs = draws(N, () => rng.lognormal(mu, sigma));
  assert.ok(xs.every((x) => x > 0));
  assertMoments(xs.map(Math.log), mu, sigma * sigma, 3 * sigma ** 4, 'log of lognormal');
  const p = Rng.lognormalParamsFromMeanStd(300, 120);
  const ys = draws(N, () => rng.lognormal(p.mu, p.sigma));
  const s = meanVar(ys);
  assert.ok(Math.abs(s.mean - 300) <= SIGMAS * (120 / Math.sqrt(N)), `lognormal mean ${s.mean}`);
  assert.ok(Math.abs(Math.sqrt(s.variance) - 120) < 120 * 0.03, `lognormal std ${Math.sqrt(s.variance)}`);
  assert.throws(() => Rng.lognormalParamsFromMeanStd(0, 1), /mean > 0/);
  assert.throws(() => Rng.lognormalParamsFromMeanStd(1, -1), /stddev >= 0/);
});

test('int bounds and uniformity', () => {
  const rng = new RandomStreams(1).stream('int');
  const counts = new Map<number, number>();
  for (let i = 0; i < N; i++) {
    const x = rng.int(3, 7);
    assert.ok(Number.isInteger(x) && x >= 3 && x <= 7, `int out of range: ${x}`);
    counts.set(x, (counts.get(x) ?? 0) + 1);
  }
  for (let v = 3; v <= 7; v++) assertFrequency(counts.get(v) ?? 0, N, 1 / 5, `int ${v}`);
  assert.is(rng.int(5, 5), 5);
  assert.throws(() => rng.int(2, 1), /lo <= hi/);
  assert.throws(() => rng.int(0.5, 1), /integers/);
});

test('bernoulli frequency', () => {
  const rng = new RandomStreams(1).stream('bernoulli');
  let hits = 0;
  for (let i = 0; i < N; i++) if (rng.bernoulli(0.3)) hits++;
  assertFrequency(hits, N, 0.3, 'bernoulli');
});

test('weightedChoice frequencies and validation', () => {
  const rng = new RandomStreams(1).stream('weighted');
  const items = ['a', 'b', 'c', 'd'] as const;
  const weights = [1, 2, 0, 7];
  const counts: Record<string, number> = { a: 0, b: 0, c: 0, d: 0 };
  for (let i = 0; i < N; i++) counts[rng.weightedChoice(items, weights)]!++;
  assertFrequency(counts.a!, N, 0.1, 'a');
  assertFrequency(counts.b!, N, 0.2, 'b');
  assert.is(counts.c, 0);
  assertFrequency(counts.d!, N, 0.7, 'd');
  assert.throws(() => rng.weightedChoice([], []), /no items/);
  assert.throws(() => rng.weightedChoice(['x'], [0]), /sum to 0/);
  assert.throws(() => rng.weightedChoice(['x'], [-1]), />= 0/);
  assert.throws(() => rng.weightedChoice(['x', 'y'], [1]), /2 items but 1 weights/);
});

test('shuffle: a permutation, every value uniform over every position', () => {
  const rng = new RandomStreams(1).stream('shuffle');
  const k = 5;
  const n = 100_000;
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < n; i++) {
    const arr = [0, 1, 2, 3, 4];
    const out = rng.shuffle(arr);
    assert.is(out, arr); // in place
    for (let pos = 0; pos < k; pos++) counts[pos]![arr[pos]!]!++;
  }
  const check = [0, 1, 2, 3, 4];
  rng.shuffle(check);
  assert.equal([...check].sort(), [0, 1, 2, 3, 4]);
  for (let pos = 0; pos < k; pos++) {
    for (let v = 0; v < k; v++) assertFrequency(counts[pos]![v]!, n, 1 / k, `value ${v} at position ${pos}`);
  }
  assert.equal(rng.shuffle([]), []);
});

test('pick', () => {
  const rng = new RandomStreams(1).stream('pick');
  const counts = [0, 0, 0];
  for (let i = 0; i < 30_000; i++) counts[rng.pick([0, 1, 2])]!++;
  counts.forEach((c, v) => assertFrequency(c, 30_000, 1 / 3, `pick ${v}`));
  assert.throws(() => rng.pick([]), /empty/);
});

test('sampler: each spec kind draws from its distribution', () => {
  const rng = new RandomStreams(1).stream('sampler');
  assert.is(sampler({ constant: 7 }, rng)(), 7);
  const u = sampler({ uniform: [1, 3] }, rng);
  assert.ok(draws(1000, u).every((x) => x >= 1 && x < 3));
  const e = meanVar(draws(N, sampler({ exponential: { mean: 50 } }, rng)));
  assert.ok(Math.abs(e.mean - 50) < SIGMAS * 50 / Math.sqrt(N));
  const clamped = draws(10_000, sampler({ normal: { mean: 0, stddev: 1, min: 0 } }, rng));
  assert.ok(clamped.every((x) => x >= 0));
  assert.ok(clamped.filter((x) => x === 0).length > 4000); // about half are clamped
  const ln = meanVar(draws(N, sampler({ lognormal: { mean: 10, stddev: 3 } }, rng)));
  assert.ok(Math.abs(ln.mean - 10) < SIGMAS * 3 / Math.sqrt(N));
  const c = draws(1000, sampler({ choice: { values: [1, 2], weights: [0, 1] } }, rng));
  assert.ok(c.every((x) => x === 2));
  const c2 = new Set(draws(1000, sampler({ choice: { values: [1, 2, 3] } }, rng)));
  assert.equal([...c2].sort(), [1, 2, 3]);
});

test('sampler: nonsense specs throw clear errors', () => {
  const rng = new RandomStreams(1).stream('sampler-errors');
  const bad: Array<[unknown, RegExp]> = [
    [{}, /exactly one of/],
    [{ gaussian: { mean: 1 } }, /exactly one of: constant, uniform/],
    [{ constant: 1, uniform: [0, 1] }, /exactly one of/],
    [{ constant: Infinity }, /finite number/],
    [{ uniform: [3, 1] }, /min 3 > max 1/],
    [{ uniform: [1] }, /\[min, max\]/],
    [{ exponential: { mean: 0 } }, /mean must be > 0/],
    [{ exponential: {} }, /exponential mean must be a finite number/],
    [{ normal: { mean: 1, stddev: -1 } }, /stddev must be >= 0/],
    [{ lognormal: { mean: -1, stddev: 1 } }, /mean must be > 0/],
    [{ lognormal: { mean: 1, stddev: -1 } }, /stddev must be >= 0/],
    [{ choice: { values: [] } }, /non-empty/],
    [{ choice: { values: [1, 2], weights: [1] } }, /2 values but 1 weights/],
    [{ choice: { values: [1], weights: [-1] } }, /negative/],
    [{ choice: { values: [1], weights: [0] } }, /sum to 0/],
  ];
  for (const [spec, re] of bad) {
    assert.throws(() => sampler(spec as DistributionSpec, rng), re, JSON.stringify(spec));
  }
});

const GOLDEN = ['0.617742701899', '0.370265211677', '0.416895574657'];

test.run();
