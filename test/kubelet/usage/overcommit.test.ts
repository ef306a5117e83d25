// Book §7.7–7.8, "What if Kubernetes goes into overcommitted state?": one test per rule.
// Nodes have 2Gi: memory.available < 100Mi when the pods' working sets exceed 1948Mi.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpuBehavior, fromYaml, memBehavior, oneNode, pod } from './harness.js';

function firstEvicted(yaml: string, until = 30_000): string[] {
  const h = fromYaml(yaml);
  h.model.runUntil(until);
  return h.reasons('Evicted').map((e) => e.name);
}

test('7.7a: CPU is compressible — each container gets at least its request, the spare goes by shares', () => {
  const h = fromYaml(oneNode({ cpu: '4' }) + pod('a', { cpuReq: '1' }) + pod('b', { cpuReq: '3' }) + cpuBehavior('a', '{base: "4"}') + cpuBehavior('b', '{base: "4"}'));
  h.model.runUntil(1_000);
  const u = h.model.usage;
  assert.is(u.grantedCpu(h.pod('a')), 1000);
  assert.is(u.grantedCpu(h.pod('b')), 3000);
  assert.is(u.usage(h.pod('b')).cpuMilli, 3000);
  const h2 = fromYaml(oneNode({ cpu: '4' }) + pod('a', { cpuReq: '1' }) + pod('b', { cpuReq: '3' }) + cpuBehavior('a', '{base: 500m}') + cpuBehavior('b', '{base: "4"}'));
  h2.model.runUntil(1_000);
  assert.is(h2.model.usage.grantedCpu(h2.pod('a')), 500);
  assert.is(h2.model.usage.grantedCpu(h2.pod('b')), 3500, 'what a does not use goes to b');
});

test('7.7a: CPU demand steps are followed event by event, without ticks', () => {
  const h = fromYaml(oneNode() + pod('a', { cpuReq: '1', cpuLim: '2' }) + cpuBehavior('a', '{base: 300m, steps: [{at: 10s, value: "3"}, {at: 20s, value: 100m}], burst: {value: 200m, duration: 5s}}'));
  const u = h.model.usage;
  const at = (t: number) => {
    h.model.runUntil(t);
    return u.grantedCpu(h.pod('a'));
  };
  assert.is(at(1_000), 500);
  assert.is(at(6_000), 300);
  assert.is(at(15_000), 2000);
  assert.is(at(25_000), 100);
  const r = u.record(h.pod('a'))!;
  u.settlePod(r);
  assert.is(r.throttledPeriods, 100, 'throttled only during the 10 s above the limit');
  assert.ok(Math.abs(r.throttledMs - 10_000 / 3) < 1e-6);
  assert.ok(Math.abs(r.acc.cpuIntegral - (500 * 5_000 + 300 * 5_000 + 2000 * 10_000 + 100 * 5_000)) < 1e-6);
});

test('7.8 rule 1: a pod without requests counts as using more than requested (BestEffort goes first)', () => {
  const yaml = oneNode({ memory: '2Gi' }) + pod('be') + pod('big', { req: '1850Mi' }) + memBehavior('be', '100Mi') + memBehavior('big', '1850Mi');
  assert.equal(firstEvicted(yaml), ['be']);
});

test('7.8 rule 2: a pod over its request but under its limit is a candidate; pods within their request are not', () => {
  const yaml = oneNode({ memory: '2Gi' }) + pod('over', { req: '200Mi', lim: '1Gi' }) + pod('within', { req: '1700Mi', lim: '1700Mi' })
    + memBehavior('over', '300Mi') + memBehavior('within', '1690Mi');
  assert.equal(firstEvicted(yaml), ['over']);
});

test('7.8 rule 3: among pods over their requests, the lowest priority goes first', () => {
  const yaml = oneNode({ memory: '2Gi' }) + pod('low', { req: '200Mi', priority: 0 }) + pod('high', { req: '200Mi', priority: 1000 }) + pod('fill', { req: '1040Mi' })
    + memBehavior('low', '250Mi') + memBehavior('high', '700Mi') + memBehavior('fill', '1040Mi');
  assert.equal(firstEvicted(yaml), ['low']);
});

test('7.8 rule 4: with equal priority, the pod exceeding its request the most goes first', () => {
  const yaml = oneNode({ memory: '2Gi' }) + pod('little', { req: '200Mi' }) + pod('much', { req: '200Mi' }) + pod('fill', { req: '1040Mi' })
    + memBehavior('little', '250Mi') + memBehavior('much', '700Mi') + memBehavior('fill', '1040Mi');
  assert.equal(firstEvicted(yaml), ['much']);
});

test('7.8 rule 5: pods within their requests can be evicted when the node is short anyway (lowest priority first)', () => {
  // A larger hard threshold stands in for system components using more than reserved. Node
  // allocatable would reserve it too (and only one pod would fit), so it is kept out of
  // allocatable with --experimental-allocatable-ignore-eviction.
  const yaml = oneNode({ memory: '2Gi', extra: '    evictionHard: {memory.available: "60%"}\n    experimentalAllocatableIgnoreEviction: true\n' })
    + pod('a', { req: '500Mi', priority: 0 }) + pod('b', { req: '500Mi', priority: 100 }) + memBehavior('a', '400Mi') + memBehavior('b', '450Mi');
  assert.equal(firstEvicted(yaml, 15_000), ['a']);
});

