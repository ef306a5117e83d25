// The k8sim commands' flags as data, so the yargs definitions and the checks made before yargs
// sees the command line come from one table: an unknown command or flag gets a "did you mean",
// a value flag given without its value is an error (not a silent `''` or NaN), and values are
// checked before a run starts (a seed that is not an integer, an empty --out).

import { didYouMean } from '../scenarios/suggest.js';
import { parseWallBudget } from '../runner/budget.js';

/** A mistake on the command line: printed as `error: …`, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface FlagSpec {
  type: 'string' | 'number' | 'boolean';
  describe: string;
  default?: string | number | boolean;
  choices?: readonly string[];
  demandOption?: boolean;
  /** Shown in "needs a value" errors: `--seed 42`. */
  example?: string;
  /** A one-letter spelling (`-R` for --recursive, as kubectl's). */
  alias?: string;
}

export const RUN_FLAGS = {
  seed: { type: 'string', describe: "master random seed, an integer (default: the scenario's, else 1)", example: '42' },
  out: { type: 'string', describe: 'folder for the CSV reports (replaced atomically)', example: 'out' },
  watch: { type: 'string', choices: ['pods', 'events'], describe: 'stream pods or events as kubectl --watch would', example: 'pods' },
  quiet: { type: 'boolean', default: false, describe: 'print nothing but errors (and, on stderr, a last line if pods were left stuck)' },
  report: { type: 'boolean', default: false, describe: 'also write --out/report.html (needs --out)' },
  'max-events': {
    type: 'string',
    describe: 'stop with an error after this many kernel events (default: Simulation.spec.maxEvents, else 200000000)',
    example: '500000000',
  },
  timeout: { type: 'string', describe: 'stop with an error after this much wall-clock time, e.g. 10m (default: none)', example: '10m' },
  recursive: { type: 'boolean', alias: 'R', default: false, describe: 'read folders with their subfolders, as kubectl apply -R' },
  strict: { type: 'boolean', default: false, describe: 'refuse kinds that are accepted but not simulated (ServiceAccount, Ingress, custom resources…)' },
} as const satisfies Record<string, FlagSpec>;

export const SWEEP_FLAGS = {
  workers: { type: 'number', describe: 'worker threads (default: number of cores)', example: '2' },
  out: { type: 'string', default: 'sweep-out', describe: 'output folder', example: 'sweep-out' },
  resume: { type: 'boolean', default: false, describe: 'skip runs already recorded in --out' },
  'retry-failed': { type: 'boolean', default: false, describe: 'with --resume: rerun the recorded runs that failed' },
  shard: { type: 'string', describe: 'run only shard i of N, e.g. 2/4', example: '2/4' },
  quiet: { type: 'boolean', default: false, describe: 'no progress output' },
  'emit-job': { type: 'boolean', default: false, describe: 'write a Kubernetes Indexed Job manifest instead of running' },
  'job-shards': { type: 'number', describe: 'shards (completions) for --emit-job (default 4)', example: '4' },
  'job-parallelism': { type: 'number', describe: 'Job parallelism for --emit-job', example: '2' },
  'job-image': { type: 'string', describe: 'container image for --emit-job', example: 'k8sim:0.1.0' },
  'job-pvc': { type: 'string', describe: 'an existing PersistentVolumeClaim for the results, for --emit-job (default: emit a ReadWriteMany claim)', example: 'results' },
  'job-storage': { type: 'string', describe: 'size of the emitted results claim (default 1Gi)', example: '5Gi' },
  'job-storage-class': { type: 'string', describe: 'storageClassName of the emitted results claim (must offer ReadWriteMany)', example: 'nfs' },
  'job-name': { type: 'string', describe: 'Job name for --emit-job', example: 'sweep' },
  report: { type: 'boolean', default: false, describe: 'also write --out/report.html when the sweep finishes' },
} as const satisfies Record<string, FlagSpec>;

export const MERGE_FLAGS = {
  out: { type: 'string', demandOption: true, describe: 'merged output folder', example: 'merged' },
} as const satisfies Record<string, FlagSpec>;

