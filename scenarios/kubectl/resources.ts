// Resource types a timeline command can name, with kubectl's short names and aliases
// (`kubectl api-resources`). Kubectl is case-insensitive here and accepts `TYPE.GROUP`
// (`deployments.apps`), so k8sim does too.

import { CommandError } from './errors.js';
import { suggestionSuffix } from '../suggest.js';

export interface ResourceInfo {
  /** The object's kind, as in a manifest. */
  kind: string;
  /** API group ('' for the core group). */
  group: string;
  namespaced: boolean;
  /** Every spelling kubectl accepts besides the plural: singular, short names. */
  aliases: readonly string[];
}

export const RESOURCES = {
  pods: { kind: 'Pod', group: '', namespaced: true, aliases: ['pod', 'po'] },
  deployments: { kind: 'Deployment', group: 'apps', namespaced: true, aliases: ['deployment', 'deploy'] },
  replicasets: { kind: 'ReplicaSet', group: 'apps', namespaced: true, aliases: ['replicaset', 'rs'] },
  statefulsets: { kind: 'StatefulSet', group: 'apps', namespaced: true, aliases: ['statefulset', 'sts'] },
  daemonsets: { kind: 'DaemonSet', group: 'apps', namespaced: true, aliases: ['daemonset', 'ds'] },
  jobs: { kind: 'Job', group: 'batch', namespaced: true, aliases: ['job'] },
  cronjobs: { kind: 'CronJob', group: 'batch', namespaced: true, aliases: ['cronjob', 'cj'] },
  services: { kind: 'Service', group: '', namespaced: true, aliases: ['service', 'svc'] },
  nodes: { kind: 'Node', group: '', namespaced: false, aliases: ['node', 'no'] },
  namespaces: { kind: 'Namespace', group: '', namespaced: false, aliases: ['namespace', 'ns'] },
  horizontalpodautoscalers: {
    kind: 'HorizontalPodAutoscaler', group: 'autoscaling', namespaced: true,
    aliases: ['horizontalpodautoscaler', 'hpa'],
  },
  resourcequotas: { kind: 'ResourceQuota', group: '', namespaced: true, aliases: ['resourcequota', 'quota'] },
  limitranges: { kind: 'LimitRange', group: '', namespaced: true, aliases: ['limitrange', 'limits'] },
  priorityclasses: {
    kind: 'PriorityClass', group: 'scheduling.k8s.io', namespaced: false, aliases: ['priorityclass', 'pc'],
  },
  poddisruptionbudgets: {
    kind: 'PodDisruptionBudget', group: 'policy', namespaced: true, aliases: ['poddisruptionbudget', 'pdb'],
  },
  persistentvolumeclaims: {
    kind: 'PersistentVolumeClaim', group: '', namespaced: true, aliases: ['persistentvolumeclaim', 'pvc'],
  },
  configmaps: { kind: 'ConfigMap', group: '', namespaced: true, aliases: ['configmap', 'cm'] },
  secrets: { kind: 'Secret', group: '', namespaced: true, aliases: ['secret'] },
  endpoints: { kind: 'Endpoints', group: '', namespaced: true, aliases: ['ep'] },
  storageclasses: { kind: 'StorageClass', group: 'storage.k8s.io', namespaced: false, aliases: ['storageclass', 'sc'] },
  // Accepted and stored, not simulated (scenarios/schema/accepted.ts): get and delete work on them.
  serviceaccounts: { kind: 'ServiceAccount', group: '', namespaced: true, aliases: ['serviceaccount', 'sa'] },
  persistentvolumes: { kind: 'PersistentVolume', group: '', namespaced: false, aliases: ['persistentvolume', 'pv'] },
  podtemplates: { kind: 'PodTemplate', group: '', namespaced: true, aliases: ['podtemplate'] },
  controllerrevisions: { kind: 'ControllerRevision', group: 'apps', namespaced: true, aliases: ['controllerrevision'] },
  roles: { kind: 'Role', group: 'rbac.authorization.k8s.io', namespaced: true, aliases: ['role'] },
  clusterroles: { kind: 'ClusterRole', group: 'rbac.authorization.k8s.io', namespaced: false, aliases: ['clusterrole'] },
  rolebindings: { kind: 'RoleBinding', group: 'rbac.authorization.k8s.io', namespaced: true, aliases: ['rolebinding'] },
  clusterrolebindings: { kind: 'ClusterRoleBinding', group: 'rbac.authorization.k8s.io', namespaced: false, aliases: ['clusterrolebinding'] },
  ingresses: { kind: 'Ingress', group: 'networking.k8s.io', namespaced: true, aliases: ['ingress', 'ing'] },
  ingressclasses: { kind: 'IngressClass', group: 'networking.k8s.io', namespaced: false, aliases: ['ingressclass'] },
  networkpolicies: { kind: 'NetworkPolicy', group: 'networking.k8s.io', namespaced: true, aliases: ['networkpolicy', 'netpol'] },
  endpointslices: { kind: 'EndpointSlice', group: 'discovery.k8s.io', namespaced: true, aliases: ['endpointslice'] },
  csidrivers: { kind: 'CSIDriver', group: 'storage.k8s.io', namespaced: false, aliases: ['csidriver'] },
  csinodes: { kind: 'CSINode', group: 'storage.k8s.io', namespaced: false, aliases: ['csinode'] },
  volumeattachments: { kind: 'VolumeAttachment', group: 'storage.k8s.io', namespaced: false, aliases: ['volumeattachment'] },
  csistoragecapacities: { kind: 'CSIStorageCapacity', group: 'storage.k8s.io', namespaced: true, aliases: ['csistoragecapacity'] },
  leases: { kind: 'Lease', group: 'coordination.k8s.io', namespaced: true, aliases: ['lease'] },
  runtimeclasses: { kind: 'RuntimeClass', group: 'node.k8s.io', namespaced: false, aliases: ['runtimeclass'] },
  mutatingwebhookconfigurations: {
    kind: 'MutatingWebhookConfiguration', group: 'admissionregistration.k8s.io', namespaced: false, aliases: ['mutatingwebhookconfiguration'],
  },
  validatingwebhookconfigurations: {
    kind: 'ValidatingWebhookConfiguration', group: 'admissionregistration.k8s.io', namespaced: false, aliases: ['validatingwebhookconfiguration'],
  },
  validatingadmissionpolicies: {
    kind: 'ValidatingAdmissionPolicy', group: 'admissionregistration.k8s.io', namespaced: false, aliases: ['validatingadmissionpolicy'],
  },
  validatingadmissionpolicybindings: {
    kind: 'ValidatingAdmissionPolicyBinding', group: 'admissionregistration.k8s.io', namespaced: false, aliases: ['validatingadmissionpolicybinding'],
  },
  customresourcedefinitions: {
    kind: 'CustomResourceDefinition', group: 'apiextensions.k8s.io', namespaced: false, aliases: ['customresourcedefinition', 'crd', 'crds'],
  },
  apiservices: { kind: 'APIService', group: 'apiregistration.k8s.io', namespaced: false, aliases: ['apiservice'] },
  certificatesigningrequests: {
    kind: 'CertificateSigningRequest', group: 'certificates.k8s.io', namespaced: false, aliases: ['certificatesigningrequest', 'csr'],
  },
  flowschemas: { kind: 'FlowSchema', group: 'flowcontrol.apiserver.k8s.io', namespaced: false, aliases: ['flowschema'] },
  prioritylevelconfigurations: {
    kind: 'PriorityLevelConfiguration', group: 'flowcontrol.apiserver.k8s.io', namespaced: false, aliases: ['prioritylevelconfiguration'],
  },
} as const satisfies Record<string, ResourceInfo>;

