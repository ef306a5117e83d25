// What the schema validators are compiled from, shared by the build-time generator
// (generate-validators.ts, ajv standalone code into dist/) and by scenarios/validate.ts (which
// loads the generated code and checks it was generated from the code's schema): one definition
// of the ajv options, the formats and the per-kind schema.
//
// This module must not load ajv: it is on every run's start-up path.
import { createHash } from 'node:crypto';
import type { Options } from 'ajv';
import { definitionName, sharedDefinitions, type JsonSchema, type KindSchema } from './index.js';
import { formatChecks } from './formats.js';

/** ajv options; `verbose` because validate.ts reads error.schema, parentSchema and data. */
export const AJV_OPTIONS = {
  allErrors: true,
  verbose: true,
  useDefaults: true,
  strict: true,
  allowUnionTypes: true,
} as const satisfies Options;

/** The custom formats as ajv format definitions (`ajv.addFormat(name, def)`). */
export const ajvFormats: Record<string, { type: 'string'; validate: (s: string) => boolean }> = Object.fromEntries(
  Object.entries(formatChecks).map(([name, check]) => [name, { type: 'string', validate: (s: string) => check(s) === undefined }]),
);

/** Name of one kind's validator: its definition name, e.g. "apps.v1.Deployment". */
export function validatorName(k: KindSchema): string {
  return definitionName(k.apiVersion, k.kind);
}

/**
 * The schema compiled for one kind: the kind's schema with just the shared definitions (much
 * faster to compile than the combined editor schema, whose if/then union compiles every kind).
 */
export function validatorSchema(k: KindSchema): JsonSchema {
  return { $id: `k8sim:${validatorName(k)}`, ...k.schema, definitions: sharedDefinitions };
}

/**
 * Identifies what a validator was compiled from: the schema, the ajv options and the format
 * names. A generated validator whose hash differs from the code's is stale and is not used.
 */
export function validatorHash(k: KindSchema): string {
  const what = JSON.stringify({ options: AJV_OPTIONS, formats: Object.keys(ajvFormats), schema: validatorSchema(k) });
  return createHash('sha256').update(what).digest('hex');
}

/** File of a kind's generated validator, relative to dist/scenarios/schema/. */
export function validatorFile(k: KindSchema): string {
  return `validators/${validatorName(k)}.cjs`;
}

/** What a generated validator module exports (CommonJS, so it can be loaded synchronously). */
export interface GeneratedValidatorModule {
  /** validatorHash() of the schema it was generated from. */
  hash: string;
  /** The ajv validate function, bound to the format definitions. */
  create(formats: typeof ajvFormats): import('ajv').ValidateFunction;
}
