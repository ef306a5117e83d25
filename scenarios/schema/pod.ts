// PodSpec and everything inside it. Fields k8sim models (resources, probes' timing, scheduling
// constraints) are typed precisely; real fields it does not model are accepted loosely.
import {
  arr, int, int64, intOrString, loose, obj, oneOfStrings, quantityMap, ref, str, strList, strMap, type JsonSchema, type Props,
} from './build.js';

const resourceRequirements = obj('Compute resources: requests drive scheduling, limits drive throttling and OOM kills.', {
  requests: quantityMap('Minimum resources (resource name → quantity), e.g. cpu: 250m, memory: 64Mi.'),
  limits: quantityMap('Maximum resources (resource name → quantity).'),
  claims: loose('Dynamic resource claims; not modelled.'),
});

const probeHandler: Props = {
  exec: loose('Command probe.'),
  httpGet: obj('HTTP GET probe.', {
    path: str('Path.'), port: intOrString('Port number or name.'), host: str('Host.'),
    scheme: oneOfStrings(['HTTP', 'HTTPS'], 'Scheme.'), httpHeaders: loose(),
  }, ['port']),
  tcpSocket: obj('TCP probe.', { port: intOrString('Port number or name.'), host: str('Host.') }, ['port']),
  grpc: obj('gRPC probe.', { port: int('Port.'), service: str('Service name.') }, ['port']),
};

const probe = obj('Container probe; the timing fields drive the simulated kubelet.', {
  ...probeHandler,
  initialDelaySeconds: int('Seconds after start before the first probe.', 0),
  periodSeconds: int('Seconds between probes (default 10).', 1),
  timeoutSeconds: int('Probe timeout in seconds (default 1).', 1),
  successThreshold: int('Consecutive successes to become healthy (default 1).', 1),
  failureThreshold: int('Consecutive failures to become unhealthy (default 3).', 1),
  terminationGracePeriodSeconds: int64('Grace period on liveness failure.', 0),
});

const containerFields: Props = {
  name: { type: 'string', format: 'dns-label', description: 'Container name (DNS label), unique in the pod.' },
  image: str('Container image; image pulls are simulated per node.'),
  imagePullPolicy: oneOfStrings(['Always', 'IfNotPresent', 'Never'], 'When to pull the image.'),
  command: strList('Entrypoint.'),
  args: strList('Arguments.'),
  workingDir: str('Working directory.'),
  ports: loose('Container ports.'),
  env: loose('Environment variables.'),
  envFrom: loose('Environment from ConfigMaps/Secrets.'),
  resources: resourceRequirements,
  resizePolicy: loose('In-place resize policy.'),
  restartPolicy: oneOfStrings(['Always'], 'Only for init containers: "Always" makes a sidecar.'),
  restartPolicyRules: loose('Per-container restart rules.'),
  volumeMounts: loose('Volume mounts.'),
  volumeDevices: loose('Block devices.'),
  livenessProbe: probe,
  readinessProbe: probe,
  startupProbe: probe,
  lifecycle: loose('postStart/preStop hooks.'),
  terminationMessagePath: loose(),
  terminationMessagePolicy: loose(),
  securityContext: loose('Container security context.'),
  stdin: loose(),
  stdinOnce: loose(),
  tty: loose(),
};

export const Container = obj('A container in a pod.', containerFields, ['name', 'image']);
export const EphemeralContainer = obj('A debugging container.', { ...containerFields, targetContainerName: str('Container to target.') }, ['name']);

