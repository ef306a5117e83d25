// Node-pressure eviction for every signal, end to end (eviction_manager.go synchronize): disk,
// inodes and pids from Behavior `disk` / `processes`, the order among crossed thresholds, soft
// thresholds with grace periods, evictionMaxPodGracePeriod, the wait for the evicted pod's
// cleanup, minimum reclaim, critical pods, and the idle cost (no tracker without the fields).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fromYaml, memBehavior, pod } from './usage/harness.js';
import { DISK_PRESSURE_TAINT, PID_PRESSURE_TAINT } from '../../models/kubelet/eviction-manager.js';
import { thresholdQuantity } from '../../models/kubelet/policy/eviction.js';
import { formatBytesBinarySI } from '../../models/api/policy/quantity.js';
import { buildScenario } from '../../scenarios/build.js';
import { loadScenarioText } from '../../scenarios/load.js';
import { prepareManifest } from '../../models/api/manifests.js';

const Gi = 1024 ** 3;

function cluster(pool: string, kubelet = ''): string {
  return `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: t}
spec:
  nodePools:
    - {name: n, count: 1, cpu: "4", memory: 4Gi${pool}}
  kubelet:
    imagePullTime: 0s
    containerStartTime: 0s
${kubelet}---
`;
}

function behavior(app: string, body: string): string {
  return `apiVersion: k8sim/v1
kind: Behavior
metadata: {name: b-${app}}
spec:
  selector: {matchLabels: {app: ${app}}}
${body}
---
`;
}

test('nodefs: logs fill a 10Gi root disk; imagefs.available<15% (same device) evicts the biggest user first', () => {
  const h = fromYaml(cluster(', resources: {ephemeral-storage: 10Gi}')
    + pod('logger') + pod('quiet')
    + behavior('logger', '  disk: {logsGrowth: 1Gi/min, writableLayer: 100Mi}')
    + behavior('quiet', '  disk: {writableLayer: 200Mi}'));
  assert.ok(h.model.localUse, 'the tracker runs when a Behavior sets disk');
  h.model.runUntil(600_000);
  const ev = h.reasons('Evicted');
  assert.is(ev.length, 1);
  assert.is(ev[0]!.name, 'logger');
  // used = 300Mi + 1Gi/min × t exceeds 85% of 10Gi after 8.207 min: the next 10 s round is 500 s.
  assert.is(ev[0]!.time, 500_000);
  const q = thresholdQuantity({ percentage: 0.15 }, 10 * Gi);
  const logger = h.pod('logger');
  assert.is(logger.status.phase, 'Failed');
  assert.is(logger.status.reason, 'Evicted');
  const used = 300 * 1024 ** 2 + Gi * 500 / 60;
  const loggerUse = 100 * 1024 ** 2 + Gi * 500 / 60;
  assert.is(logger.status.message, `The node was low on resource: ephemeral-storage. Threshold quantity: ${formatBytesBinarySI(q)}, available: ${formatBytesBinarySI(10 * Gi - used)}. `
    + `Container c was using ${formatBytesBinarySI(loggerUse)}, request is 0, has larger consumption of ephemeral-storage. `);
  const met = h.reasons('EvictionThresholdMet');
  assert.is(met[0]!.message, 'Attempting to reclaim ephemeral-storage');
  const node = h.node('n-0');
  assert.is(node.status.conditions.find((c) => c.type === 'DiskPressure')?.status, 'True');
  assert.is(node.status.conditions.find((c) => c.type === 'DiskPressure')?.reason, 'KubeletHasDiskPressure');
  assert.ok(node.spec.taints?.some((t) => t.key === DISK_PRESSURE_TAINT && t.effect === 'NoSchedule'));
  assert.is(h.reasons('NodeHasDiskPressure')[0]?.message, 'Node n-0 status is now: NodeHasDiskPressure');
  assert.is(h.pod('quiet').status.phase, 'Running');
  h.model.runUntil(500_000 + 302_000);
  assert.is(node.status.conditions.find((c) => c.type === 'DiskPressure')?.status, 'False');
  assert.is(h.reasons('NodeHasNoDiskPressure').length, 1);
});

