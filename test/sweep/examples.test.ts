// The bundled sweep example loads: its scenario is the default example, its grid 3 × 2 points.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { loadSweep } from '../../sweep/load.js';
import { expandPoints } from '../../sweep/design.js';
import { packageRoot } from '../helpers.js';

test('scenarios/examples/sweeps/default-capacity.yaml: the default scenario, six points, two seeds', () => {
  const def = loadSweep(join(packageRoot(), 'scenarios', 'examples', 'sweeps', 'default-capacity.yaml'));
  assert.is(def.name, 'default-capacity');
  assert.equal(def.seeds, [1, 2]);
  assert.ok(def.documents.some((d) => d['kind'] === 'Deployment'));
  assert.equal(expandPoints(def), [[1, 4], [1, 24], [2, 4], [2, 24], [3, 4], [3, 24]]);
});

test.run();
