// The import direction of DESIGN.md ("one direction, no back-edges"), checked on the TypeScript
// sources (read from the package root, not dist/): which top-level folder may import which,
// that models/**/policy/ stays pure, that no module loads another behind the compiler's back
// with import(), and that no import cycle exists anywhere outside test/.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot, tempDir } from '../helpers.js';
import { cycles, folderOf, isPolicy, layerViolations, purityViolations, readImportGraph, type ImportEdge } from './import-graph.js';

/**
 * The layers, lowest first: each may import only the folders below it. reports/ sits under
 * runner/ because a run feeds the recorders (runner/simulate.ts builds EventLog, PodRecorder…);
 * sweep/ sits over runner/ because its workers run the simulator; cli/ fronts them all.
 */
const LAYERS = ['sim', 'models', 'scenarios', 'reports', 'runner', 'sweep', 'cli'] as const;

/**
 * Allowed edges between folders: the imports the code has today, each going down the layers
 * (checked below). A new edge must go down too, and be added here on purpose. bench/ and test/
 * may import anything; nothing imports them.
 */
const ALLOWED: Record<(typeof LAYERS)[number], readonly string[]> = {
  sim: [],
  models: ['sim'],
  scenarios: ['models', 'sim'],
  reports: ['scenarios', 'models', 'sim'],
  runner: ['reports', 'scenarios', 'models', 'sim'],
  // sweep → reports: the cli-progress line (reports/progress-bar.ts) both progress displays share.
  sweep: ['runner', 'reports', 'scenarios', 'sim'],
  // cli → sim: virtual-time durations in the run's progress line (sim/time.ts formatDuration).
  cli: ['sweep', 'runner', 'reports', 'scenarios', 'sim'],
};

/**
 * Modules outside policy/ that policy code may import: plain object types, time units, the
 * cluster autoscaler's settings (types, defaults). Held to the policy rule themselves.
 */
const PURE = ['models/api/types.ts', 'sim/time.ts', 'models/autoscaling/cluster-autoscaler/config.ts'];

const SOURCE_DIRS = [...LAYERS, 'bench'];

const root = packageRoot();
const graph = readImportGraph(root, [...SOURCE_DIRS, 'test']);
const source = new Map([...graph.files].filter(([f]) => folderOf(f) !== 'test'));

test('the sources are there and every relative import names a source file', () => {
  assert.ok(existsSync(join(root, 'sim', 'kernel.ts')), `sources not found under ${root}`);
  assert.ok(source.size > 150, `only ${source.size} source files read`);
  assert.equal(graph.unresolved, [], `imports of no file:\n${graph.unresolved.join('\n')}`);
});

test('the allowed-edges table itself only points down the layers', () => {
  for (const [from, tos] of Object.entries(ALLOWED)) {
    for (const to of tos) assert.ok(LAYERS.indexOf(to as never) < LAYERS.indexOf(from as never), `${from} → ${to} points up`);
  }
});

test('imports between folders follow the layers (sim ← models ← scenarios ← reports ← runner ← sweep ← cli)', () => {
  const found = layerViolations(source, { ...ALLOWED, bench: SOURCE_DIRS });
  assert.equal(found, [], `imports against the direction:\n${found.join('\n')}`);
});

test('models/**/policy/ is pure: policy modules and the listed pure modules only', () => {
  assert.ok([...source.keys()].filter(isPolicy).length > 30, 'policy modules not found');
  const found = purityViolations(source, PURE);
  assert.equal(found, [], `impure imports in policy code:\n${found.join('\n')}`);
});

test('no module is loaded with import() (the compiler and these checks could not see it)', () => {
  const found = graph.dynamicImports.filter((d) => folderOf(d) !== 'test');
  assert.equal(found, [], `dynamic imports:\n${found.join('\n')}`);
});

test('no import cycle outside test/ (type-only imports included)', () => {
  const found = cycles(source);
  assert.equal(found, [], `import cycles:\n${found.join('\n')}`);
});

/**
 * The rooms of models/ (one per Kubernetes component), lowest first, and which rooms each may
 * import: the API machinery (object types) under everything; the kubelet, scheduler and controllers over it;
 * node lifecycle over the kubelet; traffic over endpoints and resource use; autoscaling over
 * all of them. `metrics` (what models expose to reports) is a contract every room may use;
 * `composition` (cluster.ts, traffic-stack.ts) wires the rooms and may import any of them.
 */
const ROOMS: Record<string, readonly string[]> = {
  api: [],
  metrics: ['api'],
  kubelet: ['api', 'metrics'],
  scheduler: ['api', 'metrics'],
  controllers: ['api', 'metrics'],
  nodes: ['api', 'kubelet', 'metrics'],
  traffic: ['api', 'controllers', 'kubelet', 'metrics'],
  autoscaling: ['api', 'controllers', 'kubelet', 'nodes', 'scheduler', 'traffic', 'metrics'],
  composition: ['api', 'controllers', 'kubelet', 'nodes', 'scheduler', 'traffic', 'autoscaling', 'metrics'],
};

/** The room of a models/ file: its first folder, or for a file at models/'s root, what it is. */
export function roomOf(file: string): string | undefined {
  const parts = file.split('/');
  if (parts[0] !== 'models') return undefined;
  if (parts.length > 2) return parts[1]!;
  return parts[1] === 'metrics.ts' ? 'metrics' : 'composition';
}

