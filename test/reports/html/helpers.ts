// Shared by the report tests: sweeps run with the fake runner (sweep/testing/fake-worker.js).
import { join } from 'node:path';
import { runSweepCommand } from '../../../sweep/index.js';
import { capture, fakeWorker, tempDir, writeCase } from '../../sweep/helpers.js';

/** Runs a sweep with the fake runner; returns its --out folder. */
export async function fakeSweep(spec: string): Promise<string> {
  const dir = tempDir();
  const out = join(dir, 'out');
  const code = await runSweepCommand({ file: writeCase(dir, spec), out, worker: fakeWorker, workers: 1, quiet: true, handleSigint: false, stdout: capture(), stderr: capture() });
  if (code !== 0) throw new Error(`sweep exited ${code}`);
  return out;
}

export const GRID = `  replications: 3
  seed: 7
  parameters:
    - name: nodes
      path: Cluster/prod:spec.nodePools[0].count
      values: [2, 3, 4]
  constraints: ["p99_latency_s <= 0.3"]
  objectives: [{metric: cost, goal: min}, {metric: p99_latency_s, goal: min}]
`;

export const GOAL = `  replications: 2
  parameters:
    - name: nodes
      path: Cluster/prod:spec.nodePools[0].count
      range: {from: 1, to: 20, step: 1}
      integer: true
  constraints: ["node_hours >= 7"]
  goalSeek: {parameter: nodes, minimize: true, low: 1, high: 20}
`;

