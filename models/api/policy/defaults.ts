// API defaulting (SetDefaults_* in pkg/apis/*/v1/defaults.go) for the kinds k8sim models,
// and an empty status for new objects, as the API server gives them.

import type { DaemonSet, Deployment, Job, KObject, Pod, PodSpec, ReplicaSet, StatefulSet } from '../types.js';

/** Kinds that live outside namespaces. */
export const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'PriorityClass', 'StorageClass', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding']);

export const DEFAULT_TERMINATION_GRACE_SECONDS = 30;

export function applyDefaults(obj: KObject): void {
  if (!CLUSTER_SCOPED.has(obj.kind)) obj.metadata.namespace ??= 'default';
  switch (obj.kind) {
    case 'Pod': {
      const spec = (obj as Pod).spec;
      if (spec) defaultPodSpec(spec);
      break;
    }
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
    case 'StatefulSet':
      defaultStatefulSet(obj as StatefulSet);
      break;
    case 'DaemonSet':
      defaultDaemonSet(obj as DaemonSet);
      break;
    case 'Job':
      defaultJob(obj as Job);
      break;
    default:
      break;
  }
}

/** SetDefaults_StatefulSet (k8s-semantics §2.1). */
function defaultStatefulSet(s: StatefulSet): void {
  s.spec.replicas ??= 1;
  s.spec.podManagementPolicy ??= 'OrderedReady';
  s.spec.updateStrategy ??= {};
  s.spec.updateStrategy.type ??= 'RollingUpdate';
  if (s.spec.updateStrategy.type === 'RollingUpdate') {
    s.spec.updateStrategy.rollingUpdate ??= {};
    s.spec.updateStrategy.rollingUpdate.partition ??= 0;
  }
  s.spec.revisionHistoryLimit ??= 10;
  s.spec.minReadySeconds ??= 0;
  s.spec.persistentVolumeClaimRetentionPolicy ??= {};
  s.spec.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain';
  s.spec.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain';
  s.status ??= { replicas: 0, readyReplicas: 0, currentReplicas: 0, updatedReplicas: 0, availableReplicas: 0 };
}

/** SetDefaults_DaemonSet: RollingUpdate, maxUnavailable 1, maxSurge 0. */
function defaultDaemonSet(d: DaemonSet): void {
  d.spec.updateStrategy ??= {};
  d.spec.updateStrategy.type ??= 'RollingUpdate';
  if (d.spec.updateStrategy.type === 'RollingUpdate') {
    d.spec.updateStrategy.rollingUpdate ??= {};
    d.spec.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
    d.spec.updateStrategy.rollingUpdate.maxSurge ??= 0;
  }
  d.spec.revisionHistoryLimit ??= 10;
  d.spec.minReadySeconds ??= 0;
  d.status ??= {
    currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0,
    updatedNumberScheduled: 0, numberAvailable: 0, numberUnavailable: 0,
  };
}

/** SetDefaults_Job (k8s-semantics §5.1): completions stays unset when only parallelism is given (work queue). */
function defaultJob(j: Job): void {
  const d = jobDefaults(j.spec);
  if (d.completions !== undefined) j.spec.completions = d.completions;
  j.spec.parallelism = d.parallelism;
  j.spec.backoffLimit = d.backoffLimit;
  j.spec.completionMode = d.completionMode;
  j.spec.suspend ??= false;
  j.spec.manualSelector ??= false;
  // SetDefaults_Job: Failed when a podFailurePolicy is set (a pod counts once it is terminal).
  j.spec.podReplacementPolicy ??= j.spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  for (const r of j.spec.podFailurePolicy?.rules ?? []) for (const c of r.onPodConditions ?? []) c.status ??= 'True';
  j.status ??= { active: 0, succeeded: 0, failed: 0, conditions: [] };
}

/** batch/v1 default backoffLimit. */
export const DEFAULT_BACKOFF_LIMIT = 6;

export interface JobSpecIn {
  completions?: number;
  parallelism?: number;
  backoffLimit?: number;
  backoffLimitPerIndex?: number;
  completionMode?: 'NonIndexed' | 'Indexed';
}

/** batch/v1 defaulting: both nil → 1/1; parallelism nil → 1; completions stays nil (work queue). */
export function jobDefaults(s: JobSpecIn): { completions: number | undefined; parallelism: number; backoffLimit: number; completionMode: 'NonIndexed' | 'Indexed' } {
  const both = s.completions === undefined && s.parallelism === undefined;
  return {
    completions: both ? 1 : s.completions,
    parallelism: both ? 1 : s.parallelism ?? 1,
    // With backoffLimitPerIndex the global limit defaults to MaxInt32 (the per-index one rules).
    backoffLimit: s.backoffLimit ?? (s.backoffLimitPerIndex !== undefined ? 2_147_483_647 : DEFAULT_BACKOFF_LIMIT),
    completionMode: s.completionMode ?? 'NonIndexed',
  };
}

/** API defaulting of a PodSpec (SetDefaults_Pod and friends), for the fields k8sim reads. */
export function defaultPodSpec(spec: PodSpec): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= DEFAULT_TERMINATION_GRACE_SECONDS;
  spec.schedulerName ??= 'default-scheduler';
  for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
    if (!c.imagePullPolicy && c.image) c.imagePullPolicy = defaultPullPolicy(c.image);
  }
}

/** Images tagged :latest or untagged are pulled Always; others IfNotPresent. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon < 0) return 'Always';
  return image.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}
