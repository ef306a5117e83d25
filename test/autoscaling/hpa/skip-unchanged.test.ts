// The HPA's work-only-for-what-changed paths (a scrape that walks no pod when no reading can have
// moved; a reconcile that runs only its normalisation when every other input is unchanged) against
// the full scrape and reconcile, over random sequences of what a cluster does to an HPA'd
// Deployment: load steps per pod, scale changes made by someone else, pods turning unready,
// spec edits (legacy normalisation or a behavior with windows and rate limits), status edits,
// the HPA pointed at another Deployment and back (a patch of its scaleTargetRef), quiet stretches where only time moves (stabilisation windows and rate-limit periods expire).
// Both runs must give the same events and the same HPA status after every step, and the fast
// paths must be taken.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Simulation } from '../../../sim/index.js';
import { ObjectStore } from '../../../models/api/store.js';
import { EventRecorder } from '../../../models/api/events.js';
import { ApiServer } from '../../../models/api/apiserver.js';
import type { KEvent, KObject, OwnerReference, Pod } from '../../../models/api/types.js';
import { createHpaObject, HpaController, type HorizontalPodAutoscaler } from '../../../models/autoscaling/hpa/controller.js';
import { FakeUsage } from '../../traffic/fake-usage.js';

/** FakeUsage with the usage model's stamp hooks: a pod's stamp moves with every demand it is given. */
class StampedUsage extends FakeUsage {
  private readonly stampOf = new Map<string, number>();
  private readonly tags = new Map<string, object>();
  private serial = 0;
  private listener: ((tag: object) => void) | undefined;
  override setLoadDemand(pod: Pod, cpuMilli: number, memoryBytes: number): void {
    super.setLoadDemand(pod, cpuMilli, memoryBytes);
    this.stampOf.set(pod.metadata.uid!, ++this.serial);
    const tag = this.tags.get(pod.metadata.uid!);
    if (tag !== undefined) this.listener?.(tag);
  }
  usageStamp(pod: Pod): number {
    return this.stampOf.get(pod.metadata.uid!) ?? 0;
  }
  onUsageStamp(l: (tag: object) => void): void {
    this.listener = l;
  }
  watchUsageStamp(pod: Pod, tag: object | undefined): void {
    if (tag === undefined) this.tags.delete(pod.metadata.uid!);
    else this.tags.set(pod.metadata.uid!, tag);
  }
  pendingSplit(): boolean {
    return false;
  }
}

