// The Sweep validator is generated at build time (sweep/generate-validator.ts): the sweep loader
// does not load ajv, a missing or stale file says to build, and the generated code answers as
// ajv compiling the schema now does.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { sweepSchema } from '../../sweep/schema.js';
import { SWEEP_AJV_OPTIONS, sweepValidator } from '../../sweep/schema-validator.js';
import { sweepValidatorModule, writeSweepValidator } from '../../sweep/generate-validator.js';
import { fixture, repoRoot } from './helpers.js';
import { readYamlFile } from '../../scenarios/yaml.js';

test('the sweep loader and the validator loader do not import ajv at run time', () => {
  for (const f of ['sweep/load.ts', 'sweep/schema-validator.ts']) {
    const src = readFileSync(join(repoRoot, f), 'utf8');
    const runtime = src.split('\n').filter((l) => /^import .*from 'ajv/.test(l) && !/^import type /.test(l));
    assert.equal(runtime, [], f);
  }
});

test('a missing or stale Sweep validator is an error that says to build', () => {
  // Inside the package, so the generated code's require('ajv/dist/runtime/…') resolves.
  const dir = mkdtempSync(join(repoRoot, 'dist', 'tmp-sweep-validator-'));
  assert.throws(() => sweepValidator(join(dir, 'none.cjs')), /no Sweep schema validator: run `npm run build`/);
  const file = join(dir, 'sweep.cjs');
  writeSweepValidator(file);
  assert.type(sweepValidator(file), 'function');
  const stale = join(dir, 'stale.cjs');
  writeFileSync(stale, readFileSync(file, 'utf8').replace(/exports\.hash = "[0-9a-f]+"/, 'exports.hash = "stale"'));
  assert.throws(() => sweepValidator(stale), /Sweep schema validator is out of date: run `npm run build`/);
  rmSync(dir, { recursive: true });
});

test('the generated validator gives the same errors as ajv compiling the schema now', () => {
  const runtime = new Ajv(SWEEP_AJV_OPTIONS).compile(sweepSchema);
  const generated = sweepValidator();
  assert.ok(sweepValidatorModule().includes('module.exports = '));
  for (const name of ['grid.yaml', 'bad-schema.yaml', 'inline.yaml']) {
    for (const doc of readYamlFile(fixture(name))) {
      if ((doc.value as { kind?: string }).kind !== 'Sweep') continue;
      const a = runtime(doc.value);
      const b = generated(doc.value);
      assert.is(b, a, name);
      assert.equal(generated.errors ?? null, runtime.errors ?? null, name);
    }
  }
});

test.run();
