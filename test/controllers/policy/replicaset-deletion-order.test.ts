// ReplicaSet deletion order under the feature gates that change it: upstream's
// TestSortingActivePodsWithRanks (pkg/controller/controller_utils_test.go) run against
// deletionLess, the Less that podsToDelete sorts with, and GetDeletionCostFromPodAnnotations'
// parsing rules (pkg/apis/core/helper).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  deletionCostFromAnnotation, deletionLess, podsToDelete, type DeletionGates, type RankedPod,
} from '../../../models/controllers/policy/replicaset.js';

const H = 3_600_000;
const NOW = 100 * 24 * H;
const then1Month = NOW - 30 * 24 * H;
const then2Hours = NOW - 2 * H;
const then5Hours = NOW - 5 * H;
const then8Hours = NOW - 8 * H;
const ZERO = undefined;

/** upstream's pod(): restarts and the Ready condition only when ready; no UIDs (all equal). */
function pod(name: string, nodeName: string, phase: RankedPod['phase'], ready: boolean, restarts: number, readySince: number | undefined, created: number | undefined, cost?: string): RankedPod {
  const p: RankedPod = { name, uid: '', nodeName, phase, ready, restarts: ready ? restarts : 0, active: true, deletionCost: deletionCostFromAnnotation(cost) };
  if (ready && readySince !== undefined) p.readySince = readySince;
  if (created !== undefined) p.created = created;
  return p;
}

const unscheduledPod = pod('unscheduled', '', 'Pending', false, 0, ZERO, ZERO);
const scheduledPendingPod = pod('pending', 'node', 'Pending', false, 0, ZERO, ZERO);
const unknownPhasePod = pod('unknown-phase', 'node', 'Unknown', false, 0, ZERO, ZERO);
const runningNotReadyPod = pod('not-ready', 'node', 'Running', false, 0, ZERO, ZERO);
const runningReadyNoLastTransitionTimePod = pod('ready-no-last-transition-time', 'node', 'Running', true, 0, ZERO, ZERO);
const runningReadyNow = pod('ready-now', 'node', 'Running', true, 0, NOW, NOW);
const runningReadyThen = pod('ready-then', 'node', 'Running', true, 0, then1Month, then1Month);
const runningReadyNowHighRestarts = pod('ready-high-restarts', 'node', 'Running', true, 9001, NOW, NOW);
const runningReadyNowCreatedThen = pod('ready-now-created-then', 'node', 'Running', true, 0, NOW, then1Month);
const lowPodDeletionCost = pod('low-deletion-cost', 'node', 'Running', true, 0, NOW, then1Month, '10');
const highPodDeletionCost = pod('high-deletion-cost', 'node', 'Running', true, 0, NOW, then1Month, '100');
const unscheduled5Hours = pod('unscheduled-5-hours', '', 'Pending', false, 0, then5Hours, then5Hours);
const unscheduled8Hours = pod('unscheduled-10-hours', '', 'Pending', false, 0, then8Hours, then8Hours);
const ready2Hours = pod('ready-2-hours', '', 'Running', true, 0, then2Hours, then1Month);
const ready5Hours = pod('ready-5-hours', '', 'Running', true, 0, then5Hours, then1Month);
const ready10Hours = pod('ready-10-hours', '', 'Running', true, 0, then8Hours, then1Month);

const gates = (o: { disablePodDeletionCost?: boolean; disableLogarithmicScaleDown?: boolean } = {}): DeletionGates => ({
  podDeletionCost: !o.disablePodDeletionCost, logarithmicScaleDown: !o.disableLogarithmicScaleDown,
});
const less = (a: RankedPod, ra: number, b: RankedPod, rb: number, g: DeletionGates) => deletionLess(a, ra, b, rb, NOW, g) === true;

test('TestSortingActivePodsWithRanks: equality', () => {
  const equality: Array<{ p1: RankedPod; p2?: RankedPod; disableLogarithmicScaleDown?: boolean }> = [
    { p1: unscheduledPod }, { p1: scheduledPendingPod }, { p1: unknownPhasePod }, { p1: runningNotReadyPod },
    { p1: runningReadyNowCreatedThen }, { p1: runningReadyNow }, { p1: runningReadyThen }, { p1: runningReadyNowHighRestarts },
    { p1: runningReadyNowCreatedThen }, { p1: unscheduled5Hours, p2: unscheduled8Hours }, { p1: ready5Hours, p2: ready10Hours },
  ];
  for (const [i, t] of equality.entries()) {
    const p2 = t.p2 ?? t.p1;
    const g = gates(t);
    assert.ok(!less(t.p1, 1, p2, 1, g) && !less(p2, 1, t.p1, 1, g), `equality ${i}: ${t.p1.name} ~ ${p2.name}`);
  }
});

