// The API server is the one door for writes: outside models/api/ nothing calls the store's
// write methods (create, update, remove, setOwnerReferences); clients and controllers go
// through ApiServer (create/update/patch/scale/updateStatus/updateInPlace/delete).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packageRoot } from '../helpers.js';

const WRITE = /\bstore\.(create|update|remove|setOwnerReferences)\(/;
const SOURCE_DIRS = ['models', 'runner', 'scenarios', 'reports', 'sweep', 'cli', 'bench'];

export function storeWritesOutsideApi(root: string): string[] {
  const found: string[] = [];
  for (const dir of SOURCE_DIRS) {
    let entries;
    try { entries = readdirSync(join(root, dir), { withFileTypes: true, recursive: true }); } catch { continue; }
    for (const e of entries) {
      if (!e.isFile() || !e.name.endsWith('.ts')) continue;
      const file = join(e.parentPath ?? e.path, e.name);
      const rel = relative(root, file);
      if (rel.startsWith(join('models', 'api') + '/')) continue;
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (WRITE.test(line)) found.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
  }
  return found;
}

test('no store writes outside models/api/', () => {
  assert.equal(storeWritesOutsideApi(packageRoot()), []);
});

test('the check sees a write when there is one', () => {
  assert.ok(WRITE.test('    this.api.store.update(pod);'));
  assert.ok(WRITE.test('model.store.create(node)'));
  assert.not.ok(WRITE.test('this.api.updateStatus(pod)'));
});

test.run();
