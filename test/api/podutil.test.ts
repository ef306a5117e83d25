// podutil: the availability and activeness predicates every controller shell calls.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { availableAt, isPodActive, isPodAvailable, setCondition } from '../../models/api/policy/podutil.js';
import type { Pod } from '../../models/api/types.js';

function pod(o: { phase?: Pod['status']['phase']; readyAt?: number; notReadyAt?: number; deleting?: boolean } = {}): Pod {
  const p: Pod = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'img:1' }] },
    status: { phase: o.phase ?? 'Running', conditions: [], containerStatuses: [] },
  };
  if (o.readyAt !== undefined) setCondition(p, 'Ready', 'True', o.readyAt);
  if (o.notReadyAt !== undefined) setCondition(p, 'Ready', 'False', o.notReadyAt);
  if (o.deleting) p.metadata.deletionTimestamp = 1;
  return p;
}

test('isPodAvailable: Ready, and minReadySeconds measured strictly after the Ready transition', () => {
  assert.not.ok(isPodAvailable(pod(), 0, 5000), 'no Ready condition');
  assert.not.ok(isPodAvailable(pod({ readyAt: 0, notReadyAt: 4000 }), 0, 5000), 'Ready=False');
  assert.ok(isPodAvailable(pod({ readyAt: 5000 }), 0, 5000), 'minReadySeconds 0: available as soon as Ready');
  // upstream: lastTransitionTime.Add(minReadySeconds).Before(now) — not at the bound itself.
  assert.not.ok(isPodAvailable(pod({ readyAt: 5000 }), 10, 14_999));
  assert.not.ok(isPodAvailable(pod({ readyAt: 5000 }), 10, 15_000), 'exactly readySince + minReadySeconds is not yet');
  assert.ok(isPodAvailable(pod({ readyAt: 5000 }), 10, 15_001));
});

test('availableAt: the first ms isPodAvailable holds (re-checks scheduled for it see the pod available)', () => {
  for (const [since, min] of [[5000, 10], [0, 1], [123, 0], [7, 600]] as const) {
    const at = availableAt(since, min);
    const p = pod({ readyAt: since });
    assert.ok(isPodAvailable(p, min, at), `available at ${at}`);
    if (at > since) assert.not.ok(isPodAvailable(p, min, at - 1), `not available at ${at - 1}`);
  }
  assert.is(availableAt(5000, 10), 15_001);
  assert.is(availableAt(5000, 0), 5000);
});

test('isPodActive (controller.IsPodActive): not Succeeded/Failed and not being deleted', () => {
  assert.ok(isPodActive(pod({ phase: 'Pending' })));
  assert.ok(isPodActive(pod({ phase: 'Unknown' })));
  assert.ok(isPodActive(pod({ phase: 'Running' })));
  assert.not.ok(isPodActive(pod({ phase: 'Running', deleting: true })));
  assert.not.ok(isPodActive(pod({ phase: 'Succeeded' })));
  assert.not.ok(isPodActive(pod({ phase: 'Failed' })));
});

test.run();
