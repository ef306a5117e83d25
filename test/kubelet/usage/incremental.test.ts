// The incremental CPU split (models/kubelet/usage/model.ts) against a from-scratch reference:
// after every flush, each container's grant must be exactly shareCpu over the node's containers
// (in node order), capacities exactly what the full recomputation gives, and capacity listeners
// called for exactly the pods whose capacity moved by more than 1e-6 since the node's previous
// flush — with watchedOnly listeners, for exactly those of them that are watched.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { shareCpu } from '../../../models/kubelet/policy/cpu-sharing.js';
import type { ContainerUsage, NodeState, Slot } from '../../../models/kubelet/usage/model.js';
import type { Pod } from '../../../models/api/types.js';
import { fromYaml, oneNode, pod } from './harness.js';

/** Eight pods whose random walks carry the node in and out of contention; two leak into OOM kills. */
function scenario(cpu: string): string {
  let y = oneNode({ cpu, memory: '8Gi' });
  for (let i = 0; i < 8; i++) {
    const limited = i % 3 === 0;
    y += pod(`p${i}`, { cpuReq: `${100 + 110 * i}m`, ...(limited ? { cpuLim: '900m' } : {}), ...(i >= 6 ? { lim: '200Mi' } : {}) });
    y += `apiVersion: k8sim/v1
kind: Behavior
metadata: {name: b-p${i}}
spec:
  selector: {matchLabels: {app: p${i}}}
  cpu: {base: ${150 + 15 * i}m, randomWalk: {stddev: 80m, period: 1s, reversion: 0.2}}
  memory: {base: 50Mi${i >= 6 ? `, leak: ${5 + i}Mi/s` : ''}}
---
`;
  }
  return y;
}

interface Ref {
  flushes: number;
  contended: number;
  uncontended: number;
  notified: number;
  /** Checks made on a node with no flush coming after load changes. */
  skipped?: number;
}

/**
 * Run the scenario with reference checks wrapped around every flush. `watched` decides, per pod
 * name and time, whether a watchedOnly listener watches it (undefined: an all-pods listener).
 */
