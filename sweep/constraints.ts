// Constraints: `<metric> <comparator> <number>`, e.g. `p99_latency_s <= 0.2`.
// A tiny hand-written parser — no eval, no operators beyond the five comparators.

export type Comparator = '<' | '<=' | '>' | '>=' | '==';

export interface Constraint {
  metric: string;
  op: Comparator;
  value: number;
  text: string;
}

export class ConstraintSyntaxError extends Error {
  constructor(readonly text: string, readonly column: number, detail: string) {
    super(`${detail} at column ${column} of "${text}"`);
    this.name = 'ConstraintSyntaxError';
  }
}

const METRIC = /[A-Za-z_][A-Za-z0-9_.]*/y;
const OP = /<=|>=|==|<|>/y;
const NUMBER = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;

export function parseConstraint(text: string): Constraint {
  let pos = 0;
  const skip = (): void => {
    while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t')) pos++;
  };
  const take = (re: RegExp, what: string): string => {
    skip();
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new ConstraintSyntaxError(text, pos + 1, `expected ${what}`);
    pos = re.lastIndex;
    return m[0];
  };
  const metric = take(METRIC, 'a metric name');
  const op = take(OP, 'a comparator (<, <=, >, >=, ==)') as Comparator;
  const num = take(NUMBER, 'a number');
  skip();
  if (pos < text.length) throw new ConstraintSyntaxError(text, pos + 1, 'unexpected text');
  const value = Number(num);
  if (!Number.isFinite(value)) throw new ConstraintSyntaxError(text, pos + 1, 'number out of range');
  return { metric, op, value, text: text.trim() };
}

/** True when the metric is present, numeric and satisfies the comparison. */
export function holds(c: Constraint, metrics: Readonly<Record<string, number | string>>): boolean {
  const v = metrics[c.metric];
  if (typeof v !== 'number' || Number.isNaN(v)) return false;
  switch (c.op) {
    case '<': return v < c.value;
    case '<=': return v <= c.value;
    case '>': return v > c.value;
    case '>=': return v >= c.value;
    case '==': return v === c.value;
  }
}
