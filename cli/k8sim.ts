#!/usr/bin/env node
// The k8sim command line. Bad input (a scenario error, a bad flag) prints one clear message
// and exits with code 2, never a stack trace.

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { formatSummaryTable } from '../reports/summary.js';
import { formatRollouts } from '../reports/rollouts.js';
import { OutputDirError } from '../reports/output-dir.js';
import { runFiles, describeRun, BudgetExceeded } from '../runner/simulate.js';
import { ScenarioError, ScenarioErrors } from '../scenarios/errors.js';
import { checkCommandLine, checkOutFlag, MERGE_FLAGS, parseMaxEventsFlag, parseSeedFlag, parseTimeoutFlag, RUN_FLAGS, SWEEP_FLAGS, UsageError, yargsOptions } from './flags.js';
import { mergeCommand, runSweepCommand } from '../sweep/index.js';

export const EXIT_USAGE = 2;

/** Errors that are the user's input, not our bug: print them plainly, exit 2. */
export function userErrorMessage(e: unknown): string | undefined {
  if (e instanceof ScenarioErrors || e instanceof ScenarioError || e instanceof OutputDirError || e instanceof UsageError || e instanceof BudgetExceeded) return e.message;
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
          .positional('scenario', { type: 'string', array: true, demandOption: true, describe: 'scenario YAML file(s)' })
          .options(yargsOptions(RUN_FLAGS)),
      (args) => {
        const started = performance.now();
        try {
          const flag = (name: keyof typeof RUN_FLAGS): string | undefined => (args[name] === undefined ? undefined : String(args[name]));
          const seed = flag('seed');
          const out = flag('out');
          const maxEvents = flag('max-events');
          const timeout = flag('timeout');
          const watch = flag('watch') as 'pods' | 'events' | undefined;
          const r = runFiles(args.scenario as string[], {
            ...(seed !== undefined ? { seed: parseSeedFlag(seed) } : {}),
            ...(out !== undefined ? { out: checkOutFlag(out) } : {}),
            ...(watch !== undefined ? { watch } : {}),
            ...(maxEvents !== undefined ? { maxEvents: parseMaxEventsFlag(maxEvents) } : {}),
            ...(timeout !== undefined ? { deadlineMs: Date.now() + parseTimeoutFlag(timeout) } : {}),
            print: (line) => process.stdout.write(`${line}\n`),
          });
          for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
          if (!args.quiet) {
            const wall = (performance.now() - started) / 1000;
            process.stdout.write(`\nk8sim: ${describeRun(r)} in ${wall.toFixed(2)}s wall\n`);
            process.stdout.write(`${formatSummaryTable(r.summary)}\n`);
            const rollouts = formatRollouts(r.rollouts);
            if (rollouts.length) process.stdout.write(`\n${rollouts.join('\n')}\n`);
            if (args.out) process.stdout.write(`\nreports written to ${args.out}/ (events.csv, pods.csv, summary.csv, timeseries.csv, rollouts.csv, timeline.csv)\n`);
          }
        } catch (e) {
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
        const num = (name: string): number | undefined => (args[name] === undefined ? undefined : Number(args[name]));
        const str = (name: string): string | undefined => (args[name] === undefined ? undefined : String(args[name]));
        const workers = num('workers');
        const shard = str('shard');
        const jobShards = num('job-shards');
        const jobParallelism = num('job-parallelism');
        const jobImage = str('job-image');
        const jobPvc = str('job-pvc');
        const jobName = str('job-name');
        let out: string;
        try {
          out = checkOutFlag(String(args.out));
        } catch (e) {
          fail(e);
        }
        const code = await runSweepCommand({
          file: args.file as string,
          out,
          resume: args.resume === true,
          quiet: args.quiet === true,
          emitJob: args['emit-job'] === true,
          ...(workers !== undefined ? { workers } : {}),
          ...(shard !== undefined ? { shard } : {}),
          ...(jobShards !== undefined ? { jobShards } : {}),
          ...(jobParallelism !== undefined ? { jobParallelism } : {}),
          ...(jobImage !== undefined ? { jobImage } : {}),
          ...(jobPvc !== undefined ? { jobPvc } : {}),
          ...(jobName !== undefined ? { jobName } : {}),
        });
        process.exitCode = code;
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
    .demandCommand(1, 'name a command: run, sweep or merge')
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
