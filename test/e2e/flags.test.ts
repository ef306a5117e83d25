// cli/flags.ts: the checks made on a command line before yargs sees it (issue 18).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkCommandLine, checkOutFlag, parseMaxEventsFlag, parseSeedFlag, parseTimeoutFlag, UsageError } from '../../cli/flags.js';

const problem = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    assert.instance(e, UsageError);
    return (e as Error).message;
  }
  assert.unreachable('expected a UsageError');
  return '';
};

test('seeds: integers only, within the safe range', () => {
  assert.is(parseSeedFlag('42'), 42);
  assert.is(parseSeedFlag('-7'), -7);
  assert.is(parseSeedFlag(' 0 '), 0);
  for (const bad of ['abc', 'Infinity', '', '1.5', '1e3', '0x10', 'NaN']) {
    assert.is(problem(() => parseSeedFlag(bad)), `--seed must be an integer, got ${JSON.stringify(bad)}`);
  }
  assert.match(problem(() => parseSeedFlag('99999999999999999999')), /between -9007199254740991 and 9007199254740991/);
});

test('--out must name a folder', () => {
  assert.is(checkOutFlag('out'), 'out');
  assert.is(problem(() => checkOutFlag('')), '--out needs a folder name, got ""');
  assert.is(problem(() => checkOutFlag('  ')), '--out needs a folder name, got ""');
});

test('max events and timeout', () => {
  assert.is(parseMaxEventsFlag('1000'), 1000);
  for (const bad of ['0', '-1', '1.5', 'lots', '']) assert.match(problem(() => parseMaxEventsFlag(bad)), /^--max-events must be a positive integer/);
  assert.is(parseTimeoutFlag('1m30s'), 90_000);
  for (const bad of ['0s', 'soon', '', '-1m']) assert.match(problem(() => parseTimeoutFlag(bad)), /^--timeout must be a duration greater than 0/);
});

test('unknown commands and flags get a "did you mean"; far-off words get the list only', () => {
  assert.is(problem(() => checkCommandLine(['rnu', 'a.yaml'])), 'unknown command "rnu" (did you mean run?); commands: run, sweep, merge, report, compare-trace');
  assert.is(problem(() => checkCommandLine(['swep', 'a.yaml'])), 'unknown command "swep" (did you mean sweep?); commands: run, sweep, merge, report, compare-trace');
  assert.is(problem(() => checkCommandLine(['frobnicate'])), 'unknown command "frobnicate"; commands: run, sweep, merge, report, compare-trace');
  assert.match(problem(() => checkCommandLine(['run', 'a.yaml', '--sed', '3'])), /^unknown flag --sed for run \(did you mean --seed\?\); run takes --seed, --out,/);
  assert.match(problem(() => checkCommandLine(['run', 'a.yaml', '--Quiet'])), /did you mean --quiet\?/);
  assert.match(problem(() => checkCommandLine(['merge', 'a', '--resume'])), /^unknown flag --resume for merge; merge takes --out$/);
});

test('a value flag needs its value; booleans, --flag=value, negations and --help pass', () => {
  assert.is(problem(() => checkCommandLine(['run', 'a.yaml', '--seed'])), '--seed needs a value (e.g. --seed 42)');
  assert.is(problem(() => checkCommandLine(['run', 'a.yaml', '--out', '--quiet'])), '--out needs a value (e.g. --out out)');
  assert.is(problem(() => checkCommandLine(['sweep', 's.yaml', '--workers'])), '--workers needs a value (e.g. --workers 2)');
  for (const ok of [
    ['run', 'a.yaml', '--seed', '-5'],
    ['run', 'a.yaml', '--seed=3', '--quiet', '--no-quiet'],
    ['run', '--help'],
    ['--help'],
    [],
    ['sweep', 's.yaml', '--resume', '--emit-job', '--job-shards', '3'],
    ['run', 'a.yaml', '--', '--not-a-flag'],
  ]) checkCommandLine(ok);
});

test.run();
