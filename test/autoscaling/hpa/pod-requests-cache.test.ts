// PodRequestsCache (models/autoscaling/hpa/policy/pod-requests-cache.ts): over random sequences of
// pod-view lists (views kept, replaced, added, removed, containers without the request), what it
// returns is what calculatePodRequests computes on the same call, errors included, and it does
// serve from the cache while the views are the same objects.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { PodRequestsCache } from '../../../models/autoscaling/hpa/policy/pod-requests-cache.js';
import { calculatePodRequests, type HpaPod } from '../../../models/autoscaling/hpa/policy/replica-calculator.js';

type Op = { t: 'same' } | { t: 'replace'; i: number; cpu: number | undefined } | { t: 'add'; cpu: number } | { t: 'drop'; i: number };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ t: 'same' as const }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('replace' as const), i: fc.nat(9), cpu: fc.option(fc.integer({ min: 0, max: 2000 }), { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('add' as const), cpu: fc.integer({ min: 0, max: 2000 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('drop' as const), i: fc.nat(9) }) },
);

let serial = 0;
const view = (cpu: number | undefined): HpaPod => ({
  name: `p-${serial++}`,
  phase: 'Running',
  containers: [
    { name: 'app', requests: cpu === undefined ? { memory: 1 } : { cpu, memory: 1 } },
    { name: 'side', requests: { cpu: 50, memory: 2 } },
  ],
});

const result = (f: () => ReadonlyMap<string, number>): string => {
  try {
    return JSON.stringify([...f()]);
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
};

test('the cache gives what calculatePodRequests gives, and serves while the views are unchanged', () => {
  let served = 0;
  fc.assert(
    fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), fc.constantFrom('', 'app', 'side', 'none'), (ops, container) => {
      const cache = new PodRequestsCache();
      let pods: HpaPod[] = [view(100), view(200)];
      for (const op of ops) {
        if (op.t === 'replace' && pods.length > 0) pods = pods.map((p, i) => (i === op.i % pods.length ? view(op.cpu) : p));
        else if (op.t === 'add') pods = [...pods, view(op.cpu)];
        else if (op.t === 'drop' && pods.length > 0) pods = pods.filter((_, i) => i !== op.i % pods.length);
        for (const resource of ['cpu', 'memory']) {
          assert.is(result(() => cache.of(pods, resource, container)), result(() => calculatePodRequests(pods, resource, container)));
        }
      }
      served += cache.served;
    }),
    { numRuns: 200, seed: 3 },
  );
  assert.ok(served > 0, `served ${served}`);
});

test.run();
