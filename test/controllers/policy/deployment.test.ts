import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  resolveFenceposts, maxSurge, maxUnavailable, newRSNewReplicas, reconcileNewReplicaSet, maxScaledDown,
  cleanupUnhealthyReplicas, scaleDownOldReplicaSetsForRollingUpdate, reconcileOldReplicaSets, isSaturated,
  deploymentComplete, deploymentProgressing, syncRolloutConditions, pausedConditions,
  newRSCreatedCondition, foundNewRSCondition, setCondition, newCondition, scalingEventMessage, roundToInt32,
  findActiveOrLatest, scale, newRSRevision, cleanupDeploymentPlan, oldPodsRunning, isScalingEvent,
  scaledValueFromIntOrPercent, recreateScaleDown,
  type RSInfo, type RolloutStrategy, type Condition,
} from '../../../models/controllers/policy/deployment.js';

const RU = (s: number | string, u: number | string): RolloutStrategy => ({ type: 'RollingUpdate', maxSurge: s, maxUnavailable: u });

test('resolveFenceposts: ceil surge, floor unavailable, both zero ⇒ unavailable 1', () => {
  const cases: Array<[number | string, number | string, number, number, number]> = [
    ['25%', '25%', 10, 3, 2],
    ['25%', '25%', 1, 1, 0],
    ['25%', '25%', 3, 1, 0],
    ['25%', '25%', 4, 1, 1],
    ['25%', '25%', 100, 25, 25],
    [0, 0, 5, 0, 1],
    ['0%', '1%', 2, 0, 1], // 1% of 2 floors to 0 → both zero → unavailable 1
    [1, '50%', 4, 1, 2],
    [3, 2, 10, 3, 2],
    ['30%', '30%', 7, 3, 2],
  ];
  for (const [s, u, n, es, eu] of cases) {
    assert.equal(resolveFenceposts(s, u, n), { maxSurge: es, maxUnavailable: eu }, `${s}/${u} of ${n}`);
  }
  assert.throws(() => scaledValueFromIntOrPercent('3', 10, true));
});

test('maxUnavailable: modern clamp to replicas, 0 for Recreate or replicas 0; defaults 25%', () => {
  assert.is(maxUnavailable(RU(0, 5), 3), 3);
  assert.is(maxUnavailable(RU(1, 1), 0), 0);
  assert.is(maxUnavailable({ type: 'Recreate' }, 10), 0);
  assert.is(maxSurge({ type: 'Recreate' }, 10), 0);
  assert.is(maxSurge({ type: 'RollingUpdate' }, 10), 3);
  assert.is(maxUnavailable({ type: 'RollingUpdate' }, 10), 2);
});

test('newRSNewReplicas: surge budget on spec counts; Recreate jumps to replicas', () => {
  const s = RU(3, 2);
  assert.is(newRSNewReplicas(s, 10, [{ specReplicas: 10 }, { specReplicas: 0 }], 0), 3);
  assert.is(newRSNewReplicas(s, 10, [{ specReplicas: 8 }, { specReplicas: 3 }], 3), 5);
  assert.is(newRSNewReplicas(s, 10, [{ specReplicas: 8 }, { specReplicas: 5 }], 5), 5);
  assert.is(newRSNewReplicas(s, 10, [{ specReplicas: 1 }, { specReplicas: 9 }], 9), 10); // capped by replicas
  assert.is(newRSNewReplicas({ type: 'Recreate' }, 10, [{ specReplicas: 0 }], 0), 10);
  assert.is(reconcileNewReplicaSet(s, 10, [{ specReplicas: 12 }], 12), 10); // too big → scale down
  assert.is(reconcileNewReplicaSet(s, 10, [{ specReplicas: 10 }], 10), undefined);
  assert.is(reconcileNewReplicaSet(s, 10, [{ specReplicas: 8 }, { specReplicas: 5 }], 5), undefined);
});

