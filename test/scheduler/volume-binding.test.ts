// VolumeBinding PreFilter: cases after upstream's TestVolumeBinding (volume_binding_test.go)
// that concern PreFilter, plus the pod's FailedScheduling text and wake-up in a running model.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CycleState, makePodInfo, type ClaimInfo } from '../../models/scheduler/policy/index.js';
import { Code } from '../../models/scheduler/policy/framework.js';
import { VolumeBinding } from '../../models/scheduler/policy/plugins/volume-binding.js';
import type { Node, Pod, PodSpec } from '../../models/api/types.js';
import { clusterYaml, scenarioFile } from '../helpers.js';
import { load } from '../workloads/helpers.js';
import { mkPod, res } from './helpers.js';

const bound: ClaimInfo = { phase: 'Bound', volumeName: 'pv-a', deleting: false, immediate: true };
const unboundImmediate: ClaimInfo = { phase: 'Pending', deleting: false, immediate: true };
const unboundDelayed: ClaimInfo = { phase: 'Pending', deleting: false, immediate: false };

const withClaims = (...names: string[]): Partial<PodSpec> => ({
  volumes: names.map((n) => ({ name: n, persistentVolumeClaim: { claimName: n } })),
});

const table: Array<{ name: string; pod: Pod; claims: Record<string, ClaimInfo>; code: number | null; reason?: string }> = [
  { name: 'pod has no PVCs: Skip', pod: mkPod('p'), claims: {}, code: Code.Skip },
  { name: 'all bound', pod: mkPod('p', withClaims('pvc-a')), claims: { 'pvc-a': bound }, code: null },
  { name: 'PVC does not exist', pod: mkPod('p', withClaims('pvc-a')), claims: {}, code: Code.UnschedulableAndUnresolvable,
    reason: 'persistentvolumeclaim "pvc-a" not found' },
  { name: 'Part of PVCs do not exist', pod: mkPod('p', withClaims('pvc-a', 'pvc-b')), claims: { 'pvc-a': bound },
    code: Code.UnschedulableAndUnresolvable, reason: 'persistentvolumeclaim "pvc-b" not found' },
  { name: 'immediate claims not bound', pod: mkPod('p', withClaims('pvc-a')), claims: { 'pvc-a': unboundImmediate },
    code: Code.UnschedulableAndUnresolvable, reason: 'pod has unbound immediate PersistentVolumeClaims' },
  { name: 'unbound claim with delayed binding', pod: mkPod('p', withClaims('pvc-a')), claims: { 'pvc-a': unboundDelayed }, code: null },
  { name: 'claim being deleted', pod: mkPod('p', withClaims('pvc-a')), claims: { 'pvc-a': { ...bound, deleting: true } },
    code: Code.UnschedulableAndUnresolvable, reason: 'persistentvolumeclaim "pvc-a" is being deleted' },
  { name: 'claim lost', pod: mkPod('p', withClaims('pvc-a')), claims: { 'pvc-a': { ...bound, phase: 'Lost' } },
    code: Code.UnschedulableAndUnresolvable, reason: 'persistentvolumeclaim "pvc-a" bound to non-existent persistentvolume "pv-a"' },
];

for (const c of table) {
  test(`VolumeBinding PreFilter: ${c.name}`, () => {
    const state = new CycleState();
    state.claims = (ns, name) => (ns === 'default' ? c.claims[name] : undefined);
    const st = new VolumeBinding().preFilter(state, makePodInfo(c.pod, res(100, 0)));
    if (c.code === null) assert.is(st, null);
    else {
      assert.is(st!.code, c.code);
      if (c.reason) assert.equal(st!.reasons, [c.reason]);
    }
  });
}

const podWithClaim = (claim: string) => `
---
apiVersion: v1
kind: Pod
metadata: {name: db}
spec:
  containers: [{name: db, image: postgres:16}]
  volumes: [{name: data, persistentVolumeClaim: {claimName: ${claim}}}]
`;

