// VolumeBinding PreFilter (pkg/scheduler/framework/plugins/volumebinding): a pod's
// PersistentVolumeClaims must exist, not be lost or being deleted, and — when their class binds
// immediately — already be bound; otherwise no node can help (UnschedulableAndUnresolvable, so
// preemption is not tried). Claims of a WaitForFirstConsumer class are bound after the pod is
// placed (the volume controller does it), so they do not hold the pod back here. Per-node volume
// topology (PV node affinity) is not modelled, so there is no Filter.
import { Code, SKIP, Status, type CycleState, type PreFilterPlugin } from '../framework.js';
import type { PodInfo } from '../node-info.js';

export const ErrReasonUnboundImmediate = 'pod has unbound immediate PersistentVolumeClaims';

export class VolumeBinding implements PreFilterPlugin {
  readonly name = 'VolumeBinding';
  preFilter(state: CycleState, pod: PodInfo): Status | null {
    const vols = pod.pod.spec.volumes;
    if (!vols) return SKIP;
    const lookup = state.claims;
    let hasClaim = false;
    let unboundImmediate = false;
    for (const v of vols) {
      const name = v.persistentVolumeClaim?.claimName;
      if (name === undefined) continue;
      hasClaim = true;
      // Without a lookup (a bare framework in tests) claims are taken as bound.
      if (!lookup) continue;
      const claim = lookup(pod.pod.metadata.namespace ?? 'default', name);
      // podHasPVCs: the lister's NotFound text, then lost and terminating claims, in volume order.
      if (!claim) return new Status(Code.UnschedulableAndUnresolvable, [`persistentvolumeclaim "${name}" not found`]);
      if (claim.phase === 'Lost') {
        return new Status(Code.UnschedulableAndUnresolvable, [`persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${claim.volumeName ?? ''}"`]);
      }
      if (claim.deleting) return new Status(Code.UnschedulableAndUnresolvable, [`persistentvolumeclaim "${name}" is being deleted`]);
      if (claim.phase !== 'Bound' && claim.immediate) unboundImmediate = true;
    }
    if (!hasClaim) return SKIP;
    if (unboundImmediate) return new Status(Code.UnschedulableAndUnresolvable, [ErrReasonUnboundImmediate]);
    return null;
  }
}
