// Issue 18: sweep and merge refuse a folder k8sim did not write, as `run` does; a corrupt journal
// line is named with how to recover, not a stack trace.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeCommand, runSweepCommand, type SweepCommandOptions } from '../../sweep/command.js';
import { readJournal } from '../../sweep/journal.js';
import { SweepUsageError } from '../../sweep/errors.js';
import { SWEEP_MARKER } from '../../sweep/out-folder.js';
import { MARKER } from '../../reports/output-dir.js';
import { capture, fakeWorker, tempDir, writeCase } from './helpers.js';

async function sweep(file: string, out: string, extra: Partial<SweepCommandOptions> = {}): Promise<{ code: number; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const code = await runSweepCommand({ file, out, workers: 1, worker: fakeWorker, quiet: true, handleSigint: false, stdout, stderr, ...extra });
  return { code, stderr: stderr.text() };
}

const SPEC = `  parameters:
    - name: nodes
      path: Cluster/prod:spec.nodePools[0].count
      values: [2, 3]
`;

test('sweep folders carry the same marker as run folders', () => {
  assert.is(SWEEP_MARKER, MARKER);
});

test('sweep --out into a folder of the user\'s own is refused, their results.csv untouched', async () => {
  const dir = tempDir();
  const file = writeCase(dir, SPEC);
  const mine = join(dir, 'mine');
  mkdirSync(mine);
  writeFileSync(join(mine, 'results.csv'), 'my,own\n');
  writeFileSync(join(mine, 'notes.txt'), 'precious');
  const r = await sweep(file, mine);
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /--out .*mine: folder exists and was not written by k8sim; refusing to write into it/);
  assert.is(readFileSync(join(mine, 'results.csv'), 'utf8'), 'my,own\n');
});

test('sweep --out into a new, an empty or its own earlier folder works; merge likewise', async () => {
  const dir = tempDir();
  const file = writeCase(dir, SPEC);
  const out = join(dir, 'a', 'b', 'out');
  assert.is((await sweep(file, out)).code, 0);
  assert.ok(existsSync(join(out, '.k8sim-output')), 'marked as written by k8sim');
  const again = await sweep(file, out, { resume: true }); // its own folder: resumable, not refused as foreign
  assert.is(again.code, 0, again.stderr);
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  assert.is((await sweep(file, empty)).code, 0);
  // merge: into a user's folder refused, into a fresh one fine.
  const user = join(dir, 'user');
  mkdirSync(user);
  writeFileSync(join(user, 'results.csv'), 'mine\n');
  const stderr = capture();
  assert.is(await mergeCommand({ inputs: [out], out: user, stdout: capture(), stderr }), 2);
  assert.match(stderr.text(), /folder exists and was not written by k8sim/);
  assert.is(readFileSync(join(user, 'results.csv'), 'utf8'), 'mine\n');
  assert.is(await mergeCommand({ inputs: [out], out: join(dir, 'merged'), stdout: capture(), stderr: capture() }), 0);
});

test('sweep --out that cannot be made is a usage error, not a hang or a stack', async () => {
  const dir = tempDir();
  const file = writeCase(dir, SPEC);
  const r = await sweep(file, '/proc/k8sim-test/out');
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /^--out \/proc\/k8sim-test\/out: cannot create the folder \(ENOENT\)/);
});

test('a corrupt journal line in the middle names its line and how to recover; a torn last line is ignored', () => {
  const dir = tempDir();
  const path = join(dir, 'runs.jsonl');
  const header = JSON.stringify({ type: 'header', version: 1, sweep: 't', sweepHash: 'h' });
  const run = (i: number) => JSON.stringify({ type: 'run', index: i, point: i, seed: 1, status: 'ok', metrics: {} });
  for (const [bad, why] of [['{"type":"run", garbage', 'not JSON'], ['null', 'not a record'], ['42', 'not a record']] as const) {
    writeFileSync(path, [header, run(0), bad, run(1), ''].join('\n'));
    assert.throws(() => readJournal(path), (e: unknown) =>
      e instanceof SweepUsageError &&
      e.message === `${path}:3:1: corrupt journal line (${why}): delete that line and run again with --resume (its run, if any, is run again), or delete the file to start the sweep afresh`);
  }
  writeFileSync(path, [header, run(0), run(1), '{"type":"ru'].join('\n'));
  assert.is(readJournal(path).runs.length, 2);
});

test('a corrupt journal stops --resume with exit 2 and the message', async () => {
  const dir = tempDir();
  const file = writeCase(dir, SPEC);
  const out = join(dir, 'out');
  assert.is((await sweep(file, out)).code, 0);
  const journal = join(out, 'runs.jsonl');
  const lines = readFileSync(journal, 'utf8').split('\n');
  lines.splice(1, 0, 'not json at all');
  writeFileSync(journal, lines.join('\n'));
  const r = await sweep(file, out, { resume: true });
  assert.is(r.code, 2, r.stderr);
  assert.match(r.stderr, /runs\.jsonl:2:1: corrupt journal line \(not JSON\): delete that line and run again with --resume/);
  assert.not.match(r.stderr, /\n\s+at /);
});

test.run();