const rs = (name: string, created: number, spec: number, avail: number, extra: Partial<RSInfo> = {}): RSInfo => ({
  name, created, specReplicas: spec, availableReplicas: avail, ...extra,
});

test('cleanupUnhealthyReplicas: oldest first (name tiebreak), bounded by maxScaledDown', () => {
  const olds = [rs('b', 5, 4, 1), rs('a', 5, 3, 1), rs('z', 1, 2, 2)];
  assert.equal(cleanupUnhealthyReplicas(olds, 3), [
    { name: 'a', from: 3, to: 1 },
    { name: 'b', from: 4, to: 3 },
  ]);
  assert.equal(cleanupUnhealthyReplicas(olds, 10), [
    { name: 'a', from: 3, to: 1 },
    { name: 'b', from: 4, to: 1 },
  ]);
});

test('scaleDownOldReplicaSetsForRollingUpdate: Σavailable − minAvailable, oldest first', () => {
  const olds = [rs('new-ish', 2, 5, 5), rs('oldest', 1, 3, 3)];
  const all = [...olds, rs('new', 3, 4, 4)];
  // replicas 10, maxUnavailable 2 → minAvailable 8; available 12 → budget 4
  assert.equal(scaleDownOldReplicaSetsForRollingUpdate(10, 2, all, olds), [
    { name: 'oldest', from: 3, to: 0 },
    { name: 'new-ish', from: 5, to: 4 },
  ]);
  assert.equal(scaleDownOldReplicaSetsForRollingUpdate(10, 2, [rs('x', 1, 8, 8)], [rs('x', 1, 8, 8)]), []);
});

// ---------------------------------------------------------------------------------------------
// A tiny rollout driver: one sync = reconcileNewReplicaSet; if it changed nothing,
// reconcileOldReplicaSets. Pods of a scaled-up RS become available `delay` syncs after creation;
// scaled-down pods vanish at once (they stop counting as available immediately).

interface SimRS { name: string; created: number; pods: number[] /* sync index at which each pod is available */ ; spec: number }

function drive(opts: {
  replicas: number; strategy: RolloutStrategy; olds: Array<{ name: string; spec: number; created: number; availableFrom?: number }>;
  newName: string; delay: number; maxSyncs?: number; style?: 'modern' | 'legacy';
}): { events: string[]; sizes: Array<Record<string, number>>; final: Record<string, number>; syncs: number } {
  const { replicas, strategy, delay } = opts;
  const surge = maxSurge(strategy, replicas);
  const unavail = maxUnavailable(strategy, replicas);
  const rss: SimRS[] = opts.olds.map((o) => ({ name: o.name, created: o.created, spec: o.spec, pods: Array(o.spec).fill(o.availableFrom ?? 0) }));
  const newRS: SimRS = { name: opts.newName, created: 1000, spec: 0, pods: [] };
  rss.push(newRS);
  const events: string[] = [];
  const sizes: Array<Record<string, number>> = [];
  let quiet = 0;
  let t = 1;
  const info = (r: SimRS): RSInfo => ({ name: r.name, created: r.created, specReplicas: r.spec, availableReplicas: r.pods.filter((p) => p <= t).length });
  const apply = (name: string, from: number, to: number) => {
    const r = rss.find((x) => x.name === name)!;
    r.spec = to;
    if (to > from) for (let i = from; i < to; i++) r.pods.push(t + delay);
    else r.pods.splice(to); // RS controller deletes the not-yet-available (newest) pods first
    r.pods.sort((a, b) => a - b);
    events.push(scalingEventMessage(name, from, to, opts.style ?? 'legacy'));
  };
  for (; t < (opts.maxSyncs ?? 200) && quiet < delay + 2; t++) {
    const all = rss.map(info);
    const n = info(newRS);
    const olds = all.filter((r) => r.name !== newRS.name);
    let changed = false;
    const next = reconcileNewReplicaSet(strategy, replicas, all, n.specReplicas);
    if (next !== undefined) {
      apply(newRS.name, n.specReplicas, next);
      changed = true;
    } else {
      const plan = reconcileOldReplicaSets(replicas, unavail, olds.filter((r) => r.specReplicas > 0), n);
      for (const c of plan) apply(c.name, c.from, c.to);
      changed = plan.length > 0;
    }
    // Invariants the strategy promises, checked after every sync.
    const totalSpec = rss.reduce((a, r) => a + r.spec, 0);
    assert.ok(totalSpec <= replicas + surge, `sync ${t}: spec ${totalSpec} > ${replicas}+${surge}`);
    const avail = rss.map(info).reduce((a, r) => a + r.availableReplicas, 0);
    if (opts.olds.every((o) => (o.availableFrom ?? 0) <= 0)) {
      assert.ok(avail >= replicas - unavail, `sync ${t}: available ${avail} < ${replicas}-${unavail}`);
    }
    sizes.push(Object.fromEntries(rss.map((r) => [r.name, r.spec])));
    quiet = changed ? 0 : quiet + 1;
  }
  return { events, sizes, final: Object.fromEntries(rss.map((r) => [r.name, r.spec])), syncs: t };
}