/** The canonical (plural, lower-case) name of a built-in resource type: `deployments`. */
export type BuiltInResourceType = keyof typeof RESOURCES;

/** A custom resource's type, `plural.group` (`servicemonitors.monitoring.coreos.com`): no built-in name has a dot. */
export type CustomResourceType = `${string}.${string}`;

/** A resource type a command names: built in, or a custom resource of the scenario. */
export type ResourceType = BuiltInResourceType | CustomResourceType;

/** The custom resource types a scenario declares (./custom-resources.ts builds it), by type. */
export type CustomResources = ReadonlyMap<CustomResourceType, CustomResourceInfo>;

export interface CustomResourceInfo extends ResourceInfo {
  /** The plural (`servicemonitors`) and singular (`servicemonitor`) resource names. */
  plural: string;
  singular: string;
}

export const RESOURCE_TYPES = Object.keys(RESOURCES) as BuiltInResourceType[];

const NO_CUSTOM: CustomResources = new Map();

/**
 * The scenario's custom resources while one command is parsed (parseCommand sets it and
 * restores it; parsing is synchronous, so no other parse sees it). Threading the table through
 * every target parser would touch every verb for a lookup only resolveResource makes.
 */
let parsing: CustomResources = NO_CUSTOM;

/** Run fn with the scenario's custom resources visible to lookupResource/resolveResource. */
export function withCustomResources<T>(custom: CustomResources | undefined, fn: () => T): T {
  const before = parsing;
  parsing = custom ?? NO_CUSTOM;
  try {
    return fn();
  } finally {
    parsing = before;
  }
}

