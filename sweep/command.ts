// CLI-facing entry points: `k8sim sweep` → runSweepCommand, `k8sim merge` → mergeCommand.
// They print to stdout/stderr themselves and resolve to the process exit code:
//   0 the sweep finished (failed runs are recorded data, not a failure of the sweep)
//   1 an unexpected internal error, or a merge missing runs
//   2 a problem with the sweep file or the options (file:line:column messages)
// 130 interrupted (SIGINT / the `signal` option): the journal is flushed, partial CSVs written.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { holds } from './constraints.js';
import { expandPoints, runsOfPoint } from './design.js';
import type { RunRef } from './design.js';
import { ScenarioErrors } from '../scenarios/errors.js';
import { SweepUsageError } from './errors.js';
import { bisect, maxProbes, ProbeFailed } from './goalseek.js';
import { defaultImage, jobBaseName, jobYaml } from './job.js';
import { Journal, readJournal } from './journal.js';
import type { JournalHeader, RunRecord } from './journal.js';
import { loadSweep } from './load.js';
import { prepareSweepOut } from './out-folder.js';
import { inRunOrder, planOf, writeFileAtomic, writeOutputs } from './output.js';
import type { Plan } from './output.js';
import { pointDocuments } from './point-scenario.js';
import type { Document } from './paths.js';
import { forEachConcurrent, RunPool, SIMULATOR_WORKER } from './pool.js';
import { Progress } from './progress.js';
import type { TextSink } from './progress.js';
import type { ParamValue, SweepDefinition } from './types.js';
import type { RunTask } from './run-one.js';

export interface SweepCommandOptions {
  /** The sweep file. */
  file: string;
  /** Output folder (created); default `sweep-out`. */
  out?: string;
  /** Pool size; default os.availableParallelism(). */
  workers?: number;
  /** Continue the journal in `out`, skipping runs already recorded. */
  resume?: boolean;
  /** With resume: rerun the recorded runs that failed (error, timeout) instead of keeping them. */
  retryFailed?: boolean;
  /** "i/N" (1-based): run only the runs whose run index mod N == i-1. */
  shard?: string;
  /** No progress output. */
  quiet?: boolean;
  /** Write a Kubernetes Indexed Job manifest to `<out>/job.yaml` instead of running. */
  emitJob?: boolean;
  /** Number of shards (= completions) for --emit-job; default 4. */
  jobShards?: number;
  jobParallelism?: number;
  jobImage?: string;
  jobPvc?: string;
  /** Size of the emitted results claim (default 1Gi). */
  jobStorage?: string;
  jobStorageClass?: string;
  jobName?: string;
  /** --workers inside each Job pod; default 1. */
  jobWorkers?: number;
  /**
   * Piscina worker file that runs each task (a path or file: URL): default sweep/worker.js, the
   * simulator. Tests and the benchmark pass sweep/testing/fake-worker.js.
   */
  worker?: string;
  stdout?: TextSink;
  stderr?: TextSink;
  /** Aborting it behaves like Ctrl-C. */
  signal?: AbortSignal;
  /** Install a SIGINT handler for the duration of the sweep (default true). */
  handleSigint?: boolean;
  /** Clock for progress output (ms). */
  now?: () => number;
}

export interface MergeCommandOptions {
  /** Shard output folders (each with sweep.json and runs*.jsonl). */
  inputs: string[];
  out: string;
  stdout?: TextSink;
  stderr?: TextSink;
}

export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new SweepUsageError(`--shard must be i/N with 1 <= i <= N (e.g. 1/4), got "${text}"`);
  return { index, count };
}

export function shardSuffix(shard: { index: number; count: number } | undefined): string {
  return shard ? `.shard-${shard.index}-of-${shard.count}` : '';
}

/** Which runs a shard owns: round-robin on the global run index (balances slow and fast points). */
export function inShard(runIndex: number, shard: { index: number; count: number } | undefined): boolean {
  return !shard || runIndex % shard.count === shard.index - 1;
}

function workerUrl(worker: string | undefined): string {
  if (worker === undefined) return SIMULATOR_WORKER;
  return worker.startsWith('file:') ? worker : pathToFileURL(resolve(worker)).href;
}

/** The scenario documents of a point: a deep copy with each parameter's node replaced (as a worker builds them). */
export function documentsFor(def: SweepDefinition, values: readonly ParamValue[]): Document[] {
  return pointDocuments(def.documents, def.parameters.map((p) => p.path), values);
}

function paramsRecord(def: SweepDefinition, values: readonly ParamValue[]): Record<string, ParamValue> {
  const rec: Record<string, ParamValue> = {};
  def.parameters.forEach((p, k) => (rec[p.name] = values[k]!));
  return rec;
}