test('docs rollout: 3 replicas, 25%/25% (surge 1, unavailable 0) — published event sequence', () => {
  const expected = [
    'Scaled up replica set nginx-deployment-1564180365 to 1',
    'Scaled down replica set nginx-deployment-2035384211 to 2',
    'Scaled up replica set nginx-deployment-1564180365 to 2',
    'Scaled down replica set nginx-deployment-2035384211 to 1',
    'Scaled up replica set nginx-deployment-1564180365 to 3',
    'Scaled down replica set nginx-deployment-2035384211 to 0',
  ];
  for (const delay of [0, 1, 2, 3]) {
    const r = drive({
      replicas: 3, strategy: RU('25%', '25%'), delay,
      olds: [{ name: 'nginx-deployment-2035384211', spec: 3, created: 0 }], newName: 'nginx-deployment-1564180365',
    });
    assert.equal(r.events, expected, `delay ${delay}`);
    assert.equal(r.final, { 'nginx-deployment-2035384211': 0, 'nginx-deployment-1564180365': 3 });
  }
});

test('book §5.4 rollout: 4 replicas, 25%/25% — new 1, old 3, new 2, old 2, new 3, old 1, new 4, old 0', () => {
  // Pods become available two syncs after creation (the book's events come in pairs, seconds apart).
  const r = drive({
    replicas: 4, strategy: RU('25%', '25%'), delay: 2,
    olds: [{ name: 'apache-deployment-6bdd4b58db', spec: 4, created: 0 }], newName: 'apache-deployment-67fd555f74',
  });
  const N = 'apache-deployment-67fd555f74', O = 'apache-deployment-6bdd4b58db';
  assert.equal(r.events, [
    `Scaled up replica set ${N} to 1`, `Scaled down replica set ${O} to 3`,
    `Scaled up replica set ${N} to 2`, `Scaled down replica set ${O} to 2`,
    `Scaled up replica set ${N} to 3`, `Scaled down replica set ${O} to 1`,
    `Scaled up replica set ${N} to 4`, `Scaled down replica set ${O} to 0`,
  ]);
  // With instant availability the same rollout goes faster: old drops by 2 at once.
  const fast = drive({ replicas: 4, strategy: RU('25%', '25%'), delay: 0, olds: [{ name: O, spec: 4, created: 0 }], newName: N });
  assert.equal(fast.events.slice(0, 2), [`Scaled up replica set ${N} to 1`, `Scaled down replica set ${O} to 2`]);
  assert.equal(fast.final, { [O]: 0, [N]: 4 });
});

