import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SchedulerCache, makePodInfo, CycleState, buildProfile } from '../../models/scheduler/policy/index.js';
import { NodeResourcesFit, leastRequestedScore, mostRequestedScore, brokenLinear } from '../../models/scheduler/policy/plugins/node-resources-fit.js';
import { NodeResourcesBalancedAllocation, balancedResourceScore } from '../../models/scheduler/policy/plugins/balanced-allocation.js';
import { TaintToleration } from '../../models/scheduler/policy/plugins/taint-toleration.js';
import { NodeUnschedulable } from '../../models/scheduler/policy/plugins/node-unschedulable.js';
import { NodeAffinity } from '../../models/scheduler/policy/plugins/node-affinity.js';
import { PodTopologySpread } from '../../models/scheduler/policy/plugins/pod-topology-spread.js';
import { InterPodAffinity } from '../../models/scheduler/policy/plugins/inter-pod-affinity.js';
import { nodeSelectorTermsMatch, selectorMatches } from '../../models/api/policy/labels.js';
import { mkNode, mkPod, res, Gi, Mi } from './helpers.js';

test('LeastAllocated: 4000m/10Gi node, 3000m/5Gi requested → (25+50)/2 = 37', () => {
  const c = new SchedulerCache();
  const ni = c.addNode(mkNode('n', 4000, 10 * Gi));
  c.addPod(mkPod('old'), res(2000, 4 * Gi), 'n');
  const fit = new NodeResourcesFit({ type: 'LeastAllocated' });
  const p = makePodInfo(mkPod('new'), res(1000, 1 * Gi));
  assert.is(fit.score(new CycleState(), p, ni), 37);
  // generic (non fast-path) route gives the same with weights cpu:1 memory:1 in the other order
  const fit2 = new NodeResourcesFit({ type: 'LeastAllocated', resources: [{ name: 'memory', weight: 1 }, { name: 'cpu', weight: 1 }] });
  assert.is(fit2.score(new CycleState(), p, ni), 37);
  // weights cpu:2 memory:1 → (25*2+50)/3 = 33
  const fit3 = new NodeResourcesFit({ type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 2 }, { name: 'memory', weight: 1 }] });
  assert.is(fit3.score(new CycleState(), p, ni), 33);
});

test('Least/MostAllocated edge cases and BestEffort non-zero defaults', () => {
  assert.is(leastRequestedScore(5000, 4000), 0);
  assert.is(leastRequestedScore(1, 3), 66);
  assert.is(mostRequestedScore(5000, 4000), 100);
  assert.is(mostRequestedScore(1000, 3000), 33);
  const c = new SchedulerCache();
  const ni = c.addNode(mkNode('n', 1000, 1000 * Mi));
  const fit = new NodeResourcesFit({ type: 'MostAllocated' });
  // BestEffort pod scores as 100m / 200Mi: (10 + 20) / 2 = 15
  assert.is(fit.score(new CycleState(), makePodInfo(mkPod('be'), res(0, 0)), ni), 15);
});

test('RequestedToCapacityRatio: broken-linear shape, scaled ×10, rounded mean of scores > 0', () => {
  const shape = [{ utilization: 0, score: 0 }, { utilization: 100, score: 100 }];
  assert.is(brokenLinear(shape, 50), 50);
  const desc = [{ utilization: 0, score: 100 }, { utilization: 30, score: 40 }, { utilization: 100, score: 0 }];
  assert.is(brokenLinear(desc, 10), 80);
  assert.is(brokenLinear(desc, 65), 20);
  assert.is(brokenLinear(desc, 31), 40); // 40 + trunc(-40·1/70): Go truncates toward zero (floor would give 39)
  const c = new SchedulerCache();
  const ni = c.addNode(mkNode('n', 4000, 10 * Gi));
  c.addPod(mkPod('old'), res(2000, 4 * Gi), 'n');
  const fit = new NodeResourcesFit({ type: 'RequestedToCapacityRatio', shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }] });
  // cpu 75% → 75, memory 50% → 50, round(125/2) = 63 (Go math.Round half away from zero)
  assert.is(fit.score(new CycleState(), makePodInfo(mkPod('p'), res(1000, 1 * Gi)), ni), 63);
});

