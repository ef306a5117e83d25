import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  aggregatePercentiles,
  erlangB,
  erlangC,
  hypoexpSurvival,
  mm1,
  mmc,
  mmck,
  podService,
  slotServiceRate,
  type ResponseDistribution,
} from '../../models/traffic/policy/queueing.js';

const close = (actual: number, expected: number, rel: number, what = ''): void => {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: ${actual} vs ${expected} (rel ${rel})`);
};

/** ∫_0^∞ S(t) dt by composite Simpson on [0, T] (T where S is negligible). */
function integrateSurvival(d: ResponseDistribution, T: number, n = 20000): number {
  const h = T / n;
  let s = d.survival(0) + d.survival(T);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * d.survival(i * h);
  return (s * h) / 3;
}

/** Deterministic xorshift32 → uniform (0, 1). */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return (x + 0.5) / 4294967296;
  };
}

const quantileOf = (sorted: Float64Array, p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;

test('M/M/1: λ=8, μ=10 ⇒ ρ 0.8, mean response 0.5 s, p99 = ln(100)/2', () => {
  const q = mm1(8, 10);
  close(q.utilization, 0.8, 1e-12, 'rho');
  close(q.meanResponse, 0.5, 1e-12, 'mean');
  close(q.meanWait, 0.4, 1e-12, 'wait');
  close(q.response.quantile(0.99), Math.log(100) / 2, 1e-12, 'p99');
  close(q.response.quantile(0.5), Math.log(2) / 2, 1e-12, 'p50');
  assert.throws(() => mm1(10, 10));
});

test('Erlang B/C: c=2, a=1.5 ⇒ C = 9/14; independent direct-sum formula agrees', () => {
  close(erlangB(2, 1.5), 0.9 / 2.9, 1e-12, 'B');
  const C = erlangC(2, 1.5);
  close(C, 0.6428571428571429, 1e-12, 'C');
  // direct: (a^c/c!)·c/(c−a) / (Σ_{k<c} a^k/k! + (a^c/c!)·c/(c−a))
  const direct = (c: number, a: number): number => {
    let sum = 0;
    let term = 1;
    for (let k = 0; k < c; k++) {
      sum += term;
      term = (term * a) / (k + 1);
    }
    const top = (term * c) / (c - a);
    return top / (sum + top);
  };
  for (const [c, a] of [[1, 0.5], [3, 2.4], [10, 8], [50, 45], [200, 180]] as const) close(erlangC(c, a), direct(c, a), 1e-9, `C(${c},${a})`);
  // large c stays finite (direct factorials would overflow)
  const big = erlangC(2000, 1950);
  assert.ok(big > 0 && big < 1);
});

test('M/M/c: c=2, λ=1.5, μ=1 ⇒ Wq = C/(cμ−λ) = 1.2857, W = 2.2857; mean of survival agrees', () => {
  const q = mmc(1.5, 1, 2);
  close(q.probWait, 9 / 14, 1e-12, 'C');
  close(q.meanWait, 9 / 14 / 0.5, 1e-12, 'Wq');
  close(q.meanResponse, 9 / 7 + 1, 1e-12, 'W');
  // Little: Lq = λ Wq = Cρ/(1−ρ)
  close(1.5 * q.meanWait, (9 / 14) * 0.75 / 0.25, 1e-12, 'Lq');
  close(q.waitSurvival(1), (9 / 14) * Math.exp(-0.5), 1e-12, 'P(W>1)');
  close(integrateSurvival(q.response, 80), q.meanResponse, 1e-6, '∫S');
  // quantile inverts survival
  const p99 = q.response.quantile(0.99);
  close(q.response.survival(p99), 0.01, 1e-9, 'S(p99)');
});

test('M/M/c with c=1 is M/M/1; cμ = λ + μ handled (continuous, right mean)', () => {
  const a = mmc(8, 10, 1);
  const b = mm1(8, 10);
  for (const t of [0.1, 0.5, 1, 3]) close(a.response.survival(t), b.response.survival(t), 1e-12, `S(${t})`);
  close(a.response.quantile(0.99), b.response.quantile(0.99), 1e-9, 'p99');
  // c=2, μ=1, λ=1 ⇒ cμ − λ = μ exactly
  const eq = mmc(1, 1, 2);
  const near = mmc(1 + 1e-7, 1, 2);
  for (const t of [0.5, 2, 6]) close(eq.response.survival(t), near.response.survival(t), 1e-6, `S(${t})`);
  close(integrateSurvival(eq.response, 60), eq.meanResponse, 1e-6, '∫S');
  close(hypoexpSurvival(2, 2, 1), 3 * Math.exp(-2), 1e-14, 'Erlang-2');
});

test('M/M/c/K: c=1 blocking (1−ρ)ρ^K/(1−ρ^{K+1}); Little; survival mean agrees', () => {
  const q = mmck(8, 10, 1, 5);
  const rho = 0.8;
  const pK = ((1 - rho) * rho ** 5) / (1 - rho ** 6);
  close(q.blocking, pK, 1e-12, 'P_K');
  close(q.throughput, 8 * (1 - pK), 1e-12, 'X');
  close(q.meanResponse, q.meanInSystem / q.throughput, 1e-12, 'Little');
  close(integrateSurvival(q.response, 20), q.meanResponse, 1e-6, '∫S c=1');
  const r = mmck(5, 1, 3, 7); // overloaded: a = 5 > c
  close(r.stateProbabilities.reduce((s, x) => s + x, 0), 1, 1e-12, 'Σp');
  close(integrateSurvival(r.response, 40), r.meanResponse, 1e-6, '∫S c=3');
  close(r.throughput + r.rejectRate, 5, 1e-12, 'flow');
  assert.ok(r.utilization < 1);
});

test('M/M/c/K with a large K converges to M/M/c', () => {
  const inf = mmc(1.5, 1, 2);
  const fin = mmck(1.5, 1, 2, 300);
  assert.ok(fin.blocking < 1e-30);
  close(fin.meanResponse, inf.meanResponse, 1e-9, 'mean');
  for (const p of [0.5, 0.95, 0.99]) close(fin.response.quantile(p), inf.response.quantile(p), 1e-7, `p${p}`);
});

test('Monte Carlo: M/M/c FCFS (c=2, λ=1.5, μ=1), 200k customers, seeded xorshift', () => {
  const rnd = xorshift(12345);
  const exp = (rate: number): number => -Math.log(rnd()) / rate;
  const c = 2;
  const n = 200_000;
  const warm = 10_000;
  const free = new Float64Array(c);
  const resp = new Float64Array(n - warm);
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += exp(1.5);
    let k = 0;
    for (let j = 1; j < c; j++) if ((free[j] as number) < (free[k] as number)) k = j;
    const start = Math.max(t, free[k] as number);
    const done = start + exp(1);
    free[k] = done;
    if (i >= warm) resp[i - warm] = done - t;
  }
  resp.sort();
  const q = mmc(1.5, 1, 2);
  for (const p of [0.5, 0.95, 0.99]) close(quantileOf(resp, p), q.response.quantile(p), 0.04, `MC p${p}`);
  const mean = resp.reduce((s, x) => s + x, 0) / resp.length;
  close(mean, q.meanResponse, 0.04, 'MC mean');
});

test('Monte Carlo: M/M/c/K (c=2, K=5, λ=3, μ=1) blocking and percentiles', () => {
  const rnd = xorshift(777);
  const exp = (rate: number): number => -Math.log(rnd()) / rate;
  const c = 2;
  const K = 5;
  const free = new Float64Array(c);
  const departures: number[] = []; // finish times of requests in the system (FCFS ⇒ non-decreasing per start order)
  const resp: number[] = [];
  let rejected = 0;
  let t = 0;
  const n = 200_000;
  for (let i = 0; i < n; i++) {
    t += exp(3);
    while (departures.length > 0 && (departures[0] as number) <= t) departures.shift();
    if (departures.length >= K) {
      rejected++;
      continue;
    }
    let k = 0;
    for (let j = 1; j < c; j++) if ((free[j] as number) < (free[k] as number)) k = j;
    const start = Math.max(t, free[k] as number);
    const done = start + exp(1);
    free[k] = done;
    departures.push(done);
    departures.sort((x, y) => x - y);
    resp.push(done - t);
  }
  const q = mmck(3, 1, 2, 5);
  close(rejected / n, q.blocking, 0.03, 'MC blocking');
  const sorted = Float64Array.from(resp).sort();
  for (const p of [0.5, 0.95, 0.99]) close(quantileOf(sorted, p), q.response.quantile(p), 0.04, `MC p${p}`);
});

test('pod helper: capacity, cost and slots ⇒ served/error rates and percentiles', () => {
  // 1000m CPU, 50 m·s per request, 4 slots ⇒ a slot runs at 250m ⇒ 0.2 s per request ⇒ μ = 5/s
  assert.is(slotServiceRate(1000, 50, 4), 5);
  const light = podService({ offeredRate: 10, cpuMillicores: 1000, costMilliCoreSeconds: 50, concurrency: 4, queueBound: 100 });
  const ref = mmc(10, 5, 4);
  close(light.servedRate, 10, 1e-9, 'served');
  assert.ok(light.errorRate < 1e-9);
  close(light.utilization, 0.5, 1e-9, 'util');
  close(light.p99, ref.response.quantile(0.99), 1e-6, 'p99');
  // overload: offered 40/s vs capacity 20/s ⇒ served ≈ 20/s, the rest are errors
  const heavy = podService({ offeredRate: 40, cpuMillicores: 1000, costMilliCoreSeconds: 50, concurrency: 4, queueBound: 8 });
  close(heavy.servedRate + heavy.errorRate, 40, 1e-12, 'flow');
  assert.ok(heavy.servedRate < 20 && heavy.servedRate > 19);
  assert.ok(heavy.p99 > light.p99);
  // no CPU ⇒ everything errors
  const none = podService({ offeredRate: 3, cpuMillicores: 0, costMilliCoreSeconds: 50, concurrency: 4, queueBound: 8 });
  assert.equal([none.servedRate, none.errorRate], [0, 3]);
});

test('aggregate percentiles: mixture weighted by served rate', () => {
  const a = podService({ offeredRate: 10, cpuMillicores: 1000, costMilliCoreSeconds: 50, concurrency: 4, queueBound: 100 });
  const b = podService({ offeredRate: 18, cpuMillicores: 1000, costMilliCoreSeconds: 50, concurrency: 4, queueBound: 100 });
  const agg = aggregatePercentiles([a, b]);
  // equal loads ⇒ same as one pod
  const same = aggregatePercentiles([a, a]);
  close(same.p99, a.p99, 1e-9, 'same p99');
  // the mixture percentile lies between the pods' own, and its survival is the weighted mix
  assert.ok(agg.p99 > a.p99 && agg.p99 < b.p99);
  const wa = a.servedRate / (a.servedRate + b.servedRate);
  const s = wa * (a.response as ResponseDistribution).survival(agg.p95) + (1 - wa) * (b.response as ResponseDistribution).survival(agg.p95);
  close(s, 0.05, 1e-9, 'mixture S(p95)');
  close(agg.mean, wa * a.mean + (1 - wa) * b.mean, 1e-12, 'mean');
});

test.run();
