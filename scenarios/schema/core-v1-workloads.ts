// Core ("v1") workload kinds with a controller: ReplicationController.
import { int, obj, objectKind, ref, strMap, type KindSchema } from './build.js';

export const replicationController = objectKind({
  apiVersion: 'v1', kind: 'ReplicationController', namespaced: true,
  description: "Keeps a number of identical pods running (the ReplicaSet's predecessor; equality selector).",
  fields: {
    spec: obj('ReplicationController spec.', {
      replicas: int('Desired number of pods (default 1).', 0),
      minReadySeconds: int('Seconds a new pod must be ready before it counts as available.', 0),
      selector: strMap('Equality selector, label → value (default: the template\'s labels).'),
      template: ref('PodTemplateSpec'),
    }, []),
  },
  required: ['spec'],
});

export const coreV1WorkloadKinds: KindSchema[] = [replicationController];
