// Loads scenario files: YAML with positions → per-document kind lookup → schema validation
// (with defaults filled in) → cross-document checks. All problems of all files are collected and
// thrown together, so a user fixes a file in one pass instead of one error per run.
import { parseYaml, readYamlFile, type LocateOptions, type Position, type YamlDocument } from './yaml.js';
import { formatPath, ScenarioError, ScenarioErrors, sortErrors, type FieldPath } from './errors.js';
import { kindSchemas, type KindSchema } from './schema/index.js';
import { validateAgainst } from './validate.js';
import { apiValidationIssues } from './api-validation.js';
import { suggestionSuffix } from './suggest.js';
import { apiGroup, BUILT_IN_GROUPS, customResource, isCustomGroup, NOT_SIMULATED } from './schema/accepted.js';
import { dropNulls, unpackLists } from './manifest-shapes.js';
import { expandReplicates } from './replicate.js';
import { distributionIssues } from './distributions.js';

export interface ScenarioDocument {
  file: string;
  /** 0-based index among the file's non-empty documents. */
  index: number;
  apiVersion: string;
  kind: string;
  /** metadata.name; for k8sim kinds without metadata, the kind in lower case ("simulation"). */
  name: string;
  /** Namespaced kinds: metadata.namespace or "default". Cluster-scoped kinds: undefined. */
  namespace?: string;
  /** The whole document as plain data, with schema defaults filled in. */
  body: Record<string, unknown>;
  /**
   * False for kinds the simulator accepts and stores but has no model of (ServiceAccount,
   * Ingress, custom resources…: scenarios/schema/accepted.ts); the run summary lists them.
   */
  simulated: boolean;
  /** Position of the deepest existing node on `path` (for semantic errors found later). */
  locate(path: FieldPath, options?: LocateOptions): Position;
  /** An error pointing at `path` in this document. */
  error(path: FieldPath, message: string): ScenarioError;
}

