// NodeAffinity PreFilter narrowing to the nodes named by metadata.name (upstream
// pkg/scheduler/framework/plugins/nodeaffinity/node_affinity_test.go TestNodeAffinity
// prefilter cases, and schedule_one.go's absent-nodes status).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SchedulerCache, buildProfile, scheduleOne } from '../../models/scheduler/policy/index.js';
import { requiredNodeNames } from '../../models/scheduler/policy/plugins/node-affinity.js';
import type { NodeSelectorTerm } from '../../models/api/types.js';
import { mkNode, mkPod, res, Gi } from './helpers.js';

const names = (...vs: string[][]): NodeSelectorTerm => ({ matchFields: vs.map((values) => ({ key: 'metadata.name', operator: 'In' as const, values })) });
const set = (r: Set<string> | null) => (r === null ? null : [...r].sort());

test('PreFilter node names: one term; terms united; In lists of a term intersected; a term without names means all nodes', () => {
  assert.equal(set(requiredNodeNames([names(['node1'])])), ['node1']);
  assert.equal(set(requiredNodeNames([names(['node1']), names(['node2'])])), ['node1', 'node2']);
  assert.equal(set(requiredNodeNames([names(['node1', 'node2'], ['node2', 'node3'])])), ['node2']);
  assert.equal(set(requiredNodeNames([names(['node1']), { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] }])), null);
  assert.equal(set(requiredNodeNames([{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node1'] }] }])), null);
  assert.equal(set(requiredNodeNames([names(['node1'], ['node2'])])), [], 'conflicting: empty set');
});

test('scheduleOne filters only the named node; the others are "didn\'t satisfy plugin(s) [NodeAffinity]"; conflicts are refused in PreFilter', () => {
  const cache = new SchedulerCache();
  for (let i = 0; i < 5; i++) cache.addNode(mkNode(`n${i}`, 1000, Gi));
  const profile = buildProfile();
  const pinned = (...vs: string[][]) => mkPod('d', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [names(...vs)] } } } });
  const r = scheduleOne(pinned(['n3']), res(100, 0), cache, profile, () => 0.5);
  assert.equal('nodeName' in r && r.nodeName, 'n3');
  const full = scheduleOne(pinned(['n3']), res(2000, 0), cache, profile, () => 0.5);
  assert.ok(!('nodeName' in full));
  if (!('nodeName' in full)) {
    assert.is(full.message.split(' preemption:')[0], "0/5 nodes are available: 1 Insufficient cpu, 4 node(s) didn't satisfy plugin(s) [NodeAffinity].");
  }
  const conflict = scheduleOne(pinned(['n1'], ['n2']), res(100, 0), cache, profile, () => 0.5);
  assert.ok(!('nodeName' in conflict));
  if (!('nodeName' in conflict)) assert.is(conflict.message.split(' preemption:')[0], '0/5 nodes are available: pod affinity terms conflict.');
  // a name that is no node: every node is absent
  const gone = scheduleOne(pinned(['n9']), res(100, 0), cache, profile, () => 0.5);
  if (!('nodeName' in gone)) assert.is(gone.message.split(' preemption:')[0], "0/5 nodes are available: 5 node(s) didn't satisfy plugin(s) [NodeAffinity].");
  else assert.unreachable('scheduled onto a node that does not exist');
});

test.run();
