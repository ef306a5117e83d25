// The endpoints controller's Service index (namespace → key → value): a pod reaches exactly the
// Services of its namespace whose whole selector matches, in the order its labels are written,
// and moves when its labels change or a Service goes.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../sim/index.js';
import { ApiServer } from '../../models/api/apiserver.js';
import { EventRecorder } from '../../models/api/events.js';
import { ObjectStore } from '../../models/api/store.js';
import { EndpointsController, type ServiceEndpoints } from '../../models/controllers/endpoints.js';
import type { Pod, Service } from '../../models/api/types.js';

function setup() {
  const sim = new Simulation();
  const api = new ApiServer(new ObjectStore(sim), new EventRecorder(sim));
  const ctl = new EndpointsController(api);
  const heard: string[] = [];
  ctl.onChange((eps: ServiceEndpoints) => heard.push(eps.key));
  return { sim, api, ctl, heard };
}

function service(name: string, ns: string, selector: Record<string, string>): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector, ports: [{ port: 80 }] } } as Service;
}

function readyPod(name: string, ns: string, labels: Record<string, string>): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels },
    spec: { nodeName: 'n1', containers: [{ name: 'app', image: 'app:1' }] },
    status: { phase: 'Pending', conditions: [], containerStatuses: [] },
  };
}

function makeReady(api: ApiServer, p: Pod): void {
  p.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: 0 }], containerStatuses: [] } as Pod['status'];
  api.updateStatus(p);
}

const members = (ctl: EndpointsController, key: string) => [...(ctl.get(key)?.ready.values() ?? [])].map((p) => p.metadata.name);

test('a pod joins the Services of its namespace whose whole selector matches, not those of another namespace', () => {
  const { sim, api, ctl, heard } = setup();
  api.create(service('web', 'a', { app: 'web' }));
  api.create(service('web-front', 'a', { app: 'web', tier: 'front' }));
  api.create(service('web', 'b', { app: 'web' }));
  api.create(service('tier', 'a', { tier: 'front' }));
  sim.runUntil(1);
  heard.length = 0;
  const p = api.create(readyPod('p1', 'a', { tier: 'front', app: 'web' }));
  const q = api.create(readyPod('q1', 'a', { app: 'web', tier: 'back' }));
  makeReady(api, p);
  makeReady(api, q);
  sim.runUntil(2);
  assert.equal(members(ctl, 'a/web'), ['p1', 'q1']);
  assert.equal(members(ctl, 'a/web-front'), ['p1']);
  assert.equal(members(ctl, 'a/tier'), ['p1']);
  assert.equal(members(ctl, 'b/web'), [], 'another namespace');
  // p1's labels are written tier first: the Service indexed under tier=front hears it first,
  // then those indexed under app=web (web-front's first sorted key is app) in creation order.
  assert.equal(heard.slice(0, 3), ['a/tier', 'a/web', 'a/web-front']);
});

test('a label change moves the pod; a deleted Service no longer hears it', () => {
  const { sim, api, ctl } = setup();
  api.create(service('web', 'a', { app: 'web' }));
  api.create(service('api', 'a', { app: 'api' }));
  sim.runUntil(1);
  const p = api.create(readyPod('p1', 'a', { app: 'web' }));
  makeReady(api, p);
  sim.runUntil(2);
  assert.equal(members(ctl, 'a/web'), ['p1']);
  p.metadata.labels = { app: 'api' };
  api.updateInPlace(p);
  sim.runUntil(3);
  assert.equal(members(ctl, 'a/web'), []);
  assert.equal(members(ctl, 'a/api'), ['p1']);
  api.delete(api.store.get<Service>('Service', 'a', 'api')!);
  sim.runUntil(4);
  assert.is(ctl.get('a/api'), undefined);
  const p2 = api.create(readyPod('p2', 'a', { app: 'api' }));
  makeReady(api, p2);
  sim.runUntil(5);
  assert.is(ctl.get('a/api'), undefined, 'no Service, no endpoints');
});

test.run();
