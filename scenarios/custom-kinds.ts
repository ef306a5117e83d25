// Custom resources are stored by kind like every object, and the models watch kinds by name: a
// custom resource whose kind is also a Kubernetes kind (Knative's serving.knative.dev/v1
// Service) would be taken for a Service by the endpoints controller. Such a one is stored under
// its kind qualified by its group (`Service.serving.knative.dev`, kubectl's TYPE.GROUP
// spelling), which no model watches.
import { kindSchemas } from './schema/index.js';
import { apiGroup, isCustomGroup } from './schema/accepted.js';

const BUILT_IN_KINDS: ReadonlySet<string> = new Set([...kindSchemas.values()].map((k) => k.kind));

/** The kind an object is stored under: its own, or `Kind.group` for a custom resource named like a built-in kind. */
export function storedKind(apiVersion: string, kind: string): string {
  return isCustomGroup(apiVersion) && BUILT_IN_KINDS.has(kind) ? `${kind}.${apiGroup(apiVersion)}` : kind;
}
