// Label selectors and node-selector terms with Kubernetes' exact matching rules
// (metav1.LabelSelectorAsSelector, labels.Parse, corev1 NodeSelectorRequirement).

export type Labels = Readonly<Record<string, string>>;

export type LabelSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface LabelSelectorRequirement {
  key: string;
  operator: LabelSelectorOperator;
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export type NodeSelectorOperator = LabelSelectorOperator | 'Gt' | 'Lt';

export interface NodeSelectorRequirement {
  key: string;
  operator: NodeSelectorOperator;
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  /** Only `metadata.name` is supported by Kubernetes, with In/NotIn. */
  matchFields?: NodeSelectorRequirement[];
}

export class LabelSelectorError extends Error {
  override readonly name = 'LabelSelectorError';
}

function requirementMatches(req: LabelSelectorRequirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return has && values.includes(labels[req.key]!);
    case 'NotIn':
      // Kubernetes: NotIn also matches when the key is absent.
      return !has || !values.includes(labels[req.key]!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      throw new LabelSelectorError(`invalid label selector operator ${JSON.stringify((req as { operator: unknown }).operator)}`);
  }
}

/**
 * Checks a selector's structure the way LabelSelectorAsSelector does (In/NotIn need values,
 * Exists/DoesNotExist must have none). Throws LabelSelectorError.
 */
export function validateLabelSelector(sel: LabelSelector): void {
  for (const req of sel.matchExpressions ?? []) {
    const n = req.values?.length ?? 0;
    if ((req.operator === 'In' || req.operator === 'NotIn') && n === 0) {
      throw new LabelSelectorError(`${req.operator} requires one or more values (key ${JSON.stringify(req.key)})`);
    }
    if ((req.operator === 'Exists' || req.operator === 'DoesNotExist') && n > 0) {
      throw new LabelSelectorError(`${req.operator} must have no values (key ${JSON.stringify(req.key)})`);
    }
  }
}

/**
 * Matches a *present* selector: all matchLabels AND all matchExpressions must hold. An empty
 * selector `{}` matches every label set (Kubernetes' labels.Everything()).
 */
export function labelSelectorMatches(sel: LabelSelector, labels: Labels): boolean {
  if (sel.matchLabels) {
    for (const [k, v] of Object.entries(sel.matchLabels)) {
      if (!Object.prototype.hasOwnProperty.call(labels, k) || labels[k] !== v) return false;
    }
  }
  for (const req of sel.matchExpressions ?? []) {
    if (!requirementMatches(req, labels)) return false;
  }
  return true;
}

/**
 * Matches an *optional* selector field the way controllers do: a missing (null/undefined)
 * selector matches nothing (labels.Nothing()), while `{}` matches everything. This is the
 * LabelSelector rule (workload, PDB, affinity selectors); Service's map selector differs, see
 * mapSelectorMatches.
 */
export function selectorMatches(sel: LabelSelector | null | undefined, labels: Labels): boolean {
  if (sel === null || sel === undefined) return false;
  return labelSelectorMatches(sel, labels);
}

/** True when the selector has no requirements, i.e. matches everything. */
export function isEmptySelector(sel: LabelSelector): boolean {
  return Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
}

/** Service.spec.selector style: a plain map, where an empty or missing map selects nothing. */
export function mapSelectorMatches(sel: Record<string, string> | undefined, labels: Labels): boolean {
  if (!sel || Object.keys(sel).length === 0) return false;
  return labelSelectorMatches({ matchLabels: sel }, labels);
}

// ---- string selectors as kubectl -l takes them (labels.Parse) ----

const NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Checks a label key (optional DNS-subdomain prefix, "/", name of ≤63 chars). */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN_RE.test(prefix))) {
    return `invalid label key ${JSON.stringify(key)}: prefix must be a DNS subdomain`;
  }
  if (name.length === 0 || name.length > 63 || !NAME_RE.test(name)) {
    return `invalid label key ${JSON.stringify(key)}: name must be 63 characters or less, alphanumeric, '-', '_' or '.', starting and ending alphanumeric`;
  }
  return undefined;
}

/** Checks a label value (empty, or ≤63 chars of the name alphabet). */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63 || !NAME_RE.test(value)) {
    return `invalid label value ${JSON.stringify(value)}: must be 63 characters or less, alphanumeric, '-', '_' or '.', starting and ending alphanumeric`;
  }
  return undefined;
}

type Token =
  | { kind: 'id'; text: string }
  | { kind: 'op'; text: '=' | '==' | '!=' | '!' | '(' | ')' | ',' | 'in' | 'notin' };

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ' || c === '\t') { i++; continue; }
    if (s.startsWith('==', i)) { out.push({ kind: 'op', text: '==' }); i += 2; continue; }
    if (s.startsWith('!=', i)) { out.push({ kind: 'op', text: '!=' }); i += 2; continue; }
    if (c === '=' || c === '!' || c === '(' || c === ')' || c === ',') {
      out.push({ kind: 'op', text: c }); i++; continue;
    }
    if (c === '<' || c === '>') {
      // labels.Parse accepts Gt/Lt, but a LabelSelector cannot express them.
      throw new LabelSelectorError(`operator ${JSON.stringify(c)} is not supported in label selectors`);
    }
    let j = i;
    while (j < s.length && !' \t=!(),<>'.includes(s[j]!)) j++;
    const text = s.slice(i, j);
    if (text === 'in' || text === 'notin') out.push({ kind: 'op', text });
    else out.push({ kind: 'id', text });
    i = j;
  }
  return out;
}

