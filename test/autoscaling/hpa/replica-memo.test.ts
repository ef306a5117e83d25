// The HPA's memo of its last replica calculation: served only while every input it depends on is
// what it was. Each case changes one input and checks the memo gives what a fresh
// computeReplicasForMetrics gives — and that this differs from the kept result, so a memo that
// served the stale result would fail here.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ReplicaMemo } from '../../../models/autoscaling/hpa/replica-memo.js';
import {
  computeReplicasForMetrics,
  DEFAULT_REPLICA_CALC_CONFIG,
  type ComputeInput,
  type HpaPod,
  type MetricSpec,
  type MetricsSource,
  type PodMetric,
} from '../../../models/autoscaling/hpa/policy/replica-calculator.js';

const NOW = 3_600_000;
const LONG_AGO = NOW - 30 * 60_000;
const CPU50: MetricSpec[] = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }];

const pod = (name: string, startTime = LONG_AGO): HpaPod => ({
  name,
  phase: 'Running',
  startTime,
  ready: { status: 'True', lastTransitionTime: startTime + 10_000 },
  containers: [{ name: 'app', requests: { cpu: 1000 } }],
});

/** A world like the controller's: published samples mutated in place, one source object. */
function world(values: Record<string, number>) {
  const cpu = new Map<string, PodMetric>(Object.entries(values).map(([k, v]) => [k, { value: v, timestamp: NOW - 5_000, window: 15_000 }]));
  const source: MetricsSource = { resource: (r) => (r === 'cpu' ? cpu : undefined), pods: () => undefined, object: () => undefined, external: () => undefined };
  const spec = { metrics: CPU50 };
  const memo = new ReplicaMemo();
  const input = (over: Partial<ComputeInput> = {}): ComputeInput => ({
    specReplicas: 3,
    statusReplicas: 3,
    metrics: CPU50,
    pods: [pod('a'), pod('b'), pod('c')],
    source,
    now: NOW,
    tolerances: { scaleUp: 0.1, scaleDown: 0.1 },
    config: DEFAULT_REPLICA_CALC_CONFIG,
    ...over,
  });
  return { cpu, source, spec, memo, input };
}

test('unchanged inputs: the kept result, the same object, without recomputing', () => {
  const w = world({ a: 500, b: 500, c: 500 });
  const pods = [pod('a'), pod('b'), pod('c')];
  const first = w.memo.compute(w.input({ pods }), w.spec);
  const again = w.memo.compute(w.input({ pods: pods.slice(), now: NOW + 15_000 }), w.spec);
  assert.is(again, first);
  assert.equal({ hits: w.memo.hits, misses: w.memo.misses }, { hits: 1, misses: 1 });
  assert.equal(first, computeReplicasForMetrics(w.input({ pods })));
});

test('a sample that changed (and was announced by bumping `samples`) is recomputed', () => {
  const w = world({ a: 500, b: 500, c: 500 });
  const pods = [pod('a'), pod('b'), pod('c')];
  const kept = w.memo.compute(w.input({ pods }), w.spec);
  w.cpu.get('a')!.value = 2_000;
  w.memo.samples++;
  const r = w.memo.compute(w.input({ pods }), w.spec);
  const fresh = computeReplicasForMetrics(w.input({ pods }));
  assert.equal(r, fresh);
  assert.not.equal(fresh, kept, 'the change moves the result');
});

test('each other input: pod views, /scale replicas, spec, source, config', () => {
  // d has a sample before it is listed (extraneous samples are ignored). `moves`: the change
  // moves the result (status.replicas is read only by AverageValue Object/External targets).
  const cases: Array<{ what: string; values?: Record<string, number>; over: Partial<ComputeInput>; key?: object; moves: boolean }> = [
    { what: 'a pod view rebuilt (now Pending)', over: { pods: [pod('a'), { ...pod('b'), phase: 'Pending' }, pod('c')] }, moves: true },
    { what: 'a pod more', over: { pods: [pod('a'), pod('b'), pod('c'), pod('d')] }, moves: true },
    { what: 'spec.replicas', values: { a: 500, b: 500, c: 500 }, over: { specReplicas: 4 }, moves: true },
    { what: 'status.replicas', over: { statusReplicas: 2 }, moves: false },
    { what: 'another spec', over: { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 90 } } }] }, key: {}, moves: true },
    { what: 'another source', over: { source: { resource: () => new Map([['a', { value: 100, timestamp: NOW, window: 15_000 }]]), pods: () => undefined, object: () => undefined, external: () => undefined } }, moves: true },
    { what: 'another config', over: { config: { ...DEFAULT_REPLICA_CALC_CONFIG } }, moves: false },
  ];
  for (const c of cases) {
    const w = world(c.values ?? { a: 900, b: 900, c: 900, d: 2_000 });
    const pods = [pod('a'), pod('b'), pod('c')];
    const base = w.input({ pods });
    const kept = w.memo.compute(base, w.spec);
    const input = { ...base, ...c.over };
    const r = w.memo.compute(input, c.key ?? w.spec);
    assert.is(w.memo.misses, 2, `${c.what}: recomputed`);
    assert.equal(r, computeReplicasForMetrics(input), c.what);
    if (c.moves) assert.not.equal(r, kept, `${c.what}: the result moves`);
  }
});

test('a pod inside the CPU initialisation window: never kept (sample timestamps and `now` matter)', () => {
  const w = world({ a: 500, b: 2_000, c: 500 });
  // b started 1 min ago and became ready 10 s later; its sample predates readiness + window: unready.
  const young = pod('b', NOW - 60_000);
  w.cpu.get('b')!.timestamp = young.ready!.lastTransitionTime + 5_000;
  const pods = [pod('a'), young, pod('c')];
  const first = w.memo.compute(w.input({ pods }), w.spec);
  // Same pods, samples not bumped: only the timestamp moved (as every scrape does).
  w.cpu.get('b')!.timestamp = NOW + 15_000;
  const later = w.input({ pods, now: NOW + 15_000 });
  const r = w.memo.compute(later, w.spec);
  assert.is(w.memo.hits, 0);
  assert.equal(r, computeReplicasForMetrics(later));
  assert.not.equal(r, first, 'b now counts: the result moved');
});

test('Object and External metrics (Service figures without a stamp) are never kept', () => {
  const w = world({ a: 500, b: 500, c: 500 });
  let value = 1_000;
  const source: MetricsSource = { ...w.source, object: () => value };
  const metrics: MetricSpec[] = [{ type: 'Object', object: { describedObject: { kind: 'Service', name: 'web' }, metric: { name: 'requests_per_second' }, target: { type: 'Value', value: 1_000 } } }];
  const pods = [pod('a'), pod('b'), pod('c')];
  const first = w.memo.compute(w.input({ pods, metrics, source }), w.spec);
  value = 3_000;
  const r = w.memo.compute(w.input({ pods, metrics, source }), w.spec);
  assert.is(w.memo.hits, 0);
  assert.equal(r, computeReplicasForMetrics(w.input({ pods, metrics, source })));
  assert.not.equal(r, first);
});

test.run();
