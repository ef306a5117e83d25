// Pure parts of the cluster autoscaler, with upstream's rules as tables.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RandomStreams } from '../../../sim/index.js';
import {
  autoscalerConfig, chooseOption, failureSchedule, GroupBackoff, leastWaste, mostPods, parseGoDurationMs, podDisposition,
  priorityFilter, UnneededTimer, utilization, wasteScore, type ExpansionOption,
} from '../../../models/autoscaling/cluster-autoscaler/index.js';
import type { Pod } from '../../../models/api/types.js';

const opt = (group: string, nodeCount: number, podCount: number, reqCpu = 0, reqMem = 0, nodeCpu = 4000, nodeMem = 8e9): ExpansionOption =>
  ({ group, nodeCount, podCount, reqCpu, reqMem, nodeCpu, nodeMem });

test('most-pods keeps the options scheduling the most pods (ties kept for the random stage)', () => {
  const r = mostPods([opt('a', 1, 3), opt('b', 2, 5), opt('c', 1, 5)]);
  assert.equal(r.map((o) => o.group), ['b', 'c']);
});

test('least-waste: (avail−req)/avail for cpu plus memory, avail = capacity × nodes; lowest wins', () => {
  const a = opt('a', 1, 2, 2000, 4e9); // 0.5 + 0.5 = 1.0
  const b = opt('b', 2, 2, 6000, 8e9); // (8000-6000)/8000 + (16e9-8e9)/16e9 = 0.25+0.5
  assert.is(wasteScore(a), 1);
  assert.is(wasteScore(b), 0.75);
  assert.equal(leastWaste([a, b]).map((o) => o.group), ['b']);
});

test('priority: the highest priority with a matching regex wins; nothing matching → all pass', () => {
  const prios = new Map([[10, [/^spot-.*/]], [50, [/^ondemand-big$/]], [1, [/.*/]]]);
  const f = priorityFilter(prios);
  assert.equal(f([opt('spot-a', 1, 1), opt('ondemand-big', 1, 1), opt('x', 1, 1)]).map((o) => o.group), ['ondemand-big']);
  assert.equal(f([opt('spot-a', 1, 1), opt('spot-b', 1, 1), opt('x', 1, 1)]).map((o) => o.group), ['spot-a', 'spot-b']);
  const none = priorityFilter(new Map([[5, [/^gpu/]]]));
  assert.equal(none([opt('a', 1, 1), opt('b', 1, 1)]).length, 2);
});

test('expander chain narrows in order, then one random draw from a seeded stream', () => {
  const opts = [opt('c', 1, 5, 1000, 1e9), opt('a', 1, 5, 1000, 1e9), opt('b', 1, 3)];
  // most-pods leaves a and c; the draw picks among them in name order.
  assert.is(chooseOption(opts, ['most-pods'], new Map(), () => 0)!.group, 'a');
  assert.is(chooseOption(opts, ['most-pods'], new Map(), () => 0.99)!.group, 'c');
  // random: uniform over all three, sorted by name.
  assert.is(chooseOption(opts, ['random'], new Map(), () => 0.5)!.group, 'b');
  // priority then least-waste.
  const prios = new Map([[1, [/^[ab]$/]]]);
  assert.is(chooseOption([opt('a', 1, 1, 100, 1e8), opt('b', 1, 1, 3000, 6e9), opt('c', 1, 1, 4000, 8e9)], ['priority', 'least-waste'], prios, () => 0)!.group, 'b');
  assert.is(chooseOption([], ['random'], new Map(), () => 0), undefined);
  // Same seed, same choice.
  const pick = (seed: number) => { const r = new RandomStreams(seed).stream('cluster-autoscaler'); return chooseOption(opts, ['random'], new Map(), () => r.next())!.group; };
  assert.is(pick(7), pick(7));
});

test('utilisation is max(cpu, memory) of Σrequests/allocatable', () => {
  const rows: [number, number, number, number, number][] = [
    [1000, 1e9, 4000, 8e9, 0.25],
    [3000, 1e9, 4000, 8e9, 0.75],
    [100, 6e9, 4000, 8e9, 0.75],
    [0, 0, 4000, 8e9, 0],
  ];
  for (const [c, m, ac, am, max] of rows) assert.is(utilization(c, m, ac, am).max, max);
});

function pod(over: Partial<{ ns: string; owner: string | null; ann: Record<string, string>; volumes: Pod['spec']['volumes'] }> = {}): Pod {
  const owner = over.owner === undefined ? 'ReplicaSet' : over.owner;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: 'p', namespace: over.ns ?? 'default', annotations: over.ann ?? {},
      ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: owner, name: 'o', uid: 'u', controller: true }] } : {}),
    },
    spec: { containers: [{ name: 'c', image: 'i' }], ...(over.volumes ? { volumes: over.volumes } : {}) },
    status: { phase: 'Running', conditions: [], containerStatuses: [] },
  };
}

