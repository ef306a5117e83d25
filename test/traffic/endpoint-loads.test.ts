// A Service's endpoint loads as a struct of arrays (models/traffic/endpoint-loads.ts): the slots
// follow the ready endpoints' order; a rate change on an unchanged endpoint set keeps them and
// pushes each pod's demand from its slot; a changed set rebuilds them, and a pod that left stops
// receiving load; a pod backing two Services sums both (in the order the Services took it on).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ClusterModel } from '../../models/cluster.js';
import type { Deployment, Pod, Service } from '../../models/api/types.js';
import { TrafficStack } from '../../models/traffic-stack.js';
import type { ServiceTrafficSpec } from '../../models/traffic/spec.js';
import { FakeUsage } from './fake-usage.js';

function setup(services: ServiceTrafficSpec[]) {
  const m = new ClusterModel({
    seed: 3,
    nodePools: [{ name: 'n', count: 4, cpu: 4000, memory: 16 * 2 ** 30, maxPods: 110, labels: {}, taints: [], resources: {}, zones: [], reserved: { cpu: 0, memory: 0 } }],
  });
  const usage = new FakeUsage(m.api, 1000);
  const stack = new TrafficStack(m.sim, m.api, m.streams, m.metrics, usage, { traffic: { services } });
  return { m, usage, stack };
}

function deployment(name: string, replicas: number, labels: Record<string, string>): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, ...labels } }, spec: { containers: [{ name: 'app', image: 'app:1', resources: { requests: { cpu: '200m' }, limits: { cpu: '1' } } }] } },
    },
  } as unknown as Deployment;
}

const service = (name: string, selector: Record<string, string>) =>
  ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector, ports: [{ port: 80 }] } }) as Service;

/** Every slot of the Service against the endpoints and the usage double. */
function checkSlots(stack: TrafficStack, usage: FakeUsage, name: string, cost: number, shared: Set<string> = new Set()): Pod[] {
  const st = stack.traffic.get('default', name)!;
  const eps = stack.endpoints.get(`default/${name}`)!;
  const L = st.loads;
  const ready = [...eps.ready.values()];
  assert.is(L.n, ready.length);
  assert.is(st.pods.size, ready.length);
  for (let i = 0; i < L.n; i++) {
    const p = ready[i]!;
    assert.is(L.pod[i], p, `slot ${i} is the ${i}-th ready endpoint`);
    assert.is(L.uid[i], p.metadata.uid);
    assert.is(L.load[i]!.i, i);
    assert.is(st.pods.get(p.metadata.uid!), L.load[i]);
    assert.is(L.sole[i], shared.has(p.metadata.uid!) ? 0 : 1);
    if (L.sole[i] === 1) {
      assert.is(usage.demandOf(p).cpu, 0 + L.served[i]! * cost, `demand of slot ${i}`);
      assert.is(stack.traffic.podServedRate(p), 0 + L.served[i]!);
    }
  }
  return ready;
}

test('slots follow the ready endpoints through rate changes and a departure', () => {
  const { m, usage, stack } = setup([
    { namespace: 'default', service: 'web', rate: { base: { steps: [{ at: 0, rate: 40 }, { at: 60_000, rate: 90 }, { at: 120_000, rate: 25 }] } }, cpuPerRequest: 10, concurrency: 4, queueBound: 20 },
  ]);
  m.create(deployment('web', 3, {}));
  m.create(service('web', { app: 'web' }));
  m.runUntil(30_000);
  const st = stack.traffic.get('default', 'web')!;
  const first = checkSlots(stack, usage, 'web', 10);
  assert.is(first.length, 3);
  const arrays = st.loads.pod;
  m.runUntil(90_000); // 90 req/s on the same three pods: the slots are walked as they are
  assert.is(st.loads.pod, arrays);
  assert.equal([...st.loads.served.subarray(0, 3)].map((s) => s > 29), [true, true, true]);
  checkSlots(stack, usage, 'web', 10);
  // One pod goes: the set is rebuilt, the pod that left gets no load.
  const gone = first[1]!;
  m.api.delete(gone, { gracePeriodSeconds: 0 });
  m.runUntil(91_000);
  const after = checkSlots(stack, usage, 'web', 10);
  assert.ok(!after.includes(gone));
  assert.equal(usage.demandOf(gone), { cpu: 0, mem: 0 });
  assert.is(stack.traffic.podServedRate(gone), 0);
  m.runUntil(150_000); // the replacement pod joins; the rate drops to 25
  const last = checkSlots(stack, usage, 'web', 10);
  assert.is(last.length, 3);
});

test('a pod behind two Services: not sole in either, its demand the sum of both; sole again when one lets it go', () => {
  const { m, usage, stack } = setup([
    { namespace: 'default', service: 'a', rate: { base: { constant: 30 } }, cpuPerRequest: 10 },
    { namespace: 'default', service: 'all', rate: { base: { constant: 20 } }, cpuPerRequest: 4 },
  ]);
  m.create(deployment('a', 2, { tier: 'web' }));
  m.create(deployment('b', 1, { tier: 'web' }));
  m.create(service('a', { app: 'a' }));
  m.create(service('all', { tier: 'web' }));
  m.runUntil(30_000);
  const a = stack.traffic.get('default', 'a')!;
  const all = stack.traffic.get('default', 'all')!;
  const sharedPods = [...stack.endpoints.get('default/a')!.ready.values()];
  const shared = new Set(sharedPods.map((p) => p.metadata.uid!));
  checkSlots(stack, usage, 'a', 10, shared);
  checkSlots(stack, usage, 'all', 4, shared);
  for (const p of sharedPods) {
    const uid = p.metadata.uid!;
    // The order the Services took the pod on (the model's entry of the pod; private).
    const entries = (stack.traffic as unknown as { podEntries: Map<string, { loads: { st: unknown }[] }> }).podEntries;
    const order = entries.get(uid)!.loads.map((l) => l.st);
    const [x, y] = order as [typeof a, typeof a];
    const sx = x.pods.get(uid)!.served * x.cost;
    const sy = y.pods.get(uid)!.served * y.cost;
    assert.is(usage.demandOf(p).cpu, 0 + sx + sy, 'Σ over the Services in their order');
    assert.is(stack.traffic.podServedRate(p), 0 + x.pods.get(uid)!.served + y.pods.get(uid)!.served);
  }
  // Service a goes: its pods back `all` only, and are sole there again.
  m.api.delete(m.store.get<Service>('Service', 'default', 'a')!);
  m.runUntil(31_000);
  assert.is(a.loads.n, 0);
  checkSlots(stack, usage, 'all', 4);
  assert.is(all.loads.n, 3);
});

test.run();
