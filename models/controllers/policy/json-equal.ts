// JSON.stringify(a) === JSON.stringify(b), answered without building the two strings. Controllers
// compare a freshly computed status with the stored one on every sync to skip no-op writes
// (upstream's semantic DeepEqual); a Deployment whose pods cannot be scheduled is re-synced at
// the work queue's 10 qps for as long as they pend, and stringifying its status and conditions
// twice per sync was most of that sync's cost.
//
// Exactly JSON's view of plain data: own enumerable keys in their order; members whose value is
// undefined, a function or a symbol are left out of objects and are null in arrays; non-finite
// numbers are null; -0 is 0. Values with a toJSON method (Date) are compared through JSON itself.

type Rec = Record<string, unknown>;

const OMIT = Symbol('omit');

/** What JSON.stringify writes for `v` inside an object (OMIT: the member is left out). */
function member(v: unknown): unknown {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return OMIT;
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  return v;
}

/** What JSON.stringify writes for `v` inside an array. */
function element(v: unknown): unknown {
  const m = member(v);
  return m === OMIT ? null : m;
}

function hasToJSON(v: object): boolean {
  return typeof (v as { toJSON?: unknown }).toJSON === 'function';
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((typeof a === 'object' && a !== null && hasToJSON(a)) || (typeof b === 'object' && b !== null && hasToJSON(b))) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // Primitives that print alike without being ===: 0 and -0 (=== already), NaN and ±Infinity (null).
    return false;
  }
  const aa = Array.isArray(a);
  if (aa !== Array.isArray(b)) return false;
  if (aa) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!same(element(x[i]), element(y[i]))) return false;
    return true;
  }
  const x = a as Rec;
  const y = b as Rec;
  const kx = Object.keys(x);
  const ky = Object.keys(y);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < kx.length && member(x[kx[i]!]) === OMIT) i++;
    while (j < ky.length && member(y[ky[j]!]) === OMIT) j++;
    if (i === kx.length || j === ky.length) return i === kx.length && j === ky.length;
    const k = kx[i]!;
    if (k !== ky[j]) return false;
    if (!same(member(x[k]), member(y[k]))) return false;
    i++;
    j++;
  }
}

/** JSON.stringify(a) === JSON.stringify(b) for plain data (see the header). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  // Top level: undefined, functions and symbols stringify to undefined; non-finite numbers to "null".
  const ta = member(a);
  const tb = member(b);
  if (ta === OMIT || tb === OMIT) return ta === tb;
  return same(ta, tb);
}