test('BalancedAllocation: std formula, truncation, BestEffort skipped', () => {
  assert.is(balancedResourceScore([3000, 5 * Gi], [4000, 10 * Gi]), 87); // |0.75-0.5|/2 = 0.125
  assert.is(balancedResourceScore([1, 1], [3, 3]), 100);
  assert.is(balancedResourceScore([2, 6, 0], [10, 10, 10]), Math.trunc((1 - Math.sqrt(((0.2 - 0.8 / 3) ** 2 + (0.6 - 0.8 / 3) ** 2 + (0.8 / 3) ** 2) / 3)) * 100));
  const c = new SchedulerCache();
  const ni = c.addNode(mkNode('n', 4000, 10 * Gi));
  c.addPod(mkPod('old'), res(2000, 4 * Gi), 'n');
  const ba = new NodeResourcesBalancedAllocation();
  const p = makePodInfo(mkPod('p'), res(1000, 1 * Gi));
  assert.is(ba.score(new CycleState(), p, ni), 87);
  assert.ok(ba.preScore(new CycleState(), makePodInfo(mkPod('be'), res(0, 0))) !== null, 'BestEffort skipped');
});

test('NodeResourcesFit filter reasons: pods, cpu, memory, extended', () => {
  const c = new SchedulerCache();
  const ni = c.addNode(mkNode('n', 1000, 1 * Gi, { pods: 1, extra: { 'nvidia.com/gpu': 1 } }));
  c.addPod(mkPod('a'), res(600, 600 * Mi, { 'nvidia.com/gpu': 1 }), 'n');
  const fit = new NodeResourcesFit({ type: 'LeastAllocated' });
  const st = fit.filter(new CycleState(), makePodInfo(mkPod('p'), res(500, 500 * Mi, { 'nvidia.com/gpu': 1 })), ni)!;
  assert.equal([...st.reasons], ['Too many pods', 'Insufficient cpu', 'Insufficient memory', 'Insufficient nvidia.com/gpu']);
  assert.is(st.code, 2);
  c.removePod('default/a');
  assert.is(ni.reqCpu, 0);
  assert.is(ni.requested['nvidia.com/gpu'], 0);
  assert.is(fit.filter(new CycleState(), makePodInfo(mkPod('p'), res(500, 500 * Mi, { 'nvidia.com/gpu': 1 })), ni), null);
});

test('TaintToleration filter reason wording and PreferNoSchedule score (reversed)', () => {
  const c = new SchedulerCache();
  const tt = new TaintToleration(0);
  const a = c.addNode(mkNode('a', 1, 1, { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] }));
  const st = tt.filter(new CycleState(), makePodInfo(mkPod('p'), res(0, 0)), a)!;
  assert.equal([...st.reasons], ['node(s) had untolerated taint(s)']);
  assert.is(st.code, 3);
  const tol = makePodInfo(mkPod('p', { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }] }), res(0, 0));
  assert.is(tt.filter(new CycleState(), tol, a), null);
  const b = c.addNode(mkNode('b', 1, 1, { taints: [{ key: 'k', value: 'v', effect: 'PreferNoSchedule' }, { key: 'k2', effect: 'PreferNoSchedule' }] }));
  const d = c.addNode(mkNode('d', 1, 1, { taints: [{ key: 'k', value: 'v', effect: 'PreferNoSchedule' }] }));
  const e = c.addNode(mkNode('e', 1, 1));
  const s = new CycleState();
  const pi = makePodInfo(mkPod('p'), res(0, 0));
  tt.preScore(s, pi);
  const scores = new Float64Array([b, d, e].map((n) => tt.score(s, pi, n)));
  assert.equal([...scores], [2, 1, 0]);
  tt.normalizeScore(s, pi, scores, [b, d, e], 3);
  assert.equal([...scores], [0, 50, 100]);
});

