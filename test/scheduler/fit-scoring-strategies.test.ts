// NodeResourcesFit's LeastAllocated and MostAllocated scores with weighted and extended
// resources: upstream's noderesources/least_allocated_test.go TestLeastAllocatedScoringStrategy
// and most_allocated_test.go TestMostAllocatedScoringStrategy (the cases whose pods have
// containers; capacities there are in cores, here in millicores), run against the plugin's
// score(), with the args as the scenario loader validates them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CycleState, SchedulerCache, makePodInfo, validateNodeResourcesFitArgs } from '../../models/scheduler/policy/index.js';
import { NodeResourcesFit } from '../../models/scheduler/policy/plugins/node-resources-fit.js';
import type { PodResources } from '../../models/api/types.js';
import { mkNode, mkPod, res } from './helpers.js';
import type { ScoringStrategy } from '../../models/scheduler/policy/index.js';

const ext = 'abc.com/xyz';
const defaults = [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }];
const extendedSet = [...defaults, { name: ext, weight: 1 }];

/** Requests as upstream's tests write them: every resource given (memory "0" included), so non-zero = real. */
function req(cpuCores: number, mem: number, extra: Record<string, number> = {}): PodResources {
  const requests: Record<string, number> = { cpu: cpuCores * 1000, memory: mem, ...extra };
  return { containers: [{ name: 'c', requests, limits: {} }], initContainers: [], requests, limits: {}, nonZero: { cpu: cpuCores * 1000, memory: mem } };
}

function scores(resources: Array<{ name: string; weight: number }>, pod: PodResources,
  nodes: Array<[number, number, Record<string, number>?]>, existing: Array<[string, PodResources]> = [],
  type: ScoringStrategy['type'] = 'LeastAllocated'): number[] {
  assert.equal(validateNodeResourcesFitArgs({ scoringStrategy: { type, resources } }), []);
  const c = new SchedulerCache();
  const infos = nodes.map(([cpu, mem, extra], i) => c.addNode(mkNode(`node${i + 1}`, cpu * 1000, mem, extra ? { extra } : {})));
  existing.forEach(([n, r], i) => c.addPod(mkPod(`e${i}`), r, n));
  const fit = new NodeResourcesFit({ type, resources });
  const p = makePodInfo(mkPod('p'), pod);
  return infos.map((ni) => fit.score(new CycleState(), p, ni));
}

test('TestLeastAllocatedScoringStrategy', () => {
  assert.equal(scores(defaults, req(3000, 5000), [[4000, 10000], [6000, 10000]]), [37, 50], 'nothing scheduled, resources requested, differently sized nodes');
  const two: Array<[string, PodResources]> = [['node1', req(3000, 0)], ['node2', req(3000, 5000)]];
  assert.equal(scores(defaults, req(3000, 5000), [[10000, 20000], [10000, 20000]], two), [57, 45], 'resources requested, pods scheduled with resources');
  assert.equal(scores(defaults, req(3000, 5000), [[10000, 20000], [10000, 50000]], two), [57, 60], '… differently sized nodes');
  assert.equal(scores(defaults, req(3000, 0), [[4000, 10000], [4000, 10000]], two), [50, 25], 'requested resources exceed node capacity');
  assert.equal(scores([{ name: 'memory', weight: 2 }, { name: 'cpu', weight: 1 }], req(3000, 5000), [[4000, 10000], [6000, 10000]]), [41, 50],
    'different weight on CPU and memory');
  assert.equal(scores(extendedSet, req(3000, 5000), [[6000, 10000], [6000, 10000, { [ext]: 4 }]]), [50, 50], 'bypass extended resource if the pod does not request');
  assert.equal(scores(extendedSet, req(3000, 5000, { [ext]: 2 }), [[6000, 10000, { [ext]: 4 }], [6000, 10000, { [ext]: 10 }]]), [50, 60], 'honor extended resource if the pod requests');
  assert.equal(scores([{ name: ext, weight: 2 }, ...defaults], req(3000, 4000), [[6000, 10000], [6000, 10000, { [ext]: 4 }]]), [55, 55], "if the node doesn't have a resource");
});

test('TestMostAllocatedScoringStrategy', () => {
  const m = (resources: Array<{ name: string; weight: number }>, pod: PodResources, nodes: Array<[number, number, Record<string, number>?]>,
    existing: Array<[string, PodResources]> = []) => scores(resources, pod, nodes, existing, 'MostAllocated');
  assert.equal(m(defaults, req(3000, 5000), [[4000, 10000], [6000, 10000]]), [62, 50], 'nothing scheduled, resources requested, differently sized nodes');
  assert.equal(m(defaults, req(3000, 5000), [[10000, 20000], [10000, 20000]], [['node1', req(3000, 0)], ['node2', req(3000, 5000)]]), [42, 55],
    'resources requested, pods scheduled with resources');
  assert.equal(m(defaults, req(5000, 9000), [[5000, 10000], [10000, 9000]]), [95, 75], 'resources requested equal node capacity');
  assert.equal(m([{ name: 'memory', weight: 2 }, { name: 'cpu', weight: 1 }], req(3000, 5000), [[4000, 10000], [6000, 10000]]), [58, 50], 'weights');
  // Containers without requests count as 100m / 200Mi (non-zero defaults); cpu capped at capacity.
  const Mi = 1024 * 1024;
  assert.equal(m(defaults, res(0, 0), [[0.25, 1000 * Mi], [0.25, 1000 * Mi]], [['node1', res(0, 0)], ['node1', res(0, 0)]]), [80, 30],
    'no resources requested, pods scheduled, nonzero request for resource');
  assert.equal(m(extendedSet, req(3000, 5000), [[6000, 10000], [6000, 10000, { [ext]: 4 }]]), [50, 50], 'bypass extended resource if the pod does not request');
  assert.equal(m(extendedSet, req(3000, 5000, { [ext]: 2 }), [[6000, 10000, { [ext]: 4 }], [6000, 10000, { [ext]: 10 }]]), [50, 40], 'honor extended resource if the pod request');
  assert.equal(m([{ name: ext, weight: 2 }, ...defaults], req(3000, 4000), [[6000, 10000], [6000, 10000, { [ext]: 4 }]]), [45, 45], "if the node doesn't have a resource");
});

test('TestLeastAllocatedScoringStrategy: weights refused as NewFit refuses them', () => {
  const field = (resources: Array<{ name: string; weight: number }>) =>
    validateNodeResourcesFitArgs({ scoringStrategy: { type: 'LeastAllocated', resources } }).map((e) => e.path.join('.'));
  assert.equal(field([{ name: 'memory', weight: -1 }, { name: 'cpu', weight: 1 }]), ['scoringStrategy.resources.0.weight'], 'negative weight');
  assert.equal(field([{ name: 'memory', weight: 1 }, { name: 'cpu', weight: 0 }]), ['scoringStrategy.resources.1.weight'], 'zero weight');
  assert.equal(field([{ name: 'memory', weight: 1 }, { name: 'cpu', weight: 101 }]), ['scoringStrategy.resources.1.weight'], 'weight larger than MaxNodeScore');
});

test.run();
