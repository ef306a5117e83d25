// Tables from upstream pkg/kubelet/eviction/helpers_test.go (TestOrderedByExceedsRequestDisk,
// TestOrderedbyDisk, TestOrderedbyInodes, TestOrderedByPriorityDisk, TestOrderedByPriorityInodes,
// TestOrderedByPriorityProcess), run against the rankings the eviction manager calls. Each
// upstream pod has one emptyDir volume, so "per local volume" usage is the pod's local-volume use.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diskRankMeasure, rankDiskPressure, rankPIDPressure, type DiskCandidate } from '../../../models/kubelet/policy/eviction-ranking.js';

const Mi = 1024 * 1024;
const ALL = ['root', 'logs', 'localVolumeSource'] as const;
const low = -1;
const high = 1;

const diskPod = (key: string, priority: number, requestMi: number, rootMi: number, logsMi: number, volMi: number): DiskCandidate => ({
  key, priority, hasStats: true, ephemeralRequestBytes: requestMi * Mi,
  root: { bytes: rootMi * Mi, inodes: 0 }, logs: { bytes: logsMi * Mi, inodes: 0 }, localVolumes: { bytes: volMi * Mi, inodes: 0 },
});
const inodePod = (key: string, priority: number, root: number, logs: number, vol: number): DiskCandidate => ({
  key, priority, hasStats: true, ephemeralRequestBytes: 0,
  root: { bytes: 0, inodes: root }, logs: { bytes: 0, inodes: logs }, localVolumes: { bytes: 0, inodes: vol },
});
const keys = (ps: { key: string }[]) => ps.map((p) => p.key);

test('TestOrderedByExceedsRequestDisk', () => {
  const below = diskPod('below-requests', -1, 200, 100, 99, 0);
  const exceeds = diskPod('exceeds-requests', 1, 100, 90, 11, 0);
  assert.equal(keys(rankDiskPressure([below, exceeds], ALL, 'ephemeral-storage')), ['exceeds-requests', 'below-requests']);
});

test('TestOrderedbyDisk: usage − ephemeral-storage request, largest first (one priority)', () => {
  const pods = [
    diskPod('pod1', 0, 0, 50, 100, 150), diskPod('pod2', 0, 0, 25, 25, 50), diskPod('pod3', 0, 100, 150, 150, 50),
    diskPod('pod4', 0, 100, 25, 35, 50), diskPod('pod5', 0, 400, 225, 100, 50), diskPod('pod6', 0, 400, 25, 45, 50),
  ];
  // upstream sorts by disk() alone: pod1 300, pod3 250, pod2 100, pod4 10, pod5 −25, pod6 −280; with
  // exceedDiskRequests first (the running rank function) pod5/pod6 are within their requests anyway.
  assert.equal(keys(rankDiskPressure(pods, ALL, 'ephemeral-storage')), ['pod1', 'pod3', 'pod2', 'pod4', 'pod5', 'pod6']);
});

test('TestOrderedbyInodes', () => {
  const pods = [inodePod('low', 0, 50_000, 100_000, 50_000), inodePod('medium', 0, 100_000, 150_000, 50_000), inodePod('high', 0, 200_000, 150_000, 50_000)];
  assert.equal(keys(rankDiskPressure(pods, ALL, 'inodes')), ['high', 'medium', 'low']);
});

test('TestOrderedByPriorityDisk: exceeds requests, then priority, then usage above request', () => {
  const pods = [
    diskPod('pod8', high, 1024, 100, 60, 40), diskPod('pod7', high, 1024, 250, 500, 50), diskPod('pod6', low, 1024, 50, 100, 50),
    diskPod('pod5', low, 1024, 500, 200, 100), diskPod('pod4', high, 100, 90, 50, 10), diskPod('pod3', high, 100, 200, 150, 250),
    diskPod('pod2', low, 0, 10, 10, 30), diskPod('pod1', low, 0, 200, 100, 200),
  ];
  assert.equal(keys(rankDiskPressure(pods, ALL, 'ephemeral-storage')), ['pod1', 'pod2', 'pod3', 'pod4', 'pod5', 'pod6', 'pod7', 'pod8']);
});

test('TestOrderedByPriorityInodes', () => {
  const pods = [
    inodePod('pod4', high, 10_000, 40_000, 100_000), inodePod('pod3', high, 150_000, 150_000, 50_000),
    inodePod('pod2', low, 60_000, 30_000, 10_000), inodePod('pod1', low, 50_000, 100_000, 250_000),
  ];
  assert.equal(keys(rankDiskPressure(pods, ALL, 'inodes')), ['pod1', 'pod2', 'pod3', 'pod4']);
});

test('inodes: any inode use "exceeds" the (absent) inodes request, and the ephemeral-storage request is subtracted from the count, as upstream', () => {
  const a: DiskCandidate = { ...inodePod('a', 0, 100, 0, 0), ephemeralRequestBytes: 1000 };
  const b = inodePod('b', 0, 50, 0, 0);
  const none = inodePod('none', -5, 0, 0, 0);
  assert.equal(keys(rankDiskPressure([a, b, none], ALL, 'inodes')), ['b', 'a', 'none'], 'a: 100 − 1000 < b: 50 − 0; none uses no inode');
});

test('TestOrderedByPriorityProcess', () => {
  const pods = [
    { key: 'pod4', priority: high, hasStats: true, processes: 5 }, { key: 'pod3', priority: high, hasStats: true, processes: 20 },
    { key: 'pod2', priority: low, hasStats: true, processes: 6 }, { key: 'pod1', priority: low, hasStats: true, processes: 20 },
  ];
  assert.equal(keys(rankPIDPressure(pods)), ['pod1', 'pod2', 'pod3', 'pod4']);
});

test('pods without stats first; the key breaks ties', () => {
  const s = diskPod('z', 0, 0, 10, 0, 0);
  const none: DiskCandidate = { ...diskPod('y', 0, 0, 0, 0, 0), hasStats: false };
  assert.equal(keys(rankDiskPressure([s, none, diskPod('a', 0, 0, 10, 0, 0)], ALL, 'ephemeral-storage')), ['y', 'a', 'z']);
});

test('buildSignalToRankFunc: what each disk signal measures', () => {
  assert.equal(diskRankMeasure('nodefs.available', false), ['images', 'root', 'logs', 'localVolumeSource']);
  assert.equal(diskRankMeasure('imagefs.inodesFree', false), ['images', 'root', 'logs', 'localVolumeSource']);
  assert.equal(diskRankMeasure('nodefs.available', true), ['logs', 'localVolumeSource']);
  assert.equal(diskRankMeasure('imagefs.available', true), ['root', 'images']);
  const p = diskPod('p', 0, 0, 100, 1, 2);
  const q = diskPod('q', 0, 0, 1, 50, 50);
  assert.equal(keys(rankDiskPressure([p, q], diskRankMeasure('nodefs.available', true), 'ephemeral-storage')), ['q', 'p'], 'nodefs with imagefs: logs + volumes');
  assert.equal(keys(rankDiskPressure([p, q], diskRankMeasure('imagefs.available', true), 'ephemeral-storage')), ['p', 'q'], 'imagefs: writable layers');
});

test.run();
