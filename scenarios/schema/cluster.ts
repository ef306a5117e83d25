// k8sim/v1 Cluster: the nodes and the cluster-wide components' settings.
import { arr, bool, duration, int, int64, num, obj, objectKind, oneOfStrings, quantity, quantityMap, ref, str, strList, strMap, type JsonSchema } from './build.js';
import { K8SIM } from './k8sim-common.js';
import { nodeList } from './trace.js';
import { topologySpreadConstraint } from './pod.js';

const nodePool = obj('A group of identical nodes.', {
  name: { type: 'string', format: 'dns-label', description: 'Pool name; nodes are named <pool>-<i>.' },
  count: int('Number of nodes at start (at most 50,000: ten times Kubernetes\' tested 5,000-node limit).', 0, 50_000),
  cpu: quantity('CPU capacity per node, e.g. 4 or "3500m".'),
  memory: quantity('Memory capacity per node, e.g. "16Gi".'),
  maxPods: { ...int('Maximum pods per node.', 0), default: 110 },
  labels: strMap('Node labels (kubernetes.io/hostname and zone labels are added).'),
  taints: arr(obj('A node taint.', {
    key: str('Taint key.'),
    value: str('Taint value.'),
    effect: oneOfStrings(['NoSchedule', 'PreferNoSchedule', 'NoExecute'], 'Effect.'),
  }, ['key', 'effect']), 'Node taints.'),
  resources: quantityMap('Extended resources per node, e.g. nvidia.com/gpu: 8.'),
  zones: strList('Zones; nodes are spread over them round-robin.'),
  minCount: int('Cluster autoscaler lower bound.', 0),
  maxCount: int('Cluster autoscaler upper bound (at most 50,000).', 0, 50_000),
  pricePerHour: num('Cost of one node per hour.', 0),
  provisioningTime: ref('Distribution', 'Time from scale-up decision to a Ready node (default 60s).'),
  failures: obj('Random node failures: exponential up and down times, per node.', {
    mtbf: duration('Mean time between failures of one node.'),
    mttr: duration('Mean time to repair (NotReady time).'),
  }, ['mtbf', 'mttr']),
  inodes: int64('Inodes of the root filesystem (nodefs.inodesFree); default ephemeral-storage capacity / 16Ki (ext4\'s inode ratio: 6,553,600 for 100Gi).', 0),
  pidMax: int('kernel.pid_max, the capacity pid.available is observed against (default 4194304).', 1),
  imagefs: obj('A dedicated image filesystem for images and writable layers (default none: they are on nodefs).', {
    capacity: quantity('Size, e.g. "200Gi".'),
    inodes: int64('Inodes (default capacity / 16Ki).', 0),
  }, ['capacity']),
  reserved: obj('kube-reserved + system-reserved, subtracted from capacity to get allocatable.', {
    cpu: quantity('Reserved CPU.'),
    memory: quantity('Reserved memory.'),
  }),
}, ['name', 'count', 'cpu', 'memory']);

