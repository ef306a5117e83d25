import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ContainerResources } from '../../../models/api/types.js';
import { podQOSClass, defaultRequestsFromLimits } from '../../../models/api/policy/qos.js';
import {
  isNodeCriticalPod, podLevelMemoryRemainder,
  milliCpuToShares, milliCpuToQuota, podCgroupConfig, containerCgroupConfig, oomScoreAdj, sharesToCpuWeight,
} from '../../../models/kubelet/policy/cgroups.js';
import { podRequests, podLimits } from '../../../models/api/policy/pod-resources.js';

const Mi = 1024 * 1024;
const Gi = 1024 * Mi;
const c = (name: string, requests: Record<string, number>, limits: Record<string, number> = {}): ContainerResources =>
  ({ name, requests, limits });

// Cases from upstream qos_test.go (TestComputePodQOS) shapes, plus the book's 7.4 pod.
const qosCases: Array<[string, ContainerResources[], ContainerResources[], string]> = [
  ['no resources → BestEffort', [c('a', {})], [], 'BestEffort'],
  ['zero quantities ignored → BestEffort', [c('a', { cpu: 0, memory: 0 }, { cpu: 0 })], [], 'BestEffort'],
  ['only non-QoS resources → BestEffort', [c('a', { 'nvidia.com/gpu': 1 }, { 'nvidia.com/gpu': 1 })], [], 'BestEffort'],
  ['requests == limits cpu+memory → Guaranteed', [c('a', { cpu: 100, memory: 100 * Mi }, { cpu: 100, memory: 100 * Mi })], [], 'Guaranteed'],
  ['two guaranteed containers → Guaranteed',
    [c('a', { cpu: 100, memory: Gi }, { cpu: 100, memory: Gi }), c('b', { cpu: 200, memory: Gi }, { cpu: 200, memory: Gi })], [], 'Guaranteed'],
  ['cpu limit only → Burstable', [c('a', { cpu: 100, memory: 100 * Mi }, { cpu: 100 })], [], 'Burstable'],
  ['request < limit → Burstable', [c('a', { cpu: 100, memory: 100 * Mi }, { cpu: 200, memory: 100 * Mi })], [], 'Burstable'],
  ['one BestEffort + one Guaranteed container → Burstable',
    [c('a', {}), c('b', { cpu: 100, memory: Gi }, { cpu: 100, memory: Gi })], [], 'Burstable'],
  ['request only → Burstable', [c('a', { memory: 100 * Mi })], [], 'Burstable'],
  ['limits without requests (undefaulted) → Burstable', [c('a', {}, { cpu: 100, memory: Gi })], [], 'Burstable'],
  ['init container without limits breaks Guaranteed',
    [c('a', { cpu: 100, memory: Gi }, { cpu: 100, memory: Gi })], [c('init', { cpu: 100 })], 'Burstable'],
  ['init container guaranteed too → Guaranteed',
    [c('a', { cpu: 100, memory: Gi }, { cpu: 100, memory: Gi })], [c('init', { cpu: 50, memory: Gi }, { cpu: 50, memory: Gi })], 'Guaranteed'],
  ['book 7.4 magalix-agent → Burstable',
    [c('database', { memory: 300 * Mi, cpu: 500 }, { memory: 500 * Mi, cpu: 1000 }),
      c('magalix-agent', { memory: 300 * Mi, cpu: 250 }, { memory: 500 * Mi, cpu: 1000 })], [], 'Burstable'],
];
for (const [name, cs, ics, want] of qosCases) {
  test(`podQOSClass: ${name}`, () => assert.is(podQOSClass(cs, ics), want));
}

