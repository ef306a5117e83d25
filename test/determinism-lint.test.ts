import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packageRoot } from './helpers.js';

// rule (DESIGN.md): no wall-clock reads and no unseeded randomness in sim/ or models/.
const FORBIDDEN = ['Math.random', 'Date.now', 'new Date(', 'performance.now', 'process.hrtime'];
const ESCAPE = '// wall-clock ok';
const SCANNED_DIRS = ['sim', 'models'];

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return []; // models/ may not exist yet
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}

/** Lines that use a forbidden API, as "file:line: text". */
export function violations(root: string): string[] {
  const found: string[] = [];
  for (const sub of SCANNED_DIRS) {
    for (const file of tsFiles(join(root, sub))) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (line.trimEnd().endsWith(ESCAPE)) return;
          if (FORBIDDEN.some((word) => line.includes(word))) {
            found.push(`${relative(root, file)}:${i + 1}: ${line.trim()}`);
          }
        });
    }
  }
  return found;
}

test('sim/ and models/ never read the wall clock or Math.random', () => {
  const root = packageRoot();
  assert.ok(existsSync(join(root, 'sim', 'kernel.ts')), `sources not found under ${root}`);
  const found = violations(root);
  assert.equal(found, [], `forbidden nondeterminism:\n${found.join('\n')}`);
});

test.run();
