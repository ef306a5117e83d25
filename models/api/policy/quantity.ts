// Kubernetes resource quantities (k8s.io/apimachinery resource.Quantity), parsed the way the
// API server parses them so that a scenario means exactly what the same manifest means in a
// real cluster. Values are held exactly as a BigInt count of nano-units: Kubernetes rounds every
// non-zero quantity *up* to the nano on parse, so nothing finer is ever observable.

import { BoundedMemo } from './bounded-memo.js';

export class QuantityError extends Error {
  override readonly name = 'QuantityError';
}

/** How the quantity was written; Kubernetes keeps it to print the value back in the same style. */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

const NANO_PER_UNIT = 1_000_000_000n;
// ParseQuantity caps a BinarySI quantity at the largest int64 (in units, not nano-units); a
// decimal one (DecimalSI, DecimalExponent) is kept exact, however large (quantity.go: "if format
// == BinarySI && amount.Cmp(maxAllowed.Dec) > 0").
const MAX_UNITS = 9_223_372_036_854_775_807n;
/**
 * k8sim's own guard, not upstream's: decimal magnitudes past 10^1000 (a typo such as 1e2147483648,
 * which upstream holds exactly) are held as 10^1000 rather than as a BigInt of billions of digits.
 */
const MAX_DECIMAL_MAGNITUDE = 1000;
const MAX_NANO = MAX_UNITS * NANO_PER_UNIT;

// Upstream's documented grammar; quoted in errors because users search for it.
const FORMAT_HELP =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const DECIMAL_SUFFIXES: Record<string, number> = {
  n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18,
};
const BINARY_SUFFIXES: Record<string, number> = {
  Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60,
};

/** DecimalSI suffix per exponent, as the suffixer prints them. */
const SI_SUFFIX: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };

/** Ceiling division for BigInt (BigInt `/` truncates toward zero). */
function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b < a ? q + 1n : q;
}

export class Quantity {
  /** @param nanos exact value in nano-units (already rounded and capped as Kubernetes does) */
  constructor(readonly nanos: bigint, readonly format: QuantityFormat) {}

  /** Value in milli-units rounded up (Quantity.MilliValue): CPU "0.0001" → 1. */
  toMilli(): number {
    return Number(ceilDiv(this.nanos, 1_000_000n));
  }

  /** Plain value rounded up to an integer (Quantity.Value): memory "1m" → 1 byte. */
  toNumber(): number {
    return Number(ceilDiv(this.nanos, NANO_PER_UNIT));
  }

  /** Exact value as a float, without rounding (for ratios such as HPA tolerance "0.1"). */
  toFloat(): number {
    return Number(this.nanos) / 1e9;
  }

  isZero(): boolean {
    return this.nanos === 0n;
  }

  /**
   * Quantity.String(): the canonical spelling in the format the quantity was parsed in.
   * DecimalSI / DecimalExponent strip factors of ten and lower the exponent to a multiple of
   * three (1080m, 3k, 80e-3); BinarySI strips factors of 1024 (300Mi, 1025) but prints as
   * DecimalSI when |value| < 1024 or not a whole number (500m, 1234567m), as CanonicalizeBytes.
   */
  toString(): string {
    if (this.nanos === 0n) return '0';
    const neg = this.nanos < 0n;
    const abs = neg ? -this.nanos : this.nanos;
    let format = this.format;
    if (format === 'BinarySI' && (abs < 1024n * NANO_PER_UNIT || abs % NANO_PER_UNIT !== 0n)) format = 'DecimalSI';
    let out: string;
    if (format === 'BinarySI') {
      let m = abs / NANO_PER_UNIT;
      let i = 0;
      while (m % 1024n === 0n && i < BINARY_SUFFIX.length - 1) { m /= 1024n; i++; }
      out = `${m}${BINARY_SUFFIX[i]}`;
    } else {
      let m = abs;
      let exp = -9;
      while (m % 10n === 0n) { m /= 10n; exp++; }
      const r = ((exp % 3) + 3) % 3; // bring the exponent down to a multiple of three
      if (r === 1) { m *= 10n; exp -= 1; } else if (r === 2) { m *= 100n; exp -= 2; }
      if (format === 'DecimalExponent') out = exp === 0 ? `${m}` : `${m}e${exp}`;
      else {
        // Past E (a decimal quantity beyond 10^21) keep the mantissa whole.
        while (exp > 18) { m *= 1000n; exp -= 3; }
        out = `${m}${SI_SUFFIX[exp]}`;
      }
    }
    return neg ? `-${out}` : out;
  }

  /**
   * Quantity.RoundUp(scale): the value rounded away from zero to a multiple of 10^scale, and
   * whether that lost nothing (9.01 at scale -1 → 9.1, false; at -2 → 9.01, true).
   */
  roundUp(scale: number): { quantity: Quantity; exact: boolean } {
    if (scale <= -9) return { quantity: this, exact: true };
    const unit = 10n ** BigInt(scale + 9);
    const neg = this.nanos < 0n;
    const abs = neg ? -this.nanos : this.nanos;
    const r = ceilDiv(abs, unit) * unit;
    return { quantity: new Quantity(neg ? -r : r, this.format), exact: r === abs };
  }
}

