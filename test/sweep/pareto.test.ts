import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { paretoFront } from '../../sweep/pareto.js';

test('minimise both: dominated points are off the front', () => {
  const pts = [
    [1, 10], // front
    [2, 5], // front
    [3, 5], // dominated by [2,5]
    [4, 1], // front
    [5, 6], // dominated
  ];
  assert.equal(paretoFront(pts, ['min', 'min']), [true, true, false, true, false]);
});

test('mixed goals, ties and non-candidates', () => {
  const pts = [[1, 10], [1, 10], undefined, [2, 11], [0, 1]];
  // maximise the second: [2,11] beats [1,10] on both? first is min: 2 > 1 worse; second max: 11 > 10 better → both stay.
  assert.equal(paretoFront(pts, ['min', 'max']), [true, true, false, true, true]);
  assert.equal(paretoFront([[1, Number.NaN], [2, 2]], ['min', 'min']), [false, true]);
});

test.run();
