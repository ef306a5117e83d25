// API shapes of the workload kinds issue 5 models (StatefulSet, DaemonSet, Job) and of the
// storage objects a StatefulSet's volumeClaimTemplates produce (PersistentVolumeClaim,
// PersistentVolume, StorageClass). Kept apart from types.ts so the shared file stays small.

import type { IntOrString, KObject, LabelSelector, ObjectMeta, PodTemplateSpec, Quantity } from './types.js';

// ------------------------------------------------------------------------------- storage

export interface PersistentVolumeClaimSpec {
  accessModes?: string[];
  resources?: { requests?: Record<string, Quantity>; limits?: Record<string, Quantity> };
  storageClassName?: string;
  volumeName?: string;
  [unmodelled: string]: unknown;
}

export interface PersistentVolumeClaim extends KObject {
  kind: 'PersistentVolumeClaim';
  spec: PersistentVolumeClaimSpec;
  status?: { phase?: 'Pending' | 'Bound' | 'Lost'; capacity?: Record<string, Quantity>; accessModes?: string[] };
}

export interface PersistentVolume extends KObject {
  kind: 'PersistentVolume';
  spec: {
    capacity?: Record<string, Quantity>;
    accessModes?: string[];
    storageClassName?: string;
    persistentVolumeReclaimPolicy?: 'Delete' | 'Retain';
    claimRef?: { namespace: string; name: string; uid: string };
  };
  status?: { phase?: 'Available' | 'Bound' | 'Released' };
}

export interface StorageClass extends KObject {
  kind: 'StorageClass';
  provisioner: string;
  parameters?: Record<string, string>;
  reclaimPolicy?: 'Delete' | 'Retain';
  volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
}

// ------------------------------------------------------------------------------- StatefulSet

export interface StatefulSetSpec {
  replicas?: number;
  selector: LabelSelector;
  template: PodTemplateSpec;
  serviceName?: string;
  volumeClaimTemplates?: Array<{ metadata: Partial<ObjectMeta> & { name: string }; spec: PersistentVolumeClaimSpec }>;
  podManagementPolicy?: 'OrderedReady' | 'Parallel';
  updateStrategy?: { type?: 'RollingUpdate' | 'OnDelete'; rollingUpdate?: { partition?: number; maxUnavailable?: IntOrString } };
  revisionHistoryLimit?: number;
  minReadySeconds?: number;
  persistentVolumeClaimRetentionPolicy?: { whenDeleted?: 'Retain' | 'Delete'; whenScaled?: 'Retain' | 'Delete' };
  ordinals?: { start?: number };
}

export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  availableReplicas: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
}

export interface StatefulSet extends KObject {
  kind: 'StatefulSet';
  spec: StatefulSetSpec;
  status: StatefulSetStatus;
}

// ------------------------------------------------------------------------------- DaemonSet

export interface DaemonSetSpec {
  selector: LabelSelector;
  template: PodTemplateSpec;
  updateStrategy?: { type?: 'RollingUpdate' | 'OnDelete'; rollingUpdate?: { maxUnavailable?: IntOrString; maxSurge?: IntOrString } };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
}

export interface DaemonSetStatus {
  observedGeneration?: number;
  currentNumberScheduled: number;
  desiredNumberScheduled: number;
  numberMisscheduled: number;
  numberReady: number;
  updatedNumberScheduled: number;
  numberAvailable: number;
  numberUnavailable: number;
}

export interface DaemonSet extends KObject {
  kind: 'DaemonSet';
  spec: DaemonSetSpec;
  status: DaemonSetStatus;
}

// ------------------------------------------------------------------------------- Job

export interface JobSpec {
  template: PodTemplateSpec;
  completions?: number;
  parallelism?: number;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
  completionMode?: 'NonIndexed' | 'Indexed';
  suspend?: boolean;
  manualSelector?: boolean;
  selector?: LabelSelector;
  podReplacementPolicy?: 'TerminatingOrFailed' | 'Failed';
  [unmodelled: string]: unknown;
}

export interface JobCondition {
  type: 'Complete' | 'Failed' | 'Suspended' | 'FailureTarget' | 'SuccessCriteriaMet';
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastProbeTime: number;
  lastTransitionTime: number;
}

export interface JobStatus {
  active: number;
  succeeded: number;
  failed: number;
  ready?: number;
  terminating?: number;
  startTime?: number;
  completionTime?: number;
  completedIndexes?: string;
  conditions: JobCondition[];
}

export interface Job extends KObject {
  kind: 'Job';
  spec: JobSpec;
  status: JobStatus;
}
