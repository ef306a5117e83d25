// Model tests for Services, endpoints, the traffic flow model and the HPA controller, run on the
// real cluster model with a deterministic ResourceUsageModel double (test/traffic/fake-usage.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ClusterModel } from '../../models/cluster.js';
import { createHpaObject } from '../../models/autoscaling/hpa/controller.js';
import type { Endpoints, Service, Deployment, KEvent, Pod } from '../../models/api/types.js';
import type { ServiceTrafficSpec, TrafficSpec } from '../../models/traffic/spec.js';
import { TrafficStack } from '../../models/traffic-stack.js';
import { FakeUsage } from './fake-usage.js';

function setup(traffic: ServiceTrafficSpec[], opts: { nodes?: number; cpu?: number; defaultCapacity?: number } = {}) {
  const m = new ClusterModel({
    seed: 7,
    nodePools: [
      { name: 'n', count: opts.nodes ?? 4, cpu: opts.cpu ?? 4000, memory: 16 * 2 ** 30, maxPods: 110, labels: {}, taints: [], resources: {}, zones: [], reserved: { cpu: 0, memory: 0 } },
    ],
  });
  const usage = new FakeUsage(m.api, opts.defaultCapacity ?? 1000);
  const spec: TrafficSpec = { services: traffic };
  const stack = new TrafficStack(m.sim, m.api, m.streams, m.metrics, usage, { traffic: spec });
  return { m, usage, stack };
}

function deployment(name: string, replicas: number, o: { cpu?: string; limit?: string; readinessDelay?: number; strategy?: 'Recreate' } = {}): Deployment {
  const resources: Record<string, Record<string, string>> = { requests: { cpu: o.cpu ?? '200m' } };
  if (o.limit) resources.limits = { cpu: o.limit };
  const container: Record<string, unknown> = { name: 'app', image: 'app:1', resources, ports: [{ name: 'http', containerPort: 8080 }] };
  if (o.readinessDelay !== undefined) container.readinessProbe = { httpGet: { port: 8080 }, initialDelaySeconds: o.readinessDelay, periodSeconds: 5 };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [container as never] } },
      ...(o.strategy ? { strategy: { type: o.strategy } } : {}),
    },
  } as unknown as Deployment;
}

function service(name: string, extra: Partial<Service['spec']> = {}): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { selector: { app: name }, ports: [{ name: 'http', port: 80, targetPort: 'http' }], ...extra } };
}

const readyIPs = (m: ClusterModel, name: string) =>
  (m.store.get<Endpoints>('Endpoints', 'default', name)?.subsets ?? []).flatMap((s) => s.addresses ?? []).length;

test('endpoints follow readiness and termination; named targetPort resolves', () => {
  const { m } = setup([]);
  m.create(deployment('web', 2, { readinessDelay: 10 }));
  m.create(service('web'));
  m.runUntil(8_000);
  assert.is(readyIPs(m, 'web'), 0, 'running but not yet ready: not an endpoint');
  const ep = m.store.get<Endpoints>('Endpoints', 'default', 'web')!;
  assert.is(ep.subsets![0]!.notReadyAddresses!.length, 2);
  m.runUntil(20_000);
  assert.is(readyIPs(m, 'web'), 2);
  assert.equal(m.store.get<Endpoints>('Endpoints', 'default', 'web')!.subsets![0]!.ports, [{ port: 8080, protocol: 'TCP', name: 'http' }]);
  const victim = [...m.store.list<Pod>('Pod')][0]!;
  m.api.delete(victim);
  m.runUntil(20_001);
  assert.is(readyIPs(m, 'web'), 1, 'a Terminating pod leaves at once');
  m.runUntil(60_000);
  assert.is(readyIPs(m, 'web'), 2, 'the replacement joins once Ready');
});