const stdSink = (s: NodeJS.WriteStream): TextSink => ({ write: (t: string) => s.write(t), isTTY: s.isTTY === true });

export async function runSweepCommand(opts: SweepCommandOptions): Promise<number> {
  const stdout = opts.stdout ?? stdSink(process.stdout);
  const stderr = opts.stderr ?? stdSink(process.stderr);
  try {
    return await runSweep(opts, stdout, stderr);
  } catch (e) {
    if (e instanceof ScenarioErrors || e instanceof SweepUsageError) {
      stderr.write(`${e.message}\n`);
      return 2;
    }
    stderr.write(`k8sim sweep: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}

async function runSweep(opts: SweepCommandOptions, stdout: TextSink, stderr: TextSink): Promise<number> {
  const def = loadSweep(opts.file);
  const shard = opts.shard !== undefined ? parseShard(opts.shard) : undefined;
  if (shard && def.goalSeek) throw new SweepUsageError('--shard cannot split a goalSeek sweep: its probes depend on each other (run it on one machine)');
  const out = opts.out ?? 'sweep-out';
  prepareSweepOut(out);

  if (opts.emitJob) {
    if (def.goalSeek) throw new SweepUsageError('--emit-job needs a shardable sweep; a goalSeek sweep runs on one machine');
    const shards = opts.jobShards ?? 4;
    if (!Number.isInteger(shards) || shards < 1) throw new SweepUsageError(`job shards must be a positive integer, got ${shards}`);
    const path = join(out, 'job.yaml');
    writeFileAtomic(
      path,
      jobYaml({
        sweepFile: opts.file,
        sweepName: def.name,
        files: def.sourceFiles,
        shards,
        ...(opts.jobParallelism !== undefined ? { parallelism: opts.jobParallelism } : {}),
        ...(opts.jobImage !== undefined ? { image: opts.jobImage } : {}),
        ...(opts.jobPvc !== undefined ? { pvc: opts.jobPvc } : {}),
        ...(opts.jobStorage !== undefined ? { storage: opts.jobStorage } : {}),
        ...(opts.jobStorageClass !== undefined ? { storageClassName: opts.jobStorageClass } : {}),
        ...(opts.jobName !== undefined ? { name: opts.jobName } : {}),
        ...(opts.jobWorkers !== undefined ? { workersPerPod: opts.jobWorkers } : {}),
      }),
    );
    stdout.write(
      `wrote the ConfigMap of the sweep's files, ${opts.jobPvc ? `the Indexed Job (${shards} shards, results on claim ${opts.jobPvc})` : `a ReadWriteMany results claim, the Indexed Job (${shards} shards)`} and the merge Job to ${path}\n` +
        `build and push the image first (docker build -t ${opts.jobImage ?? defaultImage()} . in the k8sim repository), then: kubectl apply -f ${path}\n` +
        `merged results land in /results/merged on the claim (kubectl logs job/${jobBaseName({ sweepName: def.name, ...(opts.jobName !== undefined ? { name: opts.jobName } : {}) })}-merge shows the summary)\n`,
    );
    return 0;
  }

  const workers = opts.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 1) throw new SweepUsageError(`--workers must be a positive integer, got ${workers}`);
  const suffix = shardSuffix(shard);
  const journalPath = join(out, `runs${suffix}.jsonl`);
  const header: JournalHeader = { type: 'header', version: 1, sweep: def.name, sweepHash: def.hash, ...(shard ? { shard: `${shard.index}/${shard.count}` } : {}) };
  const resumeHint = `k8sim sweep ${opts.file} --out ${out}${shard ? ` --shard ${shard.index}/${shard.count}` : ''} --resume`;

  const recorded = new Map<number, RunRecord>();
  if (existsSync(journalPath)) {
    if (!opts.resume) throw new SweepUsageError(`${journalPath} already exists: resume it with\n  ${resumeHint}\nor choose another --out`);
    const prev = readJournal(journalPath);
    if (prev.header && prev.header.sweepHash !== def.hash)
      throw new SweepUsageError(
        `refusing to resume: ${journalPath} was written by a different sweep definition ` +
          `(journal sha256:${prev.header.sweepHash.slice(0, 12)}…, ${opts.file} is sha256:${def.hash.slice(0, 12)}…). ` +
          `The sweep or its scenario changed; use another --out to start afresh.`,
      );
    if (prev.header && (prev.header.shard ?? '') !== (header.shard ?? ''))
      throw new SweepUsageError(`refusing to resume: ${journalPath} belongs to shard "${prev.header.shard ?? 'none'}", not "${header.shard ?? 'none'}"`);
    for (const r of prev.runs) recorded.set(r.index, r);
    // A retried run's new record is appended; the journal's last record of a run wins.
    if (opts.retryFailed) for (const [i, r] of recorded) if (r.status !== 'ok') recorded.delete(i);
  }
  if (opts.retryFailed && !opts.resume) throw new SweepUsageError('--retry-failed reruns failed runs of an existing journal: use it with --resume');

  const stop = new AbortController();
  const onSigint = (): void => stop.abort();
  const onExternal = (): void => stop.abort();
  if (opts.signal) {
    if (opts.signal.aborted) stop.abort();
    else opts.signal.addEventListener('abort', onExternal);
  }
  if (opts.handleSigint !== false) process.on('SIGINT', onSigint);

  const worker = workerUrl(opts.worker);
  const journal = Journal.open(journalPath, header);
  let pool: RunPool | undefined;
  const getPool = (): RunPool => (pool ??= new RunPool(workers, { base: { documents: def.documents, origins: def.origins }, paths: def.parameters.map((p) => p.path) }, worker));
  const R = def.seeds.length;

  const progress = new Progress({
    total: 0,
    alreadyDone: recorded.size,
    sink: stderr,
    quiet: opts.quiet === true,
    ...(opts.now ? { now: opts.now } : {}),
    label: shard ? `sweep ${def.name} (shard ${shard.index}/${shard.count})` : `sweep ${def.name}`,
  });

  /** Runs a point's pending runs (those not recorded and in this shard); false when interrupted. */
  const runPoints = async (points: { point: number; values: ParamValue[] }[]): Promise<boolean> => {
    const todo: { ref: RunRef; values: ParamValue[] }[] = [];
    for (const { point, values } of points)
      for (const ref of runsOfPoint(point, def.seeds)) {
        if (!inShard(ref.index, shard)) continue;
        const prev = recorded.get(ref.index);
        if (prev) {
          if (prev.id !== ref.id || JSON.stringify(prev.params) !== JSON.stringify(paramsRecord(def, values)) || prev.seed !== ref.seed)
            throw new SweepUsageError(`refusing to resume: journal run ${prev.id} does not match run ${ref.id} of this sweep`);
          continue;
        }
        todo.push({ ref, values });
      }
    await forEachConcurrent(todo, workers, stop.signal, async ({ ref, values }) => {
      const task: RunTask = { values, seed: ref.seed };
      if (def.budget.maxEvents !== undefined) task.maxEvents = def.budget.maxEvents;
      if (def.budget.timeoutMs !== undefined) task.timeoutMs = def.budget.timeoutMs;
      const outcome = await getPool().run(task, stop.signal);
      if (outcome === 'interrupted') return;
      const rec: RunRecord = {
        type: 'run',
        index: ref.index,
        id: ref.id,
        point: ref.point,
        replication: ref.replication,
        seed: ref.seed,
        params: paramsRecord(def, values),
        status: outcome.status,
        error: outcome.error,
        metrics: outcome.metrics,
        wallMs: Math.round(outcome.wallMs),
        maxRssKb: outcome.maxRssKb,
        heapPeakBytes: outcome.heapPeakBytes,
        ...(outcome.cpu ? { cpu: outcome.cpu } : {}),
      };
      journal.append(rec);
      recorded.set(ref.index, rec);
      progress.tick(rec.status !== 'ok');
    });
    return !stop.signal.aborted;
  };

  let plan: Plan;
  let finished: boolean;
  let probeError: string | undefined;
  try {
    if (def.goalSeek) {
      const g = def.goalSeek;
      const k = def.parameters.findIndex((p) => p.name === g.parameter);
      const fixed = def.parameters.map((p) => {
        const s = p.source;
        return s.kind === 'values' || s.kind === 'choice' ? s.values[0]! : s.kind === 'range' ? s.from : 0;
      });
      const points: ParamValue[][] = [];
      const integer = def.parameters[k]!.integer;
      progress.setTotal(maxProbes(g) * R);
      const result = await bisect(g, async (value) => {
        const values = [...fixed];
        values[k] = integer ? Math.round(value) : value;
        const point = points.length;
        points.push(values);
        if (!(await runPoints([{ point, values }]))) return undefined;
        const runs = runsOfPoint(point, def.seeds).map((r) => recorded.get(r.index));
        const failed = runs.filter((r) => r !== undefined && r.status !== 'ok');
        if (failed.length > 0) {
          const f = failed[0]!;
          throw new ProbeFailed(
            `probe ${g.parameter} = ${values[k]}: ${failed.length} of ${runs.length} runs failed (${f.id}: ${f.status}${f.error ? `: ${f.error}` : ''}); ` +
              `feasibility unknown, so goal seeking stopped (raise budget, fix the run, then --resume --retry-failed)`,
          );
        }
        return runs.every((r) => r !== undefined && r.status === 'ok' && g.constraints.every((c) => holds(c, r.metrics)));
      });
      if (result.status === 'interrupted') points.pop();
      progress.setTotal(recorded.size);
      plan = planOf(def, points);
      plan.goal!.result = result;
      finished = result.status !== 'interrupted';
      if (result.status === 'failed') probeError = result.error!;
    } else {
      const points = expandPoints(def);
      const mine = points.length * R - (shard ? countNotInShard(points.length * R, shard) : 0);
      progress.setTotal(mine);
      plan = planOf(def, points);
      finished = await runPoints(points.map((values, point) => ({ point, values })));
    }
  } finally {
    progress.finish();
    journal.close();
    if (opts.handleSigint !== false) process.off('SIGINT', onSigint);
    opts.signal?.removeEventListener('abort', onExternal);
    await pool?.close();
  }

  // (Re)build the CSVs from the journal, in run order.
  const records = readJournal(journalPath).runs;
  const outputs = writeOutputs(out, plan, records, suffix);
  const files = ['results', 'points', 'summary'].map((f) => join(out, `${f}${suffix}.${f === 'summary' ? 'txt' : 'csv'}`));
  if (outputs.goal !== undefined) files.push(join(out, `goal${suffix}.csv`));
  if (!finished) {
    const total = plan.points.length * R - (shard ? countNotInShard(plan.points.length * R, shard) : 0);
    stderr.write(
      `\ninterrupted: ${inRunOrder(records).length} of ${def.goalSeek ? 'the' : total} runs are recorded in ${journalPath}; partial results written to ${files.join(', ')}\n` +
        `resume with: ${resumeHint}\n`,
    );
    return 130;
  }
  stdout.write(outputs.summary);
  stdout.write(`wrote ${files.join(', ')}\n`);
  if (probeError !== undefined) {
    stderr.write(`k8sim sweep: goal seeking failed: ${probeError}\n`);
    return 1;
  }
  return 0;
}