test('defaultRequestsFromLimits: limits-only container becomes Guaranteed', () => {
  const raw = c('a', {}, { cpu: 500, memory: 128 * Mi });
  const d = defaultRequestsFromLimits(raw);
  assert.equal(d.requests, { cpu: 500, memory: 128 * Mi });
  assert.equal(raw.requests, {}, 'input untouched');
  assert.is(podQOSClass([d]), 'Guaranteed');
  // an explicit request is kept
  assert.equal(defaultRequestsFromLimits(c('a', { cpu: 100 }, { cpu: 500, memory: Gi })).requests, { cpu: 100, memory: Gi });
});

test('milliCpuToShares (helpers_linux_test.go table)', () => {
  const cases: Array<[number, number]> = [[0, 2], [1, 2], [2, 2], [5, 5], [100, 102], [250, 256], [500, 512], [1000, 1024],
    [1500, 1536], [257000, 262144], [300000, 262144]];
  for (const [m, s] of cases) assert.is(milliCpuToShares(m), s, `m=${m}`);
});

test('milliCpuToQuota: period 100000µs, min 1000µs, 0 → no quota', () => {
  assert.is(milliCpuToQuota(0), undefined);
  assert.is(milliCpuToQuota(5), 1000);
  assert.is(milliCpuToQuota(9), 1000);
  assert.is(milliCpuToQuota(10), 1000);
  assert.is(milliCpuToQuota(200), 20000);
  assert.is(milliCpuToQuota(500), 50000);
  assert.is(milliCpuToQuota(1500), 150000);
  assert.is(milliCpuToQuota(200, 50000), 10000);
});

test('sharesToCpuWeight: classic runc mapping endpoints', () => {
  assert.is(sharesToCpuWeight(2), 1);
  assert.is(sharesToCpuWeight(262144), 10000);
  assert.is(sharesToCpuWeight(1024), 39);
});

test('podCgroupConfig per QoS', () => {
  const g = [c('a', { cpu: 500, memory: Gi }, { cpu: 500, memory: Gi })];
  assert.equal(podCgroupConfig(g), { cpuShares: 512, cpuQuotaUs: 50000, cpuPeriodUs: 100000, memoryLimitBytes: Gi });
  // Burstable, all containers have both limits → quota and memory limit
  const b1 = [c('a', { cpu: 250, memory: 300 * Mi }, { cpu: 1000, memory: 500 * Mi }),
    c('b', { cpu: 500, memory: 300 * Mi }, { cpu: 1000, memory: 500 * Mi })];
  assert.equal(podCgroupConfig(b1), { cpuShares: 768, cpuQuotaUs: 200000, cpuPeriodUs: 100000, memoryLimitBytes: 1000 * Mi });
  // Burstable, one container lacks a cpu limit → no quota; lacks memory limit → no memory limit
  const b2 = [c('a', { cpu: 250 }, { cpu: 1000, memory: Gi }), c('b', { cpu: 100, memory: Mi })];
  assert.equal(podCgroupConfig(b2), { cpuShares: 358 });
  // BestEffort → shares 2 only
  assert.equal(podCgroupConfig([c('a', {})]), { cpuShares: 2 });
  // init containers take the max; overhead is added
  const withInit = podCgroupConfig(g, [c('init', { cpu: 2000, memory: Gi }, { cpu: 2000, memory: Gi })], { overhead: { cpu: 100, memory: Mi } });
  assert.equal(withInit, { cpuShares: 2150, cpuQuotaUs: 210000, cpuPeriodUs: 100000, memoryLimitBytes: Gi + Mi });
  // cpuCFSQuota disabled
  assert.equal(podCgroupConfig(g, [], { enforceCpuLimits: false }), { cpuShares: 512, memoryLimitBytes: Gi });
});

test('containerCgroupConfig', () => {
  assert.equal(containerCgroupConfig(c('a', { cpu: 250 }, { cpu: 500, memory: 64 * Mi })),
    { cpuShares: 256, cpuQuotaUs: 50000, cpuPeriodUs: 100000, memoryLimitBytes: 64 * Mi });
  assert.equal(containerCgroupConfig(c('a', {})), { cpuShares: 2 });
});