function runChecked(cpu: string, watched?: (name: string, t: number) => boolean): Ref {
  const h = fromYaml(scenario(cpu), 7);
  const u = h.model.usage as ContainerUsage;
  const calls: string[] = [];
  u.onCapacityChange((p) => calls.push(p.metadata.name), watched ? { watchedOnly: true } : {});
  const last = new Map<Slot, number>();
  const watchedNow = new Set<string>();
  const ref: Ref = { flushes: 0, contended: 0, uncontended: 0, notified: 0 };
  // Grants move in node order (the order the full recomputation re-grants in, which fixes the
  // order of every floating-point sum they feed): check the order of re-grants per split.
  const internals = u as unknown as { regrant(n: NodeState, s: Slot, g: number): void; ensureCpu(n: NodeState): void };
  const regrant = internals.regrant.bind(u);
  const ensureCpu = internals.ensureCpu.bind(u);
  let regranted: number[] = [];
  internals.regrant = (n, s, g) => {
    regranted.push(s.seq);
    regrant(n, s, g);
  };
  internals.ensureCpu = (n) => {
    regranted = [];
    ensureCpu(n);
    for (let i = 1; i < regranted.length; i++) assert.ok(regranted[i - 1]! < regranted[i]!, `re-grants in node order at ${u.sim.now}`);
  };
  const orig = u.flush.bind(u);
  u.flush = (n: NodeState) => {
    calls.length = 0;
    orig(n);
    ref.flushes++;
    // Reference split: shareCpu over the node's slots, in order; λ, saturation and free as the
    // full recomputation derives them.
    const slots = [...n.slots];
    const usage = shareCpu(
      n.cpuAllocatable,
      slots.map((s) => (s.cpuLimit !== undefined ? { demandMilli: s.demand, shares: s.shares, limitMilli: s.cpuLimit } : { demandMilli: s.demand, shares: s.shares })),
    );
    let used = 0;
    let capSum = 0;
    let lambda = 0;
    slots.forEach((s, i) => {
      const g = usage[i]!;
      const cap = s.cpuLimit !== undefined ? Math.min(s.demand, s.cpuLimit) : s.demand;
      used += g;
      capSum += cap;
      if (g < cap - 1e-9) lambda = Math.max(lambda, g / s.shares);
      assert.is(s.cpu, g, `grant of ${s.rec.pod.metadata.name} at ${u.sim.now}`);
    });
    const saturated = capSum > n.cpuAllocatable;
    const free = Math.max(0, n.cpuAllocatable - used);
    if (saturated) ref.contended++;
    else ref.uncontended++;
    const capacity = (s: Slot) => {
      const lim = s.cpuLimit ?? n.cpuAllocatable;
      return saturated ? Math.min(lim, Math.max(s.cpu, lambda * s.shares)) : Math.min(lim, s.cpu + free);
    };
    const expected: string[] = [];
    for (const r of n.pods) {
      let moved = false;
      let podCap = 0;
      for (const s of r.slots) {
        if (!s) continue;
        const c = capacity(s);
        podCap += c;
        if (Math.abs(c - (last.get(s) ?? -1)) > 1e-6) moved = true;
        last.set(s, c);
      }
      assert.is(u.cpuCapacity(r.pod), podCap, `capacity of ${r.pod.metadata.name} at ${u.sim.now}`);
      if (moved && (!watched || watchedNow.has(r.pod.metadata.name))) expected.push(r.pod.metadata.name);
    }
    assert.equal(calls, expected, `listener calls at ${u.sim.now}`);
    ref.notified += calls.length;
  };
  const pods: Pod[] = [];
  for (let i = 0; i < 8; i++) pods.push(h.pod(`p${i}`));
  let skippedChecked = 0;
  for (let t = 500; t <= 60_000; t += 500) {
    h.model.runUntil(t);
    if (watched) {
      for (const p of pods) {
        const w = watched(p.metadata.name, t);
        u.watchCapacity(p, w);
        if (w) watchedNow.add(p.metadata.name);
        else watchedNow.delete(p.metadata.name);
      }
    }
    // Load from "traffic" on one pod, read back at once (a split on a node with changes pending).
    // Two at once, the later pod first (changes arrive out of node order).
    const k = (t / 500) % 8;
    u.setLoadDemand(pods[(k + 3) % 8]!, ((t / 500) % 4) * 150, 0);
    // Every other time through the pod's handle (the traffic model's path): the same effects.
    const hk = u.handleOf(pods[k]!);
    if (t % 1000 === 0 && hk) u.setLoadDemandOf(hk, ((t / 500) % 5) * 200, 0);
    else u.setLoadDemand(pods[k]!, ((t / 500) % 5) * 200, 0);
    if (t % 1500 === 0) {
      const p = pods[(t / 1500) % 8]!;
      const hp = u.handleOf(p);
      const c = u.cpuCapacity(p);
      if (hp) assert.is(u.cpuCapacityOf(hp), c, 'capacity through the handle');
    }
    // Between flushes too (a load change on an uncontended node is granted at once, without
    // one): once pending splits are applied, every grant is shareCpu's.
    for (const n of u.nodes.values()) assert.is(n.changedCount, n.changed.length, `pending cap changes counted before the flush at ${t}`);
    u.flushPending();
    for (const n of u.nodes.values()) {
      const slots = [...n.slots];
      // (The Σ cap bound's count of slots, kept beside the set as containers stop and start.)
      assert.is(n.slotCount, slots.length, `slot count at ${t}`);
      assert.is(n.changedCount, n.changed.length, `pending cap changes counted at ${t}`);
      const want = shareCpu(n.cpuAllocatable, slots.map((s) => (s.cpuLimit !== undefined ? { demandMilli: s.demand, shares: s.shares, limitMilli: s.cpuLimit } : { demandMilli: s.demand, shares: s.shares })));
      assert.equal(slots.map((s) => s.cpu), want, `grants right after the load changes at ${t}`);
      // No flush coming: then no capacity a listener hears about moved since the last one.
      if (n.flushPosted) continue;
      const saturated = slots.reduce((a, s) => a + Math.max(0, s.cpuLimit !== undefined ? Math.min(s.demand, s.cpuLimit) : s.demand), 0) > n.cpuAllocatable;
      if (saturated) continue; // (a change above a limit there moves no cap: no flush either)
      skippedChecked++;
      const free = Math.max(0, n.cpuAllocatable - want.reduce((a, g) => a + g, 0));
      for (const r of n.pods) {
        if (watched && !watchedNow.has(r.pod.metadata.name)) continue;
        for (const s of r.slots) {
          if (!s || !last.has(s)) continue;
          const c = Math.min(s.cpuLimit ?? n.cpuAllocatable, s.cpu + free);
          assert.ok(Math.abs(c - last.get(s)!) <= 1e-6, `flush skipped at ${t} though ${r.pod.metadata.name}'s capacity moved`);
        }
      }
    }
  }
  assert.ok(h.model.usage.oomKills > 0, 'containers restart (slots stop and start)');
  ref.skipped = skippedChecked;
  return ref;
}