interface Split {
  negative: boolean;
  intDigits: string;
  fracDigits: string;
  suffix: string;
}

/**
 * Splits the text the way upstream's parseQuantityString does, including its leniencies
 * (".5", "1." and even "." are accepted; "" is not).
 */
function split(text: string): Split {
  let pos = 0;
  let negative = false;
  if (text[0] === '-' || text[0] === '+') {
    negative = text[0] === '-';
    pos = 1;
  }
  const intStart = pos;
  while (pos < text.length && isDigit(text[pos]!)) pos++;
  const intDigits = text.slice(intStart, pos);
  let fracDigits = '';
  if (text[pos] === '.') {
    pos++;
    const fracStart = pos;
    while (pos < text.length && isDigit(text[pos]!)) pos++;
    fracDigits = text.slice(fracStart, pos);
  }
  const suffixStart = pos;
  while (pos < text.length && 'eEinumkKMGTP'.includes(text[pos]!)) pos++;
  if (text[pos] === '-' || text[pos] === '+') pos++;
  while (pos < text.length && isDigit(text[pos]!)) pos++;
  if (pos < text.length) throw new QuantityError(FORMAT_HELP);
  return { negative, intDigits, fracDigits, suffix: text.slice(suffixStart) };
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** Base and exponent of a suffix, or undefined when upstream would reject it. */
function interpretSuffix(suffix: string): { base: 2 | 10; exp: number; format: QuantityFormat } | undefined {
  const dec = DECIMAL_SUFFIXES[suffix];
  if (dec !== undefined) return { base: 10, exp: dec, format: 'DecimalSI' };
  const bin = BINARY_SUFFIXES[suffix];
  if (bin !== undefined) return { base: 2, exp: bin, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?\d+$/.test(suffix.slice(1))) {
    return { base: 10, exp: Number.parseInt(suffix.slice(1), 10), format: 'DecimalExponent' };
  }
  return undefined;
}

function parseText(text: string): Quantity {
  if (text.length === 0) throw new QuantityError(FORMAT_HELP);
  const { negative, intDigits, fracDigits, suffix } = split(text);
  const s = interpretSuffix(suffix);
  if (s === undefined) throw new QuantityError("unable to parse quantity's suffix");

  // mantissa × 10^-fracLen × base^exp, computed exactly in nano-units then rounded up.
  const digits = (intDigits + fracDigits).replace(/^0+/, '');
  const mantissa = digits === '' ? 0n : BigInt(digits);
  if (mantissa === 0n) return new Quantity(0n, s.format);

  let num = mantissa;
  let den = 10n ** BigInt(fracDigits.length);
  if (s.base === 2) {
    num *= 1n << BigInt(s.exp);
  } else {
    const magnitude = digits.length - fracDigits.length + s.exp;
    if (magnitude > MAX_DECIMAL_MAGNITUDE) {
      const big = 10n ** BigInt(MAX_DECIMAL_MAGNITUDE) * NANO_PER_UNIT;
      return new Quantity(negative ? -big : big, s.format);
    }
    // Far below a nano: rounded up to one nano, as any positive amount below it.
    if (magnitude < -40) return new Quantity(negative ? -1n : 1n, s.format);
    if (s.exp >= 0) num *= 10n ** BigInt(s.exp);
    else den *= 10n ** BigInt(-s.exp);
  }
  // Round the magnitude up to the nano, as upstream does ("if you want some, you get some").
  let nanos = ceilDiv(num * NANO_PER_UNIT, den);
  if (s.format === 'BinarySI' && nanos > MAX_NANO) nanos = MAX_NANO;
  return new Quantity(negative ? -nanos : nanos, s.format);
}

/**
 * Quantities are immutable, and a cluster spells the same few thousand ("500m", "512Mi") for every
 * pod it creates: parsed texts are kept (valid ones only; cleared when full, so memory stays flat).
 */
const parsed = new BoundedMemo<string, Quantity>(4096);

/**
 * Parses a quantity written as a string ("500m", "1.5Gi", "1e3") or a YAML number (`cpu: 0.5`).
 * @throws QuantityError with a message like `invalid quantity "100Mib": ...`
 */
export function parseQuantity(input: string | number): Quantity {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new QuantityError(`invalid quantity ${String(input)}: not a finite number`);
    // String() of a JS number is always within the quantity grammar (e.g. "1e-7", "1e+21").
    text = String(input);
  } else {
    text = input;
  }
  const hit = parsed.peek(text);
  if (hit !== undefined) return hit;
  try {
    const q = parseText(text);
    parsed.set(text, q);
    return q;
  } catch (e) {
    if (e instanceof QuantityError) throw new QuantityError(`invalid quantity ${JSON.stringify(text)}: ${e.message}`);
    throw e;
  }
}