test('podRequests/podLimits: init max, sidecars, overhead', () => {
  const main = [c('a', { cpu: 100, memory: 100 }, { cpu: 200 }), c('b', { cpu: 100 }, { cpu: 300 })];
  assert.equal(podRequests(main, [c('i', { cpu: 500 })]), { cpu: 500, memory: 100 });
  // sidecar adds to the steady state and to later init containers
  const inits = [{ ...c('side', { cpu: 50 }), sidecar: true }, c('i', { cpu: 400 })];
  assert.equal(podRequests(main, inits), { cpu: 450, memory: 100 });
  assert.equal(podRequests(main, [{ ...c('side', { cpu: 50 }), sidecar: true }]), { cpu: 250, memory: 100 });
  // limits: overhead only on limited resources
  assert.equal(podLimits(main, [], { cpu: 10, memory: 5 }), { cpu: 510 });
});

test('oomScoreAdj (policy_test.go shapes)', () => {
  const cap = 4 * Gi;
  assert.is(oomScoreAdj('Guaranteed', Gi, cap), -997);
  assert.is(oomScoreAdj('BestEffort', 0, cap), 1000);
  assert.is(oomScoreAdj('Burstable', Gi, cap), 750);
  assert.is(oomScoreAdj('Burstable', cap / 2, cap), 500);
  // tiny request → 1000 − 0 = 1000 → 999
  assert.is(oomScoreAdj('Burstable', 1, cap), 999);
  assert.is(oomScoreAdj('Burstable', 0, cap), 999);
  // request ≥ capacity → clamped to 3
  assert.is(oomScoreAdj('Burstable', cap, cap), 3);
  assert.is(oomScoreAdj('Burstable', 2 * cap, cap), 3);
  // integer division truncates: 1000·300Mi/4Gi = 73.24 → 73
  assert.is(oomScoreAdj('Burstable', 300 * Mi, cap), 927);
  assert.is(oomScoreAdj('Burstable', 300 * Mi, cap, { nodeCritical: true }), -997);
  assert.is(oomScoreAdj('Burstable', 10 * Mi, cap, { sidecarMinRegularRequest: Gi }), 750);
});

test('IsNodeCriticalPod: critical priority and the system-node-critical class, as GetContainerOOMScoreAdjust checks', () => {
  assert.ok(isNodeCriticalPod(2_000_001_000, 'system-node-critical'));
  assert.ok(!isNodeCriticalPod(2_000_000_000, 'system-cluster-critical'), 'cluster-critical is critical but not node-critical');
  assert.ok(!isNodeCriticalPod(1_000_000_000, 'system-node-critical'));
  assert.ok(!isNodeCriticalPod(undefined, 'system-node-critical'));
  assert.ok(isNodeCriticalPod(2_000_000_000, 'system-node-critical'), 'the threshold is SystemCriticalPriority');
});

test('oomScoreAdj with pod-level memory requests (KEP 2837: the unclaimed pod request shared per container)', () => {
  const cap = 4 * Gi;
  // Pod requests 2Gi, two containers request 512Mi each: (2Gi − 1Gi) / 2 = 512Mi each more.
  const rem = podLevelMemoryRemainder(2 * Gi, Gi, 2);
  assert.is(rem, 512 * Mi);
  assert.is(oomScoreAdj('Burstable', 512 * Mi, cap, { podLevelRemainder: rem }), 750);
  assert.is(podLevelMemoryRemainder(undefined, Gi, 2), 0);
  assert.is(podLevelMemoryRemainder(0, Gi, 2), 0);
  // Go integer division truncates: 1000 bytes left over three containers → 333 each.
  assert.is(podLevelMemoryRemainder(1000, 0, 3), 333);
  // The sidecar floor takes the remainder too.
  assert.is(oomScoreAdj('Burstable', 0, cap, { sidecarMinRegularRequest: 512 * Mi, podLevelRemainder: rem }), 750);
});

test.run();