/** What a type names: its kind (as stored), group and scope. */
export function resourceInfo(t: ResourceType, custom: CustomResources = parsing): ResourceInfo {
  const info = (RESOURCES as Record<string, ResourceInfo>)[t] ?? custom.get(t as CustomResourceType);
  if (info === undefined) throw new Error(`unknown resource type ${t}`);
  return info;
}

/** A custom type's spellings, kubectl's: plural, singular, short names, each alone or with `.group`. */
function customSpellings(info: CustomResourceInfo): string[] {
  const bare = [info.plural, info.singular, ...info.aliases];
  return [...bare, ...bare.map((w) => `${w}.${info.group}`)];
}

function lookupCustom(lower: string, custom: CustomResources): CustomResourceType | undefined {
  const word = lower.replace(/\/v[0-9a-z]+$/, '');
  for (const [t, info] of custom) if (customSpellings(info).includes(word)) return t;
  return undefined;
}

/** The simulated types (listed in errors in full); the accepted kinds follow them in RESOURCES. */
const SIMULATED_TYPES = RESOURCE_TYPES.slice(0, RESOURCE_TYPES.indexOf('serviceaccounts'));

const BY_SPELLING = new Map<string, ResourceType>();
for (const t of RESOURCE_TYPES) {
  BY_SPELLING.set(t, t);
  for (const a of (RESOURCES[t] as ResourceInfo).aliases) BY_SPELLING.set(a, t);
}

/** Every spelling, for suggestions: `deployments`, `deployment`, `deploy`, … */
export const RESOURCE_SPELLINGS = [...BY_SPELLING.keys()];

/** `deploy`, `Deployment`, `deployments.apps` → `deployments`; undefined when unknown. */
export function lookupResource(word: string, custom: CustomResources = parsing): ResourceType | undefined {
  const lower = word.toLowerCase();
  const direct = BY_SPELLING.get(lower);
  if (direct !== undefined) return direct;
  const dot = lower.indexOf('.');
  if (dot > 0) {
    const t = BY_SPELLING.get(lower.slice(0, dot));
    const group = lower.slice(dot + 1).replace(/\/v[0-9a-z]+$/, '');
    if (t !== undefined && resourceInfo(t, custom).group === group) return t;
  }
  // Built-in names first, as kubectl's RESTMapper ranks the built-in groups before the others.
  return lookupCustom(lower, custom);
}

/** Like lookupResource, but throws a CommandError naming the choices. */
export function resolveResource(word: string, offset?: number, custom: CustomResources = parsing): ResourceType {
  const t = lookupResource(word, custom);
  if (t !== undefined) return t;
  const customTypes = [...custom.keys()];
  const spellings = [...RESOURCE_SPELLINGS, ...[...custom].flatMap(([, info]) => customSpellings(info))];
  throw new CommandError(
    `unknown resource type ${JSON.stringify(word)}${suggestionSuffix(word, spellings)}; ` +
      `known types: ${SIMULATED_TYPES.map(describeType).join(', ')}, and the accepted kinds (serviceaccounts, roles, ingresses…; docs/manifests.md)` +
      (customTypes.length ? `, and this scenario's custom resources (${customTypes.join(', ')})` : ''),
    offset,
  );
}

/** `deployments (deploy)` — the plural with its shortest alias, for messages. */
export function describeType(t: ResourceType): string {
  const short = resourceInfo(t).aliases.filter((a) => a.length < t.length - 1).sort((a, b) => a.length - b.length)[0];
  return short === undefined ? t : `${t} (${short})`;
}
