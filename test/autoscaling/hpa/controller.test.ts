// The HPA controller shell on a bare store: a test driver stands in for the Deployment and
// ReplicaSet controllers (it keeps a Deployment's pods at spec.replicas, Running and Ready) and
// FakeUsage gives each pod a CPU use that follows a load curve. What is checked: timers that fire
// back to back are merged without moving any HPA's work relative to other events, and the pod
// list the HPA keeps between ownership changes is the one a walk of the store gives.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../../sim/index.js';
import { ObjectStore } from '../../../models/api/store.js';
import { EventRecorder } from '../../../models/api/events.js';
import { ApiServer } from '../../../models/api/apiserver.js';
import type { KEvent, KObject, OwnerReference, Pod } from '../../../models/api/types.js';
import { podsOfDeployment } from '../../../models/controllers/owned.js';
import { createHpaObject, HpaController, type HpaControllerOptions } from '../../../models/autoscaling/hpa/controller.js';
import { FakeUsage } from '../../traffic/fake-usage.js';

const ref = (o: KObject): OwnerReference => ({ apiVersion: 'apps/v1', kind: o.kind, name: o.metadata.name, uid: o.metadata.uid!, controller: true });

function world(opts: HpaControllerOptions & { watchLatency?: number } = {}) {
  const sim = new Simulation();
  const store = new ObjectStore(sim, opts.watchLatency ?? 0);
  const events = new EventRecorder(sim);
  const api = new ApiServer(store, events);
  const usage = new FakeUsage(api);
  const hpa = new HpaController(sim, api, usage, undefined, opts);
  const log: string[] = [];
  events.subscribe((e: KEvent) => log.push(`${e.time} ${e.name} ${e.reason} ${e.message}`));
  let serial = 0;

  const deployment = (name: string, replicas: number) =>
    store.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' }, spec: { replicas, selector: { matchLabels: { app: name } } } } as unknown as KObject);
  const replicaSet = (d: KObject, name: string) =>
    store.create({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'default', ownerReferences: [ref(d)] }, spec: {} } as unknown as KObject);
  const pod = (rs: KObject, app: string): Pod => {
    const p = api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${rs.metadata.name}-${serial++}`, namespace: 'default', labels: { app }, ownerReferences: [ref(rs)] },
      spec: { containers: [{ name: 'app', image: 'app:1', resources: { requests: { cpu: '100m' } } }] },
    } as unknown as Pod);
    return p;
  };
  const start = (p: Pod) => {
    p.status.phase = 'Running';
    p.status.startTime = sim.now;
    p.status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: sim.now }];
    api.updateStatus(p);
  };
  return { sim, store, api, usage, hpa, log, deployment, replicaSet, pod, start };
}

/**
 * Three HPA'd Deployments; a driver every 7 s keeps each at spec.replicas (new pods start 2 s
 * later, surplus pods are deleted) and sets every pod's CPU from a load that rises then falls.
 */
function scaling(opts: HpaControllerOptions = {}) {
  const w = world(opts);
  const apps = ['a', 'b', 'c'].map((name, i) => {
    const d = w.deployment(name, 1);
    const rs = w.replicaSet(d, `${name}-rs`);
    return { name, d, rs, load: 100 * (i + 1), pods: [] as Pod[] };
  });
  for (const a of apps) w.api.create(createHpaObject({ target: { kind: 'Deployment', name: a.name }, min: 1, max: 8, cpuPercent: 50 }));
  const loadAt = (t: number, base: number) => (t < 6 * 60_000 ? base * (1 + t / 60_000) : base / 2);
  const drive = () => {
    const now = w.sim.now;
    for (const a of apps) {
      const want = (a.d as unknown as { spec: { replicas: number } }).spec.replicas;
      while (a.pods.length < want) {
        const p = w.pod(a.rs, a.name);
        a.pods.push(p);
        w.sim.after(2_000, () => w.start(p), null);
      }
      while (a.pods.length > want) w.api.delete(a.pods.pop()!, { gracePeriodSeconds: 0 });
      const per = loadAt(now, a.load) / Math.max(1, a.pods.length);
      for (const p of a.pods) w.usage.setLoadDemand(p, per, 0);
    }
  };
  w.sim.every(7_000, drive, null, { start: 0 });
  return { ...w, apps };
}

test('merged timers: same events, statuses and order as one timer per scrape and per reconcile, on fewer kernel events', () => {
  const run = (mergeTimers: boolean) => {
    const w = scaling({ mergeTimers });
    const statuses: string[] = [];
    w.sim.every(15_000, () => {
      for (const a of w.apps) statuses.push(JSON.stringify(w.hpa.get('default', a.name)?.status ?? null));
    }, null, { start: 1 });
    w.sim.runUntil(12 * 60_000);
    return { log: w.log, statuses, events: w.sim.stats.dispatched, timers: w.hpa.timers, reconciles: w.hpa.reconciles };
  };
  const merged = run(true);
  const apart = run(false);
  assert.ok(merged.log.some((l) => l.includes('SuccessfulRescale') && l.includes('above target')), 'the load scales up');
  assert.ok(merged.log.some((l) => l.includes('All metrics below target')), 'and back down');
  assert.equal(merged.log, apart.log);
  assert.equal(merged.statuses, apart.statuses);
  assert.is(merged.reconciles, apart.reconciles);
  assert.is(apart.timers, 6, 'one scrape and one sync timer per HPA');
  assert.is(merged.timers, 1, 'HPAs created together end on one timer');
  assert.ok(apart.events - merged.events >= 5 * 46, `fewer kernel events (${merged.events} vs ${apart.events})`);
});

test('reused replica calculations: the same events and statuses as computing every time, with most reconciles reusing', () => {
  const run = (reuseCalculations: boolean) => {
    const w = scaling({ reuseCalculations });
    const statuses: string[] = [];
    w.sim.every(15_000, () => {
      for (const a of w.apps) statuses.push(JSON.stringify(w.hpa.get('default', a.name)?.status ?? null));
    }, null, { start: 1 });
    // Load steps every 7 s while it changes; then it holds (from 6 min on) and reconciles reuse.
    w.sim.runUntil(20 * 60_000);
    return { log: w.log, statuses, reconciles: w.hpa.reconciles, memo: w.hpa.replicaMemo, light: w.hpa.lightReconciles };
  };
  const reused = run(true);
  const fresh = run(false);
  assert.ok(reused.log.some((l) => l.includes('All metrics below target')), 'the load scales down (the stabilisation window runs on reused results)');
  assert.equal(reused.log, fresh.log);
  assert.equal(reused.statuses, fresh.statuses);
  assert.is(fresh.memo.hits + fresh.memo.misses, 0);
  assert.is(fresh.light, 0, 'no normalisation-only reconcile without a kept calculation');
  // Each reconcile either asks the memo or (inputs unchanged, see lightReconcile) normalises alone.
  assert.is(reused.memo.hits + reused.memo.misses + reused.light, reused.reconciles - reused.log.filter((l) => l.includes('FailedGetScale')).length);
  assert.ok(reused.memo.hits + reused.light > reused.reconciles / 3, `reuse (${reused.memo.hits} + ${reused.light} of ${reused.reconciles})`);
  assert.ok(reused.light > 0, 'normalisation-only reconciles');
});

test('merged timers never jump over an event that sat between two HPAs at the same instant', () => {
  const w = world();
  for (const name of ['x', 'y']) {
    const d = w.deployment(name, 1);
    w.start(w.pod(w.replicaSet(d, `${name}-rs`), name));
  }
  w.api.create(createHpaObject({ target: { kind: 'Deployment', name: 'x' }, max: 3, cpuPercent: 50 }));
  w.sim.runUntil(0); // x's delivery and first reconcile
  // A foreign timer behind x's reconcile and before y's, at every sync instant from now on.
  const seen: number[] = [];
  w.sim.every(15_000, () => seen.push(w.hpa.reconciles), null, { start: 0 });
  w.api.create(createHpaObject({ target: { kind: 'Deployment', name: 'y' }, max: 3, cpuPercent: 50 }));
  w.sim.runUntil(5 * 60_000);
  assert.is(seen.length, 21);
  assert.equal(seen, seen.map((_, i) => 2 * i + 1), "x's reconcile before the probe, y's after, every time");
  assert.is(w.hpa.timers, 2, "x's scrape and sync merged, y's too, the probe between them");
});

test('the kept pod list is what a walk of the store gives, and is rebuilt only when ownership changes', () => {
  const w = world();
  const d = w.deployment('web', 2);
  const rs1 = w.replicaSet(d, 'web-1');
  const pods = [w.pod(rs1, 'web'), w.pod(rs1, 'web')];
  for (const p of pods) w.start(p);
  w.api.create(createHpaObject({ target: { kind: 'Deployment', name: 'web' }, max: 5, cpuPercent: 50 }));
  w.sim.runUntil(60_000);
  const walk = () => podsOfDeployment(w.store, d.metadata.uid!).map((p) => p.metadata.name);
  const kept = () => w.hpa.podsOfTarget('default', 'web')!.map((p) => p.metadata.name);
  assert.equal(kept(), walk());
  const listings = w.hpa.podListings;

  // Status changes (readiness flapping, a deletion timestamp) keep the list.
  for (let i = 0; i < 5; i++) {
    pods[0]!.status.conditions = [{ type: 'Ready', status: i % 2 ? 'True' : 'False', lastTransitionTime: w.sim.now }];
    w.api.updateStatus(pods[0]!);
    w.sim.runUntil(w.sim.now + 15_000);
  }
  assert.is(w.hpa.podListings, listings, 'no re-listing for status changes');
  assert.equal(kept(), walk());

  // A new ReplicaSet (a rollout) and its pod; a pod created under the old one.
  const rs2 = w.replicaSet(d, 'web-2');
  const p3 = w.pod(rs2, 'web');
  w.pod(rs1, 'web');
  assert.equal(kept(), walk());
  assert.equal(kept(), ['web-1-0', 'web-1-1', 'web-1-3', 'web-2-2']);
  assert.ok(w.hpa.podListings > listings);

  // Released (controller reference dropped), re-adopted (moves to the end of its owner's list), deleted.
  w.api.setOwnerReferences(pods[0]!, []);
  assert.equal(kept(), walk());
  assert.equal(kept(), ['web-1-1', 'web-1-3', 'web-2-2']);
  w.api.setOwnerReferences(pods[0]!, [ref(rs1)]);
  assert.equal(kept(), ['web-1-1', 'web-1-3', 'web-1-0', 'web-2-2']);
  w.api.delete(p3, { gracePeriodSeconds: 0 });
  assert.equal(kept(), walk());
  assert.equal(kept(), ['web-1-1', 'web-1-3', 'web-1-0']);

  // The ReplicaSet orphaned: its pods are no longer the Deployment's.
  w.api.setOwnerReferences(rs1, []);
  assert.equal(kept(), walk());
  assert.equal(kept(), []);
});

test('no merging when the watch latency equals the sync period (a write could land between two timers)', () => {
  const w = world({ watchLatency: 15_000 });
  for (const name of ['a', 'b', 'c']) {
    const d = w.deployment(name, 1);
    w.start(w.pod(w.replicaSet(d, `${name}-rs`), name));
  }
  for (const name of ['a', 'b', 'c']) w.api.create(createHpaObject({ target: { kind: 'Deployment', name }, max: 3, cpuPercent: 50 }));
  w.sim.runUntil(3 * 60_000);
  assert.is(w.hpa.timers, 6);
});

test('metrics-server scrapes every pod: an HPA created mid-run reads the last tick\'s readings at its first reconcile', () => {
  const w = world();
  const d = w.deployment('web', 2);
  const rs = w.replicaSet(d, 'web-rs');
  const pods = [w.pod(rs, 'web'), w.pod(rs, 'web')];
  for (const p of pods) w.start(p);
  for (const p of pods) w.usage.setLoadDemand(p, 90, 0);
  // A pod started after the last tick (100 s at 15 s resolution: 90 s) was not scraped at it.
  w.sim.runUntil(95_000);
  const late = w.pod(rs, 'web');
  w.start(late);
  w.usage.setLoadDemand(late, 90, 0);
  w.sim.runUntil(100_000);
  w.api.create(createHpaObject({ target: { kind: 'Deployment', name: 'web' }, min: 1, max: 10, cpuPercent: 50 }));
  w.sim.runUntil(100_000);
  const first = w.log.filter((l) => l.startsWith('100000 '));
  assert.not.ok(first.some((l) => l.includes('FailedGetResourceMetric')), first.join('\n'));
  const st = w.hpa.get('default', 'web')!.status!;
  // The two pods read at 90 s (utilisation of their 100m requests, as upstream's integer ratio);
  // the late one has no reading (counted at 0% when scaling up).
  const read = pods.reduce((a, p) => a + Math.trunc(w.usage.usage(p).cpuMilli), 0);
  assert.is(st.currentMetrics[0]?.resource?.current.averageUtilization, Math.trunc((read * 100) / 200));
  assert.ok(first.some((l) => l.includes('SuccessfulRescale') && l.includes('New size: 4')), first.join('\n'));
  // The HPA's own scrapes then land on metrics-server's ticks (105 s, 120 s, …).
  const scrapes: number[] = [];
  const orig = w.hpa.scrape.bind(w.hpa);
  w.hpa.scrape = (st2) => {
    scrapes.push(w.sim.now);
    orig(st2);
  };
  w.sim.runUntil(130_000);
  assert.equal(scrapes, [105_000, 120_000]);
});

test.run();
