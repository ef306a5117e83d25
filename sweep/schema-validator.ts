// The Sweep document's validator, compiled at build time (sweep/generate-validator.ts writes ajv
// standalone code to dist/sweep/validators/sweep.cjs, as scenarios/schema/generate-validators.ts
// does for the scenario kinds): a sweep's start-up does not compile schemas. The file records
// the hash of the schema and options it was compiled from; a missing or stale file is refused
// with "run npm run build".
//
// This module must not load ajv.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { sweepSchema } from './schema.js';

/** ajv options of the Sweep validator (no custom formats; ajv's messages with "did you mean" on top). */
export const SWEEP_AJV_OPTIONS = { allErrors: true, strict: false } as const;

/** Relative to this module (dist/sweep/). */
export const SWEEP_VALIDATOR_FILE = './validators/sweep.cjs';

export function sweepValidatorHash(): string {
  return createHash('sha256').update(JSON.stringify({ options: SWEEP_AJV_OPTIONS, schema: sweepSchema })).digest('hex');
}

const require = createRequire(import.meta.url);
let cached: ValidateFunction | undefined;

export function sweepValidator(file = SWEEP_VALIDATOR_FILE): ValidateFunction {
  if (cached && file === SWEEP_VALIDATOR_FILE) return cached;
  const rebuild = 'run `npm run build` (it generates the Sweep schema validator)';
  let mod: { hash: string; create(): ValidateFunction };
  try {
    mod = require(file) as typeof mod;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') throw new Error(`no Sweep schema validator: ${rebuild}`);
    throw e;
  }
  if (mod.hash !== sweepValidatorHash()) throw new Error(`the Sweep schema validator is out of date: ${rebuild}`);
  const v = mod.create();
  if (file === SWEEP_VALIDATOR_FILE) cached = v;
  return v;
}
