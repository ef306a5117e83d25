// One run of a scenario: build the cluster model, apply the manifests at t=0, play the
// timeline, run the kernel to the scenario's duration, and write the reports. Used by the
// CLI and by sweep workers.

import { formatDuration, SimulationError, type KernelStats } from '../sim/index.js';
import { ApiError } from '../models/api/errors.js';
import { ClusterModel } from '../models/cluster.js';
import { prepareManifest } from '../models/api/manifests.js';
import type { KObject, Pod } from '../models/api/types.js';
import { EventLog } from '../reports/event-records.js';
import { OutputDir } from '../reports/output-dir.js';
import { PodRecorder } from '../reports/pod-records.js';
import { SummaryBuilder, type Summary } from '../reports/summary.js';
import { TimeSeriesRecorder, timeseriesScopes } from '../reports/timeseries.js';
import { RolloutLog } from '../reports/rollouts.js';
import { SchedulingLog } from '../reports/scheduling.js';
import { RecoveryTracker } from '../reports/recovery.js';
import { StartupLatency } from '../reports/startup-latency.js';
import type { RolloutRecord } from '../models/controllers/deployment-tracker.js';
import { TimelinePlayer } from './timeline.js';
import { startTraces } from './trace-player.js';
import { watchEvents, watchPods, type WatchTarget } from '../reports/watch.js';
import { buildScenario, type BuiltScenario } from '../scenarios/build.js';
import { loadScenario, type Scenario, type ScenarioDocument } from '../scenarios/load.js';
import { loadPortableScenario, type PortableScenario } from '../scenarios/portable.js';
import { expandScenarioPaths } from '../scenarios/files.js';
import { carryOwnerReferences, snapshotUid } from '../scenarios/snapshot.js';
import { runningAtStart } from '../models/kubelet/policy/adopt-running.js';
import { ScenarioError, ScenarioErrors } from '../scenarios/errors.js';
import { applyHeapSettings } from './v8-heap.js';

/** The V8 heap flag set when the runner was loaded, before any scenario is read (./v8-heap.ts). */
export const heapSetting = applyHeapSettings();

export interface RunOptions {
  /** Master seed; the scenario's Simulation.spec.seed is used when absent, else 1. */
  seed?: number | string;
  /** Output folder for the CSV reports; none when absent. */
  out?: string;
  watch?: WatchTarget;
  /** Where watch lines and warnings go (default: nowhere). */
  print?: (line: string) => void;
  maxEvents?: number;
  /** Wall-clock deadline (Date.now() ms) after which the run stops with BUDGET_EXCEEDED. */
  deadlineMs?: number;
  /** Refuse kinds that are accepted but not simulated (`--strict`). */
  strict?: boolean;
  /** Folders among the paths are read with their subfolders (`-R`, as kubectl apply). */
  recursive?: boolean;
  /**
   * Called after each minute of virtual time with the time reached and the kernel events so
   * far and the run's length (the CLI's progress line). Stepping minute by minute changes no output.
   */
  onProgress?: (virtualMs: number, kernelEvents: number, durationMs: number) => void;
  /** Called with the model once the run reached its end, before the reports close (bench probes). */
  afterRun?: (model: ClusterModel) => void;
}

/** A run stopped by its event or wall-time budget (sweeps record it as a timeout; the CLI exits 2). */
export class BudgetExceeded extends Error {
  readonly code = 'BUDGET_EXCEEDED';
}

/**
 * Kernel events a run may dispatch when neither the caller nor Simulation.spec.maxEvents says:
 * four times the largest bench run (the 5,000-node scale day, ~55 M events), so a real scenario
 * never meets it, while a `100000d` typo stops in minutes with a message instead of running for hours.
 */
export const DEFAULT_MAX_EVENTS = 200_000_000;