test('TestSortingActivePodsWithRanks: inequality, with PodDeletionCost and LogarithmicScaleDown on or off', () => {
  type PR = [RankedPod, number];
  const inequality: Array<{ lesser: PR; greater: PR; disablePodDeletionCost?: boolean; disableLogarithmicScaleDown?: boolean }> = [
    { lesser: [unscheduledPod, 1], greater: [scheduledPendingPod, 2] },
    { lesser: [unscheduledPod, 2], greater: [scheduledPendingPod, 1] },
    { lesser: [scheduledPendingPod, 1], greater: [unknownPhasePod, 2] },
    { lesser: [unknownPhasePod, 1], greater: [runningNotReadyPod, 2] },
    { lesser: [runningNotReadyPod, 1], greater: [runningReadyNoLastTransitionTimePod, 1] },
    { lesser: [runningReadyNoLastTransitionTimePod, 1], greater: [runningReadyNow, 1] },
    { lesser: [runningReadyNow, 2], greater: [runningReadyNoLastTransitionTimePod, 1] },
    { lesser: [runningReadyNow, 1], greater: [runningReadyThen, 1] },
    { lesser: [runningReadyNow, 2], greater: [runningReadyThen, 1] },
    { lesser: [runningReadyNowHighRestarts, 1], greater: [runningReadyNow, 1] },
    { lesser: [runningReadyNow, 2], greater: [runningReadyNowHighRestarts, 1] },
    { lesser: [runningReadyNow, 1], greater: [runningReadyNowCreatedThen, 1] },
    { lesser: [runningReadyNowCreatedThen, 2], greater: [runningReadyNow, 1] },
    { lesser: [lowPodDeletionCost, 2], greater: [highPodDeletionCost, 1] },
    { lesser: [highPodDeletionCost, 2], greater: [lowPodDeletionCost, 1], disablePodDeletionCost: true },
    { lesser: [ready2Hours, 1], greater: [ready5Hours, 1] },
  ];
  for (const [i, t] of inequality.entries()) {
    const g = gates(t);
    const [a, ra] = t.lesser, [b, rb] = t.greater;
    assert.ok(less(a, ra, b, rb, g), `inequality ${i}: ${a.name}/${ra} < ${b.name}/${rb}`);
    assert.ok(!less(b, rb, a, ra, g), `inequality ${i}: not ${b.name}/${rb} < ${a.name}/${ra}`);
  }
});

test('LogarithmicScaleDown off (before 1.31): exact ready and creation times, no UID bucket tie-break', () => {
  const off = gates({ disableLogarithmicScaleDown: true });
  // 5 h and 8 h ready share a log2 bucket (equal with the gate on); off, the later-ready goes first.
  assert.ok(less(ready5Hours, 1, ready10Hours, 1, off) && !less(ready10Hours, 1, ready5Hours, 1, off));
  assert.ok(!less(unscheduled5Hours, 1, unscheduled8Hours, 1, gates()));
  assert.ok(less(unscheduled5Hours, 1, unscheduled8Hours, 1, off));
  // Within a bucket and with the gate on, the UID decides.
  const a = { ...ready5Hours, uid: 'b' }, b = { ...ready10Hours, uid: 'a' };
  assert.ok(less(b, 1, a, 1, gates()) && less(a, 1, b, 1, off));
});

test('podsToDelete takes the gates: deletion cost ignored when PodDeletionCost is off', () => {
  const keep = { ...pod('keep', 'n1', 'Running', true, 0, then2Hours, then2Hours, '1000'), uid: 'u1' };
  const other = { ...pod('other', 'n2', 'Running', true, 0, then5Hours, then5Hours), uid: 'u2' };
  assert.equal(podsToDelete([keep, other], 1, NOW, [keep, other]), ['other']);
  assert.equal(podsToDelete([keep, other], 1, NOW, [keep, other], gates({ disablePodDeletionCost: true })), ['keep']);
});

test('GetDeletionCostFromPodAnnotations: int32 decimal, else 0 (no "+", no leading zeros)', () => {
  const table: Array<[string | undefined, number]> = [
    [undefined, 0], ['', 0], ['0', 0], ['10', 10], ['-10', -10], ['2147483647', 2147483647], ['-2147483648', -2147483648],
    ['2147483648', 0], ['-2147483649', 0], ['+10', 0], ['008', 0], ['00', 0], ['-', 0], ['1.5', 0], ['1e3', 0], [' 5', 0], ['abc', 0], ['0x10', 0],
  ];
  for (const [v, want] of table) assert.is(deletionCostFromAnnotation(v), want, String(v));
});

test.run();
