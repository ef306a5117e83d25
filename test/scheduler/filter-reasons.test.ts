// Filter reasons worded exactly as upstream's plugins word them, and the FailedScheduling message
// they add up to: taint_toleration_test.go TestTaintTolerationFilter (current wording, one reason
// for every untolerated taint), the reason constants of nodeunschedulable / nodename /
// noderesources, and framework/types_test.go TestFitError_Error, run against fitErrorMessage —
// the function scheduleOne's failure path calls.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CycleState, SchedulerCache, buildProfile, fitErrorMessage, histogram, makePodInfo, scheduleOne, Status } from '../../models/scheduler/policy/index.js';
import { TaintToleration, ErrReasonUntoleratedTaints } from '../../models/scheduler/policy/plugins/taint-toleration.js';
import { ErrReasonUnschedulable, NodeUnschedulable } from '../../models/scheduler/policy/plugins/node-unschedulable.js';
import { ErrReasonNodeName, NodeName } from '../../models/scheduler/policy/plugins/node-name.js';
import { ErrReasonTooManyPods } from '../../models/scheduler/policy/plugins/node-resources-fit.js';
import type { Taint, Toleration } from '../../models/api/types.js';
import { mkNode, mkPod, res, seq } from './helpers.js';

test('upstream reason strings', () => {
  assert.is(ErrReasonUntoleratedTaints, 'node(s) had untolerated taint(s)');
  assert.is(ErrReasonUnschedulable, 'node(s) were unschedulable');
  assert.is(ErrReasonNodeName, "node(s) didn't match the requested node name");
  assert.is(ErrReasonTooManyPods, 'Too many pods');
});

test('TestTaintTolerationFilter', () => {
  const cases: Array<[string, Toleration[], Taint[], boolean]> = [
    ['no tolerations, nonempty taints', [], [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], false],
    ['dedicated node for user1, NoSchedule', [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], true],
    ["can't: node for user2", [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }], [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }], false],
    ['Exists tolerates the taint', [{ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }], [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }], true],
    ['multiple tolerations, multiple taints, all tolerated', [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }, { key: 'foo', operator: 'Exists', effect: 'NoSchedule' }],
      [{ key: 'dedicated', value: 'user2', effect: 'NoSchedule' }, { key: 'foo', value: 'bar', effect: 'NoSchedule' }], true],
    ['key and value match, (non-empty) effect does not', [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }], [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }], false],
    ['empty toleration effect matches NoSchedule', [{ key: 'foo', operator: 'Equal', value: 'bar' }], [{ key: 'foo', value: 'bar', effect: 'NoSchedule' }], true],
    ['PreferNoSchedule taint does not filter', [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }], [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }], true],
    ['no toleration, PreferNoSchedule taint', [], [{ key: 'dedicated', value: 'user1', effect: 'PreferNoSchedule' }], true],
  ];
  const tt = new TaintToleration(0);
  cases.forEach(([name, tolerations, taints, fits], i) => {
    const c = new SchedulerCache();
    const ni = c.addNode(mkNode(`nodeA${i}`, 1000, 1000, { taints }));
    const st = tt.filter(new CycleState(), makePodInfo(mkPod('pod1', { tolerations }), res(0, 0)), ni);
    if (fits) assert.is(st, null, name);
    else {
      assert.is(st!.code, 3, `${name}: UnschedulableAndUnresolvable`);
      assert.equal([...st!.reasons], ['node(s) had untolerated taint(s)'], name);
    }
  });
});

test('TestNodeUnschedulable (nodeunschedulable/node_unschedulable_test.go)', () => {
  const pl = new NodeUnschedulable();
  const c = new SchedulerCache();
  const cordoned = c.addNode(mkNode('a', 1000, 1000, { unschedulable: true }));
  const normal = c.addNode(mkNode('b', 1000, 1000));
  const st = pl.filter(new CycleState(), makePodInfo(mkPod('p'), res(0, 0)), cordoned)!;
  assert.is(st.code, 3, 'does not schedule pod to unschedulable node: UnschedulableAndUnresolvable');
  assert.equal([...st.reasons], ['node(s) were unschedulable']);
  assert.is(pl.filter(new CycleState(), makePodInfo(mkPod('p'), res(0, 0)), normal), null, 'schedule pod to normal node');
  const tol = makePodInfo(mkPod('p', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] }), res(0, 0));
  assert.is(pl.filter(new CycleState(), tol, cordoned), null, 'schedule pod with toleration to unschedulable node');
});

