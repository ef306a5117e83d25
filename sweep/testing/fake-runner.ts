// A fake runner for tests and the benchmark: computes a summary deterministically from the scenario
// documents and the seed, and can be told to misbehave. It reads:
//  - `Cluster/<any>`     spec.nodes (number, default 3)
//  - `Deployment/<any>`  spec.replicas (number, default 2)
//  - `FakeBehaviour/<any>` (apiVersion k8sim.test/v1) spec:
//      mode: ok | throw | hang | crash | budget   (hang = busy loop forever; crash = process.exit)
//      failSeeds: [seed…]   throw only for these seeds
//      delayMs: n           async sleep before answering
//      work: n              CPU-bound work, in millions of hash rounds (the benchmark's load)
//      events: n            simulated event count, checked against maxEvents
//      log: path            append one line per invocation (to count runner calls)

import { appendFileSync } from 'node:fs';
import seedrandom from 'seedrandom';
import type { Document } from '../paths.js';
import type { RunnerOptions, Summary } from '../runner-api.js';

function spec(documents: Document[], kind: string): Record<string, unknown> {
  const d = documents.find((x) => x['kind'] === kind);
  const s = d?.['spec'];
  return typeof s === 'object' && s !== null ? (s as Record<string, unknown>) : {};
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

export async function simulateDocuments(documents: Document[], options: RunnerOptions): Promise<Summary> {
  const fake = spec(documents, 'FakeBehaviour');
  if (typeof fake['log'] === 'string') appendFileSync(fake['log'], `${options.seed}\n`);
  const mode = typeof fake['mode'] === 'string' ? fake['mode'] : 'ok';
  const failSeeds = Array.isArray(fake['failSeeds']) ? fake['failSeeds'] : [];
  if (mode === 'throw' || failSeeds.includes(options.seed)) throw new Error(`fake runner: told to fail (seed ${options.seed})`);
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

  const nodes = num(spec(documents, 'Cluster')['nodes'], 3);
  const replicas = num(spec(documents, 'Deployment')['replicas'], 2);
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
