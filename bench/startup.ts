/**
 * Start-up phases of one run, in this process: module loading (process start to this module's
 * body), YAML parse, schema validation (with the cross-document checks), build, and the model up
 * to the first event (cluster created, manifests applied at t=0, timeline armed). The run stops
 * when the kernel is about to dispatch its first event; nothing after that is measured.
 *
 *   node dist/bench/startup.js SCENARIO.yaml [SCENARIO.yaml…]   # one line per phase, then JSON
 *
 * Each phase gives wall ms and CPU ms (user + system, so GC helper threads count). "first event"
 * is absolute: ms from process start (performance.timeOrigin) to the first dispatch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Simulation } from '../sim/index.js';
import { runBuilt } from '../runner/simulate.js';
import { buildScenario } from '../scenarios/build.js';
import { loadScenarioSources } from '../scenarios/load.js';
import { readYamlFile } from '../scenarios/yaml.js';

const importedAt = performance.now();
const importedCpu = process.cpuUsage();

export interface StartupPhases {
  /** Process start to the end of module loading (node bootstrap + the module graph). */
  importMs: number;
  importCpuMs: number;
  parseMs: number;
  parseCpuMs: number;
  validateMs: number;
  validateCpuMs: number;
  buildMs: number;
  buildCpuMs: number;
  /** Model created, manifests applied, timeline armed: up to the first event. */
  modelMs: number;
  modelCpuMs: number;
  /** Process start to the first event dispatch. */
  firstEventMs: number;
  firstEventCpuMs: number;
}

class FirstEvent extends Error {}

const cpuMs = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000;

export function measureStartup(files: string[]): StartupPhases {
  const marks: Array<[number, number]> = [];
  const mark = (): void => {
    marks.push([performance.now(), cpuMs(process.cpuUsage())]);
  };
  mark();
  const sources = files.map((file) => ({ file, docs: readYamlFile(file) }));
  mark();
  const scenario = loadScenarioSources(sources.map(({ file, docs }) => ({ file, read: () => docs })));
  mark();
  const built = buildScenario(scenario);
  mark();
  const realRunUntil = Simulation.prototype.runUntil;
  Simulation.prototype.runUntil = function (): void {
    mark();
    throw new FirstEvent();
  };
  const out = mkdtempSync(join(tmpdir(), 'k8sim-startup-'));
  try {
    runBuilt(built, { out: join(out, 'run') });
  } catch (e) {
    if (!(e instanceof FirstEvent)) throw e;
  } finally {
    Simulation.prototype.runUntil = realRunUntil;
    rmSync(out, { recursive: true, force: true });
  }
  const d = (i: number, k: 0 | 1): number => marks[i + 1]![k] - marks[i]![k];
  return {
    importMs: importedAt,
    importCpuMs: cpuMs(importedCpu),
    parseMs: d(0, 0),
    parseCpuMs: d(0, 1),
    validateMs: d(1, 0),
    validateCpuMs: d(1, 1),
    buildMs: d(2, 0),
    buildCpuMs: d(2, 1),
    modelMs: d(3, 0),
    modelCpuMs: d(3, 1),
    firstEventMs: marks[4]![0],
    firstEventCpuMs: marks[4]![1],
  };
}

const [, script, ...files] = process.argv;
if (script !== undefined && import.meta.url === pathToFileURL(script).href) {
  if (files.length === 0) {
    console.error('usage: node dist/bench/startup.js SCENARIO.yaml [SCENARIO.yaml…]');
    process.exit(2);
  }
  const p = measureStartup(files);
  const row = (name: string, wall: number, cpu: number): void => {
    console.log(`${name.padEnd(12)} ${wall.toFixed(0).padStart(7)} ms wall ${cpu.toFixed(0).padStart(7)} ms cpu`);
  };
  row('import', p.importMs, p.importCpuMs);
  row('parse', p.parseMs, p.parseCpuMs);
  row('validate', p.validateMs, p.validateCpuMs);
  row('build', p.buildMs, p.buildCpuMs);
  row('model', p.modelMs, p.modelCpuMs);
  row('first event', p.firstEventMs, p.firstEventCpuMs);
  console.log(`STARTUP-RESULT ${JSON.stringify(p)}`);
}
