// Loading a Sweep: find the Sweep document and its scenario, validate with ajv, resolve every
// parameter path against the scenario, and build a SweepDefinition. Every error names
// file:line:column of the offending field and its path.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import { ConstraintSyntaxError, parseConstraint, type Constraint } from './constraints.js';
import { DurationError, parseDuration } from '../sim/time.js';
import { ScenarioError, ScenarioErrors } from '../scenarios/errors.js';
import { loadScenario, loadScenarioSources, type Scenario } from '../scenarios/load.js';
import { portableScenario } from '../scenarios/portable.js';
import { levenshtein } from '../scenarios/suggest.js';
import { readYamlFile, type YamlDocument } from '../scenarios/yaml.js';
import type { Objective } from './pareto.js';
import { checkPath, isRecord, parseParameterPath, type ParameterPath, type PathSegment } from './paths.js';
import { sweepSchema } from './schema.js';
import { sweepValidator } from './schema-validator.js';
import type { Design, GoalSeekDef, ParamValue, ParameterDef, ParameterSource, SweepDefinition } from './types.js';
import { discreteValues } from './design.js';


/** An error at `path` of a sweep file's document: at the key of the last segment (`key`) or its value. */
function errorAt(doc: YamlDocument, path: readonly PathSegment[], detail: string, key = true): ScenarioError {
  const pos = doc.locate(path, { key });
  return new ScenarioError(doc.file, pos.line, pos.column, path, detail);
}

/** Parses a file with scenarios/yaml.ts; an unreadable file or invalid YAML is recorded in `errors`. */
function readDocuments(file: string, errors: ScenarioError[]): YamlDocument[] {
  try {
    return readYamlFile(file);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    errors.push(e);
    return [];
  }
}

