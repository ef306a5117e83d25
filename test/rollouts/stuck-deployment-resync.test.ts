// A Deployment whose rollout is complete but whose scaled-up pods cannot be placed is re-synced
// by upstream at the shared token bucket's pace (requeueStuckDeployment → enqueueRateLimited,
// then Forget) for as long as the pods stay Pending. The controller answers such a re-sync with
// the requeue alone while no Deployment or ReplicaSet was written since the last full one
// (models/controllers/deployment.ts, idleSyncs). Held here to the full sync on the same run:
// same syncs at the same instants, same events, same objects; fewer full syncs.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ClusterModel } from '../../models/cluster.js';
import { activePods, deployment, rsOf, runText } from './harness.js';

const SCENARIO = `
apiVersion: k8sim/v1
kind: Cluster
metadata: {name: small}
spec:
  nodePools: [{name: a, count: 1, cpu: "2", memory: 8Gi}]
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 20m}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: "img:1", resources: {requests: {cpu: 500m}}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: other}
spec:
  replicas: 1
  selector: {matchLabels: {app: other}}
  template:
    metadata: {labels: {app: other}}
    spec:
      containers: [{name: c, image: "img:1", resources: {requests: {cpu: 100m}}}]
---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
    - {at: 60s, run: kubectl scale deployment web --replicas=6}
    - {at: 5m, run: kubectl scale deployment other --replicas=2}
    - {at: 12m, run: kubectl scale deployment web --replicas=7}
`;

interface Counted {
  syncs: number[];
  full: number;
}

/** Counts the controller's syncs (with their instants) and full syncs; `eager` turns the idle path off. */
function instrument(model: ClusterModel, eager: boolean): Counted {
  const out: Counted = { syncs: [], full: 0 };
  const dc = model.deployments as unknown as {
    sync(key: string): void;
    syncFully(key: string): void;
    idleSyncs: Map<string, unknown>;
  };
  const sync = dc.sync.bind(dc);
  const syncFully = dc.syncFully.bind(dc);
  dc.sync = (key) => {
    out.syncs.push(model.sim.now);
    sync(key);
  };
  dc.syncFully = (key) => {
    out.full++;
    syncFully(key);
  };
  if (eager) dc.idleSyncs.set = () => dc.idleSyncs;
  return out;
}

function run(eager: boolean) {
  let counted: Counted | undefined;
  const h = runText(SCENARIO, { setup: (m) => (counted = instrument(m, eager)) });
  const web = deployment(h.model, 'web');
  return {
    counted: counted!,
    events: h.events.map((e) => [e.time, e.kind, e.name, e.reason, e.message]),
    web: JSON.stringify([web.spec, web.status, rsOf(h.model, web).map((rs) => [rs.spec, rs.status])]),
    pending: activePods(h.model).filter((p) => p.status.phase === 'Pending').length,
  };
}

test('a stuck Deployment: idle re-syncs give what full syncs give, with fewer full syncs', () => {
  const lazy = run(false);
  const eager = run(true);
  assert.ok(lazy.pending > 0, 'the scenario leaves pods Pending (the Deployment is stuck)');
  assert.equal(lazy.counted.syncs, eager.counted.syncs, 'the same syncs at the same instants');
  assert.equal(lazy.events, eager.events);
  assert.is(lazy.web, eager.web);
  assert.ok(eager.counted.syncs.length > 1000, `upstream's loop re-syncs often (${eager.counted.syncs.length})`);
  assert.ok(lazy.counted.full < eager.counted.full / 10, `full syncs ${lazy.counted.full} vs ${eager.counted.full}`);
});

test.run();