test('incremental CPU split: grants, capacities and capacity notifications equal the full recomputation', () => {
  const ref = runChecked('4');
  assert.ok(ref.contended > 20 && ref.uncontended > 20, `both regimes: ${JSON.stringify(ref)}`);
  assert.ok(ref.notified > 100, `listeners were called: ${JSON.stringify(ref)}`);
});

test('watchedOnly capacity listeners hear exactly about the watched pods whose capacity moved', () => {
  // Watches change over time (pods watched on a node with changes pending, unwatched, re-watched).
  const ref = runChecked('4', (name, t) => (Number(name.slice(1)) + Math.floor(t / 3_500)) % 3 !== 0);
  assert.ok(ref.contended > 20 && ref.uncontended > 20, `both regimes: ${JSON.stringify(ref)}`);
  assert.ok(ref.notified > 50, `listeners were called: ${JSON.stringify(ref)}`);
});

test('uncontended node: capacities from the free-CPU bound, the exact free CPU rebuilt when a watch needs it', () => {
  // Limited pods (p0, p3, p6) always watched: their capacity is the limit, decided by the bound.
  // Unlimited ones only now and then: their first flush needs the free CPU of the previous one.
  const ref = runChecked('16', (name, t) => Number(name.slice(1)) % 3 === 0 || Math.floor(t / 2_500) % 3 === 0);
  assert.is(ref.contended, 0);
  assert.ok(ref.notified > 50, `listeners were called: ${JSON.stringify(ref)}`);
  assert.ok(ref.skipped! > 20, `load changes applied without a flush: ${JSON.stringify(ref)}`);
  const all = runChecked('16');
  assert.ok(all.notified > ref.notified);
});

test('the running Σ cap never decides contention alone when rounding could flip it', () => {
  // Loads whose running sum (as the model keeps it: + (new − old) per change) is below the
  // allocatable while the sum in node order, which is what shareCpu compares, is above it.
  const y = oneNode({ cpu: '4' }) + ['q0', 'q1', 'q2'].map((n, i) => pod(n, { cpuReq: `${300 + 200 * i}m` }) + `apiVersion: k8sim/v1
kind: Behavior
metadata: {name: b-${n}}
spec:
  selector: {matchLabels: {app: ${n}}}
  cpu: {base: 0m}
---
`).join('');
  const h = fromYaml(y);
  h.model.runUntil(1_000);
  const u = h.model.usage;
  const n = [...u.nodes.values()][0]!;
  const A = n.cpuAllocatable;
  let seed = 7;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  let found: number[] | undefined;
  for (let t = 0; t < 2_000_000 && !found; t++) {
    const x0 = A / 4 + (rnd() * A) / 4, x1 = A / 4 + (rnd() * A) / 4, x2 = A / 8 + (rnd() * A) / 8, mid = (rnd() * A) / 2;
    const running = ((0 + x0) + x1) + x2 + (mid - x1);
    for (let k = -6; k <= 6 && !found; k++) {
      const y1 = A - x0 - x2 + k * A * 6e-17;
      if (y1 >= 0 && running + (y1 - mid) < A && x0 + y1 + x2 > A) found = [x0, x1, x2, mid, y1];
    }
  }
  assert.ok(found, 'a rounding-boundary case exists');
  const [x0, x1, x2, mid, y1] = found!;
  const [q0, q1, q2] = ['q0', 'q1', 'q2'].map((name) => h.pod(name)) as [Pod, Pod, Pod];
  u.setLoadDemand(q0, x0, 0);
  u.setLoadDemand(q1, x1, 0);
  u.setLoadDemand(q2, x2, 0);
  u.setLoadDemand(q1, mid, 0);
  u.setLoadDemand(q1, y1, 0);
  const slots = [...n.slots];
  const want = shareCpu(A, slots.map((s) => ({ demandMilli: s.demand, shares: s.shares })));
  assert.ok(want.some((g, i) => g !== slots[i]!.demand), 'the node is contended: someone gets less than its demand');
  assert.equal([q0, q1, q2].map((p) => u.grantedCpu(p)), want);
});

