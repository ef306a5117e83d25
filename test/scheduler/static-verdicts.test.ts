import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SchedulerCache, buildProfile, scheduleOne, type Unschedulable, type Scheduled } from '../../models/scheduler/policy/index.js';
import { StaticVerdicts } from '../../models/scheduler/policy/static-verdicts.js';
import { mkNode, mkPod, res, seq, Gi } from './helpers.js';

// A pending pod's retries reuse the node-static verdicts (NodeAffinity, TaintToleration, …) of
// unchanged nodes, and see a node whose labels or taints changed, or its own changed spec.

function cluster(): SchedulerCache {
  const c = new SchedulerCache();
  c.addNode(mkNode('a', 4000, 8 * Gi));
  c.addNode(mkNode('b', 4000, 8 * Gi, { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] }));
  c.addNode(mkNode('c', 1000, 8 * Gi, { labels: { disk: 'ssd' } }));
  return c;
}

test('static verdicts: same messages as without the cache, reused on retries, refreshed when a node changes', () => {
  const c = cluster();
  const profile = buildProfile();
  const pod = mkPod('p', { nodeSelector: { disk: 'ssd' } });
  const sv = new StaticVerdicts();
  const plain = scheduleOne(pod, res(2000, Gi), c, profile, seq(0.5)) as Unschedulable;
  const first = scheduleOne(pod, res(2000, Gi), c, profile, seq(0.5), { staticVerdicts: sv }) as Unschedulable;
  const again = scheduleOne(pod, res(2000, Gi), c, profile, seq(0.5), { staticVerdicts: sv }) as Unschedulable;
  assert.ok(plain.unschedulable && first.unschedulable && again.unschedulable);
  assert.is(first.message, plain.message);
  assert.is(again.message, plain.message);
  assert.match(plain.message, /0\/3 nodes are available: 1 Insufficient cpu, 1 node\(s\) didn't match Pod's node affinity\/selector, 1 node\(s\) had untolerated taint/);
  assert.is(sv.hits, 3, 'the second attempt read every node from the cache');
  // Node "a" gets the label: its verdict must be recomputed, and the pod fits there.
  const a = mkNode('a', 4000, 8 * Gi, { labels: { disk: 'ssd' } });
  c.updateNode(a);
  const placed = scheduleOne(pod, res(2000, Gi), c, profile, seq(0.5), { staticVerdicts: sv }) as Scheduled;
  assert.is(placed.nodeName, 'a');
});

test('static verdicts: a changed pod spec (tolerations) is not answered from the cache', () => {
  const c = cluster();
  const profile = buildProfile();
  const sv = new StaticVerdicts();
  const pod = mkPod('p', { nodeSelector: { pool: 'none' } });
  scheduleOne(pod, res(100, Gi), c, profile, seq(0.5), { staticVerdicts: sv });
  // The user drops the selector and tolerates the taint (a new spec, as an update writes it).
  pod.spec = { ...pod.spec, nodeSelector: {}, tolerations: [{ key: 'dedicated', operator: 'Exists', effect: 'NoSchedule' }] };
  const r = scheduleOne(pod, res(3000, Gi), c, profile, seq(0), { staticVerdicts: sv }) as Scheduled;
  assert.ok(r.nodeName === 'a' || r.nodeName === 'b', r.nodeName);
});

test.run();
