// autoscaling/v2 and autoscaling/v1 HorizontalPodAutoscaler.
import { arr, int, obj, objectKind, oneOfStrings, quantity, ref, str, type JsonSchema, type KindSchema } from './build.js';

const scaleTargetRef = obj('The object to scale (a Deployment, StatefulSet, ReplicaSet...).', {
  apiVersion: str('API version of the target.'),
  kind: str('Kind of the target.'),
  name: str('Name of the target.'),
}, ['kind', 'name']);

const target = obj('Target value of a metric.', {
  type: oneOfStrings(['Utilization', 'Value', 'AverageValue'], 'How the target is expressed.'),
  value: quantity('Target total value.'),
  averageValue: quantity('Target value per pod.'),
  averageUtilization: int('Target percent of the pods\' requests.', 1),
}, ['type']);

const metricIdentifier = obj('A metric name and selector.', { name: str('Metric name.'), selector: ref('LabelSelector') }, ['name']);

const metric = obj('One metric the HPA scales on.', {
  type: oneOfStrings(['Resource', 'Pods', 'Object', 'External', 'ContainerResource'], 'Metric source type.'),
  resource: obj('Resource metric (cpu, memory) of the pods.', { name: str('Resource name.'), target }, ['name', 'target']),
  containerResource: obj('Resource metric of one container.', { name: str('Resource name.'), container: str('Container name.'), target }, ['name', 'container', 'target']),
  pods: obj('Per-pod custom metric.', { metric: metricIdentifier, target }, ['metric', 'target']),
  object: obj('Metric of another object.', {
    describedObject: obj('The object.', { apiVersion: str('API version.'), kind: str('Kind.'), name: str('Name.') }, ['kind', 'name']),
    metric: metricIdentifier,
    target,
  }, ['describedObject', 'metric', 'target']),
  external: obj('Metric from outside the cluster.', { metric: metricIdentifier, target }, ['metric', 'target']),
}, ['type']);

const scalingRules = (d: string): JsonSchema => obj(d, {
  stabilizationWindowSeconds: int('Window of past recommendations considered (0-3600).', 0, 3600),
  selectPolicy: oneOfStrings(['Max', 'Min', 'Disabled'], 'Which policy wins (default Max).'),
  policies: arr(obj('A rate limit.', {
    type: oneOfStrings(['Pods', 'Percent'], 'Unit of value.'),
    value: int('Amount per period.', 1),
    periodSeconds: int('Period (1-1800 s).', 1, 1800),
  }, ['type', 'value', 'periodSeconds']), 'Rate limits.'),
  tolerance: quantity('Ratio tolerance for this direction (default 0.1).'),
});

export const hpaV2 = objectKind({
  apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespaced: true, description: 'Scales a workload on metrics.',
  fields: {
    spec: obj('HPA spec.', {
      scaleTargetRef,
      minReplicas: int('Lower bound (default 1).', 0),
      maxReplicas: int('Upper bound.', 1),
      metrics: arr(metric, 'Metrics; the largest proposal wins (default 80% CPU).'),
      behavior: obj('Scaling behaviour.', {
        scaleUp: scalingRules('Rules for scaling up (default: no stabilization, +100% or +4 pods per 15s).'),
        scaleDown: scalingRules('Rules for scaling down (default: 300s stabilization, -100% per 15s).'),
      }),
    }, ['scaleTargetRef', 'maxReplicas']),
  },
  required: ['spec'],
});

export const hpaV1 = objectKind({
  apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', namespaced: true, description: 'Scales a workload on CPU.',
  fields: {
    spec: obj('HPA spec.', {
      scaleTargetRef,
      minReplicas: int('Lower bound (default 1).', 0),
      maxReplicas: int('Upper bound.', 1),
      targetCPUUtilizationPercentage: int('Target average CPU percent of requests.', 1),
    }, ['scaleTargetRef', 'maxReplicas']),
  },
  required: ['spec'],
});

export const autoscalingKinds: KindSchema[] = [hpaV2, hpaV1];
