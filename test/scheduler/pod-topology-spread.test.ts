// PodTopologySpread: default spreading (DefaultSelector, system/List defaults, the incremental
// SpreadIndex), node inclusion policies, plugin args validation. Tables from upstream
// pkg/scheduler/framework/plugins/{helper/spread_test.go, podtopologyspread/scoring_test.go} and
// pkg/scheduler/apis/config/validation (PodTopologySpreadArgs).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import seedrandom from 'seedrandom';
import { SchedulerCache, makePodInfo, CycleState, buildProfile, scheduleOne } from '../../models/scheduler/policy/index.js';
import { PodTopologySpread, countPodsMatchSelector } from '../../models/scheduler/policy/plugins/pod-topology-spread.js';
import { defaultSelector, selectorKey, type SpreadOwners } from '../../models/scheduler/policy/plugins/default-selector.js';
import { MISSING } from '../../models/scheduler/policy/spread-index.js';
import { validatePodTopologySpreadArgs } from '../../models/scheduler/policy/plugins/pod-topology-spread-args.js';
import type { LabelSelector, Node, Pod, TopologySpreadConstraint } from '../../models/api/types.js';
import { ClusterModel } from '../../models/cluster.js';
import { loadScenarioText } from '../../scenarios/load.js';
import { buildScenario } from '../../scenarios/build.js';
import { ScenarioErrors } from '../../scenarios/errors.js';
import { container, obj, pool, replicaSet, Gi } from '../models/cluster-helpers.js';
import { mkNode, mkPod, res } from './helpers.js';

const HOST = 'kubernetes.io/hostname', ZONE = 'topology.kubernetes.io/zone';

/** An in-memory lister set (upstream tests' fake informers). */
function owners(o: { services?: [string, Record<string, string> | undefined][]; rs?: Record<string, LabelSelector | undefined>;
  rc?: Record<string, Record<string, string>>; ss?: Record<string, LabelSelector> } = {}): SpreadOwners {
  return {
    serviceSelectors: (ns) => (o.services ?? []).filter(([n]) => n === ns).map(([, s]) => s),
    replicationControllerSelector: (_ns, name) => (o.rc && name in o.rc ? o.rc[name] : null),
    replicaSetSelector: (_ns, name) => (o.rs && name in o.rs ? o.rs[name] : null),
    statefulSetSelector: (_ns, name) => (o.ss && name in o.ss ? o.ss[name]! : null),
  };
}

function owned(p: Pod, kind: string, name: string, apiVersion = kind === 'ReplicationController' ? 'v1' : 'apps/v1', controller = true): Pod {
  p.metadata.ownerReferences = [{ apiVersion, kind, name, uid: `uid-${name}`, controller }];
  return p;
}

// ---- DefaultSelector ----

test('GetPodServices table (spread_test.go): a pod is selected by the service whose selector matches its labels', () => {
  const svc: [string, Record<string, string>][] = [0, 1, 2].map((i) => ['test', { app: `test-${i}` }]);
  for (let i = 0; i < 5; i++) {
    const p = mkPod(`test-pod-${i}`, {}, { ns: 'test', labels: { app: `test-${i}`, label: `label-${i}` } });
    const sel = defaultSelector(p, owners({ services: svc }));
    assert.equal(sel, i < 3 ? { matchLabels: { app: `test-${i}` } } : undefined, `pod-${i}`);
  }
});