test('TestNodeName (nodename/node_name_test.go)', () => {
  const pl = new NodeName();
  const c = new SchedulerCache();
  const foo = c.addNode(mkNode('foo', 1000, 1000));
  assert.is(pl.filter(new CycleState(), makePodInfo(mkPod('p'), res(0, 0)), foo), null, 'no host specified');
  assert.is(pl.filter(new CycleState(), makePodInfo(mkPod('p', { nodeName: 'foo' }), res(0, 0)), foo), null, 'host matches');
  const st = pl.filter(new CycleState(), makePodInfo(mkPod('p', { nodeName: 'bar' }), res(0, 0)), foo)!;
  assert.is(st.code, 3, "host doesn't match: UnschedulableAndUnresolvable");
  assert.equal([...st.reasons], ["node(s) didn't match the requested node name"]);
});

test('TestFitError_Error', () => {
  const nodes = (...reasons: string[]) => histogram(reasons.map((r) => new Status(2, [r])));
  const pre = 'Node(s) failed PreFilter plugin FalsePreFilter';
  const post = 'Error running PostFilter plugin FailedPostFilter';
  assert.is(fitErrorMessage(3, nodes(pre, pre, pre), pre), '0/3 nodes are available: Node(s) failed PreFilter plugin FalsePreFilter.');
  assert.is(fitErrorMessage(3, nodes(pre, pre, pre), pre, post), `0/3 nodes are available: Node(s) failed PreFilter plugin FalsePreFilter. ${post}`);
  const f1 = 'Node(s) failed Filter plugin FalseFilter-1', f2 = 'Node(s) failed Filter plugin FalseFilter-2';
  assert.is(fitErrorMessage(3, nodes(f1, f1, f1)), '0/3 nodes are available: 3 Node(s) failed Filter plugin FalseFilter-1.');
  assert.is(fitErrorMessage(3, nodes(f1, f1, f1), '', post), `0/3 nodes are available: 3 Node(s) failed Filter plugin FalseFilter-1. ${post}`);
  assert.is(fitErrorMessage(3, nodes(f1, f1, f2)), '0/3 nodes are available: 1 Node(s) failed Filter plugin FalseFilter-2, 2 Node(s) failed Filter plugin FalseFilter-1.');
  assert.is(fitErrorMessage(3, nodes(f1, f1, f2), '', post),
    `0/3 nodes are available: 1 Node(s) failed Filter plugin FalseFilter-2, 2 Node(s) failed Filter plugin FalseFilter-1. ${post}`);
  assert.is(fitErrorMessage(1, nodes('Node failed Permit plugin Permit-1')), '0/1 nodes are available: 1 Node failed Permit plugin Permit-1.');
});

test('FailedScheduling message through scheduleOne: taints of different keys count together, sorted, preemption after', () => {
  const c = new SchedulerCache();
  c.addNode(mkNode('cp', 4000, 4 * 1024 ** 3, { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }));
  c.addNode(mkNode('gpu', 4000, 4 * 1024 ** 3, { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }));
  c.addNode(mkNode('cordoned', 4000, 4 * 1024 ** 3, { unschedulable: true }));
  c.addNode(mkNode('small', 500, 4 * 1024 ** 3));
  const r = scheduleOne(mkPod('p'), res(1000, 0), c, buildProfile(), seq(0));
  assert.ok('unschedulable' in r);
  assert.is(r.message, '0/4 nodes are available: 1 Insufficient cpu, 1 node(s) were unschedulable, 2 node(s) had untolerated taint(s). '
    + 'preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.');
});

test.run();