test('publishNotReadyAddresses keeps not-ready pods; selector-less Service reads a user Endpoints object', () => {
  const { m, stack } = setup([{ namespace: 'default', service: 'external-backend', rate: { base: { constant: 5 } }, cpuPerRequest: 10, externalLatency: 0.05 }]);
  m.create(deployment('web', 1, { readinessDelay: 30 }));
  m.create(service('web', { publishNotReadyAddresses: true }));
  m.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'external-backend' }, spec: { ports: [{ protocol: 'TCP', port: 3000, targetPort: 3000 }] } } as Service);
  m.create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'external-backend' }, subsets: [{ addresses: [{ ip: '159.76.214.243' }], ports: [{ port: 3000 }] }] } as Endpoints);
  m.runUntil(10_000);
  assert.is(readyIPs(m, 'web'), 1);
  const ext = stack.traffic.get('default', 'external-backend')!;
  assert.is(ext.served, 5);
  assert.is(ext.errors, 0);
  assert.is(ext.p99, 0.05);
});

test('a Recreate rollout leaves a window with zero endpoints: requests fail and are counted', () => {
  const { m, stack } = setup([{ namespace: 'default', service: 'web', rate: { base: { constant: 20 } }, cpuPerRequest: 10, concurrency: 4, queueBound: 50 }]);
  m.create(deployment('web', 2, { strategy: 'Recreate', readinessDelay: 5 }));
  m.create(service('web'));
  m.runUntil(60_000);
  const st = stack.traffic.get('default', 'web')!;
  assert.is(st.readyEndpoints, 2);
  assert.ok(st.errors < 1e-6, 'healthy before the rollout');
  const d = m.store.get<Deployment>('Deployment', 'default', 'web')!;
  d.spec.template.spec.containers[0]!.image = 'app:2';
  m.store.update(d, true);
  let sawZero = false;
  for (let t = 60_500; t <= 120_000; t += 500) {
    m.runUntil(t);
    if (st.readyEndpoints === 0) {
      sawZero = true;
      assert.is(st.errors, st.offered, 'no endpoint: every request fails');
    }
  }
  assert.ok(sawZero, 'Recreate stops every old pod before starting new ones');
  assert.is(st.readyEndpoints, 2);
  const put: Record<string, number | string> = {};
  stack.traffic.summarize(m.sim.now, (k, v) => (put[k] = v));
  assert.ok((put.requests_failed as number) > 20, `failed ${put.requests_failed}`);
  assert.ok((put.error_rate as number) > 0);
});

test('overload beyond the queue bound turns into errors; served rate never exceeds capacity', () => {
  const { m, stack, usage } = setup([{ namespace: 'default', service: 'web', rate: { base: { constant: 50 } }, cpuPerRequest: 10, concurrency: 2, queueBound: 5 }]);
  m.create(deployment('web', 1, { limit: '100m', cpu: '100m' }));
  m.create(service('web'));
  m.runUntil(30_000);
  const st = stack.traffic.get('default', 'web')!;
  // 100m / 10 m·s = 10 req/s of capacity against 50 offered.
  assert.ok(st.served <= 10 + 1e-9, `served ${st.served}`);
  assert.ok(st.served > 9, 'a saturated queue serves near capacity');
  assert.ok(Math.abs(st.errors - (50 - st.served)) < 1e-9);
  assert.ok(Number.isFinite(st.p99) && st.p99 > 0);
  const pod = [...m.store.list<Pod>('Pod')][0]!;
  assert.ok(usage.demandOf(pod).cpu <= 100 + 1e-9, 'load demand within the pod capacity');
  // Contention halves the pod's CPU: the model recomputes from the capacity change alone.
  usage.setCapacity(pod, 50);
  m.runUntil(30_001);
  assert.ok(st.served <= 5 + 1e-9, `served ${st.served} after contention`);
});

