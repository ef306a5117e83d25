import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { expandPoints, gridPoints, latinHypercubeUnit, rangeValues, runsOfPoint, samplingRng } from '../../sweep/design.js';
import { loadSweep } from '../../sweep/load.js';
import type { ParameterDef } from '../../sweep/types.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, tempDir } from './helpers.js';

const path = { kind: 'Cluster', name: 'prod', segments: ['spec', 'nodePools', 0, 'count'], text: 'Cluster/prod:spec.nodePools[0].count' };
const param = (name: string, source: ParameterDef['source'], integer = false): ParameterDef => ({ name, path, source, integer });

test('grid: lexicographic over parameters in declaration order, last varies fastest', () => {
  assert.equal(gridPoints([[1, 2], ['a', 'b', 'c']]), [
    [1, 'a'], [1, 'b'], [1, 'c'], [2, 'a'], [2, 'b'], [2, 'c'],
  ]);
  const def = loadSweep(fixture('grid.yaml'));
  const pts = expandPoints(def);
  assert.is(pts.length, 3 * 3 * 2);
  assert.equal(pts[0], [2, 2, '250m']);
  assert.equal(pts[1], [2, 2, '500m']);
  assert.equal(pts[2], [2, 4, '250m']);
  assert.equal(pts[17], [4, 6, '500m']);
});

test('range: inclusive, no binary noise', () => {
  assert.equal(rangeValues(0.1, 0.5, 0.1), [0.1, 0.2, 0.3, 0.4, 0.5]);
  assert.equal(rangeValues(2, 7, 2), [2, 4, 6]);
});

test('replication seeds are the same for every point (common random numbers)', () => {
  const def = loadSweep(fixture('grid.yaml'));
  assert.equal(def.seeds, [7, 8, 9]); // spec.seed + r
  assert.equal(runsOfPoint(0, def.seeds).map((r) => r.seed), runsOfPoint(5, def.seeds).map((r) => r.seed));
  assert.equal(runsOfPoint(5, def.seeds).map((r) => [r.index, r.id]), [[15, 'p5-r0'], [16, 'p5-r1'], [17, 'p5-r2']]);
});

const params = [
  param('a', { kind: 'uniform', low: 0, high: 10 }),
  param('b', { kind: 'loguniform', low: 1, high: 1000 }),
  param('c', { kind: 'choice', values: ['x', 'y', 'z'] }),
  param('d', { kind: 'uniform', low: 1, high: 6 }, true),
];

for (const design of ['random', 'latinHypercube'] as const) {
  test(`${design}: same seed → same points; other seed → other points; values in range`, () => {
    const a = expandPoints({ parameters: params, design, samples: 20, seed: 42 });
    const b = expandPoints({ parameters: params, design, samples: 20, seed: 42 });
    const c = expandPoints({ parameters: params, design, samples: 20, seed: 43 });
    assert.equal(a, b);
    assert.not.equal(a, c);
    assert.is(a.length, 20);
    for (const [x, y, z, w] of a) {
      assert.ok((x as number) >= 0 && (x as number) < 10);
      assert.ok((y as number) >= 1 && (y as number) <= 1000);
      assert.ok(['x', 'y', 'z'].includes(z as string));
      assert.ok(Number.isInteger(w) && (w as number) >= 1 && (w as number) <= 6);
    }
  });
}

test('latinHypercube: exactly one sample per stratum in every dimension', () => {
  for (const n of [1, 2, 7, 50]) {
    const rows = latinHypercubeUnit(n, 4, samplingRng(9));
    for (let k = 0; k < 4; k++) {
      const strata = rows.map((r) => Math.floor(r[k]! * n)).sort((x, y) => x - y);
      assert.equal(strata, Array.from({ length: n }, (_, i) => i), `n=${n} dim=${k}`);
    }
  }
});

test('latinHypercube over a uniform parameter: one value per 1/n of the range', () => {
  const pts = expandPoints({ parameters: [param('a', { kind: 'uniform', low: 100, high: 200 })], design: 'latinHypercube', samples: 10, seed: 1 });
  const bins = pts.map((p) => Math.floor(((p[0] as number) - 100) / 10)).sort((x, y) => x - y);
  assert.equal(bins, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('random / latinHypercube sweeps load and expand from a file; samples are required', () => {
  const dir = tempDir();
  const base = readFileSync(fixture('grid.yaml'), 'utf8')
    .replace('design: grid', 'design: latinHypercube\n  samples: 8')
    .replace('scenario: scenario.yaml', `scenario: ${JSON.stringify(fixture('scenario.yaml'))}`)
    .replace('values: [2, 3, 4]', 'distribution: {uniform: [1, 16]}\n      integer: true');
  writeFileSync(join(dir, 'lhs.yaml'), base);
  const def = loadSweep(join(dir, 'lhs.yaml'));
  const pts = expandPoints(def);
  assert.is(pts.length, 8);
  assert.equal(pts.map((p) => Math.floor(((p[0] as number) - 1) / 2)).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7]);
  writeFileSync(join(dir, 'nosamples.yaml'), base.replace('  samples: 8\n', ''));
  assert.throws(() => loadSweep(join(dir, 'nosamples.yaml')), /design latinHypercube needs spec.samples/);
  writeFileSync(join(dir, 'gridcont.yaml'), base.replace('design: latinHypercube', 'design: grid').replace('  samples: 8\n', ''));
  assert.throws(() => loadSweep(join(dir, 'gridcont.yaml')), /continuous distribution cannot be gridded/);
});

test.run();
