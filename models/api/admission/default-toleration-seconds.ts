// DefaultTolerationSeconds admission (plugin/pkg/admission/defaulttolerationseconds): every
// pod tolerates the not-ready and unreachable NoExecute taints for 300 s unless it already
// has a toleration for them. This is why a failed node's pods are evicted 5 minutes after the
// node lifecycle controller taints the node.

import type { PodAdmissionPlugin } from '../apiserver.js';
import type { Pod, Toleration } from '../types.js';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const DEFAULT_TOLERATION_SECONDS = 300;

/** Upstream's test: a toleration with this key (or no key) and effect NoExecute (or none). */
function covers(tols: readonly Toleration[], key: string): boolean {
  return tols.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
}

export class DefaultTolerationSecondsAdmission implements PodAdmissionPlugin {
  readonly name = 'DefaultTolerationSeconds';
  constructor(
    private readonly notReadySeconds = DEFAULT_TOLERATION_SECONDS,
    private readonly unreachableSeconds = DEFAULT_TOLERATION_SECONDS,
  ) {}

  admit(pod: Pod): void {
    const tols = pod.spec.tolerations ?? [];
    const add: Toleration[] = [];
    if (!covers(tols, TAINT_NOT_READY)) {
      add.push({ key: TAINT_NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: this.notReadySeconds });
    }
    if (!covers(tols, TAINT_UNREACHABLE)) {
      add.push({ key: TAINT_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: this.unreachableSeconds });
    }
    if (add.length) pod.spec.tolerations = [...tols, ...add];
  }
}
