// k8sim/v1 Timeline: actions at points of virtual time, in kubectl's language.
import { arr, duration, obj, objectKind, str } from './build.js';
import { K8SIM } from './k8sim-common.js';

export const timeline = objectKind({
  apiVersion: K8SIM, kind: 'Timeline', namespaced: false, metadataRequired: false,
  description: 'Actions to apply during the run.',
  fields: {
    spec: obj('Timeline spec.', {
      actions: arr(obj('One action.', {
        at: duration('Virtual time of the action, from the start of the run.'),
        run: str('A kubectl command line (e.g. "kubectl scale deploy/web --replicas=5") or a simulator action.'),
        manifest: { type: 'object', description: 'Inline manifest for "kubectl apply -f -" / "create -f -".' },
        note: str('Free text shown in reports.'),
      }, ['at']), 'Actions in any order; equal times run in file order.'),
    }, ['actions']),
  },
  required: ['spec'],
});
