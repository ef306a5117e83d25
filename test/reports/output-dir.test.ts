// Issue 18: a run that throws closes its CSV files (a sweep worker runs many) and leaves no
// temporary folder; one killed mid-run (Ctrl-C) has its temporary folder removed by the next run.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { OutputDir, removeStaleTemps } from '../../reports/output-dir.js';
import { BudgetExceeded, runFiles } from '../../runner/simulate.js';
import { CLI, clusterYaml, scenarioFile, tempDir } from '../helpers.js';

const openFds = (): number => readdirSync('/proc/self/fd').length;

test('a run that throws mid-way closes every CSV file it opened and removes its temporary folder', () => {
  const file = scenarioFile(`${clusterYaml({ duration: '10m' })}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: w}
spec:
  replicas: 3
  selector: {matchLabels: {a: b}}
  template: {metadata: {labels: {a: b}}, spec: {containers: [{name: c, image: i}]}}
`);
  const parent = tempDir();
  const before = openFds();
  for (let i = 0; i < 5; i++) {
    assert.throws(() => runFiles([file], { seed: 1, out: join(parent, 'out'), maxEvents: 40 }), (e: unknown) => e instanceof BudgetExceeded);
  }
  assert.is(openFds(), before, 'no file descriptor left open');
  assert.equal(readdirSync(parent), [], 'no output or temporary folder left');
});

test('temporary folders of dead k8sim processes are removed; a live one\'s and foreign ones are kept', () => {
  const parent = tempDir();
  const target = join(parent, 'out');
  const dead = join(parent, '.out.k8sim-tmp-999999999-abc123'); // no such pid
  const live = join(parent, `.out.k8sim-tmp-${process.ppid}-def456`);
  const other = join(parent, '.other.k8sim-tmp-999999999-x');
  for (const d of [dead, live, other]) mkdirSync(d);
  removeStaleTemps(target);
  assert.not.ok(existsSync(dead));
  assert.ok(existsSync(live));
  assert.ok(existsSync(other), 'another --out\'s folder is not ours to judge');
  // A new OutputDir does the same sweep first, and names its own folder by its pid.
  mkdirSync(dead);
  const o = new OutputDir(target);
  assert.not.ok(existsSync(dead));
  assert.match(o.tmp, new RegExp(`\\.out\\.k8sim-tmp-${process.pid}-`));
  o.abort();
});

test('SIGTERM mid-run: the next run into the same --out cleans the temporary folder up', async () => {
  // Long enough to be killed mid-run (its event budget would stop it in minutes).
  const file = scenarioFile(`${clusterYaml({ duration: '100000d' })}  sampleInterval: 1h\n`);
  const parent = tempDir();
  const out = join(parent, 'out');
  const child = spawn(process.execPath, [CLI(), 'run', file, '--out', out, '--quiet'], { stdio: 'ignore' });
  // Wait until the run has made its temporary folder, then kill it as Ctrl-C would.
  for (let i = 0; i < 200 && !readdirSync(parent).some((e) => e.includes('.k8sim-tmp-')); i++) await new Promise((r) => setTimeout(r, 25));
  const exited = new Promise((r) => child.once('exit', r));
  assert.is(child.exitCode, null, 'the run was still going when killed');
  child.kill('SIGTERM');
  await exited;
  assert.ok(readdirSync(parent).some((e) => e.includes('.k8sim-tmp-')), 'the killed run left its folder');
  new OutputDir(out).abort();
  assert.equal(readdirSync(parent), [], 'cleaned up by the next run');
});

test.run();
