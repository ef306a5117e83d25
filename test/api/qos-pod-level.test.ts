// QoS with pod-level resources (PodLevelResources): upstream qos_test.go's pod-level variant —
// each single-container case of TestComputePodQOS with its resources moved to spec.resources
// and the container made Guaranteed keeps the case's class, since only pod-level resources
// count — run against podResourcesQOS over podResources(spec), as the kubelet calls it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { podQOSClass, podResourcesQOS } from '../../models/api/policy/qos.js';
import { podResources } from '../../models/api/policy/pod-resources.js';
import type { PodSpec, Quantity } from '../../models/api/types.js';

type RL = Record<string, Quantity>;
const guaranteed = { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '100m', memory: '100Mi' } };
const spec = (podLevel: { requests?: RL; limits?: RL } | undefined, container: { requests?: RL; limits?: RL } = guaranteed): PodSpec =>
  ({ containers: [{ name: 'a', image: 'x', resources: container }], ...(podLevel ? { resources: podLevel } : {}) }) as PodSpec;

// [name, single-container resources, class] as TestComputePodQOS's single-container cases.
const singleContainer: Array<[string, { requests?: RL; limits?: RL }, string]> = [
  ['best-effort', {}, 'BestEffort'],
  ['best-effort zero', { requests: { cpu: '0', memory: '0' } }, 'BestEffort'],
  ['best-effort extended only', { requests: { 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '1' } }, 'BestEffort'],
  ['guaranteed', { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '100m', memory: '100Mi' } }, 'Guaranteed'],
  ['burstable request < limit', { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '200m', memory: '100Mi' } }, 'Burstable'],
  ['burstable cpu limit only', { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '100m' } }, 'Burstable'],
  ['burstable request only', { requests: { memory: '100Mi' } }, 'Burstable'],
];

for (const [name, res, want] of singleContainer) {
  test(`pod-level variant of ${name}: ${want}`, () => {
    // Without spec.resources the container decides; with them only they do.
    assert.is(podResourcesQOS(podResources(spec(res, guaranteed))), want);
    assert.is(podResourcesQOS(podResources(spec(undefined, { requests: res.requests ?? {}, limits: res.limits ?? {} }))), want);
  });
}

test('pod-level limits only: requests default to them (no container requests) → Guaranteed', () => {
  const r = podResources(spec({ limits: { cpu: '1', memory: '1Gi' } }, {}));
  assert.equal(r.podLevel?.requests, { cpu: 1000, memory: 1024 ** 3 });
  assert.is(podResourcesQOS(r), 'Guaranteed');
  // A container requesting memory: the pod request defaults to the containers' total instead.
  const withReq = podResources(spec({ limits: { cpu: '1', memory: '1Gi' } }, { requests: { memory: '256Mi' } }));
  assert.equal(withReq.podLevel?.requests, { cpu: 1000, memory: 256 * 1024 ** 2 });
  assert.is(podResourcesQOS(withReq), 'Burstable');
});

test('pod-level cpu/memory replace the containers\' totals in the pod requests and limits', () => {
  const s = { ...spec({ requests: { cpu: '2', memory: '2Gi' }, limits: { cpu: '4' } }, { requests: { cpu: '100m', memory: '100Mi', 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '1' } }), overhead: { cpu: '50m' } } as PodSpec;
  const r = podResources(s);
  assert.equal(r.requests, { cpu: 2050, memory: 2 * 1024 ** 3, 'nvidia.com/gpu': 1 });
  assert.equal(r.limits, { 'nvidia.com/gpu': 1, cpu: 4050 });
  assert.is(podQOSClass(r.containers, r.initContainers), 'Burstable', 'the container alone');
  assert.is(podResourcesQOS(r), 'Burstable');
});

test('an empty spec.resources makes the pod BestEffort whatever its containers say (IsPodLevelResourcesSet)', () => {
  assert.is(podResourcesQOS(podResources(spec({}, guaranteed))), 'BestEffort');
});

test.run();
