// Property: a rolling update never drops the Deployment's available pods below
// replicas − maxUnavailable, nor runs more than replicas + maxSurge pods, checked at every
// change of a Pod, ReplicaSet or Deployment, for many random (replicas, maxSurge,
// maxUnavailable, minReadySeconds, start-up time) combinations.
//
// The invariant, derived from upstream (pkg/controller/deployment/rolling.go):
// - The controller only scales old ReplicaSets down by what RS *status* says is available
//   above minAvailable = replicas − maxUnavailable (scaleDownOldReplicaSetsForRollingUpdate),
//   or by pods it already counts as unavailable (cleanupUnhealthyReplicas). RS status lags
//   the pods, but only in the safe direction (a pod's availability is counted late, a
//   deleted pod is uncounted in the same sync that deletes it), so the live count of
//   available pods — Ready for minReadySeconds, not terminating (a pod being deleted counts
//   as unavailable), not finished — never goes below minAvailable once the Deployment was
//   fully available. It may be temporarily ABOVE replicas (surge pods that became ready).
// - maxSurge bounds Σ rs.spec.replicas ≤ replicas + maxSurge (NewRSNewReplicas counts spec,
//   not live pods). Live pods follow spec, so active (non-terminating) pods stay within the
//   bound; terminating pods are not counted (upstream's documented behaviour: old pods
//   shutting down may exceed the surge).
// - Both are checked only after the initial rollout completed (creation starts from zero).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isPodActive, isPodAvailable } from '../../models/api/policy/podutil.js';
import type { Deployment, Pod, ReplicaSet } from '../../models/api/types.js';
import { deployment, header, rsOf, runText } from './harness.js';

