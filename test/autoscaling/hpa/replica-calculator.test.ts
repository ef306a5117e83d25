import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  calcPlainMetricReplicas,
  computeReplicasForMetrics,
  getExternalMetricReplicas,
  getExternalPerPodMetricReplicas,
  getMetricReplicas,
  getObjectMetricReplicas,
  getObjectPerPodMetricReplicas,
  getResourceReplicas,
  groupPods,
  HpaError,
  isWithinTolerance,
  metricDescription,
  type HpaPod,
  type MetricSpec,
  type MetricsSource,
  type PodMetricsInfo,
} from '../../../models/autoscaling/hpa/policy/replica-calculator.js';

const NOW = 3_600_000; // 1 h of virtual time
const LONG_AGO = NOW - 30 * 60_000;

function pod(name: string, opts: Partial<HpaPod> & { cpu?: number | null } = {}): HpaPod {
  const cpu = opts.cpu === undefined ? 1000 : opts.cpu;
  const requests: Record<string, number> = cpu === null ? {} : { cpu };
  return {
    name,
    phase: opts.phase ?? 'Running',
    startTime: 'startTime' in opts ? opts.startTime : LONG_AGO,
    ready: 'ready' in opts ? opts.ready : { status: 'True', lastTransitionTime: LONG_AGO + 10_000 },
    containers: opts.containers ?? [{ name: 'app', requests }],
    ...(opts.deleting ? { deleting: true } : {}),
  };
}

function samples(values: Record<string, number>, timestamp = NOW - 5_000, window = 15_000): PodMetricsInfo {
  return new Map(Object.entries(values).map(([k, v]) => [k, { value: v, timestamp, window }]));
}

function pods3(): HpaPod[] {
  return [pod('a'), pod('b'), pod('c')];
}

// ---- Resource utilisation: simple cases (upstream replica_calculator_test numbers)

test('utilisation: 0.9/1.0/1.1 cpu of 1 cpu requests at target 100 ⇒ 100%, no change', () => {
  const r = getResourceReplicas({ currentReplicas: 3, pods: pods3(), metrics: samples({ a: 900, b: 1000, c: 1100 }), now: NOW, targetUtilization: 100, resource: 'cpu' });
  assert.equal(r, { replicas: 3, utilization: 100, rawAverageValue: 1000 });
});

test('utilisation: scale up 300/500/700m at target 30 ⇒ 50%, ceil(5/3·3)=5', () => {
  const r = getResourceReplicas({ currentReplicas: 3, pods: pods3(), metrics: samples({ a: 300, b: 500, c: 700 }), now: NOW, targetUtilization: 30, resource: 'cpu' });
  assert.equal(r, { replicas: 5, utilization: 50, rawAverageValue: 500 });
});

test('utilisation: scale down 5 pods 100/300/500/250/250 at target 50 ⇒ 28%, ceil(0.56·5)=3', () => {
  const ps = ['a', 'b', 'c', 'd', 'e'].map((n) => pod(n));
  const r = getResourceReplicas({ currentReplicas: 5, pods: ps, metrics: samples({ a: 100, b: 300, c: 500, d: 250, e: 250 }), now: NOW, targetUtilization: 50, resource: 'cpu' });
  assert.equal(r, { replicas: 3, utilization: 28, rawAverageValue: 280 });
});

test('utilisation: ratio of sums, truncated to integer percent before the ratio', () => {
  // requests 300 + 300 + 400 = 1000; usage 333+333+333 = 999 ⇒ 99% (not 99.9); target 90 ⇒ 1.1 ⇒ within
  const ps = [pod('a', { cpu: 300 }), pod('b', { cpu: 300 }), pod('c', { cpu: 400 })];
  const r = getResourceReplicas({ currentReplicas: 3, pods: ps, metrics: samples({ a: 333, b: 333, c: 333 }), now: NOW, targetUtilization: 90, resource: 'cpu' });
  assert.is(r.utilization, 99);
  assert.is(r.replicas, 3);
  // 1 pod: 100m of 300m ⇒ 33% (not 33.3); target 30 ⇒ ratio 1.1 ⇒ within (modern interval tolerance)
  const r2 = getResourceReplicas({ currentReplicas: 1, pods: [pod('a', { cpu: 300 })], metrics: samples({ a: 100 }), now: NOW, targetUtilization: 30, resource: 'cpu' });
  assert.is(r2.utilization, 33);
  assert.is(r2.replicas, 1);
});

