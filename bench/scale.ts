/**
 * Scale bench: "Kubernetes' own envelope" — nodes in 3 zones, N/5 HPA'd Deployments behind
 * Services under a diurnal day, background Deployments filling the cluster to 30 pods per node,
 * a few rolling updates (bench/scale-scenario.ts has the details). Each size is generated as
 * YAML into a temp folder and run in a fresh child process (bench/scale-run.ts) through the
 * runner the CLI uses, CSV reports included (written to the temp folder, then deleted).
 *
 *   npm run bench -- scale [--nodes 500,1000] [--hours 1] [--under 0] [--seed 1]
 *                          [--deployments N] [--pods N] [--timeout 1800] [--keep] [--emit DIR]
 *                          [--explicit]
 *   node dist/bench/scale.js …same options…
 *
 * The scenario's repeated documents are written as Replicate templates unless --explicit asks
 * for every copy written out (a 2 MB file at 5,000 nodes; both run alike, bench/README.md).
 *
 * --under takes fractions, e.g. `--under 0,0.2`: 0.2 is the under-provisioned day (20 % of
 * the HPA'd Deployments pinned to a pool too small for them); the table then gives its cost
 * relative to the provisioned day of the same size. --emit DIR writes the scenario of the first
 * size and exits (for profiling with `node --cpu-prof dist/bench/scale-run.js DIR/scenario.yaml OUT`).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { printTable, si, type Bench } from './bench.js';
import { generateScaleScenario, scaleLayout, scaleParams, type ScaleParams } from './scale-scenario.js';
import type { ScaleRunResult } from './scale-run.js';

const RUN_SCRIPT = fileURLToPath(new URL('./scale-run.js', import.meta.url));

export interface ScaleOptions {
  nodes: number[];
  hours: number[];
  under: number[];
  seed: number;
  deployments?: number;
  pods?: number;
  timeoutS: number;
  keep: boolean;
  emit?: string;
  /** Every copy written out instead of Replicate templates (--explicit). */
  explicit: boolean;
}

function numberList(s: string | undefined, fallback: number[], what: string): number[] {
  if (s === undefined) return fallback;
  const xs = s.split(',').map((x) => Number(x.trim()));
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x) || x < 0)) throw new Error(`--${what}: expected comma-separated numbers, got "${s}"`);
  return xs;
}

export function parseScaleArgs(args: readonly string[]): ScaleOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      nodes: { type: 'string' },
      hours: { type: 'string' },
      under: { type: 'string' },
      seed: { type: 'string' },
      deployments: { type: 'string' },
      pods: { type: 'string' },
      timeout: { type: 'string' },
      keep: { type: 'boolean', default: false },
      emit: { type: 'string' },
      explicit: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const opts: ScaleOptions = {
    nodes: numberList(values.nodes, [500, 1000], 'nodes'),
    hours: numberList(values.hours, [1], 'hours'),
    under: numberList(values.under, [0], 'under'),
    seed: Number(values.seed ?? 1),
    timeoutS: Number(values.timeout ?? 1800),
    keep: values.keep ?? false,
    explicit: values.explicit ?? false,
  };
  if (values.deployments !== undefined) opts.deployments = Number(values.deployments);
  if (values.pods !== undefined) opts.pods = Number(values.pods);
  if (values.emit !== undefined) opts.emit = values.emit;
  if (opts.under.some((f) => f >= 1)) throw new Error('--under: fractions below 1, e.g. 0,0.2');
  return opts;
}

function paramsFor(o: ScaleOptions, nodes: number, hours: number, under: number): ScaleParams {
  return scaleParams(nodes, hours, {
    underProvisioned: under,
    ...(o.deployments !== undefined ? { deployments: o.deployments } : {}),
    ...(o.pods !== undefined ? { pods: o.pods } : {}),
  });
}