/** The `properties` allowed at a schema path, for "did you mean". */
function allowedProperties(schemaPath: string): string[] {
  // schemaPath like "#/properties/spec/properties/parameters/items/additionalProperties"
  const parts = schemaPath.replace(/^#\//, '').split('/').slice(0, -1);
  let node: unknown = sweepSchema;
  for (const p of parts) node = (node as Record<string, unknown>)[p];
  const props = (node as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}

function ajvMessage(err: ErrorObject): { segments: PathSegment[]; detail: string } {
  const segments: PathSegment[] = err.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const params = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'additionalProperties': {
      const extra = String(params['additionalProperty']);
      const allowed = allowedProperties(err.schemaPath);
      const near = allowed.filter((a) => levenshtein(a.toLowerCase(), extra.toLowerCase()) <= 2);
      const hint = near.length > 0 ? ` (did you mean ${near.map((n) => `"${n}"`).join(' or ')}?)` : allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : '';
      return { segments: [...segments, extra], detail: `unknown field "${extra}"${hint}` };
    }
    case 'required':
      return { segments, detail: `missing required field "${String(params['missingProperty'])}"` };
    case 'enum':
      return { segments, detail: `must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { segments, detail: `must be ${JSON.stringify(params['allowedValue'])}` };
    default:
      return { segments, detail: err.message ?? err.keyword };
  }
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .sort()
      .filter((k) => obj[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The files a point reads besides its documents — Traffic rate CSVs (`rate.csv`, relative to the
 * file of the document naming them), including every value a parameter sweeps a `csv` field
 * over — each with the sha256 of its content ("missing" if unreadable), keyed by the path as
 * written. They go into the sweep's identity hash: a changed CSV is a different sweep.
 */
export function filesRead(documents: readonly Record<string, unknown>[], origins: readonly { file: string }[], parameters: readonly ParameterDef[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of referencedFiles(documents, origins, parameters)) out[f.written] = f.digest;
  return out;
}

/** The files the documents name, as written and resolved, with the sha256 of their content. */
export function referencedFiles(
  documents: readonly Record<string, unknown>[],
  origins: readonly { file: string }[],
  parameters: readonly ParameterDef[],
): Array<{ written: string; absolute: string; digest: string }> {
  const refs = new Map<string, string>(); // written path → absolute path
  const add = (docIndex: number, written: unknown): void => {
    if (typeof written !== 'string') return;
    const origin = origins[docIndex];
    refs.set(written, resolve(dirname(origin?.file ?? '.'), written));
  };
  const trafficDocs = (name?: string): number[] =>
    documents.flatMap((d, i) => (d['kind'] === 'Traffic' && (name === undefined || (isRecord(d['metadata']) && d['metadata']['name'] === name)) ? [i] : []));
  for (const i of trafficDocs()) {
    const spec = documents[i]!['spec'];
    const services = isRecord(spec) && Array.isArray(spec['services']) ? spec['services'] : [];
    for (const svc of services) if (isRecord(svc) && isRecord(svc['rate'])) add(i, svc['rate']['csv']);
  }
  for (const p of parameters) {
    if (p.path.kind !== 'Traffic' || p.path.segments[p.path.segments.length - 1] !== 'csv') continue;
    const values = discreteValues(p) ?? [];
    const docs = trafficDocs(p.path.name);
    for (const v of values) for (const i of docs.length > 0 ? docs : trafficDocs()) add(i, v);
  }
  return [...refs.keys()].sort().map((written) => {
    const absolute = refs.get(written)!;
    let digest = 'missing';
    try {
      digest = createHash('sha256').update(readFileSync(absolute)).digest('hex');
    } catch {
      // Unreadable: the run reports it; the hash still differs from the file's.
    }
    return { written, absolute, digest };
  });
}

/** The sweep's identity: its document, the scenario documents and the files they read (when any). */
function sweepHash(sweep: unknown, documents: unknown, files: Record<string, string>): string {
  return hashOf(Object.keys(files).length > 0 ? { sweep, documents, files } : { sweep, documents });
}

export function hashOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** A duration as sim/time.ts parses it, or a number of seconds; undefined when neither. */
function durationMs(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : undefined;
  try {
    return parseDuration(value);
  } catch (e) {
    if (e instanceof DurationError) return undefined;
    throw e;
  }
}

interface RawParameter {
  name: string;
  path: string;
  values?: ParamValue[];
  range?: { from: number; to: number; step: number };
  distribution?: { uniform?: [number, number]; loguniform?: [number, number]; choice?: ParamValue[] };
  integer?: boolean;
}

interface RawSweep {
  metadata: { name: string };
  spec: {
    scenario?: string | string[];
    /** None: a sweep over seeds alone (one point). */
    parameters?: RawParameter[];
    design?: Design;
    samples?: number;
    seed?: number;
    replications?: number;
    seeds?: number[];
    metrics?: string[];
    constraints?: string[];
    objectives?: Objective[];
    goalSeek?: { parameter: string; minimize?: boolean; constraints?: string[]; low: number; high: number; step?: number };
    budget?: { maxEvents?: number; timeout?: string | number };
  };
}

/**
 * Loads and checks a sweep file. Throws ScenarioErrors (exit code 2) listing every problem.
 * The Sweep document is either alone in its file with `spec.scenario` (one path or a list, relative
 * to the sweep file), or sits beside the scenario's documents in the same file.
 */
export function loadSweep(file: string): SweepDefinition {
  const errors: ScenarioError[] = [];
  const fail = (): never => {
    throw new ScenarioErrors(errors);
  };
  const docs = readDocuments(file, errors);
  if (errors.length > 0) fail();
  const isSweep = (d: YamlDocument): boolean => isRecord(d.value) && d.value['kind'] === 'Sweep';
  const sweeps = docs.filter(isSweep);
  if (sweeps.length === 0) {
    errors.push(new ScenarioError(file, 1, 1, [], 'no document of kind Sweep in this file'));
    fail();
  }
  if (sweeps.length > 1) {
    for (const s of sweeps.slice(1)) errors.push(errorAt(s, ['kind'], 'only one Sweep document per file'));
    fail();
  }
  const sweepDoc = sweeps[0]!;
  const sweepJs = sweepDoc.value;
  const validateSweep = sweepValidator();
  if (!validateSweep(sweepJs)) {
    for (const e of validateSweep.errors ?? []) {
      const { segments, detail } = ajvMessage(e);
      errors.push(errorAt(sweepDoc, segments, detail));
    }
    fail();
  }
  const raw = sweepJs as RawSweep;
  const spec = { ...raw.spec, parameters: raw.spec.parameters ?? [] };
  const err = (segments: PathSegment[], detail: string, value = false): void => {
    errors.push(errorAt(sweepDoc, segments, detail, !value));
  };

  // The scenario, through the shared loader: schema errors with their file:line:column now, at
  // sweep load time, and bodies with schema defaults filled in.
  const others = docs.filter((d) => d !== sweepDoc);
  let scenario: Scenario | undefined;
  const loadInto = (load: () => Scenario): Scenario | undefined => {
    try {
      return load();
    } catch (e) {
      if (!(e instanceof ScenarioErrors)) throw e;
      errors.push(...e.errors);
      return undefined;
    }
  };
  if (spec.scenario !== undefined) {
    if (others.length > 0) err(['spec', 'scenario'], 'a Sweep with spec.scenario must be the only document in its file (or drop spec.scenario to sweep the documents beside it)');
    const paths = typeof spec.scenario === 'string' ? [spec.scenario] : spec.scenario;
    const files = paths.map((p) => resolve(dirname(file), p));
    const before = errors.length;
    scenario = loadInto(() => loadScenario(files));
    const failed = new Set(errors.slice(before).map((e) => e.file));
    // Point at the sweep's entry too, so the user sees which scenario file failed.
    paths.forEach((p, i) => {
      if (failed.has(files[i]!)) err(typeof spec.scenario === 'string' ? ['spec', 'scenario'] : ['spec', 'scenario', i], `cannot load scenario "${p}"`, true);
    });
  } else if (others.length === 0) {
    err(['spec'], 'no scenario: set spec.scenario, or put the Sweep beside the scenario documents in one file');
  } else {
    scenario = loadInto(() => loadScenarioSources([{ file, read: () => others }]));
  }
  if (errors.length > 0 || !scenario) fail();
  const { documents, origins } = portableScenario(scenario!);

  // Parameters.
  const parameters: ParameterDef[] = [];
  const names = new Set<string>();
  spec.parameters.forEach((rp, i) => {
    const at: PathSegment[] = ['spec', 'parameters', i];
    if (names.has(rp.name)) err([...at, 'name'], `duplicate parameter name "${rp.name}"`, true);
    names.add(rp.name);
    let path: ParameterPath | undefined;
    try {
      path = parseParameterPath(rp.path);
    } catch (e) {
      err([...at, 'path'], (e as Error).message, true);
    }
    if (path) {
      const problem = checkPath(documents, path);
      if (problem) err([...at, 'path'], `"${rp.path}": ${problem}`, true);
    }
    const given = [rp.values, rp.range, rp.distribution].filter((x) => x !== undefined).length;
    const isGoal = spec.goalSeek?.parameter === rp.name;
    if (given > 1) err(at, 'give only one of values, range, distribution', false);
    if (given === 0 && !isGoal) err(at, 'give one of values, range or distribution', false);
    let source: ParameterSource = { kind: 'none' };
    if (rp.values) source = { kind: 'values', values: rp.values };
    else if (rp.range) {
      if (rp.range.to < rp.range.from) err([...at, 'range', 'to'], 'range.to must be >= range.from');
      source = { kind: 'range', ...rp.range };
    } else if (rp.distribution?.choice) source = { kind: 'choice', values: rp.distribution.choice };
    else if (rp.distribution?.uniform) {
      const [low, high] = rp.distribution.uniform;
      if (!(high >= low)) err([...at, 'distribution', 'uniform'], 'uniform: [low, high] needs low <= high');
      source = { kind: 'uniform', low, high };
    } else if (rp.distribution?.loguniform) {
      const [low, high] = rp.distribution.loguniform;
      if (!(low > 0 && high >= low)) err([...at, 'distribution', 'loguniform'], 'loguniform: [low, high] needs 0 < low <= high');
      source = { kind: 'loguniform', low, high };
    }
    if (path) parameters.push({ name: rp.name, path, source, integer: rp.integer ?? false });
  });

  const design: Design = spec.design ?? 'grid';
  if (design === 'grid' && !spec.goalSeek) {
    spec.parameters.forEach((rp, i) => {
      if (rp.distribution?.uniform || rp.distribution?.loguniform)
        err(['spec', 'parameters', i, 'distribution'], 'a continuous distribution cannot be gridded: use design random or latinHypercube, or values/range');
    });
  }
  if (design !== 'grid' && spec.samples === undefined && !spec.goalSeek) err(['spec', 'design'], `design ${design} needs spec.samples`, true);
  if (design !== 'grid' && spec.parameters.length === 0) err(['spec', 'design'], `design ${design} samples parameters, and there are none: a sweep over seeds alone is a grid (drop design)`, true);
  if (design === 'grid' && spec.samples !== undefined) err(['spec', 'samples'], 'samples applies to design random or latinHypercube only');

  // Seeds: replication r uses seeds[r] at every point.
  const seed = spec.seed ?? 1;
  if (spec.seeds && spec.replications !== undefined && spec.replications !== spec.seeds.length)
    err(['spec', 'replications'], `replications (${spec.replications}) differs from the number of seeds (${spec.seeds.length})`);
  const replications = spec.seeds?.length ?? spec.replications ?? 1;
  const seeds = spec.seeds ?? Array.from({ length: replications }, (_, r) => seed + r);

  const parseConstraints = (list: string[] | undefined, at: PathSegment[]): Constraint[] =>
    (list ?? []).flatMap((text, i) => {
      try {
        return [parseConstraint(text)];
      } catch (e) {
        err([...at, i], e instanceof ConstraintSyntaxError ? e.message : String(e), true);
        return [];
      }
    });
  const constraints = parseConstraints(spec.constraints, ['spec', 'constraints']);
  const objectives = spec.objectives ?? [];

  let goalSeek: GoalSeekDef | undefined;
  if (spec.goalSeek) {
    const g = spec.goalSeek;
    const at: PathSegment[] = ['spec', 'goalSeek'];
    const param = parameters.find((p) => p.name === g.parameter);
    if (!param) err([...at, 'parameter'], `no parameter named "${g.parameter}" in spec.parameters (have: ${spec.parameters.map((p) => p.name).join(', ')})`, true);
    if (!(g.high > g.low)) err([...at, 'high'], 'goalSeek.high must be greater than goalSeek.low', true);
    const gc = g.constraints ? parseConstraints(g.constraints, [...at, 'constraints']) : constraints;
    if (gc.length === 0) err(at, 'goalSeek needs constraints (goalSeek.constraints or spec.constraints)');
    parameters.forEach((p, i) => {
      if (p.name === g.parameter) return;
      const vs = discreteValues(p);
      if (!vs || vs.length !== 1) err(['spec', 'parameters', i], 'in a goalSeek sweep the other parameters must have exactly one value');
    });
    const integer = param?.integer ?? false;
    const step = g.step ?? (integer ? 1 : (g.high - g.low) / 1024);
    if (integer && (!Number.isInteger(g.low) || !Number.isInteger(g.high) || !Number.isInteger(step)))
      err(at, 'an integer parameter needs integer low, high and step');
    goalSeek = { parameter: g.parameter, minimize: g.minimize ?? true, constraints: gc, low: g.low, high: g.high, step };
  }

  // Metrics: the listed ones, plus any a constraint or objective needs.
  let metrics: string[] | undefined;
  if (spec.metrics) {
    metrics = [...spec.metrics];
    const need = [...constraints, ...(goalSeek?.constraints ?? [])].map((c) => c.metric).concat(objectives.map((o) => o.metric));
    for (const m of need) if (!metrics.includes(m)) metrics.push(m);
  }

  const budget: SweepDefinition['budget'] = {};
  if (spec.budget?.maxEvents !== undefined) budget.maxEvents = spec.budget.maxEvents;
  if (spec.budget?.timeout !== undefined) {
    const ms = durationMs(spec.budget.timeout);
    if (ms === undefined || ms <= 0) err(['spec', 'budget', 'timeout'], `not a duration: "${spec.budget.timeout}" (e.g. "500ms", "60s", "5m", "1h30m")`, true);
    else budget.timeoutMs = ms;
  }

  if (errors.length > 0) fail();
  return {
    file,
    name: raw.metadata.name,
    documents,
    origins,
    parameters,
    design,
    samples: spec.samples ?? 0,
    seed,
    seeds,
    ...(metrics ? { metrics } : {}),
    constraints,
    objectives,
    ...(goalSeek ? { goalSeek } : {}),
    budget,
    hash: sweepHash(sweepJs, documents, filesRead(documents, origins, parameters)),
    sourceFiles: [
      ...new Set([
        resolve(file),
        ...origins.map((o) => resolve(o.file)),
        ...referencedFiles(documents, origins, parameters).filter((f) => f.digest !== 'missing').map((f) => f.absolute),
      ]),
    ],
  };
}
