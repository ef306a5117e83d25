// The scrape's pod slots (a listed pod's series kept with the list): a pod that leaves Running
// has its series dropped, and when it is read again it gets a fresh one — the HPA must see what
// reading through the name lookups gives (statuses and events after every step). A pod Pending at
// the first walks that turns Running later is read from then on (walks keep the listed pods'
// phases between writes of them).
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
  const pods = [0, 1, 2].map((i) => {
    const p = api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `web-${i}`, namespace: 'default', labels: { app: 'web' }, ownerReferences: [ref(rs)] },
      spec: { containers: [{ name: 'app', image: 'app:1', resources: { requests: { cpu: '100m' } } }] },
    } as unknown as Pod);
    usage.setLoadDemand(p, 60, 0);
    if (i === 2) return p; // Pending until late in the run
    p.status.phase = 'Running';
    p.status.startTime = 0;
    p.status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: 0 }];
    api.updateStatus(p);
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
  // web-2 starts, busy: its reading counts from its first scrape on.
  usage.setLoadDemand(pods[2]!, 300, 0);
  pods[2]!.status.phase = 'Running';
  pods[2]!.status.startTime = sim.now;
  pods[2]!.status.conditions = [{ type: 'Ready', status: 'True', lastTransitionTime: sim.now }];
  api.updateStatus(pods[2]!);
  for (let i = 0; i < 8; i++) step(15_000);
  return { log, statuses, cpu: h().status?.currentMetrics?.[0]?.resource?.current.averageUtilization };
}

test('a pod read again after its series was dropped reads fresh (slots as lookups)', () => {
  const slots = run(true);
  const lookups = run(false);
  assert.equal(slots.statuses, lookups.statuses);
  assert.equal(slots.log, lookups.log);
  assert.ok(slots.cpu !== undefined && slots.cpu > 150, `web-2's load counted: ${slots.cpu}%`);
  assert.ok(slots.log.some((e) => e.includes('SuccessfulRescale')), slots.log.join('\n'));
});

test.run();