export interface RunResult {
  summary: Summary;
  stats: KernelStats;
  built: BuiltScenario;
  /** Things the user should know (objects the simulator does not model yet…). */
  warnings: string[];
  /** Every Deployment rollout of the run (creation or template change), in start order. */
  rollouts: RolloutRecord[];
}

export { type Summary };

export function runScenario(scenario: Scenario, opts: RunOptions = {}): RunResult {
  const built = buildScenario(scenario, opts.strict ? { strict: true } : {});
  return runBuilt(built, opts);
}

/** Runs the scenario in `paths`: files, and folders read as `kubectl apply -f DIR [-R]` reads them. */
export function runFiles(paths: string[], opts: RunOptions = {}): RunResult {
  return runScenario(loadScenario(expandScenarioPaths(paths, opts.recursive === true)), opts);
}

export function runBuilt(built: BuiltScenario, opts: RunOptions = {}): RunResult {
  const seed = opts.seed ?? built.seed ?? 1;
  const maxEvents = opts.maxEvents ?? built.cluster.maxEvents ?? DEFAULT_MAX_EVENTS;
  const model = new ClusterModel({
    ...built.cluster,
    seed,
    maxEvents,
    ...(built.traffic ? { traffic: built.traffic } : {}),
    ...(built.metricsPipeline ? { metricsPipeline: built.metricsPipeline } : {}),
  });
  const print = opts.print ?? (() => {});
  const warnings: string[] = [];
  const out = opts.out !== undefined ? new OutputDir(opts.out) : undefined;
  // Every open CSV file, closed on failure too: a long-lived sweep worker whose runs throw must
  // not run out of file descriptors.
  const open: Array<{ close(): void }> = [];
  const opened = <T extends { close(): void }>(w: T): T => {
    open.push(w);
    return w;
  };
  try {
    const events = opened(new EventLog(model.events, out?.file('events.csv')));
    const pods = opened(new PodRecorder(model.store, out?.file('pods.csv'), model.metrics.podColumns));
    const scheduling = opened(new SchedulingLog(model.scheduler, () => model.sim.now, () => model.scheduler.cache.nodes.length, out?.file('scheduling.csv')));
    const series = opened(new TimeSeriesRecorder(model.sim, model.metrics, out?.file('timeseries.csv'), built.sampleInterval, built.duration, timeseriesScopes(built)));
    if (opts.watch === 'pods') watchPods(model.store, print);
    if (opts.watch === 'events') watchEvents(model.events, print);
    const rollouts = new RolloutLog(model.deployments.tracker, out?.file('rollouts.csv'));
    open.push({ close: () => rollouts.close(model.sim.now) });
    const startup = new StartupLatency(model.store, model.events);
    const recovery = new RecoveryTracker(model.store, built.timeline.map((e) => e.at).sort((a, b) => a - b));
    const snapshotUids = new Map<string, string>();
    for (const m of built.manifests) applyAtStart(model, m.doc, m.obj, warnings, snapshotUids);
    const traces = startTraces(model, built.traces ?? [], (w) => warnings.push(w));
    const timeline = opened(new TimelinePlayer(model, built.timeline, out?.file('timeline.csv'), opts.watch ? print : undefined, built.manifests.map((m) => m.obj as unknown as Record<string, unknown>), built.customResources));
    runWithin(model, built.duration, opts.deadlineMs, maxEvents, opts.onProgress);
    opts.afterRun?.(model);
    warnings.push(...model.kubelet.warnings);
    const summary = new SummaryBuilder(model, events, pods, built).build();
    startup.summarize(model.sim.now, summary);
    recovery.summarize(model.sim.now, summary);
    events.close();
    pods.close();
    series.close();
    scheduling.close();
    timeline.close();
    for (const t of traces) t.close();
    rollouts.close(model.sim.now);
    if (out) {
      SummaryBuilder.writeCsv(summary, out.file('summary.csv'));
      out.commit();
    }
    return { summary, stats: model.sim.stats, built, warnings, rollouts: model.deployments.tracker.rollouts };
  } catch (e) {
    for (const w of open) {
      try {
        w.close();
      } catch {
        // the run's own error is the one to report
      }
    }
    out?.abort();
    throw e;
  }
}

