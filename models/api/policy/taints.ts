// Taints and tolerations with Kubernetes' matching rules (corev1 Toleration.ToleratesTaint),
// shared by the scheduler (TaintToleration, NodeUnschedulable) and the DaemonSet policy.
import type { Taint, Toleration } from '../types.js';

/**
 * v1.Toleration.ToleratesTaint: the effect (when set) and the key (when set) must equal the
 * taint's; operator Exists then tolerates any value, Equal (the default) needs equal values, and
 * any other operator tolerates nothing. (API validation requires operator Exists when the key is
 * empty; like upstream, this function does not re-check that.)
 */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true;
  if (op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

/** Some toleration in the list tolerates the taint (v1helper.TolerationsTolerateTaint). */
export function tolerationsTolerateTaint(tols: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (!tols) return false;
  for (const t of tols) if (toleratesTaint(t, taint)) return true;
  return false;
}

/**
 * Every NoSchedule/NoExecute taint is tolerated (TaintToleration's filter, and PodTopologySpread's
 * nodeTaintsPolicy: Honor). A loop over the taints in order, stopping at the first untolerated one.
 */
export function toleratesNoScheduleTaints(tols: readonly Toleration[] | undefined, taints: readonly Taint[]): boolean {
  for (let i = 0; i < taints.length; i++) {
    const t = taints[i]!;
    if ((t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerationsTolerateTaint(tols, t)) return false;
  }
  return true;
}
