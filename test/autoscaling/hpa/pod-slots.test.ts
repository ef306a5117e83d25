// The scrape's pod slots (a listed pod's series kept with the list): a pod that leaves Running
// has its series dropped, and when it is read again it gets a fresh one — the HPA must see what
// reading through the name lookups gives (statuses and events after every step).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../../sim/index.js';
import { ObjectStore } from '../../../models/api/store.js';
import { EventRecorder } from '../../../models/api/events.js';
import { ApiServer } from '../../../models/api/apiserver.js';
import type { KEvent, KObject, OwnerReference, Pod } from '../../../models/api/types.js';
import { createHpaObject, HpaController, type HorizontalPodAutoscaler } from '../../../models/autoscaling/hpa/controller.js';
import { FakeUsage } from '../../traffic/fake-usage.js';

const ref = (o: KObject): OwnerReference => ({ apiVersion: 'apps/v1', kind: o.kind, name: o.metadata.name, uid: o.metadata.uid!, controller: true });

function run(slots: boolean) {
  const sim = new Simulation();
  const store = new ObjectStore(sim, 0);
  const events = new EventRecorder(sim);
  const api = new ApiServer(store, events);
  const usage = new FakeUsage(api);
  const hpa = new HpaController(sim, api, usage, undefined);
  hpa.readThroughSlots = slots;
  const log: string[] = [];
  events.subscribe((e: KEvent) => log.push(`${e.time} ${e.reason} ${e.message}`));
  const d = store.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } } } } as unknown as KObject);
  const rs = store.create({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-rs', namespace: 'default', ownerReferences: [ref(d)] }, spec: {} } as unknown as KObject);
  const pods = [0, 1].map((i) => {
    const p = api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `web-${i}`, namespace: 'default', labels: { app: 'web' }, ownerReferences: [ref(rs)] },
      spec: { containers: [{ name: 'app', image: 'app:1', resources: { requests: { cpu: '100m' } } }] },
    } as unknown as Pod);
    p.status.phase = 'Running';
    p.status.startTime = 0;
    p.status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: 0 }];
    api.updateStatus(p);
    usage.setLoadDemand(p, 60, 0);
    return p;
  });
  api.create(createHpaObject({ target: { kind: 'Deployment', name: 'web' }, min: 1, max: 8, cpuPercent: 50 }));
  const statuses: string[] = [];
  const h = () => store.get<HorizontalPodAutoscaler>('HorizontalPodAutoscaler', 'default', 'web')!;
  const step = (ms: number) => {
    sim.runUntil(sim.now + ms);
    statuses.push(`${sim.now} ${JSON.stringify(h().status ?? null)}`);
  };
  step(6 * 60_000);
  // web-1 leaves Running for a few scrapes (its series is dropped), its usage moves meanwhile,
  // then it is read again.
  pods[1]!.status.phase = 'Pending';
  api.updateStatus(pods[1]!);
  step(40_000);
  usage.setLoadDemand(pods[1]!, 190, 0);
  usage.setLoadDemand(pods[0]!, 20, 0);
  step(20_000);
  pods[1]!.status.phase = 'Running';
  api.updateStatus(pods[1]!);
  for (let i = 0; i < 8; i++) step(15_000);
  return { log, statuses };
}

test('a pod read again after its series was dropped reads fresh (slots as lookups)', () => {
  const slots = run(true);
  const lookups = run(false);
  assert.equal(slots.statuses, lookups.statuses);
  assert.equal(slots.log, lookups.log);
  assert.ok(slots.log.some((e) => e.includes('SuccessfulRescale')), slots.log.join('\n'));
});

test.run();
