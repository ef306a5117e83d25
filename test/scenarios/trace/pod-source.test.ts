// The replay window (from/until/offset/speedup), sampling, and the bounded read-ahead that puts
// a nearly sorted file (DLRM's) back in creation order — or says it cannot.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { OutOfOrderError, placeInWindow, TracePodSource, DEFAULT_WINDOW, type TraceSpec } from '../../../scenarios/trace/pod-source.js';
import type { PodMapping, TracePod } from '../../../scenarios/trace/pod-rows.js';
import { packageRoot } from '../../helpers.js';

const fixture = (name: string) => join(packageRoot(), 'test', 'fixtures', 'traces', name);

const pod = (createdAt: number | undefined, deletedAt: number | undefined): TracePod => ({
  line: 2, name: 'p', createdAt, deletedAt, runFor: undefined, scheduledAt: undefined, requests: {},
  gpuShareMilli: undefined, roundedGpu: false, affinity: [], priority: undefined, owner: undefined, outcome: undefined,
});

test('placeInWindow: a table of pods against a window', () => {
  const w = { ...DEFAULT_WINDOW, from: 1000, until: 5000, offset: 100, speedup: 2 };
  const cases: [number | undefined, number | undefined, ReturnType<typeof placeInWindow>][] = [
    [2000, 3000, { createAt: 100 + 500, deleteAt: 100 + 500 + 1000 }], // arrivals sped up, lifetime kept
    [2000, undefined, { createAt: 600, deleteAt: undefined }],
    [500, 3000, { createAt: 100, deleteAt: 100 + 2000 }], // alive when the window opens: at once, the rest of its life
    [undefined, 1500, { createAt: 100, deleteAt: 600 }], // existed before the trace began
    [500, 1000, undefined], // gone before the window
    [5000, 6000, undefined], // arrives after until
    [4999, 9999, { createAt: 100 + 2000, deleteAt: 2100 + 5000 }],
  ];
  for (const [c, d, want] of cases) assert.equal(placeInWindow(pod(c, d), w), want, `created ${c} deleted ${d}`);
});

function dlrmSpec(reorderRows: number, every = 1, phase = 0): TraceSpec {
  const pods: PodMapping = {
    file: fixture('dlrm_small.csv'), format: 'csv', namespace: 'default', image: 'i',
    columns: { name: 'instance_id', createdAt: 'creation_s', deletedAt: 'deletion_s', cpu: 'cpu_milli', memory: 'memory_mib', resources: [['nvidia.com/gpu', 'num_gpu']], nodeSelector: [], owner: 'app' },
    units: { time: 's', cpu: 'm', memory: 'Mi' }, fractionalGpu: 'refuse', gpuResource: 'nvidia.com/gpu', limitsEqualRequests: true, reorderRows,
  };
  return { name: 'dlrm', pods, replay: { ...DEFAULT_WINDOW, every, phase } };
}

function drain(s: TracePodSource) {
  const out = [];
  for (let p = s.next(); p; p = s.next()) out.push(p);
  return out;
}

test('DLRM, not sorted by creation: a read-ahead of 8 rows replays all 30 in time order', () => {
  const got = drain(new TracePodSource(dlrmSpec(8)));
  assert.is(got.length, 30);
  const times = got.map((p) => p.createAt);
  assert.equal(times, [...times].sort((a, b) => a - b));
  // The five instances that existed at the start come first, at 0, in file order.
  assert.equal(got.slice(0, 5).map((p) => [p.pod.name, p.createAt]), [0, 1, 2, 3, 4].map((i) => [`instance-${i}`, 0]));
  assert.equal(got[5]!.createAt, 475_000);
});

test('a read-ahead too short for the file is a clear error at the offending line', () => {
  try {
    drain(new TracePodSource(dlrmSpec(1)));
    assert.unreachable();
  } catch (e) {
    assert.instance(e, OutOfOrderError);
    // Row "instance_7282" (line 9, created at 475 s) comes after line 8's 610 s.
    assert.is((e as OutOfOrderError).line, 9);
    assert.match((e as OutOfOrderError).message, /reorderRows/);
  }
});

test('sampling keeps every k-th pod of the window, in file order', () => {
  const all = drain(new TracePodSource(dlrmSpec(64)));
  const third = drain(new TracePodSource(dlrmSpec(64, 3, 1)));
  const bySeq = [...all].sort((a, b) => a.seq - b.seq).filter((_, i) => i % 3 === 1).map((p) => p.pod.name);
  assert.equal([...third].sort((a, b) => a.seq - b.seq).map((p) => p.pod.name), bySeq);
  assert.is(third.length, 10);
});

test('streaming: rows are read only as far as asked (the read-ahead), not the whole file', () => {
  const s = new TracePodSource(dlrmSpec(4));
  s.next();
  assert.is(s.rowsRead, 4); // the read-ahead's worth, of 30
  s.close();
});

test.run();
