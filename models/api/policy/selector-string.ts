// Label selector strings exactly as apimachinery's labels.Parse reads them and
// Selector.String() prints them (k8s.io/apimachinery/pkg/labels/selector.go): the lexer
// (whitespace is space, tab, CR and LF; special symbols = ! ( ) , < >; anything else is part of
// an identifier), the parser with its two contexts (in a value list `in` and `notin` are plain
// identifiers), requirements sorted by key, values sorted, `!=` kept as its own operator, and
// Gt/Lt with an integer value. Pure; labels.ts converts the result to a LabelSelector.

import { labelKeyProblem, labelValueProblem, LabelSelectorError } from './labels.js';
import type { LabelSelector, LabelSelectorRequirement } from '../types.js';

export type SelectorOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: SelectorOperator;
  /** Sorted; one value for = == != gt lt, none for exists and !. */
  values: string[];
}

export type TokenKind =
  | 'EndOfString' | 'Identifier' | 'In' | 'NotIn' | 'Equals' | 'DoubleEquals' | 'NotEquals'
  | 'DoesNotExist' | 'OpenPar' | 'ClosedPar' | 'Comma' | 'GreaterThan' | 'LessThan';

export interface Token { kind: TokenKind; text: string }

const SPECIAL: Record<string, TokenKind> = {
  '!': 'DoesNotExist', '!=': 'NotEquals', '(': 'OpenPar', ')': 'ClosedPar', ',': 'Comma',
  '=': 'Equals', '==': 'DoubleEquals', '>': 'GreaterThan', '<': 'LessThan',
};
const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => c === '=' || c === '!' || c === '(' || c === ')' || c === ',' || c === '>' || c === '<';

/** The Lexer: each call to next() gives the longest token at the position. */
export function lexSelector(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  for (;;) {
    while (i < s.length && isWhitespace(s[i]!)) i++;
    if (i >= s.length) { out.push({ kind: 'EndOfString', text: '' }); return out; }
    const c = s[i]!;
    if (isSpecial(c)) {
      const two = s.slice(i, i + 2);
      if (SPECIAL[two] !== undefined) { out.push({ kind: SPECIAL[two]!, text: two }); i += 2; continue; }
      out.push({ kind: SPECIAL[c]!, text: c });
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && !isWhitespace(s[j]!) && !isSpecial(s[j]!)) j++;
    const text = s.slice(i, j);
    out.push({ kind: text === 'in' ? 'In' : text === 'notin' ? 'NotIn' : 'Identifier', text });
    i = j;
  }
}

/**
 * labels.Parse: requirements separated by commas; `key`, `!key`, `key=v`, `key==v`, `key!=v`,
 * `key in (v,…)`, `key notin (v,…)`, `key>n`, `key<n`. `key=` is the empty value; an empty slot
 * in a list (`in ()`, `in (a,)`) is the empty value too. Keys and values follow the label rules.
 * @throws LabelSelectorError
 */
