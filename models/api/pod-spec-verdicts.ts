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
// The spec's numbers (podResources) come with the verdict, computed once per template.

import { sameDataAs, type SameDataMatcher } from './policy/same-data.js';
import type { PodResources, PodSpec } from './types.js';

interface Verdict {
  /** sameData(·, a private copy of a spec of this template that passed validation), precompiled. */
  same: SameDataMatcher;
  /**
   * podResources(spec) of that spec, shared (frozen) by every pod whose spec is the same data:
   * podResources is a pure function of the spec's data, and nobody writes a pod's numbers.
   */
  resources: PodResources;
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

export class PodSpecVerdicts {
  /** Template (any object the creator names as the pods' source) → the last verdict "valid". */
  private readonly valid = new WeakMap<object, Verdict>();

  /**
   * When `spec` is the same data as a spec found valid for pods of `source`: that spec's
   * numbers (so `spec` is valid too); otherwise undefined.
   */
  knownValid(source: object, spec: PodSpec): PodResources | undefined {
    const v = this.valid.get(source);
    return v !== undefined && v.same(spec) ? v.resources : undefined;
  }

  /**
   * `spec` (of a pod from `source`) passed validation and has the numbers `resources`: keep
   * copies, so later edits of the pod change neither. Returns the shared numbers.
   */
  remember(source: object, spec: PodSpec, resources: PodResources): PodResources {
    const shared = deepFreeze(structuredClone(resources));
    this.valid.set(source, { same: sameDataAs(structuredClone(spec)), resources: shared });
    return shared;
  }
}