test('eviction happens on the 10 s rounds and stops once memory.available is back above the threshold', () => {
  const yaml = oneNode({ memory: '2Gi' }) + pod('p1', { req: '100Mi' }) + pod('p2', { req: '100Mi' }) + pod('p3', { req: '100Mi' })
    + memBehavior('p1', '650Mi') + memBehavior('p2', '640Mi') + memBehavior('p3', '690Mi');
  const h = fromYaml(yaml);
  h.model.runUntil(60_000);
  const ev = h.reasons('Evicted');
  assert.equal(ev.map((e) => e.name), ['p3'], 'largest overage; after it the node has room again');
  assert.is(ev[0]!.time, 0, 'met at the first round (t = 0): 1980Mi > 1948Mi');
  assert.is(h.model.usage.evictions, 1);
});

test('node out of memory faster than eviction reacts: the kernel kills the highest oom_score_adj container', () => {
  // Σ = 1Gi + 100Mi + 100Mi/s·t crosses 2Gi at 9.24 s, before the 10 s eviction round.
  const yaml = oneNode({ memory: '2Gi' }) + pod('g', { req: '1Gi', lim: '1Gi', cpuReq: '100m', cpuLim: '100m' }) + pod('be')
    + memBehavior('g', '1Gi') + memBehavior('be', '100Mi', '100Mi/s');
  const h = fromYaml(yaml);
  h.model.runUntil(9_999);
  const kills = h.reasons('OOMKilled');
  assert.is(kills.length, 1);
  assert.is(kills[0]!.name, 'be');
  assert.is(kills[0]!.time, 9_240);
  assert.is(h.reasons('Evicted').length, 0);
  assert.is(h.pod('g').status.containerStatuses[0]!.restartCount, 0);
  assert.is(h.model.usage.record(h.pod('g'))!.oomAdj[0], -997);
  assert.is(h.model.usage.record(h.pod('be'))!.oomAdj[0], 1000);
});

test('QoS class is set at admission and oom_score_adj follows the request', () => {
  const h = fromYaml(oneNode({ memory: '4Gi' }) + pod('g', { req: '1Gi', lim: '1Gi', cpuReq: '1', cpuLim: '1' }) + pod('b', { req: '1Gi' }) + pod('be'));
  assert.is(h.pod('g').status.qosClass, 'Guaranteed');
  assert.is(h.pod('b').status.qosClass, 'Burstable');
  assert.is(h.pod('be').status.qosClass, 'BestEffort');
  h.model.runUntil(1_000);
  assert.is(h.model.usage.record(h.pod('b'))!.oomAdj[0], 750);
});

test('default usage: half the request, or 10m / 32Mi without one; nothing throttled or killed', () => {
  const h = fromYaml(oneNode() + pod('r', { req: '256Mi', cpuReq: '500m', lim: '256Mi', cpuLim: '500m' }) + pod('n'));
  h.model.runUntil(60_000);
  const u = h.model.usage;
  assert.equal(u.usage(h.pod('r')), { cpuMilli: 250, memoryBytes: 128 * 1024 * 1024 });
  assert.equal(u.usage(h.pod('n')), { cpuMilli: 10, memoryBytes: 32 * 1024 * 1024 });
  assert.is(u.oomKills + u.evictions, 0);
});

test('load demand from the traffic model adds to the behaviour and notifies capacity listeners', () => {
  const h = fromYaml(oneNode({ cpu: '2' }) + pod('a', { cpuReq: '1', cpuLim: '1500m' }) + cpuBehavior('a', '{base: 100m}'));
  const u = h.model.usage;
  const seen: string[] = [];
  u.onCapacityChange((p) => seen.push(p.metadata.name));
  h.model.runUntil(1_000);
  u.setLoadDemand(h.pod('a'), 2000, 64 * 1024 * 1024);
  assert.is(u.grantedCpu(h.pod('a')), 1500, 'capped by the limit');
  assert.is(u.cpuCapacity(h.pod('a')), 1500);
  assert.is(u.usage(h.pod('a')).memoryBytes, 64 * 1024 * 1024 + 32 * 1024 * 1024);
  h.model.runUntil(2_000);
  assert.ok(seen.includes('a'));
});

test('random walks are seeded, bounded and stepped by one timer per node', () => {
  const yaml = oneNode() + pod('w1', { cpuReq: '1' }) + pod('w2', { cpuReq: '1' })
    + cpuBehavior('w1', '{base: 500m, randomWalk: {stddev: 100m, period: 10s, min: 200m, max: 800m}}')
    + cpuBehavior('w2', '{base: 500m, randomWalk: {stddev: 100m}}');
  const run = (seed: number) => {
    const h = fromYaml(yaml, seed);
    const xs: number[] = [];
    for (let t = 10_000; t <= 600_000; t += 10_000) {
      h.model.runUntil(t);
      xs.push(h.model.usage.grantedCpu(h.pod('w1')));
    }
    return { xs, events: h.model.sim.stats.dispatched };
  };
  const a = run(1);
  const b = run(1);
  const c = run(2);
  assert.equal(a.xs, b.xs);
  assert.not.equal(a.xs, c.xs);
  assert.ok(a.xs.every((x) => x >= 200 && x <= 800));
  assert.ok(new Set(a.xs).size > 10, 'it moves');
  assert.ok(a.events < 250, `${a.events} events: one tick + one flush per 10 s, not per container`);
});

test.run();
