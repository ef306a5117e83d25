// Schema validation with ajv, and translation of ajv's errors into messages that name the field
// and say what is wrong in the user's terms (never "must match format").
//
// The validators are compiled at build time (schema/generate-validators.ts writes ajv standalone
// code into dist/); this module loads the one for a kind on first use. Only when that file is
// missing or was generated from another schema (a build made with tsc alone) does it compile the
// kind with ajv here, from the same schema and options, so the errors are the same either way.
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { KindSchema } from './schema/index.js';
import { formatChecks } from './schema/formats.js';
import {
  AJV_OPTIONS, ajvFormats, validatorFile, validatorHash, validatorName, validatorSchema, type GeneratedValidatorModule,
} from './schema/validators.js';
import { suggestionSuffix } from './suggest.js';
import type { FieldPath } from './errors.js';

export interface Issue {
  /** The field the message is about. */
  path: FieldPath;
  /** Where to point: this path, and whether at its key (unknown field) or its value. */
  at: FieldPath;
  atKey: boolean;
  message: string;
}

const require = createRequire(import.meta.url);
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

/** Where a kind's validator came from: the build's generated code, or ajv at run time. */
export type ValidatorSource = 'generated' | 'compiled';
const sources = new Map<string, ValidatorSource>();

function getAjv(): Ajv {
  if (!ajv) {
    // Loaded only here: ajv itself takes a while to load, and generated validators do not need it.
    const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
    ajv = new AjvClass(AJV_OPTIONS);
    for (const [name, def] of Object.entries(ajvFormats)) ajv.addFormat(name, def);
  }
  return ajv;
}

/** The build's validator for `k`, if it exists and was generated from this schema. */
function generatedValidator(k: KindSchema): ValidateFunction | undefined {
  let mod: GeneratedValidatorModule;
  try {
    mod = require(`./schema/${validatorFile(k)}`) as GeneratedValidatorModule;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw e;
  }
  return mod.hash === validatorHash(k) ? mod.create(ajvFormats) : undefined;
}

/** Compiled validator for one kind (loaded or compiled on first use). */
export function validatorFor(k: KindSchema): ValidateFunction {
  const name = validatorName(k);
  let v = validators.get(name);
  if (!v) {
    v = generatedValidator(k);
    sources.set(name, v ? 'generated' : 'compiled');
    v ??= getAjv().compile(validatorSchema(k));
    validators.set(name, v);
  }
  return v;
}

/** Where validatorFor(k) got its validator (undefined before the first use); for tests. */
export function validatorSource(k: KindSchema): ValidatorSource | undefined {
  return sources.get(validatorName(k));
}

/** A validator compiled by ajv now, never the generated one (tests compare the two). */
export function compileValidator(k: KindSchema): ValidateFunction {
  return getAjv().compile({ ...validatorSchema(k), $id: `k8sim-runtime:${validatorName(k)}` });
}

type Json = unknown;

/** JSON pointer → path segments, with array indexes as numbers (decided by the data's shape). */
function pointerToPath(pointer: string, data: Json): (string | number)[] {
  if (pointer === '') return [];
  const out: (string | number)[] = [];
  let cur: Json = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      const i = Number(seg);
      out.push(i);
      cur = cur[i];
    } else {
      out.push(seg);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, Json>)[seg] : undefined;
    }
  }
  return out;
}

