// Sweep benchmark: 32 runs with 1 and then 2 workers, speed-up, and peak memory per worker.
//
// By default the runs are the real simulator on bench/scenarios/sweep-mid.sweep.yaml (16 node
// counts × 2 seeds of a 20-node, 100-pod, one-hour scenario with rolling updates).
// K8SIM_SWEEP_BENCH_FILE=path/to/sweep.yaml runs another sweep; K8SIM_SWEEP_V8=default runs the 2-worker sweep with V8's
// defaults (the A/B of sweep/worker-v8.ts). K8SIM_SWEEP_BENCH=synthetic uses
// a CPU-bound fake runner (sweep/testing/fake-worker.js, ~0.5 s of CPU per run) to measure the
// pool alone.
//
// Wall-clock speed-up needs a quiet machine; the accounting does not. For the kept 1- and 2-worker
// sweeps it reports where the CPU went (Linux): the whole process, the main thread, each worker
// thread (start-up, first run vs later runs: the JIT's warm-up, idle wall time: start-up and the
// tail), the rest (V8's platform threads: concurrent compilation and GC helpers), the workers'
// run-queue wait (others' load) and GC pauses; and `speedup_cpu_model`, the speed-up that CPU
// work allows on two idle cores.
//
//   npm run build && node dist/bench/sweep.js          # standalone
//   npm run bench -- sweep                             # via bench/run.ts

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runSweepCommand } from '../sweep/command.js';
import type { RunRecord } from '../sweep/journal.js';
import { burn } from '../sweep/testing/fake-runner.js';
import { processCpuMs, threadCpu } from '../sweep/thread-cpu.js';
import type { Bench } from './bench.js';
import { ThreadSampler, threadKinds, type ThreadKinds } from './sweep-threads.js';

const RUNS = 32;
const TARGET_MS_PER_RUN = 500;

export interface SweepBenchResult {
  runner: 'synthetic' | 'real';
  /** The 1-minute load average when the bench started and when it ended (others' work on the machine). */
  load_average_start: number;
  load_average_end: number;
  runs: number;
  /** K8SIM_SWEEP_V8 (sweep/worker-v8.ts): 'auto' (unset: the lean inlining budget when the workers fill the cores), 'default', 'lean'. */
  worker_v8: string;
  msPerRunTarget?: number;
  wall_s_1_worker: number;
  wall_s_2_workers: number;
  speedup: number;
  repeats: number;
  /** The same CPU work on 2 bare worker threads vs 1: what the machine offered during the bench. */
  raw_two_thread_speedup: number;
  peak_rss_mib: number;
  peak_heap_mib_per_worker: number;
  /** Where the CPU went in the kept 1-worker and 2-worker sweeps (see SweepAccounting). */
  accounting_1_worker?: SweepAccounting;
  accounting_2_workers?: SweepAccounting;
  /**
   * The speed-up the CPU accounting allows on 2 otherwise idle cores, whatever the load during
   * the bench: t = max(process CPU / 2, the busiest worker thread's CPU) for each sweep, ratio
   * t(1) / t(2). A figure far above `speedup` means the machine was busy; near it, the CPU work
   * itself is what limits the speed-up.
   */
  speedup_cpu_model?: number;
}

/** CPU accounting of one sweep (Linux; seconds unless named otherwise). */
export interface SweepAccounting {
  wall_s: number;
  /** user + system CPU of the whole process during the sweep: every thread. */
  process_cpu_s: number;
  /** The main thread: loading, dispatch, journal, CSVs (the bench's own thread). */
  main_cpu_s: number;
  /** The workers' threads: start-up before their first run plus their runs. */
  workers_cpu_s: number;
  /**
   * The rest: V8's platform threads (concurrent TurboFan compilation, parallel scavenge,
   * concurrent marking and sweeping) and the workers outside their runs. The 1-worker sweep
   * gets this on the otherwise idle second core; with 2 workers it competes with them.
   */
  other_threads_cpu_s: number;
  /** Worker threads runnable but waiting for a CPU (other load on the machine), all workers. */
  workers_wait_s: number;
  /** GC pauses on the worker threads (scavenges; major GC and incremental marking steps). */
  gc_young_s: number;
  gc_major_s: number;
  /**
   * The same CPU from /proc/self/task per thread, by kind (sweep-threads.ts): main, the workers'
   * whole lives, V8's platform threads, threads started during the sweep that ran no run.
   */
  threads?: ThreadKinds;
  per_worker: Array<{
    runs: number;
    cpu_s: number;
    start_cpu_ms: number;
    /** CPU of the worker's first run, and the median of its later runs (the JIT's warm-up shows as the gap). */
    first_run_cpu_ms: number;
    median_later_run_cpu_ms: number;
    /** Wall time not in a run: before the first (start-up) and after the last (the tail). */
    idle_s: number;
  }>;
}

