// Every bundled chapter 6 and 8 example loads, validates and runs without warnings.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runFiles } from '../../runner/simulate.js';
import { packageRoot } from '../helpers.js';

const dir = join(packageRoot(), 'scenarios', 'examples');
const files = readdirSync(dir).filter((f) => /^ch[68]-.*\.yaml$/.test(f)).sort();

test('the book\'s StatefulSet and Job examples are bundled', () => {
  assert.ok(files.filter((f) => f.startsWith('ch6-')).length >= 1);
  assert.ok(files.filter((f) => f.startsWith('ch8-')).length >= 5);
});

for (const f of files) {
  test(`${f} runs cleanly`, () => {
    const r = runFiles([join(dir, f)]);
    assert.equal(r.warnings, []);
    assert.ok(Number(r.summary.pods_created) > 0);
  });
}

test.run();
