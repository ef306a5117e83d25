// The resource types a scenario adds to the timeline's kubectl: one per custom resource kind
// (an object of an API group k8sim does not know, such as monitoring.coreos.com/v1
// ServiceMonitor), named as a real cluster would name it. A CustomResourceDefinition in the
// scenario gives the names (spec.names: plural, singular, shortNames) and the scope, as the API
// server's discovery does (all but the scope: see fromCrd); without one, kubectl's fallback guess (apimachinery's
// meta.UnsafeGuessKindToResource): the lower-case kind, and a naive plural.

import { apiGroup, isCustomGroup } from '../schema/accepted.js';
import { storedKind } from '../custom-kinds.js';
import type { CustomResourceInfo, CustomResources, CustomResourceType } from './resources.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** apimachinery's UnsafeGuessKindToResource: `ServiceMonitor` → `servicemonitors`, `Policy` → `policies`. */
export function guessPlural(kind: string): string {
  const singular = kind.toLowerCase();
  if (singular === '') return '';
  if (singular.endsWith('endpoints')) return singular; // the one unpluralized suffix upstream lists
  if (singular.endsWith('s')) return `${singular}es`;
  if (singular.endsWith('y')) return `${singular.slice(0, -1)}ies`;
  return `${singular}s`;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '').map((x) => x.toLowerCase()) : [];
}

/** The CRD's names, when it is well formed enough to say them. */
function fromCrd(crd: Rec): [CustomResourceType, CustomResourceInfo] | undefined {
  const spec = isRec(crd.spec) ? crd.spec : undefined;
  const names = spec && isRec(spec.names) ? spec.names : undefined;
  if (!spec || !names || typeof spec.group !== 'string' || typeof names.kind !== 'string' || typeof names.plural !== 'string') return undefined;
  const group = spec.group.toLowerCase();
  const plural = names.plural.toLowerCase();
  // spec.names.singular defaults to the lower-case kind (apiextensions' SetDefaults_CustomResourceDefinitionSpec).
  const singular = typeof names.singular === 'string' && names.singular !== '' ? names.singular.toLowerCase() : names.kind.toLowerCase();
  return [`${plural}.${group}`, {
    kind: storedKind(`${spec.group}/v1`, names.kind),
    group,
    // The API server stores every custom resource as namespaced today, even under a CRD with
    // `scope: Cluster` (docs/manifests.md): the timeline looks objects up where they are stored.
    namespaced: true,
    plural,
    singular,
    aliases: strings(names.shortNames),
  }];
}

/**
 * The custom resource types of a scenario's objects (its manifests and the timeline's inline
 * ones): every CRD's, then a guessed one for each custom kind no CRD names. Keyed `plural.group`,
 * in the order first met, so messages list them the same way every run.
 */
export function customResourceTypes(objects: Iterable<Rec>): CustomResources {
  const table = new Map<CustomResourceType, CustomResourceInfo>();
  const list = [...objects];
  for (const o of list) {
    if (o.kind !== 'CustomResourceDefinition' || !String(o.apiVersion ?? '').startsWith('apiextensions.k8s.io/')) continue;
    const entry = fromCrd(o);
    if (entry && !table.has(entry[0])) table.set(...entry);
  }
  const named = new Set([...table.values()].map((i) => `${i.kind}/${i.group}`));
  for (const o of list) {
    const apiVersion = String(o.apiVersion ?? '');
    if (typeof o.kind !== 'string' || o.kind === '' || !isCustomGroup(apiVersion)) continue;
    const group = apiGroup(apiVersion).toLowerCase();
    const kind = storedKind(apiVersion, o.kind);
    if (named.has(`${kind}/${group}`)) continue;
    named.add(`${kind}/${group}`);
    const plural = guessPlural(o.kind);
    table.set(`${plural}.${group}`, { kind, group, namespaced: true, plural, singular: o.kind.toLowerCase(), aliases: [] });
  }
  return table;
}
