// apps/v1 workload kinds.
import { arr, bool, int, intOrPercent, obj, objectKind, oneOfStrings, ref, str, type KindSchema } from './build.js';

const apps = 'apps/v1';
const replicas = int('Desired number of pods (default 1).', 0);
const minReadySeconds = int('Seconds a new pod must be ready before it counts as available.', 0);
const revisionHistoryLimit = int('Old revisions to keep for rollback.', 0);

export const deployment = objectKind({
  apiVersion: apps, kind: 'Deployment', namespaced: true, description: 'Declarative rolling updates of ReplicaSets.',
  fields: {
    spec: obj('Deployment spec.', {
      replicas,
      selector: ref('LabelSelector'),
      template: ref('PodTemplateSpec'),
      strategy: obj('How pods are replaced.', {
        type: oneOfStrings(['RollingUpdate', 'Recreate'], 'Strategy (default RollingUpdate).'),
        rollingUpdate: obj('Rolling update parameters.', {
          maxSurge: intOrPercent('Pods above desired during the update (default 25%, rounded up).'),
          maxUnavailable: intOrPercent('Pods below desired during the update (default 25%, rounded down).'),
        }),
      }),
      minReadySeconds,
      revisionHistoryLimit,
      paused: bool('Paused deployments do not roll out template changes.'),
      progressDeadlineSeconds: int('Seconds without progress before the rollout is reported failed (default 600).', 1),
    }, ['selector', 'template']),
  },
  required: ['spec'],
});

export const replicaSet = objectKind({
  apiVersion: apps, kind: 'ReplicaSet', namespaced: true, description: 'Keeps a number of identical pods running.',
  fields: {
    spec: obj('ReplicaSet spec.', { replicas, minReadySeconds, selector: ref('LabelSelector'), template: ref('PodTemplateSpec') }, ['selector', 'template']),
  },
  required: ['spec'],
});

const pvcTemplate = obj('A PersistentVolumeClaim template.', {
  apiVersion: str('v1'), kind: str('PersistentVolumeClaim'), metadata: ref('ObjectMeta'),
  spec: { description: 'PVC spec (see PersistentVolumeClaim).' }, status: { description: 'Ignored.' },
});

export const statefulSet = objectKind({
  apiVersion: apps, kind: 'StatefulSet', namespaced: true, description: 'Pods with stable identities and storage.',
  fields: {
    spec: obj('StatefulSet spec.', {
      replicas,
      selector: ref('LabelSelector'),
      template: ref('PodTemplateSpec'),
      serviceName: str('Governing headless Service.'),
      volumeClaimTemplates: arr(pvcTemplate, 'Claims created per pod.'),
      podManagementPolicy: oneOfStrings(['OrderedReady', 'Parallel'], 'Ordering of pod creation and deletion (default OrderedReady).'),
      updateStrategy: obj('Update strategy.', {
        type: oneOfStrings(['RollingUpdate', 'OnDelete'], 'Strategy (default RollingUpdate).'),
        rollingUpdate: obj('Rolling update parameters.', {
          partition: int('Ordinals below this are not updated.', 0),
          maxUnavailable: intOrPercent('Pods that may be unavailable during the update (default 1).'),
        }),
      }),
      revisionHistoryLimit,
      minReadySeconds,
      persistentVolumeClaimRetentionPolicy: obj('What happens to PVCs.', {
        whenDeleted: oneOfStrings(['Retain', 'Delete'], 'When the StatefulSet is deleted.'),
        whenScaled: oneOfStrings(['Retain', 'Delete'], 'When it is scaled down.'),
      }),
      ordinals: obj('Ordinal numbering.', { start: int('First ordinal (default 0).', 0) }),
    }, ['selector', 'template']),
  },
  required: ['spec'],
});

export const daemonSet = objectKind({
  apiVersion: apps, kind: 'DaemonSet', namespaced: true, description: 'One pod per eligible node.',
  fields: {
    spec: obj('DaemonSet spec.', {
      selector: ref('LabelSelector'),
      template: ref('PodTemplateSpec'),
      updateStrategy: obj('Update strategy.', {
        type: oneOfStrings(['RollingUpdate', 'OnDelete'], 'Strategy (default RollingUpdate).'),
        rollingUpdate: obj('Rolling update parameters.', {
          maxUnavailable: intOrPercent('Nodes whose pod may be unavailable (default 1).'),
          maxSurge: intOrPercent('Nodes that may run an extra pod during the update (default 0).'),
        }),
      }),
      minReadySeconds,
      revisionHistoryLimit,
    }, ['selector', 'template']),
  },
  required: ['spec'],
});

export const appsV1Kinds: KindSchema[] = [deployment, replicaSet, statefulSet, daemonSet];