function roomViolations(files: ReadonlyMap<string, readonly ImportEdge[]>): string[] {
  const out: string[] = [];
  for (const [file, edges] of files) {
    const from = roomOf(file);
    if (!from) continue;
    for (const e of edges) {
      const to = roomOf(e.to);
      if (!to || to === from) continue;
      if (!(ROOMS[from] ?? []).includes(to)) out.push(`${file}:${e.line}: models/${from} must not import models/${to} (${e.to})`);
    }
  }
  return out;
}

test('rooms of models/ import only the rooms under them (no loops between components)', () => {
  const found = roomViolations(source);
  assert.equal(found, [], `imports between rooms against the direction:\n${found.join('\n')}`);
  const order = Object.keys(ROOMS);
  for (const [from, tos] of Object.entries(ROOMS)) for (const to of tos) assert.ok(order.indexOf(to) < order.indexOf(from), `${from} → ${to} points up`);
});

test('checker: a room importing a room above it is reported', () => {
  const g = made({ 'models/api/x.ts': ['models/controllers/y.ts', 'models/api/z.ts'], 'models/cluster.ts': ['models/api/x.ts'] });
  assert.equal(roomViolations(g), ['models/api/x.ts:1: models/api must not import models/controllers (models/controllers/y.ts)']);
});

// The checkers on small made-up graphs, so a violation is known to fail the checks above.

const edge = (to: string, line = 1): ImportEdge => ({ to, line, bare: !to.includes('/') });
const made = (entries: Record<string, string[]>): Map<string, ImportEdge[]> =>
  new Map(Object.entries(entries).map(([f, tos]) => [f, tos.map((t, i) => edge(t, i + 1))]));

test('checker: an upward import is reported, downward and same-folder ones are not', () => {
  const g = made({
    'sim/kernel.ts': ['models/cluster.ts', 'sim/time.ts'],
    'models/cluster.ts': ['sim/kernel.ts', 'models/metrics.ts', 'yaml'],
    'test/x.test.ts': ['cli/k8sim.ts'],
  });
  assert.equal(layerViolations(g, ALLOWED), ['sim/kernel.ts:1: sim/ must not import models/ (models/cluster.ts)']);
});

test('checker: policy importing a shell, the kernel or a package is reported, and so is an impure "pure" module', () => {
  const g = made({
    'models/scheduler/policy/a.ts': ['models/api/types.ts', 'models/kubelet/policy/qos.ts', 'models/api/store.ts'],
    'models/kubelet/policy/b.ts': ['sim/index.ts', 'sim/time.ts', 'node:fs'],
    'models/api/types.ts': ['models/api/store.ts'],
    'models/api/store.ts': ['sim/index.ts'],
  });
  assert.equal(purityViolations(g, PURE), [
    'models/scheduler/policy/a.ts:3: a policy module imports models/api/store.ts, which is neither policy nor listed as pure',
    'models/kubelet/policy/b.ts:1: a policy module imports sim/index.ts, which is neither policy nor listed as pure',
    'models/kubelet/policy/b.ts:3: a policy module imports the package "node:fs"',
    'models/api/types.ts:1: a module policy code relies on as pure imports models/api/store.ts, which is neither policy nor listed as pure',
  ]);
});

test('checker: cycles are found, type-only or not, long or a self-import; a diamond is not one', () => {
  const g = made({
    'a/1.ts': ['a/2.ts'],
    'a/2.ts': ['a/3.ts'],
    'a/3.ts': ['a/1.ts', 'a/4.ts'],
    'a/4.ts': [],
    'b/self.ts': ['b/self.ts'],
    'c/top.ts': ['c/left.ts', 'c/right.ts'],
    'c/left.ts': ['c/bottom.ts'],
    'c/right.ts': ['c/bottom.ts'],
    'c/bottom.ts': ['yaml'],
  });
  assert.equal(cycles(g).sort(), ['a/1.ts → a/2.ts → a/3.ts → a/1.ts', 'b/self.ts → b/self.ts']);
  assert.equal(cycles(made({ 'x/a.ts': ['x/b.ts'], 'x/b.ts': [] })), []);
});

test('checker: the reader sees type imports, export-from, import-require, import() types and calls', () => {
  const dir = tempDir('k8sim-imports-');
  mkdirSync(join(dir, 'x'));
  for (const f of ['b', 'c', 'd', 'e']) writeFileSync(join(dir, 'x', `${f}.ts`), 'export type E = 1;\n');
  writeFileSync(join(dir, 'x', 'a.ts'), [
    "import type { E as B } from './b.js';",
    "export { type E } from './c.js';",
    "import d = require('./d.js');",
    "type E = import('./e.js').E;",
    "import { readFileSync } from 'node:fs';",
    "import './missing.js';",
    'const url = String(readFileSync);',
    'export const m = import(url);',
    '',
  ].join('\n'));
  const g = readImportGraph(dir, ['x']);
  assert.equal(g.files.get('x/a.ts'), [
    { to: 'x/b.ts', line: 1, bare: false },
    { to: 'x/c.ts', line: 2, bare: false },
    { to: 'x/d.ts', line: 3, bare: false },
    { to: 'x/e.ts', line: 4, bare: false },
    { to: 'node:fs', line: 5, bare: true },
    { to: 'x/missing.ts', line: 6, bare: false },
  ]);
  assert.equal(g.unresolved, ['x/a.ts:6: ./missing.js']);
  assert.equal(g.dynamicImports, ['x/a.ts:8: import(url)']);
});

test.run();