function jsonType(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function typeMatches(schema: Json, data: Json): boolean {
  if (schema === null || typeof schema !== 'object') return true;
  const t = (schema as { type?: Json }).type;
  if (t === undefined) return true;
  const types = Array.isArray(t) ? t : [t];
  const actual = jsonType(data);
  return types.some((x) => x === actual || (x === 'number' && actual === 'integer'));
}

function describeBranch(schema: Json): string {
  if (schema === null || typeof schema !== 'object') return 'a value';
  const s = schema as { type?: Json; format?: Json };
  if (s.format === 'duration') return 'a duration string';
  if (s.format === 'percent') return 'a percentage string like "25%"';
  const types = Array.isArray(s.type) ? s.type : [s.type];
  return types.filter((x): x is string => typeof x === 'string').map(article).join(' or ') || 'a value';
}

function describeValue(v: Json): string {
  const t = jsonType(v);
  return t === 'string' || t === 'integer' || t === 'number' || t === 'boolean' ? `${t} ${JSON.stringify(v)}` : t;
}

function propertyNames(parentSchema: Json): string[] {
  const props = (parentSchema as { properties?: Json } | undefined)?.properties;
  return props !== null && typeof props === 'object' ? Object.keys(props) : [];
}

/**
 * For anyOf/oneOf over disjoint types, keep only the errors of the branch whose type matches
 * the value (that is what the user was writing); otherwise one summary message.
 */
function resolveAlternatives(errors: ErrorObject[]): ErrorObject[] {
  const drop = new Set<ErrorObject>();
  for (const e of errors) {
    if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf') continue;
    const branches = Array.isArray(e.schema) ? (e.schema as Json[]) : [];
    const matching = branches.flatMap((b, i) => (typeMatches(b, e.data) ? [i] : []));
    const prefix = `${e.schemaPath}/`;
    for (const other of errors) {
      if (other === e || !other.schemaPath.startsWith(prefix)) continue;
      if (other.instancePath !== e.instancePath && !other.instancePath.startsWith(`${e.instancePath}/`)) continue;
      const branch = Number(other.schemaPath.slice(prefix.length).split('/')[0]);
      if (matching.length !== 1 || branch !== matching[0]) drop.add(other);
    }
    if (matching.length === 1) drop.add(e);
  }
  return errors.filter((e) => !drop.has(e));
}

function translate(e: ErrorObject, data: Json): Issue {
  const path = pointerToPath(e.instancePath, data);
  const here = (message: string): Issue => ({ path, at: path, atKey: false, message });
  const p = e.params as Record<string, Json>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(p.additionalProperty);
      const full = [...path, name];
      return { path: full, at: full, atKey: true, message: `unknown field ${JSON.stringify(name)}${suggestionSuffix(name, propertyNames(e.parentSchema))}` };
    }
    case 'required': {
      const name = String(p.missingProperty);
      return { path: [...path, name], at: path, atKey: false, message: 'required field is missing' };
    }
    case 'type':
      return here(`must be ${String(p.type).split(',').map(article).join(' or ')}, not ${describeValue(e.data)}`);
    case 'enum': {
      const allowed = Array.isArray(p.allowedValues) ? p.allowedValues.map(String) : [];
      const suggestion = typeof e.data === 'string' ? suggestionSuffix(e.data, allowed) : '';
      return here(`must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, not ${JSON.stringify(e.data)}${suggestion}`);
    }
    case 'const':
      return here(`must be ${JSON.stringify(p.allowedValue)}`);
    case 'format': {
      const check = formatChecks[String(p.format)] as ((text: string) => string | undefined) | undefined;
      const problem = check && typeof e.data === 'string' ? check(e.data) : undefined;
      return here(problem ?? `must be a valid ${String(p.format)}`);
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return here(`must be ${String(p.comparison)} ${String(p.limit)}, not ${JSON.stringify(e.data)}`);
    case 'minItems':
      return here(`must have at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`);
    case 'maxItems':
      return here(`must have at most ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`);
    case 'minProperties':
    case 'maxProperties': {
      const names = propertyNames(e.parentSchema);
      return here(p.limit === 1 && names.length > 0 ? `exactly one of ${names.join(', ')} must be given` : (e.message ?? 'invalid'));
    }
    case 'anyOf':
    case 'oneOf': {
      const branches = Array.isArray(e.schema) ? (e.schema as Json[]) : [];
      return here(`must be ${branches.map(describeBranch).join(' or ')}, not ${describeValue(e.data)}`);
    }
    default:
      return here(e.message ?? `invalid (${e.keyword})`);
  }
}

/** Validates (filling in schema defaults) and returns the problems found; [] when valid. */
export function validateAgainst(k: KindSchema, data: Json, v: ValidateFunction = validatorFor(k)): Issue[] {
  if (v(data)) return [];
  // `if` failures only say which branch failed; the branch's own errors carry the detail.
  const errors = (v.errors ?? []).filter((e) => e.keyword !== 'if');
  return resolveAlternatives(errors).map((e) => translate(e, data));
}
