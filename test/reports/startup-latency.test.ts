// Pod start-up latency (SIG Scalability's SLI): creation to Running observed via watch, minus
// the image pull (first Pulling to last Pulled event), for pods without a PVC. An event finds
// its pod by the stored object it names, or — naming another object of the pod — through the
// store by namespace/name.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ObjectStore } from '../../models/api/store.js';
import type { KEvent, KObject, Pod } from '../../models/api/types.js';
import { StartupLatency } from '../../reports/startup-latency.js';
import type { Summary } from '../../reports/summary.js';

type Observer = (type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: Pod) => void;

/** The few store calls StartupLatency makes: observe pods, get by namespace/name, the clock. */
function fakeStore() {
  const objects = new Map<string, Pod>();
  const observers: Observer[] = [];
  const store = {
    now: 0,
    watchLatency: 100,
    observe: (_kind: string, f: Observer) => observers.push(f),
    get: (_kind: string, ns: string | undefined, name: string) => objects.get(`${ns ?? 'default'}/${name}`),
  };
  const change = (type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: Pod) => {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (type === 'DELETED') objects.delete(key);
    else objects.set(key, pod);
    for (const o of observers) o(type, pod);
  };
  return { store, change };
}

function fakeEvents() {
  const listeners: ((e: KEvent, obj?: KObject) => void)[] = [];
  return {
    subscribe: (l: (e: KEvent, obj?: KObject) => void) => listeners.push(l),
    emit: (time: number, pod: KObject, reason: string) => {
      const e: KEvent = { time, namespace: pod.metadata.namespace ?? 'default', kind: pod.kind, name: pod.metadata.name, type: 'Normal', reason, message: '', source: 'kubelet' };
      for (const l of listeners) l(e, pod);
    },
  };
}

const pod = (name: string, volumes: unknown[] = []): Pod =>
  ({ kind: 'Pod', metadata: { namespace: 'default', name, creationTimestamp: 0 }, spec: { containers: [], volumes }, status: { phase: 'Pending', conditions: [] } }) as unknown as Pod;

test('pull time comes off; an event naming a copy of the pod finds it through the store; PVC pods are left out', () => {
  const { store, change } = fakeStore();
  const events = fakeEvents();
  const sl = new StartupLatency(store as unknown as ObjectStore, events);
  const a = pod('a');
  const b = pod('b');
  const c = pod('c', [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }]);
  for (const p of [a, b, c]) change('ADDED', p);
  store.now = 1000;
  for (const p of [a, b, c]) {
    p.spec.nodeName = 'n1';
    change('MODIFIED', p);
  }
  // a: pulled from 1.5 s to 3.5 s, by events naming the stored object.
  events.emit(1500, a, 'Pulling');
  events.emit(3500, a, 'Pulled');
  // b: the same pull, by events naming another object with the pod's namespace/name.
  const bCopy = { ...b, metadata: { ...b.metadata } } as Pod;
  events.emit(1500, bCopy, 'Pulling');
  events.emit(3500, bCopy, 'Pulled');
  // Events naming no tracked pod are ignored.
  events.emit(1600, pod('ghost'), 'Pulling');
  store.now = 4000;
  for (const p of [a, b, c]) {
    p.status.phase = 'Running';
    change('MODIFIED', p);
  }
  const s: Summary = {} as Summary;
  sl.summarize(store.now, s);
  // (4000 + 100 watch latency) - 0 created - 2000 pull = 2100 ms for a and b; c (PVC) left out.
  assert.is(s.pod_startup_p50_s, 2.1);
  assert.is(s.pod_startup_p99_s, 2.1);
  assert.is(s.pod_startup_create_to_schedule_p99_s, 1);
  assert.is(s.pod_startup_schedule_to_run_p99_s, 1);
  assert.is(s.pod_startup_slo_met, 1);
  assert.is(s.scheduling_throughput_max_pods_per_s, 3);
});

test('a deleted pod is forgotten: a new pod of the same name is tracked afresh', () => {
  const { store, change } = fakeStore();
  const events = fakeEvents();
  const sl = new StartupLatency(store as unknown as ObjectStore, events);
  const first = pod('a');
  change('ADDED', first);
  events.emit(0, first, 'Pulling');
  change('DELETED', first);
  store.now = 10_000;
  const second = { ...pod('a'), metadata: { namespace: 'default', name: 'a', creationTimestamp: 10_000 } } as Pod;
  change('ADDED', second);
  // The old Pulling must not count for the new pod: its Pulled alone gives no pull time.
  events.emit(11_000, second, 'Pulled');
  store.now = 12_000;
  second.spec.nodeName = 'n1';
  second.status.phase = 'Running';
  change('MODIFIED', second);
  const s: Summary = {} as Summary;
  sl.summarize(store.now, s);
  assert.is(s.pod_startup_p50_s, 2.1);
});

test.run();
