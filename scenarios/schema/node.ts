// v1 Node, as `kubectl get nodes -o yaml` writes it: the scenario's starting nodes, standing in
// for or adding to the Cluster's node pools (scenarios/node-list.ts). Server-set fields are
// accepted; what k8sim reads is named here.
import { arr, bool, loose, obj, objectKind, oneOfStrings, str, strList } from './build.js';

export const node = objectKind({
  apiVersion: 'v1', kind: 'Node', namespaced: false,
  description: 'A node as the kubelet registered it; becomes one of the scenario\'s starting nodes.',
  fields: {
    spec: obj('Node spec.', {
      taints: arr(obj('A node taint.', {
        key: str('Taint key.'),
        value: str('Taint value.'),
        effect: oneOfStrings(['NoSchedule', 'PreferNoSchedule', 'NoExecute'], 'Effect.'),
        timeAdded: loose(),
      }, ['key', 'effect']), 'Node taints.'),
      unschedulable: bool('Cordoned: no new pods are scheduled here.'),
      podCIDR: loose(),
      podCIDRs: strList('Pod CIDRs (not modelled).'),
      providerID: loose(),
      externalID: loose(),
      configSource: loose(),
    }),
  },
});