test('what blocks removing a node (FAQ), and safe-to-evict "true" overriding it', () => {
  const o = { skipNodesWithSystemPods: true, skipNodesWithLocalStorage: true };
  const rows: [string, Pod, string][] = [
    ['replicated pod', pod(), 'move'],
    ['bare pod', pod({ owner: null }), 'NotReplicated'],
    ['custom controller', pod({ owner: 'MyOperator' }), 'NotReplicated'],
    ['DaemonSet pod', pod({ owner: 'DaemonSet' }), 'skip'],
    ['mirror pod', pod({ owner: null, ann: { 'kubernetes.io/config.mirror': 'x' } }), 'skip'],
    ['kube-system pod', pod({ ns: 'kube-system' }), 'UnmovableKubeSystemPod'],
    ['emptyDir on disk', pod({ volumes: [{ name: 'v', emptyDir: {} }] }), 'LocalStorageRequested'],
    ['emptyDir in memory', pod({ volumes: [{ name: 'v', emptyDir: { medium: 'Memory' } }] }), 'move'],
    ['hostPath', pod({ volumes: [{ name: 'v', hostPath: { path: '/x' } }] }), 'LocalStorageRequested'],
    ['local volume listed safe', pod({ volumes: [{ name: 'v', emptyDir: {} }], ann: { 'cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes': 'v' } }), 'move'],
    ['safe-to-evict false', pod({ ann: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' } }), 'NotSafeToEvictAnnotation'],
    ['safe-to-evict true on a bare pod', pod({ owner: null, ann: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' } }), 'move'],
    ['safe-to-evict true with hostPath', pod({ volumes: [{ name: 'v', hostPath: { path: '/' } }], ann: { 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' } }), 'move'],
  ];
  for (const [what, p, want] of rows) {
    const d = podDisposition(p, o);
    assert.is(d.kind === 'block' ? d.reason : d.kind, want, what);
  }
  const pdb = podDisposition(pod(), { ...o, pdbBlocks: () => true });
  assert.equal(pdb, { kind: 'block', reason: 'NotEnoughPdb' });
  assert.is(podDisposition(pod({ ns: 'kube-system' }), { ...o, skipNodesWithSystemPods: false }).kind, 'move');
});

test('unneeded timer: a node must stay unneeded without a break', () => {
  const t = new UnneededTimer();
  t.update(['a', 'b'], 0);
  t.update(['a'], 10_000);
  t.update(['a', 'b'], 20_000);
  assert.is(t.unneededSince('a'), 0);
  assert.is(t.unneededSince('b'), 20_000);
  assert.ok(t.ripe('a', 600_000, 600_000));
  assert.not.ok(t.ripe('b', 600_000, 600_000));
});

test('node-group back-off: 5m, doubling, capped at 30m, reset after 3h quiet', () => {
  const b = new GroupBackoff(300_000, 1_800_000, 3 * 3_600_000);
  const seq = [0, 1, 2, 3, 4].map((i) => b.fail('g', i * 60_000));
  assert.equal(seq, [300_000, 600_000, 1_200_000, 1_800_000, 1_800_000]);
  assert.ok(b.backedOff('g', 4 * 60_000 + 1_799_999));
  assert.not.ok(b.backedOff('g', 4 * 60_000 + 1_800_000));
  assert.is(b.fail('g', 4 * 60_000 + 3 * 3_600_000), 300_000);
});

test('config: upstream defaults; delay-after-delete follows scan-interval; unknown expander is an error', () => {
  const c = autoscalerConfig();
  assert.is(c.scanInterval, 10_000);
  assert.is(c.scaleDownUtilizationThreshold, 0.5);
  assert.is(c.scaleDownUnneededTime, 600_000);
  assert.is(c.scaleDownDelayAfterAdd, 600_000);
  assert.is(c.scaleDownDelayAfterDelete, 10_000);
  assert.is(c.scaleDownDelayAfterFailure, 180_000);
  assert.is(c.maxNodeProvisionTime, 900_000);
  assert.is(c.expendablePodsPriorityCutoff, -10);
  assert.equal(c.expander, ['random']);
  assert.is(autoscalerConfig({ scanInterval: 30_000 }).scaleDownDelayAfterDelete, 30_000);
  assert.throws(() => autoscalerConfig({ expander: ['price' as never] }), /valid expanders: random, most-pods, least-waste, priority/);
});

test('failure schedule: exponential up/down times from the pool stream, reproducible', () => {
  const mk = () => new RandomStreams(3).stream('failures/web');
  const a = failureSchedule(mk(), { mtbf: 3_600_000, mttr: 600_000 }, 0, 1000 * 3_600_000);
  const b = failureSchedule(mk(), { mtbf: 3_600_000, mttr: 600_000 }, 0, 1000 * 3_600_000);
  assert.equal(a, b);
  let up = 0, down = 0, t = 0;
  for (const w of a) { up += w.fail - t; down += w.recover - w.fail; t = w.recover; assert.ok(w.recover > w.fail); }
  const meanUp = up / a.length / 3_600_000, meanDown = down / a.length / 600_000;
  assert.ok(a.length > 700 && a.length < 1000, `${a.length} failures`);
  assert.ok(Math.abs(meanUp - 1) < 0.1, `mean up ${meanUp}`);
  assert.ok(Math.abs(meanDown - 1) < 0.15, `mean down ${meanDown}`);
});

test('pod-scale-up-delay annotation takes Go durations', () => {
  assert.is(parseGoDurationMs('30s'), 30_000);
  assert.is(parseGoDurationMs('1m30s'), 90_000);
  assert.is(parseGoDurationMs('500ms'), 500);
  assert.is(parseGoDurationMs('soon'), undefined);
});

test.run();
