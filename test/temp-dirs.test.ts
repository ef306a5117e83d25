// The tests' temp folders (helpers.ts tempDir) are removed when the process that made them exits,
// unless K8SIM_KEEP_TEST_DIRS=1 asks to keep them.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './helpers.js';

const helpers = join(packageRoot(), 'dist', 'test', 'helpers.js');

/** A child process that makes one temp folder with a file in it, prints its path and exits. */
function makeInChild(env: NodeJS.ProcessEnv): string {
  const script = `import { tempDir } from ${JSON.stringify(helpers)}; import { writeFileSync } from 'node:fs'; const d = tempDir('k8sim-temp-dirs-'); writeFileSync(d + '/f', 'x'); console.log(d);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, ...env } });
  assert.is(r.status, 0, r.stderr);
  return r.stdout.trim();
}

test('a temp folder is gone once its process exits', () => {
  const dir = makeInChild({ K8SIM_KEEP_TEST_DIRS: '' });
  assert.ok(dir.includes('k8sim-temp-dirs-'));
  assert.not.ok(existsSync(dir));
});

test('K8SIM_KEEP_TEST_DIRS=1 keeps it', () => {
  const dir = makeInChild({ K8SIM_KEEP_TEST_DIRS: '1' });
  try {
    assert.ok(existsSync(join(dir, 'f')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