/** Runs one size in a child process; resolves with its figures or an error message. */
function runChild(dir: string, seed: number, timeoutS: number): Promise<ScaleRunResult | string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [RUN_SCRIPT, path.join(dir, 'scenario.yaml'), path.join(dir, 'out'), String(seed)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutS * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith('SCALE-RESULT '));
      if (line !== undefined) resolve(JSON.parse(line.slice('SCALE-RESULT '.length)) as ScaleRunResult);
      else if (signal === 'SIGKILL') resolve(`killed after the ${timeoutS} s timeout`);
      else resolve(`exited with ${code ?? signal}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
    });
  });
}

interface Row {
  p: ScaleParams;
  r: ScaleRunResult;
}

const slope = (x0: number, y0: number, x1: number, y1: number): number => Math.log(y1 / y0) / Math.log(x1 / x0);
const mib = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;

export async function runScaleBench(o: ScaleOptions): Promise<void> {
  if (o.emit !== undefined) {
    const p = paramsFor(o, o.nodes[0]!, o.hours[0]!, o.under[0]!);
    fs.mkdirSync(o.emit, { recursive: true });
    fs.writeFileSync(path.join(o.emit, 'scenario.yaml'), generateScaleScenario(p, o.explicit ? 'explicit' : 'replicate'));
    console.log(`wrote ${path.join(o.emit, 'scenario.yaml')} (${JSON.stringify(scaleLayout(p))})`);
    return;
  }
  console.log(
    `scale: each size generated as YAML and run in its own process (load + run + all CSV reports to a temp folder, ` +
      `deleted after); seed ${o.seed}; sizes ${o.nodes.join(', ')} nodes × ${o.hours.join(', ')} h × under-provisioned ${o.under.join(', ')}`,
  );
  const rows: Row[] = [];
  const table: string[][] = [];
  for (const hours of o.hours) {
    for (const nodes of o.nodes) {
      for (const under of o.under) {
        const p = paramsFor(o, nodes, hours, under);
        const L = scaleLayout(p);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8sim-scale-'));
        try {
          fs.writeFileSync(path.join(dir, 'scenario.yaml'), generateScaleScenario(p, o.explicit ? 'explicit' : 'replicate'));
          const load = os.loadavg().map((x) => x.toFixed(2)).join(' ');
          const r = await runChild(dir, o.seed, o.timeoutS);
          const label = [`${nodes}`, `${p.deployments}`, `${p.pods}`, `${hours} h`, under > 0 ? `${under} (${L.underProvisionedDeployments} on ${L.tightNodes} nodes)` : '0'];
          if (typeof r === 'string') {
            table.push([...label, `FAILED: ${r}`, '', '', '', '', '', '', '', '', '', load]);
          } else {
            rows.push({ p, r });
            table.push([
              ...label,
              r.wallS.toFixed(1),
              r.cpuS.toFixed(1),
              r.loadS.toFixed(1),
              si(r.events),
              si(r.events / r.runS),
              mib(r.maxRssBytes),
              (r.virtualS / r.wallS).toFixed(0),
              `${si(r.podsCreated)} / ${r.pendingMean.toFixed(0)} (${(100 * r.pendingSampleShare).toFixed(0)} %)`,
              si(r.schedulingAttemptsFailed),
              mib(r.outBytes),
              load,
            ]);
          }
          console.log(`  ${label.join(' · ')}: ${typeof r === 'string' ? r : `${r.wallS.toFixed(1)} s wall, ${r.cpuS.toFixed(1)} s CPU, ${r.events} events, ${mib(r.maxRssBytes)} RSS`}`);
        } finally {
          if (!o.keep) fs.rmSync(dir, { recursive: true, force: true });
          else console.log(`  kept ${dir}`);
        }
      }
    }
  }
  console.log('');
  printTable(
    ['nodes', 'HPA deployments', 'pods', 'virtual', 'under-provisioned', 'wall s', 'CPU s', 'of which load s', 'kernel events', 'events/s (run)', 'peak RSS', 'virtual/wall', 'pods created / mean pending (samples with pending)', 'failed scheduling attempts', 'CSV written', 'load average at start'],
    table,
  );
  const growth: string[] = [];
  const key = (p: ScaleParams) => `${p.hours} h, under ${p.underProvisioned}`;
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const k = key(row.p);
    groups.set(k, [...(groups.get(k) ?? []), row]);
  }
  for (const [k, g] of groups) {
    const s = [...g].sort((a, b) => a.p.nodes - b.p.nodes);
    for (let i = 1; i < s.length; i++) {
      const a = s[i - 1]!;
      const b = s[i]!;
      growth.push(`wall ∝ nodes^${slope(a.p.nodes, a.r.wallS, b.p.nodes, b.r.wallS).toFixed(2)}, CPU ∝ nodes^${slope(a.p.nodes, a.r.cpuS, b.p.nodes, b.r.cpuS).toFixed(2)} and events ∝ nodes^${slope(a.p.nodes, a.r.events, b.p.nodes, b.r.events).toFixed(2)} from ${a.p.nodes} to ${b.p.nodes} nodes (${k})`);
    }
  }
  const byNodes = new Map<string, Row[]>();
  for (const row of rows) {
    const k = `${row.p.nodes} nodes, under ${row.p.underProvisioned}`;
    byNodes.set(k, [...(byNodes.get(k) ?? []), row]);
  }
  for (const [k, g] of byNodes) {
    const s = [...g].sort((a, b) => a.p.hours - b.p.hours);
    for (let i = 1; i < s.length; i++) {
      const a = s[i - 1]!;
      const b = s[i]!;
      growth.push(`wall ∝ hours^${slope(a.p.hours, a.r.wallS, b.p.hours, b.r.wallS).toFixed(2)}, CPU ∝ hours^${slope(a.p.hours, a.r.cpuS, b.p.hours, b.r.cpuS).toFixed(2)} and events ∝ hours^${slope(a.p.hours, a.r.events, b.p.hours, b.r.events).toFixed(2)} from ${a.p.hours} h to ${b.p.hours} h (${k})`);
    }
  }
  for (const row of rows) {
    if (row.p.underProvisioned === 0) continue;
    const base = rows.find((x) => x.p.underProvisioned === 0 && x.p.nodes === row.p.nodes && x.p.hours === row.p.hours);
    if (base) {
      growth.push(
        `under-provisioned ${row.p.underProvisioned} at ${row.p.nodes} nodes, ${row.p.hours} h: ${(row.r.wallS / base.r.wallS).toFixed(2)}× the provisioned day's wall, ` +
          `${(row.r.cpuS / base.r.cpuS).toFixed(2)}× its CPU, ${(row.r.events / base.r.events).toFixed(2)}× its events (target ≤ 1.5×)`,
      );
    }
  }
  if (growth.length > 0) console.log(`\n${growth.map((g) => `- ${g}`).join('\n')}`);
}

export const scaleBench: Bench = {
  name: 'scale',
  description: "Kubernetes' envelope: N nodes, N/5 HPA'd Deployments, 30 pods/node, diurnal day (default 500 and 1,000 nodes, 1 h)",
  run: async (args = []) => runScaleBench(parseScaleArgs(args)),
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runScaleBench(parseScaleArgs(process.argv.slice(2)));
}
