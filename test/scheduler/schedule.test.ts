import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SchedulerCache, buildProfile, scheduleOne, numFeasibleNodesToFind, selectHost, pickOneNodeForPreemption,
  makePodInfo, SchedulingQueue, backoffDuration, type Unschedulable, type Scheduled } from '../../models/scheduler/policy/index.js';
import { mkNode, mkPod, res, seq, Gi } from './helpers.js';

test('numFeasibleNodesToFind: upstream numbers', () => {
  assert.is(numFeasibleNodesToFind(50, 0), 50);
  assert.is(numFeasibleNodesToFind(100, 0), 100);   // p=50 → 50 → min 100
  assert.is(numFeasibleNodesToFind(500, 0), 230);   // p=46
  assert.is(numFeasibleNodesToFind(1000, 0), 420);  // p=42
  assert.is(numFeasibleNodesToFind(5000, 0), 500);  // p=50-40=10
  assert.is(numFeasibleNodesToFind(6000, 0), 300);  // p=2 → floored at 5
  assert.is(numFeasibleNodesToFind(1000, 30), 300);
  assert.is(numFeasibleNodesToFind(1000, 100), 1000);
});

test('FitError message: counts per reason, sorted like Go sort.Strings, with the preemption suffix', () => {
  const c = new SchedulerCache();
  c.addNode(mkNode('cp', 4000, 8 * Gi, { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }));
  c.addNode(mkNode('w1', 1000, 8 * Gi));
  c.addNode(mkNode('w2', 1000, 8 * Gi));
  const r = scheduleOne(mkPod('big'), res(2000, Gi), c, buildProfile(), seq(0.5)) as Unschedulable;
  assert.ok(r.unschedulable);
  assert.is(r.message, '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu.'
    + ' preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.');
  assert.is(r.reasons.get('Insufficient cpu'), 2);
  const never = scheduleOne(mkPod('n', { preemptionPolicy: 'Never' }), res(2000, Gi), c, buildProfile(), seq(0.5)) as Unschedulable;
  assert.is(never.message, '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu.'
    + ' preemption: not eligible due to preemptionPolicy=Never.');
  const off = scheduleOne(mkPod('o'), res(2000, Gi), c, buildProfile({ preemption: false }), seq(0.5)) as Unschedulable;
  assert.is(off.message, '0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 Insufficient cpu.');
});

test('round-robin start index advances by nodes processed; one feasible node chosen without scoring', () => {
  const c = new SchedulerCache();
  for (let i = 0; i < 200; i++) c.addNode(mkNode(`n${i}`, 4000, 8 * Gi));
  const p = buildProfile();
  const r1 = scheduleOne(mkPod('a'), res(100, Gi), c, p, seq(0.5)) as Scheduled;
  assert.is(r1.evaluated, 100); // 200 nodes → p=49 → 98 → 100
  assert.is(r1.feasible, 100);
  assert.is(c.nextStartNodeIndex, 100);
  scheduleOne(mkPod('b'), res(100, Gi), c, p, seq(0.5));
  assert.is(c.nextStartNodeIndex, 0);
  const only = scheduleOne(mkPod('c', { nodeName: 'n7' }), res(100, Gi), c, p, seq(0.5)) as Scheduled;
  assert.equal([only.nodeName, only.feasible, only.evaluated], ['n7', 1, 200]);
  assert.is(c.nextStartNodeIndex, 0);
});

test('ties broken by reservoir sampling with the caller rand, deterministically', () => {
  assert.is(selectHost(new Float64Array([5, 5, 5]), 3, seq(0.99)), 0); // floor(.99·2)=1, floor(.99·3)=2: keep first
  assert.is(selectHost(new Float64Array([5, 5, 5]), 3, seq(0)), 2);    // every replacement taken
  assert.is(selectHost(new Float64Array([5, 5, 5]), 3, seq(0.2, 0.9)), 1);
  assert.is(selectHost(new Float64Array([1, 9, 3]), 3, seq(0)), 1);
  const pick = (r: () => number) => {
    const c = new SchedulerCache();
    for (let i = 0; i < 5; i++) c.addNode(mkNode(`n${i}`, 4000, 8 * Gi));
    return (scheduleOne(mkPod('a'), res(100, Gi), c, buildProfile(), r) as Scheduled).nodeName;
  };
  assert.is(pick(seq(0)), 'n4');
  assert.is(pick(seq(0.99)), 'n0');
});

test('scheduleOne prefers the least allocated node and nominated node is tried first', () => {
  const c = new SchedulerCache();
  c.addNode(mkNode('a', 4000, 8 * Gi));
  c.addNode(mkNode('b', 4000, 8 * Gi));
  c.addPod(mkPod('x'), res(2000, 2 * Gi), 'a');
  assert.is((scheduleOne(mkPod('p'), res(500, Gi), c, buildProfile(), seq(0)) as Scheduled).nodeName, 'b');
  const nom = scheduleOne(mkPod('q', {}, { nominated: 'a' }), res(500, Gi), c, buildProfile(), seq(0)) as Scheduled;
  assert.equal([nom.nodeName, nom.evaluated], ['a', 1]);
});

