// Indexed Job helpers (pkg/controller/job/indexed_job_utils.go, job_controller.go), pure: the
// completion index as the controller reads it, the pods' generateName with the index, and which
// active pods are removed — duplicates and pods without a valid index first.

import { MAX_GENERATED_NAME_LENGTH } from '../../api/policy/names.js';

/**
 * getCompletionIndex: the batch.kubernetes.io/job-completion-index annotation as strconv.Atoi
 * reads it (optional sign, decimal digits); undefined (unknownCompletionIndex) when absent,
 * unparsable or negative.
 */
export function completionIndexFromAnnotation(v: string | undefined): number | undefined {
  if (v === undefined || !/^[+-]?[0-9]+$/.test(v)) return undefined;
  const n = Number(v);
  return n < 0 || !Number.isSafeInteger(n) ? undefined : n;
}

/**
 * podGenerateNameWithIndex: `<job>-<index>-`; when that is longer than the 58 characters a
 * generated name's base may have, the job name is cut so that `-<index>-` survives whole.
 */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const appendIndex = `-${index}-`;
  const prefix = jobName + appendIndex;
  if (prefix.length <= MAX_GENERATED_NAME_LENGTH) return prefix;
  return prefix.slice(0, MAX_GENERATED_NAME_LENGTH - appendIndex.length) + appendIndex;
}

/**
 * appendDuplicatedIndexPodsForRemoval: pods by completion index (stable); pods without a valid
 * index and pods with index ≥ completions are removed; of each repeated index all but the last
 * in `compare` (controller.ActivePods) order are removed, that one kept.
 */
export function duplicatedIndexPodsForRemoval<P>(
  pods: readonly P[], completions: number, indexOf: (p: P) => number | undefined, compare: (a: P, b: P) => number,
): { rm: P[]; left: P[] } {
  const ix = (p: P) => indexOf(p) ?? -1;
  const sorted = [...pods].sort((a, b) => ix(a) - ix(b));
  const rm: P[] = [];
  const left: P[] = [];
  let i = 0;
  while (i < sorted.length) {
    const index = ix(sorted[i]!);
    if (index >= completions) {
      rm.push(...sorted.slice(i));
      break;
    }
    let j = i;
    while (j < sorted.length && ix(sorted[j]!) === index) j++;
    const group = sorted.slice(i, j);
    if (index === -1) rm.push(...group);
    else if (group.length === 1) left.push(group[0]!);
    else {
      group.sort(compare);
      rm.push(...group.slice(0, -1));
      left.push(group[group.length - 1]!);
    }
    i = j;
  }
  return { rm, left };
}

/**
 * activePodsForRemoval: for an Indexed Job the duplicated and invalid-index pods, then (or for a
 * NonIndexed Job only) the first of the rest in `compare` order until at least `rmAtLeast`.
 */
export function activePodsForRemoval<P>(
  pods: readonly P[], rmAtLeast: number, indexed: { completions: number; indexOf: (p: P) => number | undefined } | undefined,
  compare: (a: P, b: P) => number,
): P[] {
  let rm: P[] = [];
  let left: P[] = [...pods];
  if (indexed) ({ rm, left } = duplicatedIndexPodsForRemoval(pods, indexed.completions, indexed.indexOf, compare));
  if (rm.length < rmAtLeast) {
    left.sort(compare);
    rm = [...rm, ...left.slice(0, rmAtLeast - rm.length)];
  }
  return rm;
}
