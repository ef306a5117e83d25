import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { bucketMax, bucketSize, bucketTimes, MAX_POINTS } from '../../../reports/html/downsample.js';

test('bucketSize: every sample up to the maximum, then the fewest samples per point that fit', () => {
  assert.is(bucketSize(MAX_POINTS), 1);
  assert.is(bucketSize(MAX_POINTS + 1), 2);
  const n = 24 * 3600 / 15 + 1; // a day at the default 15 s
  const k = bucketSize(n);
  assert.ok(Math.ceil(n / k) <= MAX_POINTS && Math.ceil(n / (k - 1)) > MAX_POINTS, `k=${k}`);
});

test('bucketMax keeps a one-sample spike and skips empty cells; bucketTimes takes each group\'s first time', () => {
  const values = [0, 0, 9, 0, null, null, 1, null];
  assert.equal(bucketMax(values, 2), [0, 9, null, 1]);
  assert.equal(bucketMax(values, 3), [9, 0, 1]);
  assert.equal(bucketTimes([0, 15, 30, 45, 60], 2), [0, 30, 60]);
  assert.equal(bucketMax(values, 1), values);
});

test.run();