export interface Scenario {
  documents: ScenarioDocument[];
  /** The files (or in-memory names) it was loaded from, in order, empty ones included. */
  files?: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function errorAt(doc: YamlDocument, path: FieldPath, message: string, at: FieldPath = path, atKey = false): ScenarioError {
  const pos = doc.locate(at, { key: atKey });
  const e = new ScenarioError(doc.file, pos.line, pos.column, path, doc.copy === undefined ? message : `${message} (in the Replicate copy ${doc.copy})`);
  if (doc.copy !== undefined) copyErrors.add(e);
  return e;
}

/** Errors found in a Replicate's copies (they share the template's places; see uniqueErrors). */
const copyErrors = new WeakSet<ScenarioError>();

function knownApiVersions(kind: string): string[] {
  return [...kindSchemas.values()].filter((k) => k.kind === kind).map((k) => k.apiVersion);
}

/** Finds the schema for the document's (or, under `at`, an embedded manifest's) apiVersion/kind, or explains why there is none. */
function lookupKind(doc: YamlDocument, body: Record<string, unknown>, at: FieldPath = []): KindSchema | ScenarioError {
  const { apiVersion, kind } = body;
  if (typeof kind !== 'string') {
    return kind === undefined ? errorAt(doc, [...at, 'kind'], 'required field is missing', at) : errorAt(doc, [...at, 'kind'], 'must be a string');
  }
  if (typeof apiVersion !== 'string') {
    return apiVersion === undefined ? errorAt(doc, [...at, 'apiVersion'], 'required field is missing', at) : errorAt(doc, [...at, 'apiVersion'], 'must be a string');
  }
  const found = kindSchemas.get(`${apiVersion}/${kind}`);
  if (found) return found;
  // An API group Kubernetes does not serve itself is a CRD's: taken as a custom resource.
  if (isCustomGroup(apiVersion)) return customResource;
  const versions = knownApiVersions(kind);
  if (versions.length > 0) {
    const list = versions.map((v) => JSON.stringify(v)).join(' or ');
    return errorAt(doc, [...at, 'apiVersion'], `kind ${kind} uses apiVersion ${list}, not ${JSON.stringify(apiVersion)}`);
  }
  // A sweep file given to `k8sim run`: say which command runs it.
  if (kind === 'Sweep' && apiVersion === 'k8sim/v1') return errorAt(doc, ['kind'], `a Sweep is not a scenario: run it with \`k8sim sweep ${doc.file}\``);
  const group = apiGroup(apiVersion);
  if (!BUILT_IN_GROUPS.has(group) && group !== 'k8sim') {
    const groups = [...BUILT_IN_GROUPS].filter((g) => g !== '');
    return errorAt(doc, [...at, 'apiVersion'], `unknown API group ${JSON.stringify(group)}${suggestionSuffix(group, groups)}; a custom resource's group is a domain name with a dot (monitoring.coreos.com/v1)`);
  }
  // The suggestion looks at every kind (the group may be the mistake); the list names the
  // group's own, as the API server's "no matches for kind" is about that group.
  const kinds = [...new Set([...kindSchemas.values()].map((k) => k.kind))].sort();
  const inGroup = [...new Set([...kindSchemas.values()].filter((k) => apiGroup(k.apiVersion) === group).map((k) => k.kind))].sort();
  return errorAt(doc, [...at, 'kind'], `unknown kind ${JSON.stringify(kind)}${suggestionSuffix(kind, kinds)}; known kinds in ${group === '' ? 'v1' : group}: ${inGroup.join(', ')}`);
}

function toDocument(doc: YamlDocument, k: KindSchema, body: Record<string, unknown>): ScenarioDocument | ScenarioError {
  const meta = isRecord(body.metadata) ? body.metadata : {};
  const custom = k === customResource;
  const apiVersion = custom ? String(body.apiVersion) : k.apiVersion;
  const kind = custom ? String(body.kind) : k.kind;
  const isK8sim = k.apiVersion.startsWith('k8sim/');
  let name = typeof meta.name === 'string' ? meta.name : undefined;
  if (name === undefined) {
    if (isK8sim) name = k.kind.toLowerCase();
    else if (typeof meta.generateName === 'string') name = '';
    else return errorAt(doc, ['metadata', 'name'], 'required field is missing', ['metadata']);
  }
  const out: ScenarioDocument = {
    file: doc.file,
    index: doc.index,
    apiVersion,
    kind,
    name,
    body,
    simulated: !custom && !NOT_SIMULATED.has(`${apiVersion}/${kind}`),
    locate: (path, options) => doc.locate(path, options),
    error: (path, message) => errorAt(doc, path, message),
  };
  if (k.namespaced) out.namespace = typeof meta.namespace === 'string' ? meta.namespace : 'default';
  return out;
}

/**
 * A Timeline action's `manifest` is what `kubectl apply -f -` will send mid-run: it gets the
 * checks a manifest of the scenario file gets (kind, schema, what the API server would refuse),
 * now, located in the file, instead of a surprise (or a crash) at its time.
 */
function checkTimelineManifests(doc: YamlDocument, body: Record<string, unknown>, errors: ScenarioError[]): void {
  const actions = isRecord(body.spec) && Array.isArray(body.spec.actions) ? body.spec.actions : [];
  const objects: Array<{ m: Record<string, unknown>; at: FieldPath }> = [];
  actions.forEach((a: unknown, i: number) => {
    if (!isRecord(a) || !isRecord(a.manifest)) return;
    const at: FieldPath = ['spec', 'actions', i, 'manifest'];
    const m = a.manifest;
    // A List is checked item by item, as kubectl sends its items (runner/kubectl.ts).
    const kind = typeof m.kind === 'string' ? m.kind : '';
    if (kind.endsWith('List') && Array.isArray(m.items)) {
      const itemKind = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
      m.items.forEach((item: unknown, j: number) => {
        if (!isRecord(item)) return;
        objects.push({ m: itemKind === undefined ? item : { apiVersion: m.apiVersion, kind: itemKind, ...item }, at: [...at, 'items', j] });
      });
    } else {
      objects.push({ m, at });
    }
  });
  for (const { m, at } of objects) {
    const k = lookupKind(doc, m, at);
    if (k instanceof ScenarioError) {
      errors.push(k);
      continue;
    }
    if (k.apiVersion.startsWith('k8sim/')) {
      errors.push(errorAt(doc, [...at, 'kind'], `a timeline manifest is a Kubernetes object; ${k.kind} is a k8sim kind of the scenario file`));
      continue;
    }
    // Checked on a copy: defaults are the API server's to fill when the action runs.
    const copy = structuredClone(m);
    const issues = validateAgainst(k, copy);
    for (const i2 of issues) errors.push(errorAt(doc, [...at, ...i2.path], i2.message, [...at, ...i2.at], i2.atKey));
    if (issues.length > 0 || k === customResource) continue;
    for (const i2 of apiValidationIssues(copy)) errors.push(errorAt(doc, [...at, ...i2.path], i2.message));
  }
}

function checkDuplicates(docs: ScenarioDocument[], errors: ScenarioError[]): void {
  const seen = new Map<string, ScenarioDocument>();
  for (const d of docs) {
    if (d.name === '') continue; // generateName: the server picks a unique name
    const id = `${apiGroup(d.apiVersion)}|${d.kind}|${d.namespace ?? ''}|${d.name}`;
    const first = seen.get(id);
    if (!first) {
      seen.set(id, d);
      continue;
    }
    const where = d.namespace === undefined ? '' : ` in namespace ${JSON.stringify(d.namespace)}`;
    const pos = first.locate(['metadata', 'name']);
    errors.push(d.error(['metadata', 'name'],
      `duplicate ${d.kind} ${JSON.stringify(d.name)}${where}; first defined at ${first.file}:${pos.line}:${pos.column}`));
  }
}

/** How many other places a grouped error names before "and N more". */
const MAX_PLACES = 3;

/**
 * Errors of one group (same `keyOf`; undefined: not grouped) become one line at the first one's
 * place, said by `merge(first, all)`; the order of first places is kept.
 */
function mergeGroups(
  errors: readonly ScenarioError[],
  keyOf: (e: ScenarioError) => string | undefined,
  merge: (first: ScenarioError, group: ScenarioError[]) => ScenarioError,
): ScenarioError[] {
  const groups = new Map<string, ScenarioError[]>();
  const out: Array<ScenarioError | ScenarioError[]> = [];
  for (const e of errors) {
    const key = keyOf(e);
    if (key === undefined) {
      out.push(e);
      continue;
    }
    const g = groups.get(key);
    if (g) g.push(e);
    else {
      const fresh = [e];
      groups.set(key, fresh);
      out.push(fresh);
    }
  }
  return out.map((x) => (!Array.isArray(x) ? x : x.length === 1 ? x[0]! : merge(x[0]!, x)));
}

/**
 * Errors about a document's kind or apiVersion repeat once per document (eleven
 * `extensions/v1beta1` Ingresses of an old chart): the same message is one line at its first
 * place, naming the others.
 */
function oneLinePerKindError(errors: ScenarioError[]): ScenarioError[] {
  return mergeGroups(
    errors,
    (e) => (e.path.length === 1 && (e.path[0] === 'kind' || e.path[0] === 'apiVersion') ? `${String(e.path[0])}\u0000${e.detail}` : undefined),
    (e, g) => {
      const rest = g.slice(1);
      const places = rest.slice(0, MAX_PLACES).map((x) => `${x.file}:${x.line}:${x.column}`).join(', ');
      const more = rest.length > MAX_PLACES ? `, and ${rest.length - MAX_PLACES} more` : '';
      return new ScenarioError(e.file, e.line, e.column, e.path, `${e.detail} (${g.length} documents; also at ${places}${more})`);
    },
  );
}

/**
 * One error per message, and one line per place of a Replicate template (scenarios/replicate.ts)
 * whose copies fail there with their own values: the first copy's words, and how many more.
 */
function uniqueErrors(errors: ScenarioError[]): ScenarioError[] {
  const seen = new Set<string>();
  const unique = errors.filter((e) => (seen.has(e.message) ? false : (seen.add(e.message), true)));
  return mergeGroups(
    unique,
    (e) => (copyErrors.has(e) ? `${e.file}:${e.line}:${e.column}:${formatPath(e.path)}` : undefined),
    (e, g) => new ScenarioError(e.file, e.line, e.column, e.path, `${e.detail}; ${g.length - 1} more cop${g.length === 2 ? 'y fails' : 'ies fail'} here`),
  );
}

/**
 * Loads and validates scenario files in order.
 * @throws ScenarioErrors with every problem found (sorted by file, then position)
 */
export function loadScenario(paths: string[]): Scenario {
  return loadScenarioSources(paths.map((file) => ({ file, read: () => readYamlFile(file) })));
}

/**
 * Loads scenario text held in memory (a sweep point with its parameters applied); `name`
 * stands in for the file name in error messages.
 */
export function loadScenarioText(name: string, text: string): Scenario {
  return loadScenarioSources([{ file: name, read: () => parseYaml(name, text) }]);
}

/** Where a scenario's documents come from: a file name (for errors) and how to parse it. */
export interface ScenarioSource {
  file: string;
  /** Parsed documents; may throw a ScenarioError (unreadable file, invalid YAML). */
  read: () => YamlDocument[];
}

/**
 * Loads documents already parsed by scenarios/yaml.ts (e.g. a sweep file's documents other than
 * its Sweep); loadScenario and loadScenarioText are this over files and text.
 * @throws ScenarioErrors with every problem found (sorted by file, then position)
 */
export function loadScenarioSources(sources: ScenarioSource[]): Scenario {
  const paths = sources.map((s) => s.file);
  const errors: ScenarioError[] = [];
  const documents: ScenarioDocument[] = [];
  for (const { read } of sources) {
    let docs: YamlDocument[];
    try {
      docs = read();
    } catch (e) {
      if (e instanceof ScenarioError) {
        errors.push(e);
        continue;
      }
      throw e;
    }
    // Lists inside a Replicate's items and Replicates inside a List both unpack.
    for (const doc of unpackLists(expandReplicates(unpackLists(docs), errors))) {
      if (!isRecord(doc.value)) {
        errors.push(errorAt(doc, [], `a document must be a mapping with apiVersion and kind, not ${Array.isArray(doc.value) ? 'a list' : 'a scalar'}`));
        continue;
      }
      // An explicit null is an omitted field, as the API server's decoder reads it.
      const body = dropNulls(doc.value);
      const k = lookupKind(doc, body);
      if (k instanceof ScenarioError) {
        errors.push(k);
        continue;
      }
      const issues = validateAgainst(k, body);
      for (const i of issues) errors.push(errorAt(doc, i.path, i.message, i.at, i.atKey));
      if (issues.length > 0) continue;
      // Kubernetes manifests: what the API server would refuse on apply, where it was written.
      if (!k.apiVersion.startsWith('k8sim/') && k !== customResource) {
        const refused = apiValidationIssues(body);
        for (const i of refused) errors.push(errorAt(doc, i.path, i.message));
        if (refused.length > 0) continue;
      }
      if (k.apiVersion.startsWith('k8sim/')) {
        const bad = distributionIssues(body);
        for (const i of bad) errors.push(errorAt(doc, i.path, i.message));
        if (bad.length > 0) continue;
      }
      if (k.apiVersion === 'k8sim/v1' && k.kind === 'Timeline') checkTimelineManifests(doc, body, errors);
      const d = toDocument(doc, k, body);
      if (d instanceof ScenarioError) errors.push(d);
      else documents.push(d);
    }
  }
  checkDuplicates(documents, errors);
  if (errors.length > 0) throw new ScenarioErrors(oneLinePerKindError(sortErrors(uniqueErrors(errors), paths)));
  return { documents, files: paths };
}