test('modern event wording: "Scaled up replica set X from 0 to 4"', () => {
  assert.is(scalingEventMessage('web-6bdd4b58db', 0, 4), 'Scaled up replica set web-6bdd4b58db from 0 to 4');
  assert.is(scalingEventMessage('web-6bdd4b58db', 4, 3), 'Scaled down replica set web-6bdd4b58db from 4 to 3');
  assert.is(scalingEventMessage('web-6bdd4b58db', 4, 3, 'legacy'), 'Scaled down replica set web-6bdd4b58db to 3');
});

test('digest 2.5 worked example: 10 replicas, 25%/25% → new 0→3, then old 10→8 while new pods are unavailable', () => {
  const r = drive({ replicas: 10, strategy: RU('25%', '25%'), delay: 3, olds: [{ name: 'old', spec: 10, created: 0 }], newName: 'new' });
  assert.equal(r.sizes[0], { old: 10, new: 3 });
  assert.equal(r.sizes[1], { old: 8, new: 3 }); // maxScaledDown = 13 − 8 − 3 = 2
  assert.equal(r.sizes[2], { old: 8, new: 5 }); // surge room 13 − 11 = 2
  assert.equal(r.final, { old: 0, new: 10 });
  assert.is(maxScaledDown(10, 2, [{ specReplicas: 10 }, { specReplicas: 3 }], { specReplicas: 3, availableReplicas: 0 }), 2);
});

test('rolling.go case 1: rollback with crash-looping RS scales 4 unhealthy pods down', () => {
  // 10 replicas, maxUnavailable 2, maxSurge 3. Good RS "a" (8, one pod lost to a node failure → 7
  // available) is the new RS again after the undo; "b" (5) crash-loops.
  const a = rs('a', 1, 8, 7);
  const b = rs('b', 2, 5, 0);
  assert.is(maxScaledDown(10, 2, [a, b], a), 4);
  assert.equal(reconcileOldReplicaSets(10, 2, [b], a), [{ name: 'b', from: 5, to: 1 }]);
  assert.is(newRSNewReplicas(RU(3, 2), 10, [a, { ...b, specReplicas: 1 }], 8), 10);
});

test('rolling.go case 2 (rollover): new RS starts at 0, the crash-looping intermediate RS is cut by 5', () => {
  const a = rs('a', 1, 8, 8); // original
  const b = rs('b', 2, 5, 0); // interrupted rollout, never available
  const c = rs('c', 3, 0, 0); // newest template
  assert.is(newRSNewReplicas(RU(3, 2), 10, [a, b, c], 0), 0);
  assert.is(maxScaledDown(10, 2, [a, b, c], c), 5); // 13 − 8 − 0
  assert.equal(reconcileOldReplicaSets(10, 2, [a, b], c), [{ name: 'b', from: 5, to: 0 }]);
  assert.is(newRSNewReplicas(RU(3, 2), 10, [a, { ...b, specReplicas: 0 }, c], 0), 5);
});

test('isSaturated / deploymentComplete / deploymentProgressing', () => {
  assert.ok(isSaturated(3, rs('n', 1, 3, 3, { desiredReplicas: 3 })));
  assert.not.ok(isSaturated(3, rs('n', 1, 3, 2, { desiredReplicas: 3 })));
  assert.not.ok(isSaturated(3, rs('n', 1, 3, 3, { desiredReplicas: 4 })));
  assert.not.ok(isSaturated(3, rs('n', 1, 3, 3)));
  const s = { replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 2 };
  assert.ok(deploymentComplete(3, 2, s));
  assert.not.ok(deploymentComplete(3, 3, s));
  assert.not.ok(deploymentComplete(3, 2, { ...s, replicas: 4 }));
  const o = { replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3 };
  assert.ok(deploymentProgressing(o, { ...o, updatedReplicas: 2 }));
  assert.ok(deploymentProgressing(o, { ...o, replicas: 3 })); // fewer old
  assert.ok(deploymentProgressing(o, { ...o, readyReplicas: 4 }));
  assert.not.ok(deploymentProgressing(o, { ...o }));
  assert.ok(isScalingEvent(5, [rs('a', 1, 3, 3, { desiredReplicas: 3 })]));
  assert.not.ok(isScalingEvent(3, [rs('a', 1, 3, 3, { desiredReplicas: 3 }), rs('b', 0, 0, 0, { desiredReplicas: 9 })]));
});