/**
 * Parses a kubectl-style selector (`app=web,tier!=db,env in (a,b),!legacy,key`) into a
 * LabelSelector with identical meaning. `=`/`==` become matchLabels (unless the key repeats),
 * everything else matchExpressions. The empty string selects everything (`{}`).
 * @throws LabelSelectorError
 */
export function parseSelectorString(s: string): LabelSelector {
  const toks = tokenize(s);
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  let i = 0;
  const fail = (msg: string): never => {
    throw new LabelSelectorError(`invalid selector ${JSON.stringify(s)}: ${msg}`);
  };
  const key = (): string => {
    const t = toks[i];
    if (!t || t.kind !== 'id') return fail('expected a label key');
    const problem = labelKeyProblem(t.text);
    if (problem) fail(problem);
    i++;
    return t.text;
  };
  const value = (): string => {
    const t = toks[i];
    // `key=` with nothing after it means the empty value.
    if (!t || (t.kind === 'op' && t.text === ',') || (t.kind === 'op' && t.text === ')')) return '';
    if (t.kind !== 'id') return fail(`unexpected ${JSON.stringify(t.text)} where a value was expected`);
    const problem = labelValueProblem(t.text);
    if (problem) fail(problem);
    i++;
    return t.text;
  };
  while (i < toks.length) {
    const t = toks[i]!;
    if (t.kind === 'op' && t.text === '!') {
      i++;
      matchExpressions.push({ key: key(), operator: 'DoesNotExist' });
    } else {
      const k = key();
      const op = toks[i];
      if (!op || (op.kind === 'op' && op.text === ',')) {
        matchExpressions.push({ key: k, operator: 'Exists' });
      } else if (op.kind === 'op' && (op.text === '=' || op.text === '==')) {
        i++;
        const v = value();
        if (k in matchLabels && matchLabels[k] !== v) matchExpressions.push({ key: k, operator: 'In', values: [v] });
        else matchLabels[k] = v;
      } else if (op.kind === 'op' && op.text === '!=') {
        i++;
        matchExpressions.push({ key: k, operator: 'NotIn', values: [value()] });
      } else if (op.kind === 'op' && (op.text === 'in' || op.text === 'notin')) {
        i++;
        if (toks[i]?.text !== '(') fail(`expected "(" after ${op.text}`);
        i++;
        if (toks[i]?.text === ')') fail(`${op.text} requires one or more values`);
        const values: string[] = [];
        for (;;) {
          values.push(value());
          const sep = toks[i];
          if (sep?.text === ',') { i++; continue; }
          if (sep?.text === ')') { i++; break; }
          fail('expected "," or ")" in value list');
        }
        matchExpressions.push({ key: k, operator: op.text === 'in' ? 'In' : 'NotIn', values });
      } else {
        fail(`unexpected ${JSON.stringify(op.text)} after key ${JSON.stringify(k)}`);
      }
    }
    if (i < toks.length) {
      if (toks[i]!.text !== ',') fail(`expected "," but found ${JSON.stringify(toks[i]!.text)}`);
      i++;
      if (i === toks.length) fail('trailing ","');
    }
  }
  const sel: LabelSelector = {};
  if (Object.keys(matchLabels).length > 0) sel.matchLabels = matchLabels;
  if (matchExpressions.length > 0) sel.matchExpressions = matchExpressions;
  return sel;
}

// ---- node selector terms (node affinity, NodeSelector) ----

/** What node affinity can look at: its labels and (for matchFields) its name. */
export interface NodeFacts {
  name: string;
  labels: Labels;
}

/** Parses an integer the way Gt/Lt do (strconv.ParseInt base 10); undefined when not an int. */
function parseIntStrict(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number.parseInt(s, 10) : undefined;
}

function nodeRequirementMatches(req: NodeSelectorRequirement, labels: Labels): boolean {
  if (req.operator === 'Gt' || req.operator === 'Lt') {
    // Exactly one integer value; the label must exist and parse as an integer, else no match.
    const want = req.values?.length === 1 ? parseIntStrict(req.values[0]!) : undefined;
    if (want === undefined) return false;
    if (!Object.prototype.hasOwnProperty.call(labels, req.key)) return false;
    const have = parseIntStrict(labels[req.key]!);
    if (have === undefined) return false;
    return req.operator === 'Gt' ? have > want : have < want;
  }
  return requirementMatches(req as LabelSelectorRequirement, labels);
}

/**
 * One term: all matchExpressions AND all matchFields must hold. A term with neither matches
 * no node (upstream: "a null or empty node selector term matches no objects").
 */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: NodeFacts): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const req of exprs) if (!nodeRequirementMatches(req, node.labels)) return false;
  for (const req of fields) {
    // Only metadata.name is a supported field; anything else cannot match.
    if (req.key !== 'metadata.name') return false;
    if (!nodeRequirementMatches(req, { 'metadata.name': node.name })) return false;
  }
  return true;
}

/** Terms are ORed; an empty list matches nothing. */
export function nodeSelectorTermsMatch(terms: readonly NodeSelectorTerm[], node: NodeFacts): boolean {
  return terms.some((t) => nodeSelectorTermMatches(t, node));
}

/** pod.spec.nodeSelector: every key/value must be on the node; empty or missing matches all. */
export function nodeSelectorMapMatches(sel: Record<string, string> | undefined, labels: Labels): boolean {
  return labelSelectorMatches({ matchLabels: sel ?? {} }, labels);
}