test('tolerance: interval form, edges inclusive', () => {
  const t = { scaleUp: 0.1, scaleDown: 0.1 };
  assert.ok(isWithinTolerance(t, 1.1));
  assert.ok(isWithinTolerance(t, 0.9));
  assert.not.ok(isWithinTolerance(t, 1.11));
  assert.not.ok(isWithinTolerance(t, 0.89));
  // 102% at target 100 ⇒ no change
  const ps = [pod('a', { cpu: 900 }), pod('b', { cpu: 1000 }), pod('c', { cpu: 1100 })];
  const r = getResourceReplicas({ currentReplicas: 3, pods: ps, metrics: samples({ a: 1010, b: 1030, c: 1020 }), now: NOW, targetUtilization: 100, resource: 'cpu' });
  assert.equal(r, { replicas: 3, utilization: 102, rawAverageValue: 1020 });
});

test('missing request ⇒ error "missing request for cpu …"', () => {
  const ps = [pod('a'), pod('b', { cpu: null })];
  try {
    getResourceReplicas({ currentReplicas: 2, pods: ps, metrics: samples({ a: 500, b: 500 }), now: NOW, targetUtilization: 50, resource: 'cpu' });
    assert.unreachable('should throw');
  } catch (e) {
    assert.instance(e, HpaError);
    assert.ok((e as Error).message.startsWith('missing request for cpu'), (e as Error).message);
    assert.is((e as Error).message, 'missing request for cpu in container app of Pod b');
  }
});

test('sidecar (restartable init) requests are summed with containers', () => {
  const p = pod('a', { containers: [{ name: 'app', requests: { cpu: 300 } }, { name: 'proxy', requests: { cpu: 200 } }] });
  const r = getResourceReplicas({ currentReplicas: 1, pods: [p], metrics: samples({ a: 1000 }), now: NOW, targetUtilization: 100, resource: 'cpu' });
  assert.is(r.utilization, 200);
  assert.is(r.replicas, 2);
});

test('errors: no pods; no metrics for targeted pods', () => {
  assert.throws(
    () => getResourceReplicas({ currentReplicas: 1, pods: [], metrics: samples({}), now: NOW, targetUtilization: 50, resource: 'cpu' }),
    /no pods returned by selector/,
  );
  assert.throws(
    () => getResourceReplicas({ currentReplicas: 1, pods: [pod('a', { phase: 'Pending' })], metrics: samples({ a: 1 }), now: NOW, targetUtilization: 50, resource: 'cpu' }),
    /did not receive metrics for targeted pods/,
  );
});

// ---- Missing metrics

test('missing metrics, scale up: missing pods count as 0 ⇒ damped', () => {
  // 2 of 4 pods report 2000m of 1000m requests (200%), target 50 ⇒ ratio 4; naive 8
  const ps = ['a', 'b', 'c', 'd'].map((n) => pod(n));
  const r = getResourceReplicas({ currentReplicas: 4, pods: ps, metrics: samples({ a: 2000, b: 2000 }), now: NOW, targetUtilization: 50, resource: 'cpu' });
  // (4000 + 0 + 0) / 4000 = 100% ⇒ 2.0 ⇒ ceil(2·4) = 8
  assert.equal(r, { replicas: 8, utilization: 200, rawAverageValue: 2000 });
  // 1000m each (100%, ratio 2): (2000)/4000 = 50% ⇒ 1.0 ⇒ within ⇒ keep 4 (naive would say 4 too, via different route)
  const r2 = getResourceReplicas({ currentReplicas: 4, pods: ps, metrics: samples({ a: 1000, b: 1000 }), now: NOW, targetUtilization: 50, resource: 'cpu' });
  assert.is(r2.replicas, 4);
});