const counts = (u: number, r: number, a: number, og = 1) => ({ replicas: r, updatedReplicas: u, readyReplicas: a, availableReplicas: a, observedGeneration: og });

test('conditions: created → progressing (keeps transition time) → complete; Available thresholds', () => {
  let conds: Condition[] = newRSCreatedCondition([], 'web-abc', 0);
  assert.equal(conds[0], newCondition('Progressing', 'True', 'NewReplicaSetCreated', 'Created new replica set "web-abc"', 0));
  const base = { deploymentName: 'web', newRSName: 'web-abc', replicas: 4, generation: 1, maxUnavailable: 1, progressDeadlineSeconds: 600 };
  let r = syncRolloutConditions({ ...base, oldStatus: { ...counts(0, 4, 4), conditions: conds }, newStatus: counts(1, 5, 4), now: 1000 });
  let p = r.conditions.find((c) => c.type === 'Progressing')!;
  assert.is(p.reason, 'ReplicaSetUpdated');
  assert.is(p.message, 'ReplicaSet "web-abc" is progressing.');
  assert.is(p.lastUpdateTime, 1000);
  assert.is(p.lastTransitionTime, 0);
  const av = r.conditions.find((c) => c.type === 'Available')!;
  assert.equal([av.status, av.reason, av.message], ['True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.']);
  assert.is(r.requeueAfterMs, 600_000 - 1000 + 1000); // from the old condition's lastUpdate (0)
  conds = r.conditions;
  r = syncRolloutConditions({ ...base, oldStatus: { ...counts(1, 5, 4), conditions: conds }, newStatus: counts(4, 4, 4), now: 9000 });
  p = r.conditions.find((c) => c.type === 'Progressing')!;
  assert.equal([p.status, p.reason, p.message], ['True', 'NewReplicaSetAvailable', 'ReplicaSet "web-abc" has successfully progressed.']);
  assert.is(r.requeueAfterMs, undefined);
  const un = syncRolloutConditions({ ...base, oldStatus: { ...counts(0, 4, 4), conditions: [] }, newStatus: counts(0, 4, 2), now: 0 });
  const a2 = un.conditions.find((c) => c.type === 'Available')!;
  assert.equal([a2.status, a2.reason, a2.message], ['False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.']);
});

test('conditions: ProgressDeadlineExceeded only strictly after lastUpdate + deadline, without progress', () => {
  const conds = newRSCreatedCondition([], 'web-abc', 0);
  const base = { deploymentName: 'web', newRSName: 'web-abc', replicas: 2, generation: 1, maxUnavailable: 0, progressDeadlineSeconds: 600 };
  const stuck = { ...counts(1, 3, 2), conditions: conds };
  let r = syncRolloutConditions({ ...base, oldStatus: stuck, newStatus: counts(1, 3, 2), now: 600_000 });
  assert.is(r.conditions.find((c) => c.type === 'Progressing')!.reason, 'NewReplicaSetCreated');
  assert.is(r.requeueAfterMs, 0);
  r = syncRolloutConditions({ ...base, oldStatus: stuck, newStatus: counts(1, 3, 2), now: 600_001 });
  const p = r.conditions.find((c) => c.type === 'Progressing')!;
  assert.equal([p.status, p.reason, p.message, p.lastTransitionTime], ['False', 'ProgressDeadlineExceeded', 'ReplicaSet "web-abc" has timed out progressing.', 600_001]);
  // No deadline → no Progressing condition at all.
  r = syncRolloutConditions({ ...base, progressDeadlineSeconds: undefined, oldStatus: stuck, newStatus: counts(1, 3, 2), now: 1 });
  assert.is(r.conditions.find((c) => c.type === 'Progressing'), undefined);
});

