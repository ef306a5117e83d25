#!/usr/bin/env node
// The k8sim command line. Bad input (a scenario error, a bad flag) prints one clear message
// and exits with code 2, never a stack trace.

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { finalLine, formatSummaryTable } from '../reports/summary.js';
import { runProgress } from './run-progress.js';
import { formatRollouts } from '../reports/rollouts.js';
import { formatNotSimulated } from '../scenarios/not-simulated.js';
import { OutputDirError } from '../reports/output-dir.js';
import { runFiles, describeRun, BudgetExceeded } from '../runner/simulate.js';
import { ScenarioError, ScenarioErrors } from '../scenarios/errors.js';
import { checkCommandLine, checkOutFlag, MERGE_FLAGS, parseMaxEventsFlag, parseSeedFlag, parseTimeoutFlag, RUN_FLAGS, SWEEP_FLAGS, UsageError, yargsOptions } from './flags.js';
import { mergeCommand, runSweepCommand } from '../sweep/index.js';
import { ReportInputError } from '../reports/html/input-error.js';
import { writeReport } from '../reports/html/write-report.js';
import { compareTrace, CompareTraceError } from '../runner/compare-trace.js';

export const EXIT_USAGE = 2;

/** Errors that are the user's input, not our bug: print them plainly, exit 2. */
export function userErrorMessage(e: unknown): string | undefined {
  if (
    e instanceof ScenarioErrors || e instanceof ScenarioError || e instanceof OutputDirError || e instanceof ReportInputError ||
    e instanceof CompareTraceError || e instanceof UsageError || e instanceof BudgetExceeded
  ) return e.message;
  return undefined;
}

function fail(e: unknown): never {
  const msg = userErrorMessage(e);
  if (msg !== undefined) {
    process.stderr.write(`error: ${msg}\n`);
    process.exit(EXIT_USAGE);
  }
  throw e;
}

