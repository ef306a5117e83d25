import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunRecord } from '../../sweep/journal.js';
import { buildOutputs, cell } from '../../sweep/output.js';
import type { Plan } from '../../sweep/output.js';

test('cells: numbers to 12 significant digits, no float noise; -0 is 0', () => {
  assert.is(cell(19.887500000000003), '19.8875');
  assert.is(cell(0.1 + 0.2), '0.3');
  assert.is(cell(1 / 3), '0.333333333333');
  assert.is(cell(123456789012345), '123456789012000');
  assert.is(cell(-0), '0');
  assert.is(cell(-1e-20), '-1e-20');
  assert.is(cell('250m'), '250m');
  assert.is(cell(undefined), '');
});

test('results.csv and points.csv print rounded metrics and statistics', () => {
  const plan: Plan = { version: 1, name: 't', hash: 'h', parameters: ['x'], seeds: [1, 2], constraints: [], objectives: [], points: [[0.1 + 0.2]] };
  const run = (r: number, v: number): RunRecord => ({
    type: 'run', index: r, id: `p0-r${r}`, point: 0, replication: r, seed: r + 1, params: { x: 0.1 + 0.2 }, status: 'ok', error: '', metrics: { m: v }, wallMs: 1,
  });
  const out = buildOutputs(plan, [run(0, 19.775000000000002), run(1, 20.000000000000004)]);
  assert.is(out.results, 'run_id,point,replication,seed,x,status,error,m\np0-r0,0,0,1,0.3,ok,,19.775\np0-r1,0,1,2,0.3,ok,,20\n');
  const [header, row] = out.points.trim().split('\n');
  const cols = header!.split(',');
  const values = row!.split(',');
  const at = (c: string): string => values[cols.indexOf(c)]!;
  assert.is(at('x'), '0.3');
  assert.is(at('m_mean'), '19.8875');
  for (const v of values) assert.ok(!/\d{13}/.test(v), v);
});

test.run();
