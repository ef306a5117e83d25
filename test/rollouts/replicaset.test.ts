// ReplicaSet controller behaviour in whole scenarios: the book's orphan lab (4.8), adoption,
// release by relabelling (4.6), delete --cascade=orphan, slow-start batches, and the
// scale-down ranking.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiError } from '../../models/api/errors.js';
import { controllerRef } from '../../models/api/store.js';
import type { KObject, Pod, ReplicaSet } from '../../models/api/types.js';
import { watchPods } from '../../reports/watch.js';
import { packageRoot } from '../helpers.js';
import { activePods, header, outputOf, podsOf, runText } from './harness.js';

const rsYaml = (replicas = 4, extra = '') => `---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web, labels: {env: dev, role: web}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {role: web}}
  template:
    metadata: {labels: {role: web}}
    spec:
      containers: [{name: nginx, image: nginx${extra}}]
`;

function timeline(...actions: Array<[string, string]>): string {
  return `---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
${actions.map(([at, run]) => `    - {at: ${at}, run: "${run}"}`).join('\n')}
`;
}

const rsNamed = (h: { model: { store: { get<T extends KObject>(k: string, ns: string, n: string): T | undefined } } }) =>
  h.model.store.get<ReplicaSet>('ReplicaSet', 'default', 'web')!;

test('orphan lab (book 4.8), step by step as the book shows it', () => {
  const text = readFileSync(join(packageRoot(), 'scenarios', 'examples', 'ch4-orphan-lab.yaml'), 'utf8');
  const watch: string[] = [];
  const h = runText(text, { setup: (m) => watchPods(m.store, (l) => watch.push(l.replace(/\s+/g, ' '))) });
  // Step 1: the bare httpd pod is adopted and, as the fifth pod of four, terminated.
  assert.ok(watch.includes('orphan 0/1 Terminating 0 0s'), watch.join('\n'));
  assert.ok(h.events.some((e) => e.kind === 'ReplicaSet' && e.reason === 'SuccessfulDelete' && e.message === 'Deleted pod: orphan' && e.time === 30_000));
  const step1 = outputOf(h, '[31s] $ kubectl get pods').split('\n');
  assert.is(step1[0]!.replace(/\s+/g, ' '), 'NAME READY STATUS RESTARTS AGE');
  assert.equal(step1.slice(1).map((l) => l.split(/\s+/).slice(1, 4).join(' ')), Array(4).fill('1/1 Running 0'));
  assert.ok(step1.slice(1).every((l) => l.startsWith('web-')));
  // Step 2: RS deleted and re-created while a new orphan runs: the orphan is adopted, 3 nginx pods made.
  const creates = h.events.filter((e) => e.reason === 'SuccessfulCreate' && e.time === 90_000);
  assert.is(creates.length, 3);
  const step2 = outputOf(h, '[1m40s] $ kubectl get pods').split('\n').slice(1).map((l) => l.split(/\s+/).slice(0, 3).join(' '));
  assert.is(step2.length, 4);
  assert.is(step2[0], 'orphan 1/1 Running');
  assert.ok(step2.slice(1).every((l) => /^web-\S+ 1\/1 Running$/.test(l)), step2.join('\n'));
  // Step 3: the orphan is deleted; the RS replaces it with an nginx pod.
  const step3 = outputOf(h, '[2m500ms] $ kubectl get pods').split('\n').slice(1).map((l) => l.split(/\s+/).slice(1, 3).join(' '));
  assert.equal([...step3].sort(), ['0/1 ContainerCreating', '1/1 Running', '1/1 Running', '1/1 Running']);
  const pods = activePods(h.model);
  assert.is(pods.length, 4);
  assert.ok(pods.every((p) => p.spec.containers[0]!.image === 'nginx' && controllerRef(p)?.name === 'web'));
});

