import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { reconcileStep, type HpaSpecInput } from '../../../models/autoscaling/hpa/policy/reconcile.js';
import { newHpaHistory } from '../../../models/autoscaling/hpa/policy/normalize.js';
import type { HpaPod, MetricsSource, PodMetricsInfo } from '../../../models/autoscaling/hpa/policy/replica-calculator.js';

const S = 1000;
const T0 = 3_600_000;

// php-apache from the Kubernetes HPA walkthrough: requests 200m cpu, target 50%, 1–10 replicas.
const phpSpec: HpaSpecInput = {
  minReplicas: 1,
  maxReplicas: 10,
  metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
};

function phpPods(n: number): HpaPod[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `php-apache-${i}`,
    phase: 'Running' as const,
    startTime: 0,
    ready: { status: 'True' as const, lastTransitionTime: 5 * S },
    containers: [{ name: 'php-apache', requests: { cpu: 200 } }],
  }));
}

/** Total CPU load (millicores) spread evenly over the pods. */
function evenLoad(pods: HpaPod[], totalMilli: number, now: number): MetricsSource {
  const m: PodMetricsInfo = new Map(pods.map((p) => [p.name, { value: Math.trunc(totalMilli / pods.length), timestamp: now - 5 * S, window: 15 * S }]));
  return { resource: () => m, pods: () => undefined, object: () => undefined, external: () => undefined };
}

test('walkthrough: 250% at 1 replica ⇒ 4 (cap), then 5, then steady; drop delayed 5 min then to 1', () => {
  const h = newHpaHistory();
  const load = 500; // 500m on a 200m request = 250%
  let replicas = 1;
  let now = T0;
  const sync = (total: number) => {
    const pods = phpPods(replicas);
    const r = reconcileStep({ spec: phpSpec, specReplicas: replicas, statusReplicas: replicas, pods, source: evenLoad(pods, total, now), now, history: h });
    if (r.rescale) replicas = r.desiredReplicas;
    now += 15 * S;
    return r;
  };
  // ratio 250/50 = 5 ⇒ proposal ceil(5 × 1) = 5, legacy cap max(2×1, 4) = 4
  const r1 = sync(load);
  assert.is(r1.metricDesiredReplicas, 5);
  assert.is(r1.desiredReplicas, 4);
  assert.ok(r1.rescale);
  assert.is(r1.eventMessage, 'New size: 4; reason: cpu resource utilization (percentage of request) above target');
  assert.equal(r1.currentMetrics[0], { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 250, averageValue: 500 } } });
  assert.equal(
    r1.conditions.map((c) => [c.type, c.status, c.reason]),
    [
      ['AbleToScale', 'True', 'SucceededRescale'],
      ['ScalingActive', 'True', 'ValidMetricFound'],
      ['ScalingLimited', 'True', 'ScaleUpLimit'],
    ],
  );
  // 4 pods × 125m = 62% (62.5 truncated) ⇒ 1.24 × 4 = 4.96 ⇒ 5
  const r2 = sync(load);
  assert.equal([r2.desiredReplicas, r2.rescale], [5, true]);
  assert.equal(r2.currentMetrics[0]?.resource?.current.averageUtilization, 62);
  // 5 × 100m = 50% ⇒ steady
  const r3 = sync(load);
  assert.equal([r3.desiredReplicas, r3.rescale, r3.reason], [5, false, '']);
  // load stops: proposal 0, held at 5 by the 5-minute window
  const stopAt = now;
  let r = sync(0);
  assert.equal([r.metricDesiredReplicas, r.desiredReplicas, r.rescale, r.reason], [0, 5, false, 'All metrics below target']);
  while (!r.rescale) r = sync(0);
  // the last 5 was recorded at stopAt − 15 s; it falls out once now − 300 s passes it
  assert.is(now - 15 * S, stopAt - 15 * S + 315 * S);
  assert.is(r.desiredReplicas, 1);
  assert.is(r.eventMessage, 'New size: 1; reason: All metrics below target');
  assert.ok(r.conditions.some((c) => c.type === 'ScalingLimited' && c.reason === 'TooFewReplicas' && c.status === 'True'));
});

test('branches: scaling disabled at 0 replicas; above max; below min', () => {
  const pods = phpPods(1);
  const src = evenLoad(pods, 100, T0);
  const dis = reconcileStep({ spec: phpSpec, specReplicas: 0, statusReplicas: 0, pods: [], source: src, now: T0, history: newHpaHistory() });
  assert.equal([dis.rescale, dis.desiredReplicas], [false, 0]);
  assert.ok(dis.conditions.some((c) => c.type === 'ScalingActive' && c.status === 'False' && c.reason === 'ScalingDisabled'));

  const above = reconcileStep({ spec: phpSpec, specReplicas: 12, statusReplicas: 12, pods, source: src, now: T0, history: newHpaHistory() });
  assert.equal([above.rescale, above.desiredReplicas], [true, 10]);
  assert.is(above.eventMessage, 'New size: 10; reason: Current number of replicas above Spec.MaxReplicas');

  const below = reconcileStep({ spec: { ...phpSpec, minReplicas: 3 }, specReplicas: 2, statusReplicas: 2, pods, source: src, now: T0, history: newHpaHistory() });
  assert.equal([below.rescale, below.desiredReplicas], [true, 3]);
  assert.is(below.reason, 'Current number of replicas below Spec.MinReplicas');
  // minReplicas 0 with 0 replicas is not "disabled"
  const zero = reconcileStep({ spec: { ...phpSpec, minReplicas: 0 }, specReplicas: 0, statusReplicas: 0, pods: [], source: src, now: T0, history: newHpaHistory() });
  assert.not.ok(zero.conditions.some((c) => c.reason === 'ScalingDisabled'));
});

