// The `${…}` expressions of a Replicate document (scenarios/replicate.ts): arithmetic over the
// copy's index variable(s), parsed by hand (no eval, no library: the language is six operators,
// five functions and integers, and its errors must name the column inside the scalar).
//
//   expr    := term (('+' | '-') term)*
//   term    := unary (('*' | '/' | '%') unary)*
//   unary   := '-' unary | primary
//   primary := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'
//
// Values are numbers; `str(x)` turns one into a string (so a whole-scalar `${str(i)}` stays a
// string, e.g. for a label value). Functions: floor, ceil, round, min, max, str.

export type ExprValue = number | string;

export class ExprError extends Error {}

type Token = { t: 'num'; v: number; at: number } | { t: 'name'; v: string; at: number } | { t: 'op'; v: string; at: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c >= '0' && c <= '9') {
      const m = /^\d+(\.\d+)?/.exec(src.slice(i))!;
      out.push({ t: 'num', v: Number(m[0]), at: i });
      i += m[0].length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: 'name', v: m[0], at: i });
      i += m[0].length;
      continue;
    }
    if ('+-*/%(),'.includes(c)) {
      out.push({ t: 'op', v: c, at: i });
      i++;
      continue;
    }
    throw new ExprError(`unexpected "${c}" at character ${i + 1}`);
  }
  return out;
}

const FUNCTIONS: Record<string, { arity: [number, number]; f: (args: number[]) => ExprValue }> = {
  floor: { arity: [1, 1], f: (a) => Math.floor(a[0]!) },
  ceil: { arity: [1, 1], f: (a) => Math.ceil(a[0]!) },
  round: { arity: [1, 1], f: (a) => Math.round(a[0]!) },
  min: { arity: [1, Infinity], f: (a) => Math.min(...a) },
  max: { arity: [1, Infinity], f: (a) => Math.max(...a) },
  str: { arity: [1, 1], f: (a) => String(a[0]) },
};

/**
 * Tokens of each expression text seen (a Replicate evaluates the same few texts once per copy:
 * 1,000 copies tokenized each one 1,000 times). Tokens are never changed once made; a token
 * error is thrown again from the cache.
 */
const tokenCache = new Map<string, Token[] | ExprError>();
const MAX_CACHED_EXPRESSIONS = 10_000;

function tokensOf(src: string): Token[] {
  let toks = tokenCache.get(src);
  if (toks === undefined) {
    try {
      toks = tokenize(src);
    } catch (e) {
      if (!(e instanceof ExprError)) throw e;
      toks = e;
    }
    if (tokenCache.size >= MAX_CACHED_EXPRESSIONS) tokenCache.clear();
    tokenCache.set(src, toks);
  }
  if (toks instanceof ExprError) throw new ExprError(toks.message);
  return toks;
}

