// Core ("v1") kinds.
import {
  arr, bool, int, intOrString, loose, obj, objectKind, oneOfStrings, quantityMap, ref, str, strList, strMap, type KindSchema,
} from './build.js';

const v1 = 'v1';

export const pod = objectKind({
  apiVersion: v1, kind: 'Pod', namespaced: true, description: 'A pod.',
  fields: { spec: ref('PodSpec') }, required: ['spec'],
});

const servicePort = obj('A port the Service exposes.', {
  name: str('Port name; required when there is more than one port.'),
  protocol: oneOfStrings(['TCP', 'UDP', 'SCTP'], 'Protocol (default TCP).'),
  appProtocol: str('Application protocol.'),
  port: int('Port the Service listens on.', 1, 65535),
  targetPort: intOrString('Container port number or name (default: port).'),
  nodePort: int('Node port for NodePort/LoadBalancer.', 0, 65535),
}, ['port']);

export const service = objectKind({
  apiVersion: v1, kind: 'Service', namespaced: true, description: 'A Service: a stable address over the ready pods it selects.',
  fields: {
    spec: obj('Service spec.', {
      type: oneOfStrings(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'], 'Service type (default ClusterIP).'),
      selector: strMap('Pods with these labels are endpoints; empty or missing selects none.'),
      ports: arr(servicePort, 'Ports.'),
      clusterIP: str('Cluster IP, or "None" for a headless Service.'),
      clusterIPs: strList('Cluster IPs.'),
      externalIPs: loose(),
      externalName: str('DNS name for ExternalName Services.'),
      loadBalancerIP: loose(),
      loadBalancerSourceRanges: loose(),
      loadBalancerClass: loose(),
      sessionAffinity: oneOfStrings(['None', 'ClientIP'], 'Session affinity.'),
      sessionAffinityConfig: loose(),
      externalTrafficPolicy: oneOfStrings(['Cluster', 'Local'], 'External traffic policy.'),
      internalTrafficPolicy: oneOfStrings(['Cluster', 'Local'], 'Internal traffic policy.'),
      healthCheckNodePort: loose(),
      publishNotReadyAddresses: bool('Include not-ready pods in the endpoints.'),
      ipFamilies: loose(),
      ipFamilyPolicy: loose(),
      allocateLoadBalancerNodePorts: loose(),
      trafficDistribution: loose(),
    }),
  },
});

export const namespace = objectKind({
  apiVersion: v1, kind: 'Namespace', namespaced: false, description: 'A namespace.',
  fields: { spec: obj('Namespace spec.', { finalizers: strList('Finalizers.') }) },
});

export const resourceQuota = objectKind({
  apiVersion: v1, kind: 'ResourceQuota', namespaced: true, description: 'Limits aggregate resource use in a namespace.',
  fields: {
    spec: obj('Quota spec.', {
      hard: quantityMap('Hard limits per resource name (requests.cpu, limits.memory, pods, count/deployments.apps...).'),
      scopes: strList('Scopes (Terminating, NotTerminating, BestEffort, NotBestEffort, PriorityClass...).'),
      scopeSelector: obj('Scope selector.', {
        matchExpressions: arr(obj('Scope requirement.', {
          scopeName: str('Scope name.'),
          operator: oneOfStrings(['In', 'NotIn', 'Exists', 'DoesNotExist'], 'Operator.'),
          values: strList('Values.'),
        }, ['scopeName', 'operator']), 'Requirements.'),
      }),
    }),
  },
});

export const limitRange = objectKind({
  apiVersion: v1, kind: 'LimitRange', namespaced: true, description: 'Per-object defaults and bounds in a namespace.',
  fields: {
    spec: obj('LimitRange spec.', {
      limits: arr(obj('A limit.', {
        type: oneOfStrings(['Container', 'Pod', 'PersistentVolumeClaim'], 'What the limit applies to.'),
        default: quantityMap('Default limits.'),
        defaultRequest: quantityMap('Default requests.'),
        min: quantityMap('Minimum.'),
        max: quantityMap('Maximum.'),
        maxLimitRequestRatio: quantityMap('Maximum limit/request ratio.'),
      }, ['type']), 'Limits.'),
    }, ['limits']),
  },
});

const endpointAddress = obj('An endpoint address.', {
  ip: str('IP.'), hostname: str('Hostname.'), nodeName: str('Node.'), targetRef: loose(),
}, ['ip']);
export const endpoints = objectKind({
  apiVersion: v1, kind: 'Endpoints', namespaced: true, description: 'Endpoints of a Service.',
  fields: {
    subsets: arr(obj('A subset.', {
      addresses: arr(endpointAddress, 'Ready addresses.'),
      notReadyAddresses: arr(endpointAddress, 'Not-ready addresses.'),
      ports: arr(obj('A port.', {
        name: str('Name.'), port: int('Port.'), protocol: oneOfStrings(['TCP', 'UDP', 'SCTP'], 'Protocol.'), appProtocol: str('App protocol.'),
      }, ['port']), 'Ports.'),
    }), 'Subsets.'),
  },
});

export const persistentVolumeClaim = objectKind({
  apiVersion: v1, kind: 'PersistentVolumeClaim', namespaced: true, description: 'A claim on storage.',
  fields: {
    spec: obj('PVC spec.', {
      accessModes: strList('Access modes.'),
      selector: ref('LabelSelector'),
      resources: obj('Requested storage.', { requests: quantityMap('Requests.'), limits: quantityMap('Limits.') }),
      volumeName: str('Bound volume.'),
      storageClassName: str('StorageClass.'),
      volumeMode: loose(),
      dataSource: loose(),
      dataSourceRef: loose(),
      volumeAttributesClassName: loose(),
    }),
  },
});

export const configMap = objectKind({
  apiVersion: v1, kind: 'ConfigMap', namespaced: true, description: 'Configuration data (not modelled).',
  fields: { data: loose(), binaryData: loose(), immutable: loose() },
});

export const secret = objectKind({
  apiVersion: v1, kind: 'Secret', namespaced: true, description: 'Secret data (not modelled).',
  fields: { data: loose(), stringData: loose(), type: loose(), immutable: loose() },
});

export const coreV1Kinds: KindSchema[] = [
  pod, service, namespace, resourceQuota, limitRange, endpoints, persistentVolumeClaim, configMap, secret,
];
