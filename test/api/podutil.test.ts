// podutil: the availability and activeness predicates every controller shell calls.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as v8 from 'node:v8';
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

// V8's own answer to "is this object in fast (hidden-class) mode?", through the natives syntax
// switched on for this process only.
v8.setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;
v8.setFlagsFromString('--no-allow-natives-syntax');

test('setCondition: a cleared reason/message leaves the keys delete would leave, in order, and a fast object', () => {
  const p = pod();
  assert.ok(setCondition(p, 'PodScheduled', 'False', 1000, 'Unschedulable', '0/3 nodes are available'));
  assert.equal(Object.keys(p.status.conditions[0]!), ['type', 'status', 'lastTransitionTime', 'reason', 'message']);
  assert.ok(setCondition(p, 'PodScheduled', 'True', 2000));
  const c = p.status.conditions[0]!;
  assert.equal(Object.keys(c), ['type', 'status', 'lastTransitionTime']);
  assert.equal(c, { type: 'PodScheduled', status: 'True', lastTransitionTime: 2000 });
  assert.not.ok('reason' in c || 'message' in c, 'absent, not undefined');
  assert.ok(hasFastProperties(c), 'PodScheduled after Unschedulable keeps fast properties');
  // Reason only cleared, message kept; status unchanged keeps lastTransitionTime.
  setCondition(p, 'Ready', 'False', 3000, 'PodFailed', 'm');
  assert.ok(setCondition(p, 'Ready', 'False', 4000, undefined, 'm'));
  assert.equal(Object.entries(p.status.conditions[1]!), [['type', 'Ready'], ['status', 'False'], ['lastTransitionTime', 3000], ['message', 'm']]);
  assert.ok(hasFastProperties(p.status.conditions[1]!));
  // Adding fields back appends them, as before.
  assert.ok(setCondition(p, 'Ready', 'False', 5000, 'ContainersNotReady', 'm'));
  assert.equal(Object.keys(p.status.conditions[1]!), ['type', 'status', 'lastTransitionTime', 'message', 'reason']);
  assert.not.ok(setCondition(p, 'Ready', 'False', 6000, 'ContainersNotReady', 'm'), 'no change');
  assert.is(p.status.conditions.length, 2);
});

test('setCondition: keys of a condition a manifest wrote in its own order stay in that order', () => {
  const p = pod();
  p.status.conditions.push({ message: 'x', type: 'Ready', reason: 'r', lastTransitionTime: 7, status: 'False' });
  assert.ok(setCondition(p, 'Ready', 'True', 9));
  assert.equal(Object.entries(p.status.conditions[0]!), [['type', 'Ready'], ['lastTransitionTime', 9], ['status', 'True']]);
});

test.run();
