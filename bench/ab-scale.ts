/**
 * Two builds of k8sim on one scale scenario, alternated, hour by hour: is B cheaper than A?
 *
 *   node dist/bench/ab-scale.js A_REPO B_REPO SCENARIO.yaml [ROUNDS=3] [SEED=1]
 *
 * A_REPO and B_REPO are checkouts with `npm run build` done (a git worktree of the old commit
 * and the working tree, say). Each run is `node REPO/dist/bench/scale-run.js SCENARIO OUT` with
 * K8SIM_BENCH_HOURLY=1, one process at a time, in the order A B, B A, A B… (so a machine that
 * drifts faster or slower over the session favours neither), into a temporary folder removed
 * afterwards. It prints every run's CPU per virtual hour, then the summary: per build the median
 * first-hour CPU, the median steady-hour CPU (hours 2 on) and the median wall time; and the
 * steady hours of each round compared one to one (hour h of A's run against hour h of B's in the
 * same round): in how many B was cheaper. Last line `AB-RESULT {json}`.
 *
 * Why: this VM's speed drifts by up to ~20 % between runs of one build, so a change of 5–10 % is
 * invisible in one run each; alternation and per-hour pairs are how bench/README's A/B figures
 * are made. Runs happen one at a time: two at once share the caches and memory bandwidth, which
 * hides exactly the cold-load savings most steps are about.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './bench.js';

/** One virtual hour of a run, as scale-run's K8SIM_BENCH_HOURLY line reports it. */
export interface HourFigure {
  hour: number;
  cpuS: number;
  events: number;
}

export interface AbRun {
  build: 'A' | 'B';
  round: number;
  hours: HourFigure[];
  wallS: number;
}

/** The HOUR lines of a scale-run's stderr (other lines ignored). */
export function parseHourLines(text: string): HourFigure[] {
  const out: HourFigure[] = [];
  for (const line of text.split('\n')) {
    const m = /^HOUR (\d+) cpu_s ([\d.]+) events (\d+)\b/.exec(line);
    if (m) out.push({ hour: Number(m[1]), cpuS: Number(m[2]), events: Number(m[3]) });
  }
  return out;
}

/** The builds in round r (0-based): A then B, then B then A, … */
export function roundOrder(r: number): Array<'A' | 'B'> {
  return r % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
}

export { median };

export interface BuildSummary {
  runs: number;
  firstHourMedianS: number;
  steadyHourMedianS: number;
  wallMedianS: number;
}

export interface AbSummary {
  a: BuildSummary;
  b: BuildSummary;
  /** Steady hours compared one to one within a round, and those where B's CPU was lower / higher. */
  pairs: number;
  bLower: number;
  bHigher: number;
  /** steadyHourMedianS of B over A's. */
  steadyRatio: number;
}

function buildSummary(runs: readonly AbRun[]): BuildSummary {
  return {
    runs: runs.length,
    firstHourMedianS: median(runs.flatMap((r) => r.hours.filter((h) => h.hour === 1).map((h) => h.cpuS))),
    steadyHourMedianS: median(runs.flatMap((r) => r.hours.filter((h) => h.hour >= 2).map((h) => h.cpuS))),
    wallMedianS: median(runs.map((r) => r.wallS)),
  };
}

export function summarizeAb(runs: readonly AbRun[]): AbSummary {
  const a = buildSummary(runs.filter((r) => r.build === 'A'));
  const b = buildSummary(runs.filter((r) => r.build === 'B'));
  let pairs = 0;
  let bLower = 0;
  let bHigher = 0;
  const rounds = new Set(runs.map((r) => r.round));
  for (const round of [...rounds].sort((x, y) => x - y)) {
    const ra = runs.find((r) => r.round === round && r.build === 'A');
    const rb = runs.find((r) => r.round === round && r.build === 'B');
    if (ra === undefined || rb === undefined) continue;
    for (const ha of ra.hours) {
      if (ha.hour < 2) continue;
      const hb = rb.hours.find((h) => h.hour === ha.hour);
      if (hb === undefined) continue;
      pairs++;
      if (hb.cpuS < ha.cpuS) bLower++;
      else if (hb.cpuS > ha.cpuS) bHigher++;
    }
  }
  return { a, b, pairs, bLower, bHigher, steadyRatio: b.steadyHourMedianS / a.steadyHourMedianS };
}