test('preemption: lower-priority victims, reprieve, node pick order', () => {
  const c = new SchedulerCache();
  c.addNode(mkNode('a', 2000, 8 * Gi));
  c.addNode(mkNode('b', 2000, 8 * Gi));
  // a: two low pods (prio 1, 1); b: one prio-5 pod using 1500m and a prio-0 pod with 500m
  c.addPod(mkPod('a1', { priority: 1 }, { labels: { app: 'a' } }), res(1000, Gi), 'a');
  c.addPod(mkPod('a2', { priority: 1 }, { labels: { app: 'a' } }), res(1000, Gi), 'a');
  c.addPod(mkPod('b1', { priority: 5 }), res(1500, Gi), 'b');
  c.addPod(mkPod('b2', { priority: 0 }), res(500, Gi), 'b');
  const r = scheduleOne(mkPod('hi', { priority: 10 }), res(1000, Gi), c, buildProfile(), seq(0)) as Unschedulable;
  // a: one victim (prio 1; the other reprieved); b: victims b1(5)+b2? b needs 1000m: remove all → fits;
  // reprieve b1 (1500) → 2000 used, no fit → victim; reprieve b2 → 500+1000 fits → b victims [b1] prio 5.
  // Lowest highest-victim priority: a (1) beats b (5).
  assert.is(r.nominatedNodeName, 'a');
  assert.is(r.victims!.length, 1);
  assert.is(r.victims![0]!.priority, 1);
  assert.is(r.message, '0/2 nodes are available: 2 Insufficient cpu.');
  // PDB (app=a, no disruption allowed): the victim on a would violate it → b chosen (fewest PDB violations first)
  const pdbs = () => [{ namespace: 'default', selector: { matchLabels: { app: 'a' } }, disruptionsAllowed: 0, disruptedPods: new Set<string>() }];
  const r2 = scheduleOne(mkPod('hi2', { priority: 10 }), res(1000, Gi), c, buildProfile(), seq(0), { pdbs }) as Unschedulable;
  assert.is(r2.nominatedNodeName, 'b');
  assert.equal(r2.victims!.map((v) => v.key), ['default/b1']);
});

test('pickOneNodeForPreemption tie-breaks: sum of priorities, count, latest start of top victims, first', () => {
  const v = (prio: number, start: number) => makePodInfo(mkPod(`v${prio}-${start}`, { priority: prio }, { startTime: start }), res(1, 1));
  const cand = (name: string, victims: ReturnType<typeof v>[], pdb = 0) => ({ nodeName: name, victims, numPDBViolations: pdb });
  assert.is(pickOneNodeForPreemption([cand('x', [v(5, 0), v(3, 0)]), cand('y', [v(5, 0), v(1, 0)])])!.nodeName, 'y');
  assert.is(pickOneNodeForPreemption([cand('x', [v(5, 0), v(0, 0), v(0, 0)]), cand('y', [v(5, 0), v(0, 0)])])!.nodeName, 'y');
  assert.is(pickOneNodeForPreemption([cand('x', [v(5, 10)]), cand('y', [v(5, 20)])])!.nodeName, 'y');
  assert.is(pickOneNodeForPreemption([cand('x', [v(5, 10)]), cand('y', [v(5, 10)])])!.nodeName, 'x');
  assert.is(pickOneNodeForPreemption([cand('x', [v(1, 10)], 1), cand('y', [v(9, 10)])])!.nodeName, 'y');
});

test('queue: PrioritySort order, backoff 1s doubling to 10s, unschedulable parking, move, 5-min flush', () => {
  assert.equal([1, 2, 3, 4, 5, 6].map(backoffDuration), [1000, 2000, 4000, 8000, 10000, 10000]);
  const q = new SchedulingQueue();
  q.add('low', 0, 0);
  q.add('hi-late', 10, 5);
  q.add('hi-early', 10, 1);
  q.add('low2', 0, 0);
  const order = [q.pop(10)!, q.pop(10)!, q.pop(10)!, q.pop(10)!].map((p) => p.key);
  assert.equal(order, ['hi-early', 'hi-late', 'low', 'low2']);
  assert.is(q.pop(10), undefined);
  // 'low' failed in cycle 3 → parked; no move request since → unschedulable
  q.addUnschedulable('low', 100, 3);
  assert.is(q.where('low'), 'unschedulable');
  assert.is(q.nextWakeTime(), 100 + 300_000 + 1);
  q.moveAllToActiveOrBackoff(500); // backoff (1 attempt → 1s) until 1100
  assert.is(q.where('low'), 'backoff');
  assert.is(q.nextWakeTime(), 1100);
  assert.is(q.pop(1099), undefined);
  const p = q.pop(1100)!;
  assert.equal([p.key, p.attempts], ['low', 2]);
  // a move request during its cycle → straight to backoff (2 attempts → 2s)
  q.moveAllToActiveOrBackoff(1200);
  q.addUnschedulable('low', 1300, p.cycle);
  assert.is(q.where('low'), 'backoff');
  assert.is(q.nextWakeTime(), 3300);
  // parked pod flushed only after strictly more than 5 minutes
  const p2 = q.pop(3300)!;
  q.addUnschedulable('low', 4000, p2.cycle);
  assert.is(q.where('low'), 'unschedulable');
  q.flushUnschedulableLeftover(4000 + 300_000);
  assert.is(q.where('low'), 'unschedulable');
  q.flushUnschedulableLeftover(4000 + 300_001);
  assert.is(q.where('low'), 'active');
  assert.is(q.attempts('low'), 3);
  q.delete('low');
  assert.is(q.has('low'), false);
});

test('no Math.random / Date.now in models/scheduler/policy', () => {
  const root = join(process.cwd(), 'models', 'scheduler', 'policy');
  const files: string[] = [];
  const walk = (d: string) => { for (const e of readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(join(d, e.name)) : files.push(join(d, e.name)); };
  walk(root);
  assert.ok(files.length > 10);
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    assert.not.match(src, /Math\.random|Date\.now|performance\.now|new Date\(/, f);
    assert.not.match(src, /from '(\.\.\/)+sim\//, f);
  }
});

test.run();