test('conditions: paused/resumed and FoundNewReplicaSet', () => {
  let c = pausedConditions(newRSCreatedCondition([], 'w', 0), true, 5);
  assert.equal([c[0]!.status, c[0]!.reason, c[0]!.message], ['Unknown', 'DeploymentPaused', 'Deployment is paused']);
  c = pausedConditions(c, false, 9);
  assert.equal([c[0]!.reason, c[0]!.message, c[0]!.lastTransitionTime], ['DeploymentResumed', 'Deployment is resumed', 5]);
  const timedOut = [newCondition('Progressing', 'False', 'ProgressDeadlineExceeded', 'x', 1)];
  assert.equal(pausedConditions(timedOut, true, 5), timedOut);
  assert.is(foundNewRSCondition([], 'w-1', 3)[0]!.message, 'Found new replica set "w-1"');
  assert.is(foundNewRSCondition(timedOut, 'w-1', 3)[0]!.reason, 'ProgressDeadlineExceeded');
  // SetDeploymentCondition: same status+reason is a no-op.
  const same = setCondition(timedOut, newCondition('Progressing', 'False', 'ProgressDeadlineExceeded', 'y', 99));
  assert.is(same[0]!.lastUpdateTime, 1);
});

test('proportional scaling: roundToInt32, FindActiveOrLatest, saturation', () => {
  assert.equal([2.5, -2.5, 2.4, -0.5, 0.5].map(roundToInt32), [3, -3, 2, -1, 1]);
  assert.is(findActiveOrLatest(rs('n', 3, 0, 0), [rs('o1', 1, 0, 0), rs('o2', 2, 0, 0)])!.name, 'n');
  assert.is(findActiveOrLatest(undefined, [rs('o1', 1, 0, 0), rs('o2', 2, 0, 0)])!.name, 'o2');
  assert.is(findActiveOrLatest(rs('n', 3, 0, 0), [rs('o1', 1, 4, 4)])!.name, 'o1');
  assert.is(findActiveOrLatest(rs('n', 3, 1, 0), [rs('o1', 1, 4, 4)]), undefined);
  const one = scale(RU('25%', '25%'), 6, 4, rs('n', 3, 4, 4, { desiredReplicas: 4 }), [rs('o', 1, 0, 0)]);
  assert.equal(one.changes, [{ name: 'n', from: 4, to: 6 }]);
  const sat = scale(RU('25%', '25%'), 4, 5, rs('n', 3, 4, 4, { desiredReplicas: 4 }), [rs('o', 1, 1, 1)]);
  assert.equal(sat.changes, [{ name: 'o', from: 1, to: 0 }]);
});

test('proportional scaling: docs example 10 → 15 mid-rollout (maxSurge 3) gives +3 / +2', () => {
  // Docs: 10 replicas, maxSurge 3, maxUnavailable 2; rollout stuck with old 8 and new 5; scale to 15.
  const plan = scale(RU(3, 2), 15, 13,
    rs('new', 2, 5, 0, { desiredReplicas: 10, maxReplicas: 13 }),
    [rs('old', 1, 8, 8, { desiredReplicas: 10, maxReplicas: 13 })]);
  // allowed = 15 + 4 (25% of 15 rounded up is 4? no: surge is absolute 3) → 18; toAdd = 18 − 13 = 5
  // old: round(8·18/13 = 11.08) − 8 = 3; new: round(5·18/13 = 6.92) − 5 = 2.
  assert.equal(plan.changes, [{ name: 'old', from: 8, to: 11 }, { name: 'new', from: 5, to: 7 }]);
  assert.equal(plan.annotate, { names: ['old', 'new'], desiredReplicas: 15, maxReplicas: 18 });
});

