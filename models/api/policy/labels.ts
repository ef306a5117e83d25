// Label selectors and node-selector terms with Kubernetes' exact matching rules
// (metav1.LabelSelectorAsSelector, labels.Parse, corev1 NodeSelectorRequirement).

import type {
  LabelSelector, LabelSelectorRequirement, NodeSelectorRequirement, NodeSelectorTerm,
} from '../types.js';

// The selector shapes are the API types (models/api/types.ts); re-exported so callers can take
// selectors and their matching from one module.
export type { LabelSelector, LabelSelectorRequirement, NodeSelectorRequirement, NodeSelectorTerm };

export type Labels = Readonly<Record<string, string>>;

export type LabelSelectorOperator = LabelSelectorRequirement['operator'];
export type NodeSelectorOperator = NodeSelectorRequirement['operator'];

export class LabelSelectorError extends Error {
  override readonly name = 'LabelSelectorError';
}

// Matching runs on the scheduler's hot path (per pod × node × term), so it is written with plain
// loops: no Object.entries, no `?? []` arrays, no temporary objects per call.

const hasOwn = Object.prototype.hasOwnProperty;
const EMPTY: Labels = Object.freeze({});

/**
 * One requirement against one value: `has` says whether the key is present, `v` is its value.
 * Gt/Lt are only valid in node selector requirements (`numeric`); elsewhere, as for an unknown
 * operator, LabelSelectorError is thrown.
 */
function operatorMatches(op: string, values: readonly string[] | undefined, has: boolean, v: string | undefined, numeric: boolean): boolean {
  switch (op) {
    case 'In':
      return has && values !== undefined && values.includes(v!);
    case 'NotIn':
      // Kubernetes: NotIn also matches when the key is absent.
      return !has || values === undefined || !values.includes(v!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!numeric) break;
      // Exactly one integer value; the label must exist and parse as an integer, else no match.
      if (!has || values === undefined || values.length !== 1) return false;
      const want = parseIntStrict(values[0]!);
      const have = parseIntStrict(v!);
      if (want === undefined || have === undefined) return false;
      return op === 'Gt' ? have > want : have < want;
    }
  }
  throw new LabelSelectorError(`invalid label selector operator ${JSON.stringify(op)}`);
}

/** Parses an integer the way Gt/Lt do (strconv.ParseInt base 10); undefined when not an int. */
function parseIntStrict(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number.parseInt(s, 10) : undefined;
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

/** validateLabelSelector without the error: whether the selector converts (upstream's LabelSelectorAsSelector succeeds). */
export function isValidLabelSelector(sel: LabelSelector): boolean {
  try {
    validateLabelSelector(sel);
    return true;
  } catch {
    return false;
  }
}

/** Every key/value of `want` is on `labels` (own keys only). */
function mapMatches(want: Readonly<Record<string, string>>, labels: Labels): boolean {
  for (const k in want) if (labels[k] !== want[k] || !hasOwn.call(labels, k)) return false;
  return true;
}

/**
 * Matches a *present* selector: all matchLabels AND all matchExpressions must hold. An empty
 * selector `{}` matches every label set (Kubernetes' labels.Everything()). Missing labels are
 * an empty set.
 */
export function labelSelectorMatches(sel: LabelSelector, labels: Labels | undefined): boolean {
  const l = labels ?? EMPTY;
  const ml = sel.matchLabels;
  if (ml !== undefined && !mapMatches(ml, l)) return false;
  const me = sel.matchExpressions;
  if (me !== undefined) {
    for (let i = 0; i < me.length; i++) {
      const r = me[i]!;
      if (!operatorMatches(r.operator, r.values, hasOwn.call(l, r.key), l[r.key], false)) return false;
    }
  }
  return true;
}

/**
 * Matches an *optional* selector field the way controllers do: a missing (null/undefined)
 * selector matches nothing (labels.Nothing()), while `{}` matches everything. This is the
 * LabelSelector rule (workload, PDB, affinity selectors); Service's map selector differs, see
 * mapSelectorMatches.
 */
export function selectorMatches(sel: LabelSelector | null | undefined, labels: Labels | undefined): boolean {
  if (sel === null || sel === undefined) return false;
  return labelSelectorMatches(sel, labels);
}

/**
 * True when the selector has no requirements, i.e. matches everything. A missing selector
 * matches nothing, so it is not empty in this sense.
 */
export function isEmptySelector(sel: LabelSelector | null | undefined): boolean {
  if (sel === null || sel === undefined) return false;
  const ml = sel.matchLabels;
  if (ml !== undefined) for (const _ in ml) return false;
  return sel.matchExpressions === undefined || sel.matchExpressions.length === 0;
}

/** Service.spec.selector style: a plain map, where an empty or missing map selects nothing. */
export function mapSelectorMatches(sel: Record<string, string> | undefined, labels: Labels | undefined): boolean {
  if (sel === undefined || isEmptyMap(sel)) return false;
  return mapMatches(sel, labels ?? EMPTY);
}

function isEmptyMap(m: Readonly<Record<string, string>>): boolean {
  for (const _ in m) return false;
  return true;
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

// ---- node selector terms (node affinity, NodeSelector) ----

/** What node affinity can look at: its labels and (for matchFields) its name. */
export interface NodeFacts {
  name: string;
  labels?: Labels | undefined;
}

/**
 * One term: all matchExpressions AND all matchFields must hold. A term with neither matches
 * no node (upstream: "a null or empty node selector term matches no objects").
 */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, node: NodeFacts): boolean {
  const me = term.matchExpressions, mf = term.matchFields;
  if ((me === undefined || me.length === 0) && (mf === undefined || mf.length === 0)) return false;
  if (me !== undefined) {
    const l = node.labels ?? EMPTY;
    for (let i = 0; i < me.length; i++) {
      const r = me[i]!;
      if (!operatorMatches(r.operator, r.values, hasOwn.call(l, r.key), l[r.key], true)) return false;
    }
  }
  if (mf !== undefined) {
    for (let i = 0; i < mf.length; i++) {
      const r = mf[i]!;
      // Only metadata.name is a supported field; anything else cannot match.
      if (r.key !== 'metadata.name') return false;
      if (!operatorMatches(r.operator, r.values, true, node.name, true)) return false;
    }
  }
  return true;
}

/** Terms are ORed; an empty list matches nothing. */
export function nodeSelectorTermsMatch(terms: readonly NodeSelectorTerm[], node: NodeFacts): boolean {
  for (let i = 0; i < terms.length; i++) if (nodeSelectorTermMatches(terms[i]!, node)) return true;
  return false;
}

/** pod.spec.nodeSelector: every key/value must be on the node; empty or missing matches all. */
export function nodeSelectorMapMatches(sel: Record<string, string> | undefined, labels: Labels | undefined): boolean {
  return sel === undefined || mapMatches(sel, labels ?? EMPTY);
}
