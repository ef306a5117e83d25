/**
 * One measured run of the scale bench, in its own process (bench/scale.ts spawns one per size
 * so peak RSS is per run). It does what `k8sim run SCENARIO --seed S --out OUT --quiet` does —
 * load and validate the YAML, build the cluster, run, write every CSV report — through the same
 * runner functions, and prints one line `SCALE-RESULT {json}` with the figures.
 *
 *   node dist/bench/scale-run.js SCENARIO.yaml OUT_DIR [SEED]
 *
 * K8SIM_BENCH_HOURLY=1 prints, on stderr, the CPU, kernel events and RSS of each virtual hour, and the
 * monotonic clock in µs (the clock a --cpu-prof profile's timestamps use: slice a profile by hour).
 *
 * Profile one size: generate it with `node dist/bench/scale.js --emit DIR …`, then
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/bench/scale-run.js DIR/scenario.yaml /tmp/out
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { runScenario } from '../runner/simulate.js';
import { loadScenario } from '../scenarios/load.js';
import { ScenarioError, ScenarioErrors } from '../scenarios/errors.js';

export interface ScaleRunResult {
  /** Load + validate + build of the YAML (s). */
  loadS: number;
  /** Run to the end, reports written and committed (s). */
  runS: number;
  /** loadS + runS: what a user waits for (s). */
  wallS: number;
  /** CPU time of the process, user + system (s); above wallS when GC threads help. */
  cpuS: number;
  events: number;
  /** process.resourceUsage().maxRSS, bytes. */
  maxRssBytes: number;
  virtualS: number;
  podsCreated: number;
  podsPendingEnd: number;
  schedulingAttemptsFailed: number;
  /** Mean over the timeseries samples of the cluster's pods_pending, and the share of samples with any. */
  pendingMean: number;
  pendingSampleShare: number;
  /** Total size of the reports written. */
  outBytes: number;
}

async function pendingFromTimeseries(file: string): Promise<{ mean: number; share: number }> {
  if (!fs.existsSync(file)) return { mean: 0, share: 0 };
  let n = 0;
  let sum = 0;
  let any = 0;
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) {
    // time_s,scope,name,metric,value — the cluster row has an empty name.
    const i = line.indexOf(',cluster,,pods_pending,');
    if (i < 0) continue;
    const v = Number(line.slice(i + ',cluster,,pods_pending,'.length));
    n++;
    sum += v;
    if (v > 0) any++;
  }
  return n === 0 ? { mean: 0, share: 0 } : { mean: sum / n, share: any / n };
}

function dirBytes(dir: string): number {
  let total = 0;
  if (!fs.existsSync(dir)) return 0;
  for (const f of fs.readdirSync(dir)) total += fs.statSync(path.join(dir, f)).size;
  return total;
}

export async function scaleRun(scenarioFile: string, outDir: string, seed: number): Promise<ScaleRunResult> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const scenario = loadScenario([scenarioFile]);
  const t1 = performance.now();
  // K8SIM_BENCH_HOURLY=1: one stderr line per virtual hour with the CPU and kernel events it took
  // (tells a start-up hour from the steady ones, and shows whether later hours cost more).
  const hourly = process.env.K8SIM_BENCH_HOURLY === '1';
  let nextHour = 3_600_000;
  let lastCpu = process.cpuUsage();
  let lastEvents = 0;
  const onProgress = (virtualMs: number, events: number): void => {
    if (virtualMs < nextHour) return;
    const now = process.cpuUsage();
    const cpuS = (now.user - lastCpu.user + now.system - lastCpu.system) / 1e6;
    console.error(`HOUR ${Math.round(virtualMs / 3_600_000)} cpu_s ${cpuS.toFixed(2)} events ${events - lastEvents} rss_mib ${Math.round(process.memoryUsage().rss / 2 ** 20)} mono_us ${process.hrtime.bigint() / 1000n}`);
    lastCpu = now;
    lastEvents = events;
    nextHour = (Math.floor(virtualMs / 3_600_000) + 1) * 3_600_000;
  };
  const r = runScenario(scenario, { seed, out: outDir, ...(hourly ? { onProgress } : {}) });
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  // Outside the measured window: read back what the run wrote.
  const pending = await pendingFromTimeseries(path.join(outDir, 'timeseries.csv'));
  const num = (k: string): number => Number(r.summary[k] ?? 0);
  return {
    loadS: (t1 - t0) / 1000,
    runS: (t2 - t1) / 1000,
    wallS: (t2 - t0) / 1000,
    cpuS: (cpu.user + cpu.system) / 1e6,
    events: r.stats.dispatched,
    maxRssBytes,
    virtualS: r.built.duration / 1000,
    podsCreated: num('pods_created'),
    podsPendingEnd: num('pods_pending'),
    schedulingAttemptsFailed: num('scheduling_attempts_failed'),
    pendingMean: pending.mean,
    pendingSampleShare: pending.share,
    outBytes: dirBytes(outDir),
  };
}

const [, script, scenarioFile, outDir, seedArg] = process.argv;
if (script !== undefined && import.meta.url === pathToFileURL(script).href) {
  if (scenarioFile === undefined || outDir === undefined) {
    console.error('usage: node dist/bench/scale-run.js SCENARIO.yaml OUT_DIR [SEED]');
    process.exit(2);
  }
  let result: ScaleRunResult;
  try {
    result = await scaleRun(scenarioFile, outDir, Number(seedArg ?? 1));
  } catch (e) {
    // A scenario that does not load: its errors (file:line:col and field), not a stack trace.
    if (!(e instanceof ScenarioErrors || e instanceof ScenarioError)) throw e;
    console.error(e.message);
    process.exit(2);
  }
  console.log(`SCALE-RESULT ${JSON.stringify(result)}`);
}
