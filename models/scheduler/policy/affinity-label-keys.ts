// The API server's merge of a pod (anti-)affinity term's matchLabelKeys / mismatchLabelKeys
// into its labelSelector (upstream pod strategy, MatchLabelKeysInPodAffinity): applied once when
// the scheduler builds a PodInfo, so every match reads plain selectors.
import type { LabelSelectorRequirement, PodAffinityTerm, WeightedPodAffinityTerm } from '../../api/types.js';
import type { Labels } from '../../api/policy/labels.js';

/**
 * The API server's merge of matchLabelKeys / mismatchLabelKeys into each term's labelSelector
 * (`key In (value)` / `key NotIn (value)` for the keys the pod has); the same array when no term
 * uses them.
 */
export function withLabelKeys<T extends PodAffinityTerm | WeightedPodAffinityTerm>(terms: readonly T[], podLabels: Labels): readonly T[] {
  let any = false;
  for (const t of terms) {
    const term = 'podAffinityTerm' in t ? t.podAffinityTerm : (t as PodAffinityTerm);
    if (term.matchLabelKeys?.length || term.mismatchLabelKeys?.length) any = true;
  }
  if (!any) return terms;
  return terms.map((t) => {
    const term = 'podAffinityTerm' in t ? t.podAffinityTerm : (t as PodAffinityTerm);
    if (term.labelSelector === undefined) return t;
    const extra: LabelSelectorRequirement[] = [];
    for (const k of term.matchLabelKeys ?? []) if (k in podLabels) extra.push({ key: k, operator: 'In', values: [podLabels[k]!] });
    for (const k of term.mismatchLabelKeys ?? []) if (k in podLabels) extra.push({ key: k, operator: 'NotIn', values: [podLabels[k]!] });
    if (extra.length === 0) return t;
    const merged: PodAffinityTerm = { ...term, labelSelector: { ...term.labelSelector,
      matchExpressions: [...(term.labelSelector.matchExpressions ?? []), ...extra] } };
    return ('podAffinityTerm' in t ? { ...t, podAffinityTerm: merged } : merged) as T;
  });
}