test('adoption: a matching bare pod created first is adopted; the RS creates only the rest', () => {
  const h = runText(
    header() +
      `---
apiVersion: v1
kind: Pod
metadata: {name: bare, labels: {role: web}}
spec:
  containers: [{name: httpd, image: httpd}]
` +
      rsYaml(3),
  );
  const bare = h.model.store.get<Pod>('Pod', 'default', 'bare')!;
  assert.is(controllerRef(bare)?.name, 'web');
  assert.is(podsOf(h.model, rsNamed(h)).length, 3);
  assert.is(h.events.filter((e) => e.reason === 'SuccessfulCreate').length, 2);
  // A pod owned by another controller is never adopted (two RSs with the same selector).
});

test('adoption without creates: the sync that adopts every pod counts them all in its status', () => {
  // The sync creates and deletes nothing, so its status is computed over the claimed pods
  // (the adopted ones) without a second walk of the owner index: the counts must still see them.
  const bare = (name: string) => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {role: web}}
spec:
  containers: [{name: httpd, image: httpd}]
`;
  const h = runText(header() + bare('a') + bare('b') + rsYaml(2));
  const rs = rsNamed(h);
  assert.is(h.events.filter((e) => e.reason === 'SuccessfulCreate').length, 0);
  assert.equal(podsOf(h.model, rs).map((p) => p.metadata.name).sort(), ['a', 'b']);
  assert.is(rs.status.replicas, 2);
  assert.is(rs.status.fullyLabeledReplicas, 2);
  assert.is(rs.status.readyReplicas, 2);
});

test('release (book 4.6): relabelling a pod takes it out of the RS; the RS makes a new one — five pods', () => {
  const base = header() + rsYaml(4);
  const probe = runText(base, { until: 30_000 });
  const victim = podsOf(probe.model, rsNamed(probe))[0]!.metadata.name;
  const h = runText(
    base + timeline(['30s', `kubectl label pod ${victim} role=isolated`], ['31s', `kubectl label pod ${victim} role=isolated --overwrite`], ['32s', `kubectl label pod ghost a=b`]),
  );
  assert.is(outputOf(h, '[30s]'), `error: 'role' already has a value (web), and --overwrite is false`);
  assert.is(outputOf(h, '[31s]'), `pod/${victim} labeled`);
  assert.is(outputOf(h, '[32s]'), 'Error from server (NotFound): pods "ghost" not found');
  const pods = activePods(h.model);
  assert.is(pods.length, 5);
  const isolated = h.model.store.get<Pod>('Pod', 'default', victim)!;
  assert.is(controllerRef(isolated), undefined, 'released: no controller ownerReference');
  assert.is(isolated.status.phase, 'Running');
  assert.is(podsOf(h.model, rsNamed(h)).length, 4);
});

test('delete --cascade=orphan leaves the pods running, unowned; re-creating the RS adopts them', () => {
  const h = runText(header() + rsYaml(3) + timeline(['30s', 'kubectl delete rs web --cascade=orphan']), { until: 60_000 });
  assert.is(h.model.store.get('ReplicaSet', 'default', 'web'), undefined);
  const pods = activePods(h.model);
  assert.is(pods.length, 3);
  assert.ok(pods.every((p) => p.status.phase === 'Running' && (p.metadata.ownerReferences ?? []).length === 0));
  assert.is(outputOf(h, 'cascade=orphan'), 'replicaset.apps "web" deleted');
});

test('scale-up runs in slow-start batches 1, 2, 4 …: a create failing in the batch of 4 stops the batch of 8', () => {
  // The log of one sync: each create attempt ('c'), then the FailedCreate event ('F').
  const log: string[] = [];
  const h = runText(
    header() + rsYaml(20),
    {
      until: 1,
      setup: (m) => {
        // A quota-like admission plugin: at most 4 pods (ResourceQuota is wired on another branch).
        m.api.addPodAdmission({
          name: 'FourPods',
          admit: () => {
            if (m.store.count('Pod') >= 4) throw new ApiError('pods "x" is forbidden: exceeded quota: q, requested: pods=1, used: pods=4, limited: pods=4', 'Forbidden');
          },
        });
        const create = m.api.create.bind(m.api);
        m.api.create = <T extends KObject>(obj: T): T => {
          if (obj.kind === 'Pod') log.push('c');
          return create(obj);
        };
        m.events.subscribe((e) => e.reason === 'FailedCreate' && log.push('F'));
      },
    },
  );
  // 1 + 2 succeed, then the batch of 4: one succeeds (quota 4), three fail; the batch of 8 is never tried.
  assert.is(log.join('').split('F')[0], 'ccccccc', log.join(''));
  const created = h.events.filter((e) => e.reason === 'SuccessfulCreate');
  assert.is(created.length, 4);
  assert.ok(h.events.some((e) => e.reason === 'FailedCreate' && /exceeded quota/.test(e.message)));
  // Without a quota all 20 are created in one sync, at the same instant, in batch order.
  const free = runText(header() + rsYaml(20), { until: 1 });
  const all = free.events.filter((e) => e.reason === 'SuccessfulCreate');
  assert.is(all.length, 20);
  assert.ok(all.every((e) => e.time === 0));
});

test('scale-down deletes unscheduled pods first, then not-ready ones, and keeps the ready ones', () => {
  // One node fits 4 pods of 250m: 3 run, then scale to 6 ⇒ 1 more starts (slow pull), 2 stay unscheduled.
  const h = runText(
    `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: small}
