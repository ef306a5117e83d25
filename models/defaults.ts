// API defaulting (SetDefaults_* in pkg/apis/*/v1/defaults.go) for the kinds k8sim models,
// and an empty status for new objects, as the API server gives them.

import type { Deployment, KObject, ReplicaSet } from './types.js';

/** Kinds that live outside namespaces. */
export const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'PriorityClass', 'StorageClass', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding']);

export function applyDefaults(obj: KObject): void {
  if (!CLUSTER_SCOPED.has(obj.kind)) obj.metadata.namespace ??= 'default';
  switch (obj.kind) {
    case 'ReplicaSet': {
      const rs = obj as ReplicaSet;
      rs.spec.replicas ??= 1;
      rs.status ??= { replicas: 0, fullyLabeledReplicas: 0, readyReplicas: 0, availableReplicas: 0 };
      break;
    }
    case 'Deployment': {
      const d = obj as Deployment;
      d.spec.replicas ??= 1;
      d.spec.strategy ??= {};
      d.spec.strategy.type ??= 'RollingUpdate';
      if (d.spec.strategy.type === 'RollingUpdate') {
        d.spec.strategy.rollingUpdate ??= {};
        d.spec.strategy.rollingUpdate.maxSurge ??= '25%';
        d.spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
      }
      d.spec.revisionHistoryLimit ??= 10;
      d.spec.progressDeadlineSeconds ??= 600;
      d.spec.minReadySeconds ??= 0;
      d.status ??= { replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 0, conditions: [] };
      break;
    }
    default:
      break;
  }
}