type Step =
  | { t: 'wait'; ms: number }
  | { t: 'load'; pod: number; cpu: number }
  | { t: 'loadAll'; cpu: number }
  | { t: 'scale'; replicas: number }
  | { t: 'unready'; pod: number }
  | { t: 'behavior'; on: boolean; up: number; down: number; period: number }
  | { t: 'max'; max: number }
  | { t: 'retarget'; to: 'web' | 'api' }
  | { t: 'statusWrite' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('wait' as const), ms: fc.integer({ min: 1_000, max: 240_000 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('load' as const), pod: fc.nat(9), cpu: fc.integer({ min: 0, max: 400 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('loadAll' as const), cpu: fc.integer({ min: 0, max: 400 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('scale' as const), replicas: fc.integer({ min: 0, max: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('unready' as const), pod: fc.nat(9) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('behavior' as const),
      on: fc.boolean(),
      up: fc.constantFrom(0, 30, 60),
      down: fc.constantFrom(0, 60, 120, 300),
      period: fc.constantFrom(15, 60),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('max' as const), max: fc.integer({ min: 1, max: 10 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('retarget' as const), to: fc.constantFrom('web' as const, 'api' as const) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'statusWrite' as const }) },
);

const ref = (o: KObject): OwnerReference => ({ apiVersion: 'apps/v1', kind: o.kind, name: o.metadata.name, uid: o.metadata.uid!, controller: true });

function run(steps: Step[], skipUnchanged: boolean, deferLight = skipUnchanged) {
  const sim = new Simulation();
  const store = new ObjectStore(sim, 0);
  const events = new EventRecorder(sim);
  const api = new ApiServer(store, events);
  const usage = new StampedUsage(api);
  const hpa = new HpaController(sim, api, usage, undefined);
  hpa.skipUnchanged = skipUnchanged;
  hpa.deferLight = deferLight;
  const log: string[] = [];
  events.subscribe((e: KEvent) => log.push(`${e.time} ${e.reason} ${e.message}`));
  const deployment = (name: string, replicas: number) => {
    const d = store.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' }, spec: { replicas, selector: { matchLabels: { app: name } } } } as unknown as KObject);
    const rs = store.create({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `${name}-rs`, namespace: 'default', ownerReferences: [ref(d)] }, spec: {} } as unknown as KObject);
    return { name, d, rs, pods: [] as Pod[] };
  };
  const web = deployment('web', 3);
  const other = deployment('api', 2);
  const d = web.d;
  const pods = web.pods;
  let serial = 0;
  // A stand-in for the Deployment/ReplicaSet controllers: pods follow spec.replicas, start 2 s later.
  const follow = () => {
    for (const w of [web, other]) {
      const want = (w.d as unknown as { spec: { replicas: number } }).spec.replicas;
      while (w.pods.length < want) {
        const p = api.create({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `${w.name}-${serial++}`, namespace: 'default', labels: { app: w.name }, ownerReferences: [ref(w.rs)] },
          spec: { containers: [{ name: 'app', image: 'app:1', resources: { requests: { cpu: '100m' } } }] },
        } as unknown as Pod);
        w.pods.push(p);
        usage.setLoadDemand(p, w === web ? 60 : 90, 0);
        sim.after(2_000, () => {
          if (!w.pods.includes(p)) return;
          p.status.phase = 'Running';
          p.status.startTime = sim.now;
          p.status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: sim.now }];
          api.updateStatus(p);
        }, null);
      }
      while (w.pods.length > want) api.delete(w.pods.pop()!, { gracePeriodSeconds: 0 });
    }
  };
  sim.every(5_000, follow, null, { start: 0 });
  const obj = createHpaObject({ target: { kind: 'Deployment', name: 'web' }, min: 1, max: 8, cpuPercent: 50 });
  api.create(obj);
  const statuses: string[] = [];
  const histories: string[] = [];
  const h = () => store.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'default', 'web')!;
  // Past the CPU initialisation period (5 min) most of the time, where reconciles may be light.
  sim.runUntil(6 * 60_000);
  for (const s of steps) {
    switch (s.t) {
      case 'wait':
        sim.runUntil(sim.now + s.ms);
        break;
      case 'load':
        if (pods.length > 0) usage.setLoadDemand(pods[s.pod % pods.length]!, s.cpu, 0);
        break;
      case 'loadAll':
        for (const p of pods) usage.setLoadDemand(p, s.cpu, 0);
        break;
      case 'scale':
        api.scale(d as never, s.replicas);
        break;
      case 'unready': {
        const p = pods[s.pod % Math.max(1, pods.length)];
        if (p && p.status.phase === 'Running') {
          p.status.conditions = [{ type: 'Ready', status: 'False', lastTransitionTime: sim.now }];
          api.updateStatus(p);
        }
        break;
      }
      case 'behavior': {
        // A client's copy, as kubectl sends it (an edit of the stored object itself would look
        // like no spec change to the API server: generation would not move).
        const o = structuredClone(h());
        o.spec.behavior = s.on
          ? { scaleUp: { stabilizationWindowSeconds: s.up, policies: [{ type: 'Pods', value: 2, periodSeconds: s.period }] }, scaleDown: { stabilizationWindowSeconds: s.down, policies: [{ type: 'Percent', value: 50, periodSeconds: s.period }] } }
          : undefined;
        if (!s.on) delete o.spec.behavior;
        api.update(o);
        break;
      }
      case 'max': {
        const o = structuredClone(h());
        o.spec.maxReplicas = s.max;
        api.update(o);
        break;
      }
      case 'retarget':
        // As `kubectl patch hpa web -p '{"spec":{"scaleTargetRef":{"name":…}}}'` sends it.
        api.patch('HorizontalPodAutoscaler', 'autoscaling/v2', 'default', 'web', 'merge', { spec: { scaleTargetRef: { name: s.to } } });
        break;
      case 'statusWrite': {
        // Someone else writes the HPA's status (its conditions emptied): the next reconcile puts them back.
        const o = h();
        if (o.status !== undefined) {
          o.status = { ...o.status, conditions: [] };
          api.updateStatus(o);
        }
        break;
      }
    }
    sim.runUntil(sim.now + 1);
    statuses.push(`${sim.now} ${JSON.stringify(h().status ?? null)}`);
    // The stabilisation history as the next reconcile will read it (deferred updates replayed).
    histories.push(JSON.stringify(hpa.historyOf('default', 'web')));
  }
  return { log, statuses, histories, light: hpa.lightReconciles, skipped: hpa.scrapesSkipped, deferred: hpa.reconcilesDeferred };
}

test('skipping unchanged scrapes and reconciles gives what the full ones give, over random sequences', () => {
  let light = 0;
  let skipped = 0;
  let deferred = 0;
  fc.assert(
    fc.property(fc.array(stepArb, { minLength: 4, maxLength: 30 }), (steps) => {
      const fast = run(steps, true);
      const full = run(steps, false);
      assert.equal(fast.log, full.log);
      assert.equal(fast.statuses, full.statuses);
      assert.equal(fast.histories, full.histories);
      assert.is(full.light + full.skipped + full.deferred, 0);
      deferred += fast.deferred;
      light += fast.light;
      skipped += fast.skipped;
    }),
    { numRuns: 60, seed: 12 },
  );
  assert.ok(light > 0 && skipped > 0 && deferred > 0, `fast paths taken (light ${light}, skipped ${skipped}, deferred ${deferred})`);
});

test('deferred light reconciles give what light reconciles run at every tick give (status, events, history)', () => {
  let deferred = 0;
  fc.assert(
    fc.property(fc.array(stepArb, { minLength: 4, maxLength: 30 }), (steps) => {
      const lazy = run(steps, true, true);
      const eager = run(steps, true, false);
      assert.equal(lazy.log, eager.log);
      assert.equal(lazy.statuses, eager.statuses);
      assert.equal(lazy.histories, eager.histories);
      assert.is(eager.deferred, 0);
      assert.is(lazy.light, eager.light);
      deferred += lazy.deferred;
    }),
    { numRuns: 60, seed: 29 },
  );
  assert.ok(deferred > 0, `deferred ${deferred}`);
});

test.run();