test('nodefs.inodesFree: a pool\'s inode count; the message quotes inodes (BinarySI threshold, DecimalSI available), no container lines', () => {
  const h = fromYaml(cluster(', inodes: 100000') + pod('files') + behavior('files', '  disk: {inodesGrowth: 400/s}'));
  h.model.runUntil(300_000);
  const ev = h.reasons('Evicted');
  assert.is(ev.length, 1);
  // 5% of 100000 = 5000; 400/s passes 95000 at 237.5 s: the 240 s round, 96000 used.
  assert.is(ev[0]!.time, 240_000);
  assert.is(h.pod('files').status.message, 'The node was low on resource: inodes. Threshold quantity: 5000, available: 4k. ', 'DecimalSI: 4000 is "4k"');
  assert.is(h.reasons('EvictionThresholdMet')[0]!.message, 'Attempting to reclaim inodes');
});

test('pid.available: lower priority first, then more processes; PIDPressure and its taint', () => {
  const h = fromYaml(cluster(', pidMax: 1000', '    evictionHard: {pid.available: "100"}\n')
    + pod('forker', { priority: 10 }) + pod('steady', { priority: 100 }) + pod('busy', { priority: 100 })
    + behavior('forker', '  processes: {count: 10, growth: 10/s}')
    + behavior('steady', '  processes: {count: 100}')
    + behavior('busy', '  processes: {count: 400}'));
  h.model.runUntil(60_000);
  const ev = h.reasons('Evicted');
  assert.is(ev.length, 1);
  assert.is(ev[0]!.name, 'forker', 'lowest priority, though it has the fewest processes');
  assert.is(ev[0]!.time, 40_000, '510 + 10/s passes 900 after 39 s');
  assert.is(h.pod('forker').status.message, 'The node was low on resource: pids. Threshold quantity: 100, available: 90. ');
  const node = h.node('n-0');
  assert.is(node.status.conditions.find((c) => c.type === 'PIDPressure')?.reason, 'KubeletHasInsufficientPID');
  assert.ok(node.spec.taints?.some((t) => t.key === PID_PRESSURE_TAINT));
  assert.is(h.reasons('NodeHasInsufficientPID').length, 1);
});

test('several thresholds crossed: memory is reclaimed first (byEvictionPriority)', () => {
  const h = fromYaml(cluster(', pidMax: 1000', '    evictionHard: {memory.available: 500Mi, pid.available: "500"}\n')
    + pod('mem') + pod('pids')
    + memBehavior('mem', '3800Mi')
    + behavior('pids', '  processes: {count: 600}'));
  h.model.runUntil(1_000);
  assert.is(h.reasons('EvictionThresholdMet')[0]!.message, 'Attempting to reclaim memory');
  assert.is(h.reasons('Evicted')[0]!.name, 'mem');
  const node = h.node('n-0');
  assert.is(node.status.conditions.find((c) => c.type === 'MemoryPressure')?.status, 'True');
  assert.is(node.status.conditions.find((c) => c.type === 'PIDPressure')?.status, 'True', 'both conditions are raised at once');
  // The next round, 1 s later (after the cleanup poll), reclaims pids.
  h.model.runUntil(1_500);
  assert.is(h.reasons('Evicted')[1]?.name, 'pids');
  assert.is(h.reasons('Evicted')[1]!.time, 1_000);
});

test('after an eviction the manager waits for the cleanup (1 s poll) and synchronizes at once', () => {
  const h = fromYaml(cluster('', '    evictionHard: {memory.available: 1Gi}\n')
    + pod('a') + pod('b') + pod('c') + memBehavior('a', '1300Mi') + memBehavior('b', '1200Mi') + memBehavior('c', '1100Mi'));
  h.model.runUntil(30_000);
  const ev = h.reasons('Evicted');
  // 3600Mi of 4Gi: available 496Mi < 1Gi; after a: 2300Mi (available 1796Mi): resolved.
  assert.equal(ev.map((e) => [e.name, e.time]), [['a', 0]]);
  // With minimum reclaim the threshold stays until 1Gi + 1Gi is available: b goes 1 s later.
  const h2 = fromYaml(cluster('', '    evictionHard: {memory.available: 1Gi}\n    evictionMinimumReclaim: {memory.available: 1Gi}\n')
    + pod('a') + pod('b') + pod('c') + memBehavior('a', '1300Mi') + memBehavior('b', '1200Mi') + memBehavior('c', '1100Mi'));
  h2.model.runUntil(30_000);
  assert.equal(h2.reasons('Evicted').map((e) => [e.name, e.time]), [['a', 0], ['b', 1_000]]);
});