function countNotInShard(totalRuns: number, shard: { index: number; count: number }): number {
  let n = 0;
  for (let i = 0; i < totalRuns; i++) if (!inShard(i, shard)) n++;
  return n;
}

/**
 * Joins shard outputs into exactly the files an unsharded run writes (results.csv, points.csv,
 * summary.txt, sweep.json and a merged runs.jsonl). Exit 1 (after writing) when runs are missing.
 */
export async function mergeCommand(opts: MergeCommandOptions): Promise<number> {
  const stdout = opts.stdout ?? stdSink(process.stdout);
  const stderr = opts.stderr ?? stdSink(process.stderr);
  try {
    if (opts.inputs.length === 0) throw new SweepUsageError('k8sim merge: give one or more shard output folders');
    let plan: Plan | undefined;
    let planFrom = '';
    const records: RunRecord[] = [];
    for (const dir of opts.inputs) {
      const planPath = join(dir, 'sweep.json');
      if (!existsSync(planPath)) throw new SweepUsageError(`${dir}: no sweep.json here — is this a sweep output folder?`);
      const p = JSON.parse(readFileSync(planPath, 'utf8')) as Plan;
      if (plan && p.hash !== plan.hash)
        throw new SweepUsageError(`${dir} holds a different sweep (sha256:${p.hash.slice(0, 12)}…) than ${planFrom} (sha256:${plan.hash.slice(0, 12)}…)`);
      if (!plan) {
        plan = p;
        planFrom = dir;
      }
      const journals = readdirSync(dir).filter((f) => /^runs(\.shard-\d+-of-\d+)?\.jsonl$/.test(f)).sort();
      if (journals.length === 0) throw new SweepUsageError(`${dir}: no runs*.jsonl journal`);
      for (const f of journals) {
        const j = readJournal(join(dir, f));
        if (j.header && j.header.sweepHash !== p.hash) throw new SweepUsageError(`${join(dir, f)} belongs to another sweep`);
        records.push(...j.runs);
      }
    }
    const merged = inRunOrder(records);
    prepareSweepOut(opts.out);
    const outputs = writeOutputs(opts.out, plan!, merged);
    const header: JournalHeader = { type: 'header', version: 1, sweep: plan!.name, sweepHash: plan!.hash };
    writeFileAtomic(join(opts.out, 'runs.jsonl'), [header, ...merged].map((r) => `${JSON.stringify(r)}\n`).join(''));
    const expected = plan!.points.length * plan!.seeds.length;
    stdout.write(outputs.summary);
    stdout.write(`merged ${merged.length} runs from ${opts.inputs.length} folder(s) into ${opts.out}\n`);
    if (merged.length < expected) {
      stderr.write(`k8sim merge: ${expected - merged.length} of ${expected} runs are missing (a shard did not finish?); the CSVs are partial\n`);
      return 1;
    }
    return 0;
  } catch (e) {
    if (e instanceof SweepUsageError) {
      stderr.write(`${e.message}\n`);
      return 2;
    }
    stderr.write(`k8sim merge: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}
