// Writes schema/k8sim.schema.json for editors (yaml-language-server: point it at this file).
// The committed file is checked against combinedSchema() by a test, so it cannot drift.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { combinedSchema } from './index.js';

export function renderJsonSchema(): string {
  return `${JSON.stringify(combinedSchema(), null, 2)}\n`;
}

/** Repository root, from dist/scenarios/schema/ at run time. */
export const SCHEMA_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'schema', 'k8sim.schema.json');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(dirname(SCHEMA_FILE), { recursive: true });
  writeFileSync(SCHEMA_FILE, renderJsonSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
