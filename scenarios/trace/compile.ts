// A Trace document to its compiled form (scenarios/trace/pod-source.ts), and the load-time pass
// over the whole file that finds every bad cell before the run starts: a replay never meets a
// surprise mid-run. The pass streams, like the replay, so it costs no memory per row.
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parseDuration } from '../../sim/index.js';
import { ScenarioError, type FieldPath } from '../errors.js';
import type { ScenarioDocument } from '../load.js';
import type { CpuUnit, MemoryUnit, TimeUnit } from './cells.js';
import { mappedColumns, type FractionalGpu, type PodMapping } from './pod-rows.js';
import { OutOfOrderError, TracePodSource, type TraceSpec } from './pod-source.js';
import { formatOf, TraceFileError, TraceRows } from './rows.js';

type Rec = Record<string, unknown>;

/** Most cell problems of a broken file are the same mistake: this many are reported. */
export const MAX_CELL_PROBLEMS = 100;

/** A file named in a scenario, relative to the scenario file's folder. */
export function resolveBeside(scenarioFile: string, file: string): string {
  return isAbsolute(file) ? file : join(dirname(scenarioFile), file);
}

/** Checks that a named data file can be read; pushes an error at `path` otherwise. */
export function checkReadable(doc: ScenarioDocument, path: FieldPath, file: string, errors: ScenarioError[]): boolean {
  if (!existsSync(file)) {
    errors.push(doc.error(path, `no such file: ${file}`));
    return false;
  }
  if (!statSync(file).isFile()) {
    errors.push(doc.error(path, `not a file: ${file}`));
    return false;
  }
  return true;
}

export function compileTrace(doc: ScenarioDocument): TraceSpec {
  const spec = doc.body.spec as Rec;
  const p = spec.pods as Rec;
  const cols = p.columns as Rec;
  const units = (p.units as Rec | undefined) ?? {};
  const file = resolveBeside(doc.file, String(p.file));
  const pods: PodMapping = {
    file,
    format: formatOf(file, p.format as string | undefined),
    namespace: String(p.namespace ?? 'default'),
    image: String(p.image ?? 'k8sim.io/trace:1'),
    columns: {
      createdAt: String(cols.createdAt),
      resources: Object.entries((cols.resources as Record<string, string> | undefined) ?? {}),
      nodeSelector: ((cols.nodeSelector as Rec[] | undefined) ?? []).map((s) => ({ column: String(s.column), label: String(s.label), separator: String(s.separator ?? '|') })),
    },
    units: { time: (units.time as TimeUnit) ?? 's', cpu: (units.cpu as CpuUnit) ?? 'cores', memory: (units.memory as MemoryUnit) ?? 'bytes' },
    fractionalGpu: (p.fractionalGpu as FractionalGpu) ?? 'refuse',
    gpuResource: String(p.gpuResource ?? 'nvidia.com/gpu'),
    limitsEqualRequests: p.limitsEqualRequests !== false,
    reorderRows: Number(p.reorderRows ?? 4096),
  };
  for (const f of ['name', 'deletedAt', 'runFor', 'scheduledAt', 'cpu', 'memory', 'gpuMilli', 'priority', 'owner', 'outcome'] as const) {
    if (typeof cols[f] === 'string') pods.columns[f] = cols[f] as string;
  }
  if (p.priorities !== undefined) pods.priorities = p.priorities as Record<string, number>;
  const r = (spec.replay as Rec | undefined) ?? {};
  const sample = (r.sample as Rec | undefined) ?? {};
  return {
    name: doc.name,
    pods,
    replay: {
      from: r.from !== undefined ? parseDuration(String(r.from)) : 0,
      until: r.until !== undefined ? parseDuration(String(r.until)) : undefined,
      offset: r.offset !== undefined ? parseDuration(String(r.offset)) : 0,
      speedup: Number(r.speedup ?? 1),
      every: Number(sample.every ?? 1),
      phase: Number(sample.phase ?? 0),
    },
  };
}

/** Everything wrong with a Trace document and its file, as file:line:col errors. */
export function checkTrace(doc: ScenarioDocument, t: TraceSpec, errors: ScenarioError[]): void {
  const r = t.replay;
  if (r.phase >= r.every) errors.push(doc.error(['spec', 'replay', 'sample', 'phase'], `must be below sample.every (${r.every})`));
  if (r.until !== undefined && r.until <= r.from) errors.push(doc.error(['spec', 'replay', 'until'], 'must be after replay.from'));
  if (!checkReadable(doc, ['spec', 'pods', 'file'], t.pods.file, errors)) return;
  let header: TraceRows;
  try {
    header = new TraceRows(t.pods.file, t.pods.format);
  } catch (e) {
    if (!(e instanceof TraceFileError)) throw e;
    errors.push(new ScenarioError(t.pods.file, e.line, e.col, [], e.message));
    return;
  }
  header.close();
  let missing = false;
  for (const { field, column } of mappedColumns(t.pods)) {
    if (header.hasColumn(column)) continue;
    missing = true;
    const path: FieldPath = field.startsWith('resources.')
      ? ['spec', 'pods', 'columns', 'resources', field.slice('resources.'.length)]
      : field.startsWith('nodeSelector[') ? ['spec', 'pods', 'columns', 'nodeSelector', Number(/\d+/.exec(field)![0]), 'column'] : ['spec', 'pods', 'columns', field];
    errors.push(doc.error(path, `the file has no column ${JSON.stringify(column)} (its columns: ${header.columnsKnown.join(', ')})`));
  }
  if (missing) return;
  const source = new TracePodSource(t);
  try {
    while (source.next() !== undefined) {
      if (source.problems.length >= MAX_CELL_PROBLEMS) break;
    }
  } catch (e) {
    if (e instanceof TraceFileError) errors.push(new ScenarioError(t.pods.file, e.line, e.col, [], e.message));
    else if (e instanceof OutOfOrderError) errors.push(new ScenarioError(t.pods.file, e.line, 1, [e.column], e.message));
    else throw e;
  } finally {
    source.close();
  }
  for (const p of source.problems.slice(0, MAX_CELL_PROBLEMS)) errors.push(new ScenarioError(t.pods.file, p.line, p.col, [p.column], p.message));
}
