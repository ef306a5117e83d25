// A sweep's report reads its output folder only: sweep.json (the plan: parameters, seeds,
// constraints, objectives, goal), points.csv, results.csv, goal.csv (sweep/README.md "Outputs").

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCsv } from './csv-input.js';
import { inputError, ReportInputError } from './input-error.js';

export interface SweepPlan {
  name: string;
  parameters: string[];
  seeds: number[];
  constraints: string[];
  objectives: { metric: string; goal: 'min' | 'max' }[];
  goal?: { parameter: string; minimize: boolean; low: number; high: number; step: number };
}

/** A CSV row as cell text by column. */
export type Cells = Record<string, string>;

export interface SweepData {
  dir: string;
  plan: SweepPlan;
  pointColumns: string[];
  points: Cells[];
  resultColumns: string[];
  results: Cells[];
  goal?: Cells;
}

export async function loadSweepData(dir: string): Promise<SweepData> {
  const planFile = join(dir, 'sweep.json');
  let plan: SweepPlan;
  try {
    plan = JSON.parse(readFileSync(planFile, 'utf8')) as SweepPlan;
  } catch (e) {
    throw inputError(planFile, 1, 1, 'sweep.json', `not valid JSON (${(e as Error).message})`);
  }
  for (const k of ['parameters', 'seeds', 'constraints', 'objectives'] as const)
    if (!Array.isArray(plan[k])) throw inputError(planFile, 1, 1, k, 'missing or not a list (is this a k8sim sweep folder?)');
  if (!existsSync(join(dir, 'points.csv')) && readdirSync(dir).some((f) => /^points\.shard-/.test(f)))
    throw new ReportInputError(`${dir}: holds one shard of a sweep; join the shards with \`k8sim merge\` and report on its --out folder`);
  const points: Cells[] = [];
  const results: Cells[] = [];
  let pointColumns: string[] = [];
  let resultColumns: string[] = [];
  await readCsv(join(dir, 'points.csv'), ['point', ...plan.parameters, 'n_ok', 'n_failed', 'constraints_ok', 'pareto'], (r, t) => {
    pointColumns = [...t.columns];
    points.push(cellsOf(t.columns, r.cells));
  });
  await readCsv(join(dir, 'results.csv'), ['run_id', 'point', 'seed', ...plan.parameters, 'status'], (r, t) => {
    resultColumns = [...t.columns];
    results.push(cellsOf(t.columns, r.cells));
  });
  let goal: Cells | undefined;
  await readCsv(join(dir, 'goal.csv'), ['parameter', 'status', 'answer'], (r, t) => (goal = cellsOf(t.columns, r.cells)), true);
  return { dir, plan, pointColumns, points, resultColumns, results, ...(goal ? { goal } : {}) };
}

function cellsOf(columns: readonly string[], cells: readonly string[]): Cells {
  const out: Cells = {};
  columns.forEach((c, i) => (out[c] = cells[i] ?? ''));
  return out;
}

export interface ConstraintText {
  metric: string;
  op: '<' | '<=' | '>' | '>=' | '==';
  value: number;
  text: string;
}

/** `metric op number`, as sweep/constraints.ts accepts (the plan holds only texts it accepted). */
export function readConstraint(text: string): ConstraintText | undefined {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*(<=|>=|==|<|>)\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*$/.exec(text);
  return m ? { metric: m[1]!, op: m[2] as ConstraintText['op'], value: Number(m[3]), text } : undefined;
}
