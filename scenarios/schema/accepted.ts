// Kinds a real cluster accepts that do not change what k8sim computes: RBAC, networking
// policy, webhooks, API registration, CRDs… They are accepted, validated as far as their schema
// goes here (metadata in full, the top-level fields by name, so a typo is still "unknown
// field"), stored, addressable from the timeline, and listed once in the run summary as
// "accepted, not simulated". Custom resources (objects of an API group Kubernetes does not
// serve itself, such as monitoring.coreos.com/v1 ServiceMonitor) get `customResource`: metadata
// checked, the rest taken as written, since their schema lives in a CRD.
import { loose, objectKind, ref, str, type KindSchema, type Props } from './build.js';

interface AcceptedKind {
  apiVersion: string;
  kind: string;
  namespaced: boolean;
  /** Top-level fields besides apiVersion, kind, metadata and status. */
  fields: string[];
  /** Names are path segments, not DNS subdomains (the RBAC kinds). */
  pathSegmentNames?: true;
}

// From `kubectl api-resources` of a v1.31 cluster: the kinds a user writes in a manifest that
// the simulator has no model for. Versions are the ones such a server serves.
const ACCEPTED: AcceptedKind[] = [
  { apiVersion: 'v1', kind: 'ServiceAccount', namespaced: true, fields: ['secrets', 'imagePullSecrets', 'automountServiceAccountToken'] },
  { apiVersion: 'v1', kind: 'PersistentVolume', namespaced: false, fields: ['spec'] },
  { apiVersion: 'v1', kind: 'PodTemplate', namespaced: true, fields: ['template'] },
  {
    apiVersion: 'v1', kind: 'Event', namespaced: true,
    fields: ['involvedObject', 'reason', 'message', 'source', 'firstTimestamp', 'lastTimestamp', 'count', 'type', 'eventTime', 'series', 'action', 'related', 'reportingComponent', 'reportingInstance'],
  },
  { apiVersion: 'apps/v1', kind: 'ControllerRevision', namespaced: true, fields: ['data', 'revision'] },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', namespaced: true, pathSegmentNames: true, fields: ['rules'] },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', namespaced: false, pathSegmentNames: true, fields: ['rules', 'aggregationRule'] },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', namespaced: true, pathSegmentNames: true, fields: ['subjects', 'roleRef'] },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', namespaced: false, pathSegmentNames: true, fields: ['subjects', 'roleRef'] },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespaced: true, fields: ['spec'] },
  { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', namespaced: false, fields: ['spec'] },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', namespaced: true, fields: ['spec'] },
  { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', namespaced: true, fields: ['addressType', 'endpoints', 'ports'] },
  { apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', namespaced: false, fields: ['spec'] },
  { apiVersion: 'storage.k8s.io/v1', kind: 'CSINode', namespaced: false, fields: ['spec'] },
  { apiVersion: 'storage.k8s.io/v1', kind: 'VolumeAttachment', namespaced: false, fields: ['spec'] },
  { apiVersion: 'storage.k8s.io/v1', kind: 'CSIStorageCapacity', namespaced: true, fields: ['nodeTopology', 'storageClassName', 'capacity', 'maximumVolumeSize'] },
  { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', namespaced: true, fields: ['spec'] },
  { apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', namespaced: false, fields: ['handler', 'overhead', 'scheduling'] },
  { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', namespaced: false, fields: ['webhooks'] },
  { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', namespaced: false, fields: ['webhooks'] },
  { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', namespaced: false, fields: ['spec'] },
  { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', namespaced: false, fields: ['spec'] },
  { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', namespaced: false, fields: ['spec'] },
  { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', namespaced: false, fields: ['spec'] },
  { apiVersion: 'certificates.k8s.io/v1', kind: 'CertificateSigningRequest', namespaced: false, fields: ['spec'] },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'FlowSchema', namespaced: false, fields: ['spec'] },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'PriorityLevelConfiguration', namespaced: false, fields: ['spec'] },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', namespaced: false, fields: ['spec'] },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'PriorityLevelConfiguration', namespaced: false, fields: ['spec'] },
  {
    apiVersion: 'events.k8s.io/v1', kind: 'Event', namespaced: true,
    fields: ['eventTime', 'series', 'reportingController', 'reportingInstance', 'action', 'reason', 'regarding', 'related', 'note', 'type', 'deprecatedSource', 'deprecatedFirstTimestamp', 'deprecatedLastTimestamp', 'deprecatedCount'],
  },
];

function acceptedKind(a: AcceptedKind): KindSchema {
  const fields: Props = {};
  for (const f of a.fields) fields[f] = loose('Accepted and stored; not simulated.');
  const k = objectKind({
    apiVersion: a.apiVersion, kind: a.kind, namespaced: a.namespaced,
    description: `${a.kind}: accepted and stored, not simulated.`, fields,
  });
  if (a.pathSegmentNames) (k.schema.properties as Props).metadata = ref('PathSegmentObjectMeta');
  return k;
}

export const acceptedKinds: KindSchema[] = ACCEPTED.map(acceptedKind);

/**
 * "apiVersion/kind" of every kind that is accepted but not simulated (custom resources aside).
 * ConfigMap and Secret are not among them: the kubelet reads them (a missing one referenced by a
 * pod is CreateContainerConfigError).
 */
export const NOT_SIMULATED: ReadonlySet<string> = new Set(ACCEPTED.map((a) => `${a.apiVersion}/${a.kind}`));

/** Kind names of the accepted cluster-scoped kinds (models/api/policy/defaults.ts keeps them out of namespaces). */
export const ACCEPTED_CLUSTER_SCOPED: readonly string[] = ACCEPTED.filter((a) => !a.namespaced).map((a) => a.kind);

/**
 * A custom resource: any object of an API group Kubernetes does not serve itself. Its apiVersion
 * and kind are whatever was written; metadata is checked as for every object; the rest is the
 * CRD's business.
 */
export const customResource: KindSchema = {
  apiVersion: 'custom',
  kind: 'Resource',
  namespaced: true,
  schema: {
    type: 'object',
    description: 'An object of an API group k8sim does not know (a custom resource): accepted and stored, not simulated.',
    properties: {
      apiVersion: str('GROUP/VERSION of the custom resource.'),
      kind: str('Kind of the custom resource.'),
      metadata: ref('ObjectMeta'),
    },
    required: ['apiVersion', 'kind', 'metadata'],
    additionalProperties: true,
  },
};

/**
 * API groups that Kubernetes serves itself (`kubectl api-versions` of a v1.31 cluster): in these
 * an unknown kind or version is an error, as the API server refuses it ("no matches for kind").
 * Any other group with a dot in its name is taken as a CRD's group; a group without a dot cannot
 * be one (the API server refuses such a CRD), so it is an error too.
 */
export const BUILT_IN_GROUPS: ReadonlySet<string> = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'extensions',
  'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'authentication.k8s.io',
  'authorization.k8s.io', 'certificates.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'events.k8s.io',
  'flowcontrol.apiserver.k8s.io', 'internal.apiserver.k8s.io', 'networking.k8s.io', 'node.k8s.io',
  'rbac.authorization.k8s.io', 'resource.k8s.io', 'scheduling.k8s.io', 'storage.k8s.io', 'storagemigration.k8s.io',
]);

/** Group of an apiVersion: "" for the core group ("v1"). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Whether an apiVersion names a custom resource's group (not built in, a dotted domain, with a version). */
export function isCustomGroup(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  if (slash <= 0 || slash === apiVersion.length - 1) return false;
  const group = apiVersion.slice(0, slash);
  return group.includes('.') && !BUILT_IN_GROUPS.has(group) && group !== 'k8sim';
}