/** `compare-trace`'s flags (its yargs options are written out in cli/k8sim.ts; these are for the pre-check). */
export const COMPARE_TRACE_FLAGS = {
  trace: { type: 'string', describe: 'the scenario file(s) holding the Trace', example: 'trace.yaml' },
  tolerance: { type: 'number', describe: 'an hour agrees when within this fraction of the trace', example: '0.1' },
} as const satisfies Record<string, FlagSpec>;

export const COMMAND_FLAGS: Record<string, Record<string, FlagSpec>> = {
  run: RUN_FLAGS,
  sweep: SWEEP_FLAGS,
  merge: MERGE_FLAGS,
  report: {},
  'compare-trace': COMPARE_TRACE_FLAGS,
};

/** Flags every command takes (yargs' own). */
const GLOBAL_FLAGS = ['help', 'version'];

/** The options object yargs takes: value flags demand their value (`--seed` alone is an error). */
export function yargsOptions(flags: Record<string, FlagSpec>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, f] of Object.entries(flags)) {
    const { example: _example, ...rest } = f;
    out[name] = f.type === 'boolean' ? rest : { ...rest, requiresArg: true };
  }
  return out;
}

const suggest = (word: string, candidates: string[], prefix = ''): string => {
  const s = didYouMean(word, candidates);
  return s === undefined ? '' : ` (did you mean ${prefix}${s}?)`;
};

/**
 * Checks a command line before yargs parses it: the command is known, every `--flag` is one the
 * command takes, and a value flag has its value. Throws a UsageError naming the first problem.
 */
export function checkCommandLine(argv: readonly string[]): void {
  const commands = Object.keys(COMMAND_FLAGS);
  const command = argv.find((a) => !a.startsWith('-'));
  if (command === undefined) return; // `k8sim`, `k8sim --help`: yargs answers
  const flags = COMMAND_FLAGS[command];
  if (flags === undefined) {
    throw new UsageError(`unknown command "${command}"${suggest(command, commands)}; commands: ${commands.join(', ')}`);
  }
  const known = [...Object.keys(flags), ...GLOBAL_FLAGS];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const negated = name.startsWith('no-') && !(name in flags) ? name.slice(3) : undefined;
    if (negated !== undefined && flags[negated]?.type === 'boolean') continue;
    if (!known.includes(name)) {
      throw new UsageError(`unknown flag --${name} for ${command}${suggest(name, known, '--')}; ${command} takes ${Object.keys(flags).map((f) => `--${f}`).join(', ')}`);
    }
    const spec = flags[name];
    if (spec === undefined || spec.type === 'boolean' || eq >= 0) continue;
    const next = argv[i + 1];
    if (next === undefined || (next.startsWith('--') && next.length > 2)) {
      throw new UsageError(`--${name} needs a value (e.g. --${name} ${spec.example ?? 'VALUE'})`);
    }
    i++;
  }
}

/** `--seed`: an integer, as Simulation.spec.seed is (a seed of 1.5 or "abc" is a typo, not a seed). */
export function parseSeedFlag(text: string): number {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) throw new UsageError(`--seed must be an integer, got ${JSON.stringify(text)}`);
  const n = Number(t);
  if (!Number.isSafeInteger(n)) throw new UsageError(`--seed must be an integer between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}, got ${text}`);
  return n;
}

/** `--out`, `--max-events`, `--timeout`: checked values or a UsageError. */
export function checkOutFlag(text: string, flag = '--out'): string {
  if (text.trim() === '') throw new UsageError(`${flag} needs a folder name, got ""`);
  return text;
}

export function parseMaxEventsFlag(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--max-events must be a positive integer, got ${JSON.stringify(text)}`);
  }
  return n;
}

/** `--timeout 10m`: a Go-style duration of wall-clock time, in milliseconds. */
export function parseTimeoutFlag(text: string): number {
  const ms = parseWallBudget(text);
  if (ms === undefined) throw new UsageError(`--timeout must be a duration greater than 0 such as 90s, 10m or 2h, got ${JSON.stringify(text)}`);
  return ms;
}