test('soft threshold: pressure at once, eviction after the grace period, with evictionMaxPodGracePeriod', () => {
  const h = fromYaml(cluster('', `    evictionHard: {memory.available: 100Mi}
    evictionSoft: {memory.available: 1Gi}
    evictionSoftGracePeriod: {memory.available: 30s}
    evictionMaxPodGracePeriod: 5
`) + pod('big') + memBehavior('big', '3500Mi') + behavior('big', '  startup: {shutdown: {constant: 3s}}'));
  h.model.runUntil(29_999);
  assert.is(h.node('n-0').status.conditions.find((c) => c.type === 'MemoryPressure')?.status, 'True', 'the condition does not wait for the grace period');
  assert.is(h.reasons('Evicted').length, 0);
  h.model.runUntil(30_000);
  assert.is(h.reasons('Evicted')[0]?.time, 30_000, 'the round 30 s after it was first met');
  assert.is(h.pod('big').status.phase, 'Running', 'SIGTERM: it takes its 3 s shutdown (under the 5 s cap)');
  h.model.runUntil(33_000);
  assert.is(h.pod('big').status.phase, 'Failed');
  assert.is(h.pod('big').status.reason, 'Evicted');
  assert.is(h.reasons('Killing').length, 1);
});

test('soft threshold resolved within its grace period: nothing is evicted', () => {
  const h = fromYaml(cluster('', `    evictionSoft: {memory.available: 1Gi}
    evictionSoftGracePeriod: {memory.available: 1m}
    evictionPressureTransitionPeriod: 30s
`) + pod('burst') + behavior('burst', '  memory: {base: 3500Mi, steps: [{at: 15s, value: 1Gi}]}'));
  h.model.runUntil(200_000);
  assert.is(h.reasons('Evicted').length, 0);
  const node = h.node('n-0');
  assert.is(node.status.conditions.find((c) => c.type === 'MemoryPressure')?.status, 'False', 'dropped 30 s after last seen (evictionPressureTransitionPeriod)');
  assert.is(h.reasons('NodeHasInsufficientMemory').length, 1);
  assert.is(h.reasons('NodeHasSufficientMemory').length, 1);
  assert.is(h.reasons('NodeHasSufficientMemory')[0]!.time, 40_000, 'last met at the 10 s round (the step is at 15 s), dropped at the 40 s one');
});

test('critical pods (priority ≥ 2000000000) are never evicted', () => {
  const h = fromYaml(cluster('') + pod('critical', { priority: 2_000_000_000 }) + pod('normal')
    + memBehavior('critical', '3000Mi') + memBehavior('normal', '1000Mi'));
  h.model.runUntil(5_000);
  assert.equal(h.reasons('Evicted').map((e) => e.name), ['normal']);
});

test('idle cost: no Behavior with disk or processes, no tracker; a node far from thresholds has no rounds', () => {
  const h = fromYaml(cluster('') + pod('a') + memBehavior('a', '100Mi'));
  assert.is(h.model.localUse, undefined);
  h.model.runUntil(3_600_000);
  assert.is(h.reasons('EvictionThresholdMet').length, 0);
  assert.ok(h.model.sim.stats.dispatched < 100, `${h.model.sim.stats.dispatched} kernel events in an idle hour`);
});

