#!/usr/bin/env node
// The k8sim command line. Bad input (a scenario error, a bad flag) prints one clear message
// and exits with code 2, never a stack trace.

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { finalLine, formatSummaryTable } from '../reports/summary.js';
import { runProgress } from './run-progress.js';
import { formatRollouts } from '../reports/rollouts.js';
import { OutputDirError } from '../reports/output-dir.js';
import { runFiles, describeRun } from '../runner/simulate.js';
import { ScenarioError, ScenarioErrors } from '../scenarios/errors.js';
import { mergeCommand, runSweepCommand } from '../sweep/index.js';
import { ReportInputError } from '../reports/html/input-error.js';
import { writeReport } from '../reports/html/write-report.js';
import { compareTrace, CompareTraceError } from '../runner/compare-trace.js';

export const EXIT_USAGE = 2;

/** Errors that are the user's input, not our bug: print them plainly, exit 2. */
export function userErrorMessage(e: unknown): string | undefined {
  if (e instanceof ScenarioErrors || e instanceof ScenarioError || e instanceof OutputDirError || e instanceof ReportInputError || e instanceof CompareTraceError) return e.message;
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
  await yargs(argv)
    .scriptName('k8sim')
    .strict()
    .command(
      'run <scenario..>',
      'simulate a scenario and write its reports',
      (y) =>
        y
          .positional('scenario', { type: 'string', array: true, demandOption: true, describe: 'scenario YAML file(s)' })
          .option('seed', { type: 'number', describe: 'master random seed (default: the scenario\'s, else 1)' })
          .option('out', { type: 'string', describe: 'folder for the CSV reports (replaced atomically)' })
          .option('watch', { choices: ['pods', 'events'] as const, describe: 'stream pods or events as kubectl --watch would' })
          .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors (and, on stderr, a last line if pods were left stuck)' })
          .option('report', { type: 'boolean', default: false, describe: 'also write --out/report.html (needs --out)' }),
      async (args) => {
        const started = performance.now();
        // No progress line under --watch: the stream is the output.
        const progress = args.watch === undefined ? runProgress(process.stderr, args.quiet) : undefined;
        try {
          if (args.report && args.out === undefined) throw new ReportInputError('--report needs --out DIR: the report is written as DIR/report.html');
          const r = runFiles(args.scenario as string[], {
            ...(args.seed !== undefined ? { seed: args.seed } : {}),
            ...(args.out !== undefined ? { out: args.out } : {}),
            ...(args.watch !== undefined ? { watch: args.watch } : {}),
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
            if (args.out) process.stdout.write(`\nreports written to ${args.out}/ (events.csv, pods.csv, summary.csv, timeseries.csv, rollouts.csv, timeline.csv)\n`);
          }
          if (args.report) {
            const file = await writeReport(args.out!);
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
          .option('workers', { type: 'number', describe: 'worker threads (default: number of cores)' })
          .option('out', { type: 'string', default: 'sweep-out', describe: 'output folder' })
          .option('resume', { type: 'boolean', default: false, describe: 'skip runs already recorded in --out' })
          .option('retry-failed', { type: 'boolean', default: false, describe: 'with --resume: rerun the recorded runs that failed' })
          .option('shard', { type: 'string', describe: 'run only shard i of N, e.g. 2/4' })
          .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' })
          .option('emit-job', { type: 'boolean', default: false, describe: 'write a Kubernetes Indexed Job manifest instead of running' })
          .option('job-shards', { type: 'number', describe: 'shards (completions) for --emit-job (default 4)' })
          .option('job-parallelism', { type: 'number', describe: 'Job parallelism for --emit-job' })
          .option('job-image', { type: 'string', describe: 'container image for --emit-job' })
          .option('job-pvc', { type: 'string', describe: 'an existing PersistentVolumeClaim for the results, for --emit-job (default: emit a ReadWriteMany claim)' })
          .option('job-storage', { type: 'string', describe: 'size of the emitted results claim (default 1Gi)' })
          .option('job-storage-class', { type: 'string', describe: 'storageClassName of the emitted results claim (must offer ReadWriteMany)' })
          .option('job-name', { type: 'string', describe: 'Job name for --emit-job' })
          .option('report', { type: 'boolean', default: false, describe: 'also write --out/report.html when the sweep finishes' }),
      async (args) => {
        // A shard's folder holds part of the sweep, and --emit-job runs nothing: report after merging.
        if (args.report && (args.shard !== undefined || args['emit-job']))
          fail(new ReportInputError(`--report cannot go with ${args.shard !== undefined ? '--shard' : '--emit-job'}: run \`k8sim report\` on the folder \`k8sim merge\` writes`));
        const code = await runSweepCommand({
          file: args.file as string,
          out: args.out,
          resume: args.resume,
          retryFailed: args['retry-failed'],
          quiet: args.quiet,
          emitJob: args['emit-job'],
          ...(args.workers !== undefined ? { workers: args.workers } : {}),
          ...(args.shard !== undefined ? { shard: args.shard } : {}),
          ...(args['job-shards'] !== undefined ? { jobShards: args['job-shards'] } : {}),
          ...(args['job-parallelism'] !== undefined ? { jobParallelism: args['job-parallelism'] } : {}),
          ...(args['job-image'] !== undefined ? { jobImage: args['job-image'] } : {}),
          ...(args['job-pvc'] !== undefined ? { jobPvc: args['job-pvc'] } : {}),
          ...(args['job-storage'] !== undefined ? { jobStorage: args['job-storage'] } : {}),
          ...(args['job-storage-class'] !== undefined ? { jobStorageClass: args['job-storage-class'] } : {}),
          ...(args['job-name'] !== undefined ? { jobName: args['job-name'] } : {}),
        });
        process.exitCode = code;
        if (code === 0 && args.report && !args['emit-job']) {
          try {
            const file = await writeReport(args.out);
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
          .option('out', { type: 'string', demandOption: true, describe: 'merged output folder' }),
      async (args) => {
        process.exitCode = await mergeCommand({ inputs: args.inputs as string[], out: args.out });
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
