// Scheduler throughput: pods placed per wall second through scheduleOne + cache.addPod, at
// 100 / 1,000 / 5,000 nodes (32 cpu, 128Gi, 110 pods each), median of 5 runs.
// Run: npm run bench -- scheduler (or alone: npm run build && node dist/bench/scheduler.js)
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import seedrandom from 'seedrandom';
import { SchedulerCache, buildProfile, scheduleOne } from '../models/scheduler/policy/index.js';
import type { Node, Pod, PodResources } from '../models/api/types.js';
import { printTable, type Bench } from './bench.js';
import type { SpreadOwners } from '../models/scheduler/policy/plugins/default-selector.js';

const Gi = 1024 ** 3, Mi = 1024 ** 2;

function node(i: number): Node {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}`, 'topology.kubernetes.io/zone': `z${i % 3}` } },
    spec: {}, status: { capacity: {}, allocatable: { cpu: 32000, memory: 128 * Gi, pods: 110 }, conditions: [] },
  };
}

// A realistic mix: a few sizes and some BestEffort pods.
const SIZES: [number, number, number][] = [ // cpu m, memory, weight
  [100, 128 * Mi, 30], [250, 512 * Mi, 25], [500, 1 * Gi, 20], [1000, 2 * Gi, 10], [2000, 4 * Gi, 5], [0, 0, 10],
];

function mix(n: number, rng: () => number): { pod: Pod; res: PodResources }[] {
  const total = SIZES.reduce((s, x) => s + x[2], 0);
  const out: { pod: Pod; res: PodResources }[] = [];
  for (let i = 0; i < n; i++) {
    let r = rng() * total, k = 0;
    while (r >= SIZES[k]![2]) { r -= SIZES[k]![2]; k++; }
    const [cpu, mem] = SIZES[k]!;
    const requests: Record<string, number> = cpu ? { cpu, memory: mem } : {};
    out.push({
      pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: 'default', labels: { app: `a${i % 50}` },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `rs-a${i % 50}`, uid: `rs-${i % 50}`, controller: true }] },
        spec: { containers: [{ name: 'c' }] }, status: { phase: 'Pending', conditions: [], containerStatuses: [] } },
      res: { containers: [], initContainers: [], requests, limits: {}, nonZero: { cpu: cpu || 100, memory: mem || 200 * Mi } },
    });
  }
  return out;
}

/**
 * The bench's pods are owned by 50 ReplicaSets behind 50 Services (`app: a0` … `a49`), as a
 * Deployment's pods are, so PodTopologySpread's system default constraints apply to every one of
 * them (upstream DefaultSelector), as they do in a real cluster. K8SIM_BENCH_NO_SPREAD=1 leaves
 * the listers out (no default spreading), for comparison with figures measured before it existed.
 */
const services: SpreadOwners = {
  serviceSelectors: () => SERVICE_SELECTORS,
  replicationControllerSelector: () => null,
  replicaSetSelector: (_ns, name) => ({ matchLabels: { app: name.slice(3) } }),
  statefulSetSelector: () => null,
  epoch: () => 0,
};
const SERVICE_SELECTORS = Array.from({ length: 50 }, (_, i) => ({ app: `a${i}` }));

function once(nodes: number, pods: number): { podsPerSec: number; placed: number } {
  const rng = seedrandom(`bench/${nodes}`);
  const cache = new SchedulerCache();
  for (let i = 0; i < nodes; i++) cache.addNode(node(i));
  const profile = buildProfile();
  const work = mix(pods, rng);
  const opts = process.env.K8SIM_BENCH_NO_SPREAD ? {} : { spreadOwners: services };
  const t0 = performance.now();
  let placed = 0;
  for (const { pod, res } of work) {
    const r = scheduleOne(pod, res, cache, profile, rng, opts);
    if ('nodeName' in r) { cache.addPod(pod, res, r.nodeName); placed++; }
  }
  const dt = (performance.now() - t0) / 1000;
  return { podsPerSec: pods / dt, placed };
}

export interface SchedulerBenchRow { nodes: number; pods: number; placed: number; medianPodsPerSec: number; runs: number[] }

export async function run(opts: { runs?: number } = {}): Promise<SchedulerBenchRow[]> {
  const runs = opts.runs ?? 5;
  const rows: SchedulerBenchRow[] = [];
  for (const [nodes, pods] of [[100, 8_000], [1000, 30_000], [5000, 50_000]] as const) {
    const pods2 = Math.min(pods, nodes * 110);
    once(nodes, Math.min(pods2, 2000)); // warm-up
    const rs: number[] = [];
    let placed = 0;
    for (let i = 0; i < runs; i++) { const r = once(nodes, pods2); rs.push(Math.round(r.podsPerSec)); placed = r.placed; }
    const sorted = [...rs].sort((a, b) => a - b);
    rows.push({ nodes, pods: pods2, placed, medianPodsPerSec: sorted[Math.floor(sorted.length / 2)]!, runs: rs });
  }
  return rows;
}

export const schedulerBench: Bench = {
  name: 'scheduler',
  description: 'scheduleOne + cache.addPod with the default profile at 100/1,000/5,000 nodes (pods/s)',
  async run() {
    const rows = await run();
    printTable(['nodes', 'pods', 'placed', 'median pods/s', 'runs'],
      rows.map((r) => [String(r.nodes), String(r.pods), String(r.placed), String(r.medianPodsPerSec), r.runs.join(' ')]));
  },
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run()) {
    console.log(`${String(r.nodes).padStart(5)} nodes  ${r.pods} pods (${r.placed} placed)  median ${r.medianPodsPerSec} pods/s  runs ${r.runs.join(' ')}`);
  }
}
