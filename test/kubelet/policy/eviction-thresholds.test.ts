// Tables from upstream pkg/kubelet/eviction/helpers_test.go (TestThresholdsMet,
// TestPercentageThresholdsMet, TestSortByEvictionPriority, TestThresholdsMetGracePeriod,
// TestNodeConditions*, TestParseThresholdConfig), run against the functions the eviction
// manager calls.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  mergeThresholds, nodeConditions, nodeConditionsLastObservedAt, nodeConditionsObservedSince, parseThresholdConfig,
  sortByEvictionPriority, thresholdMetInfo, thresholdsFirstObservedAt, thresholdsMet, thresholdsMetGracePeriod, type Threshold,
} from '../../../models/kubelet/policy/eviction-thresholds.js';
import { thresholdFigures } from '../../../models/kubelet/policy/eviction.js';

const Ki = 1024;
const Mi = 1024 * Ki;
const Gi = 1024 * Mi;

test('TestThresholdsMet: quantity threshold 1Gi with minReclaim 500Mi', () => {
  const hard: Threshold = { signal: 'memory.available', value: { quantity: Gi }, gracePeriodMs: 0, minReclaim: { quantity: 500 * Mi } };
  assert.equal(thresholdsMet([], {}, false), []);
  assert.equal(thresholdsMet([hard], { 'memory.available': { available: 500 * Mi, capacity: 0 } }, false), [hard], 'threshold-met-memory');
  assert.equal(thresholdsMet([hard], { 'memory.available': { available: 2 * Gi, capacity: 0 } }, false), [], 'threshold-not-met');
  assert.equal(thresholdsMet([hard], { 'memory.available': { available: 1.05 * Gi, capacity: 0 } }, true), [hard], 'threshold-met-with-min-reclaim');
  assert.equal(thresholdsMet([hard], { 'memory.available': { available: 2 * Gi, capacity: 0 } }, true), [], 'threshold-not-met-with-min-reclaim');
  assert.equal(thresholdsMet([hard], {}, false), [], 'no observation: passed over');
});

test('TestPercentageThresholdsMet', () => {
  const t: Threshold[] = [
    { signal: 'memory.available', value: { percentage: 0.2 }, gracePeriodMs: 0, minReclaim: { percentage: 0.05 } },
    { signal: 'nodefs.available', value: { percentage: 0.3 }, gracePeriodMs: 0 },
  ];
  const obs = (mem: number, fs?: number) => ({
    'memory.available': { available: mem * Mi, capacity: 1000 * Mi },
    ...(fs !== undefined ? { 'nodefs.available': { available: fs * Gi, capacity: 1000 * Gi } } : {}),
  });
  assert.equal(thresholdsMet(t, obs(100, 100), false), t, 'BothMet');
  assert.equal(thresholdsMet(t, obs(300, 400), false), [], 'NoneMet');
  assert.equal(thresholdsMet(t, obs(300, 100), false), [t[1]], 'DiskMet');
  assert.equal(thresholdsMet(t, obs(100, 400), false), [t[0]], 'MemoryMet');
  assert.equal(thresholdsMet(t, obs(225), true), [t[0]], 'MemoryMetWithMinReclaim');
  assert.equal(thresholdsMet(t, obs(300), true), [], 'MemoryNotMetWithMinReclaim');
});

test('TestSortByEvictionPriority: memory first, the others keep their order', () => {
  const th = (signal: Threshold['signal']): Threshold => ({ signal, value: { quantity: 1 }, gracePeriodMs: 0 });
  assert.equal(sortByEvictionPriority([]), []);
  const fs = th('nodefs.available');
  const pid = th('pid.available');
  const mem = th('memory.available');
  assert.equal(sortByEvictionPriority([fs, pid, mem]), [mem, fs, pid]);
  const img = th('imagefs.inodesFree');
  assert.equal(sortByEvictionPriority([img, fs, mem, pid]), [mem, img, fs, pid]);
});

test('TestThresholdsMetGracePeriod: hard at once, soft after its grace period', () => {
  const hard: Threshold = { signal: 'memory.available', value: { quantity: Gi }, gracePeriodMs: 0 };
  const soft: Threshold = { signal: 'memory.available', value: { quantity: 2 * Gi }, gracePeriodMs: 60_000 };
  const now = 1_000_000;
  assert.equal(thresholdsMetGracePeriod(new Map(), now), [], 'empty');
  assert.equal(thresholdsMetGracePeriod(new Map([[hard, now]]), now), [hard], 'hard-threshold-met');
  assert.equal(thresholdsMetGracePeriod(new Map([[soft, now - 30_000]]), now), [], 'soft-threshold-not-met');
  assert.equal(thresholdsMetGracePeriod(new Map([[soft, now - 60_000]]), now), [soft], 'soft-threshold-met');
});

test('thresholdsFirstObservedAt keeps the first time; mergeThresholds dedupes by signal, grace and value', () => {
  const a: Threshold = { signal: 'memory.available', value: { quantity: Gi }, gracePeriodMs: 0 };
  const b: Threshold = { signal: 'nodefs.available', value: { percentage: 0.1 }, gracePeriodMs: 0 };
  const first = thresholdsFirstObservedAt([a], new Map(), 10);
  assert.equal([...thresholdsFirstObservedAt([a, b], first, 20)], [[a, 10], [b, 20]]);
  assert.equal(mergeThresholds([a], [{ ...a }, b]), [a, b]);
});

