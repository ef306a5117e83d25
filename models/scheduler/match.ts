// Small matching helpers with exact Kubernetes semantics, used by the scheduler plugins.
// NOTE: models/labels.ts (another engineer) will own label-selector and node-selector matching;
// these helpers live here only to avoid blocking on it. Dedupe into models/labels.ts later.
import type {
  LabelSelector, LabelSelectorRequirement, NodeSelectorRequirement, NodeSelectorTerm, Taint, Toleration,
} from '../types.js';

export type Labels = Readonly<Record<string, string>>;
const EMPTY: Labels = Object.freeze({});

function requirementMatches(op: string, values: readonly string[] | undefined, labels: Labels, key: string): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  switch (op) {
    case 'In': return has && !!values && values.includes(labels[key]!);
    case 'NotIn': return !has || !values || !values.includes(labels[key]!);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt':
    case 'Lt': {
      // Node affinity only: label value and the single value must both parse as integers.
      if (!has || !values || values.length !== 1) return false;
      const lv = parseIntStrict(labels[key]!);
      const rv = parseIntStrict(values[0]!);
      if (lv === undefined || rv === undefined) return false;
      return op === 'Gt' ? lv > rv : lv < rv;
    }
    default: return false;
  }
}

function parseIntStrict(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

/**
 * metav1.LabelSelector semantics: matchLabels and matchExpressions ANDed; an empty selector
 * matches everything; `undefined` (nil) matches nothing (LabelSelectorAsSelector(nil) = Nothing).
 */
export function selectorMatches(selector: LabelSelector | undefined, labels: Labels | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? EMPTY;
  const ml = selector.matchLabels;
  if (ml) for (const k in ml) if (l[k] !== ml[k]) return false;
  const me = selector.matchExpressions;
  if (me) for (const r of me as LabelSelectorRequirement[]) if (!requirementMatches(r.operator, r.values, l, r.key)) return false;
  return true;
}

/** Is the selector empty (matches everything)? */
export function selectorIsEmpty(selector: LabelSelector | undefined): boolean {
  return !!selector && !(selector.matchLabels && Object.keys(selector.matchLabels).length)
    && !(selector.matchExpressions && selector.matchExpressions.length);
}

/**
 * One NodeSelectorTerm: matchExpressions on labels and matchFields (only `metadata.name`)
 * ANDed. A term with neither matches nothing (upstream nodeaffinity semantics).
 */
export function nodeSelectorTermMatches(term: NodeSelectorTerm, nodeName: string, labels: Labels | undefined): boolean {
  const me = term.matchExpressions, mf = term.matchFields;
  if ((!me || me.length === 0) && (!mf || mf.length === 0)) return false;
  const l = labels ?? EMPTY;
  if (me) for (const r of me as NodeSelectorRequirement[]) if (!requirementMatches(r.operator, r.values, l, r.key)) return false;
  if (mf) {
    for (const r of mf as NodeSelectorRequirement[]) {
      if (r.key !== 'metadata.name') return false;
      if (!requirementMatches(r.operator, r.values, { 'metadata.name': nodeName }, 'metadata.name')) return false;
    }
  }
  return true;
}

/** Terms are ORed. An empty list matches nothing. */
export function nodeSelectorTermsMatch(terms: readonly NodeSelectorTerm[], nodeName: string, labels: Labels | undefined): boolean {
  for (const t of terms) if (nodeSelectorTermMatches(t, nodeName, labels)) return true;
  return false;
}

/** v1.Toleration.ToleratesTaint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true;
  if (op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

export function tolerationsTolerateTaint(tols: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (!tols) return false;
  for (const t of tols) if (toleratesTaint(t, taint)) return true;
  return false;
}
