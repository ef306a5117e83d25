// The fused score loop reuses a node's default resource scores per pod request shape until the
// node's slot is written again (models/scheduler/policy/resource-scores.ts). These tests run the
// same cycles with the reuse and with every score recomputed (the shapes cleared before each
// cycle) through pod adds and removals, node updates and a node removal (slots shift), and
// require the same placements; and check the shape list itself.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import seedrandom from 'seedrandom';
import { SchedulerCache, buildProfile, scheduleOne } from '../../models/scheduler/policy/index.js';
import { MaxShapes, ResourceScores } from '../../models/scheduler/policy/resource-scores.js';
import { mkNode, mkPod, res, Gi, Mi } from './helpers.js';

function run(recompute: boolean): string[] {
  const rng = seedrandom('resource-scores');
  const cache = new SchedulerCache();
  for (let i = 0; i < 150; i++) cache.addNode(mkNode(`n${i}`, 4000 + 1000 * (i % 5), (8 + (i % 3) * 8) * Gi, { pods: 30 }));
  const profile = buildProfile();
  const sizes: [number, number][] = [[100, 128 * Mi], [250, 512 * Mi], [500, Gi], [0, 0]];
  const out: string[] = [];
  const placed: string[] = [];
  for (let i = 0; i < 1500; i++) {
    if (recompute) cache.resourceScores.clear();
    const [cpu, mem] = sizes[i % 7 < 5 ? 0 : Math.floor(rng() * sizes.length)]!;
    const pod = mkPod(`p${i}`);
    const r = scheduleOne(pod, res(cpu, mem), cache, profile, rng);
    if ('nodeName' in r) { cache.addPod(pod, res(cpu, mem), r.nodeName); out.push(r.nodeName); placed.push(`default/p${i}`); }
    else out.push('-');
    // Churn: remove pods, change a node's allocatable, remove a node (the slots after it shift).
    if (i % 9 === 8) cache.removePod(placed.splice(Math.floor(rng() * placed.length), 1)[0]!);
    if (i % 101 === 100) cache.updateNode(mkNode(`n${i % 150}`, 2000, 4 * Gi, { pods: 30 }));
    if (i === 700) cache.removeNode('n3');
    if (i === 900) cache.addNode(mkNode('late', 64000, 256 * Gi, { pods: 200 }));
  }
  return out;
}

test('reused scores place exactly as scores recomputed every cycle', () => {
  const reused = run(false), fresh = run(true);
  assert.equal(reused.length, 1500);
  assert.ok(new Set(reused).size > 100, 'pods spread over many nodes');
  assert.equal(reused, fresh);
});

test('a shape is found again by its four numbers; past MaxShapes the least recently used goes', () => {
  const rs = new ResourceScores();
  const a = rs.shape(100, 1, 100, 1, 10);
  assert.is(rs.shape(100, 1, 100, 1, 10), a);
  assert.is.not(rs.shape(100, 1, 100, 2, 10), a);
  for (let i = 0; i < MaxShapes; i++) { rs.shape(i, 0, 0, 0, 10); rs.shape(100, 1, 100, 1, 10); }
  assert.is(rs.size, MaxShapes);
  assert.is(rs.shape(100, 1, 100, 1, 10), a, 'kept while in use');
  a.stamp[3] = 7; a.fit[3] = 42;
  const b = rs.shape(100, 1, 100, 1, 5000);
  assert.ok(b.stamp.length >= 5000);
  assert.is(b.stamp[3], 7, 'growing keeps the stamps');
  assert.is(b.fit[3], 42);
  assert.is(b.stamp[4000], 0, 'new slots are unstamped');
});

test.run();