test('calls between Services: the backend receives fan-out × the frontend\'s served rate', () => {
  const { m, stack } = setup([
    { namespace: 'default', service: 'frontend', rate: { base: { constant: 10 } }, cpuPerRequest: 5, calls: [{ service: 'backend', fanout: 3 }] },
    { namespace: 'default', service: 'backend', cpuPerRequest: 5 },
  ]);
  m.create(deployment('frontend', 2));
  m.create(service('frontend'));
  m.create(deployment('backend', 2));
  m.create(service('backend'));
  m.runUntil(30_000);
  const fe = stack.traffic.get('default', 'frontend')!;
  const be = stack.traffic.get('default', 'backend')!;
  assert.ok(Math.abs(fe.served - 10) < 1e-6);
  assert.ok(Math.abs(be.offered - 30) < 1e-6, `backend offered ${be.offered}`);
});

test('HPA walkthrough shape: php-apache scales up within a few syncs and back down after the 5-minute window', () => {
  const { m, stack } = setup([
    {
      namespace: 'default',
      service: 'php-apache',
      rate: { base: { steps: [{ at: 0, rate: 0 }, { at: 60_000, rate: 35 }, { at: 11 * 60_000, rate: 0 }] } },
      cpuPerRequest: 20,
      concurrency: 10,
      queueBound: 100,
    },
  ]);
  const events: KEvent[] = [];
  m.events.subscribe((e) => events.push(e));
  m.create(deployment('php-apache', 1, { cpu: '200m', limit: '500m' }));
  m.create(service('php-apache'));
  m.create(createHpaObject({ target: { kind: 'Deployment', name: 'php-apache' }, min: 1, max: 10, cpuPercent: 50 }));
  const replicas = () => m.store.get<Deployment>('Deployment', 'default', 'php-apache')!.spec.replicas!;
  m.runUntil(60_000);
  assert.is(replicas(), 1, 'idle: stays at min');
  m.runUntil(60_000 + 4 * 15_000);
  assert.ok(replicas() > 1, `scaled up within four syncs (${replicas()})`);
  m.runUntil(11 * 60_000);
  const peak = replicas();
  assert.ok(peak >= 6 && peak <= 10, `settles near 700m / 100m per pod = 7 (got ${peak})`);
  m.runUntil(11 * 60_000 + 4.5 * 60_000);
  assert.is(replicas(), peak, 'no scale-down inside the 5-minute stabilisation window');
  m.runUntil(18 * 60_000);
  assert.is(replicas(), 1, 'back to min after the window');
  const rescales = events.filter((e) => e.reason === 'SuccessfulRescale');
  assert.ok(rescales.length >= 2);
  assert.match(rescales[0]!.message, /^New size: \d+; reason: cpu resource utilization \(percentage of request\) above target$/);
  assert.match(rescales[rescales.length - 1]!.message, /^New size: 1; reason: All metrics below target$/);
  const hpa = stack.hpa.get('default', 'php-apache')!;
  assert.is(hpa.status!.desiredReplicas, 1);
  assert.ok(hpa.status!.conditions.some((c) => c.type === 'ScalingActive'));
});