/** shareCpu as it was written before shareCpuInto (the reference for exactness). */
function shareCpuReference(capacityMilli: number, claims: readonly { demandMilli: number; shares: number; limitMilli?: number }[]): number[] {
  const n = claims.length;
  const usage = new Array<number>(n).fill(0);
  if (n === 0 || capacityMilli <= 0) return usage;
  const cap = new Array<number>(n);
  let totalCap = 0;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    const cl = claims[i]!;
    const c = Math.max(0, cl.limitMilli === undefined ? cl.demandMilli : Math.min(cl.demandMilli, cl.limitMilli));
    cap[i] = c;
    totalCap += c;
    if (c > 0) totalWeight += cl.shares;
  }
  if (totalCap <= capacityMilli) {
    for (let i = 0; i < n; i++) usage[i] = cap[i]!;
    return usage;
  }
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (cap[i]! > 0) order.push(i);
  order.sort((a, b) => cap[a]! / claims[a]!.shares - cap[b]! / claims[b]!.shares || a - b);
  let remaining = capacityMilli;
  let weight = totalWeight;
  let k = 0;
  for (; k < order.length; k++) {
    const i = order[k]!;
    const w = claims[i]!.shares;
    if (cap[i]! * weight <= remaining * w) {
      usage[i] = cap[i]!;
      remaining -= cap[i]!;
      weight -= w;
    } else break;
  }
  for (; k < order.length; k++) {
    const i = order[k]!;
    usage[i] = (remaining * claims[i]!.shares) / weight;
  }
  return usage;
}

test('shareCpu (on scratch arrays) is bit-for-bit the former implementation', () => {
  let x = 12345;
  const rnd = () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
  for (let trial = 0; trial < 2000; trial++) {
    const n = Math.floor(rnd() * 12);
    const claims = [];
    for (let i = 0; i < n; i++) {
      // Integers and fractions, ties in demand/shares, zero demands, some limits.
      const demandMilli = rnd() < 0.15 ? 0 : rnd() < 0.3 ? 500 : rnd() * 3000;
      const shares = rnd() < 0.3 ? 1024 : 2 + Math.floor(rnd() * 3000);
      claims.push(rnd() < 0.4 ? { demandMilli, shares, limitMilli: rnd() < 0.5 ? 1000 : rnd() * 2000 } : { demandMilli, shares });
    }
    const capacity = rnd() < 0.05 ? 0 : rnd() * 8000;
    assert.equal(shareCpu(capacity, claims), shareCpuReference(capacity, claims), `trial ${trial}`);
  }
});


test('uncontended node: a load change is granted at once, with no flush when no watched capacity moves', () => {
  // Limited pods far below the node's size: every capacity is the pod's limit.
  const y = oneNode({ cpu: '16' }) + ['w0', 'w1', 'w2'].map((n) => pod(n, { cpuReq: '200m', cpuLim: '1' }) + `apiVersion: k8sim/v1
kind: Behavior
metadata: {name: b-${n}}
spec:
  selector: {matchLabels: {app: ${n}}}
  cpu: {base: 50m}
---
`).join('');
  const h = fromYaml(y);
  h.model.runUntil(1_000);
  const u = h.model.usage as ContainerUsage;
  const [w0, w1] = [h.pod('w0'), h.pod('w1')];
  const heard: string[] = [];
  u.onCapacityChange((p) => heard.push(p.metadata.name), { watchedOnly: true });
  u.watchCapacity(w0, true);
  u.watchCapacity(w1, true);
  let flushes = 0;
  const orig = u.flush.bind(u);
  u.flush = (n: NodeState) => {
    flushes++;
    orig(n);
  };
  const before = u.usageStamp(w1);
  for (let i = 1; i <= 20; i++) {
    u.setLoadDemand(w0, 20 * i, 0);
    assert.is(u.grantedCpu(w0), 50 + 20 * i, 'granted at once');
    h.model.runUntil(1_000 + 100 * i);
  }
  assert.is(flushes, 0, 'no flush: nothing for a flush to do');
  assert.equal(heard, [], 'capacities (the limits) did not move');
  assert.is(u.usageStamp(w1), before, 'the other pods of the node are untouched');
  assert.is(u.cpuCapacity(w0), 1000);
  // Over its limit: throttled at the limit, still no split over the node.
  u.setLoadDemand(w0, 5_000, 0);
  assert.is(u.grantedCpu(w0), 1000);
  h.model.runUntil(10_000);
  assert.is(flushes, 0);
  // Memory moves: the flush runs (OOM and eviction timing follow memory).
  u.setLoadDemand(w0, 100, 2 ** 20);
  h.model.runUntil(11_000);
  assert.is(flushes, 1);
});

test.run();
