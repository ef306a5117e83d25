// The scheduler inside the cluster model: FailedScheduling messages, retries on cluster
// changes, and priority preemption.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { container, cluster, obj, pod, reasons } from '../models/cluster-helpers.js';

const big = (name: string, cpu: string, extra: Record<string, unknown> = {}) => pod(name, { containers: [container('app', { cpu })], ...extra });

test('FailedScheduling message exactly as upstream', () => {
  const { model, events } = cluster(3, { cpu: 1000 });
  model.create(big('huge', '2'));
  model.runUntil(1000);
  assert.is(reasons(events, 'FailedScheduling')[0]!.message,
    '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.');
});

test('a pending pod schedules when a node is added', () => {
  const { model, events } = cluster(1, { cpu: 1000 });
  model.create(big('a', '800m'));
  const b = model.create(big('b', '800m'));
  model.runUntil(60_000);
  assert.is(b.spec.nodeName, undefined);
  assert.ok(reasons(events, 'FailedScheduling').length >= 1);
  model.nodes.add('n');
  model.runUntil(75_000);
  assert.is(b.spec.nodeName, 'n-1');
});

test('a pending pod schedules when a pod is deleted', () => {
  const { model } = cluster(1, { cpu: 1000 });
  const a = model.create(big('a', '800m'));
  const b = model.create(big('b', '800m'));
  model.runUntil(60_000);
  assert.is(b.spec.nodeName, undefined);
  model.api.delete(a);
  model.runUntil(120_000);
  assert.is(b.spec.nodeName, 'n-0');
});

test('priority preemption: the lower-priority pod is Preempted, the preemptor is nominated and lands there', () => {
  const { model, events } = cluster(1, { cpu: 1000 });
  model.create(obj('scheduling.k8s.io/v1', 'PriorityClass', 'high', { value: 1000 }));
  const low = model.create(big('low', '800m'));
  model.runUntil(10_000);
  assert.is(low.spec.nodeName, 'n-0');
  const high = model.create(big('high', '500m', { priorityClassName: 'high' }));
  model.runUntil(10_500); // preempted at once; bound after its 1 s back-off
  const pre = reasons(events, 'Preempted');
  assert.is(pre.length, 1);
  assert.is(pre[0]!.name, 'low');
  assert.is(pre[0]!.message, `Preempted by pod ${high.metadata.uid} on node n-0`);
  assert.is(high.status.nominatedNodeName, 'n-0');
  assert.is(high.spec.nodeName, undefined, 'not bound immediately');
  model.runUntil(60_000);
  assert.not.ok(model.store.exists('Pod', 'default', 'low'));
  assert.is(high.spec.nodeName, 'n-0');
});

test.run();
