import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  DEFAULT_EVICTION_HARD, thresholdQuantity, thresholdMet, memoryAvailable, nodeAllocatable, rankMemoryPressure,
  evictionMessage, parseEvictionHard, hardEvictionReservation, type MemoryCandidate,
} from '../../../models/kubelet/policy/eviction.js';

const Ki = 1024;
const Mi = 1024 * Ki;
const Gi = 1024 * Mi;

test('default hard thresholds', () => {
  assert.equal(DEFAULT_EVICTION_HARD['memory.available'], { quantity: 100 * Mi });
  assert.equal(DEFAULT_EVICTION_HARD['nodefs.available'], { percentage: 0.1 });
  assert.equal(DEFAULT_EVICTION_HARD['imagefs.available'], { percentage: 0.15 });
  assert.equal(DEFAULT_EVICTION_HARD['nodefs.inodesFree'], { percentage: 0.05 });
});

test('threshold evaluation: quantity and percentage (float32 percentage as upstream)', () => {
  assert.is(thresholdQuantity({ quantity: 100 * Mi }, 8 * Gi), 100 * Mi);
  assert.is(thresholdQuantity({ percentage: 0.1 }, 100 * Gi), 10737418400); // float32(0.1) = 0.10000000149… → 160 bytes more than 10%
  assert.is(thresholdQuantity({ percentage: 0.5 }, 1000), 500);
  assert.is(thresholdMet({ quantity: 100 * Mi }, 50 * Mi, 8 * Gi), true);
  assert.is(thresholdMet({ quantity: 100 * Mi }, 100 * Mi, 8 * Gi), false, 'available == threshold is not below it');
  assert.is(thresholdMet({ percentage: 0.1 }, 5 * Gi, 100 * Gi), true);
  assert.is(thresholdMet({ quantity: 100 * Mi }, 150 * Mi, 8 * Gi, { quantity: 100 * Mi }), true, 'minReclaim raises the bar');
});

test('memory.available = capacity − working set', () => {
  assert.is(memoryAvailable(8 * Gi, 6 * Gi), 2 * Gi);
  assert.is(memoryAvailable(8 * Gi, 9 * Gi), 0);
});

test('node allocatable = capacity − reserved − hard eviction threshold', () => {
  const a = nodeAllocatable(
    { cpu: 4000, memory: 16 * Gi, 'ephemeral-storage': 100 * Gi, pods: 110 },
    { kubeReserved: { cpu: 100, memory: Gi }, systemReserved: { cpu: 100, memory: 512 * Mi } },
  );
  assert.equal(a, { cpu: 3800, memory: 16 * Gi - Gi - 512 * Mi - 100 * Mi, 'ephemeral-storage': 100 * Gi - 10737418400, pods: 110 });
  assert.equal(nodeAllocatable({ memory: 50 * Mi }), { memory: 0 });
});

test('parseEvictionHard: defaults when unset or empty; a map replaces them; 0% and 100% ignored', () => {
  assert.is(parseEvictionHard(undefined), DEFAULT_EVICTION_HARD);
  assert.is(parseEvictionHard({}), DEFAULT_EVICTION_HARD);
  assert.equal(parseEvictionHard({ 'memory.available': '500Mi' }), { 'memory.available': { quantity: 500 * Mi } }, 'no other defaults remain');
  assert.equal(parseEvictionHard({ 'nodefs.available': '5%' }), { 'nodefs.available': { percentage: Math.fround(0.05) } }, 'memory eviction off');
  assert.equal(parseEvictionHard({ 'memory.available': '0%', 'nodefs.available': '100%' }), {});
  assert.equal(parseEvictionHard({ 'memory.available': 1048576, 'bogus.signal': '1Gi' }), { 'memory.available': { quantity: Mi } });
});

test('parseEvictionHard: a percentage is float32(ParseFloat(s, 32)) / 100 in float32, as upstream', () => {
  const p = (s: string) => (parseEvictionHard({ 'memory.available': s })['memory.available'] as { percentage: number }).percentage;
  assert.is(p('10%'), Math.fround(0.1));
  // Where float32 parsing then dividing differs from rounding the double 0.03 / 100 once:
  assert.is(p('0.03%'), Math.fround(Math.fround(0.03) / 100));
  assert.is.not(p('0.03%'), Math.fround(0.0003));
  assert.is(thresholdQuantity({ percentage: p('0.03%') }, 16 * Gi), 5153960, 'int64(float64(cap) × float64(pct)); 5153961 without the float32 steps');
});

test('hardEvictionReservation: memory.available from memory, nodefs.available from ephemeral-storage', () => {
  const cap = { cpu: 4000, memory: 8 * Gi, 'ephemeral-storage': 100 * Gi, pods: 110 };
  assert.equal(hardEvictionReservation(DEFAULT_EVICTION_HARD, cap), { memory: 100 * Mi, 'ephemeral-storage': 10737418400 });
  assert.equal(hardEvictionReservation(parseEvictionHard({ 'memory.available': '10%' }), cap), { memory: 858_993_472 });
  assert.equal(hardEvictionReservation({}, cap), {});
});

