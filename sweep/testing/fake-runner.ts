// A fake runner for tests and the benchmark (run by testing/fake-worker.ts): computes a summary deterministically from the scenario
// documents and the seed, and can be told to misbehave. It reads valid k8sim scenario documents:
//  - `Cluster/<any>`     the sum of spec.nodePools[].count (default 3)
//  - `Deployment/<any>`  spec.replicas (number, default 2)
//  - the v1 ConfigMap named `fake-runner`, its `data` (strings, or numbers a sweep set):
//      mode: ok | throw | hang | crash | budget   (hang = busy loop forever; crash = process.exit)
//      failSeeds: "1,3"     throw only for these seeds (comma-separated, or a list)
//      delayMs: n           async sleep before answering
//      work: n              CPU-bound work, in millions of hash rounds (the benchmark's load)
//      events: n            simulated event count, checked against maxEvents
//      log: path            append one line per invocation (to count runner calls)
//      failIfExists: path   throw while this file exists (a failure that goes away between runs)

import { appendFileSync, existsSync } from 'node:fs';
import seedrandom from 'seedrandom';
import type { PortableScenario } from '../../scenarios/portable.js';
import type { Document } from '../paths.js';
import type { RunnerOptions, Summary } from '../runner-api.js';

function find(documents: Document[], kind: string, name?: string): Record<string, unknown> | undefined {
  return documents.find((x) => x['kind'] === kind && (name === undefined || (x['metadata'] as { name?: unknown } | undefined)?.name === name));
}

function field(doc: Record<string, unknown> | undefined, key: string): Record<string, unknown> {
  const v = doc?.[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Nodes at start: the sum of the Cluster's nodePools[].count (3 without a Cluster). */
function nodeCount(documents: Document[]): number {
  const pools = field(find(documents, 'Cluster'), 'spec')['nodePools'];
  if (!Array.isArray(pools)) return 3;
  return pools.reduce((sum: number, p: unknown) => sum + num((p as { count?: unknown } | null)?.count, 0), 0);
}

/** A list knob: a YAML list, or a comma-separated string (ConfigMap data values are strings). */
function list(v: unknown): number[] {
  if (Array.isArray(v)) return v.map((x) => num(x, NaN));
  if (typeof v === 'string') return v.split(',').filter((x) => x.trim() !== '').map((x) => num(x, NaN));
  return [];
}

function num(v: unknown, dflt: number): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return dflt;
}

/** ~`millions` × 1e6 rounds of an integer hash: pure CPU, no allocation. */
export function burn(millions: number): number {
  let h = 0x811c9dc5;
  const n = Math.round(millions * 1e6);
  for (let i = 0; i < n; i++) h = Math.imul(h ^ i, 0x01000193) >>> 0;
  return h;
}

export async function simulatePoint(scenario: PortableScenario, options: RunnerOptions): Promise<Summary> {
  const documents: Document[] = scenario.documents;
  const fake = field(find(documents, 'ConfigMap', 'fake-runner'), 'data');
  if (typeof fake['log'] === 'string') appendFileSync(fake['log'], `${options.seed}\n`);
  const mode = typeof fake['mode'] === 'string' ? fake['mode'] : 'ok';
  const failSeeds = list(fake['failSeeds']);
  if (mode === 'throw' || failSeeds.includes(options.seed)) throw new Error(`fake runner: told to fail (seed ${options.seed})`);
  if (typeof fake['failIfExists'] === 'string' && existsSync(fake['failIfExists'])) throw new Error(`fake runner: ${fake['failIfExists']} exists`);
  if (mode === 'crash') process.exit(3);
  if (mode === 'hang') for (;;) {}
  const events = num(fake['events'], 1000);
  if (mode === 'budget' || (options.maxEvents !== undefined && events > options.maxEvents)) {
    throw Object.assign(new Error(`event budget exceeded: ${events} events > maxEvents ${options.maxEvents ?? 0}`), { code: 'BUDGET_EXCEEDED' });
  }
  const delay = num(fake['delayMs'], 0);
  if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  const work = num(fake['work'], 0);
  const checksum = work > 0 ? burn(work) : 0;

  const nodes = nodeCount(documents);
  const replicas = num(field(find(documents, 'Deployment'), 'spec')['replicas'], 2);
  const noise = seedrandom.alea(`fake/${options.seed}`)(); // in [0,1): same for every point (CRN)
  const capacity = nodes * 4;
  const load = 6;
  const utilisation = Math.min(0.99, load / capacity);
  return {
    p99_latency_s: Number((0.05 + (0.2 * utilisation) / (1 - utilisation) * (1 + 0.1 * noise)).toFixed(6)),
    error_rate: Number(Math.max(0, (load - capacity) / load).toFixed(6)),
    max_pending_s: Math.max(0, replicas - 2 * nodes) * 30 + Math.round(noise * 10),
    node_hours: nodes,
    cost: Number((nodes * 0.096).toFixed(6)),
    pods: replicas,
    events,
    checksum,
    scheduler: 'fake',
  };
}