test('DefaultSelector: services merged; RC map merged; RS / StatefulSet requirements added; nil selectors and non-controllers ignored', () => {
  const labels = { foo: 'tar', baz: 'sup', app: 'web' };
  const p = () => mkPod('p', {}, { labels });
  // two services, both match: their maps are merged
  assert.equal(defaultSelector(p(), owners({ services: [['default', { app: 'web' }], ['default', { baz: 'sup' }], ['other', { foo: 'tar' }]] })),
    { matchLabels: { app: 'web', baz: 'sup' } });
  // a service with no (or an empty) selector selects nothing
  assert.is(defaultSelector(p(), owners({ services: [['default', undefined], ['default', {}]] })), undefined);
  // ReplicaSet (apps/v1, controller): requirements added, sorted by key
  const rsSel: LabelSelector = { matchLabels: { foo: 'tar' }, matchExpressions: [{ key: 'baz', operator: 'Exists' }] };
  assert.equal(defaultSelector(owned(p(), 'ReplicaSet', 'rs1'), owners({ rs: { rs1: rsSel }, services: [['default', { app: 'web' }]] })), {
    matchLabels: { app: 'web' },
    matchExpressions: [{ key: 'baz', operator: 'Exists' }, { key: 'foo', operator: 'In', values: ['tar'] }],
  });
  // upstream TestPreScoreSkip: an owning ReplicaSet that does not exist → no selector
  assert.is(defaultSelector(owned(p(), 'ReplicaSet', 'rs2'), owners({ rs: { rs1: rsSel } })), undefined);
  // StatefulSet
  assert.equal(defaultSelector(owned(p(), 'StatefulSet', 'ss'), owners({ ss: { ss: { matchLabels: { app: 'web' } } } })),
    { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] });
  // ReplicationController: its map merged into the services' set
  assert.equal(defaultSelector(owned(p(), 'ReplicationController', 'rc'), owners({ rc: { rc: { foo: 'tar' } }, services: [['default', { app: 'web' }]] })),
    { matchLabels: { app: 'web', foo: 'tar' } });
  // not the controller, or another apiVersion / kind: only the services count
  assert.is(defaultSelector(owned(p(), 'ReplicaSet', 'rs1', 'apps/v1', false), owners({ rs: { rs1: rsSel } })), undefined);
  assert.is(defaultSelector(owned(p(), 'ReplicaSet', 'rs1', 'extensions/v1beta1'), owners({ rs: { rs1: rsSel } })), undefined);
  assert.is(defaultSelector(owned(p(), 'Job', 'j', 'batch/v1'), owners()), undefined);
  // a nil RS selector (labels.Nothing) adds no requirement
  assert.is(defaultSelector(owned(p(), 'ReplicaSet', 'rs3'), owners({ rs: { rs3: undefined } })), undefined);
});

// ---- PreScore state: system defaults (scoring_test.go TestPreScoreStateEmptyNodes) ----

interface Probe { cs: { key: string; maxSkew: number }[]; counts: (Map<string, number> | undefined)[]; weight: number[]; ignored: Set<unknown> | null }

test('system default constraints and a replicaset: hostname maxSkew 3, zone maxSkew 5; nodes without a zone are their own domain', () => {
  const cache = new SchedulerCache();
  const nodes = [
    cache.addNode(mkNode('node-a', 1000, Gi, { labels: { [ZONE]: 'mars' } })),
    cache.addNode(mkNode('node-b', 1000, Gi, { labels: { [ZONE]: 'mars' } })),
    cache.addNode(mkNode('node-c', 1000, Gi)),
    cache.addNode(mkNode('node-d', 1000, Gi)),
  ];
  const pl = new PodTopologySpread(0, { defaultingType: 'System' });
  const st = new CycleState();
  st.spreadOwners = owners({ rs: { rs1: { matchLabels: { foo: 'tar' } } } });
  const pod = makePodInfo(owned(mkPod('p', {}, { labels: { foo: 'tar', baz: 'sup' } }), 'ReplicaSet', 'rs1'), res(0, 0));
  assert.is(pl.preScore(st, pod, nodes, 4, cache), null);
  const s = st.slots[0] as Probe;
  assert.equal(s.cs.map((c) => [c.key, c.maxSkew]), [[HOST, 3], [ZONE, 5]]);
  // zone domains among the filtered nodes: "mars" and "" (node-c, node-d)
  assert.equal(s.weight, [Math.log(4 + 2), Math.log(2 + 2)]);
  assert.is(s.ignored, null);
  // List defaulting with no constraints, or no owner: Skip (TestPreScoreSkip)
  const st2 = new CycleState();
  st2.spreadOwners = st.spreadOwners;
  assert.is(new PodTopologySpread(0, { defaultingType: 'List' }).preScore(st2, pod, nodes, 4, cache)?.code, 4);
  const st3 = new CycleState();
  st3.spreadOwners = owners();
  assert.is(pl.preScore(st3, makePodInfo(mkPod('q', {}, { labels: { foo: 'tar' } }), res(0, 0)), nodes, 4, cache)?.code, 4);
});