test('node allocatable follows a custom evictionHard exactly as upstream (quantity and percentage)', () => {
  const cap = { cpu: 4000, memory: 8 * Gi, pods: 110 };
  const reserved = { kubeReserved: { cpu: 200, memory: 256 * Mi } };
  assert.equal(nodeAllocatable(cap, reserved), { cpu: 3800, memory: 8 * Gi - 256 * Mi - 100 * Mi, pods: 110 });
  assert.equal(nodeAllocatable(cap, reserved, parseEvictionHard({ 'memory.available': '500Mi' })), { cpu: 3800, memory: 8 * Gi - 256 * Mi - 500 * Mi, pods: 110 });
  // 10% of 8Gi with float32(0.1) = 13421773·2⁻²⁷: 13421773·2⁶ = 858993472 bytes (a plain 10% would be 858993459).
  assert.equal(nodeAllocatable(cap, reserved, parseEvictionHard({ 'memory.available': '10%' })), { cpu: 3800, memory: 8 * Gi - 256 * Mi - 858_993_472, pods: 110 });
  assert.equal(nodeAllocatable(cap, reserved, {}), { cpu: 3800, memory: 8 * Gi - 256 * Mi, pods: 110 }, 'no thresholds: capacity − reserved');
});

const pod = (key: string, priority: number, usageMi: number | undefined, requestMi: number): MemoryCandidate =>
  ({ key, priority, usageBytes: usageMi === undefined ? undefined : usageMi * Mi, requestBytes: requestMi * Mi });
const order = (ps: MemoryCandidate[]) => rankMemoryPressure(ps).map((p) => p.key);

// Book §7.8, one test per bullet.
test('7.8 bullet 1: a pod without a memory request is treated as exceeding it', () => {
  assert.equal(order([pod('within', 0, 100, 200), pod('no-request', 0, 10, 0)]), ['no-request', 'within']);
});

test('7.8 bullet 2: exceeding the request but under the limit makes a pod a candidate', () => {
  // limits play no part: 300Mi used of a 256Mi request (limit 1Gi) ranks before a pod within its request
  assert.equal(order([pod('within', 0, 900, 1024), pod('over-request', 0, 300, 256)]), ['over-request', 'within']);
});

test('7.8 bullet 3: among pods exceeding requests, lower priority goes first', () => {
  assert.equal(order([pod('high', 1000, 2000, 100), pod('low', 0, 150, 100), pod('mid', 500, 900, 100)]), ['low', 'mid', 'high']);
});

test('7.8 bullet 4: same priority → the biggest usage above request first', () => {
  assert.equal(order([pod('small', 0, 300, 200), pod('big', 0, 1000, 200), pod('medium', 0, 500, 100)]), ['big', 'medium', 'small']);
});

test('7.8 bullet 5: pods within their requests come only after every exceeding pod', () => {
  const ranked = order([
    pod('within-low-prio', -10, 100, 500), pod('exceeding-high-prio', 100000, 600, 500), pod('within-big', 0, 4000, 4096),
  ]);
  assert.equal(ranked, ['exceeding-high-prio', 'within-low-prio', 'within-big']);
});

test('ranking: pods without stats first, QoS falls out (BestEffort first, Guaranteed last), key tiebreak', () => {
  const ranked = order([
    pod('guaranteed', 0, 512, 512), pod('besteffort', 0, 50, 0), pod('nostats', 0, undefined, 100),
    pod('b-tie', 0, 300, 100), pod('a-tie', 0, 300, 100),
  ]);
  assert.equal(ranked, ['nostats', 'a-tie', 'b-tie', 'besteffort', 'guaranteed']);
});

test('evictionMessage: upstream wording, trailing space, only containers above request', () => {
  const msg = evictionMessage('memory', [
    { name: 'app', usageBytes: 1234 * Ki, requestBytes: 1000 * Ki },
    { name: 'worker', usageBytes: 150 * Mi + 1, requestBytes: 100 * Mi },
    { name: 'sidecar', usageBytes: 10 * Mi, requestBytes: 64 * Mi },
  ], { quantityBytes: 100 * Mi, availableBytes: 51200 * Ki });
  assert.is(msg, 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi. '
    + 'Container app was using 1234Ki, request is 1000Ki, has larger consumption of memory. '
    + 'Container worker was using 157286401, request is 100Mi, has larger consumption of memory. ');
  // request of a container without one prints "0"; usage not a multiple of 1024 prints bytes
  assert.is(evictionMessage('memory', [{ name: 'nginx', usageBytes: 4395616 * Ki, requestBytes: 0 }], { quantityBytes: 750 * Mi, availableBytes: 225800 * Ki }),
    'The node was low on resource: memory. Threshold quantity: 750Mi, available: 225800Ki. Container nginx was using 4395616Ki, request is 0, has larger consumption of memory. ');
  assert.is(evictionMessage('memory', [{ name: 'p1', usageBytes: 788244 * Ki, requestBytes: 128e6, requestText: '128M' }], { quantityBytes: 12 * Gi, availableBytes: 12536420 * Ki }),
    'The node was low on resource: memory. Threshold quantity: 12Gi, available: 12536420Ki. Container p1 was using 788244Ki, request is 128M, has larger consumption of memory. ');
  assert.is(evictionMessage('memory', []), 'The node was low on resource: memory. ');
});

test.run();
