// The endpoints controller reuses the last new pod's Service match for the next new pod with the
// same namespace and labels (pods of one template are created in a row). This holds that shortcut
// to the full match: after every step, each Service's members are exactly the pods of its
// namespace whose labels match its whole selector, as a brute-force scan over all pods gives.
// The steps are chosen to break a stale reuse: a Service created between two identical pods,
// a pod of another namespace or with one more label right after a run, a pod whose labels change
// while its match is shared with others.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../sim/index.js';
import { ApiServer } from '../../models/api/apiserver.js';
import { EventRecorder } from '../../models/api/events.js';
import { ObjectStore } from '../../models/api/store.js';
import { EndpointsController } from '../../models/controllers/endpoints.js';
import type { Pod, Service } from '../../models/api/types.js';

function service(name: string, ns: string, selector: Record<string, string>): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector, ports: [{ port: 80 }] } } as Service;
}

function pod(name: string, ns: string, labels: Record<string, string>): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels: { ...labels } },
    spec: { nodeName: 'n1', containers: [{ name: 'app', image: 'app:1' }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: 0 }], containerStatuses: [] },
  } as unknown as Pod;
}

test('a shared match for pods created in a row equals the full match at every step', () => {
  const sim = new Simulation();
  const api = new ApiServer(new ObjectStore(sim), new EventRecorder(sim));
  const ctl = new EndpointsController(api);
  const services: Service[] = [];
  const pods: Pod[] = [];
  // Each Service is delivered before the next pod is created (watch deliveries are events): a
  // Service's first sync lists the pods already stored, which would mask a stale match.
  const addSvc = (s: Service) => {
    services.push(api.create(s) as Service);
    sim.runUntil(++t);
  };
  // Created Pending (the API server sets a new pod's status), then made Ready as a kubelet would.
  const addPod = (p: Pod) => {
    const created = api.create(p) as Pod;
    created.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: 0 }], containerStatuses: [] } as unknown as Pod['status'];
    api.updateStatus(created);
    pods.push(created);
  };
  let t = 0;
  const check = (step: string) => {
    sim.runUntil(++t);
    for (const s of services) {
      const key = `${s.metadata.namespace}/${s.metadata.name}`;
      const want = pods
        .filter((p) => p.metadata.namespace === s.metadata.namespace)
        .filter((p) => Object.entries(s.spec.selector!).every(([k, v]) => p.metadata.labels?.[k] === v))
        .map((p) => p.metadata.name)
        .sort();
      const got = [...(ctl.get(key)?.ready.values() ?? [])].map((p) => p.metadata.name).sort();
      assert.equal(got, want, `${step}: ${key}`);
    }
  };
  addSvc(service('web', 'a', { app: 'web' }));
  check('service');
  addPod(pod('w1', 'a', { app: 'web', tier: 'front' }));
  addPod(pod('w2', 'a', { app: 'web', tier: 'front' }));
  check('a run of identical pods');
  addSvc(service('front', 'a', { tier: 'front' }));
  addPod(pod('w3', 'a', { app: 'web', tier: 'front' }));
  check('a Service created between two identical pods');
  addSvc(service('web', 'b', { app: 'web' }));
  addPod(pod('b1', 'b', { app: 'web', tier: 'front' }));
  addPod(pod('w4', 'a', { app: 'web', tier: 'front' }));
  addPod(pod('b2', 'b', { app: 'web', tier: 'front' }));
  check('same labels, another namespace');
  addSvc(service('web-canary', 'a', { app: 'web', track: 'canary' }));
  addPod(pod('w5', 'a', { app: 'web', tier: 'front' }));
  addPod(pod('c1', 'a', { app: 'web', tier: 'front', track: 'canary' }));
  addPod(pod('w6', 'a', { app: 'web', tier: 'front' }));
  addPod(pod('x1', 'a', { tier: 'front', app: 'web' }));
  check('one more label, other label order');
  const w5 = pods.find((p) => p.metadata.name === 'w5')!;
  w5.metadata.labels = { app: 'web', tier: 'front', track: 'canary' };
  api.updateInPlace(w5);
  sim.runUntil(++t);
  addPod(pod('w7', 'a', { app: 'web', tier: 'front' }));
  check('labels changed on a pod whose match was shared');
  api.delete(services.find((s) => s.metadata.name === 'front')!);
  services.splice(services.findIndex((s) => s.metadata.name === 'front'), 1);
  sim.runUntil(++t);
  addPod(pod('w8', 'a', { app: 'web', tier: 'front' }));
  check('a Service deleted between two identical pods');
  // A stale match would place w8 in the deleted Service and write its Endpoints object again.
  assert.is(api.store.get('Endpoints', 'a', 'front'), undefined, 'no Endpoints for a deleted Service');
});

test.run();