test('proportional scaling: scale down to 0 and leftover goes to the first (largest) RS', () => {
  const down = scale(RU(1, 0), 0, 6, rs('n', 2, 3, 3, { maxReplicas: 7 }), [rs('o', 1, 3, 3, { maxReplicas: 7 })]);
  assert.equal(down.changes, [{ name: 'o', from: 3, to: 0 }, { name: 'n', from: 3, to: 0 }]);
  // 3 RSs of 1 each, max-replicas 3 (replicas 2 + surge 1), scale to 4 (surge 1) → toAdd 2:
  // sizes tie → newer first; each fraction round(1·5/3=1.67)−1 = 1 → c +1, b +1, a +0.
  const up = scale(RU(1, 0), 4, 3, rs('c', 3, 1, 0, { maxReplicas: 3 }), [rs('a', 1, 1, 1, { maxReplicas: 3 }), rs('b', 2, 1, 1, { maxReplicas: 3 })]);
  assert.equal(up.changes, [{ name: 'c', from: 1, to: 2 }, { name: 'b', from: 1, to: 2 }]);
  // Scale down 10 → 5 with surge 0/unavail 1: 7 old + 3 new (max 10): toAdd −5, bigger/older first.
  const d2 = scale(RU(0, 1), 5, 10, rs('n', 2, 3, 3, { maxReplicas: 10 }), [rs('o', 1, 7, 7, { maxReplicas: 10 })]);
  // o: round(7·5/10 = 3.5) − 7 = −3 (half away from zero: 4 − 7); n: max(round(1.5)=2 − 3 = −1, −2) = −1; leftover −1 → o.
  assert.equal(d2.changes, [{ name: 'o', from: 7, to: 3 }, { name: 'n', from: 3, to: 2 }]);
});

test('revisions: max+1; a re-used template is bumped and remembers its old revision', () => {
  assert.equal(newRSRevision([{ revision: 1 }, { revision: 3 }]), { revision: 4, revisionHistory: [] });
  assert.equal(newRSRevision([{ revision: 2 }, { revision: 3 }], { revision: 1 }), { revision: 4, revisionHistory: [1] });
  assert.equal(newRSRevision([{ revision: 2 }], { revision: 5, revisionHistory: [1] }), { revision: 5, revisionHistory: [1] });
  assert.equal(newRSRevision([], {}), { revision: 1, revisionHistory: [] });
});

test('cleanupDeploymentPlan: lowest revisions beyond the limit, only fully scaled down ones', () => {
  const olds = [
    rs('r3', 3, 0, 0, { revision: 3, statusReplicas: 0 }),
    rs('r1', 1, 0, 0, { revision: 1, statusReplicas: 0 }),
    rs('r2', 2, 1, 1, { revision: 2, statusReplicas: 1 }),
    rs('r4', 4, 0, 0, { revision: 4, statusReplicas: 0 }),
  ];
  assert.equal(cleanupDeploymentPlan(olds, 2), ['r1']); // r2 still has pods, not replaced by r3
  assert.equal(cleanupDeploymentPlan(olds, 0), ['r1', 'r3', 'r4']);
  assert.equal(cleanupDeploymentPlan(olds, 10), []);
  assert.equal(cleanupDeploymentPlan(olds, undefined), []);
  assert.equal(cleanupDeploymentPlan([{ ...olds[1]!, deleting: true }, olds[0]!], 0), ['r3']);
});

test('Recreate helpers', () => {
  assert.equal(recreateScaleDown([rs('a', 1, 3, 3), rs('b', 2, 0, 0)]), [{ name: 'a', from: 3, to: 0 }]);
  assert.ok(oldPodsRunning([{ statusReplicas: 1 }], []));
  assert.ok(oldPodsRunning([{ statusReplicas: 0 }], ['Succeeded', 'Unknown']));
  assert.not.ok(oldPodsRunning([{ statusReplicas: 0 }], ['Succeeded', 'Failed']));
});

test.run();
