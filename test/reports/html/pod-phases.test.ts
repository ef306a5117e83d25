import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countAtOrBefore, podPhases } from '../../../reports/html/pod-phases.js';
import type { PodRow } from '../../../reports/html/run-data.js';

const pod = (o: Partial<PodRow>): PodRow => ({ namespace: 'default', name: 'p', owner: '', phase: 'Running', reason: '', ...o });

test('pods by phase from pods.csv lifecycle times', () => {
  const pods = [
    pod({ created: 0, started: 10 }), // pending [0,10), running after
    pod({ created: 5, started: 6, finished: 20, phase: 'Succeeded' }),
    pod({ created: 5, started: 6, finished: 25, phase: 'Failed' }),
    pod({ created: 12, phase: 'Pending' }), // never ran
    pod({ created: 1, finished: 3, phase: 'Running' }), // deleted while pending
  ];
  const times = [0, 5, 10, 20, 30];
  const ph = podPhases(pods, times);
  assert.equal(ph.pending, [1, 3, 0, 1, 1]);
  assert.equal(ph.running, [0, 0, 3, 2, 1]);
  assert.equal(ph.succeeded, [0, 0, 0, 1, 1]);
  assert.equal(ph.failed, [0, 0, 0, 0, 1]);
});

test('countAtOrBefore counts sorted values ≤ each time', () => {
  assert.equal(countAtOrBefore([1, 2, 2, 5], [0, 2, 4, 5, 9]), [0, 3, 3, 4, 4]);
});

test.run();
