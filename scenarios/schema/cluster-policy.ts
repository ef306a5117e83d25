// Small cluster-policy kinds: PriorityClass, PodDisruptionBudget, StorageClass.
import { bool, int, intOrPercent, loose, obj, objectKind, oneOfStrings, ref, str, strList, strMap, type KindSchema } from './build.js';

export const priorityClass = objectKind({
  apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', namespaced: false, description: 'A named pod priority.',
  fields: {
    value: int('Priority; higher schedules first and may preempt lower.'),
    globalDefault: bool('Default for pods without priorityClassName.'),
    description: str('Description.'),
    preemptionPolicy: oneOfStrings(['PreemptLowerPriority', 'Never'], 'Whether pods may preempt (default PreemptLowerPriority).'),
  },
  required: ['value'],
});

export const podDisruptionBudget = objectKind({
  apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', namespaced: true, description: 'Limits voluntary disruptions (drain, eviction).',
  fields: {
    spec: obj('PDB spec.', {
      minAvailable: intOrPercent('Pods that must stay available.'),
      maxUnavailable: intOrPercent('Pods that may be unavailable.'),
      selector: ref('LabelSelector'),
      unhealthyPodEvictionPolicy: oneOfStrings(['IfHealthyBudget', 'AlwaysAllow'], 'Eviction of unhealthy pods.'),
    }),
  },
});

export const storageClass = objectKind({
  apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', namespaced: false, description: 'A class of storage.',
  fields: {
    provisioner: str('Provisioner.'),
    parameters: strMap('Provisioner parameters.'),
    reclaimPolicy: oneOfStrings(['Delete', 'Retain'], 'Reclaim policy.'),
    mountOptions: strList('Mount options.'),
    allowVolumeExpansion: bool('Allow expansion.'),
    volumeBindingMode: oneOfStrings(['Immediate', 'WaitForFirstConsumer'], 'When volumes bind.'),
    allowedTopologies: loose(),
  },
  required: ['provisioner'],
});

export const clusterPolicyKinds: KindSchema[] = [priorityClass, podDisruptionBudget, storageClass];