test('NodeUnschedulable: cordoned node rejected unless the unschedulable taint is tolerated', () => {
  const c = new SchedulerCache();
  const n = c.addNode(mkNode('a', 1, 1, { unschedulable: true }));
  const pl = new NodeUnschedulable();
  assert.equal([...pl.filter(null, makePodInfo(mkPod('p'), res(0, 0)), n)!.reasons], ['node(s) were unschedulable']);
  const tol = makePodInfo(mkPod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] }), res(0, 0));
  assert.is(pl.filter(null, tol, n), null);
});

test('labels: selectors, node selector terms (Gt/Lt, matchFields, ORed terms)', () => {
  assert.ok(selectorMatches({}, { a: '1' }));
  assert.not.ok(selectorMatches(undefined, { a: '1' }));
  assert.ok(selectorMatches({ matchExpressions: [{ key: 'x', operator: 'NotIn', values: ['1'] }] }, {}));
  assert.not.ok(selectorMatches({ matchExpressions: [{ key: 'x', operator: 'In', values: ['1'] }] }, {}));
  const terms = [
    { matchExpressions: [{ key: 'cpu', operator: 'Gt' as const, values: ['8'] }] },
    { matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: ['n7'] }] },
  ];
  assert.ok(nodeSelectorTermsMatch(terms, { name: 'x', labels: { cpu: '16' } }));
  assert.not.ok(nodeSelectorTermsMatch(terms, { name: 'x', labels: { cpu: '8' } }));
  assert.not.ok(nodeSelectorTermsMatch(terms, { name: 'x', labels: { cpu: 'abc' } }));
  assert.ok(nodeSelectorTermsMatch(terms, { name: 'n7', labels: {} }));
  assert.not.ok(nodeSelectorTermsMatch([{}], { name: 'n7', labels: {} }), 'empty term matches nothing');
});

test('NodeAffinity: nodeSelector + required terms filter; preferred weights normalised', () => {
  const c = new SchedulerCache();
  const a = c.addNode(mkNode('a', 1, 1, { labels: { zone: 'z1', disk: 'ssd' } }));
  const b = c.addNode(mkNode('b', 1, 1, { labels: { zone: 'z2' } }));
  const na = new NodeAffinity(0);
  const p = makePodInfo(mkPod('p', { nodeSelector: { disk: 'ssd' }, affinity: { nodeAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      { weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z2'] }] } },
      { weight: 30, preference: { matchExpressions: [{ key: 'disk', operator: 'Exists' }] } }] } } }), res(0, 0));
  assert.is(na.filter(new CycleState(), p, a), null);
  assert.equal([...na.filter(new CycleState(), p, b)!.reasons], ["node(s) didn't match Pod's node affinity/selector"]);
  const s = new CycleState();
  na.preScore(s, p);
  const sc = new Float64Array([na.score(s, p, a), na.score(s, p, b)]);
  assert.equal([...sc], [30, 10]);
  na.normalizeScore(s, p, sc, [a, b], 2);
  assert.equal([...sc], [100, 33]);
});

