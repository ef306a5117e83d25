// Service and Endpoints as plain API-shaped data (core/v1), limited to the fields k8sim reads.
// Stored in the object store as GenericObject-compatible objects; these types give them shape.

import type { IntOrString, KObject } from '../types.js';

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