test('default metric is cpu 80% when none given; failing metrics ⇒ no rescale with warning', () => {
  const pods = phpPods(2);
  // 2 × 200m requests, 400m used ⇒ 100% vs 80% ⇒ 1.25 ⇒ ceil(2.5) = 3
  const r = reconcileStep({ spec: { maxReplicas: 10 }, specReplicas: 2, statusReplicas: 2, pods, source: evenLoad(pods, 400, T0), now: T0, history: newHpaHistory() });
  assert.equal([r.desiredReplicas, r.reason], [3, 'cpu resource utilization (percentage of request) above target']);
  const none: MetricsSource = { resource: () => undefined, pods: () => undefined, object: () => undefined, external: () => undefined };
  const f = reconcileStep({ spec: phpSpec, specReplicas: 2, statusReplicas: 2, pods, source: none, now: T0, history: newHpaHistory() });
  assert.equal([f.rescale, f.desiredReplicas], [false, 2]);
  assert.ok(f.events.some((e) => e.reason === 'FailedComputeMetricsReplicas' && e.type === 'Warning'));
  assert.ok(f.events.some((e) => e.reason === 'FailedGetResourceMetric'));
  assert.ok(f.conditions.some((c) => c.type === 'ScalingActive' && c.status === 'False'));
});

test('behavior path: scale events are stored and limit the next sync', () => {
  const h = newHpaHistory();
  const spec: HpaSpecInput = { ...phpSpec, maxReplicas: 100, behavior: { scaleUp: { policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] } } };
  let replicas = 2;
  let now = T0;
  const seen: number[] = [];
  for (let i = 0; i < 6; i++) {
    const pods = phpPods(replicas);
    const r = reconcileStep({ spec, specReplicas: replicas, statusReplicas: replicas, pods, source: evenLoad(pods, 20_000, now), now, history: h });
    if (r.rescale) replicas = r.desiredReplicas;
    seen.push(replicas);
    now += 15 * S;
  }
  // +2 per 60 s: 4 at t0, held until the t0 event leaves the window (t0 + 60 s is not "after" cutoff), then 6
  assert.equal(seen, [4, 4, 4, 4, 6, 6]);
  // at t0 + 60 s the t0 event is exactly at the cutoff, not older ⇒ not outdated ⇒ appended
  assert.is(h.scaleUpEvents.length, 2);
});


test('conditions: the previous list and its entries are not edited; an unchanged condition is kept as it was', () => {
  const pods = phpPods(2);
  const h = newHpaHistory();
  // 2 × 200m requests, 200m used ⇒ 50 % at a 50 % target: steady.
  const first = reconcileStep({ spec: phpSpec, specReplicas: 2, statusReplicas: 2, pods, source: evenLoad(pods, 200, T0), now: T0, history: h });
  assert.not.ok(first.rescale);
  const prev = Object.freeze(first.conditions.map((c) => Object.freeze(c)));
  const later = T0 + 15 * S;
  // Frozen input: an edit would throw (modules run strict).
  const again = reconcileStep({ spec: phpSpec, specReplicas: 2, statusReplicas: 2, pods, source: evenLoad(pods, 200, later), now: later, history: h, previousConditions: prev });
  assert.is(again.conditions.length, prev.length);
  // ScalingActive and ScalingLimited are set once, as they were: the same entries. AbleToScale
  // passes through SucceededGetScale and back within the reconcile: an equal entry, time kept.
  assert.equal(again.conditions, prev);
  for (const type of ['ScalingActive', 'ScalingLimited']) {
    assert.is(again.conditions.find((c) => c.type === type), prev.find((c) => c.type === type));
  }
  // A flip replaces the entry with the new transition time; the old entry stays as it was.
  const none: MetricsSource = { resource: () => undefined, pods: () => undefined, object: () => undefined, external: () => undefined };
  const failed = reconcileStep({ spec: phpSpec, specReplicas: 2, statusReplicas: 2, pods, source: none, now: later, history: h, previousConditions: prev });
  const active = failed.conditions.find((c) => c.type === 'ScalingActive');
  const before = prev.find((c) => c.type === 'ScalingActive');
  assert.equal([active?.status, active?.lastTransitionTime], ['False', later]);
  assert.equal([before?.status, before?.lastTransitionTime], ['True', T0]);
});

test.run();