/** Evaluates `src` with the given variables; throws ExprError with a reason a user can act on. */
export function evaluate(src: string, vars: ReadonlyMap<string, number>): ExprValue {
  const toks = tokensOf(src);
  let k = 0;
  const peek = (): Token | undefined => toks[k];
  const isOp = (v: string): boolean => {
    const t = toks[k];
    return t !== undefined && t.t === 'op' && t.v === v;
  };
  const expect = (v: string): void => {
    if (!isOp(v)) throw new ExprError(`expected "${v}" ${where()}`);
    k++;
  };
  const where = (): string => {
    const t = peek();
    return t === undefined ? 'at the end' : `at character ${t.at + 1}`;
  };
  const num = (v: ExprValue, what: string): number => {
    if (typeof v !== 'number') throw new ExprError(`${what} needs a number, not the string "${v}" (str() belongs outside arithmetic)`);
    return v;
  };
  const expr = (): ExprValue => {
    let v = term();
    while (isOp('+') || isOp('-')) {
      const op = toks[k++]!.v;
      const r = num(term(), `"${op}"`);
      v = op === '+' ? num(v, '"+"') + r : num(v, '"-"') - r;
    }
    return v;
  };
  const term = (): ExprValue => {
    let v = unary();
    while (isOp('*') || isOp('/') || isOp('%')) {
      const op = toks[k++]!.v;
      const l = num(v, `"${op}"`);
      const r = num(unary(), `"${op}"`);
      if ((op === '/' || op === '%') && r === 0) throw new ExprError(`division by zero`);
      v = op === '*' ? l * r : op === '/' ? l / r : l % r;
    }
    return v;
  };
  const unary = (): ExprValue => {
    if (isOp('-')) {
      k++;
      return -num(unary(), 'unary "-"');
    }
    return primary();
  };
  const primary = (): ExprValue => {
    const t = peek();
    if (t === undefined) throw new ExprError('the expression ends too early');
    if (t.t === 'num') {
      k++;
      return t.v;
    }
    if (t.t === 'name') {
      k++;
      if (isOp('(')) {
        const fn = FUNCTIONS[t.v];
        if (fn === undefined) throw new ExprError(`unknown function "${t.v}" (known: ${Object.keys(FUNCTIONS).join(', ')})`);
        k++;
        const args: number[] = [num(expr(), `${t.v}()`)];
        while (isOp(',')) {
          k++;
          args.push(num(expr(), `${t.v}()`));
        }
        expect(')');
        if (args.length < fn.arity[0] || args.length > fn.arity[1]) throw new ExprError(`${t.v}() takes ${fn.arity[0] === fn.arity[1] ? fn.arity[0] : `at least ${fn.arity[0]}`} argument(s), not ${args.length}`);
        return fn.f(args);
      }
      const v = vars.get(t.v);
      if (v === undefined) throw new ExprError(`unknown variable "${t.v}" (defined here: ${[...vars.keys()].join(', ')})`);
      return v;
    }
    if (t.v === '(') {
      k++;
      const v = expr();
      expect(')');
      return v;
    }
    throw new ExprError(`unexpected "${t.v}" at character ${t.at + 1}`);
  };
  const v = expr();
  if (k < toks.length) throw new ExprError(`unexpected "${toks[k]!.v}" at character ${toks[k]!.at + 1}`);
  if (typeof v === 'number' && !Number.isFinite(v)) throw new ExprError('the result is not a finite number');
  return v;
}

/** Text with `${…}` placeholders: literal pieces and expressions, in order. `$${` is a literal `${`. */
export type Template = Array<{ text: string } | { expr: string }>;

/** Splits a string scalar into its pieces; undefined when it holds no placeholder. */
export function parseTemplate(s: string): Template | undefined {
  if (!s.includes('${')) return undefined;
  const out: Template = [];
  let lit = '';
  let i = 0;
  let any = false;
  while (i < s.length) {
    if (s.startsWith('$${', i)) {
      lit += '${';
      i += 3;
      continue;
    }
    if (s.startsWith('${', i)) {
      const end = s.indexOf('}', i + 2);
      if (end < 0) throw new ExprError(`"\${" at character ${i + 1} has no closing "}"`);
      if (lit !== '') out.push({ text: lit });
      lit = '';
      out.push({ expr: s.slice(i + 2, end) });
      any = true;
      i = end + 1;
      continue;
    }
    lit += s[i];
    i++;
  }
  if (lit !== '') out.push({ text: lit });
  return any ? out : [{ text: lit }];
}

/**
 * The scalar a template gives: a template that is one `${…}` alone gives the expression's value
 * (a number stays a number, as `replicas: 3` would be); anything else gives text.
 */
export function render(t: Template, vars: ReadonlyMap<string, number>): ExprValue {
  if (t.length === 1 && 'expr' in t[0]!) return evaluate(t[0].expr, vars);
  let s = '';
  for (const p of t) s += 'text' in p ? p.text : String(evaluate(p.expr, vars));
  return s;
}
