import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  convertDesiredReplicasWithBehaviorRate,
  convertDesiredReplicasWithRules,
  defaultBehavior,
  defaultMetrics,
  defaultMinReplicas,
  newHpaHistory,
  normalizeDesiredReplicas,
  normalizeDesiredReplicasWithBehaviors,
  stabilizeRecommendation,
  stabilizeRecommendationWithBehaviors,
  storeScaleEvent,
  withScaleDownWindow,
  type DefaultedBehavior,
} from '../../../models/autoscaling/hpa/policy/normalize.js';

const S = 1000;

test('defaulting: behavior nil stays nil; partial behavior filled; minReplicas 1; cpu 80%', () => {
  assert.is(defaultBehavior(undefined), undefined);
  const b = defaultBehavior({ scaleDown: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } });
  assert.equal(b, {
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ],
    },
    scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
  });
  assert.is(withScaleDownWindow(b as DefaultedBehavior).scaleDown.stabilizationWindowSeconds, 300);
  assert.equal(defaultBehavior({})?.scaleDown.policies, [{ type: 'Percent', value: 100, periodSeconds: 15 }]);
  assert.is(defaultMinReplicas(undefined), 1);
  assert.is(defaultMinReplicas(0), 0);
  assert.equal(defaultMetrics(undefined), [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
});

test('legacy stabilisation: a drop is delayed 5 min, then applied', () => {
  const h = newHpaHistory();
  h.recommendations.push({ recommendation: 10, timestamp: 0 });
  const out: number[] = [];
  for (let t = 15 * S; t <= 330 * S; t += 15 * S) out.push(stabilizeRecommendation(h, 3, t));
  // t = 15 s … 300 s: the 10 at t = 0 is still in the window (cutoff = t − 300 s, "before" is strict)
  assert.ok(out.slice(0, 20).every((v) => v === 10));
  // t = 315 s: the t = 0 sample is older than the window ⇒ its slot is recycled ⇒ 3
  assert.is(out[20], 3);
  assert.is(out[21], 3);
  // slot reuse: the old slot was overwritten, history did not grow by one at t = 315 s
  assert.is(h.recommendations.length, 21);
});