test('missing metrics, scale down: missing pods count as max(100%, target) of request', () => {
  const ps = ['a', 'b', 'c', 'd'].map((n) => pod(n));
  // 3 pods at 10%, target 50 ⇒ ratio 0.2; missing d ⇒ 1000 ⇒ 1300/4000 = 32% ⇒ 0.64 ⇒ ceil(2.56) = 3
  const r = getResourceReplicas({ currentReplicas: 4, pods: ps, metrics: samples({ a: 100, b: 100, c: 100 }), now: NOW, targetUtilization: 50, resource: 'cpu' });
  assert.equal(r, { replicas: 3, utilization: 10, rawAverageValue: 100 });
  // target 200%: missing pod counted at 200% of request: (100·3 + 2000)/4000 = 57% ⇒ 0.285 ⇒ ceil(1.14) = 2
  const r2 = getResourceReplicas({ currentReplicas: 4, pods: ps, metrics: samples({ a: 100, b: 100, c: 100 }), now: NOW, targetUtilization: 200, resource: 'cpu' });
  assert.is(r2.replicas, 2);
});

test('missing metrics: direction flip ⇒ keep current', () => {
  const ps = ['a', 'b', 'c', 'd'].map((n) => pod(n));
  // 40% at target 45 ⇒ 0.889 (down); fill d at 100% ⇒ 2200/4000 = 55% ⇒ 1.22 (up) ⇒ flip ⇒ 4
  const r = getResourceReplicas({ currentReplicas: 4, pods: ps, metrics: samples({ a: 400, b: 400, c: 400 }), now: NOW, targetUtilization: 45, resource: 'cpu' });
  assert.is(r.replicas, 4);
});

// ---- Unready pods (CPU readiness rules)

test('unready pods: scale up with unready pods counted at 0 (upstream ScaleUpUnreadyLessScale)', () => {
  const ps = [pod('a', { ready: { status: 'False', lastTransitionTime: LONG_AGO + 1_000 } }), pod('b'), pod('c')];
  const r = getResourceReplicas({ currentReplicas: 3, pods: ps, metrics: samples({ a: 300, b: 500, c: 700 }), now: NOW, targetUtilization: 30, resource: 'cpu' });
  // ready b, c: 1200/2000 = 60% ⇒ 2.0; with a at 0: 1200/3000 = 40% ⇒ 1.333 ⇒ ceil(4.0) = 4
  assert.equal(r, { replicas: 4, utilization: 60, rawAverageValue: 600 });
});

test('unready pods: rebalanced ratio flips ⇒ no scale (upstream ScaleUpUnreadyNoScale)', () => {
  const never = { status: 'False' as const, lastTransitionTime: LONG_AGO + 1_000 };
  const ps = [pod('a'), pod('b', { ready: never }), pod('c', { ready: never })];
  const r = getResourceReplicas({ currentReplicas: 3, pods: ps, metrics: samples({ a: 400, b: 500, c: 700 }), now: NOW, targetUtilization: 30, resource: 'cpu' });
  // a: 40% ⇒ 1.33; with b, c at 0: 400/3000 = 13% ⇒ 0.43 ⇒ direction flip ⇒ 3
  assert.equal(r, { replicas: 3, utilization: 40, rawAverageValue: 400 });
});

test('groupPods: CPU initialisation period, readiness delay, metric window', () => {
  const start = NOW - 60_000; // started 1 min ago: inside the 5 min initialisation period
  const ps: HpaPod[] = [
    pod('pending', { phase: 'Pending' }),
    pod('failed', { phase: 'Failed' }),
    pod('deleting', { deleting: true }),
    pod('nometric'),
    // ready 50 s ago, sample at now−5 s with 15 s window: 45 s ≥ window ⇒ ready
    pod('warm', { startTime: start, ready: { status: 'True', lastTransitionTime: NOW - 50_000 } }),
    // ready 10 s ago: sample at now−5 s < transition+15 s ⇒ unready ("hot" CPU)
    pod('hot', { startTime: start, ready: { status: 'True', lastTransitionTime: NOW - 10_000 } }),
    // in init period and not ready ⇒ unready
    pod('initunready', { startTime: start, ready: { status: 'False', lastTransitionTime: start } }),
    // past init period, not ready, was ready once (transition > start + 30 s) ⇒ counted ready
    pod('wasready', { ready: { status: 'False', lastTransitionTime: LONG_AGO + 60_000 } }),
    // past init period, never ready (transition within 30 s of start) ⇒ unready
    pod('neverready', { ready: { status: 'False', lastTransitionTime: LONG_AGO + 20_000 } }),
    pod('nocond', { ready: undefined }),
    pod('nostart', { startTime: undefined }),
  ];
  const m = samples({ pending: 1, failed: 1, deleting: 1, warm: 1, hot: 1, initunready: 1, wasready: 1, neverready: 1, nocond: 1, nostart: 1 });
  const g = groupPods(ps, m, 'cpu', NOW);
  assert.is(g.readyPodCount, 2);
  assert.equal([...g.ignored], ['failed', 'deleting']);
  assert.equal([...g.missing], ['nometric']);
  assert.equal([...g.unready], ['pending', 'hot', 'initunready', 'neverready', 'nocond', 'nostart']);
  // memory: no readiness rules
  const gm = groupPods(ps, m, 'memory', NOW);
  assert.is(gm.readyPodCount, 7);
  assert.equal([...gm.unready], ['pending']);
});