test('a pod whose claim does not exist stays Pending with the scheduler message, and schedules once the claim is bound', () => {
  const h = load([scenarioFile(clusterYaml({ nodes: 3 }) + podWithClaim('data-db'))]);
  h.model.runUntil(30_000);
  const pod = h.model.store.get<Pod>('Pod', 'default', 'db')!;
  assert.is(pod.status.phase, 'Pending');
  assert.is(pod.spec.nodeName, undefined);
  const failed = h.events.filter((e) => e.reason === 'FailedScheduling');
  assert.is(failed[0]!.message, '0/3 nodes are available: persistentvolumeclaim "data-db" not found. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.');
  assert.is(pod.status.conditions.find((c) => c.type === 'PodScheduled')?.reason, 'Unschedulable');
  // The claim appears: Pending (unbound, immediate class) until provisioned 2 s later, then bound.
  h.model.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data-db', namespace: 'default' },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } as never);
  h.model.runUntil(31_000);
  assert.is(pod.spec.nodeName, undefined, 'an unbound immediate claim keeps the pod Pending, not ContainerCreating');
  assert.ok(h.events.some((e) => e.reason === 'FailedScheduling' && e.message.includes('pod has unbound immediate PersistentVolumeClaims')));
  h.model.runUntil(40_000);
  assert.ok(pod.spec.nodeName, 'scheduled once the claim is bound');
  h.model.runUntil(60_000);
  assert.is(pod.status.phase, 'Running');
});

test('WaitForFirstConsumer: the pod is placed, its claim provisioned, and only then bound to the node (PreBind); Pending meanwhile', () => {
  const h = load([scenarioFile(clusterYaml({ nodes: 2 }) + `
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: local-wffc}
provisioner: rancher.io/local-path
volumeBindingMode: WaitForFirstConsumer
parameters: {k8sim.io/provisioning-delay: 3s}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data-db}
spec: {storageClassName: local-wffc, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
` + podWithClaim('data-db'))]);
  h.model.runUntil(2_999);
  const pod = h.model.store.get<Pod>('Pod', 'default', 'db')!;
  assert.is(pod.spec.nodeName, undefined, 'not bound while the volume is provisioned');
  assert.is(pod.status.phase, 'Pending');
  assert.ok(!h.events.some((e) => e.reason === 'FailedScheduling'), 'a delayed-binding claim is no scheduling failure');
  assert.ok(h.events.some((e) => e.kind === 'PersistentVolumeClaim' && e.reason === 'Provisioning' && e.time === 0), 'provisioning starts when the pod is placed');
  h.model.runUntil(3_000);
  assert.ok(pod.spec.nodeName);
  const scheduled = h.events.find((e) => e.name === 'db' && e.reason === 'Scheduled')!;
  assert.is(scheduled.time, 3_000, 'Scheduled is recorded when the bind happens');
  h.model.runUntil(30_000);
  assert.is(pod.status.phase, 'Running');
});

test('WaitForFirstConsumer with a bind latency: the bind lands that long after the claim is bound', () => {
  const yaml = clusterYaml({ nodes: 1 }).replace('      maxPods: 110', '      maxPods: 110\n  scheduler: {bindLatency: 400ms}') + `
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: wffc}
provisioner: rancher.io/local-path
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data-db}
spec: {storageClassName: wffc, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
` + podWithClaim('data-db');
  const h = load([scenarioFile(yaml)]);
  h.model.runUntil(30_000);
  // provisioning takes the default 2 s, then the 400 ms bind latency.
  assert.is(h.events.find((e) => e.name === 'db' && e.reason === 'Scheduled')!.time, 2_400);
  assert.is(h.model.store.get<Pod>('Pod', 'default', 'db')!.status.phase, 'Running');
});

test('nodes have ephemeral-storage capacity by default, so pods that request it schedule', () => {
  const h = load([scenarioFile(clusterYaml({ nodes: 1 }) + `
---
apiVersion: v1
kind: Pod
metadata: {name: scratch}
spec:
  containers: [{name: c, image: busybox, resources: {requests: {ephemeral-storage: 2Gi}, limits: {ephemeral-storage: 4Gi}}}]
`)]);
  const node = [...h.model.store.list<Node>('Node')][0]!;
  assert.is(node.status.capacity['ephemeral-storage'], 100 * 1024 ** 3);
  // allocatable keeps the default hard threshold nodefs.available<10% back (upstream's percentage is a float32)
  const cap = 100 * 1024 ** 3;
  assert.is(node.status.allocatable['ephemeral-storage'], cap - Math.floor(cap * Math.fround(0.1)));
  h.model.runUntil(10_000);
  assert.is(h.model.store.get<Pod>('Pod', 'default', 'scratch')!.status.phase, 'Running');
});

test.run();
