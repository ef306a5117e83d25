// Closed-form queueing results for the traffic flow model (rates, not requests).
//
// All queues are FCFS with Poisson arrivals (rate λ, 1/s) and exponential service (rate μ per
// server, 1/s). Times are in seconds (the flow model converts to ms where it needs to).
// Response (sojourn) time = waiting time + service time. Percentiles are found by bisection on
// the survival function P(T > t) to 1e-12 relative width, so they are far inside 1e-9.
//
// Results are pure functions of numbers; nothing here reads a clock or a random source.

/** A response-time distribution: survival function, mean, and quantiles. */
export interface ResponseDistribution {
  /** Mean response time (s). */
  mean: number;
  /** P(T > t), t in seconds. */
  survival(t: number): number;
  /** The p-quantile (0 < p < 1) in seconds. */
  quantile(p: number): number;
}

/** Smallest t with survival(t) ≤ 1 − p, by bracketing then bisection (relative width 1e-12). */
export function quantileFromSurvival(survival: (t: number) => number, p: number, scaleHint = 1): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`quantile p must be in (0, 1), got ${p}`);
  const target = 1 - p;
  if (survival(0) <= target) return 0;
  let lo = 0;
  let hi = scaleHint > 0 && Number.isFinite(scaleHint) ? scaleHint : 1;
  let guard = 0;
  while (survival(hi) > target) {
    lo = hi;
    hi *= 2;
    if (++guard > 2000) return Infinity;
  }
  for (let i = 0; i < 400 && hi - lo > 1e-12 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (survival(mid) > target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

// Scratch arrays for the M/M/c/K survival function: it runs dozens of times per quantile (the
// bisection) and three quantiles per recompute, and allocating its two work arrays per call was
// the largest allocation site of a traffic-heavy run. Single-threaded and not re-entrant (the
// function calls nothing that calls it), so three module-level buffers serve every call.
const scratchBufs: Float64Array[] = [new Float64Array(64), new Float64Array(64), new Float64Array(64)];
function scratch(i: 0 | 1 | 2, n: number): Float64Array {
  let b = scratchBufs[i]!;
  if (b.length < n) {
    let size = b.length;
    while (size < n) size *= 2;
    scratchBufs[i] = b = new Float64Array(size);
  }
  return b;
}

/** Math.log(j) for j = 0 … n (the same values Math.log gives, computed once). */
let logTable = new Float64Array(0);
function logsUpTo(n: number): Float64Array {
  if (logTable.length <= n) {
    const next = new Float64Array(Math.max(64, 2 * (n + 1)));
    for (let j = 0; j < next.length; j++) next[j] = Math.log(j);
    logTable = next;
  }
  return logTable;
}

function distribution(mean: number, survival: (t: number) => number): ResponseDistribution {
  return { mean, survival, quantile: (p) => quantileFromSurvival(survival, p, mean > 0 ? mean : 1) };
}

/** x → expm1(x)/x, equal to 1 at 0 (stable near 0). */
function expm1OverX(x: number): number {
  return Math.abs(x) < 1e-12 ? 1 + x / 2 : Math.expm1(x) / x;
}

/**
 * P(E_a + E_b > t) for independent exponentials of rates a, b. With lo ≤ hi and d = hi − lo:
 * (hi e^{−lo t} − lo e^{−hi t})/d = e^{−lo t} (1 + lo t · (1 − e^{−d t})/(d t)), which is stable as
 * d → 0 (limit (1 + lo t) e^{−lo t}, the cμ = λ + μ case of M/M/c).
 */
export function hypoexpSurvival(a: number, b: number, t: number): number {
  if (t <= 0) return 1;
  const lo = Math.min(a, b);
  const d = Math.max(a, b) - lo;
  return Math.exp(-lo * t) * (1 + lo * t * expm1OverX(-d * t));
}

// ---------------------------------------------------------------------------------------------
// M/M/1

export interface MM1Result {
  /** ρ = λ/μ. */
  utilization: number;
  /** Mean time waiting in queue (s). */
  meanWait: number;
  /** Mean response time 1/(μ − λ) (s). */
  meanResponse: number;
  /** Sojourn time ~ Exp(μ − λ). */
  response: ResponseDistribution;
}

export function mm1(lambda: number, mu: number): MM1Result {
  if (!(mu > 0) || !(lambda >= 0)) throw new RangeError('mm1: need μ > 0 and λ ≥ 0');
  if (lambda >= mu) throw new RangeError(`mm1: unstable (λ=${lambda} ≥ μ=${mu})`);
  const rate = mu - lambda;
  const rho = lambda / mu;
  return {
    utilization: rho,
    meanWait: rho / rate,
    meanResponse: 1 / rate,
    response: {
      mean: 1 / rate,
      survival: (t) => (t <= 0 ? 1 : Math.exp(-rate * t)),
      quantile: (p) => {
        if (!(p > 0 && p < 1)) throw new RangeError(`quantile p must be in (0, 1), got ${p}`);
        return -Math.log1p(-p) / rate;
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Erlang B / C and M/M/c

/** Erlang B blocking probability for c servers and offered load a = λ/μ (stable recursion). */
export function erlangB(c: number, a: number): number {
  if (!Number.isInteger(c) || c < 0) throw new RangeError('erlangB: c must be a non-negative integer');
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: probability an arrival waits, c servers, offered load a < c. */
export function erlangC(c: number, a: number): number {
  if (a >= c) return 1;
  const b = erlangB(c, a);
  return (c * b) / (c - a * (1 - b));
}

export interface MMcResult {
  /** Per-server utilisation ρ = λ/(cμ). */
  utilization: number;
  /** Erlang C: P(wait > 0). */
  probWait: number;
  /** Mean queueing delay C/(cμ − λ) (s). */
  meanWait: number;
  /** Mean response = mean wait + 1/μ (s). */
  meanResponse: number;
  /** P(W > t) = C e^{−(cμ−λ)t}. */
  waitSurvival(t: number): number;
  response: ResponseDistribution;
}

export function mmc(lambda: number, mu: number, c: number): MMcResult {
  if (!(mu > 0) || !(lambda >= 0) || !Number.isInteger(c) || c < 1) throw new RangeError('mmc: need μ > 0, λ ≥ 0, integer c ≥ 1');
  const a = lambda / mu;
  if (a >= c) throw new RangeError(`mmc: unstable (λ=${lambda} ≥ cμ=${c * mu})`);
  const C = erlangC(c, a);
  const theta = c * mu - lambda;
  const meanWait = C / theta;
  const survival = (t: number): number => (t <= 0 ? 1 : (1 - C) * Math.exp(-mu * t) + C * hypoexpSurvival(theta, mu, t));
  return {
    utilization: a / c,
    probWait: C,
    meanWait,
    meanResponse: meanWait + 1 / mu,
    waitSurvival: (t) => (t < 0 ? 1 : C * Math.exp(-theta * t)),
    response: distribution(meanWait + 1 / mu, survival),
  };
}

// ---------------------------------------------------------------------------------------------
// M/M/c/K

export interface MMcKResult {
  /** P(system full) = fraction of arrivals rejected. */
  blocking: number;
  /** Accepted (served) rate λ(1 − P_K). */
  throughput: number;
  /** Rejected rate λ P_K. */
  rejectRate: number;
  /** Per-server utilisation: throughput/(cμ). */
  utilization: number;
  /** Mean number in system. */
  meanInSystem: number;
  /** Mean queueing delay of accepted requests (Little). */
  meanWait: number;
  /** Mean response of accepted requests, L/λ_eff (Little). */
  meanResponse: number;
  /** Stationary distribution p_0 … p_K. */
  stateProbabilities: number[];
  /** Response time of accepted requests. */
  response: ResponseDistribution;
}

/**
 * M/M/c/K: c servers, at most K requests in the system (K ≥ c; the queue holds K − c).
 * Stable for any λ. Response-time law: an accepted arrival that finds n in system (PASTA,
 * conditioned on n < K) waits 0 if n < c, else Erlang(n − c + 1, cμ); then serves Exp(μ).
 */
export function mmck(lambda: number, mu: number, c: number, K: number): MMcKResult {
  if (!(mu > 0) || !(lambda >= 0) || !Number.isInteger(c) || c < 1 || !Number.isInteger(K) || K < c) {
    throw new RangeError('mmck: need μ > 0, λ ≥ 0, integers 1 ≤ c ≤ K');
  }
  const a = lambda / mu;
  // log-space unnormalised p_n = p_{n−1} · a / min(n, c)
  const logp: number[] = [0];
  for (let n = 1; n <= K; n++) logp.push((logp[n - 1] as number) + Math.log(a) - Math.log(Math.min(n, c)));
  let m = -Infinity;
  for (const x of logp) if (x > m) m = x;
  const w = logp.map((x) => (Number.isFinite(x) ? Math.exp(x - m) : 0));
  const z = w.reduce((s, x) => s + x, 0);
  const p = w.map((x) => x / z);
  const pK = p[K] as number;
  const throughput = lambda * (1 - pK);
  let L = 0;
  let Lq = 0;
  for (let n = 0; n <= K; n++) {
    L += n * (p[n] as number);
    if (n > c) Lq += (n - c) * (p[n] as number);
  }
  const meanResponse = throughput > 0 ? L / throughput : 1 / mu;
  const meanWait = throughput > 0 ? Lq / throughput : 0;

  // Arrival-state distribution of accepted requests.
  const accept = 1 - pK;
  const pi = p.slice(0, K).map((x) => (accept > 0 ? x / accept : 0));
  if (accept <= 0 || lambda === 0) {
    pi.fill(0);
    pi[0] = 1;
  }
  let pNoWait = 0;
  for (let n = 0; n < Math.min(c, K); n++) pNoWait += pi[n] as number;
  const theta = c * mu;
  const kmax = K - c; // arrivals that wait see n = c … K−1 ⇒ k = 1 … K−c Erlang phases

  const survival = (t: number): number => {
    if (t <= 0) return 1;
    let s = pNoWait * Math.exp(-mu * t);
    if (kmax < 1) return s;
    const x = theta * t;
    const logx = Math.log(x);
    // Poisson(j; x) for j = 0 … kmax in log space, Q(k, x) = Σ_{j<k} pois(j)
    const logPois = scratch(0, kmax + 1);
    const logs = logsUpTo(kmax);
    logPois[0] = -x;
    for (let j = 1; j <= kmax; j++) logPois[j] = logPois[j - 1]! + logx - logs[j]!;
    // Poisson(j; x) itself, once per j (both sums below read each; Math.exp was most of the cost).
    const pois = scratch(2, kmax + 1);
    for (let j = 0; j <= kmax; j++) pois[j] = Math.exp(logPois[j]!);
    // G(k) = e^{−μt} (θ/(θ−μ))^k P(k, (θ−μ)t); for c = 1, G(k) = pois(k; μt): the Poisson
    // terms themselves. Otherwise every G[1..kmax] is written below before it is read (G[0] never is).
    const G = c === 1 ? pois : scratch(1, kmax + 1);
    if (c !== 1) {
      const y = (theta - mu) * t;
      const r = theta / (theta - mu);
      // G(kmax) = Σ_{m≥0} pois(kmax; x) · y^m / ((kmax+1)…(kmax+m)), every term ≤ 1
      let logTerm = logPois[kmax] as number;
      let g = 0;
      const logy = Math.log(y);
      for (let mm = 0; mm < 1_000_000; mm++) {
        const term = Math.exp(logTerm);
        g += term;
        // Past the peak (mm > y) terms only shrink; all-underflowed terms (g = 0) end it too.
        if (mm > y && (term < 1e-18 * g || term === 0)) break;
        logTerm += logy - Math.log(kmax + mm + 1);
      }
      G[kmax] = g;
      for (let k = kmax - 1; k >= 1; k--) G[k] = pois[k]! + (G[k + 1] as number) / r;
    }
    let Q = 0;
    for (let k = 1; k <= kmax; k++) {
      Q += pois[k - 1]!;
      s += (pi[c + k - 1] as number) * (Math.min(Q, 1) + (G[k] as number));
    }
    return Math.min(1, Math.max(0, s));
  };

  return {
    blocking: pK,
    throughput,
    rejectRate: lambda * pK,
    utilization: throughput / theta,
    meanInSystem: L,
    meanWait,
    meanResponse,
    stateProbabilities: p,
    response: distribution(meanResponse, survival),
  };
}

// ---------------------------------------------------------------------------------------------
// A pod as a queue, and aggregation across pods

export interface PodServiceInput {
  /** Offered request rate to this pod (req/s). */
  offeredRate: number;
  /** CPU available to the pod (millicores). */
  cpuMillicores: number;
  /** CPU cost of one request (millicore-seconds). */
  costMilliCoreSeconds: number;
  /** Worker slots serving concurrently (≥ 1). */
  concurrency: number;
  /** Requests that may wait beyond the busy slots (per-pod queue bound, ≥ 0). */
  queueBound: number;
}

export interface PodServiceResult {
  /** Requests completed per second. */
  servedRate: number;
  /** Requests rejected per second (queue full, or no capacity at all). */
  errorRate: number;
  /** Per-slot busy fraction. */
  utilization: number;
  /** Service rate of one slot (1/s). */
  muPerSlot: number;
  /** Response-time statistics of served requests (s). NaN when nothing is served. */
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  /** The full distribution (undefined when nothing is served), for aggregation. */
  response?: ResponseDistribution;
}

/**
 * Service rate of one worker slot: the pod's CPU is split evenly over its slots, so a slot runs
 * at C/slots millicores and a request costing w millicore-seconds takes w·slots/C seconds.
 * (Simplification: an idle slot's share is not lent to busy ones.)
 */
export function slotServiceRate(cpuMillicores: number, costMilliCoreSeconds: number, concurrency: number): number {
  if (!(cpuMillicores > 0) || !(costMilliCoreSeconds > 0) || !(concurrency >= 1)) return 0;
  return cpuMillicores / concurrency / costMilliCoreSeconds;
}

/** One pod as M/M/c/K with c = concurrency, K = concurrency + queueBound. */
export function podService(input: PodServiceInput): PodServiceResult {
  const c = Math.max(1, Math.floor(input.concurrency));
  const mu = slotServiceRate(input.cpuMillicores, input.costMilliCoreSeconds, c);
  if (mu <= 0) {
    return { servedRate: 0, errorRate: input.offeredRate, utilization: 0, muPerSlot: 0, mean: NaN, p50: NaN, p95: NaN, p99: NaN };
  }
  const K = c + Math.max(0, Math.floor(input.queueBound));
  const q = mmck(input.offeredRate, mu, c, K);
  if (q.throughput <= 0) {
    return { servedRate: 0, errorRate: q.rejectRate, utilization: 0, muPerSlot: mu, mean: NaN, p50: NaN, p95: NaN, p99: NaN };
  }
  return {
    servedRate: q.throughput,
    errorRate: q.rejectRate,
    utilization: q.utilization,
    muPerSlot: mu,
    mean: q.meanResponse,
    p50: q.response.quantile(0.5),
    p95: q.response.quantile(0.95),
    p99: q.response.quantile(0.99),
    response: q.response,
  };
}

/**
 * The response-time distribution of all requests across pods: a mixture weighted by each pod's
 * served rate. Percentiles by bisection on the mixture's survival function.
 */
export function mixResponses(parts: ReadonlyArray<{ weight: number; response: ResponseDistribution }>): ResponseDistribution | undefined {
  const live = parts.filter((p) => p.weight > 0);
  const total = live.reduce((s, p) => s + p.weight, 0);
  if (total <= 0) return undefined;
  const mean = live.reduce((s, p) => s + p.weight * p.response.mean, 0) / total;
  const survival = (t: number): number => {
    let s = 0;
    for (const p of live) s += p.weight * p.response.survival(t);
    return s / total;
  };
  return distribution(mean, survival);
}

/** Aggregate p50/p95/p99/mean of several pods' served requests. */
export function aggregatePercentiles(pods: ReadonlyArray<Pick<PodServiceResult, 'servedRate' | 'response'>>): {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
} {
  const parts: Array<{ weight: number; response: ResponseDistribution }> = [];
  for (const p of pods) if (p.response !== undefined && p.servedRate > 0) parts.push({ weight: p.servedRate, response: p.response });
  const mix = mixResponses(parts);
  if (mix === undefined) return { mean: NaN, p50: NaN, p95: NaN, p99: NaN };
  return { mean: mix.mean, p50: mix.quantile(0.5), p95: mix.quantile(0.95), p99: mix.quantile(0.99) };
}
