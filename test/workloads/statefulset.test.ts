// Book chapter 6: the webapp StatefulSet — ordered start, per-ordinal claims kept across pod
// deletion, stable DNS names — plus scale-down order, rolling update with partition, retention.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CONTROLLER_REVISION_HASH_LABEL } from '../../models/controllers/statefulset.js';
import { isPodReady } from '../../models/api/policy/podutil.js';
import type { Pod, PersistentVolumeClaim, StatefulSet } from '../../models/api/types.js';
import { runFiles } from '../../runner/simulate.js';
import { clusterYaml, scenarioFile, tempDir } from '../helpers.js';
import { example, firstAt, load } from './helpers.js';

const pod = (h: ReturnType<typeof load>, name: string) => h.model.store.get<Pod>('Pod', 'default', name);
const pvc = (h: ReturnType<typeof load>, name: string) => h.model.store.get<PersistentVolumeClaim>('PersistentVolumeClaim', 'default', name);

test('6.4 webapp-0, -1, -2 start in order, each after its predecessor is Running and Ready', () => {
  const h = load([example('ch6-1-webapp-statefulset.yaml')]);
  const readyAt = new Map<string, number>();
  h.model.store.observe<Pod>('Pod', (_t, p) => {
    if (isPodReady(p) && !readyAt.has(p.metadata.name)) readyAt.set(p.metadata.name, h.model.sim.now);
  });
  h.model.runUntil(7_000);
  assert.equal([...h.model.store.list<Pod>('Pod')].map((p) => p.metadata.name), ['webapp-0'], 'only one pod at first');
  assert.is(firstAt(h, 'webapp-0', 'Pending'), 0);
  assert.is(firstAt(h, 'webapp-0', 'ContainerCreating'), 5000, 'scheduled when its claim is bound (provisioning-delay 5s)');
  h.model.runUntil(120_000);
  for (const [prev, next] of [['webapp-0', 'webapp-1'], ['webapp-1', 'webapp-2']] as const) {
    const created = firstAt(h, next, 'Pending')!;
    assert.ok(readyAt.get(prev)! <= created, `${next} created at ${created}, after ${prev} was ready at ${readyAt.get(prev)}`);
  }
  const set = h.model.store.get<StatefulSet>('StatefulSet', 'default', 'webapp')!;
  assert.is(set.status.readyReplicas, 3);
  assert.is(set.status.currentRevision, set.status.updateRevision);
  const p0 = pod(h, 'webapp-0')!;
  assert.is(p0.spec.hostname, 'webapp-0');
  assert.is(p0.spec.subdomain, 'web-svc');
  assert.is(p0.metadata.labels![CONTROLLER_REVISION_HASH_LABEL], set.status.updateRevision);
  assert.equal(h.events.filter((e) => e.kind === 'StatefulSet').slice(0, 2).map((e) => e.message), [
    'create Claim www-webapp-0 Pod webapp-0 in StatefulSet webapp success',
    'create Pod webapp-0 in StatefulSet webapp successful',
  ]);
});

test('6.6 claims www-webapp-0..2 are bound after the provisioning delay; the pod stays Pending (unscheduled) until then', () => {
  const h = load([example('ch6-1-webapp-statefulset.yaml')]);
  h.model.runUntil(4_999);
  assert.is(pvc(h, 'www-webapp-0')!.status?.phase, 'Pending');
  assert.is(pod(h, 'webapp-0')!.spec.nodeName, undefined);
  assert.ok(h.events.some((e) => e.name === 'webapp-0' && e.reason === 'FailedScheduling' && e.message.includes('pod has unbound immediate PersistentVolumeClaims')));
  h.model.runUntil(5_000);
  assert.is(pvc(h, 'www-webapp-0')!.status?.phase, 'Bound', 'k8sim.io/provisioning-delay: 5s');
  assert.ok(pod(h, 'webapp-0')!.spec.nodeName, 'scheduled once bound');
  h.model.runUntil(120_000);
  for (const i of [0, 1, 2]) {
    const c = pvc(h, `www-webapp-${i}`)!;
    assert.is(c.status?.phase, 'Bound');
    assert.ok(h.model.store.get('PersistentVolume', undefined, c.spec.volumeName!), 'its volume exists');
    assert.equal(pod(h, `webapp-${i}`)!.spec.volumes, [{ name: 'www', persistentVolumeClaim: { claimName: `www-webapp-${i}` } }]);
  }
});

test('a deleted pod comes back with the same name and re-attaches to the same claim', () => {
  const h = load([example('ch6-1-webapp-statefulset.yaml')]);
  h.model.runUntil(60_000);
  const before = pvc(h, 'www-webapp-1')!;
  const oldPod = pod(h, 'webapp-1')!;
  h.model.api.delete(oldPod);
  h.model.runUntil(120_000);
  const again = pod(h, 'webapp-1')!;
  assert.is.not(again, oldPod);
  assert.ok(isPodReady(again));
  assert.is(pvc(h, 'www-webapp-1'), before, 'the same claim object');
  assert.is(again.spec.volumes![0]!.persistentVolumeClaim!.claimName, 'www-webapp-1');
});