const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The accounting of one sweep from its journal and the process/main-thread CPU around it. */
export function accountSweep(runs: readonly RunRecord[], wallS: number, processCpuMsUsed: number, mainCpuMs: number | undefined): SweepAccounting | undefined {
  if (mainCpuMs === undefined || runs.some((r) => r.cpu === undefined)) return undefined;
  const byWorker = new Map<number, RunRecord[]>();
  for (const r of runs) byWorker.set(r.cpu!.worker, [...(byWorker.get(r.cpu!.worker) ?? []), r]);
  const perWorker = [...byWorker.values()].map((rs) => {
    rs.sort((a, b) => a.cpu!.nth - b.cpu!.nth);
    const cpu = rs.reduce((a, r) => a + r.cpu!.cpuMs + (r.cpu!.startCpuMs ?? 0), 0);
    return {
      runs: rs.length,
      cpu_s: round(cpu / 1000),
      start_cpu_ms: Math.round(rs[0]!.cpu!.startCpuMs ?? 0),
      first_run_cpu_ms: Math.round(rs[0]!.cpu!.cpuMs),
      median_later_run_cpu_ms: Math.round(median(rs.slice(1).map((r) => r.cpu!.cpuMs))),
      idle_s: round(wallS - rs.reduce((a, r) => a + r.wallMs, 0) / 1000),
    };
  });
  const workersMs = perWorker.reduce((a, w) => a + w.cpu_s * 1000, 0);
  const sum = (f: (r: RunRecord) => number): number => round(runs.reduce((a, r) => a + f(r), 0) / 1000);
  return {
    wall_s: round(wallS),
    process_cpu_s: round(processCpuMsUsed / 1000),
    main_cpu_s: round(mainCpuMs / 1000),
    workers_cpu_s: round(workersMs / 1000),
    other_threads_cpu_s: round((processCpuMsUsed - mainCpuMs - workersMs) / 1000),
    workers_wait_s: sum((r) => r.cpu!.waitMs),
    gc_young_s: sum((r) => r.cpu!.gcYoungMs),
    gc_major_s: sum((r) => r.cpu!.gcMajorMs),
    per_worker: perWorker,
  };
}

/** The CPU-bound wall time of a sweep on 2 idle cores: all its CPU spread over both, but no less than its busiest worker. */
function cpuBoundSeconds(a: SweepAccounting): number {
  return Math.max(a.process_cpu_s / 2, ...a.per_worker.map((w) => w.cpu_s));
}

/** Millions of hash rounds that take about `ms` of CPU on this machine. */
function calibrate(ms: number): number {
  burn(20); // warm up the JIT
  const t0 = performance.now();
  burn(100);
  const perMillion = (performance.now() - t0) / 100;
  return Math.max(1, Math.round(ms / perMillion));
}

function syntheticSweep(dir: string, work: number): string {
  writeFileSync(
    join(dir, 'scenario.yaml'),
    `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: prod}
spec:
  nodePools: [{name: default, count: 3, cpu: "4", memory: 16Gi}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 6
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: web, image: nginx, resources: {requests: {cpu: 500m, memory: 256Mi}}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: fake-runner}
data: {mode: ok, work: "${work}"}
`,
  );
  const file = join(dir, 'sweep.yaml');
  writeFileSync(
    file,
    `apiVersion: k8sim/v1
kind: Sweep
metadata: {name: bench}
spec:
  scenario: scenario.yaml
  replications: 4
  parameters:
    - {name: nodes, path: "Cluster/prod:spec.nodePools[0].count", values: [1, 2, 3, 4, 5, 6, 7, 8]}
`,
  );
  return file;
}

/** Runs `burn(work)` on `n` bare worker threads at once; returns wall ms. */
async function bareThreads(n: number, work: number): Promise<number> {
  const url = new URL('../sweep/testing/fake-runner.js', import.meta.url).href;
  const code = `import(${JSON.stringify(url)}).then((m) => m.burn(${work}))`;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: n }, () => new Promise((resolve, reject) => new Worker(code, { eval: true }).on('exit', resolve).on('error', reject))));
  return performance.now() - t0;
}

interface Timed {
  seconds: number;
  runs: RunRecord[];
  accounting?: SweepAccounting;
}

