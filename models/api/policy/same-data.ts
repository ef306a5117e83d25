// Strict structural equality of plain API data, for reusing a verdict computed on one value
// for another: two values are the same data when they have the same own enumerable keys in
// the same order, arrays of the same length, and primitives that are Object.is-equal. Anything
// that is not plain data (a Map, a Date, a class instance) is never the same as another
// object: callers then compute afresh. Stricter than canonicalEqual (key order and undefined
// members count), so any function of the data — validation, its messages, their order —
// gives the same answer on both.

export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const aa = Array.isArray(a);
  if (aa !== Array.isArray(b)) return false;
  if (aa) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      // A hole and an undefined item read the same but are different data.
      if ((i in x) !== (i in y) || !sameData(x[i], y[i])) return false;
    }
    return true;
  }
  const pa = Object.getPrototypeOf(a) as unknown;
  const pb = Object.getPrototypeOf(b) as unknown;
  if ((pa !== Object.prototype && pa !== null) || pa !== pb) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const ky = Object.keys(y);
  let i = 0;
  for (const k in x) {
    if (!Object.prototype.hasOwnProperty.call(x, k)) return false; // an inherited enumerable key: not plain
    if (ky[i] !== k || !sameData(x[k], y[k])) return false;
    i++;
  }
  return i === ky.length;
}

/**
 * sameData(·, reference) with the reference's shape worked out once: its keys per object and
 * lengths per array are kept, so checking a value allocates nothing (sameData lists the
 * reference's keys at every object of every check). The reference must not change afterwards
 * (callers pass a private copy).
 */
export type SameDataMatcher = (v: unknown) => boolean;

type Shape =
  | { t: 'prim'; v: unknown }
  | { t: 'arr'; items: Shape[]; holes: boolean[] }
  | { t: 'obj'; proto: unknown; keys: string[]; values: Shape[] }
  | { t: 'opaque'; ref: object };

function shapeOf(v: unknown): Shape {
  if (typeof v !== 'object' || v === null) return { t: 'prim', v };
  if (Array.isArray(v)) {
    const items: Shape[] = [];
    const holes: boolean[] = [];
    for (let i = 0; i < v.length; i++) {
      holes.push(!(i in v));
      items.push(shapeOf(v[i]));
    }
    return { t: 'arr', items, holes };
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return { t: 'opaque', ref: v };
  const keys = Object.keys(v);
  // An inherited enumerable key: not plain data; only the reference itself matches it (stricter
  // than sameData, which is always safe: a refused match is computed afresh).
  for (const k in v) if (!Object.prototype.hasOwnProperty.call(v, k)) return { t: 'opaque', ref: v };
  return { t: 'obj', proto, keys, values: keys.map((k) => shapeOf((v as Record<string, unknown>)[k])) };
}

function matches(s: Shape, v: unknown): boolean {
  switch (s.t) {
    case 'prim':
      return Object.is(s.v, v);
    case 'opaque':
      return v === s.ref;
    case 'arr': {
      if (!Array.isArray(v) || v.length !== s.items.length) return false;
      for (let i = 0; i < v.length; i++) if ((i in v) === s.holes[i] || !matches(s.items[i]!, v[i])) return false;
      return true;
    }
    case 'obj': {
      if (typeof v !== 'object' || v === null || Array.isArray(v) || Object.getPrototypeOf(v) !== s.proto) return false;
      const o = v as Record<string, unknown>;
      let i = 0;
      for (const k in o) {
        if (s.keys[i] !== k || !Object.prototype.hasOwnProperty.call(o, k) || !matches(s.values[i]!, o[k])) return false;
        i++;
      }
      return i === s.keys.length;
    }
  }
}

export function sameDataAs(reference: unknown): SameDataMatcher {
  const shape = shapeOf(reference);
  return (v) => matches(shape, v);
}
