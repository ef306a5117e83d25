// NodeUnschedulable Filter: rejects cordoned nodes (spec.unschedulable) unless the pod tolerates
// the node.kubernetes.io/unschedulable:NoSchedule taint.
import { Code, Status, type FilterPlugin } from '../framework.js';
import type { NodeInfo, PodInfo } from '../node-info.js';
import type { Taint } from '../../../api/types.js';
import { tolerationsTolerateTaint } from '../../../api/policy/taints.js';

export const ErrReasonUnschedulable = 'node(s) were unschedulable';
const REJECT = new Status(Code.UnschedulableAndUnresolvable, [ErrReasonUnschedulable]);
const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

export class NodeUnschedulable implements FilterPlugin {
  readonly name = 'NodeUnschedulable';
  readonly nodeStatic = true;
  filter(_s: unknown, pod: PodInfo, node: NodeInfo): Status | null {
    if (!node.unschedulable) return null;
    if (tolerationsTolerateTaint(pod.pod.spec.tolerations, UNSCHEDULABLE_TAINT)) return null;
    return REJECT;
  }
}