test('PodTopologySpread filter: skew, minDomains, missing label; score formula and normalisation', () => {
  const c = new SchedulerCache();
  const z = (n: string, zone?: string) => c.addNode(mkNode(n, 10000, 10 * Gi, { labels: zone ? { zone } : {} }));
  const a = z('a', 'z1'), b = z('b', 'z2'), nz = z('nz');
  for (let i = 0; i < 2; i++) c.addPod(mkPod(`w${i}`, {}, { labels: { app: 'w' } }), res(100, Mi), 'a');
  const pod = (minDomains?: number) => makePodInfo(mkPod('p', { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone',
    whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'w' } }, minDomains }] }, { labels: { app: 'w' } }), res(100, Mi));
  const pts = new PodTopologySpread(0);
  let s = new CycleState(); let p = pod();
  pts.preFilter(s, p, c);
  assert.equal([...pts.filter(s, p, a)!.reasons], ["node(s) didn't match pod topology spread constraints"]); // 2+1-0 > 1
  assert.is(pts.filter(s, p, b), null); // 0+1-0
  assert.equal([...pts.filter(s, p, nz)!.reasons], ["node(s) didn't match pod topology spread constraints (missing required label)"]);
  // minDomains 3 > 2 domains → globalMin 0; with one pod on b: b = 1+1-0 = 2 > 1 rejected
  c.addPod(mkPod('w9', {}, { labels: { app: 'w' } }), res(100, Mi), 'b');
  s = new CycleState(); p = pod();
  pts.preFilter(s, p, c);
  assert.is(pts.filter(s, p, b), null); // min = 1: 1+1-1 = 1
  s = new CycleState(); p = pod(3);
  pts.preFilter(s, p, c);
  assert.ok(pts.filter(s, p, b) !== null);

  // Score: ScheduleAnyway on zone; counts a: z1=2, b: z2=1; 2 domains → w = ln 4.
  const sp = makePodInfo(mkPod('q', { topologySpreadConstraints: [{ maxSkew: 2, topologyKey: 'zone',
    whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'w' } } }] }), res(100, Mi));
  s = new CycleState();
  pts.preScore(s, sp, [a, b, nz], 3, c);
  const raw = [a, b, nz].map((n) => pts.score(s, sp, n));
  assert.equal(raw, [Math.round(2 * Math.log(4) + 1), Math.round(1 * Math.log(4) + 1), 0]); // [4, 2, ignored]
  const sc = new Float64Array(raw);
  pts.normalizeScore(s, sp, sc, [a, b, nz], 3);
  assert.equal([...sc], [Math.trunc(100 * (4 + 2 - 4) / 4), 100, 0]); // [50, 100, 0]
});

test('InterPodAffinity: required affinity/anti-affinity, existing anti-affinity, preferred score', () => {
  const c = new SchedulerCache();
  const a = c.addNode(mkNode('a', 1, 1, { labels: { zone: 'z1' } }));
  const b = c.addNode(mkNode('b', 1, 1, { labels: { zone: 'z2' } }));
  c.addPod(mkPod('db', {}, { labels: { app: 'db' } }), res(0, 0), 'a');
  const term = { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'zone' };
  const ipa = new InterPodAffinity(0, 1);
  const aff = makePodInfo(mkPod('p', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } }), res(0, 0));
  let s = new CycleState();
  ipa.preFilter(s, aff, c);
  assert.is(ipa.filter(s, aff, a), null);
  assert.equal([...ipa.filter(s, aff, b)!.reasons], ["node(s) didn't match pod affinity rules"]);
  const anti = makePodInfo(mkPod('p', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } } }), res(0, 0));
  s = new CycleState();
  ipa.preFilter(s, anti, c);
  assert.equal([...ipa.filter(s, anti, a)!.reasons], ["node(s) didn't match pod anti-affinity rules"]);
  assert.is(ipa.filter(s, anti, b), null);
  // existing pod with anti-affinity against app=web
  c.addPod(mkPod('lonely', { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
    { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'zone' }] } } }), res(0, 0), 'b');
  const web = makePodInfo(mkPod('w', {}, { labels: { app: 'web' } }), res(0, 0));
  s = new CycleState();
  ipa.preFilter(s, web, c);
  assert.equal([...ipa.filter(s, web, b)!.reasons], ["node(s) didn't satisfy existing pods anti-affinity rules"]);
  assert.is(ipa.filter(s, web, a), null);
  // preferred: +10 toward db's zone
  const pref = makePodInfo(mkPod('p', { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [
    { weight: 10, podAffinityTerm: term }] } } }), res(0, 0));
  s = new CycleState();
  ipa.preScore(s, pref, [a, b], 2, c);
  const sc = new Float64Array([ipa.score(s, pref, a), ipa.score(s, pref, b)]);
  assert.equal([...sc], [10, 0]);
  ipa.normalizeScore(s, pref, sc, [a, b], 2);
  assert.equal([...sc], [100, 0]);
});

test('unknown plugin name is an error listing the valid names', () => {
  assert.throws(() => buildProfile({ plugins: ['NodeResourcesFit', 'Nope'] }), /unknown scheduler plugin "Nope"; valid plugins: .*NodeResourcesFit/);
});

test.run();