/** One run of `repo`'s scale-run on the scenario; throws with its stderr when it fails. */
function runOnce(repo: string, scenario: string, seed: number, outDir: string): { hours: HourFigure[]; wallS: number } {
  const script = path.join(repo, 'dist', 'bench', 'scale-run.js');
  if (!fs.existsSync(script)) throw new Error(`${script} not found: run \`npm run build\` in ${repo}`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [script, scenario, outDir, String(seed)], {
    env: { ...process.env, K8SIM_BENCH_HOURLY: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  const wallS = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${script} exited ${r.status ?? r.signal}: ${(r.stderr ?? '').trim().slice(-2000)}`);
  return { hours: parseHourLines(r.stderr ?? ''), wallS };
}

/**
 * Alternate the two builds for `rounds` rounds; `log` gets one line per run. The runs' outputs go
 * to a temporary folder under `tmpRoot`, removed at the end.
 */
export function runAb(aRepo: string, bRepo: string, scenario: string, rounds: number, seed: number, log: (line: string) => void, tmpRoot = os.tmpdir()): AbRun[] {
  const tmp = fs.mkdtempSync(path.join(tmpRoot, 'k8sim-ab-'));
  const runs: AbRun[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      for (const build of roundOrder(round)) {
        const repo = build === 'A' ? aRepo : bRepo;
        const { hours, wallS } = runOnce(repo, path.resolve(scenario), seed, path.join(tmp, `${build}-${round}`));
        runs.push({ build, round, hours, wallS });
        log(`round ${round + 1} ${build}: wall ${wallS.toFixed(1)} s, CPU by hour ${hours.map((h) => h.cpuS.toFixed(2)).join(' ')}`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return runs;
}

const [, script, aRepo, bRepo, scenario, roundsArg, seedArg] = process.argv;
if (script !== undefined && import.meta.url === pathToFileURL(script).href) {
  if (aRepo === undefined || bRepo === undefined || scenario === undefined) {
    console.error('usage: node dist/bench/ab-scale.js A_REPO B_REPO SCENARIO.yaml [ROUNDS=3] [SEED=1]');
    process.exit(2);
  }
  const rounds = Number(roundsArg ?? 3);
  const seed = Number(seedArg ?? 1);
  if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(seed)) {
    console.error('error: ROUNDS must be an integer ≥ 1 and SEED an integer');
    process.exit(2);
  }
  for (const [what, p] of [['A_REPO', aRepo], ['B_REPO', bRepo], ['SCENARIO', scenario]] as const) {
    if (!fs.existsSync(p)) {
      console.error(`error: ${what} ${p} does not exist`);
      process.exit(2);
    }
  }
  const load = os.loadavg()[0]!.toFixed(2);
  let runs: AbRun[];
  try {
    runs = runAb(aRepo, bRepo, scenario, rounds, seed, (l) => console.log(l));
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    process.exit(2);
  }
  const s = summarizeAb(runs);
  const row = (name: string, b: BuildSummary) =>
    `${name}: first hour ${b.firstHourMedianS.toFixed(2)} s, steady hour ${b.steadyHourMedianS.toFixed(2)} s, wall ${b.wallMedianS.toFixed(1)} s (medians of ${b.runs} runs)`;
  console.log(row('A', s.a));
  console.log(row('B', s.b));
  console.log(`steady hours B/A ${s.steadyRatio.toFixed(3)}; B cheaper in ${s.bLower} of ${s.pairs} hour pairs, dearer in ${s.bHigher}`);
  console.log(`AB-RESULT ${JSON.stringify({ ...s, loadAverageStart: Number(load), loadAverageEnd: Number(os.loadavg()[0]!.toFixed(2)), runs })}`);
}
