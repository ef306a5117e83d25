// Kubernetes API object shapes, as plain data (metadata/spec/status), limited to the
// fields k8sim models. Quantities inside specs are kept as the user wrote them
// (string | number); the simulator converts them once, when an object enters the store,
// into the `Resources` numbers below so hot paths never re-parse strings.

export type Quantity = string | number;
export type IntOrString = number | string;

/** Resources as numbers: cpu in millicores, memory/storage in bytes, others as plain counts. */
export type ResourceList = Record<string, number>;

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  /** Virtual ms at which the object entered the store. */
  creationTimestamp?: number;
  /** Virtual ms at which graceful deletion began. */
  deletionTimestamp?: number;
  deletionGracePeriodSeconds?: number;
  generation?: number;
  resourceVersion?: number;
  finalizers?: string[];
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface ResourceRequirements {
  requests?: Record<string, Quantity>;
  limits?: Record<string, Quantity>;
}

export interface Probe {
  initialDelaySeconds?: number;
  periodSeconds?: number;
  timeoutSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  [handler: string]: unknown;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface EnvVar {
  name: string;
  value?: string;
  [k: string]: unknown;
}

export interface Container {
  name: string;
  image?: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: ContainerPort[];
  resources?: ResourceRequirements;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  /** Init containers only: "Always" makes it a sidecar. */
  restartPolicy?: 'Always';
  [unmodelled: string]: unknown;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /** Virtual ms the taint was added (NoExecute toleration countdown). */
  timeAdded?: number;
}

export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

export interface PreferredSchedulingTerm {
  weight: number;
  preference: NodeSelectorTerm;
}

export interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] };
  preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[];
}

export interface PodAffinityTerm {
  labelSelector?: LabelSelector;
  namespaces?: string[];
  namespaceSelector?: LabelSelector;
  topologyKey: string;
  /** The pod's values of these keys are added to labelSelector as `key In (value)`. */
  matchLabelKeys?: string[];
  /** The pod's values of these keys are added to labelSelector as `key NotIn (value)`. */
  mismatchLabelKeys?: string[];
}

export interface WeightedPodAffinityTerm {
  weight: number;
  podAffinityTerm: PodAffinityTerm;
}

export interface PodAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
}

export interface Affinity {
  nodeAffinity?: NodeAffinity;
  podAffinity?: PodAffinity;
  podAntiAffinity?: PodAffinity;
}

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  labelSelector?: LabelSelector;
  minDomains?: number;
  /** Whether the pod's nodeSelector/required node affinity limit the domains counted (default Honor). */
  nodeAffinityPolicy?: 'Honor' | 'Ignore';
  /** Whether nodes with untolerated NoSchedule/NoExecute taints are left out (default Ignore). */
  nodeTaintsPolicy?: 'Honor' | 'Ignore';
  matchLabelKeys?: string[];
}

export interface Volume {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
  emptyDir?: { medium?: string; sizeLimit?: Quantity };
  hostPath?: { path: string; type?: string };
  [source: string]: unknown;
}

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  restartPolicy?: RestartPolicy;
  terminationGracePeriodSeconds?: number;
  activeDeadlineSeconds?: number;
  nodeSelector?: Record<string, string>;
  nodeName?: string;
  affinity?: Affinity;
  tolerations?: Toleration[];
  topologySpreadConstraints?: TopologySpreadConstraint[];
  priorityClassName?: string;
  priority?: number;
  preemptionPolicy?: 'PreemptLowerPriority' | 'Never';
  schedulerName?: string;
  hostname?: string;
  subdomain?: string;
  volumes?: Volume[];
  overhead?: Record<string, Quantity>;
  [unmodelled: string]: unknown;
}