/** Run to `until`, checking a wall-clock deadline and reporting progress between virtual minutes. */
function runWithin(model: ClusterModel, until: number, deadlineMs: number | undefined, maxEvents: number, onProgress: RunOptions['onProgress']): void {
  const where = (): string => `at ${formatDuration(model.sim.now)} of ${formatDuration(until)} of virtual time`;
  try {
    if (deadlineMs === undefined && onProgress === undefined) {
      model.runUntil(until);
      return;
    }
    for (let t = Math.min(until, 60_000); ; t = Math.min(until, t + 60_000)) {
      model.runUntil(t);
      onProgress?.(t, model.sim.stats.dispatched, until);
      if (t >= until) return;
      if (deadlineMs !== undefined && Date.now() > deadlineMs) throw new BudgetExceeded(`run stopped: wall-time budget used up ${where()}; raise it with --timeout (sweeps: budget.timeout)`);
    }
  } catch (e) {
    if (e instanceof SimulationError && /event budget/.test(e.message)) {
      throw new BudgetExceeded(
        `run stopped: event budget of ${maxEvents} kernel events used up ${where()}; ` +
          'raise it with --max-events N or Simulation.spec.maxEvents (sweeps: budget.maxEvents), or shorten Simulation.spec.duration',
      );
    }
    throw e;
  }
}

/**
 * The sweep workers' entry point (sweep/worker.ts): one run of a sweep point, its documents
 * already parsed and carrying their source positions. Returns the run's summary.
 */
export function simulatePoint(
  scenario: PortableScenario,
  options: { seed: number; maxEvents?: number; deadlineMs?: number },
): Summary {
  const r = runScenario(loadPortableScenario(scenario), {
    seed: options.seed,
    ...(options.maxEvents !== undefined ? { maxEvents: options.maxEvents } : {}),
    ...(options.deadlineMs !== undefined ? { deadlineMs: options.deadlineMs } : {}),
  });
  return r.summary;
}

/** `kubectl apply -f scenario.yaml` at t=0: objects in file order; refusals are reported, not fatal. */
function applyAtStart(model: ClusterModel, doc: ScenarioDocument, body: KObject, warnings: string[], snapshotUids: Map<string, string>): void {
  const obj = prepareManifest(body);
  // A snapshot's ownerReferences name its uids; the owners were created first (scenarios/snapshot.ts).
  const uid = snapshotUid(obj);
  carryOwnerReferences(obj as { metadata: { ownerReferences?: Array<{ uid: string }> } }, snapshotUids);
  // A snapshot pod bound and running (kubectl's status shape) is adopted running at t=0.
  const found = obj.kind === 'Pod' && obj.metadata.name ? runningAtStart(obj as unknown as Pod, (body as { status?: unknown }).status) : undefined;
  if (found) model.kubelet.expectRunning(obj.metadata.namespace ?? 'default', obj.metadata.name, found);
  try {
    model.create(obj);
    if (uid !== undefined) snapshotUids.set(uid, obj.metadata.uid!);
  } catch (e) {
    if (found) model.kubelet.expectRunning(obj.metadata.namespace ?? 'default', obj.metadata.name, undefined);
    if (!(e instanceof ApiError)) throw e;
    const pos = doc.locate([]);
    warnings.push(`${doc.file}:${pos.line}:${pos.column}: Error from server (${e.reason}): error when creating: ${e.message}`);
    model.events.warning(obj, 'FailedCreate', e.message, 'kubectl');
  }
}

export function describeRun(r: RunResult): string {
  return `${formatDuration(r.built.duration)} of virtual time, ${r.stats.dispatched} events`;
}

export { ScenarioError, ScenarioErrors };
