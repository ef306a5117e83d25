// usageStamp: the same number only while usage(pod) would give the same figures and reading it
// would change nothing (the HPA's scrape skips such pods); NaN when the model cannot tell.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpuBehavior, fromYaml, memBehavior, oneNode, pod } from './harness.js';
import type { PodRecord } from '../../../models/kubelet/usage/model.js';

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

test('usageOf at the stamp of a load change gives what the full read gives (grants, flat and leaking memory, contention)', () => {
  // Two 2-CPU nodes, six pods (two with CPU limits, one leaking): random load changes, some
  // contending a node, read in random order before and after the flushes. The figures usageOf
  // keeps at a load change (reattach) must be the grants and memory the slots and the aggregate
  // give at every later read of the same stamp.
  const names = ['a', 'b', 'c', 'd', 'e', 'f'];
  const yaml = oneNode({ cpu: '2', memory: '8Gi', nodes: 2 }) +
    names.map((n, i) => pod(n, { cpuReq: '300m', cpuLim: i % 3 === 0 ? '700m' : undefined, req: '100Mi' })).join('') +
    names.map((n) => cpuBehavior(n, '{base: 200m}')).join('') +
    memBehavior('a', '100Mi', '1Ki/s') + memBehavior('b', '200Mi');
  const h = fromYaml(yaml);
  h.model.runUntil(1_000);
  const u = h.model.usage;
  let x = 12345;
  const rnd = (k: number): number => ((x = (x * 1103515245 + 12345) % 2 ** 31) % k);
  let t = 1_000;
  let kept = 0;
  let reads = 0;
  const out = { cpuMilli: -1, memoryBytes: -1 };
  for (let step = 0; step < 400; step++) {
    const p = h.pod(names[rnd(names.length)]!);
    const hd = u.handleOf!(p)!;
    u.setLoadDemandOf!(hd, rnd(4) === 0 ? 1_500 + rnd(1_000) : rnd(400), rnd(3) * 1_048_576);
    if (rnd(3) === 0) h.model.runUntil((t += 1 + rnd(5_000)));
    for (let k = 0; k < 3; k++) {
      const q = h.pod(names[rnd(names.length)]!);
      const r = u.handleOf!(q) as PodRecord;
      // (The kept figures serve a read when no split is pending for the pod's node.)
      if (r.readStamp === r.stamp && !r.node.dirty) kept++;
      const got = u.usageOf!(r);
      reads++;
      // Into a caller's object: the same figures, in that object.
      const into = u.usageOf!(r, out);
      assert.ok(into === out && Object.is(out.cpuMilli, got.cpuMilli) && Object.is(out.memoryBytes, got.memoryBytes), `step ${step}: usageOf into out`);
      // The full read, after usageOf applied any pending split.
      assert.ok(Object.is(got.cpuMilli, u.grantedCpu(q)), `step ${step} ${q.metadata.name}: cpu ${got.cpuMilli} vs ${u.grantedCpu(q)}`);
      assert.ok(Object.is(got.memoryBytes, u.podMemory(r)), `step ${step} ${q.metadata.name}: memory ${got.memoryBytes} vs ${u.podMemory(r)}`);
    }
  }
  assert.ok(kept > reads / 4 && kept < reads, `kept figures served ${kept} of ${reads} reads (some after a pending split)`);
});

test.run();
