// Bad command lines (issue 18): random argument lists from a vocabulary of commands, flags and
// values, each checked as cli/k8sim.ts checks it. Every one must pass or be a UsageError (printed
// as `error: …`, exit 2); nothing else may escape. fast-check, fixed seed, bounded count.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { checkCommandLine, checkOutFlag, parseMaxEventsFlag, parseSeedFlag, parseTimeoutFlag, UsageError } from '../../cli/flags.js';

const WORDS = [
  'run', 'rnu', 'sweep', 'merge', 'a.yaml', '--seed', '--sed', '--out', '--quiet', '--no-quiet', '--Quiet', '--max-events',
  '--timeout', '--watch', '--workers', '--shard', '--resume', '--emit-job', '--=', '--', '-x', '--seed=', '--out=', '--seed=abc',
  '', 'abc', '42', '-1', 'Infinity', '1e3', '10m', '0s', 'pods', '1/2', ' ', '--help',
];

const VALUE_CHECKS: Record<string, (v: string) => unknown> = {
  seed: parseSeedFlag,
  out: checkOutFlag,
  'max-events': parseMaxEventsFlag,
  timeout: parseTimeoutFlag,
};

test('random command lines pass or are one usage error, never another exception', () => {
  let refused = 0;
  let passed = 0;
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...WORDS), { maxLength: 7 }), (argv) => {
      try {
        checkCommandLine(argv);
        // What the run handler then checks: each value flag's value.
        for (let i = 0; i < argv.length; i++) {
          const a = argv[i]!;
          if (!a.startsWith('--')) continue;
          const eq = a.indexOf('=');
          const name = a.slice(2, eq < 0 ? undefined : eq);
          const check = VALUE_CHECKS[name];
          if (check) check(eq < 0 ? argv[i + 1] ?? '' : a.slice(eq + 1));
        }
        passed++;
      } catch (e) {
        assert.instance(e, UsageError, `${JSON.stringify(argv)}: ${String(e)}`);
        assert.not.match((e as Error).message, /\n/, 'one line');
        refused++;
      }
    }),
    { seed: 18, numRuns: 400 },
  );
  assert.ok(refused > 0 && passed > 0, `${passed} passed, ${refused} refused`);
});

test.run();
