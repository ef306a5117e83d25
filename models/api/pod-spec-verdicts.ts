// Validation verdicts of pod specs stamped from one template. A controller creates every pod
// of a ReplicaSet (Job, DaemonSet, StatefulSet) from the same template: after defaulting and
// mutating admission their specs are, almost always, the same data. Upstream validates each
// pod's spec afresh (ValidatePodCreate → ValidatePodSpec); validation is a pure function of the
// spec's data, so a spec that is the same data (policy/same-data.ts: same keys in the same
// order, same values) as one already found valid is valid too, with no errors to report. What
// is kept per template object: a private snapshot of the last spec that passed. A spec that
// differs in any way (LimitRanger defaults changed, a hostname per StatefulSet pod, a template
// edited in place) is validated in full and, when valid, becomes the snapshot. Only "valid" is
// reused: a refused spec is always validated, so its messages are computed as upstream does.

import { sameData } from './policy/same-data.js';
import type { PodSpec } from './types.js';

export class PodSpecVerdicts {
  /** Template (any object the creator names as the pods' source) → a snapshot of a valid spec. */
  private readonly valid = new WeakMap<object, PodSpec>();

  /** `spec` is the same data as a spec found valid for pods of `source`. */
  knownValid(source: object, spec: PodSpec): boolean {
    const snap = this.valid.get(source);
    return snap !== undefined && sameData(spec, snap);
  }

  /** `spec` (of a pod from `source`) passed validation: keep a copy, so later edits of the pod do not count. */
  remember(source: object, spec: PodSpec): void {
    this.valid.set(source, structuredClone(spec));
  }
}