// ---- Plain metrics

test('Pods metric: average value (upstream ScaleUpCM: 20/10/30 vs 15 ⇒ 4)', () => {
  const r = getMetricReplicas({ currentReplicas: 3, pods: pods3(), metrics: samples({ a: 20000, b: 10000, c: 30000 }), now: NOW, targetAverageValue: 15000 });
  assert.equal(r, { replicas: 4, usage: 20000 });
  // scale down 12/12/12 vs 20 ⇒ 0.6 ⇒ ceil(1.8) = 2
  const d = getMetricReplicas({ currentReplicas: 3, pods: pods3(), metrics: samples({ a: 12000, b: 12000, c: 12000 }), now: NOW, targetAverageValue: 20000 });
  assert.is(d.replicas, 2);
});

test('plain metric: missing pods on scale-down get the target value, per-pod average truncated', () => {
  // a,b report 5 each, c missing; target 10: 0.5 ⇒ c := 10 ⇒ avg 20/3 = 6 (int) ⇒ 0.6 ⇒ ceil(1.8) = 2
  const r = calcPlainMetricReplicas({ currentReplicas: 3, pods: pods3(), metrics: samples({ a: 5, b: 5 }), now: NOW, targetUsage: 10, resource: '' });
  assert.equal(r, { replicas: 2, usage: 5 });
});

test('Object metric Value: ceil(ratio × ready pods); from zero ⇒ ceil(ratio)', () => {
  const r = getObjectMetricReplicas({ currentReplicas: 3, targetValue: 15000, value: 20000, pods: pods3() });
  assert.equal(r, { replicas: 4, usage: 20000 });
  const z = getObjectMetricReplicas({ currentReplicas: 0, targetValue: 1000, value: 2500, pods: [] });
  assert.is(z.replicas, 3);
});

test('Object AverageValue: ceil(value / target) when out of tolerance, usage per status replica', () => {
  const r = getObjectPerPodMetricReplicas({ statusReplicas: 3, targetAverageValue: 2000, value: 20000 });
  assert.equal(r, { replicas: 10, usage: 6667 });
  const w = getObjectPerPodMetricReplicas({ statusReplicas: 3, targetAverageValue: 2000, value: 6300 });
  assert.is(w.replicas, 3);
});

test('External metrics: series summed; Value and AverageValue', () => {
  const r = getExternalMetricReplicas({ currentReplicas: 3, targetValue: 4400, values: [5000, 3600], pods: pods3() });
  assert.equal(r, { replicas: 6, usage: 8600 }); // 1.9545 × 3 = 5.86 ⇒ 6
  const p = getExternalPerPodMetricReplicas({ statusReplicas: 3, targetAverageValue: 2900, values: [8600] });
  assert.equal(p, { replicas: 3, usage: 2867 }); // 8600/8700 ⇒ within
  const q = getExternalPerPodMetricReplicas({ statusReplicas: 3, targetAverageValue: 1000, values: [8600] });
  assert.is(q.replicas, 9);
});

// ---- Multiple metrics and reasons

const cpuSpec = (u: number): MetricSpec => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: u } } });
const memSpec = (v: number): MetricSpec => ({ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: v } } });
const qpsSpec = (v: number): MetricSpec => ({ type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: v } } });
const extSpec: MetricSpec = {
  type: 'External',
  external: { metric: { name: 'queue_messages_ready', selector: { matchLabels: { queue: 'worker_tasks' } } }, target: { type: 'AverageValue', averageValue: 30 } },
};