test("a pod's served rate (read by the HPA's scrape) is its loads summed over its Services, after every change", () => {
  const rate = (constant: number, spikeAt: number) => ({ base: { constant }, spikes: [{ at: spikeAt, duration: 40_000, rate: 3 * constant }] });
  const { m, stack } = setup([
    { namespace: 'default', service: 'a', rate: rate(40, 60_000), cpuPerRequest: 10 },
    { namespace: 'default', service: 'web', rate: rate(25, 100_000), cpuPerRequest: 10 },
  ]);
  for (const [name, n] of [['a', 3], ['b', 2]] as const) {
    const d = deployment(name, n);
    (d.spec.template.metadata!.labels as Record<string, string>).tier = 'web';
    m.create(d);
  }
  m.create(service('a'));
  m.create(service('web', { selector: { tier: 'web' } }));
  const traffic = stack.traffic;
  const expected = (p: Pod) => {
    let r = 0;
    for (const s of traffic.services.values()) r += s.pods.get(p.metadata.uid!)?.served ?? 0;
    return r;
  };
  let checked = 0;
  let shared = 0;
  // The served-change hook names every pod whose served rate moved (checked below).
  const told = new Set<string>();
  traffic.onServedChange = (uid) => told.add(uid);
  const lastServed = new Map<string, number>();
  let heard = 0;
  for (let t = 1_000; t <= 240_000; t += 1_000) {
    if (t === 120_000) m.api.scale(m.store.get<Deployment>('Deployment', 'default', 'a')!, 1);
    if (t === 150_000) m.api.delete([...m.store.list<Pod>('Pod')].find((p) => p.metadata.labels?.app === 'b')!, { gracePeriodSeconds: 0 });
    // A pod relabelled out of both Services stays in the store, serving nothing.
    if (t === 180_000) {
      const p = [...m.store.list<Pod>('Pod')].find((x) => x.metadata.labels?.app === 'b' && !x.metadata.deletionTimestamp)!;
      m.api.patch('Pod', 'v1', 'default', p.metadata.name, 'merge', { metadata: { labels: { app: 'moved', tier: 'none' } } });
    }
    m.runUntil(t);
    for (const p of m.store.list<Pod>('Pod')) {
      const want = expected(p);
      const got = traffic.podServedRate(p);
      assert.ok(Math.abs(got - want) <= 1e-12 * Math.max(1, want), `t=${t} ${p.metadata.name}: ${got} vs ${want}`);
      const uid = p.metadata.uid!;
      if (got !== (lastServed.get(uid) ?? 0)) assert.ok(told.has(uid), `t=${t} ${p.metadata.name}: served moved without the hook`);
      lastServed.set(uid, got);
      if (want > 0) checked++;
      if ([...traffic.services.values()].filter((s) => s.pods.has(p.metadata.uid!)).length === 2) shared++;
    }
    heard += told.size;
    told.clear();
  }
  assert.ok(heard > 0);
  assert.ok(checked > 500 && shared > 300, `pods checked with load: ${checked}, behind two Services: ${shared}`);
});

test('same seed, same figures (Poisson noise is seeded per Service)', () => {
  const run = () => {
    const { m, stack } = setup([{ namespace: 'default', service: 'web', rate: { base: { diurnal: { min: 5, max: 50, peakHour: 1 } }, poissonNoise: true }, cpuPerRequest: 10 }]);
    m.create(deployment('web', 3));
    m.create(service('web'));
    m.runUntil(30 * 60_000);
    const put: Record<string, number | string> = {};
    stack.traffic.summarize(m.sim.now, (k, v) => (put[k] = v));
    return put;
  };
  assert.equal(run(), run());
});

test.run();

test('timeseries: a Service with an SLO carries it as slo_latency_p99_s / slo_error_rate rows; one without has none', () => {
  const { m, stack } = setup([
    { namespace: 'default', service: 'web', rate: { base: { constant: 5 } }, cpuPerRequest: 10, slo: { latencyP99: 0.2, errorRate: 0.001 } },
    { namespace: 'default', service: 'api', rate: { base: { constant: 5 } }, cpuPerRequest: 10 },
  ]);
  m.create(deployment('web', 1));
  m.create(service('web'));
  m.create(deployment('api', 1));
  m.create(service('api'));
  m.runUntil(30_000);
  const rows: string[] = [];
  stack.traffic.sample(m.sim.now, (name, metric, value) => rows.push(`${name} ${metric} ${value}`));
  assert.ok(rows.includes('default/web slo_latency_p99_s 0.2'), rows.join('\n'));
  assert.ok(rows.includes('default/web slo_error_rate 0.001'), rows.join('\n'));
  assert.not.ok(rows.some((r) => r.startsWith('default/api slo_')), 'no SLO, no SLO rows');
});
