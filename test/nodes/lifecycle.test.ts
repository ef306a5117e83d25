import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isPodActive, isPodReady } from '../../models/api/policy/podutil.js';
import { pdbStatus } from '../../models/api/eviction.js';
import type { Node } from '../../models/api/types.js';
import { cluster, obj, pod, podsOf, reasons, replicaSet } from '../models/cluster-helpers.js';

const node = (m: ReturnType<typeof cluster>['model'], name: string) => m.store.get<Node>('Node', undefined, name)!;
const ready = (n: Node) => n.status.conditions.find((c) => c.type === 'Ready')!.status;

test('node failure: Unknown + unreachable taints after 50s, pods evicted after 300s and replaced; recovery', () => {
  const { model, events } = cluster(3);
  model.create(replicaSet('web', 6));
  model.runUntil(60_000);
  const onN0 = podsOf(model, 'web').filter((p) => p.spec.nodeName === 'n-0');
  assert.ok(onN0.length > 0);
  model.nodes.fail('n-0');
  model.runUntil(60_000 + 49_999);
  assert.is(ready(node(model, 'n-0')), 'True');
  model.runUntil(110_000);
  const n0 = node(model, 'n-0');
  assert.is(ready(n0), 'Unknown');
  assert.equal(n0.spec.taints!.map((t) => `${t.key}:${t.effect}`), ['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
  const nnr = reasons(events, 'NodeNotReady');
  assert.equal(nnr.map((e) => [e.time, e.message]), [[110_000, 'Node n-0 status is now: NodeNotReady']]);
  for (const p of onN0) assert.not.ok(isPodReady(p), 'MarkPodsNotReady');
  // Within the 300 s toleration nothing is deleted or replaced.
  model.runUntil(409_999);
  assert.is(reasons(events, 'TaintManagerEviction').length, 0);
  assert.is(podsOf(model, 'web').length, 6);
  model.runUntil(470_000);
  const tme = reasons(events, 'TaintManagerEviction');
  assert.is(tme.length, onN0.length);
  assert.is(tme[0]!.time, 410_000);
  assert.is(tme[0]!.message, `Marking for deletion Pod default/${onN0[0]!.metadata.name}`);
  // Terminating on the dead node; replaced elsewhere.
  for (const p of onN0) {
    assert.ok(model.store.exists('Pod', 'default', p.metadata.name), 'stays Terminating');
    assert.ok(p.metadata.deletionTimestamp !== undefined);
  }
  const active = podsOf(model, 'web').filter(isPodActive);
  assert.is(active.length, 6);
  for (const p of active) {
    assert.ok(p.spec.nodeName && p.spec.nodeName !== 'n-0', 'scheduler filters the tainted node');
    assert.is(p.status.phase, 'Running');
  }
  model.nodes.recover('n-0');
  model.runUntil(480_000);
  assert.is(ready(node(model, 'n-0')), 'True');
  assert.equal(node(model, 'n-0').spec.taints ?? [], []);
  assert.is(reasons(events, 'NodeReady')[0]!.message, 'Node n-0 status is now: NodeReady');
  for (const p of onN0) assert.not.ok(model.store.exists('Pod', 'default', p.metadata.name), 'removed once the kubelet is back');
  assert.is(podsOf(model, 'web').length, 6);
});

test('recovery before the grace period: no taints, no eviction', () => {
  const { model, events } = cluster(2);
  model.create(replicaSet('web', 2));
  model.runUntil(30_000);
  model.nodes.fail('n-0');
  model.runUntil(60_000);
  model.nodes.recover('n-0');
  model.runUntil(600_000);
  assert.is(reasons(events, 'NodeNotReady').length, 0);
  assert.is(reasons(events, 'TaintManagerEviction').length, 0);
  assert.is(podsOf(model, 'web').filter(isPodActive).length, 2);
});

test('removing a node: its pods are force-deleted by pod GC after 40s, then replaced', () => {
  const { model } = cluster(2);
  model.create(replicaSet('web', 4));
  model.runUntil(30_000);
  const onN0 = podsOf(model, 'web').filter((p) => p.spec.nodeName === 'n-0');
  model.nodes.remove('n-0');
  assert.not.ok(model.store.exists('Node', undefined, 'n-0'));
  model.runUntil(69_999);
  for (const p of onN0) assert.ok(model.store.exists('Pod', 'default', p.metadata.name));
  model.runUntil(70_000);
  for (const p of onN0) {
    assert.not.ok(model.store.exists('Pod', 'default', p.metadata.name));
    assert.is(p.status.phase, 'Failed');
  }
  model.runUntil(120_000);
  const active = podsOf(model, 'web').filter(isPodActive);
  assert.is(active.length, 4);
  for (const p of active) assert.is(p.spec.nodeName, 'n-1');
  const added = model.nodes.add('n', 1);
  assert.is(added[0]!.metadata.name, 'n-2');
});

test('cordon blocks scheduling (taint + events), uncordon lifts it', () => {
  const { model, events } = cluster(1);
  model.nodes.cordon('n-0');
  const n = node(model, 'n-0');
  assert.is(n.spec.unschedulable, true);
  assert.equal(n.spec.taints!.map((t) => `${t.key}:${t.effect}`), ['node.kubernetes.io/unschedulable:NoSchedule']);
  assert.is(reasons(events, 'NodeNotSchedulable')[0]!.message, 'Node n-0 status is now: NodeNotSchedulable');
  model.runUntil(1000);
  const p = model.create(pod('p'));
  model.runUntil(5000);
  assert.is(p.spec.nodeName, undefined);
  const fs = reasons(events, 'FailedScheduling');
  assert.is(fs[0]!.message, '0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
  model.nodes.uncordon('n-0');
  assert.equal(n.spec.taints, []);
  model.runUntil(30_000);
  assert.is(p.spec.nodeName, 'n-0');
  assert.is(reasons(events, 'NodeSchedulable')[0]!.message, 'Node n-0 status is now: NodeSchedulable');
  assert.equal(reasons(events, 'Drain').map((e) => [e.source, e.message]), [['kubectl', 'node/n-0 cordoned'], ['kubectl', 'node/n-0 uncordoned']]);
});

test('PDB arithmetic: minAvailable/maxUnavailable, int or %', () => {
  assert.is(pdbStatus({ minAvailable: 2 }, 3, 3, 3).disruptionsAllowed, 1);
  assert.is(pdbStatus({ minAvailable: 2 }, 3, 3, 2).disruptionsAllowed, 0);
  assert.equal(pdbStatus({ minAvailable: '50%' }, 3, 3, 3), { expectedPods: 3, currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 });
  assert.is(pdbStatus({ maxUnavailable: 1 }, 4, 4, 4).disruptionsAllowed, 1);
  assert.is(pdbStatus({ maxUnavailable: '30%' }, 10, 10, 10).disruptionsAllowed, 3);
  assert.is(pdbStatus({ maxUnavailable: 0 }, 3, 3, 3).disruptionsAllowed, 0);
});

test('drain respects a PDB: one eviction at a time as the budget allows, 429 retried every 5s', () => {
  const { model, events } = cluster(2);
  // All three replicas on n-0 first.
  model.nodes.cordon('n-1');
  model.create(replicaSet('web', 3));
  model.create(obj('policy/v1', 'PodDisruptionBudget', 'web', { spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } } }, 'default'));
  model.runUntil(60_000);
  model.nodes.uncordon('n-1');
  const before = podsOf(model, 'web');
  assert.ok(before.every((p) => p.spec.nodeName === 'n-0' && isPodReady(p)));
  const st = model.nodes.drain('n-0');
  assert.is(st.lines[0], 'node/n-0 cordoned');
  assert.is(st.lines[1], `evicting pod default/${before[0]!.metadata.name}`);
  const refused = st.lines.filter((l) => l.startsWith('error when evicting'));
  assert.is(refused.length, 2);
  assert.is(refused[0], `error when evicting pods/"${before[1]!.metadata.name}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`);
  model.runUntil(600_000);
  assert.ok(st.done && st.ok, st.lines.join('\n'));
  assert.is(st.lines[st.lines.length - 1], 'node/n-0 drained');
  for (const p of before) assert.ok(st.lines.includes(`pod/${p.metadata.name} evicted`));
  // Never more than one web pod unavailable at once: evictions are spaced by a replacement becoming ready.
  const evictTimes = before.map((p) => p.metadata.deletionTimestamp!).sort((a, b) => a - b);
  assert.ok(evictTimes[1]! > evictTimes[0]! && evictTimes[2]! > evictTimes[1]!, `${evictTimes}`);
  const active = podsOf(model, 'web').filter(isPodActive);
  assert.is(active.length, 3);
  for (const p of active) assert.is(p.spec.nodeName, 'n-1');
  assert.ok(reasons(events, 'DrainWarning').every((e) => e.source === 'kubectl'));
});

test('drain: bare pods need --force, DaemonSet pods need --ignore-daemonsets (kubectl messages)', () => {
  const { model } = cluster(1);
  model.create(pod('bare'));
  const ds = pod('ds-abcde', {}, 'default', { app: 'ds' });
  ds.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'ds', uid: 'ds-uid', controller: true }];
  model.create(ds);
  model.runUntil(10_000);
  const a = model.nodes.drain('n-0');
  assert.ok(a.done && !a.ok);
  assert.is(a.lines[1], 'error: unable to drain node "n-0" due to error: [cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/ds-abcde, cannot delete Pods declare no controller (use --force to override): default/bare], continuing command...');
  const b = model.nodes.drain('n-0', { ignoreDaemonSets: true });
  assert.equal(b.lines.slice(0, 2), ['node/n-0 already cordoned',
    'error: unable to drain node "n-0" due to error: cannot delete Pods declare no controller (use --force to override): default/bare, continuing command...']);
  const c = model.nodes.drain('n-0', { ignoreDaemonSets: true, force: true });
  assert.equal(c.lines.slice(1, 3), [
    'Warning: deleting Pods that declare no controller: default/bare; ignoring DaemonSet-managed Pods: default/ds-abcde',
    'evicting pod default/bare']);
  model.runUntil(60_000);
  assert.ok(c.done && c.ok);
  assert.ok(model.store.exists('Pod', 'default', 'ds-abcde'), 'DaemonSet pod stays');
  assert.not.ok(model.store.exists('Pod', 'default', 'bare'));
});

test('drain --timeout gives up with an error', () => {
  const { model } = cluster(1);
  model.create(replicaSet('web', 1));
  model.create(obj('policy/v1', 'PodDisruptionBudget', 'web', { spec: { maxUnavailable: 0, selector: { matchLabels: { app: 'web' } } } }, 'default'));
  model.runUntil(30_000);
  const st = model.nodes.drain('n-0', { timeout: 20_000 });
  model.runUntil(100_000);
  assert.ok(st.done && !st.ok);
  assert.is(st.lines.filter((l) => l.startsWith('error when evicting')).length, 5);
  assert.is(st.lines[st.lines.length - 1], 'error: unable to drain node "n-0" due to error: drain did not complete within 20s, continuing command...');
});

test.run();