test('pods.csv has each pod\'s stable DNS name from the headless Service', () => {
  const out = join(tempDir(), 'out');
  runFiles([example('ch6-1-webapp-statefulset.yaml')], { out });
  const lines = readFileSync(join(out, 'pods.csv'), 'utf8').trim().split('\n');
  const col = lines[0]!.split(',').indexOf('dns_name');
  assert.ok(col > 0);
  assert.equal(lines.slice(1).map((l) => l.split(',')[col]).sort(), [0, 1, 2].map((i) => `webapp-${i}.web-svc.default.svc.cluster.local`));
});

const setYaml = (extra = '', container = '{name: c, image: "busybox:1.36", command: ["sleep", "3600"]}', replicas = 3) => `${clusterYaml({ duration: '10m' })}---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  replicas: ${replicas}
  serviceName: db
  selector: {matchLabels: {app: db}}
${extra}  template:
    metadata: {labels: {app: db}}
    spec:
      terminationGracePeriodSeconds: 10
      containers: [${container}]
  volumeClaimTemplates:
    - metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`;

test('scale-down removes the highest ordinal first, one at a time, honouring the grace period', () => {
  const h = load([scenarioFile(setYaml())]);
  h.model.runUntil(60_000);
  const set = h.model.store.get<StatefulSet>('StatefulSet', 'default', 'db')!;
  set.spec.replicas = 1;
  h.model.store.update(set, true);
  h.model.runUntil(120_000);
  const t2 = firstAt(h, 'db-2', 'Terminating')!;
  const gone2 = firstAt(h, 'db-2', 'Deleted')!;
  const t1 = firstAt(h, 'db-1', 'Terminating')!;
  assert.is(gone2 - t2, 10_000, 'sh/sleep as PID 1 ignores SIGTERM: killed at the end of the 10 s grace');
  assert.ok(t1 >= gone2, 'db-1 only after db-2 is gone');
  assert.ok(pod(h, 'db-0'));
  assert.ok(pvc(h, 'data-db-1') && pvc(h, 'data-db-2'), 'whenScaled: Retain keeps the claims');
});

test('persistentVolumeClaimRetentionPolicy whenScaled: Delete removes the condemned pods\' claims', () => {
  const h = load([scenarioFile(setYaml('  persistentVolumeClaimRetentionPolicy: {whenScaled: Delete}\n', undefined, 2))]);
  h.model.runUntil(60_000);
  const set = h.model.store.get<StatefulSet>('StatefulSet', 'default', 'db')!;
  set.spec.replicas = 1;
  h.model.store.update(set, true);
  h.model.runUntil(120_000);
  assert.is(pvc(h, 'data-db-1'), undefined);
  assert.ok(pvc(h, 'data-db-0'));
});

test('RollingUpdate with partition 1: ordinals 2 then 1 are updated in reverse order, 0 keeps the old revision', () => {
  const h = load([scenarioFile(setYaml('  updateStrategy: {type: RollingUpdate, rollingUpdate: {partition: 1}}\n', '{name: c, image: "httpd:2.4"}'))]);
  h.model.runUntil(60_000);
  const set = h.model.store.get<StatefulSet>('StatefulSet', 'default', 'db')!;
  const oldRev = set.status.currentRevision!;
  set.spec.template.spec.containers[0]!.image = 'httpd:2.4.62';
  h.model.store.update(set, true);
  h.model.runUntil(180_000);
  const rev = (n: string) => pod(h, n)!.metadata.labels![CONTROLLER_REVISION_HASH_LABEL];
  assert.is.not(set.status.updateRevision, oldRev);
  assert.is(rev('db-2'), set.status.updateRevision);
  assert.is(rev('db-1'), set.status.updateRevision);
  assert.is(rev('db-0'), oldRev);
  assert.is(pod(h, 'db-0')!.spec.containers[0]!.image, 'httpd:2.4');
  assert.ok(firstAt(h, 'db-2', 'Terminating')! < firstAt(h, 'db-1', 'Terminating')!);
  assert.is(set.status.currentRevision, oldRev, 'with a partition the rollout never completes');
  assert.is(set.status.updatedReplicas, 2);
});

test('OnDelete: a template change replaces nothing until a pod is deleted', () => {
  const h = load([scenarioFile(setYaml('  updateStrategy: {type: OnDelete}\n', '{name: c, image: "httpd:2.4"}', 2))]);
  h.model.runUntil(60_000);
  const set = h.model.store.get<StatefulSet>('StatefulSet', 'default', 'db')!;
  set.spec.template.spec.containers[0]!.image = 'httpd:2.4.62';
  h.model.store.update(set, true);
  h.model.runUntil(120_000);
  assert.is(pod(h, 'db-1')!.spec.containers[0]!.image, 'httpd:2.4');
  h.model.api.delete(pod(h, 'db-1')!);
  h.model.runUntil(180_000);
  assert.is(pod(h, 'db-1')!.spec.containers[0]!.image, 'httpd:2.4.62');
});

test.run();