export interface PodTemplateSpec {
  metadata?: Partial<ObjectMeta>;
  spec: PodSpec;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface PodCondition {
  type: 'PodScheduled' | 'Initialized' | 'ContainersReady' | 'Ready' | 'DisruptionTarget' | 'PodReadyToStartContainers';
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime: number;
}

export interface ContainerStateWaiting { reason: string; message?: string }
export interface ContainerStateRunning { startedAt: number }
export interface ContainerStateTerminated {
  exitCode: number;
  reason: string;
  message?: string;
  startedAt?: number;
  finishedAt: number;
}

export interface ContainerState {
  waiting?: ContainerStateWaiting;
  running?: ContainerStateRunning;
  terminated?: ContainerStateTerminated;
}

export interface ContainerStatus {
  name: string;
  image?: string;
  ready: boolean;
  started: boolean;
  restartCount: number;
  state: ContainerState;
  lastState: ContainerState;
}

export interface PodStatus {
  phase: PodPhase;
  conditions: PodCondition[];
  containerStatuses: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
  startTime?: number;
  nominatedNodeName?: string;
  reason?: string;
  message?: string;
  qosClass?: 'Guaranteed' | 'Burstable' | 'BestEffort';
  hostIP?: string;
  podIP?: string;
}

export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
}

export interface Pod extends KObject {
  kind: 'Pod';
  spec: PodSpec;
  status: PodStatus;
}

export interface NodeCondition {
  type: 'Ready' | 'MemoryPressure' | 'DiskPressure' | 'PIDPressure' | 'NetworkUnavailable';
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  lastTransitionTime: number;
}

export interface NodeSpec {
  unschedulable?: boolean;
  taints?: Taint[];
  providerID?: string;
}

export interface NodeStatus {
  capacity: ResourceList;
  allocatable: ResourceList;
  conditions: NodeCondition[];
}

export interface Node extends KObject {
  kind: 'Node';
  spec: NodeSpec;
  status: NodeStatus;
}

export interface RollingUpdateDeployment {
  maxSurge?: IntOrString;
  maxUnavailable?: IntOrString;
}

export interface DeploymentStrategy {
  type?: 'RollingUpdate' | 'Recreate';
  rollingUpdate?: RollingUpdateDeployment;
}

export interface DeploymentSpec {
  replicas?: number;
  selector: LabelSelector;
  template: PodTemplateSpec;
  strategy?: DeploymentStrategy;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  paused?: boolean;
}

export interface DeploymentCondition {
  type: 'Available' | 'Progressing' | 'ReplicaFailure';
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastUpdateTime: number;
  lastTransitionTime: number;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
  /** Pods of its ReplicaSets being deleted (set only with DeploymentReplicaSetTerminatingReplicas). */
  terminatingReplicas?: number;
  conditions: DeploymentCondition[];
  collisionCount?: number;
}

export interface Deployment extends KObject {
  kind: 'Deployment';
  spec: DeploymentSpec;
  status: DeploymentStatus;
}

export interface ReplicaSetSpec {
  replicas?: number;
  selector: LabelSelector;
  template: PodTemplateSpec;
  minReadySeconds?: number;
}

export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  /** Its pods being deleted, not yet terminal (set only with DeploymentReplicaSetTerminatingReplicas). */
  terminatingReplicas?: number;
  observedGeneration?: number;
}

export interface ReplicaSet extends KObject {
  kind: 'ReplicaSet';
  spec: ReplicaSetSpec;
  status: ReplicaSetStatus;
}

/**
 * core/v1 ReplicationController: the ReplicaSet's predecessor, with an equality-based selector
 * (a plain label map; API defaulting fills it, and the object's labels, from the template's).
 */
export interface ReplicationControllerSpec {
  replicas?: number;
  selector?: Record<string, string>;
  template: PodTemplateSpec;
  minReadySeconds?: number;
}

export interface ReplicationController extends KObject {
  kind: 'ReplicationController';
  spec: ReplicationControllerSpec;
  status: ReplicaSetStatus;
}

/** Anything else the store holds (Services, Jobs, HPAs…) until a model types it. */
export interface GenericObject extends KObject {
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [field: string]: unknown;
}

/** Kubernetes-style event, as `kubectl get events` shows it. */
export interface KEvent {
  time: number;
  namespace: string;
  kind: string;
  name: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  source: string;
}

