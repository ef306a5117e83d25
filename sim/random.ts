import seedrandom from 'seedrandom';

/**
 * Deterministic randomness. Every component draws from its own named stream
 * (e.g. "scheduler", "kubelet/node-7"), seeded from (master seed, name) only:
 * adding a component or drawing more numbers in one stream never shifts the
 * numbers of another. Streams use seedrandom's alea generator, about 8x faster
 * per draw than its default ARC4 and plenty for simulation.
 */
export class RandomStreams {
  private readonly streams = new Map<string, Rng>();
  private readonly master: string;

  /** A number seed and its decimal string (42 and "42") give the same streams. */
  constructor(masterSeed: number | string) {
    if (typeof masterSeed === 'number' && !Number.isFinite(masterSeed)) {
      throw new Error(`master seed must be a finite number or a string, got ${masterSeed}`);
    }
    this.master = String(masterSeed);
  }

  /** The stream for `name`; the same Rng instance on every call with that name. */
  stream(name: string): Rng {
    let rng = this.streams.get(name);
    if (rng === undefined) {
      // JSON keeps (master, name) pairs apart: ("a/b", "c") vs ("a", "b/c").
      rng = new Rng(JSON.stringify(['k8sim', this.master, name]));
      this.streams.set(name, rng);
    }
    return rng;
  }
}

/** One random stream with the distributions the models need. */
export class Rng {
  private readonly prng: seedrandom.PRNG;
  /** Second normal deviate of the last polar-method pair, or NaN if none. */
  private spareNormal = NaN;

  constructor(seed: string) {
    this.prng = seedrandom.alea(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** Uniform in [a, b). */
  uniform(a: number, b: number): number {
    return a + (b - a) * this.prng();
  }

  /** Uniform integer in [lo, hiInclusive]. */
  int(lo: number, hiInclusive: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hiInclusive) || hiInclusive < lo) {
      throw new Error(`int(lo, hi) needs integers with lo <= hi, got (${lo}, ${hiInclusive})`);
    }
    // double() has 53 bits, so wide ranges stay unbiased in practice.
    return lo + Math.floor(this.prng.double() * (hiInclusive - lo + 1));
  }

  /** Exponential with the given mean (> 0). */
  exponential(mean: number): number {
    // 1 - u is in (0, 1], so the log is finite.
    return -mean * Math.log(1 - this.prng());
  }

  /** Normal deviate (Marsaglia polar method; the spare deviate is cached). */
  normal(mean: number, stddev: number): number {
    let z = this.spareNormal;
    if (Number.isNaN(z)) {
      let u: number;
      let v: number;
      let s: number;
      do {
        u = 2 * this.prng() - 1;
        v = 2 * this.prng() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      this.spareNormal = v * f;
      z = u * f;
    } else {
      this.spareNormal = NaN;
    }
    return mean + stddev * z;
  }

  /** exp(N(mu, sigma)): mu and sigma are those of the underlying normal. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }

  /** The (mu, sigma) of the underlying normal for a lognormal with this mean and std. */
  static lognormalParamsFromMeanStd(mean: number, std: number): { mu: number; sigma: number } {
    if (!(mean > 0) || !(std >= 0) || !Number.isFinite(mean) || !Number.isFinite(std)) {
      throw new Error(`lognormal needs mean > 0 and stddev >= 0, got mean ${mean}, stddev ${std}`);
    }
    const sigma2 = Math.log(1 + (std * std) / (mean * mean));
    return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
  }

  /** true with probability p. */
  bernoulli(p: number): boolean {
    return this.prng() < p;
  }

  /** One of items, item i with probability weights[i] / sum(weights). */
  weightedChoice<T>(items: readonly T[], weights: readonly number[]): T {
    if (items.length === 0) throw new Error('weightedChoice: no items');
    if (items.length !== weights.length) {
      throw new Error(`weightedChoice: ${items.length} items but ${weights.length} weights`);
    }
    let total = 0;
    for (const w of weights) {
      if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`weightedChoice: weight ${w} is not a finite number >= 0`);
      total += w;
    }
    if (!(total > 0)) throw new Error('weightedChoice: weights sum to 0');
    let r = this.prng() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i]!;
      if (r < 0) return items[i]!;
    }
    // Rounding can leave r == 0 after the last subtraction: take the last item with weight.
    for (let i = items.length - 1; ; i--) if (weights[i]! > 0) return items[i]!;
  }

  /** Shuffles arr in place (Fisher–Yates) and returns it. */
  shuffle<T>(arr: T[]): T[] {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = Math.floor(this.prng() * (i + 1));
      const tmp = arr[i]!;
      arr[i] = arr[j]!;
      arr[j] = tmp;
    }
    return arr;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(arr: readonly T[]): T {
    if (arr.length === 0) throw new Error('pick: empty array');
    return arr[Math.floor(this.prng() * arr.length)]!;
  }
}

