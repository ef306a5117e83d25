import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { studentTCdf, studentTQuantile, summarize, t975 } from '../../sweep/stats.js';

const close = (a: number, b: number, tol: number, what: string): void => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('two-sided 95% t critical values match tables', () => {
  const table: [number, number][] = [
    [1, 12.706204736174698],
    [2, 4.302652729749464],
    [3, 3.182446305284263],
    [4, 2.776445105197793],
    [5, 2.570581835636314],
    [9, 2.262157162798205],
    [10, 2.228138851986274],
    [29, 2.045229642132703],
    [30, 2.042272456301238],
    [100, 1.983971518523553],
    [1000, 1.9623390808264078],
  ];
  for (const [df, t] of table) close(t975(df), t, 1e-9, `df=${df}`);
  close(studentTQuantile(0.975, 1e7), 1.959963984540054, 1e-6, 'df→∞');
  close(studentTQuantile(0.025, 5), -2.570581835636314, 1e-9, 'lower tail');
  close(studentTCdf(0, 7), 0.5, 1e-15, 'cdf(0)');
});

test('summary: mean/min/max and the Student-t interval', () => {
  const s = summarize([1, 2, 3, 4, 5])!;
  assert.is(s.mean, 3);
  assert.is(s.min, 1);
  assert.is(s.max, 5);
  // sd = sqrt(2.5), half-width = t(4) * sd / sqrt(5)
  const half = 2.776445105197793 * Math.sqrt(2.5) / Math.sqrt(5);
  close(s.ci95Low!, 3 - half, 1e-9, 'low');
  close(s.ci95High!, 3 + half, 1e-9, 'high');
});

test('n = 1 has no interval; n = 0 has no summary; constant samples have a zero-width interval', () => {
  const one = summarize([7])!;
  assert.is(one.mean, 7);
  assert.is(one.ci95Low, undefined);
  assert.is(one.ci95High, undefined);
  assert.is(summarize([]), undefined);
  const flat = summarize([2, 2, 2])!;
  assert.is(flat.ci95Low, 2);
  assert.is(flat.ci95High, 2);
});

test('sd and percentiles across seeds: numpy.percentile (linear) and numpy.std(ddof=1) values', () => {
  // numpy.percentile(range(1, 11), [50, 90, 99]) = [5.5, 9.1, 9.91]; std(ddof=1) = 3.0276503540974917
  const s = summarize([10, 3, 1, 7, 2, 9, 4, 8, 6, 5])!;
  close(s.p50, 5.5, 1e-12, 'p50');
  close(s.p90, 9.1, 1e-12, 'p90');
  close(s.p99, 9.91, 1e-12, 'p99');
  close(s.sd!, 3.0276503540974917, 1e-12, 'sd');
  const one = summarize([4])!;
  assert.is(one.p99, 4);
  assert.is(one.sd, undefined);
});

test.run();