/** A small deterministic generator (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type IntOrPercent = number | string;

function resolve(v: IntOrPercent, replicas: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const p = Number(v.slice(0, -1));
  return roundUp ? Math.ceil((p * replicas) / 100) : Math.floor((p * replicas) / 100);
}

interface Combo {
  replicas: number;
  surge: IntOrPercent;
  unavailable: IntOrPercent;
  minReady: number;
  rollover: boolean;
  seed: number;
}

function combos(n: number): Combo[] {
  const r = rng(20240601);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const values: IntOrPercent[] = [0, 1, 2, 3, 5, '0%', '10%', '25%', '33%', '50%', '100%'];
  // maxSurge 0 with a maxUnavailable that rounds down to 0: valid at the API, 0/0 at run time.
  const out: Combo[] = [{ replicas: 5, surge: 0, unavailable: '10%', minReady: 0, rollover: false, seed: 1 }];
  out.push({ replicas: 1, surge: '25%', unavailable: '25%', minReady: 0, rollover: false, seed: 2 });
  out.push({ replicas: 10, surge: '25%', unavailable: '25%', minReady: 3, rollover: true, seed: 3 });
  // Both literally zero is refused by the API server (ValidateRollingUpdateDeployment).
  const literalZero = (v: IntOrPercent) => v === 0 || v === '0%';
  while (out.length < n) {
    const c: Combo = {
      replicas: 1 + Math.floor(r() * 12),
      surge: pick(values),
      unavailable: pick(values),
      minReady: pick([0, 0, 2, 5]),
      rollover: r() < 0.3,
      seed: 1 + Math.floor(r() * 1000),
    };
    if (!(literalZero(c.surge) && literalZero(c.unavailable))) out.push(c);
  }
  return out;
}

function scenario(c: Combo): string {
  const q = (v: IntOrPercent) => (typeof v === 'number' ? String(v) : `"${v}"`);
  return (
    header({ duration: '4m' }) +
    `---
apiVersion: k8sim/v1
kind: Behavior
metadata: {name: slow}
spec:
  selector: {matchLabels: {app: web}}
  startup:
    imagePull: {uniform: [200ms, 3s]}
    start: {uniform: [100ms, 6s]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${c.replicas}
  minReadySeconds: ${c.minReady}
  selector: {matchLabels: {app: web}}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: ${q(c.surge)}, maxUnavailable: ${q(c.unavailable)}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: "app:1", resources: {requests: {cpu: 10m, memory: 16Mi}}}]
---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
    - {at: 60s, run: "kubectl set image deployment/web app=app:2"}
${c.rollover ? '    - {at: 63s, run: "kubectl set image deployment/web app=app:3"}\n' : ''}`
  );
}

const COMBOS = combos(30);

test(`rolling update bounds hold at every event (${COMBOS.length} random combinations)`, () => {
  for (const c of COMBOS) {
    const surge = resolve(c.surge, c.replicas, true);
    let unavailable = resolve(c.unavailable, c.replicas, false);
    if (surge === 0 && unavailable === 0) unavailable = 1;
    const minAvailable = c.replicas - Math.min(unavailable, c.replicas);
    const maxPods = c.replicas + surge;
    const label = JSON.stringify(c);
    let checks = 0;
    let lowest = Infinity;
    let highest = 0;
    const h = runText(scenario(c), {
      seed: c.seed,
      setup: (model) => {
        const check = () => {
          if (model.sim.now < 60_000) return;
          let available = 0;
          let active = 0;
          for (const p of model.store.listInNamespace<Pod>('Pod', 'default')) {
            if (!isPodActive(p)) continue;
            active++;
            if (isPodAvailable(p, c.minReady, model.sim.now)) available++;
          }
          checks++;
          lowest = Math.min(lowest, available);
          highest = Math.max(highest, active);
          if (available < minAvailable) assert.unreachable(`${label}: ${available} available < ${minAvailable} at ${model.sim.now}ms`);
          if (active > maxPods) assert.unreachable(`${label}: ${active} pods > ${maxPods} at ${model.sim.now}ms`);
        };
        model.store.observe<Pod>('Pod', check);
        model.store.observe<ReplicaSet>('ReplicaSet', check);
        model.store.observe<Deployment>('Deployment', check);
      },
    });
    assert.ok(checks > 10, `${label}: observed the rollout (${checks} checks)`);
    // It converged: one RS with every replica available, the old ones at zero.
    const d = deployment(h.model, 'web');
    const rss = rsOf(h.model, d);
    const newRS = rss[rss.length - 1]!;
    assert.is(newRS.spec.template.spec.containers[0]!.image, c.rollover ? 'app:3' : 'app:2', label);
    assert.is(newRS.status.availableReplicas, c.replicas, `${label}: new RS available`);
    for (const rs of rss.slice(0, -1)) assert.is(rs.spec.replicas, 0, `${label}: old RS ${rs.metadata.name} scaled to 0`);
    assert.is(d.status.availableReplicas, c.replicas, label);
    // The test is not vacuous: the rollout pushed against at least one of its bounds.
    assert.ok(lowest === minAvailable || highest === maxPods, `${label}: lowest ${lowest}, highest ${highest}`);
    if (process.env.K8SIM_DEBUG) console.log(label, {minAvailable, lowest, maxPods, highest});
  }
});

test('maxSurge 0 and a maxUnavailable rounding to 0 resolve to maxUnavailable 1: availability dips to replicas − 1, never below, no surge', () => {
  const c: Combo = { replicas: 5, surge: 0, unavailable: '10%', minReady: 0, rollover: false, seed: 9 };
  let lowest = Infinity;
  let highest = 0;
  runText(scenario(c), {
    seed: 9,
    setup: (model) =>
      model.store.observe<Pod>('Pod', () => {
        if (model.sim.now < 60_000) return;
        const pods = model.store.listInNamespace<Pod>('Pod', 'default').filter(isPodActive);
        lowest = Math.min(lowest, pods.filter((p) => isPodAvailable(p, 0, model.sim.now)).length);
        highest = Math.max(highest, pods.length);
      }),
  });
  assert.is(lowest, 4);
  assert.is(highest, 5);
});

test('maxSurge 0 and maxUnavailable 0 are refused as the API server refuses them, where the file says so', () => {
  let message = '';
  try {
    runText(scenario({ replicas: 5, surge: 0, unavailable: 0, minReady: 0, rollover: false, seed: 9 }), { seed: 9 });
  } catch (e) {
    message = (e as Error).message;
  }
  assert.match(message, /^<test>:\d+:\d+: spec\.strategy\.rollingUpdate\.maxUnavailable: Invalid value: intstr\.IntOrString\{Type:0, IntVal:0, StrVal:""\}: may not be 0 when `maxSurge` is 0$/);
});

test.run();
