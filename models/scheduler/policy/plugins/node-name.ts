// NodeName Filter: a pod with spec.nodeName fits only that node.
import { Code, SKIP, Status, type FilterPlugin, type PreFilterPlugin } from '../framework.js';
import type { NodeInfo, PodInfo } from '../node-info.js';

export const ErrReasonNodeName = "node(s) didn't match the requested node name";
const REJECT = new Status(Code.UnschedulableAndUnresolvable, [ErrReasonNodeName]);

export class NodeName implements PreFilterPlugin, FilterPlugin {
  readonly name = 'NodeName';
  readonly nodeStatic = true;
  preFilter(_s: unknown, pod: PodInfo): Status | null {
    return pod.pod.spec.nodeName ? null : SKIP;
  }
  filter(_s: unknown, pod: PodInfo, node: NodeInfo): Status | null {
    const want = pod.pod.spec.nodeName;
    return !want || want === node.name ? null : REJECT;
  }
}