const nodeSelectorRequirement = obj('Node selector requirement.', {
  key: str('Label key (or metadata.name in matchFields).'),
  operator: oneOfStrings(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'], 'Operator.'),
  values: strList('Values; one integer for Gt/Lt.'),
}, ['key', 'operator']);

export const NodeSelectorTerm = obj('Requirements ANDed; terms are ORed.', {
  matchExpressions: arr(nodeSelectorRequirement, 'Requirements on node labels.'),
  matchFields: arr(nodeSelectorRequirement, 'Requirements on node fields (metadata.name).'),
});

const podAffinityTerm = obj('Pods this pod should (not) run near.', {
  labelSelector: ref('LabelSelector'),
  namespaceSelector: ref('LabelSelector'),
  namespaces: strList('Namespaces of the selected pods; default the pod\'s own.'),
  topologyKey: str('Node label defining the topology domain, e.g. kubernetes.io/hostname.'),
  matchLabelKeys: strList('Label keys whose values are copied into the selector.'),
  mismatchLabelKeys: strList('Label keys whose values must differ.'),
}, ['topologyKey']);

const weightedPodAffinityTerm = obj('A weighted preference.', {
  weight: int('Weight 1-100.', 1, 100),
  podAffinityTerm,
}, ['weight', 'podAffinityTerm']);

const podAffinity = (d: string): JsonSchema => obj(d, {
  requiredDuringSchedulingIgnoredDuringExecution: arr(podAffinityTerm, 'Hard requirements.'),
  preferredDuringSchedulingIgnoredDuringExecution: arr(weightedPodAffinityTerm, 'Soft preferences.'),
});

export const Affinity = obj('Scheduling affinity.', {
  nodeAffinity: obj('Node affinity.', {
    requiredDuringSchedulingIgnoredDuringExecution: obj('Hard requirement.', {
      nodeSelectorTerms: arr(ref('NodeSelectorTerm'), 'Terms, ORed.'),
    }, ['nodeSelectorTerms']),
    preferredDuringSchedulingIgnoredDuringExecution: arr(obj('A weighted preference.', {
      weight: int('Weight 1-100.', 1, 100),
      preference: ref('NodeSelectorTerm'),
    }, ['weight', 'preference']), 'Soft preferences.'),
  }),
  podAffinity: podAffinity('Co-locate with matching pods.'),
  podAntiAffinity: podAffinity('Keep away from matching pods.'),
});

export const Toleration = obj('Allows scheduling onto nodes with matching taints.', {
  key: str('Taint key; empty with Exists matches all taints.'),
  operator: oneOfStrings(['Exists', 'Equal'], 'Default Equal.'),
  value: str('Taint value for Equal.'),
  effect: oneOfStrings(['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute'], 'Effect to match; empty matches all.'),
  tolerationSeconds: int64('For NoExecute: how long the pod stays bound after the taint appears.'),
});

export const topologySpreadConstraint = obj('Spread matching pods across topology domains.', {
  maxSkew: int('Maximum difference in matching pods between domains.', 1),
  topologyKey: str('Node label that defines domains.'),
  whenUnsatisfiable: oneOfStrings(['DoNotSchedule', 'ScheduleAnyway'], 'Hard or soft constraint.'),
  labelSelector: ref('LabelSelector'),
  minDomains: int('Minimum number of eligible domains.', 1),
  nodeAffinityPolicy: oneOfStrings(['Honor', 'Ignore'], 'Whether nodeAffinity/nodeSelector limit the domains.'),
  nodeTaintsPolicy: oneOfStrings(['Honor', 'Ignore'], 'Whether taints limit the domains.'),
  matchLabelKeys: strList('Label keys whose values are added to the selector.'),
}, ['maxSkew', 'topologyKey', 'whenUnsatisfiable']);

const volume = {
  type: 'object',
  description: 'A volume; only the name is checked (volume sources are not modelled).',
  properties: { name: str('Volume name.') },
  required: ['name'],
  additionalProperties: true,
};

export const PodSpec = obj('Pod specification.', {
  containers: arr(ref('Container'), 'Containers; at least one.', 1),
  initContainers: arr(ref('Container'), 'Init containers, run in order before the containers (restartPolicy Always = sidecar).'),
  ephemeralContainers: arr(ref('EphemeralContainer'), 'Ephemeral debugging containers.'),
  volumes: arr(volume, 'Volumes.'),
  restartPolicy: oneOfStrings(['Always', 'OnFailure', 'Never'], 'Container restart policy (default Always).'),
  terminationGracePeriodSeconds: int64('Seconds between SIGTERM and SIGKILL (default 30).', 0),
  activeDeadlineSeconds: int64('Seconds the pod may be active before it is failed.', 1),
  dnsPolicy: loose(),
  nodeSelector: strMap('Node labels the node must have.'),
  serviceAccountName: str('Service account.'),
  serviceAccount: str('Deprecated alias of serviceAccountName.'),
  automountServiceAccountToken: loose(),
  nodeName: str('Bind directly to this node, bypassing the scheduler.'),
  hostNetwork: loose(),
  hostPID: loose(),
  hostIPC: loose(),
  shareProcessNamespace: loose(),
  securityContext: loose('Pod security context.'),
  imagePullSecrets: loose(),
  hostname: str('Hostname.'),
  subdomain: str('Subdomain (with a headless Service).'),
  affinity: ref('Affinity'),
  schedulerName: str('Scheduler that schedules this pod (default "default-scheduler").'),
  tolerations: arr(ref('Toleration'), 'Tolerations.'),
  hostAliases: loose(),
  priorityClassName: str('PriorityClass name.'),
  priority: int('Priority value (normally filled in from priorityClassName).'),
  dnsConfig: loose(),
  readinessGates: loose(),
  runtimeClassName: str('RuntimeClass.'),
  enableServiceLinks: loose(),
  preemptionPolicy: oneOfStrings(['PreemptLowerPriority', 'Never'], 'Whether this pod may preempt others.'),
  overhead: quantityMap('Pod overhead added to requests.'),
  topologySpreadConstraints: arr(topologySpreadConstraint, 'Topology spread constraints.'),
  setHostnameAsFQDN: loose(),
  os: loose(),
  hostUsers: loose(),
  hostnameOverride: loose(),
  schedulingGates: arr(obj('A gate that holds the pod from scheduling.', { name: str('Gate name.') }, ['name']), 'Scheduling gates; the pod stays pending while any remain.'),
  resourceClaims: loose(),
  resources: resourceRequirements,
}, ['containers']);

export const PodTemplateSpec = obj('Template for the pods a controller creates.', {
  metadata: ref('ObjectMeta'),
  spec: ref('PodSpec'),
});

export const podDefinitions: Record<string, JsonSchema> = {
  PodSpec, PodTemplateSpec, Container, EphemeralContainer, Affinity, Toleration, NodeSelectorTerm,
};
