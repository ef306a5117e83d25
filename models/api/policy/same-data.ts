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