test('default constraints (List) and a replicaset: only ScheduleAnyway ones score; every key required', () => {
  const cache = new SchedulerCache();
  const a = cache.addNode(mkNode('node-a', 1000, Gi, { labels: { rack: 'rack1', planet: 'mars' } }));
  const defaultConstraints: TopologySpreadConstraint[] = [
    { maxSkew: 1, topologyKey: HOST, whenUnsatisfiable: 'ScheduleAnyway' },
    { maxSkew: 2, topologyKey: 'rack', whenUnsatisfiable: 'DoNotSchedule' },
    { maxSkew: 2, topologyKey: 'planet', whenUnsatisfiable: 'ScheduleAnyway' },
  ];
  const pl = new PodTopologySpread(0, { defaultingType: 'List', defaultConstraints });
  const st = new CycleState();
  st.spreadOwners = owners({ rs: { rs1: { matchLabels: { foo: 'tar' } } } });
  const pod = makePodInfo(owned(mkPod('p', {}, { labels: { foo: 'tar', baz: 'sup' } }), 'ReplicaSet', 'rs1'), res(0, 0));
  assert.is(pl.preScore(st, pod, [a], 1, cache), null);
  const s = st.slots[0] as Probe;
  assert.equal(s.cs.map((c) => [c.key, c.maxSkew]), [[HOST, 1], ['planet', 2]]);
  assert.equal(s.weight, [Math.log(1 + 2), Math.log(1 + 2)]);
  // the DoNotSchedule default runs in PreFilter/Filter
  assert.is(pl.preFilter(st, pod, cache), null);
  assert.is(pl.filter(st, pod, a), null);
});

// ---- Score with inclusion policies (scoring_test.go TestPodTopologySpreadScore) ----

function scoreTable(nodes: Node[], existing: [string, Record<string, string>, { ns?: string; terminating?: boolean }?][],
  pod: Pod): Record<string, number> {
  const cache = new SchedulerCache();
  const nis = nodes.map((n) => cache.addNode(n));
  let i = 0;
  for (const [node, labels, o] of existing) {
    const p = mkPod(`e${i++}`, {}, { labels, ns: o?.ns });
    if (o?.terminating) p.metadata.deletionTimestamp = 1;
    cache.addPod(p, res(0, 0), node);
  }
  const pl = new PodTopologySpread(0);
  const st = new CycleState();
  const pi = makePodInfo(pod, res(0, 0));
  assert.is(pl.preScore(st, pi, nis, nis.length, cache), null);
  const scores = new Float64Array(nis.map((n) => pl.score(st, pi, n)));
  pl.normalizeScore(st, pi, scores, nis, nis.length);
  return Object.fromEntries(nis.map((n, j) => [n.name, scores[j]!]));
}

const foo = { matchExpressions: [{ key: 'foo', operator: 'Exists' as const }] };
const spread = (extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint[] =>
  [{ maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: foo, ...extra }];
const nodeL = (name: string, labels: Record<string, string> = {}, taints = false) =>
  mkNode(name, 1000, Gi, { labels: { node: name, ...labels }, taints: taints ? [{ key: 'foo', value: '', effect: 'NoSchedule' }] : [] });
const existing3: [string, Record<string, string>][] = [['node-a', { foo: '' }], ['node-a', { foo: '' }], ['node-b', { foo: '' }], ['node-c', { foo: '' }]];

test('NodeAffinityPolicy honored / ignored with nodeSelector and with nodeAffinity', () => {
  const nodes = () => [nodeL('node-a', { foo: '' }), nodeL('node-b', { foo: '' }), nodeL('node-c')];
  const sel = { nodeSelector: { foo: '' } };
  const aff = { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: {
    nodeSelectorTerms: [{ matchExpressions: [{ key: 'foo', operator: 'In' as const, values: [''] }] }] } } } };
  for (const extra of [sel, aff]) {
    assert.equal(scoreTable(nodes(), existing3, mkPod('p', { ...extra, topologySpreadConstraints: spread() }, { labels: { foo: '' } })),
      { 'node-a': 0, 'node-b': 33, 'node-c': 100 });
    assert.equal(scoreTable(nodes(), existing3, mkPod('p', { ...extra, topologySpreadConstraints: spread({ nodeAffinityPolicy: 'Ignore' }) }, { labels: { foo: '' } })),
      { 'node-a': 66, 'node-b': 100, 'node-c': 100 });
  }
});