async function timed(file: string, out: string, workers: number, worker: string | undefined): Promise<Timed> {
  const sink = { write: (_: string): boolean => true };
  // Sampled every 500 ms so the workers' threads are seen before the pool ends them (a worker
  // is idle after its last run, so the last sample has all of its CPU); more often, and the
  // sampling itself shows on the main thread (~0.2 s per sweep at 100 ms under load).
  const sampler = new ThreadSampler();
  const sampling = setInterval(() => sampler.sample(), 500);
  const cpu0 = processCpuMs();
  const main0 = threadCpu();
  const t0 = performance.now();
  const code = await runSweepCommand({ file, out, workers, quiet: true, handleSigint: false, stdout: sink, stderr: sink, ...(worker ? { worker } : {}) });
  const seconds = (performance.now() - t0) / 1000;
  const main1 = threadCpu();
  const cpu = processCpuMs() - cpu0;
  clearInterval(sampling);
  sampler.sample();
  if (code !== 0) throw new Error(`sweep exited ${code}`);
  const runs = readFileSync(join(out, 'runs.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"type":"run"'))
    .map((l) => JSON.parse(l) as RunRecord);
  const failed = runs.filter((r) => r.status !== 'ok');
  if (failed.length > 0) throw new Error(`${failed.length} runs failed, e.g. ${failed[0]!.error}`);
  const accounting = accountSweep(runs, seconds, cpu, main0 && main1 ? main1.cpuMs - main0.cpuMs : undefined);
  const tids = new Set(runs.flatMap((r) => (r.cpu?.tid !== undefined ? [r.cpu.tid] : [])));
  if (accounting && tids.size > 0) accounting.threads = threadKinds(sampler.used(), process.pid, tids, sampler.preExisting());
  return { seconds, runs, ...(accounting ? { accounting } : {}) };
}

/** One measurement (see the header); the figures as a record. */
export async function measureSweep(): Promise<SweepBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'k8sim-bench-sweep-'));
  const load0 = loadavg()[0]!;
  try {
    // The real simulator on the bundled mid-sized sweep by default; K8SIM_SWEEP_BENCH=synthetic
    // measures the pool alone with a CPU-bound fake runner.
    const bundled = fileURLToPath(new URL('../../bench/scenarios/sweep-mid.sweep.yaml', import.meta.url));
    const realFile = process.env['K8SIM_SWEEP_BENCH'] === 'synthetic' ? undefined : (process.env['K8SIM_SWEEP_BENCH_FILE'] ?? bundled);
    const fake = fileURLToPath(new URL('../sweep/testing/fake-worker.js', import.meta.url));
    const work = realFile ? 0 : calibrate(TARGET_MS_PER_RUN);
    const file = realFile ?? syntheticSweep(dir, work);
    const worker = realFile ? undefined : fake;
    // The machine may be shared: alternate 1 and 2 workers and keep the best of each (ABBA order).
    const repeat = Math.max(1, Number(process.env['K8SIM_SWEEP_BENCH_REPEAT'] ?? 2));
    let one: Timed | undefined;
    let two: Timed | undefined;
    const rawWork = work > 0 ? work * 4 : calibrate(2000);
    let raw1 = Infinity;
    let raw2 = Infinity;
    for (let i = 0; i < repeat; i++) {
      for (const w of i % 2 === 0 ? [1, 2] : [2, 1]) {
        const r = await timed(file, join(dir, `w${w}-${i}`), w, worker);
        if (w === 1 && (!one || r.seconds < one.seconds)) one = r;
        if (w === 2 && (!two || r.seconds < two.seconds)) two = r;
      }
      raw1 = Math.min(raw1, await bareThreads(1, rawWork));
      raw2 = Math.min(raw2, await bareThreads(2, rawWork));
    }
    if (!one || !two) throw new Error('no measurement');
    const raw = (2 * raw1) / raw2;
    const all = [...one.runs, ...two.runs];
    const result: SweepBenchResult = {
      runner: realFile ? 'real' : 'synthetic',
      load_average_start: round(load0),
      load_average_end: round(loadavg()[0]!),
      runs: two.runs.length,
      worker_v8: process.env['K8SIM_SWEEP_V8'] ?? 'auto',
      repeats: repeat,
      ...(realFile ? {} : { msPerRunTarget: TARGET_MS_PER_RUN }),
      wall_s_1_worker: Number(one.seconds.toFixed(2)),
      wall_s_2_workers: Number(two.seconds.toFixed(2)),
      speedup: Number((one.seconds / two.seconds).toFixed(2)),
      raw_two_thread_speedup: Number(raw.toFixed(2)),
      peak_rss_mib: Number((Math.max(...all.map((r) => r.maxRssKb ?? 0)) / 1024).toFixed(1)),
      peak_heap_mib_per_worker: Number((Math.max(...all.map((r) => r.heapPeakBytes ?? 0)) / 2 ** 20).toFixed(1)),
    };
    if (one.accounting && two.accounting) {
      result.accounting_1_worker = one.accounting;
      result.accounting_2_workers = two.accounting;
      result.speedup_cpu_model = round(cpuBoundSeconds(one.accounting) / cpuBoundSeconds(two.accounting));
    }
    if (result.runs !== RUNS && !realFile) throw new Error(`expected ${RUNS} runs, got ${result.runs}`);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const sweepBench: Bench = {
  name: 'sweep',
  description: '32 sweep runs with 1 and 2 piscina workers: speed-up and peak memory',
  async run() {
    console.log(JSON.stringify(await measureSweep(), null, 2));
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await measureSweep();
  console.log(JSON.stringify(r, null, 2));
}
