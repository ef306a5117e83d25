// `k8sim run DIR [-R]` reads a folder as `kubectl apply -f DIR [-R]` does: manifest extensions
// only, names in byte order, subfolders only when recursive, an explicit file whatever its name.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expandScenarioPaths } from '../../scenarios/files.js';
import { ScenarioError } from '../../scenarios/errors.js';
import { tempDir } from '../helpers.js';

function tree(): string {
  const root = tempDir('k8sim-files-');
  for (const f of ['b.yaml', 'a.yml', 'C.json', 'notes.txt', 'x.YAML', 'sub/z.yaml', 'sub/deeper/y.yaml', 'a-dir/q.yaml']) {
    mkdirSync(join(root, f, '..'), { recursive: true });
    writeFileSync(join(root, f), '');
  }
  return root;
}

test('a folder gives its .json/.yaml/.yml files in byte order; no subfolders without -R', () => {
  const root = tree();
  assert.equal(expandScenarioPaths([root]).map((p) => relative(root, p)), ['C.json', 'a.yml', 'b.yaml']);
});

test('-R walks subfolders where their names sort, as filepath.Walk does', () => {
  const root = tree();
  assert.equal(expandScenarioPaths([root], true).map((p) => relative(root, p)), [
    'C.json', 'a-dir/q.yaml', 'a.yml', 'b.yaml', 'sub/deeper/y.yaml', 'sub/z.yaml',
  ]);
});

test('an explicit file is read whatever its extension; paths keep their order', () => {
  const root = tree();
  assert.equal(expandScenarioPaths([join(root, 'notes.txt'), join(root, 'sub')]).map((p) => relative(root, p)), ['notes.txt', 'sub/z.yaml']);
});

test('a missing path and a folder without manifests are errors naming the path', () => {
  const root = tree();
  assert.throws(() => expandScenarioPaths([join(root, 'nope')]), (e: unknown) => e instanceof ScenarioError && /the path ".*nope" does not exist$/.test(e.message));
  const empty = join(root, 'empty');
  mkdirSync(join(empty, 'inner'), { recursive: true });
  writeFileSync(join(empty, 'inner', 'a.yaml'), '');
  assert.throws(() => expandScenarioPaths([empty]), /no manifest files in this folder: recognized file extensions are \.json \.yaml \.yml \(subfolders are read with -R\)/);
  assert.equal(expandScenarioPaths([empty], true).length, 1);
});

test.run();