test('TestNodeConditions / LastObservedAt / ObservedSince', () => {
  const th = (signal: Threshold['signal']): Threshold => ({ signal, value: { quantity: 1 }, gracePeriodMs: 0 });
  assert.equal(nodeConditions([]), []);
  assert.equal(nodeConditions([th('memory.available')]), ['MemoryPressure']);
  assert.equal(nodeConditions([th('nodefs.available'), th('imagefs.inodesFree'), th('pid.available')]), ['DiskPressure', 'PIDPressure']);
  const last = nodeConditionsLastObservedAt(['DiskPressure'], new Map([['MemoryPressure', 5]]), 100);
  assert.equal([...last], [['DiskPressure', 100], ['MemoryPressure', 5]]);
  // in-period, out-of-period (TestNodeConditionsObservedSince)
  assert.equal(nodeConditionsObservedSince(new Map([['MemoryPressure', 0]]), 60_000, 30_000), ['MemoryPressure']);
  assert.equal(nodeConditionsObservedSince(new Map([['MemoryPressure', 0]]), 60_000, 60_000), []);
});

test('TestParseThresholdConfig: hard, soft with grace, min reclaim; upstream messages', () => {
  const ok = parseThresholdConfig({
    evictionHard: { 'memory.available': '150Mi' },
    evictionSoft: { 'memory.available': '300Mi' },
    evictionSoftGracePeriod: { 'memory.available': 30_000 },
    evictionMinimumReclaim: { 'memory.available': '0', 'nodefs.available': '5%' },
  });
  assert.equal(ok.problems, []);
  assert.equal(ok.thresholds, [
    { signal: 'memory.available', value: { quantity: 150 * Mi }, gracePeriodMs: 0, minReclaim: { quantity: 0 } },
    { signal: 'memory.available', value: { quantity: 300 * Mi }, gracePeriodMs: 30_000, minReclaim: { quantity: 0 } },
  ]);
  const msgs = (cfg: Parameters<typeof parseThresholdConfig>[0]) => parseThresholdConfig(cfg).problems.map((p) => `${p.path.join('.')}: ${p.message}`);
  assert.equal(msgs({ evictionSoft: { 'memory.available': '150Mi' } }), ['evictionSoft.memory.available: grace period must be specified for the soft eviction threshold memory.available']);
  assert.equal(msgs({ evictionHard: { 'mem.available': '150Mi' } }), ['evictionHard.mem.available: unsupported eviction signal mem.available']);
  assert.equal(msgs({ evictionHard: { 'memory.available': '-150Mi' } }), ['evictionHard.memory.available: eviction threshold memory.available must be positive: -150Mi']);
  assert.equal(msgs({ evictionHard: { 'memory.available': '-15%' } }), ['evictionHard.memory.available: eviction percentage threshold memory.available must be >= 0%: -15%']);
  assert.equal(msgs({ evictionHard: { 'memory.available': '150%' } }), ['evictionHard.memory.available: eviction percentage threshold memory.available must be <= 100%: 150%']);
  assert.equal(msgs({ evictionMinimumReclaim: { 'memory.available': '-300Mi' } }), ['evictionMinimumReclaim.memory.available: negative eviction minimum reclaim specified for memory.available']);
  assert.equal(msgs({ evictionMinimumReclaim: { 'memory.available': '0%' } }), ['evictionMinimumReclaim.memory.available: eviction percentage minimum reclaim memory.available must be positive: 0%']);
  // No evictionHard: the Linux defaults (memory, nodefs, nodefs inodes, imagefs, imagefs inodes).
  assert.equal(parseThresholdConfig({}).thresholds.map((t) => t.signal), ['memory.available', 'nodefs.available', 'nodefs.inodesFree', 'imagefs.available', 'imagefs.inodesFree']);
  assert.equal(parseThresholdConfig({ evictionHard: { 'memory.available': '0%' } }).thresholds, [], '"0%" is ignored');
});

test('getThresholdMetInfo and the message figures: percentage quantities print BinarySI, counts DecimalSI', () => {
  const t: Threshold[] = [
    { signal: 'memory.available', value: { quantity: 100 * Mi }, gracePeriodMs: 0 },
    { signal: 'nodefs.inodesFree', value: { percentage: Math.fround(0.05) }, gracePeriodMs: 0 },
  ];
  const obs = { 'nodefs.inodesFree': { available: 1234, capacity: 6_553_600 } };
  const info = thresholdMetInfo('inodes', t, obs)!;
  assert.is(info.quantity, 327_680);
  assert.equal(thresholdFigures(info.threshold.value, info.quantity, info.available, 'inodes'), { quantity: '320Ki', available: '1234' });
  assert.is(thresholdMetInfo('memory', t, obs), undefined, 'no observation of the memory signal');
  assert.equal(thresholdFigures({ quantity: 500e6 }, 500e6, 300 * Mi, 'memory'), { quantity: '500M', available: '300Mi' });
  assert.equal(thresholdFigures({ quantity: 1000 }, 1000, 900, 'pids'), { quantity: '1k', available: '900' });
});

test.run();
