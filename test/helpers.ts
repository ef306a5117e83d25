// Shared test helpers: the package root, scenario files written from inline YAML, and
// running a scenario in-process with a handle on the model.

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: walk up from this compiled file to the nearest package.json. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json not found above the test file');
    dir = parent;
  }
  return dir;
}

/** Every folder tempDir made in this process, removed when it exits. */
const made: string[] = [];

function removeMade(): void {
  for (const d of made) rmSync(d, { recursive: true, force: true });
}

/**
 * A fresh folder under the OS temp folder, removed when the test process exits (a test run made
 * ~300 and left them all behind: /tmp grew by thousands of folders a day). K8SIM_KEEP_TEST_DIRS=1
 * keeps them, to look at what a failing test wrote.
 */
export function tempDir(prefix = 'k8sim-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (process.env.K8SIM_KEEP_TEST_DIRS !== '1') {
    if (made.length === 0) process.on('exit', removeMade);
    made.push(dir);
  }
  return dir;
}

/** Write YAML text to a scenario file in a fresh temp folder; returns its path. */
export function scenarioFile(yaml: string, name = 'scenario.yaml'): string {
  const dir = tempDir();
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

export const CLI = () => join(packageRoot(), 'dist', 'cli', 'k8sim.js');

/** A one-pool cluster and a simulation length, to prepend to test scenarios. */
export function clusterYaml(opts: { nodes?: number; cpu?: string; memory?: string; duration?: string; maxPods?: number } = {}): string {
  return `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: test}
spec:
  nodePools:
    - name: n
      count: ${opts.nodes ?? 2}
      cpu: "${opts.cpu ?? '4'}"
      memory: ${opts.memory ?? '8Gi'}
      maxPods: ${opts.maxPods ?? 110}
---
apiVersion: k8sim/v1
kind: Simulation
spec:
  duration: ${opts.duration ?? '2m'}
`;
}