test('emptyDir writes count only with a disk-backed local volume, and survive a restart', () => {
  const withVol = `apiVersion: v1
kind: Pod
metadata: {name: cache, labels: {app: cache}}
spec:
  restartPolicy: Always
  volumes: [{name: scratch, emptyDir: {}}]
  containers: [{name: c, image: img:1}]
---
`;
  const h = fromYaml(cluster(', resources: {ephemeral-storage: 10Gi}') + withVol
    + behavior('cache', '  disk: {emptyDir: 1Gi, emptyDirGrowth: 1Gi/min}\n  run: {duration: {constant: 2m}}'));
  h.model.runUntil(200_000);
  const f = h.model.localUse!.podFigures(h.pod('cache'))!;
  // 1Gi + 2 min × 1Gi/min = 3Gi at the restart, then +80 s of growth.
  assert.ok(Math.abs(f.localVolumes.bytes - (3 * Gi + Gi * 80 / 60)) < 1, `${f.localVolumes.bytes}`);
  const memOnly = withVol.replace('emptyDir: {}', 'emptyDir: {medium: Memory}');
  const h2 = fromYaml(cluster('') + memOnly + behavior('cache', '  disk: {emptyDir: 1Gi}'));
  h2.model.runUntil(10_000);
  assert.is(h2.model.localUse!.podFigures(h2.pod('cache'))!.localVolumes.bytes, 0);
});

test('Cluster YAML: a soft threshold without a grace period is refused at its position, upstream\'s message', () => {
  const text = `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: t}
spec:
  nodePools: [{name: n, count: 1, cpu: "4", memory: 4Gi}]
  kubelet:
    evictionSoft: {memory.available: 1Gi}
    evictionHard: {mem.available: 1Gi}
`;
  try {
    buildScenario(loadScenarioText('c.yaml', text));
    assert.unreachable('refused');
  } catch (e) {
    const msg = String((e as Error).message);
    assert.match(msg, /c\.yaml:7:\d+: spec\.kubelet\.evictionSoft\["memory\.available"\]: grace period must be specified for the soft eviction threshold memory\.available/);
    assert.match(msg, /c\.yaml:8:\d+: spec\.kubelet\.evictionHard\["mem\.available"\]: unsupported eviction signal mem\.available/);
  }
});

test('admission under pressure: DiskPressure/PIDPressure refuse every pod, MemoryPressure only BestEffort ones (pod-level resources counted); critical pods always', () => {
  const bound = (name: string, extra = '') => prepareManifest({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: { nodeName: 'n-0', ...(extra === 'critical' ? { priorityClassName: 'system-node-critical' } : {}), ...(extra === 'pod-level' ? { resources: { requests: { memory: '64Mi' } } } : {}), containers: [{ name: 'c', image: 'img:1', ...(extra === 'burstable' ? { resources: { requests: { memory: '64Mi' } } } : {}) }] },
  } as never);
  const h = fromYaml(cluster(', pidMax: 1000', '    evictionHard: {pid.available: "100"}\n') + pod('hog') + behavior('hog', '  processes: {count: 950}'));
  h.model.runUntil(60_000);
  assert.is(h.reasons('Evicted')[0]?.name, 'hog');
  h.model.create(bound('late'));
  h.model.create(bound('crit', 'critical'));
  h.model.runUntil(61_000);
  const late = h.pod('late');
  assert.is(late.status.phase, 'Failed');
  assert.is(late.status.reason, 'Evicted');
  assert.is(late.status.message, 'Pod was rejected: The node had condition: [PIDPressure]. ');
  assert.ok(h.reasons('Evicted').some((e) => e.name === 'late' && e.message === 'The node had condition: [PIDPressure]. '));
  assert.is(h.pod('crit').status.phase, 'Running', 'critical pods are admitted under pressure');

  const m = fromYaml(cluster('', '    evictionHard: {memory.available: 1Gi}\n') + pod('big') + memBehavior('big', '3500Mi'));
  m.model.runUntil(5_000);
  assert.is(m.reasons('Evicted')[0]?.name, 'big');
  m.model.create(bound('be'));
  m.model.create(bound('bu', 'burstable'));
  m.model.create(bound('pl', 'pod-level'));
  m.model.runUntil(6_000);
  assert.is(m.pod('be').status.message, 'Pod was rejected: The node had condition: [MemoryPressure]. ', 'BestEffort refused under memory pressure');
  assert.is(m.pod('bu').status.phase, 'Running', 'a Burstable pod is admitted under memory pressure alone');
  assert.is(m.pod('pl').status.phase, 'Running', 'pod-level requests make a pod Burstable (GetPodQOS), so it is admitted too');
});

test.run();
