// Cluster.spec.featureGates end to end: refused values name file:line:col, and the gates reach
// the ReplicaSet and Deployment controllers (deletion order, status.terminatingReplicas).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildScenario } from '../../scenarios/build.js';
import { loadScenario } from '../../scenarios/load.js';
import { ScenarioErrors } from '../../scenarios/errors.js';
import type { Deployment, Pod, ReplicaSet } from '../../models/api/types.js';
import { clusterYaml, scenarioFile } from '../helpers.js';
import { load } from '../workloads/helpers.js';

const withGates = (gates: string, rest: string, opts: Parameters<typeof clusterYaml>[0] = {}) =>
  `${clusterYaml(opts).replace('spec:\n  nodePools:', `spec:\n  featureGates:\n${gates}\n  nodePools:`)}---\n${rest}`;

function errorsOf(yaml: string): string[] {
  const file = scenarioFile(yaml);
  try {
    buildScenario(loadScenario([file]));
  } catch (e) {
    if (e instanceof ScenarioErrors) return e.errors.map((x) => x.message.replace(file, 'F'));
    throw e;
  }
  return [];
}

test('featureGates: a locked gate set against its value and an unknown gate are refused where they stand', () => {
  const errs = errorsOf(withGates('    LogarithmicScaleDown: false\n    PodDeletionCst: true', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n'));
  assert.equal(errs, [
    'F:6:27: spec.featureGates.LogarithmicScaleDown: cannot set feature gate LogarithmicScaleDown to false, feature is locked to true',
    'F:7:21: spec.featureGates.PodDeletionCst: unrecognized feature gate: PodDeletionCst (k8sim models PodDeletionCost, LogarithmicScaleDown, DeploymentReplicaSetTerminatingReplicas)',
  ]);
  assert.ok(errorsOf(withGates('    PodDeletionCost: "yes"', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n')).length === 1, 'a non-boolean is a schema error');
});

// Three replicas on three nodes (one pod per node via maxPods 1 + the pool of 3); the pod with the
// highest deletion cost is the youngest, so without PodDeletionCost it is the one deleted.
const scaleDown = (gates: string) => withGates(gates, `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: c, image: nginx}]
`, { nodes: 3, maxPods: 1, duration: '5m' });

function deletedOnScaleDown(gates: string): string {
  const h = load([scenarioFile(scaleDown(gates))]);
  h.model.runUntil(60_000);
  const pods = [...h.model.store.list<Pod>('Pod')].sort((a, b) => a.metadata.creationTimestamp! - b.metadata.creationTimestamp! || (a.metadata.name < b.metadata.name ? -1 : 1));
  assert.is(pods.length, 3);
  // Annotate the youngest (last in creation order, the one deleted by default) with a high cost.
  const youngest = pods[pods.length - 1]!;
  youngest.metadata.annotations = { ...(youngest.metadata.annotations ?? {}), 'controller.kubernetes.io/pod-deletion-cost': '1000' };
  h.model.api.update(youngest);
  const rs = h.model.store.get<ReplicaSet>('ReplicaSet', 'default', 'web')!;
  rs.spec.replicas = 2;
  h.model.api.update(rs);
  h.model.runUntil(61_000);
  const deletes = h.events.filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message.replace('Deleted pod: ', ''));
  assert.is(deletes.length, 1);
  return deletes[0] === youngest.metadata.name ? 'youngest' : 'other';
}

test('PodDeletionCost (default on) keeps the costly pod; turned off, the ranking ignores the annotation', () => {
  assert.is(deletedOnScaleDown('    PodDeletionCost: true'), 'other');
  assert.is(deletedOnScaleDown('    PodDeletionCost: false'), 'youngest');
});

const deployment = (gates: string) => withGates(gates, `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 30
      containers: [{name: c, image: nginx}]
---
apiVersion: k8sim/v1
kind: Behavior
metadata: {name: slow-stop}
spec:
  selector: {matchLabels: {app: web}}
  startup: {shutdown: 20s}
`, { duration: '5m' });

/** Scale the Deployment to 0 at 60 s; the pods take their grace period to go. */
function terminatingDuringScaleDown(gates: string) {
  const h = load([scenarioFile(deployment(gates))]);
  h.model.runUntil(60_000);
  const d = h.model.store.get<Deployment>('Deployment', 'default', 'web')!;
  d.spec.replicas = 0;
  h.model.api.update(d);
  h.model.runUntil(61_000);
  const rs = [...h.model.store.list<ReplicaSet>('ReplicaSet')][0]!;
  const during = { rs: rs.status.terminatingReplicas, d: h.model.store.get<Deployment>('Deployment', 'default', 'web')!.status.terminatingReplicas };
  h.model.runUntil(200_000);
  const after = { rs: rs.status.terminatingReplicas, d: h.model.store.get<Deployment>('Deployment', 'default', 'web')!.status.terminatingReplicas };
  return { during, after, stillTerminating: [...h.model.store.list<Pod>('Pod')].length };
}

test('DeploymentReplicaSetTerminatingReplicas: off by default (1.33 alpha): no field; on: pods in their grace period are counted', () => {
  const off = terminatingDuringScaleDown('    PodDeletionCost: true');
  assert.equal(off.during, { rs: undefined, d: undefined });
  const on = terminatingDuringScaleDown('    DeploymentReplicaSetTerminatingReplicas: true');
  assert.equal(on.during, { rs: 2, d: 2 });
  assert.equal(on.after, { rs: 0, d: 0 });
  assert.is(on.stillTerminating, 0);
});

test.run();