test('NodeTaintsPolicy honored / ignored', () => {
  const nodes = () => [nodeL('node-a'), nodeL('node-b'), nodeL('node-c', {}, true)];
  assert.equal(scoreTable(nodes(), existing3, mkPod('p', { topologySpreadConstraints: spread({ nodeTaintsPolicy: 'Honor' }) }, { labels: { foo: '' } })),
    { 'node-a': 0, 'node-b': 33, 'node-c': 100 });
  assert.equal(scoreTable(nodes(), existing3, mkPod('p', { topologySpreadConstraints: spread() }, { labels: { foo: '' } })),
    { 'node-a': 66, 'node-b': 100, 'node-c': 100 });
});

test('pods in another namespace and terminating pods are not counted', () => {
  const hostSpread = [{ maxSkew: 1, topologyKey: HOST, whenUnsatisfiable: 'ScheduleAnyway' as const, labelSelector: foo }];
  const two = () => [mkNode('node-a', 1000, Gi), mkNode('node-b', 1000, Gi)];
  assert.equal(scoreTable(two(), [['node-a', { foo: '' }, { ns: 'ns1' }], ['node-a', { foo: '' }], ['node-b', { foo: '' }], ['node-b', { foo: '' }]],
    mkPod('p', { topologySpreadConstraints: hostSpread }, { labels: { foo: '' } })), { 'node-a': 100, 'node-b': 33 });
  assert.equal(scoreTable(two(), [['node-a', { foo: '' }, { terminating: true }], ['node-b', { foo: '' }]],
    mkPod('p', { topologySpreadConstraints: hostSpread }, { labels: { foo: '' } })), { 'node-a': 100, 'node-b': 0 });
});

test('Filter honours nodeTaintsPolicy: a tainted, untolerated node is no domain', () => {
  const cache = new SchedulerCache();
  const a = cache.addNode(nodeL('node-a'));
  cache.addNode(nodeL('node-b', {}, true));
  cache.addPod(mkPod('e', {}, { labels: { foo: '' } }), res(0, 0), 'node-a');
  const dns = (policy?: 'Honor') => [{ maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' as const, labelSelector: foo,
    ...(policy ? { nodeTaintsPolicy: policy } : {}) }];
  for (const [policy, want] of [[undefined, false], ['Honor', true]] as const) {
    const pl = new PodTopologySpread(0);
    const st = new CycleState();
    const pi = makePodInfo(mkPod('p', { topologySpreadConstraints: dns(policy) }, { labels: { foo: '' } }), res(0, 0));
    assert.is(pl.preFilter(st, pi, cache), null);
    // node-a has 1 matching pod; with node-b a domain (count 0) the skew is 2 > 1
    assert.is(pl.filter(st, pi, a) === null, want, `policy ${policy}`);
  }
});

// ---- the incremental index agrees with a recount ----