// Weights, utilizations and scores are plain integers here: their ranges are upstream's
// validation's (scenarios/scheduler-config.ts), with upstream's messages, after its defaulting
// (a weight of 0 means unset, 1).
const resourceSpecs = arr(obj('A weighted resource.', { name: str('Resource name (cpu, memory, ephemeral-storage or an extended resource such as nvidia.com/gpu).'), weight: int('Weight (0 or unset: 1).') }, ['name']), 'Resources.');
const scoringStrategy = obj('NodeResourcesFit scoring strategy.', {
  type: oneOfStrings(['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'], 'Strategy (required when scoringStrategy is given, as upstream; with no scoringStrategy at all: LeastAllocated).'),
  resources: { ...resourceSpecs, description: 'Resources scored, with weights 1..100 (default cpu:1, memory:1).' },
  requestedToCapacityRatio: obj('Shape for RequestedToCapacityRatio (required with that type, refused with the others).', {
    shape: arr(obj('A point of the shape.', {
      utilization: int('Utilization percent, 0..100, strictly increasing.'),
      score: int('Score 0..10.'),
    }, ['utilization', 'score']), 'Points of the piecewise-linear shape (at least one).'),
  }),
});
const pluginConfigEntry: JsonSchema = {
  ...obj('One plugin\'s arguments.', {
    name: oneOfStrings(['NodeResourcesFit', 'NodeResourcesBalancedAllocation', 'PodTopologySpread'], 'The plugin.'),
    args: { type: 'object', description: 'The plugin\'s arguments (NodeResourcesFitArgs, NodeResourcesBalancedAllocationArgs or PodTopologySpreadArgs).' },
  }, ['name']),
  allOf: [
    {
      if: { properties: { name: { const: 'NodeResourcesFit' } }, required: ['name'] },
      then: { properties: { args: obj('NodeResourcesFitArgs.', {
        ignoredResources: strList('Extended resources the Filter does not check (default none).'),
        ignoredResourceGroups: strList('Extended-resource groups (the part before "/") the Filter does not check (default none).'),
        scoringStrategy: { ...scoringStrategy, description: 'Scoring strategy (default LeastAllocated over cpu:1, memory:1).' },
      }) } },
    },
    {
      if: { properties: { name: { const: 'NodeResourcesBalancedAllocation' } }, required: ['name'] },
      then: { properties: { args: obj('NodeResourcesBalancedAllocationArgs.', {
        resources: { ...resourceSpecs, description: 'Resources balanced, each weight 1 (default cpu, memory); extended resources such as nvidia.com/gpu count when the pod requests them.' },
      }) } },
    },
    {
      if: { properties: { name: { const: 'PodTopologySpread' } }, required: ['name'] },
      then: { properties: { args: obj('PodTopologySpreadArgs (docs/spreading-and-preemption.md).', {
        defaultingType: oneOfStrings(['System', 'List'], 'Constraints for pods without their own: System (default) = hostname maxSkew 3 and zone maxSkew 5, ScheduleAnyway; List = defaultConstraints.'),
        defaultConstraints: arr(topologySpreadConstraint, 'Default constraints (defaultingType List), without labelSelector: it is built per pod from its Services, ReplicationControllers, ReplicaSets and StatefulSets.'),
      }) } },
    },
  ],
};

