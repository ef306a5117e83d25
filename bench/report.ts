// The HTML report at the largest size: a synthetic output folder shaped like a 5,000-node day
// (5 pools × 1,000 nodes, 150,000 pods, 5 events each plus 1 % Warnings, timeseries.csv with the
// default scopes of such a cluster — cluster and pool — every 15 s), then `writeReport` timed, the
// page's size, and (where Debian's chromium is) how long the page takes to open and draw.
// `--all-scopes F`: add workload/deployment rows for F × 5,000 Deployments (the opt-in per-entity
// scopes; F = 1 is the ~0.8 GB/day case of docs/outputs.md at 5-minute samples).
// Run alone: npm run build && node dist/bench/report.js [--all-scopes 0.1]
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { chromium as pw } from 'playwright-core';
import { writeReport } from '../reports/html/write-report.js';
import type { Bench } from './bench.js';

const POOLS = 5;
const NODES_PER_POOL = 1000;
const PODS = 150_000;
const DAY = 86_400;

class Out {
  private buf: string[] = [];
  private size = 0;
  private readonly fd: number;
  constructor(file: string, header: string) {
    this.fd = openSync(file, 'w');
    this.line(header);
  }
  line(s: string): void {
    this.buf.push(s, '\n');
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Writes the synthetic folder; deterministic (no randomness: simple periodic shapes). */
export function writeLargeRun(dir: string, allScopes = 0): void {
  const interval = allScopes > 0 ? 300 : 15;
  const load = (t: number) => 0.5 + 0.4 * Math.sin((2 * Math.PI * t) / DAY);
  const ts = new Out(join(dir, 'timeseries.csv'), 'time_s,scope,name,metric,value');
  const deployments = Math.round(allScopes * 5000);
  for (let t = 0; t <= DAY; t += interval) {
    ts.line(`${t},cluster,,pods_pending,${Math.round(200 * Math.max(0, Math.sin(t / 3000)))}`);
    for (let p = 0; p < POOLS; p++) {
      const name = `pool-${p}`;
      const cpu = NODES_PER_POOL * 16000;
      const mem = NODES_PER_POOL * 64 * 2 ** 30;
      const rows: [string, number][] = [
        ['nodes_ready', NODES_PER_POOL],
        ['cpu_allocatable_m', cpu],
        ['cpu_requested_m', Math.round(cpu * 0.7)],
        ['cpu_used_m', Math.round(cpu * load(t + p * 3600))],
        ['memory_allocatable_bytes', mem],
        ['memory_requested_bytes', Math.round(mem * 0.6)],
        ['memory_used_bytes', Math.round(mem * 0.5 * load(t))],
        ['nodes', NODES_PER_POOL],
        ['nodes_provisioning', 0],
        ['node_hours_cumulative', (NODES_PER_POOL * t) / 3600],
        ['cost_cumulative', (NODES_PER_POOL * t * 0.1) / 3600],
      ];
      for (const [m, v] of rows) ts.line(`${t},pool,${name},${m},${v}`);
    }
    for (let d = 0; d < deployments; d++) {
      const name = `default/Deployment/app-${d}`;
      ts.line(`${t},workload,${name},cpu_used_m,${Math.round(3000 * load(t + d))}`);
      ts.line(`${t},workload,${name},cpu_requested_m,3000`);
      ts.line(`${t},workload,${name},memory_used_bytes,${Math.round(2 ** 30 * load(t))}`);
      ts.line(`${t},deployment,default/app-${d},desired_replicas,30`);
      ts.line(`${t},deployment,default/app-${d},ready_replicas,30`);
    }
  }
  ts.close();
  const pods = new Out(join(dir, 'pods.csv'), 'namespace,name,owner,node,created_s,scheduled_s,started_s,ready_s,finished_s,phase,reason,restarts');
  const events = new Out(join(dir, 'events.csv'), 'time_s,namespace,kind,name,reason,message,type,source');
  for (let i = 0; i < PODS; i++) {
    const name = `app-${i % 5000}-${i}`;
    const created = (i * 7) % 3600;
    const node = `pool-${i % POOLS}-${i % NODES_PER_POOL}`;
    const started = created + 3;
    const finished = i % 10 === 0 ? started + 40_000 : '';
    pods.line(`default,${name},ReplicaSet/app-${i % 5000},${node},${created},${created + 1},${started},${started + 5},${finished},${finished === '' ? 'Running' : 'Succeeded'},,0`);
    events.line(`${created + 1},default,Pod,${name},Scheduled,"Successfully assigned default/${name} to ${node}",Normal,default-scheduler`);
    events.line(`${created + 1},default,Pod,${name},Pulling,"Pulling image ""app:1""",Normal,kubelet`);
    events.line(`${created + 2},default,Pod,${name},Pulled,"Successfully pulled image ""app:1"" in 2s",Normal,kubelet`);
    events.line(`${created + 2},default,Pod,${name},Created,Created container app,Normal,kubelet`);
    events.line(`${started},default,Pod,${name},Started,Started container app,Normal,kubelet`);
    if (i % 100 === 0) events.line(`${started + 600},default,Pod,${name},BackOff,Back-off restarting failed container app,Warning,kubelet`);
  }
  pods.close();
  events.close();
  const summary = new Out(join(dir, 'summary.csv'), 'metric,value');
  for (const [k, v] of [['virtual_time_s', DAY], ['duration_s', DAY], ['nodes', POOLS * NODES_PER_POOL], ['pods_created', PODS], ['cost', POOLS * NODES_PER_POOL * 24 * 0.1], ['node_hours', POOLS * NODES_PER_POOL * 24], ...(allScopes > 0 ? [] : [['timeseries_scopes', 'cluster pool']])] as const) summary.line(`${k},${v}`);
  summary.close();
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

export async function runReportBench(allScopes = 0): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'k8sim-report-bench-'));
  try {
    writeLargeRun(dir, allScopes);
    const inputs = ['timeseries.csv', 'pods.csv', 'events.csv'].map((f) => `${f} ${mb(statSync(join(dir, f)).size)}`).join(', ');
    const t0 = performance.now();
    const file = await writeReport(dir);
    const build = (performance.now() - t0) / 1000;
    console.log(`inputs: ${inputs}`);
    console.log(`k8sim report: ${build.toFixed(1)} s wall, peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}, report.html ${mb(statSync(file).size)}`);
    const chromium = process.env.K8SIM_CHROMIUM ?? '/usr/bin/chromium';
    if (!existsSync(chromium)) return console.log(`no browser at ${chromium}: page load not measured`);
    const browser = await pw.launch({ executablePath: chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const t1 = performance.now();
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-ready]', { timeout: 120_000 });
    console.log(`page open to every chart drawn (headless chromium): ${((performance.now() - t1) / 1000).toFixed(1)} s, ${await page.getAttribute('body', 'data-charts')} charts`);
    await browser.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const reportBench: Bench = {
  name: 'report',
  description: 'k8sim report on a synthetic 5,000-node day (150k pods, 750k events): build time, page size, browser open',
  run: async (args = []) => {
    const i = args.indexOf('--all-scopes');
    await runReportBench(i >= 0 ? Number(args[i + 1]) : 0);
  },
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--all-scopes');
  await runReportBench(i >= 0 ? Number(process.argv[i + 1]) : 0);
}