test('SpreadIndex: per-node and per-zone counts equal a recount through pod adds, removals, terminations, node relabels, additions and removals', () => {
  const rng = seedrandom('spread-index');
  const cache = new SchedulerCache();
  const zones = ['z0', 'z1', 'z2', ''];
  let nodeSeq = 0;
  const addNode = () => { const i = nodeSeq++; cache.addNode(mkNode(`n${i}`, 100_000, 100 * Gi, { labels: i % 5 === 4 ? {} : { [ZONE]: zones[i % 4]! } })); };
  for (let i = 0; i < 12; i++) addNode();
  const sels: [string, LabelSelector][] = [
    ['default', { matchLabels: { app: 'a' } }],
    ['default', { matchLabels: { app: 'a', tier: 'web' } }],
    ['default', { matchExpressions: [{ key: 'app', operator: 'In', values: ['b', 'c'] }] }],
    ['other', { matchLabels: { app: 'a' } }],
  ];
  const counters = sels.map(([ns, s]) => cache.spread.counter(ns, s, selectorKey(ns, s), cache.nodes));
  const dom = cache.spread.domains(ZONE, cache.nodes);
  for (const c of counters) c.domainCounts(dom, cache.nodes.length);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  for (let step = 0; step < 800; step++) {
    const r = rng();
    const pods = cache.nodes.flatMap((n) => n.pods);
    if (r < 0.45 || pods.length === 0) {
      const labels: Record<string, string> = { app: pick(['a', 'b', 'c']) };
      if (rng() < 0.5) labels.tier = 'web';
      cache.addPod(mkPod(`p${step}`, {}, { labels, ns: rng() < 0.8 ? 'default' : 'other' }), res(10, 0), pick(cache.nodes).name);
    } else if (r < 0.7) {
      cache.removePod(pick(pods).key);
    } else if (r < 0.85) {
      const pi = pick(pods);
      if (!pi.terminating) { pi.pod.metadata.deletionTimestamp = step; cache.updatePod(pi.pod, pi.res); }
    } else if (r < 0.95) {
      const node = structuredClone(pick(cache.nodes).node);
      const z = pick([...zones, 'z9', undefined]);
      const labels = { ...node.metadata.labels };
      if (z === undefined) delete labels[ZONE]; else labels[ZONE] = z;
      node.metadata.labels = labels;
      cache.updateNode(node);
    } else if (r < 0.975 && cache.nodes.length > 3) {
      cache.removeNode(pick(cache.nodes).name);
    } else addNode();
    if (step % 40 !== 39) continue;
    sels.forEach(([ns, s], i) => {
      const c = counters[i]!;
      const zone = new Map<string, number>();
      for (const ni of cache.nodes) {
        const n = countPodsMatchSelector(ni.pods, s, ns);
        assert.is(c.perSlot[ni.slot] ?? 0, n, `step ${step} selector ${i} node ${ni.name}`);
        const v = ni.labels[ZONE];
        zone.set(v === undefined ? '(missing)' : v, (zone.get(v === undefined ? '(missing)' : v) ?? 0) + n);
        assert.is(dom.values[dom.bySlot[ni.slot]!], v ?? MISSING);
      }
      const dc = c.domainCounts(dom, cache.nodes.length);
      for (const [v, n] of zone) assert.is(dc[dom.ids.get(v === '(missing)' ? MISSING : v)!] ?? 0, n, `step ${step} selector ${i} zone ${v}`);
    });
  }
});

test('default spreading through scheduleOne: index counts give the same placements as recounting', () => {
  // A pod with a nodeSelector takes the recount path (nodeAffinityPolicy Honor), one without takes
  // the index: with a nodeSelector every node matches, both must place identically.
  const place = (withSelector: boolean): string[] => {
    const cache = new SchedulerCache();
    for (let i = 0; i < 9; i++) cache.addNode(mkNode(`n${i}`, 8000, 32 * Gi, { labels: { [ZONE]: `z${i % 3}`, pool: 'p' } }));
    const profile = buildProfile();
    const sp = owners({ services: [['default', { app: 'web' }]] });
    const rng = seedrandom('place');
    const out: string[] = [];
    for (let k = 0; k < 60; k++) {
      const p = mkPod(`w${k}`, withSelector ? { nodeSelector: { pool: 'p' } } : {}, { labels: { app: k % 4 === 0 ? 'other' : 'web' } });
      const r = scheduleOne(p, res(100, 128 * 1024 * 1024), cache, profile, rng, { spreadOwners: sp });
      assert.ok('nodeName' in r);
      if ('nodeName' in r) { cache.addPod(p, res(100, 128 * 1024 * 1024), r.nodeName); out.push(r.nodeName); }
    }
    return out;
  };
  assert.equal(place(false), place(true));
});