/** One container's resources as numbers (cpu millicores, memory bytes, others plain). */
export interface ContainerResources {
  name: string;
  requests: ResourceList;
  limits: ResourceList;
}

/**
 * A pod's resources, converted once from its spec. `requests` is the effective pod request
 * as kube-scheduler computes it: max(Σ regular containers (+ sidecars), max over init
 * containers) + overhead. `nonZero` is the scoring request, with 100m CPU / 200Mi memory
 * substituted for containers that request none.
 */
export interface PodResources {
  containers: ContainerResources[];
  initContainers: ContainerResources[];
  requests: ResourceList;
  limits: ResourceList;
  nonZero: { cpu: number; memory: number };
  /**
   * `spec.resources` (PodLevelResources) as numbers, requests defaulted, with the containers'
   * own effective requests (AggregateContainerRequests); absent when not set.
   */
  podLevel?: { requests: ResourceList; limits: ResourceList; containerRequests: ResourceList };
}

// API shapes of the workload kinds issue 5 models (StatefulSet, DaemonSet, Job) and of the
// storage objects a StatefulSet's volumeClaimTemplates produce (PersistentVolumeClaim,
// PersistentVolume, StorageClass).


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
  backoffLimitPerIndex?: number;
  maxFailedIndexes?: number;
  successPolicy?: { rules: Array<{ succeededIndexes?: string; succeededCount?: number }> };
  podFailurePolicy?: {
    rules: Array<{
      action: 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';
      onExitCodes?: { containerName?: string; operator: 'In' | 'NotIn'; values: number[] };
      onPodConditions?: Array<{ type: string; status?: string }>;
    }>;
  };
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
  /** With backoffLimitPerIndex: the indexes that failed ("1,3-4"). */
  failedIndexes?: string;
  conditions: JobCondition[];
}

export interface Job extends KObject {
  kind: 'Job';
  spec: JobSpec;
  status: JobStatus;
}

export interface CronJobSpec {
  schedule: string;
  timeZone?: string;
  startingDeadlineSeconds?: number;
  concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  suspend?: boolean;
  jobTemplate: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: JobSpec };
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
}

/** A Job the CronJob runs (corev1.ObjectReference). */
export interface JobReference {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  uid: string;
}

export interface CronJobStatus {
  active?: JobReference[];
  /** Virtual ms of the last scheduled time a Job was created for. */
  lastScheduleTime?: number;
  /** Virtual ms of the latest completionTime of a Job that succeeded. */
  lastSuccessfulTime?: number;
}

export interface CronJob extends KObject {
  kind: 'CronJob';
  spec: CronJobSpec;
  status: CronJobStatus;
}

// Service and Endpoints as plain API-shaped data (core/v1), limited to the fields k8sim reads.
// Stored in the object store as GenericObject-compatible objects; these types give them shape.


export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export interface ServicePort {
  name?: string;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
  port: number;
  targetPort?: IntOrString;
  nodePort?: number;
}

export interface ServiceSpec {
  type?: ServiceType;
  selector?: Record<string, string>;
  ports?: ServicePort[];
  clusterIP?: string;
  externalName?: string;
  publishNotReadyAddresses?: boolean;
  [unmodelled: string]: unknown;
}

export interface Service extends KObject {
  kind: 'Service';
  spec: ServiceSpec;
  status?: Record<string, unknown>;
}

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: string; name: string; namespace?: string; uid?: string };
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

export interface Endpoints extends KObject {
  kind: 'Endpoints';
  subsets?: EndpointSubset[];
}

/** spec.clusterIP "None": DNS returns the pod addresses, no virtual IP, no proxying. */
export function isHeadless(svc: Service): boolean {
  return svc.spec.clusterIP === 'None';
}

export function serviceType(svc: Service): ServiceType {
  return svc.spec.type ?? 'ClusterIP';
}

/** Services the endpoints controller maintains: a non-empty selector and not ExternalName. */
export function hasSelector(svc: Service): boolean {
  return serviceType(svc) !== 'ExternalName' && svc.spec.selector !== undefined && Object.keys(svc.spec.selector).length > 0;
}