export function parseRequirements(s: string): Requirement[] {
  const toks = lexSelector(s);
  let pos = 0;
  // In a value list, `in` / `notin` are identifiers (the parser's Values context).
  const peek = (values: boolean): Token => {
    const t = toks[pos]!;
    return values && (t.kind === 'In' || t.kind === 'NotIn') ? { kind: 'Identifier', text: t.text } : t;
  };
  const take = (values: boolean): Token => {
    const t = peek(values);
    if (pos < toks.length - 1) pos++;
    return t;
  };
  const fail = (msg: string): never => { throw new LabelSelectorError(`unable to parse requirement: ${msg}`); };
  const checkValue = (v: string): string => {
    const p = labelValueProblem(v);
    if (p) fail(p);
    return v;
  };
  const reqs: Requirement[] = [];
  for (;;) {
    const t = peek(true);
    if (t.kind === 'EndOfString') break;
    if (t.kind !== 'Identifier' && t.kind !== 'DoesNotExist') fail(`found '${t.text}', expected: !, identifier, or 'end of string'`);
    reqs.push(requirement());
    const next = take(true);
    if (next.kind === 'EndOfString') break;
    if (next.kind !== 'Comma') fail(`found '${next.text}', expected: ',' or 'end of string'`);
    const after = peek(true);
    if (after.kind !== 'Identifier' && after.kind !== 'DoesNotExist') fail(`found '${after.text}', expected: identifier after ','`);
  }
  // Parse sorts the requirements by key (stable here: the same key keeps its order).
  return reqs.map((r, i) => ({ r, i })).sort((a, b) => (a.r.key < b.r.key ? -1 : a.r.key > b.r.key ? 1 : a.i - b.i)).map((x) => x.r);

  /** parseRequirement: parseKeyAndInferOperator, then parseOperator and the values. */
  function requirement(): Requirement {
    let t = take(true);
    const doesNotExist = t.kind === 'DoesNotExist';
    if (doesNotExist) t = take(true);
    if (t.kind !== 'Identifier') fail(`found '${t.text}', expected: identifier`);
    const key = t.text;
    const kp = labelKeyProblem(key);
    if (kp) fail(kp);
    const la = peek(true).kind;
    if (doesNotExist) return { key, operator: '!', values: [] };
    if (la === 'EndOfString' || la === 'Comma') return { key, operator: 'exists', values: [] };
    const op = take(false);
    switch (op.kind) {
      case 'In':
      case 'NotIn': {
        const values = parseValues();
        for (const v of values) checkValue(v);
        return { key, operator: op.kind === 'In' ? 'in' : 'notin', values: [...values].sort() };
      }
      case 'Equals':
      case 'DoubleEquals':
      case 'NotEquals':
      case 'GreaterThan':
      case 'LessThan': {
        const value = parseExactValue();
        const operator: SelectorOperator = op.kind === 'Equals' ? '=' : op.kind === 'DoubleEquals' ? '==' : op.kind === 'NotEquals' ? '!=' : op.kind === 'GreaterThan' ? 'gt' : 'lt';
        if (operator === 'gt' || operator === 'lt') {
          if (!/^[+-]?\d+$/.test(value)) fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
        } else checkValue(value);
        return { key, operator, values: [value] };
      }
      default:
        return fail(`found '${op.text}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }

  function parseExactValue(): string {
    const la = peek(true).kind;
    if (la === 'EndOfString' || la === 'Comma') return '';
    const t = take(true);
    if (t.kind === 'Identifier') return t.text;
    return fail(`found '${t.text}', expected: identifier`);
  }

  function parseValues(): Set<string> {
    const open = take(true);
    if (open.kind !== 'OpenPar') fail(`found '${open.text}' expected: '('`);
    const la = peek(true);
    if (la.kind === 'ClosedPar') { take(true); return new Set(['']); }
    if (la.kind !== 'Identifier' && la.kind !== 'Comma') fail(`found '${la.text}', expected: ',', '(' or identifier`);
    const s = parseIdentifiersList();
    const close = take(true);
    if (close.kind !== 'ClosedPar') fail(`found '${close.text}', expected: ')'`);
    return s;
  }

  /** parseIdentifiersList: empty slots ("(,a", "a,)", "a,,b") are the empty value. */
  function parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const t = take(true);
      if (t.kind === 'Identifier') {
        s.add(t.text);
        const t2 = peek(true);
        if (t2.kind === 'Comma') continue;
        if (t2.kind === 'ClosedPar') return s;
        fail(`found '${t2.text}', expected: ',' or ')'`);
      } else if (t.kind === 'Comma') {
        if (s.size === 0) s.add('');
        const t2 = peek(true);
        if (t2.kind === 'ClosedPar') { s.add(''); return s; }
        if (t2.kind === 'Comma') { take(true); s.add(''); }
      } else {
        fail(`found '${t.text}', expected: ',', or identifier`);
      }
    }
  }
}

/** Selector.String(): requirements joined with ",", each as it is written. */
export function requirementsString(reqs: readonly Requirement[]): string {
  return reqs.map((r) => {
    switch (r.operator) {
      case 'exists': return r.key;
      case '!': return `!${r.key}`;
      case 'in': return `${r.key} in (${r.values.join(',')})`;
      case 'notin': return `${r.key} notin (${r.values.join(',')})`;
      case 'gt': return `${r.key}>${r.values[0]}`;
      case 'lt': return `${r.key}<${r.values[0]}`;
      default: return `${r.key}${r.operator}${r.values[0]}`;
    }
  }).join(',');
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 10, 64): undefined when it is not a base-10 int64. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v < INT64_MIN || v > INT64_MAX ? undefined : v;
}

/**
 * labels.Requirement.Matches: `=`/`==`/`in` need the key with one of the values; `!=`/`notin`
 * match a missing key too; Gt/Lt need the key with an int64 value greater/less than the
 * requirement's (a value that does not parse matches nothing).
 */
export function requirementMatches(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case '=':
    case '==':
    case 'in':
      return has && r.values.includes(labels[r.key]!);
    case '!=':
    case 'notin':
      return !has || !r.values.includes(labels[r.key]!);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || r.values.length !== 1) return false;
      const v = parseInt64(labels[r.key]!);
      const bound = parseInt64(r.values[0]!);
      if (v === undefined || bound === undefined) return false;
      return r.operator === 'gt' ? v > bound : v < bound;
    }
  }
}

/** labels.Selector.Matches: every requirement holds (no requirement: everything). */
export function requirementsMatch(reqs: readonly Requirement[], labels: Readonly<Record<string, string>>): boolean {
  for (const r of reqs) if (!requirementMatches(r, labels)) return false;
  return true;
}

/**
 * A list selector as `kubectl get -l` sends it (the server parses it with labels.Parse):
 * every operator, Gt/Lt included.
 * @throws LabelSelectorError
 */
export function parseListSelector(s: string): Requirement[] {
  try {
    return parseRequirements(s);
  } catch (e) {
    if (e instanceof LabelSelectorError) throw new LabelSelectorError(`invalid selector ${JSON.stringify(s)}: ${e.message}`);
    throw e;
  }
}

/**
 * A kubectl-style selector (`app=web,tier!=db,env in (a,b),!legacy,key`) as a LabelSelector
 * with the same meaning: `=`/`==` become matchLabels (unless the key repeats), `!=` NotIn of
 * its value, the rest matchExpressions, in labels.Parse's key order. The empty string selects
 * everything (`{}`). Gt/Lt parse, but a LabelSelector cannot hold them (metav1 validation
 * refuses them), so they are refused here — for a selector written into an object
 * (`--pod-selector`); selecting objects to list or act on takes parseListSelector.
 * @throws LabelSelectorError
 */
export function parseSelectorString(s: string): LabelSelector {
  const reqs = parseListSelector(s);
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const r of reqs) {
    switch (r.operator) {
      case '=':
      case '==': {
        const v = r.values[0]!;
        if (r.key in matchLabels && matchLabels[r.key] !== v) matchExpressions.push({ key: r.key, operator: 'In', values: [v] });
        else matchLabels[r.key] = v;
        break;
      }
      case '!=': matchExpressions.push({ key: r.key, operator: 'NotIn', values: [r.values[0]!] }); break;
      case 'in': matchExpressions.push({ key: r.key, operator: 'In', values: r.values }); break;
      case 'notin': matchExpressions.push({ key: r.key, operator: 'NotIn', values: r.values }); break;
      case 'exists': matchExpressions.push({ key: r.key, operator: 'Exists' }); break;
      case '!': matchExpressions.push({ key: r.key, operator: 'DoesNotExist' }); break;
      default:
        throw new LabelSelectorError(`invalid selector ${JSON.stringify(s)}: operator ${JSON.stringify(r.operator === 'gt' ? '>' : '<')} is not supported in label selectors`);
    }
  }
  const sel: LabelSelector = {};
  if (Object.keys(matchLabels).length > 0) sel.matchLabels = matchLabels;
  if (matchExpressions.length > 0) sel.matchExpressions = matchExpressions;
  return sel;
}
