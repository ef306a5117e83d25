// bench/create-pods.ts: a round creates every replica of every Deployment and reports per pod.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createPodsRound } from '../../bench/create-pods.js';

test('a small round creates D × R pods and divides its CPU among them', () => {
  const r = createPodsRound(0, 3, 4);
  assert.is(r.pods, 12);
  assert.ok(r.cpuS > 0 && Number.isFinite(r.usPerPod));
  // cpuS is printed to the millisecond: per pod that is within 0.5 ms / 12.
  assert.ok(Math.abs(r.usPerPod - (r.cpuS * 1e6) / 12) <= 500 / 12 + 0.1);
});

test.run();
