import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runFiles } from '../../runner/simulate.js';
import { CLI, packageRoot, scenarioFile, tempDir } from '../helpers.js';

const DEFAULT = () => join(packageRoot(), 'scenarios', 'examples', 'default.yaml');
const FILES = ['events.csv', 'pods.csv', 'summary.csv', 'timeseries.csv'];

function runTo(seed: number): string {
  const out = join(tempDir(), 'out');
  runFiles([DEFAULT()], { seed, out });
  return out;
}

test('the default scenario writes events.csv, pods.csv and summary.csv', () => {
  const out = runTo(42);
  for (const f of FILES) assert.ok(existsSync(join(out, f)), f);
  const pods = readFileSync(join(out, 'pods.csv'), 'utf8').trim().split('\n');
  assert.ok(pods[0]!.startsWith('namespace,name,owner,node,created_s,scheduled_s,started_s,ready_s,finished_s,phase,reason,restarts,'), pods[0]);
  assert.is(pods.length - 1, 8, '4 web + 3 api + 1 toolbox');
  const events = readFileSync(join(out, 'events.csv'), 'utf8');
  for (const reason of ['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started', 'SuccessfulCreate', 'ScalingReplicaSet']) {
    assert.ok(events.includes(`,${reason},`), `events.csv has ${reason}`);
  }
});

test('same scenario and seed give byte-identical files', () => {
  const a = runTo(42);
  const b = runTo(42);
  for (const f of FILES) assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f} differs between identical runs`);
});

test('a different seed changes only what is random', () => {
  const a = runTo(42);
  const b = runTo(7);
  const pa = readFileSync(join(a, 'pods.csv'), 'utf8');
  const pb = readFileSync(join(b, 'pods.csv'), 'utf8');
  assert.is.not(pa, pb, 'pod names and pull times are random, so the files differ');
  const count = (s: string) => s.trim().split('\n').length;
  assert.is(count(pa), count(pb), 'but the same pods exist');
  const sa = readFileSync(join(a, 'summary.csv'), 'utf8');
  const sb = readFileSync(join(b, 'summary.csv'), 'utf8');
  const running = (s: string) => /pods_running,(\d+)/.exec(s)![1];
  assert.is(running(sa), running(sb));
});

function cli(args: string[]) {
  return spawnSync(process.execPath, [CLI(), ...args], { encoding: 'utf8' });
}

test('bad input: one message with file:line:col and field path, exit 2, no stack, no output folder', () => {
  const file = scenarioFile(`apiVersion: k8sim/v1
kind: Cluster
metadata: {name: c}
spec:
  nodePools:
    - name: a
      count: 1
      cpu: 4x
      memory: 1Gi
`);
  const out = join(tempDir(), 'out');
  const r = cli(['run', file, '--seed', '1', '--out', out]);
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:8:12: spec\\.nodePools\\[0\\]\\.cpu: `));
  assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
  assert.not.ok(existsSync(out), 'no output folder');
  const parent = join(out, '..');
  assert.equal(readdirSync(parent), [], 'no temporary folder left behind either');
});

test('a limit lower than the request is rejected at load time', () => {
  const file = scenarioFile(`apiVersion: k8sim/v1
kind: Cluster
metadata: {name: c}
spec:
  nodePools: [{name: a, count: 1, cpu: "4", memory: 8Gi}]
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      image: app:1
      resources:
        requests: {cpu: "2"}
        limits: {cpu: "1"}
`);
  const r = cli(['run', file]);
  assert.is(r.status, 2, r.stderr);
  // The API server's field error (upstream names the requests map), where the file wrote it.
  assert.match(r.stderr, /:15:\d+: spec\.containers\[0\]\.resources\.requests: Invalid value: "2": must be less than or equal to cpu limit of 1\n/);
  assert.is(r.stderr.split('\n').filter((l) => l.includes('must be less than')).length, 1, 'one error per problem');
});

test('a folder not written by k8sim is never replaced', () => {
  const out = tempDir();
  mkdirSync(join(out, 'mine'));
  writeFileSync(join(out, 'mine', 'notes.txt'), 'precious');
  const r = cli(['run', DEFAULT(), '--out', join(out, 'mine')]);
  assert.is(r.status, 2, r.stderr);
  assert.match(r.stderr, /not written by k8sim/);
  assert.is(readFileSync(join(out, 'mine', 'notes.txt'), 'utf8'), 'precious');
});

test('a previous k8sim output folder is replaced whole', () => {
  const out = join(tempDir(), 'out');
  assert.is(cli(['run', DEFAULT(), '--out', out, '--quiet']).status, 0);
  writeFileSync(join(out, 'stale.csv'), 'x');
  const r = cli(['run', DEFAULT(), '--out', out, '--quiet']);
  assert.is(r.status, 0, r.stderr);
  assert.not.ok(existsSync(join(out, 'stale.csv')));
  assert.equal(r.stdout, '', '--quiet prints nothing');
});

test('unknown flag exits 2 with a message and a "did you mean"', () => {
  const r = cli(['run', DEFAULT(), '--sed', '3']);
  assert.is(r.status, 2);
  assert.match(r.stderr, /^error: unknown flag --sed for run \(did you mean --seed\?\)/);
});

test('bad command lines: each one clear message, exit 2, no stack, no output folder (issue 18)', () => {
  const out = join(tempDir(), 'out');
  const cases: Array<[string[], RegExp]> = [
    [['rnu', DEFAULT()], /^error: unknown command "rnu" \(did you mean run\?\); commands: run, sweep, merge, report, compare-trace\n$/],
    [['run', DEFAULT(), '--seed'], /^error: --seed needs a value \(e\.g\. --seed 42\)\n$/],
    [['run', DEFAULT(), '--seed', 'abc', '--out', out], /^error: --seed must be an integer, got "abc"\n$/],
    [['run', DEFAULT(), '--out', '/proc/k8sim-test/x'], /^error: --out \/proc\/k8sim-test\/x: cannot create a folder beside it \(ENOENT\)\n$/],
    [['run', DEFAULT(), '--max-events', '50', '--out', out], /^error: run stopped: event budget of 50 kernel events used up at \S+ of 5m of virtual time; raise it with --max-events N/],
    [['merge', 'a', '--out'], /^error: --out needs a value/],
  ];
  for (const [args, want] of cases) {
    const r = cli(args);
    assert.is(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, want, args.join(' '));
    assert.not.match(r.stderr, /\n\s+at /, 'no stack trace');
    assert.not.ok(existsSync(out), `${args.join(' ')}: no output folder`);
  }
  assert.equal(readdirSync(join(out, '..')), [], 'no temporary folder left behind');
});

test('a negated boolean flag and --flag=value forms are accepted', () => {
  const out = join(tempDir(), 'out');
  const r = cli(['run', DEFAULT(), '--no-quiet', `--seed=7`, `--out=${out}`, '--max-events=100000']);
  assert.is(r.status, 0, r.stderr);
  assert.ok(existsSync(join(out, 'summary.csv')));
});

test.run();
