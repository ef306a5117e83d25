// A Trace document's pod mapping, compiled, and one row of the pod file through it: the pod the
// row stands for, in trace time, or the problems of its cells. Pure: no clock, no store.
import { cpuCell, countCell, memoryCell, objectName, timeCell, type CpuUnit, type MemoryUnit, type TimeUnit } from './cells.js';
import type { TraceFormat, TraceRow } from './rows.js';

export type FractionalGpu = 'refuse' | 'wholeGpu';

/** The mapping of a Trace's spec.pods, with defaults filled in. */
export interface PodMapping {
  file: string;
  format: TraceFormat;
  namespace: string;
  image: string;
  columns: {
    name?: string;
    createdAt: string;
    deletedAt?: string;
    runFor?: string;
    scheduledAt?: string;
    cpu?: string;
    memory?: string;
    gpuMilli?: string;
    resources: [resource: string, column: string][];
    nodeSelector: { column: string; label: string; separator: string }[];
    priority?: string;
    owner?: string;
    outcome?: string;
  };
  units: { time: TimeUnit; cpu: CpuUnit; memory: MemoryUnit };
  priorities?: Record<string, number>;
  fractionalGpu: FractionalGpu;
  gpuResource: string;
  limitsEqualRequests: boolean;
  reorderRows: number;
}

/** One pod of the trace, times in trace milliseconds. */
export interface TracePod {
  line: number;
  name: string;
  /** undefined: existed before the trace began. */
  createdAt: number | undefined;
  deletedAt: number | undefined;
  runFor: number | undefined;
  scheduledAt: number | undefined;
  /** cpu in millicores, memory in bytes, extended resources as counts. */
  requests: Record<string, number>;
  /** The share of one GPU the row asked for (thousandths), when below a whole GPU. */
  gpuShareMilli: number | undefined;
  /** The pod asked for part of a GPU and got a whole one (fractionalGpu: wholeGpu). */
  roundedGpu: boolean;
  affinity: { label: string; values: string[] }[];
  priority: number | undefined;
  owner: string | undefined;
  outcome: string | undefined;
}

export interface CellProblem {
  line: number;
  col: number;
  column: string;
  message: string;
}

/** Every column the mapping names, for the header check. */
export function mappedColumns(m: PodMapping): { field: string; column: string }[] {
  const out: { field: string; column: string }[] = [];
  const c = m.columns;
  for (const f of ['name', 'createdAt', 'deletedAt', 'runFor', 'scheduledAt', 'cpu', 'memory', 'gpuMilli', 'priority', 'owner', 'outcome'] as const) {
    const col = c[f];
    if (col !== undefined) out.push({ field: f, column: col });
  }
  for (const [r, col] of c.resources) out.push({ field: `resources.${r}`, column: col });
  c.nodeSelector.forEach((s, i) => out.push({ field: `nodeSelector[${i}].column`, column: s.column }));
  return out;
}

/**
 * The pod a row stands for. `index` is the row's 0-based position among data rows (the
 * default name). Problems are pushed to `problems`; the result is undefined when there are any.
 */
export function podOfRow(m: PodMapping, traceName: string, row: TraceRow, index: number, problems: CellProblem[]): TracePod | undefined {
  const before = problems.length;
  const c = m.columns;
  const bad = (column: string, message: string) => problems.push({ line: row.line, col: row.column(column), column, message });
  const time = (column: string | undefined): number | undefined => {
    if (column === undefined) return undefined;
    const text = row.get(column);
    if (text === '') return undefined;
    const v = timeCell(text, m.units.time);
    if (typeof v === 'string') {
      bad(column, v);
      return undefined;
    }
    return v;
  };
  const raw = c.name !== undefined ? row.get(c.name) : `${traceName}-${index}`;
  const name = objectName(raw) ?? '';
  if (name === '') bad(c.name ?? 'name', `${JSON.stringify(raw)} cannot be a pod name: it has no letter or digit`);
  const createdAt = time(c.createdAt);
  const deletedAt = time(c.deletedAt);
  const runFor = time(c.runFor);
  const scheduledAt = time(c.scheduledAt);
  if (runFor !== undefined && runFor < 0) bad(c.runFor!, 'a run length cannot be negative');
  const requests: Record<string, number> = {};
  if (c.cpu !== undefined && row.get(c.cpu) !== '') {
    const v = cpuCell(row.get(c.cpu), m.units.cpu);
    if (typeof v === 'string') bad(c.cpu, v);
    else if (v > 0) requests['cpu'] = v;
  }
  if (c.memory !== undefined && row.get(c.memory) !== '') {
    const v = memoryCell(row.get(c.memory), m.units.memory);
    if (typeof v === 'string') bad(c.memory, v);
    else if (v > 0) requests['memory'] = v;
  }
  for (const [res, col] of c.resources) {
    const text = row.get(col);
    if (text === '') continue;
    const v = countCell(text);
    if (typeof v === 'string') bad(col, v);
    else if (v > 0) requests[res] = v;
  }
  let gpuShareMilli: number | undefined;
  let roundedGpu = false;
  if (c.gpuMilli !== undefined && row.get(c.gpuMilli) !== '') {
    const v = countCell(row.get(c.gpuMilli));
    if (typeof v === 'string') bad(c.gpuMilli, v);
    else if (v > 1000) bad(c.gpuMilli, `${v} thousandths is more than one GPU: gpuMilli is the share of each GPU (use the GPU count column for several)`);
    else if (v > 0 && v < 1000) {
      const gpus = requests[m.gpuResource] ?? 0;
      if (gpus > 1) bad(c.gpuMilli, `a share of a GPU (${v} thousandths) on a pod asking for ${gpus} GPUs: only a single GPU can be shared`);
      else if (m.fractionalGpu === 'refuse') {
        bad(c.gpuMilli, `a fractional GPU (${v} thousandths of one GPU) cannot be modelled: k8sim has no device-basis GPU sharing yet; set spec.pods.fractionalGpu: wholeGpu to give such pods a whole GPU each`);
      } else {
        requests[m.gpuResource] = 1;
        gpuShareMilli = v;
        roundedGpu = true;
      }
    }
  }
  const affinity: TracePod['affinity'] = [];
  for (const s of c.nodeSelector) {
    const text = row.get(s.column);
    if (text === '') continue;
    const values = text.split(s.separator).map((v) => v.trim()).filter((v) => v !== '');
    if (values.length > 0) affinity.push({ label: s.label, values });
  }
  let priority: number | undefined;
  if (c.priority !== undefined && row.get(c.priority) !== '') {
    const text = row.get(c.priority);
    const mapped = m.priorities?.[text];
    const v = mapped ?? (/^-?\d+$/.test(text) ? Number(text) : undefined);
    if (v === undefined || Math.abs(v) > 1_000_000_000) {
      bad(c.priority, m.priorities ? `${JSON.stringify(text)} is not one of the priorities keys (${Object.keys(m.priorities).join(', ')}) nor an integer` : `${JSON.stringify(text)} is not an integer priority (map names to numbers with spec.pods.priorities)`);
    } else priority = v;
  }
  const owner = c.owner !== undefined ? row.get(c.owner) || undefined : undefined;
  const outcome = c.outcome !== undefined ? row.get(c.outcome) || undefined : undefined;
  if (problems.length > before) return undefined;
  return { line: row.line, name, createdAt, deletedAt, runFor, scheduledAt, requests, gpuShareMilli, roundedGpu, affinity, priority, owner, outcome };
}