test('metric descriptions used in "… above target"', () => {
  assert.is(metricDescription(cpuSpec(50)), 'cpu resource utilization (percentage of request)');
  assert.is(metricDescription(memSpec(1)), 'memory resource');
  assert.is(metricDescription(qpsSpec(1)), 'pods metric http_requests_per_second');
  assert.is(
    metricDescription(extSpec),
    'external metric queue_messages_ready(&LabelSelector{MatchLabels:map[string]string{queue: worker_tasks,},MatchExpressions:[]LabelSelectorRequirement{},})',
  );
  assert.is(
    metricDescription({ type: 'Object', object: { describedObject: { kind: 'Ingress', name: 'main' }, metric: { name: 'requests-per-second' }, target: { type: 'Value', value: 1 } } }),
    'Ingress metric requests-per-second',
  );
});

function source(over: Partial<MetricsSource>): MetricsSource {
  return {
    resource: () => undefined,
    pods: () => undefined,
    object: () => undefined,
    external: () => undefined,
    ...over,
  };
}

test('computeReplicasForMetrics: max over metrics, statuses per metric', () => {
  const src = source({
    resource: (r) => (r === 'cpu' ? samples({ a: 300, b: 500, c: 700 }) : samples({ a: 100, b: 100, c: 100 })),
    pods: () => samples({ a: 20000, b: 10000, c: 30000 }),
  });
  const r = computeReplicasForMetrics({ specReplicas: 3, statusReplicas: 3, metrics: [cpuSpec(30), qpsSpec(15000), memSpec(100)], pods: pods3(), source: src, now: NOW });
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.is(r.replicas, 5);
  assert.is(r.metric, 'cpu resource utilization (percentage of request)');
  assert.equal(r.statuses[0], { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 50, averageValue: 500 } } });
  assert.equal(r.statuses[1], { type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, current: { averageValue: 20000 } } });
  assert.equal(r.statuses[2], { type: 'Resource', resource: { name: 'memory', current: { averageValue: 100 } } });
  assert.is(r.condition.reason, 'ValidMetricFound');
  assert.is(r.error, undefined);
  // The condition is kept per winning metric: the next calculation won by it shares the frozen entry.
  assert.is(r.condition.message, 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)');
  assert.ok(Object.isFrozen(r.condition));
  const again = computeReplicasForMetrics({ specReplicas: 3, statusReplicas: 3, metrics: [cpuSpec(30)], pods: pods3(), source: src, now: NOW });
  assert.ok(again.ok);
  assert.is(again.condition, r.condition);
});

test('computeReplicasForMetrics: all invalid ⇒ error; partial + scale up ⇒ scale with error; partial + down ⇒ refuse', () => {
  const none = computeReplicasForMetrics({ specReplicas: 3, statusReplicas: 3, metrics: [cpuSpec(30), qpsSpec(1)], pods: pods3(), source: source({}), now: NOW });
  assert.not.ok(none.ok);
  assert.match(none.error ?? '', /^invalid metrics \(2 invalid out of 2\), first error is: failed to get cpu resource metric value: /);
  assert.is(none.condition.reason, 'FailedGetResourceMetric');
  assert.is(none.condition.status, 'False');
  assert.is(none.events.length, 2);

  const up = computeReplicasForMetrics({
    specReplicas: 3,
    statusReplicas: 3,
    metrics: [cpuSpec(30), qpsSpec(1)],
    pods: pods3(),
    source: source({ resource: () => samples({ a: 300, b: 500, c: 700 }) }),
    now: NOW,
  });
  assert.ok(up.ok);
  if (up.ok) {
    assert.is(up.replicas, 5);
    assert.match(up.error ?? '', /^invalid metrics \(1 invalid out of 2\)/);
  }

  const down = computeReplicasForMetrics({
    specReplicas: 3,
    statusReplicas: 3,
    metrics: [cpuSpec(90), qpsSpec(1)],
    pods: pods3(),
    source: source({ resource: () => samples({ a: 300, b: 300, c: 300 }) }),
    now: NOW,
  });
  assert.not.ok(down.ok);
  assert.is(down.condition.reason, 'FailedGetPodsMetric');
});

test.run();
