// Shared metadata pieces: ObjectMeta with every real field, label selectors.
import { arr, bool, loose, obj, oneOfStrings, str, strList, strMap, type JsonSchema } from './build.js';

const ownerReference = obj('Reference to the owning object (garbage collection).', {
  apiVersion: str('API version of the owner.'),
  kind: str('Kind of the owner.'),
  name: str('Name of the owner.'),
  uid: str('UID of the owner.'),
  controller: bool('True if the owner is the managing controller.'),
  blockOwnerDeletion: bool('Foreground deletion blocks on this object.'),
}, ['apiVersion', 'kind', 'name', 'uid']);

export const ObjectMeta = obj('Standard Kubernetes object metadata.', {
  name: { type: 'string', format: 'dns-subdomain', description: 'Object name, unique per kind and namespace.' },
  generateName: str('Prefix for a server-generated name when name is empty.'),
  namespace: { type: 'string', format: 'dns-label', description: 'Namespace; "default" when omitted for namespaced kinds.' },
  labels: strMap('Labels used by selectors.'),
  annotations: strMap('Free-form annotations.'),
  ownerReferences: arr(ownerReference, 'Owners of this object.'),
  finalizers: strList('Finalizers that must run before deletion.'),
  uid: loose(),
  resourceVersion: loose(),
  generation: loose(),
  creationTimestamp: loose(),
  deletionTimestamp: loose(),
  deletionGracePeriodSeconds: loose(),
  selfLink: loose(),
  managedFields: loose(),
});

/** ObjectMeta of the RBAC kinds, whose names are path segments (`system:auth-delegator`), not DNS names. */
export const PathSegmentObjectMeta = {
  ...ObjectMeta,
  properties: { ...(ObjectMeta.properties as Record<string, JsonSchema>), name: { type: 'string', format: 'path-segment', description: 'Object name: anything but "." and "..", without "/" or "%".' } },
} as JsonSchema;

const labelSelectorRequirement = obj('A label selector requirement.', {
  key: str('Label key.'),
  operator: oneOfStrings(['In', 'NotIn', 'Exists', 'DoesNotExist'], 'How the key relates to the values.'),
  values: strList('Values; required for In/NotIn, empty for Exists/DoesNotExist.'),
}, ['key', 'operator']);

export const LabelSelector = obj('Label selector: matchLabels AND matchExpressions; {} selects everything.', {
  matchLabels: strMap('Labels that must all be present with these values.'),
  matchExpressions: arr(labelSelectorRequirement, 'Requirements that must all hold.'),
});

export const TypedLocalObjectReference = obj('Reference to an object in the same namespace.', {
  apiGroup: str('API group.'),
  kind: str('Kind.'),
  name: str('Name.'),
  namespace: str('Namespace (cross-namespace references).'),
}, ['kind', 'name']);

export const metaDefinitions: Record<string, JsonSchema> = { ObjectMeta, PathSegmentObjectMeta, LabelSelector, TypedLocalObjectReference };
