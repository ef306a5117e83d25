// k8sim/v1 Cluster: the nodes and the cluster-wide components' settings.
import { arr, duration, int, num, obj, objectKind, oneOfStrings, quantity, quantityMap, ref, str, strList, strMap } from './build.js';
import { K8SIM } from './k8sim-common.js';

const nodePool = obj('A group of identical nodes.', {
  name: { type: 'string', format: 'dns-label', description: 'Pool name; nodes are named <pool>-<i>.' },
  count: int('Number of nodes at start.', 0),
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
  maxCount: int('Cluster autoscaler upper bound.', 0),
  pricePerHour: num('Cost of one node per hour.', 0),
  provisioningTime: ref('Distribution', 'Time from scale-up decision to a Ready node.'),
  reserved: obj('kube-reserved + system-reserved, subtracted from capacity to get allocatable.', {
    cpu: quantity('Reserved CPU.'),
    memory: quantity('Reserved memory.'),
  }),
}, ['name', 'count', 'cpu', 'memory']);

export const cluster = objectKind({
  apiVersion: K8SIM, kind: 'Cluster', namespaced: false, metadataRequired: false,
  description: 'The simulated cluster: node pools and component settings.',
  fields: {
    spec: obj('Cluster spec.', {
      nodePools: arr(nodePool, 'Node pools; at least one.', 1),
      scheduler: obj('kube-scheduler settings.', {
        scoringStrategy: obj('NodeResourcesFit scoring strategy.', {
          type: oneOfStrings(['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio'], 'Strategy (default LeastAllocated).'),
          resources: arr(obj('A weighted resource.', { name: str('Resource name.'), weight: int('Weight.', 1) }, ['name']), 'Resources scored (default cpu:1, memory:1).'),
          requestedToCapacityRatio: obj('Shape for RequestedToCapacityRatio.', {
            shape: arr(obj('A point of the shape.', {
              utilization: int('Utilization percent.', 0, 100),
              score: int('Score 0-10.', 0, 10),
            }, ['utilization', 'score']), 'Points of the piecewise-linear shape.', 1),
          }, ['shape']),
        }),
        percentageOfNodesToScore: int('Percent of feasible nodes to find before scoring (0 = adaptive).', 0, 100),
      }),
      kubelet: obj('Kubelet settings for all nodes.', {
        evictionHard: {
          type: 'object',
          description: 'Hard eviction thresholds: signal (memory.available, nodefs.available...) → quantity or percent.',
          additionalProperties: { type: ['string', 'number'] },
        },
        imagePullTime: ref('Distribution', 'Time to pull an image not yet on the node.'),
        containerStartTime: ref('Distribution', 'Time from start to running for a container.'),
        maxContainerBackOff: duration('Cap of the CrashLoopBackOff delay (default 5m).'),
      }),
      controllers: obj('kube-controller-manager settings.', {
        jobBackoffMax: duration('Cap of the Job controller\'s delay before replacing failed pods (10s doubling; default 10m as upstream; the book and docs say 6m).'),
      }),
      metrics: obj('Metrics pipeline (metrics-server) the HPA reads.', {
        resolution: duration('Scrape period (default 15s, as the upstream manifest sets; the binary default is 60s).'),
        window: duration('Averaging window of each sample (default 15s).'),
      }),
      autoscaler: { type: 'object', description: 'Cluster autoscaler settings (to be specified).', additionalProperties: true },
    }, ['nodePools']),
  },
  required: ['spec'],
});