async function main(argv: string[]): Promise<void> {
  try {
    checkCommandLine(argv);
  } catch (e) {
    fail(e);
  }
  await yargs(argv)
    .scriptName('k8sim')
    .strict()
    .command(
      'run <scenario..>',
      'simulate a scenario and write its reports',
      (y) =>
        y
          .positional('scenario', { type: 'string', array: true, demandOption: true, describe: 'scenario YAML file(s) or folder(s), as kubectl apply -f' })
          .options(yargsOptions(RUN_FLAGS)),
      async (args) => {
        const started = performance.now();
        // No progress line under --watch: the stream is the output.
        const progress = args.watch === undefined ? runProgress(process.stderr, args.quiet === true) : undefined;
        try {
          if (args.report && args.out === undefined) throw new ReportInputError('--report needs --out DIR: the report is written as DIR/report.html');
          const flag = (name: keyof typeof RUN_FLAGS): string | undefined => (args[name] === undefined ? undefined : String(args[name]));
          const seed = flag('seed');
          const out = flag('out');
          const maxEvents = flag('max-events');
          const timeout = flag('timeout');
          const r = runFiles(args.scenario as string[], {
            ...(seed !== undefined ? { seed: parseSeedFlag(seed) } : {}),
            ...(out !== undefined ? { out: checkOutFlag(out) } : {}),
            ...(args.watch !== undefined ? { watch: args.watch as 'pods' | 'events' } : {}),
            ...(maxEvents !== undefined ? { maxEvents: parseMaxEventsFlag(maxEvents) } : {}),
            ...(timeout !== undefined ? { deadlineMs: Date.now() + parseTimeoutFlag(timeout) } : {}),
            ...(args.strict ? { strict: true } : {}),
            ...(args.recursive ? { recursive: true } : {}),
            ...(progress ? { onProgress: progress.update } : {}),
            print: (line) => process.stdout.write(`${line}\n`),
          });
          progress?.stop();
          for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
          const last = finalLine(r.summary, r.warnings.length);
          if (!args.quiet) {
            const wall = (performance.now() - started) / 1000;
            process.stdout.write(`\nk8sim: ${describeRun(r)} in ${wall.toFixed(2)}s wall\n`);
            process.stdout.write(`${formatSummaryTable(r.summary)}\n`);
            const rollouts = formatRollouts(r.rollouts);
            if (rollouts.length) process.stdout.write(`\n${rollouts.join('\n')}\n`);
            const accepted = formatNotSimulated(r.built.notSimulated);
            if (accepted) process.stdout.write(`\naccepted, not simulated: ${accepted}\n`);
            if (args.out) process.stdout.write(`\nreports written to ${args.out}/ (events.csv, pods.csv, summary.csv, timeseries.csv, rollouts.csv, timeline.csv)\n`);
            else process.stdout.write('\nno reports written (give --out DIR to write them)\n');
          }
          if (args.report) {
            const file = await writeReport(String(args.out));
            if (!args.quiet) process.stdout.write(`report written to ${file}\n`);
          }
          if (!args.quiet) process.stdout.write(`${last}\n`);
          else if (!last.includes(': no pods stuck')) process.stderr.write(`${last}\n`);
        } catch (e) {
          progress?.stop();
          fail(e);
        }
      },
    )
    .command(
      'sweep <file>',
      'run a capacity-planning sweep (points × seeds) on worker threads',
      (y) =>
        y
          .positional('file', { type: 'string', demandOption: true, describe: 'sweep YAML file' })
          .options(yargsOptions(SWEEP_FLAGS)),
      async (args) => {
        const num = (name: keyof typeof SWEEP_FLAGS): number | undefined => (args[name] === undefined ? undefined : Number(args[name]));
        const str = (name: keyof typeof SWEEP_FLAGS): string | undefined => (args[name] === undefined ? undefined : String(args[name]));
        const on = (name: keyof typeof SWEEP_FLAGS): boolean => args[name] === true;
        const shard = str('shard');
        // A shard's folder holds part of the sweep, and --emit-job runs nothing: report after merging.
        if (on('report') && (shard !== undefined || on('emit-job')))
          fail(new ReportInputError(`--report cannot go with ${shard !== undefined ? '--shard' : '--emit-job'}: run \`k8sim report\` on the folder \`k8sim merge\` writes`));
        let out: string;
        try {
          out = checkOutFlag(String(args.out));
        } catch (e) {
          fail(e);
        }
        const optional = {
          workers: num('workers'),
          shard,
          jobShards: num('job-shards'),
          jobParallelism: num('job-parallelism'),
          jobImage: str('job-image'),
          jobPvc: str('job-pvc'),
          jobStorage: str('job-storage'),
          jobStorageClass: str('job-storage-class'),
          jobName: str('job-name'),
        };
        const code = await runSweepCommand({
          file: args.file as string,
          out,
          resume: on('resume'),
          retryFailed: on('retry-failed'),
          quiet: on('quiet'),
          emitJob: on('emit-job'),
          ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
        });
        process.exitCode = code;
        if (code === 0 && on('report') && !on('emit-job')) {
          try {
            const file = await writeReport(out);
            if (!args.quiet) process.stdout.write(`report written to ${file}\n`);
          } catch (e) {
            fail(e);
          }
        }
      },
    )
    .command(
      'report <dir>',
      'write DIR/report.html, one self-contained page of charts, from a run or sweep output folder',
      (y) => y.positional('dir', { type: 'string', demandOption: true, describe: 'the --out folder of a run or a sweep (merged, if sharded)' }),
      async (args) => {
        try {
          process.stdout.write(`report written to ${await writeReport(args.dir as string)}\n`);
        } catch (e) {
          fail(e);
        }
      },
    )
    .command(
      'merge <inputs..>',
      'join sweep shard outputs into the files a single-machine sweep writes',
      (y) =>
        y
          .positional('inputs', { type: 'string', array: true, demandOption: true, describe: 'shard output folders' })
          .options(yargsOptions(MERGE_FLAGS)),
      async (args) => {
        let out: string;
        try {
          out = checkOutFlag(String(args.out));
        } catch (e) {
          fail(e);
        }
        process.exitCode = await mergeCommand({ inputs: args.inputs as string[], out });
      },
    )
    .command(
      'compare-trace <run>',
      'print a run beside the trace it replayed: scheduling delays, never-scheduled share, hourly footprint',
      (y) =>
        y
          .positional('run', { type: 'string', demandOption: true, describe: 'the run\'s --out folder' })
          .option('trace', { type: 'string', array: true, demandOption: true, describe: 'the scenario file(s) holding the Trace' })
          .option('tolerance', { type: 'number', default: 0.1, describe: 'an hour agrees when within this fraction of the trace' }),
      (args) => {
        try {
          process.stdout.write(`${compareTrace(args.run as string, args.trace as string[], args.tolerance)}\n`);
        } catch (e) {
          fail(e);
        }
      },
    )
    .demandCommand(1, 'name a command: run, sweep, merge, report or compare-trace')
    .fail((msg, err) => {
      if (err) fail(err);
      process.stderr.write(`error: ${msg}\n`);
      process.exit(EXIT_USAGE);
    })
    .help()
    .parseAsync();
}

// `k8sim run … --watch pods | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(hideBin(process.argv)).catch((e) => {
  process.stderr.write(`k8sim: internal error: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