/** Returns the error message for an invalid quantity, or undefined when it is valid. */
export function quantityProblem(input: string | number): string | undefined {
  try {
    parseQuantity(input);
    return undefined;
  } catch (e) {
    if (e instanceof QuantityError) return e.message;
    throw e;
  }
}

/** CPU quantity in millicores, rounded up like Quantity.MilliValue. */
export function parseCpuMilli(input: string | number): number {
  return parseQuantity(input).toMilli();
}

/** Memory/storage quantity in bytes, rounded up like Quantity.Value. */
export function parseBytes(input: string | number): number {
  return parseQuantity(input).toNumber();
}

// ---- formatting (resource.Quantity.String()) ----
//
// Kubernetes prints a quantity in the format it was *parsed* in (a request written "128M" prints
// "128M"); k8sim keeps only numbers, so callers choose the spelling that fits what they echo:
// DecimalSI for CPU and counts, BinarySI for bytes the kubelet or an admission plugin builds
// itself, and formatBytes' short spelling for values a user most likely wrote.

const DECIMAL_SUFFIX: Record<number, string> = {
  [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E',
};
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/**
 * DecimalSI canonical form of a value given in thousandths (milli-units), rounded to a whole
 * milli. Strips factors of ten, then lowers the exponent to a multiple of three:
 * 500 → "500m", 1000 → "1", 1500 → "1500m", 1_500_000_000_000 → "1500M", 0 → "0".
 */
export function formatDecimalMilli(milli: number): string {
  if (!Number.isFinite(milli)) throw new RangeError(`cannot format ${milli}`);
  let m = Math.round(milli);
  if (m === 0) return '0';
  const sign = m < 0 ? '-' : '';
  m = Math.abs(m);
  let exp = -3;
  while (m % 10 === 0 && exp < 18) { m /= 10; exp += 1; }
  const exp3 = Math.floor(exp / 3) * 3;
  const mantissa = m * 10 ** (exp - exp3);
  return `${sign}${mantissa}${DECIMAL_SUFFIX[exp3]}`;
}

/** A whole number in DecimalSI: 1000 → "1k", 1500000 → "1500k", 7 → "7", 1e9 → "1G". */
export function formatDecimal(value: number): string {
  return formatDecimalMilli(value * 1000);
}

/** CPU from millicores, as Kubernetes prints it (DecimalSI): "100m", "1", "2500m", 2_000_000 → "2k". */
export function formatCpuMilli(milli: number): string {
  return formatDecimalMilli(milli);
}

/** Strips factors of 1024 from a whole |b| ≥ 1024: 104857600 → "100Mi", 1263616 → "1234Ki". */
function binaryCanonical(b: number): string {
  const sign = b < 0 ? '-' : '';
  let m = Math.abs(b);
  let i = 0;
  while (m % 1024 === 0 && i < BINARY_SUFFIX.length - 1) { m /= 1024; i += 1; }
  return `${sign}${m}${BINARY_SUFFIX[i]}`;
}

/**
 * Bytes in BinarySI, as Kubernetes prints quantities it creates with NewQuantity(x, BinarySI)
 * (kubelet stats, eviction messages, admission sums): |x| < 1024 prints DecimalSI ("512", "0",
 * and 1000 → "1k"); otherwise factors of 1024 are stripped: 104857600 → "100Mi",
 * 1263616 → "1234Ki", 46993491787 → "46993491787", 1e9 → "1000000000".
 */
export function formatBytesBinarySI(bytes: number): string {
  const b = Math.round(bytes);
  if (Math.abs(b) < 1024) return formatDecimal(b);
  return binaryCanonical(b);
}

/**
 * Bytes in a short canonical Kubernetes spelling for messages that echo a value the user wrote:
 * the binary form when it divides exactly ("300Mi", "1Gi"), else DecimalSI ("1G", "1500",
 * "128974849"). Note 128974848 is exactly 123Mi and prints as such. Differs from
 * formatBytesBinarySI only for values ≥ 1024 that are not multiples of 1024.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isInteger(bytes)) return String(bytes);
  if (Math.abs(bytes) >= 1024 && bytes % 1024 === 0) return binaryCanonical(bytes);
  return formatDecimal(bytes);
}

/** True for resources whose numbers are CPU millicores in k8sim's ResourceList. */
export function isCpuResource(name: string): boolean {
  return name === 'cpu' || name === 'requests.cpu' || name === 'limits.cpu';
}

/** True for resources k8sim keeps in bytes (memory, storage, hugepages). */
export function isByteResource(name: string): boolean {
  const base = name.replace(/^(requests|limits)\./, '');
  return base === 'memory' || base === 'storage' || base === 'ephemeral-storage' || base.startsWith('hugepages-');
}

/**
 * Formats a ResourceList value by its resource name the way Kubernetes prints quantities it
 * built itself: cpu DecimalSI from millicores, bytes BinarySI, everything else DecimalSI.
 */
export function formatResource(name: string, value: number): string {
  if (isCpuResource(name)) return formatCpuMilli(value);
  if (isByteResource(name)) return formatBytesBinarySI(value);
  return formatDecimal(value);
}
