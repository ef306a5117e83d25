// usageStamp: the same number only while usage(pod) would give the same figures and reading it
// would change nothing (the HPA's scrape skips such pods); NaN when the model cannot tell.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpuBehavior, fromYaml, memBehavior, oneNode, pod } from './harness.js';

test('steady pod: one stamp while nothing changes; a load change moves it (NaN until the split is applied)', () => {
  const h = fromYaml(oneNode({ cpu: '4' }) + pod('a', { cpuReq: '1' }) + pod('b', { cpuReq: '1' }) + cpuBehavior('a', '{base: 300m}') + cpuBehavior('b', '{base: 200m}'));
  h.model.runUntil(1_000);
  const u = h.model.usage;
  const a = h.pod('a');
  const s0 = u.usageStamp(a);
  assert.ok(Number.isFinite(s0));
  h.model.runUntil(60_000);
  assert.is(u.usageStamp(a), s0, 'time passing changes nothing');
  assert.equal(u.usage(a), { cpuMilli: 300, memoryBytes: u.usage(a).memoryBytes });

  // Another pod's change on a node that stays uncontended: applied at once, a's grant cannot move.
  const b0 = u.usageStamp(h.pod('b'));
  u.setLoadDemand(h.pod('b'), 100, 0);
  assert.is(u.usageStamp(a), s0, 'uncontended: only the changed pod moves');
  assert.ok(Number.isFinite(u.usageStamp(h.pod('b'))) && u.usageStamp(h.pod('b')) !== b0);
  assert.is(u.usage(h.pod('b')).cpuMilli, 300);
  // A change that would contend the node: the split is pending, so the model cannot tell.
  u.setLoadDemand(h.pod('b'), 5_000, 0);
  assert.ok(Number.isNaN(u.usageStamp(a)), 'node split pending');
  u.usage(a); // applies the split
  assert.ok(Number.isFinite(u.usageStamp(a)));
  u.setLoadDemand(h.pod('b'), 100, 0);
  u.usage(a);

  // Its own load: a different figure, a different stamp.
  const s1 = u.usageStamp(a);
  u.setLoadDemand(a, 500, 0);
  assert.is(u.usage(a).cpuMilli, 800);
  const s2 = u.usageStamp(a);
  assert.ok(Number.isFinite(s2) && s2 !== s1);
});

test('contention moves the grant of a pod whose own demand did not change: a new stamp', () => {
  const h = fromYaml(oneNode({ cpu: '2' }) + pod('a', { cpuReq: '1' }) + pod('b', { cpuReq: '1' }) + cpuBehavior('a', '{base: "1500m"}') + cpuBehavior('b', '{base: 100m, steps: [{at: 10s, value: "2"}]}'));
  h.model.runUntil(5_000);
  const u = h.model.usage;
  const a = h.pod('a');
  const before = { stamp: u.usageStamp(a), cpu: u.usage(a).cpuMilli };
  h.model.runUntil(20_000);
  const after = { stamp: u.usageStamp(a), cpu: u.usage(a).cpuMilli };
  assert.ok(after.cpu < before.cpu, `contended: ${before.cpu} → ${after.cpu}`);
  assert.ok(Number.isFinite(after.stamp) && after.stamp !== before.stamp);
});

test('memory that moves with time (a leak) and pods the model does not run', () => {
  const h = fromYaml(oneNode({ cpu: '2', memory: '4Gi' }) + pod('a', { cpuReq: '1' }) + memBehavior('a', '100Mi', '1Mi/s'));
  h.model.runUntil(5_000);
  const u = h.model.usage;
  assert.ok(Number.isNaN(u.usageStamp(h.pod('a'))), 'a leak: the reading moves with time');
  const ghost = { ...h.pod('a'), metadata: { ...h.pod('a').metadata, name: 'ghost' } };
  assert.is(u.usageStamp(ghost), 0, 'not tracked: usage is zeros');
  assert.equal(u.usage(ghost), { cpuMilli: 0, memoryBytes: 0 });
});

test.run();
