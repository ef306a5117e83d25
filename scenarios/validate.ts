// Schema validation with ajv, and translation of ajv's errors into messages that name the field
// and say what is wrong in the user's terms (never "must match format").
//
// The validators are compiled at build time: schema/generate-validators.ts (run by `npm run
// build`) writes each kind's ajv standalone code into dist/, and this module loads the one for a
// kind on first use, so a run neither loads ajv nor compiles schemas (~1 s per process before).
// A validator file that is missing, or was generated from another schema than the code's (a build
// made with tsc alone), is an error that says to run `npm run build`.
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { KindSchema } from './schema/index.js';
import { formatChecks } from './schema/formats.js';
import { ajvFormats, validatorFile, validatorHash, validatorName, type GeneratedValidatorModule } from './schema/validators.js';
import { suggestionSuffix } from './suggest.js';
import type { FieldPath } from './errors.js';

export interface Issue {
  /** The field the message is about. */
  path: FieldPath;
  /** Where to point: this path, and whether at its key (unknown field) or its value. */
  at: FieldPath;
  atKey: boolean;
  message: string;
  /**
   * A problem a Kubernetes API server finds when it decodes the body into its Go types, before
   * validation: a wrong JSON type, an integer past int32/int64, a quantity that does not parse.
   */
  decode?: boolean;
}

/** The int32/int64 bounds of scenarios/schema/build.ts: past them a value does not decode. */
const DECODE_LIMITS = new Set([2147483647, -2147483648, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]);

/** Generated CommonJS files are loaded with require: a scenario loads synchronously. */
const require = createRequire(import.meta.url);
const validators = new Map<string, ValidateFunction>();

/** The build's validator for `k` from `file`; throws when it is missing or stale. */
export function loadGeneratedValidator(k: KindSchema, file = `./schema/${validatorFile(k)}`): ValidateFunction {
  const rebuild = `run \`npm run build\` (it generates the schema validators)`;
  let mod: GeneratedValidatorModule;
  try {
    mod = require(file) as GeneratedValidatorModule;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') throw new Error(`no schema validator for ${k.apiVersion}/${k.kind}: ${rebuild}`);
    throw e;
  }
  if (mod.hash !== validatorHash(k)) throw new Error(`the schema validator for ${k.apiVersion}/${k.kind} is out of date: ${rebuild}`);
  return mod.create(ajvFormats);
}

/** The validator for one kind (loaded on first use). */
export function validatorFor(k: KindSchema): ValidateFunction {
  const name = validatorName(k);
  let v = validators.get(name);
  if (!v) {
    v = loadGeneratedValidator(k);
    validators.set(name, v);
  }
  return v;
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
  return resolveAlternatives(errors).map((e) => {
    const issue = translate(e, data);
    const p = e.params as Record<string, Json>;
    if (e.keyword === 'type' || (e.keyword === 'format' && p.format === 'quantity') || ((e.keyword === 'minimum' || e.keyword === 'maximum') && DECODE_LIMITS.has(Number(p.limit)))) {
      issue.decode = true;
    }
    return issue;
  });
}
