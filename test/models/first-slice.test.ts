// The first end-to-end slice in the model: scheduling onto nodes by requests, the kubelet's
// Pending → ContainerCreating → Running lifecycle, and a ReplicaSet keeping its count.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ClusterModel } from '../../models/cluster.js';
import { isPodActive } from '../../models/api/policy/podutil.js';
import type { KEvent, Pod, ReplicaSet } from '../../models/api/types.js';
import { podStatusText } from '../../reports/kubectl-format.js';

function cluster(nodes = 2, cpu = 4000) {
  return new ClusterModel({
    seed: 1,
    nodePools: [
      { name: 'n', count: nodes, cpu, memory: 8 * 2 ** 30, maxPods: 110, labels: {}, taints: [], resources: {}, zones: [], reserved: { cpu: 0, memory: 0 } },
    ],
  });
}

function rs(name: string, replicas: number, cpu = '100m'): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'img:1', resources: { requests: { cpu } } }] } },
    },
    status: { replicas: 0, fullyLabeledReplicas: 0, readyReplicas: 0, availableReplicas: 0 },
  };
}

const activePods = (m: ClusterModel) => [...m.store.list<Pod>('Pod')].filter(isPodActive);

test('a pod goes Pending → ContainerCreating → Running with kubectl-style events in order', () => {
  const m = cluster();
  const events: KEvent[] = [];
  m.events.subscribe((e) => events.push(e));
  const statuses: string[] = [];
  m.store.observe<Pod>('Pod', (_t, p) => {
    const s = podStatusText(p);
    if (statuses[statuses.length - 1] !== s) statuses.push(s);
  });
  m.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] }, status: { phase: 'Pending', conditions: [], containerStatuses: [] } } as Pod);
  m.runUntil(60_000);
  const pod = m.store.get<Pod>('Pod', 'default', 'web')!;
  assert.is(pod.status.phase, 'Running');
  assert.equal(statuses, ['Pending', 'ContainerCreating', 'Running']);
  const reasons = events.filter((e) => e.name === 'web').map((e) => e.reason);
  assert.equal(reasons, ['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started']);
  // Defaults: a 2 s pull then a 500 ms start.
  assert.is(pod.status.containerStatuses[0]!.state.running!.startedAt, 2500);
  assert.ok(pod.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'));
});

test('pods are placed by their requests: a node never holds more than its allocatable cpu', () => {
  const m = cluster(2, 1000);
  m.create(rs('big', 5, '400m'));
  m.runUntil(30_000);
  const pods = activePods(m);
  assert.is(pods.length, 5);
  const perNode = new Map<string, number>();
  for (const p of pods) if (p.spec.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 400);
  for (const [, used] of perNode) assert.ok(used <= 1000, `node over-committed: ${used}m`);
  const pending = pods.filter((p) => !p.spec.nodeName);
  assert.is(pending.length, 1, 'two 400m pods fit per 1-cpu node: the fifth stays Pending');
  const cond = pending[0]!.status.conditions.find((c) => c.type === 'PodScheduled')!;
  assert.is(cond.reason, 'Unschedulable');
  assert.match(cond.message!, /^0\/2 nodes are available: 2 Insufficient cpu\./);
});

test('a ReplicaSet keeps its replica count when a pod is deleted', () => {
  const m = cluster();
  m.create(rs('web', 3));
  m.runUntil(30_000);
  const before = activePods(m).map((p) => p.metadata.name).sort();
  assert.is(before.length, 3);
  const victim = m.store.get<Pod>('Pod', 'default', before[0]!)!;
  m.api.delete(victim);
  m.runUntil(120_000);
  const after = activePods(m).map((p) => p.metadata.name).sort();
  assert.is(after.length, 3);
  assert.not.ok(after.includes(before[0]!), 'the deleted pod is gone');
  assert.is(m.store.get<ReplicaSet>('ReplicaSet', 'default', 'web')!.status.readyReplicas, 3);
});

test('a ReplicaSet scales down and up to its spec', () => {
  const m = cluster();
  const r = m.create(rs('web', 4));
  m.runUntil(30_000);
  r.spec.replicas = 2;
  m.store.update(r, true);
  m.runUntil(90_000);
  assert.is(activePods(m).length, 2);
  r.spec.replicas = 6;
  m.store.update(r, true);
  m.runUntil(150_000);
  assert.is(activePods(m).length, 6);
  assert.is(r.status.replicas, 6);
});

test.run();
