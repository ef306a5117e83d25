// DefaultPreemption with PodDisruptionBudgets (upstream filterPodsWithPDBViolation) and with the
// PreFilter states of PodTopologySpread / InterPodAffinity updated for removed victims and for
// nominated pods (upstream PreFilterExtensions RemovePod / AddPod, addNominatedPods; cases after
// default_preemption_test.go "preemption to resolve pod topology spread filter failure").
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SchedulerCache, makePodInfo, CycleState, buildProfile, scheduleOne } from '../../models/scheduler/policy/index.js';
import { filterPodsWithPDBViolation, type PdbInfo } from '../../models/scheduler/policy/preemption.js';
import { runFilters } from '../../models/scheduler/policy/filter.js';
import { PodTopologySpread } from '../../models/scheduler/policy/plugins/pod-topology-spread.js';
import { InterPodAffinity } from '../../models/scheduler/policy/plugins/inter-pod-affinity.js';
import type { Unschedulable } from '../../models/scheduler/policy/schedule.js';
import type { TopologySpreadConstraint } from '../../models/api/types.js';
import { mkNode, mkPod, res, Gi } from './helpers.js';

const pdb = (o: Partial<PdbInfo>): PdbInfo => ({ namespace: 'default', selector: { matchLabels: { app: 'a' } }, disruptionsAllowed: 1, disruptedPods: new Set(), ...o });
const pi = (name: string, labels: Record<string, string>, ns = 'default') => makePodInfo(mkPod(name, {}, { labels, ns }), res(0, 0));
const names = (r: { violating: { pod: { metadata: { name: string } } }[]; nonViolating: { pod: { metadata: { name: string } } }[] }) =>
  [r.violating.map((p) => p.pod.metadata.name), r.nonViolating.map((p) => p.pod.metadata.name)];

test('filterPodsWithPDBViolation: the budget is spent in order; disruptedPods, other namespaces, empty selectors and label-less pods do not count', () => {
  const pods = [pi('p1', { app: 'a' }), pi('p2', { app: 'a' }), pi('p3', { app: 'a' }), pi('q', { app: 'b' }), pi('bare', {})];
  assert.equal(names(filterPodsWithPDBViolation(pods, [pdb({})])), [['p2', 'p3'], ['p1', 'q', 'bare']]);
  assert.equal(names(filterPodsWithPDBViolation(pods, [pdb({ disruptionsAllowed: 0 })])), [['p1', 'p2', 'p3'], ['q', 'bare']]);
  assert.equal(names(filterPodsWithPDBViolation(pods, [pdb({ disruptedPods: new Set(['p1']) })])), [['p3'], ['p1', 'p2', 'q', 'bare']]);
  assert.equal(names(filterPodsWithPDBViolation(pods, [pdb({ namespace: 'other', disruptionsAllowed: 0 })])), [[], ['p1', 'p2', 'p3', 'q', 'bare']]);
  assert.equal(names(filterPodsWithPDBViolation(pods, [pdb({ selector: {}, disruptionsAllowed: 0 })])), [[], ['p1', 'p2', 'p3', 'q', 'bare']]);
  assert.equal(names(filterPodsWithPDBViolation(pods, [pdb({ selector: undefined, disruptionsAllowed: 0 })])), [[], ['p1', 'p2', 'p3', 'q', 'bare']]);
  // two PDBs over the same pods: either one going below 0 makes the pod violating
  assert.equal(names(filterPodsWithPDBViolation(pods.slice(0, 2), [pdb({ disruptionsAllowed: 2 }), pdb({ selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, disruptionsAllowed: 1 })])),
    [['p2'], ['p1']]);
});

const foo = { matchLabels: { foo: '' } };
const hard: TopologySpreadConstraint[] = [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule', labelSelector: foo }];

test('preemption to resolve a pod topology spread filter failure: removed victims leave the spread counts', () => {
  const c = new SchedulerCache();
  c.addNode(mkNode('node-a', 4000, 8 * Gi));
  c.addNode(mkNode('node-b', 4000, 8 * Gi));
  c.addPod(mkPod('p-a1', { priority: 1 }, { labels: { foo: '' }, startTime: 1 }), res(100, 0), 'node-a');
  c.addPod(mkPod('p-a2', { priority: 1 }, { labels: { foo: '' }, startTime: 2 }), res(100, 0), 'node-a');
  c.addPod(mkPod('p-b1', { priority: 1 }, { labels: { foo: '' } }), res(100, 0), 'node-b');
  c.addPod(mkPod('big', { priority: 100 }), res(3900, 0), 'node-b'); // node-b is full and cannot be preempted
  const r = scheduleOne(mkPod('p', { priority: 10, topologySpreadConstraints: hard }, { labels: { foo: '' } }), res(100, 0), c, buildProfile(), () => 0) as Unschedulable;
  assert.is(r.message.split(' preemption:')[0], "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match pod topology spread constraints.");
  // node-a: removing both leaves 0 there; p-a1 (earlier start, more important) is reprieved
  // (1 + 1 − min(1, 1) = 1 ≤ 1), p-a2 is not.
  assert.is(r.nominatedNodeName, 'node-a');
  assert.equal(r.victims!.map((v) => v.pod.metadata.name), ['p-a2']);
});

test('nominated pods count in topology spread and pod anti-affinity (addNominatedPods)', () => {
  const c = new SchedulerCache();
  const a = c.addNode(mkNode('node-a', 4000, 8 * Gi));
  c.addNode(mkNode('node-b', 4000, 8 * Gi));
  const incoming = makePodInfo(mkPod('p', { priority: 5, topologySpreadConstraints: hard,
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { role: 'x' } }, topologyKey: 'kubernetes.io/hostname' }] } } },
  { labels: { foo: '' } }), res(0, 0));
  const verdict = (): string | null => {
    const s = new CycleState();
    const pts = new PodTopologySpread(0), ipa = new InterPodAffinity(1, 2);
    pts.preFilter(s, incoming, c);
    ipa.preFilter(s, incoming, c);
    return runFilters([pts, ipa], s, incoming, a, c)?.reasons[0] ?? null;
  };
  assert.is(verdict(), null);
  c.nominate(mkPod('n1', { priority: 9 }, { labels: { foo: '' } }), res(0, 0), 'node-a');
  assert.is(verdict(), "node(s) didn't match pod topology spread constraints", 'a nominated matching pod: 1 + 1 − 0 > 1');
  c.clearNomination('default/n1');
  c.nominate(mkPod('n2', { priority: 9 }, { labels: { role: 'x' } }), res(0, 0), 'node-a');
  assert.is(verdict(), "node(s) didn't match pod anti-affinity rules");
  // lower-priority nominated pods do not count
  c.clearNomination('default/n2');
  c.nominate(mkPod('n3', { priority: 1 }, { labels: { role: 'x', foo: '' } }), res(0, 0), 'node-a');
  assert.is(verdict(), null);
});

test.run();
