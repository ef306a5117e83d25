// NodeResourcesFit's RequestedToCapacityRatio score, its shape given as upstream's args give it
// (scoringStrategy.requestedToCapacityRatio.shape): noderesources/requested_to_capacity_ratio_test.go
// TestRequestedToCapacityRatioScoringStrategy and TestResourceBinPackingSingleExtended, run
// against the plugin's score(). Capacities there are cores; here millicores.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CycleState, SchedulerCache, makePodInfo, validateNodeResourcesFitArgs, type ScoringStrategy } from '../../models/scheduler/policy/index.js';
import { NodeResourcesFit } from '../../models/scheduler/policy/plugins/node-resources-fit.js';
import type { PodResources } from '../../models/api/types.js';
import { mkNode, mkPod } from './helpers.js';

/** A pod as upstream's st.MakePod().Req(...) builds it; no requests = no containers (non-zero 0). */
function req(cpuCores: number, mem: number, extra: Record<string, number> = {}): PodResources {
  const requests: Record<string, number> = { ...extra };
  if (cpuCores) requests['cpu'] = cpuCores * 1000;
  if (mem) requests['memory'] = mem;
  return { containers: [], initContainers: [], requests, limits: {}, nonZero: { cpu: cpuCores * 1000, memory: mem } };
}

function scores(strategy: ScoringStrategy, pod: PodResources, nodes: Array<[number, number, Record<string, number>?]>,
  existing: Array<[string, PodResources]> = []): number[] {
  assert.equal(validateNodeResourcesFitArgs({ scoringStrategy: strategy }), []);
  const c = new SchedulerCache();
  const infos = nodes.map(([cpu, mem, extra], i) => c.addNode(mkNode(`node${i + 1}`, cpu * 1000, mem, extra ? { extra } : {})));
  existing.forEach(([n, r], i) => c.addPod(mkPod(`e${i}`), r, n));
  const fit = new NodeResourcesFit(strategy);
  return infos.map((ni) => fit.score(new CycleState(), makePodInfo(mkPod('p'), pod), ni));
}

test('TestRequestedToCapacityRatioScoringStrategy (shape 0→10, 100→0)', () => {
  const s: ScoringStrategy = { type: 'RequestedToCapacityRatio', resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }],
    requestedToCapacityRatio: { shape: [{ utilization: 0, score: 10 }, { utilization: 100, score: 0 }] } };
  assert.equal(scores(s, req(0, 0), [[4000, 10000], [4000, 10000]]), [100, 100], 'nothing scheduled, nothing requested');
  assert.equal(scores(s, req(3000, 5000), [[4000, 10000], [6000, 10000]]), [38, 50], 'resources requested, differently sized nodes');
  assert.equal(scores(s, req(0, 0), [[4000, 10000], [6000, 10000]], [['node1', req(3000, 5000)], ['node2', req(3000, 5000)]]), [38, 50],
    'no resources requested, pods scheduled with resources');
});

test('TestResourceBinPackingSingleExtended (intel.com/foo, shape 0→0, 100→1)', () => {
  const s: ScoringStrategy = { type: 'RequestedToCapacityRatio', resources: [{ name: 'intel.com/foo', weight: 1 }],
    requestedToCapacityRatio: { shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 1 }] } };
  const Mi = 1024 * 1024;
  const nodes: Array<[number, number, Record<string, number>]> = [[4000, 10000 * Mi, { 'intel.com/foo': 8 }], [4000, 10000 * Mi, { 'intel.com/foo': 4 }]];
  assert.equal(scores(s, req(0, 0), nodes), [0, 0], 'nothing scheduled, nothing requested');
  assert.equal(scores(s, req(0, 0, { 'intel.com/foo': 2 }), nodes), [2, 5], 'resources requested, pods scheduled with less resources');
  assert.equal(scores(s, req(0, 0, { 'intel.com/foo': 2 }), nodes, [['node2', req(0, 0, { 'intel.com/foo': 2 })]]), [2, 10], 'on node with existing pod running');
  assert.equal(scores(s, req(0, 0, { 'intel.com/foo': 4 }), nodes), [5, 10], 'pods scheduled with more resources');
});

test.run();
