// Cluster.spec.nodeLists: nodes read from a file, one per row, their names kept. Rows are grouped
// into pools — by a pool column, or one pool per distinct shape — so the per-pool series stay a
// handful of rows however many nodes the file has.
import type { NodePoolSpec } from '../../models/nodes/pools.js';
import { ScenarioError, type FieldPath } from '../errors.js';
import type { ScenarioDocument } from '../load.js';
import { countCell, cpuCell, memoryCell, objectName, type CpuUnit, type MemoryUnit } from './cells.js';
import { checkReadable, MAX_CELL_PROBLEMS, resolveBeside } from './compile.js';
import { formatOf, TraceFileError, TraceRows } from './rows.js';

type Rec = Record<string, unknown>;

/** The pools of one node list, in order of their first row; `errors` gets every bad cell. */
export function buildNodeList(doc: ScenarioDocument, path: FieldPath, spec: Rec, taken: Set<string>, errors: ScenarioError[]): NodePoolSpec[] {
  const file = resolveBeside(doc.file, String(spec.file));
  if (!checkReadable(doc, [...path, 'file'], file, errors)) return [];
  const cols = spec.columns as Rec;
  const units = (spec.units as Rec | undefined) ?? {};
  const cpuUnit = (units.cpu as CpuUnit) ?? 'cores';
  const memUnit = (units.memory as MemoryUnit) ?? 'bytes';
  const resources = Object.entries((cols.resources as Record<string, string> | undefined) ?? {});
  const labelCols = Object.entries((cols.labels as Record<string, string> | undefined) ?? {});
  const prefix = String(spec.name ?? 'nodes');
  const maxPods = Number(spec.maxPods ?? 110);
  const staticLabels = (spec.labels as Record<string, string> | undefined) ?? {};
  let rows: TraceRows;
  try {
    rows = new TraceRows(file, formatOf(file, spec.format as string | undefined));
  } catch (e) {
    if (!(e instanceof TraceFileError)) throw e;
    errors.push(new ScenarioError(file, e.line, e.col, [], e.message));
    return [];
  }
  const wanted: [FieldPath, string][] = [
    [['columns', 'name'], String(cols.name)], [['columns', 'cpu'], String(cols.cpu)], [['columns', 'memory'], String(cols.memory)],
    ...(cols.pool !== undefined ? [[['columns', 'pool'], String(cols.pool)] as [FieldPath, string]] : []),
    ...resources.map(([r, c]) => [['columns', 'resources', r], c] as [FieldPath, string]),
    ...labelCols.map(([l, c]) => [['columns', 'labels', l], c] as [FieldPath, string]),
  ];
  let missing = false;
  for (const [p, c] of wanted) {
    if (rows.hasColumn(c)) continue;
    missing = true;
    errors.push(doc.error([...path, ...p], `the file has no column ${JSON.stringify(c)} (its columns: ${rows.columnsKnown.join(', ')})`));
  }
  if (missing) {
    rows.close();
    return [];
  }
  const pools = new Map<string, NodePoolSpec & { nodeNames: string[] }>();
  const shapes = new Map<string, string>();
  let problems = 0;
  const bad = (line: number, col: number, column: string, message: string) => {
    if (problems++ < MAX_CELL_PROBLEMS) errors.push(new ScenarioError(file, line, col, [column], message));
  };
  try {
    for (let row = rows.next(); row !== undefined; row = rows.next()) {
      const at = row;
      const nameCol = String(cols.name);
      const name = objectName(at.get(nameCol));
      if (name === undefined) {
        bad(at.line, at.column(nameCol), nameCol, `${JSON.stringify(at.get(nameCol))} cannot be a node name: it has no letter or digit`);
        continue;
      }
      if (taken.has(name)) {
        bad(at.line, at.column(nameCol), nameCol, `duplicate node name ${JSON.stringify(name)}`);
        continue;
      }
      const cpu = cpuCell(at.get(String(cols.cpu)), cpuUnit);
      const memory = memoryCell(at.get(String(cols.memory)), memUnit);
      if (typeof cpu === 'string') bad(at.line, at.column(String(cols.cpu)), String(cols.cpu), cpu);
      if (typeof memory === 'string') bad(at.line, at.column(String(cols.memory)), String(cols.memory), memory);
      const res: Record<string, number> = {};
      let ok = typeof cpu === 'number' && typeof memory === 'number';
      for (const [r, c] of resources) {
        const text = at.get(c);
        if (text === '') continue;
        const v = countCell(text);
        if (typeof v === 'string') {
          bad(at.line, at.column(c), c, v);
          ok = false;
        } else if (v > 0) res[r] = v;
      }
      const labels: Record<string, string> = { ...staticLabels };
      for (const [l, c] of labelCols) {
        const v = at.get(c);
        if (v !== '') labels[l] = v;
      }
      if (!ok) continue;
      taken.add(name);
      const shape = JSON.stringify([cpu, memory, res, labels]);
      let poolName = cols.pool !== undefined ? at.get(String(cols.pool)) : shapes.get(shape);
      if (poolName === undefined) {
        poolName = `${prefix}-${shapes.size}`;
        shapes.set(shape, poolName);
      }
      let pool = pools.get(poolName);
      if (!pool) {
        pool = {
          name: poolName, count: 0, cpu: cpu as number, memory: memory as number, maxPods, labels, taints: [], resources: res,
          zones: [], reserved: { cpu: 0, memory: 0 }, nodeNames: [],
        };
        pools.set(poolName, pool);
      } else if (JSON.stringify([pool.cpu, pool.memory, pool.resources, pool.labels]) !== shape) {
        bad(at.line, at.column(String(cols.pool)), String(cols.pool), `node ${name} differs in shape from the first node of pool ${poolName}: a pool's nodes are identical`);
        continue;
      }
      pool.count++;
      pool.nodeNames.push(name);
    }
  } catch (e) {
    if (!(e instanceof TraceFileError)) throw e;
    errors.push(new ScenarioError(file, e.line, e.col, [], e.message));
  } finally {
    rows.close();
  }
  return [...pools.values()];
}