/**
 * A distribution as it appears in configuration. Numbers are in whatever unit
 * the caller uses; callers convert durations before building the spec.
 */
export type DistributionSpec =
  | { constant: number }
  | { uniform: [number, number] }
  | { exponential: { mean: number } }
  /** Values below `min` are clamped to `min` (not redrawn). */
  | { normal: { mean: number; stddev: number; min?: number } }
  /** mean and stddev of the lognormal itself, not of the underlying normal. */
  | { lognormal: { mean: number; stddev: number } }
  | { choice: { values: number[]; weights?: number[] } };

const SPEC_KINDS = ['constant', 'uniform', 'exponential', 'normal', 'lognormal', 'choice'] as const;

function finite(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`distribution ${what} must be a finite number, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Validates `spec` and returns a function drawing from it with `rng`. */
export function sampler(spec: DistributionSpec, rng: Rng): () => number {
  if (spec === null || typeof spec !== 'object') {
    throw new Error(`distribution must be an object with one of: ${SPEC_KINDS.join(', ')}`);
  }
  const keys = Object.keys(spec);
  if (keys.length !== 1 || !(SPEC_KINDS as readonly string[]).includes(keys[0]!)) {
    throw new Error(
      `distribution must have exactly one of: ${SPEC_KINDS.join(', ')}; got ${keys.length ? keys.join(', ') : 'nothing'}`,
    );
  }
  if ('constant' in spec) {
    const c = finite(spec.constant, 'constant');
    return () => c;
  }
  if ('uniform' in spec) {
    const range = spec.uniform;
    if (!Array.isArray(range) || range.length !== 2) throw new Error('distribution uniform must be [min, max]');
    const a = finite(range[0], 'uniform min');
    const b = finite(range[1], 'uniform max');
    if (a > b) throw new Error(`distribution uniform: min ${a} > max ${b}`);
    return () => rng.uniform(a, b);
  }
  if ('exponential' in spec) {
    const mean = finite(spec.exponential?.mean, 'exponential mean');
    if (!(mean > 0)) throw new Error(`distribution exponential: mean must be > 0, got ${mean}`);
    return () => rng.exponential(mean);
  }
  if ('normal' in spec) {
    const mean = finite(spec.normal?.mean, 'normal mean');
    const sd = finite(spec.normal.stddev, 'normal stddev');
    if (sd < 0) throw new Error(`distribution normal: stddev must be >= 0, got ${sd}`);
    if (spec.normal.min === undefined) return () => rng.normal(mean, sd);
    const min = finite(spec.normal.min, 'normal min');
    return () => Math.max(min, rng.normal(mean, sd));
  }
  if ('lognormal' in spec) {
    const mean = finite(spec.lognormal?.mean, 'lognormal mean');
    const sd = finite(spec.lognormal.stddev, 'lognormal stddev');
    if (!(mean > 0)) throw new Error(`distribution lognormal: mean must be > 0, got ${mean}`);
    if (sd < 0) throw new Error(`distribution lognormal: stddev must be >= 0, got ${sd}`);
    const { mu, sigma } = Rng.lognormalParamsFromMeanStd(mean, sd);
    return () => rng.lognormal(mu, sigma);
  }
  const { values, weights } = spec.choice ?? {};
  if (!Array.isArray(values) || values.length === 0) throw new Error('distribution choice: values must be a non-empty list');
  values.forEach((v, i) => finite(v, `choice values[${i}]`));
  if (weights === undefined) return () => rng.pick(values);
  if (!Array.isArray(weights) || weights.length !== values.length) {
    throw new Error(`distribution choice: ${values.length} values but ${weights?.length ?? 0} weights`);
  }
  let total = 0;
  weights.forEach((w, i) => {
    if (finite(w, `choice weights[${i}]`) < 0) throw new Error(`distribution choice: weights[${i}] is negative`);
    total += w;
  });
  if (!(total > 0)) throw new Error('distribution choice: weights sum to 0');
  return () => rng.weightedChoice(values, weights);
}