export const cluster = objectKind({
  apiVersion: K8SIM, kind: 'Cluster', namespaced: false, metadataRequired: false,
  description: 'The simulated cluster: node pools and component settings.',
  fields: {
    spec: obj('Cluster spec.', {
      nodePools: arr(nodePool, 'Node pools; at least one, unless nodeLists or Node documents (a node list from kubectl get nodes -o yaml) give the nodes.'),
      nodeLists: arr(nodeList, 'Nodes read from files, one per row, names kept (docs/traces.md).'),
      scheduler: obj('kube-scheduler settings.', {
        scoringStrategy: { ...scoringStrategy, description: 'Shorthand for pluginConfig NodeResourcesFit args.scoringStrategy (docs/scheduling.md).' },
        pluginConfig: arr(pluginConfigEntry, 'Plugin arguments, as a KubeSchedulerConfiguration profile\'s pluginConfig: NodeResourcesFit and NodeResourcesBalancedAllocation (docs/scheduling.md).'),
        percentageOfNodesToScore: int('Percent of feasible nodes to find before scoring (0 = adaptive).', 0, 100),
        cycleCost: ref('Distribution', 'CPU time of one scheduling cycle; cycles run one at a time, so bursts queue (default 0: instant; upstream scheduler_perf: ≥680 pods/s at 5,000 nodes, about 1.5ms; docs/traces.md).'),
        bindLatency: ref('Distribution', 'From the end of a cycle to the binding being stored and seen (default 0).'),
      }),
      kubelet: obj('Kubelet settings for all nodes.', {
        evictionHard: {
          type: 'object',
          description: 'Hard eviction thresholds: signal (memory.available, nodefs.available...) → quantity or percent. memory.available also comes off node allocatable memory (nodefs.available off ephemeral-storage, where a pool declares it).',
          additionalProperties: { type: ['string', 'number'] },
        },
        evictionSoft: {
          type: 'object',
          description: 'Soft eviction thresholds: signal → quantity or percent; each needs an evictionSoftGracePeriod (default none).',
          additionalProperties: { type: ['string', 'number'] },
        },
        evictionSoftGracePeriod: {
          type: 'object',
          description: 'How long a soft threshold must be met before pods are evicted: signal → duration.',
          additionalProperties: duration('Grace period.'),
        },
        evictionMinimumReclaim: {
          type: 'object',
          description: 'Once a threshold is met, keep evicting until this much more than the threshold is available: signal → quantity or percent (default none).',
          additionalProperties: { type: ['string', 'number'] },
        },
        evictionMaxPodGracePeriod: int('Grace period (seconds) of a pod evicted for a soft threshold (default 0; hard thresholds use 1).', 0),
        evictionPressureTransitionPeriod: duration('How long a pressure condition stays after its threshold was last met (default 5m).'),
        experimentalAllocatableIgnoreEviction: bool('The kubelet flag --experimental-allocatable-ignore-eviction: node allocatable keeps the hard eviction thresholds in (default false: allocatable = capacity − reserved − threshold).'),
        imagePullTime: ref('Distribution', 'Time to pull an image not yet on the node.'),
        containerStartTime: ref('Distribution', 'Time from start to running for a container.'),
        maxContainerBackOff: duration('Cap of the CrashLoopBackOff delay (default 5m).'),
      }),
      registry: obj('The image registry the nodes pull from (default: every image exists).', {
        missingImages: strList('Image references the registry does not have: their pulls fail with ErrImagePull, then ImagePullBackOff ("nginx" means "docker.io/library/nginx:latest").'),
      }),
      controllers: obj('kube-controller-manager settings.', {
        jobBackoffMax: duration('Cap of the Job controller\'s delay before replacing failed pods (10s doubling; default 10m as upstream; the book and docs say 6m).'),
      }),
      featureGates: {
        type: 'object',
        description: 'Feature gates (--feature-gates) of the behaviour k8sim models: PodDeletionCost, LogarithmicScaleDown (GA, locked on), DeploymentReplicaSetTerminatingReplicas; defaults are Kubernetes 1.33\'s (docs/scenario-kinds.md).',
        additionalProperties: { type: 'boolean' },
      },
      metrics: obj('Metrics pipeline (metrics-server) the HPA reads.', {
        resolution: duration('Scrape period (default 15s, as the upstream manifest sets; the binary default is 60s).'),
        window: duration('Averaging window of each sample (default 15s).'),
      }),
      autoscaler: obj('Cluster autoscaler (cluster-autoscaler flags; docs/autoscaler.md). Pools with maxCount are its node groups.', {
        enabled: bool('Run the cluster autoscaler (default true when this section is present).'),
        expander: {
          anyOf: [
            oneOfStrings(['random', 'most-pods', 'least-waste', 'priority'], 'One expander.'),
            arr(oneOfStrings(['random', 'most-pods', 'least-waste', 'priority'], 'An expander.'), 'Expanders applied in order.', 1),
          ],
          description: '--expander (default random).',
        },
        scanInterval: duration('--scan-interval (default 10s).'),
        scaleDownEnabled: bool('--scale-down-enabled (default true).'),
        scaleDownUtilizationThreshold: num('--scale-down-utilization-threshold (default 0.5).', 0, 1),
        scaleDownUnneededTime: duration('--scale-down-unneeded-time (default 10m).'),
        scaleDownDelayAfterAdd: duration('--scale-down-delay-after-add (default 10m).'),
        scaleDownDelayAfterDelete: duration('--scale-down-delay-after-delete (default: scanInterval).'),
        scaleDownDelayAfterFailure: duration('--scale-down-delay-after-failure (default 3m).'),
        maxNodeProvisionTime: duration('--max-node-provision-time (default 15m).'),
        maxNodesTotal: int('--max-nodes-total (default 0 = no limit).', 0),
        maxEmptyBulkDelete: int('--max-empty-bulk-delete (default 10).', 1),
        newPodScaleUpDelay: duration('--new-pod-scale-up-delay (default 0s).'),
        expendablePodsPriorityCutoff: int('--expendable-pods-priority-cutoff (default -10).'),
        skipNodesWithSystemPods: bool('--skip-nodes-with-system-pods (default true).'),
        skipNodesWithLocalStorage: bool('--skip-nodes-with-local-storage (default true).'),
        priorities: {
          type: 'object',
          description: 'Priority expander ConfigMap: priority (integer) → node-group name regexes; the highest matching priority wins.',
          propertyNames: { pattern: '^-?[0-9]+$' },
          additionalProperties: strList('Node-group name regexes.'),
        },
        balanceSimilarNodeGroups: bool('--balance-similar-node-groups: not modelled; only false is accepted.'),
      }),
    }),
  },
  required: ['spec'],
});