test('in the cluster model, a ReplicaSet behind a Service spreads over a big and a small node', () => {
  const run = (withOwner: boolean): Record<string, number> => {
    const model = new ClusterModel({ seed: 3, nodePools: [pool('big', 1, { cpu: 64_000, memory: 256 * Gi }), pool('small', 1, { cpu: 4000, memory: 16 * Gi })] });
    if (withOwner) {
      model.create(obj('v1', 'Service', 'web', { spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }, 'default'));
      model.create(replicaSet('web', 6, {}));
    } else {
      for (let i = 0; i < 6; i++) {
        model.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${i}`, namespace: 'default', labels: { app: 'web' } },
          spec: { containers: [container('app', { cpu: '100m', memory: '64Mi' })] }, status: { phase: 'Pending', conditions: [], containerStatuses: [] } } as Pod);
      }
    }
    model.runUntil(30_000);
    const by: Record<string, number> = {};
    for (const p of model.store.list<Pod>('Pod')) if (p.spec.nodeName) by[p.spec.nodeName] = (by[p.spec.nodeName] ?? 0) + 1;
    return by;
  };
  assert.equal(run(false), { 'big-0': 6 }, 'bare pods: LeastAllocated alone prefers the big node');
  const spreadOut = run(true);
  assert.ok((spreadOut['small-0'] ?? 0) >= 2, `owned pods spread: ${JSON.stringify(spreadOut)}`);
});

// ---- args validation (validation_pluginargs.go) ----

test('PodTopologySpreadArgs validation as upstream', () => {
  const ok = { maxSkew: 1, topologyKey: 'k', whenUnsatisfiable: 'DoNotSchedule' as const };
  assert.equal(validatePodTopologySpreadArgs({}), []);
  assert.equal(validatePodTopologySpreadArgs({ defaultingType: 'List', defaultConstraints: [ok] }), []);
  const msgs = (a: Parameters<typeof validatePodTopologySpreadArgs>[0]) => validatePodTopologySpreadArgs(a).map((p) => `${p.path.join('.')}: ${p.message}`);
  assert.equal(msgs({ defaultingType: 'System', defaultConstraints: [ok] }), ['defaultingType: Invalid value: "System": when .defaultConstraints are not empty']);
  assert.equal(msgs({ defaultingType: 'List', defaultConstraints: [{ ...ok, maxSkew: 0 }] }), ['defaultConstraints.0.maxSkew: Invalid value: 0: not in valid range (0, inf)']);
  assert.equal(msgs({ defaultingType: 'List', defaultConstraints: [{ ...ok, topologyKey: '' }] }), ['defaultConstraints.0.topologyKey: Required value: can not be empty']);
  assert.equal(msgs({ defaultingType: 'List', defaultConstraints: [{ ...ok, whenUnsatisfiable: 'Sometimes' as never }] }),
    ['defaultConstraints.0.whenUnsatisfiable: Unsupported value: "Sometimes": supported values: "DoNotSchedule", "ScheduleAnyway"']);
  assert.equal(msgs({ defaultingType: 'List', defaultConstraints: [{ ...ok, labelSelector: {} }] }),
    ['defaultConstraints.0.labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod']);
  assert.equal(msgs({ defaultingType: 'List', defaultConstraints: [ok, { ...ok, maxSkew: 2 }] }), ['defaultConstraints.1: Duplicate value: "{k, DoNotSchedule}"']);
});

test('Cluster.spec.scheduler.pluginConfig PodTopologySpread: loaded into the profile; bad args refused with their location', () => {
  const text = (args: string) => `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: c}
spec:
  nodePools: [{name: p, count: 1, cpu: "1", memory: 1Gi}]
  scheduler:
    pluginConfig:
    - name: PodTopologySpread
      args:
${args}
`;
  const built = buildScenario(loadScenarioText('s.yaml', text('        defaultingType: List\n        defaultConstraints: [{maxSkew: 1, topologyKey: rack, whenUnsatisfiable: ScheduleAnyway}]')));
  assert.equal(built.cluster.scheduler?.podTopologySpread, { defaultingType: 'List', defaultConstraints: [{ maxSkew: 1, topologyKey: 'rack', whenUnsatisfiable: 'ScheduleAnyway' }] });
  try {
    buildScenario(loadScenarioText('s.yaml', text('        defaultConstraints: [{maxSkew: 1, topologyKey: rack, whenUnsatisfiable: ScheduleAnyway}]')));
    assert.unreachable('expected ScenarioErrors');
  } catch (e) {
    assert.instance(e, ScenarioErrors);
    assert.equal((e as ScenarioErrors).errors.map((x) => x.message),
      ['s.yaml:10:9: spec.scheduler.pluginConfig[0].args.defaultingType: Invalid value: "System": when .defaultConstraints are not empty']);
  }
});

test.run();