test('legacy rules: scale-up cap max(2×current, 4) and min/max clamps with reasons', () => {
  assert.equal(convertDesiredReplicasWithRules(1, 5, 1, 10), { desired: 4, reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' });
  assert.equal(convertDesiredReplicasWithRules(4, 20, 1, 10).desired, 8);
  assert.equal(convertDesiredReplicasWithRules(8, 20, 1, 10), { desired: 10, reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' });
  assert.equal(convertDesiredReplicasWithRules(5, 1, 2, 10), { desired: 2, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' });
  assert.equal(convertDesiredReplicasWithRules(5, 7, 2, 10), { desired: 7, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' });
});

test('legacy normalize: conditions', () => {
  const h = newHpaHistory();
  h.recommendations.push({ recommendation: 6, timestamp: 0 });
  const r = normalizeDesiredReplicas({ history: h, currentReplicas: 6, desiredReplicas: 2, minReplicas: 1, maxReplicas: 10, now: 15 * S });
  assert.is(r.desired, 6);
  assert.is(r.conditions[0]?.reason, 'ScaleDownStabilized');
  assert.is(r.conditions[1]?.reason, 'DesiredWithinRange');
  assert.is(r.conditions[1]?.status, 'False');
  const u = normalizeDesiredReplicas({ history: newHpaHistory(), currentReplicas: 1, desiredReplicas: 5, minReplicas: 1, maxReplicas: 10, now: 0 });
  assert.is(u.desired, 4);
  assert.is(u.conditions[0]?.reason, 'ReadyForNewScale');
  assert.equal(u.conditions[1], { type: 'ScalingLimited', status: 'True', reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' });
});

test('legacy normalize: one frozen conditions pair per outcome, shared by every call that gives it', () => {
  const at = (current: number, desired: number) => normalizeDesiredReplicas({ history: newHpaHistory(), currentReplicas: current, desiredReplicas: desired, minReplicas: 1, maxReplicas: 10, now: 0 });
  const a = at(3, 3);
  const b = at(5, 5);
  assert.is(a.conditions, b.conditions);
  assert.ok(Object.isFrozen(a.conditions) && a.conditions.every((c) => Object.isFrozen(c)));
  assert.equal(a.conditions, [
    { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size' },
    { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' },
  ]);
  // Another outcome: another pair, the AbleToScale entry shared.
  const c = at(1, 5);
  assert.is.not(c.conditions, a.conditions);
  assert.is(c.conditions[0], a.conditions[0]);
  assert.equal(c.conditions[1], { type: 'ScalingLimited', status: 'True', reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' });
  assert.is(at(2, 6).conditions, c.conditions);
});

const dflt = (): DefaultedBehavior => withScaleDownWindow(defaultBehavior({}) as DefaultedBehavior);

test('behavior default scale-up: Pods 4 / Percent 100 per 15 s, Max', () => {
  const b = dflt();
  const lim = (cur: number, des: number) =>
    convertDesiredReplicasWithBehaviorRate({ history: newHpaHistory(), behavior: b, currentReplicas: cur, desiredReplicas: des, minReplicas: 1, maxReplicas: 100, now: 0 });
  assert.is(lim(1, 20).desired, 5); // max(1+4, ceil(1×2)=2)
  assert.is(lim(1, 20).reason, 'ScaleUpLimit');
  assert.is(lim(10, 50).desired, 20); // max(14, 20)
  assert.is(lim(10, 12).desired, 12);
  assert.is(lim(80, 500).desired, 100); // max(84, 160) capped by maxReplicas
  assert.is(lim(80, 500).reason, 'TooManyReplicas');
});

test('behavior scale-up: events within the period reduce the budget; Min policy; Disabled', () => {
  const b = dflt();
  const h = newHpaHistory();
  storeScaleEvent(h, b, 5, 10, 0); // +5 at t = 0
  const at = (t: number, cur: number, des: number, beh = b) =>
    convertDesiredReplicasWithBehaviorRate({ history: h, behavior: beh, currentReplicas: cur, desiredReplicas: des, minReplicas: 1, maxReplicas: 100, now: t }).desired;
  // t = 10 s: periodStart = 10 − 5 = 5 ⇒ max(9, 10) = 10 ⇒ no further growth
  assert.is(at(10 * S, 10, 40), 10);
  // t = 15 s: the event is exactly at the cutoff (not after) ⇒ out of period ⇒ max(14, 20) = 20
  assert.is(at(15 * S, 10, 40), 20);
  const minB: DefaultedBehavior = { ...b, scaleUp: { ...b.scaleUp, selectPolicy: 'Min' } };
  assert.is(at(15 * S, 10, 40, minB), 14);
  const disB: DefaultedBehavior = { ...b, scaleUp: { ...b.scaleUp, selectPolicy: 'Disabled' } };
  assert.is(at(15 * S, 10, 40, disB), 10);
});

test('behavior scale-down: Percent 10 per 60 s (truncation), history across syncs', () => {
  const b = withScaleDownWindow(
    defaultBehavior({ scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }] } }) as DefaultedBehavior,
  );
  const h = newHpaHistory();
  const step = (t: number, cur: number) =>
    convertDesiredReplicasWithBehaviorRate({ history: h, behavior: b, currentReplicas: cur, desiredReplicas: 1, minReplicas: 1, maxReplicas: 100, now: t });
  const r0 = step(0, 100);
  assert.equal([r0.desired, r0.reason], [90, 'ScaleDownLimit']);
  storeScaleEvent(h, b, 100, 90, 0);
  assert.is(step(30 * S, 90).desired, 90); // periodStart 100 ⇒ 90 ⇒ no further drop yet
  assert.is(step(61 * S, 90).desired, 81); // event aged out ⇒ trunc(90 × 0.9)
  storeScaleEvent(h, b, 90, 81, 61 * S);
  assert.is(step(122 * S, 81).desired, 72); // trunc(72.9)
  // slot reuse: t = 0 event is older than 60 s at t = 61 s ⇒ overwritten
  assert.is(h.scaleDownEvents.length, 1);
  // Min policy picks the smaller change; Disabled keeps current
  const two = withScaleDownWindow(
    defaultBehavior({
      scaleDown: { selectPolicy: 'Min', policies: [{ type: 'Pods', value: 5, periodSeconds: 60 }, { type: 'Percent', value: 50, periodSeconds: 60 }] },
    }) as DefaultedBehavior,
  );
  const r = convertDesiredReplicasWithBehaviorRate({ history: newHpaHistory(), behavior: two, currentReplicas: 20, desiredReplicas: 1, minReplicas: 1, maxReplicas: 100, now: 0 });
  assert.is(r.desired, 15); // max(20−5, 10)
  const dis = withScaleDownWindow(defaultBehavior({ scaleDown: { selectPolicy: 'Disabled' } }) as DefaultedBehavior);
  assert.is(convertDesiredReplicasWithBehaviorRate({ history: newHpaHistory(), behavior: dis, currentReplicas: 20, desiredReplicas: 1, minReplicas: 1, maxReplicas: 100, now: 0 }).desired, 20);
});

test('behavior stabilisation: min over scale-up window, max over scale-down window', () => {
  const h = newHpaHistory();
  h.recommendations.push({ recommendation: 8, timestamp: 0 }, { recommendation: 4, timestamp: 100 * S });
  // proposal 10 ≥ current 5 with a 300 s up-window: up = min(8, 4, 10) = 4 ⇒ current 5 stays above ⇒ 5
  const a = stabilizeRecommendationWithBehaviors({ history: h, currentReplicas: 5, desiredReplicas: 10, scaleUpWindowSeconds: 300, scaleDownWindowSeconds: 300, now: 200 * S });
  assert.equal([a.recommendation, a.reason], [5, 'ScaleUpStabilized']);
  // proposal 2 < current 5, down-window 300 s: down = max(8, 4, 10, 2) = 10, up-window 0 ⇒ up = 2 ⇒ stays 5
  const b = stabilizeRecommendationWithBehaviors({ history: h, currentReplicas: 5, desiredReplicas: 2, scaleUpWindowSeconds: 0, scaleDownWindowSeconds: 300, now: 201 * S });
  assert.equal([b.recommendation, b.reason], [5, 'ScaleDownStabilized']);
  // much later, everything old: the proposal goes through
  const c = stabilizeRecommendationWithBehaviors({ history: h, currentReplicas: 5, desiredReplicas: 2, scaleUpWindowSeconds: 0, scaleDownWindowSeconds: 300, now: 1000 * S });
  assert.is(c.recommendation, 2);
});

test('behavior normalize: default behavior delays scale-down 300 s, scale-up immediate', () => {
  const b = defaultBehavior({}) as DefaultedBehavior;
  const h = newHpaHistory();
  h.recommendations.push({ recommendation: 4, timestamp: 0 });
  const up = normalizeDesiredReplicasWithBehaviors({ history: h, behavior: b, currentReplicas: 4, desiredReplicas: 9, minReplicas: 1, maxReplicas: 10, now: 15 * S });
  assert.is(up.desired, 8); // Percent 100 ⇒ 8 (> Pods 4 ⇒ 8)
  const down = normalizeDesiredReplicasWithBehaviors({ history: h, behavior: b, currentReplicas: 8, desiredReplicas: 2, minReplicas: 1, maxReplicas: 10, now: 30 * S });
  assert.is(down.desired, 8); // max over the last 300 s includes 9
  assert.is(down.conditions[0]?.reason, 'ScaleDownStabilized');
});


test('defaultMetrics: the spec’s own list, never a copy; the default list is one shared, frozen object', () => {
  const mine = [{ type: 'Resource' as const, resource: { name: 'memory', target: { type: 'Utilization' as const, averageUtilization: 60 } } }];
  assert.is(defaultMetrics(mine), mine);
  const d = defaultMetrics(undefined);
  assert.is(defaultMetrics([]), d);
  assert.ok(Object.isFrozen(d) && Object.isFrozen(d[0]));
  assert.throws(() => (d as unknown as unknown[]).push({}));
});

test('legacy stabilisation reuses the out-of-window slot as upstream reuses it: the same entry, new value and time', () => {
  const h = newHpaHistory();
  h.recommendations.push({ recommendation: 5, timestamp: 0 }, { recommendation: 3, timestamp: 200 * S });
  const slot = h.recommendations[0];
  // cutoff 301 s − 300 s = 1 s: the first is out of the window, the second (3) in it ⇒ max(2, 3)
  assert.is(stabilizeRecommendation(h, 2, 301 * S, 300 * S), 3);
  assert.is(h.recommendations[0], slot);
  assert.equal(h.recommendations, [{ recommendation: 2, timestamp: 301 * S }, { recommendation: 3, timestamp: 200 * S }]);
  // Nothing out of the window: appended.
  assert.is(stabilizeRecommendation(h, 1, 302 * S, 300 * S), 3);
  assert.equal(h.recommendations.length, 3);
  assert.equal(h.recommendations[2], { recommendation: 1, timestamp: 302 * S });
});

test.run();