spec:
  nodePools: [{name: n, count: 1, cpu: "1", memory: 8Gi}]
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 2m}
---
apiVersion: k8sim/v1
kind: Behavior
metadata: {name: slow}
spec:
  selector: {}
  startup: {imagePull: 20s}
` +
      rsYaml(3, ', resources: {requests: {cpu: 250m}}') +
      timeline(['30s', 'kubectl scale rs web --replicas=6'], ['35s', 'kubectl scale rs web --replicas=3']),
    {
      setup: (m) =>
        m.sim.at(34_000, () => {
          const pods = activePods(m);
          const first3 = pods.filter((p) => (p.metadata.creationTimestamp ?? 0) === 0).map((p) => p.metadata.name);
          (m as unknown as { keep: string[] }).keep = first3;
        }, undefined),
    },
  );
  const keep = (h.model as unknown as { keep: string[] }).keep;
  assert.is(keep.length, 3);
  const deleted = h.events.filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message.replace('Deleted pod: ', ''));
  assert.is(deleted.length, 3);
  assert.ok(deleted.every((n) => !keep.includes(n)), 'the three ready pods survive');
  assert.equal(activePods(h.model).map((p) => p.metadata.name).sort(), [...keep].sort());
});

test('minReadySeconds: status counts a pod available 1 ms past readySince + minReadySeconds (strict bound, re-check at availableAt)', () => {
  const seen: Array<[number, number, number]> = [];
  const h = runText(header() + rsYaml(1).replace('  replicas: 1', '  replicas: 1\n  minReadySeconds: 10'), {
    setup: (m) => m.store.observe<ReplicaSet>('ReplicaSet', (_t, rs) => seen.push([m.sim.now, rs.status.readyReplicas, rs.status.availableReplicas])),
  });
  const pod = activePods(h.model)[0]!;
  const readySince = pod.status.conditions.find((c) => c.type === 'Ready')!.lastTransitionTime;
  const readyAt = seen.find(([, r]) => r === 1)![0];
  const availableAt = seen.find(([, , a]) => a === 1)![0];
  assert.is(readyAt, readySince, 'the RS sees the pod Ready at its transition');
  assert.is(availableAt, readySince + 10_001);
  assert.not.ok(seen.some(([t, , a]) => a === 1 && t < readySince + 10_001));
});

test.run();
