// NodeResourcesFit / NodeResourcesBalancedAllocation plugin args: upstream's test tables for
// defaulting (pkg/scheduler/apis/config/v1/defaults_test.go TestPluginArgsDefaults) and
// validation (pkg/scheduler/apis/config/validation/validation_pluginargs_test.go
// TestValidateNodeResourcesBalancedAllocationArgs, TestValidateFitArgs and the
// Least/Most/RequestedToCapacityRatio scoring-strategy tables), run against the functions the
// scenario loader calls; then BalancedAllocation over an extended resource
// (noderesources/balanced_allocation_test.go) and the Filter's ignoredResources /
// ignoredResourceGroups (noderesources/fit_test.go TestEnoughRequests).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  argErrorMessage, defaultBalancedAllocationArgs, defaultNodeResourcesFitArgs, isExtendedResourceName,
  validateBalancedAllocationArgs, validateNodeResourcesFitArgs, type ArgError,
} from '../../models/scheduler/policy/plugin-args.js';
import { CycleState, SchedulerCache, buildProfile, makePodInfo, scheduleOne, type ScoringStrategy } from '../../models/scheduler/policy/index.js';
import { NodeResourcesBalancedAllocation } from '../../models/scheduler/policy/plugins/balanced-allocation.js';
import { NodeResourcesFit } from '../../models/scheduler/policy/plugins/node-resources-fit.js';
import { mkNode, mkPod, res, seq } from './helpers.js';

const cpuMem = [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }];
/** An error as upstream's tables compare them: type and field path (BadValue and Detail ignored). */
const shape = (errs: ArgError[]) => errs.map((e) => `${e.type} ${e.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').slice(1).replace(/\.\[/g, '[')}`);

test('defaults (TestPluginArgsDefaults): BalancedAllocation and Fit', () => {
  assert.equal(defaultBalancedAllocationArgs({}), { resources: cpuMem }, 'resources empty');
  assert.equal(defaultBalancedAllocationArgs({ resources: [{ name: 'scalar.io/scalar1', weight: 1 }] }).resources,
    [{ name: 'scalar.io/scalar1', weight: 1 }], 'with scalar resource');
  assert.equal(defaultBalancedAllocationArgs({ resources: [{ name: 'cpu', weight: 1 }, { name: 'scalar.io/scalar1', weight: 1 }] }).resources,
    [{ name: 'cpu', weight: 1 }, { name: 'scalar.io/scalar1', weight: 1 }], 'with mixed resources');
  assert.equal(defaultBalancedAllocationArgs({ resources: [{ name: 'cpu' }, { name: 'scalar.io/scalar0' }, { name: 'scalar.io/scalar1', weight: 1 }] }).resources,
    [{ name: 'cpu', weight: 1 }, { name: 'scalar.io/scalar0', weight: 1 }, { name: 'scalar.io/scalar1', weight: 1 }], 'have resource no weight');
  assert.equal(defaultNodeResourcesFitArgs({}).scoringStrategy, { type: 'LeastAllocated', resources: cpuMem }, 'NodeResourcesFitArgs not set');
  assert.equal(defaultNodeResourcesFitArgs({ scoringStrategy: { type: 'MostAllocated' } }).scoringStrategy,
    { type: 'MostAllocated', resources: cpuMem }, 'NodeResourcesFitArgs Resources empty');
  // Weight 0 means unset (1), as SetDefaults_NodeResourcesFitArgs; the type is not defaulted.
  assert.equal(defaultNodeResourcesFitArgs({ scoringStrategy: { resources: [{ name: 'cpu', weight: 0 }] } }).scoringStrategy,
    { type: '' as ScoringStrategy['type'], resources: [{ name: 'cpu', weight: 1 }] });
});

test('TestValidateNodeResourcesBalancedAllocationArgs', () => {
  assert.equal(validateBalancedAllocationArgs({ resources: cpuMem }), [], 'valid config');
  assert.equal(shape(validateBalancedAllocationArgs({ resources: [{ name: 'cpu', weight: 2 }, { name: 'memory', weight: 1 }] })),
    ['Invalid resources[0].weight'], 'invalid config');
  assert.equal(shape(validateBalancedAllocationArgs({ resources: [{ name: 'cpu', weight: 1 }, { name: 'cpu', weight: 1 }] })),
    ['Duplicate resources[1].name'], 'repeated resources');
});

test('TestValidateFitArgs: ignoredResources, ignoredResourceGroups, scoringStrategy required', () => {
  const s: ScoringStrategy = { type: 'LeastAllocated', resources: cpuMem };
  const cases: Array<[string, Parameters<typeof validateNodeResourcesFitArgs>[0], string | null]> = [
    ['IgnoredResources: too long value', { ignoredResources: [`longvalue${'a'.repeat(64)}`], scoringStrategy: s }, 'name part must be no more than 63 characters'],
    ['IgnoredResources: name is empty', { ignoredResources: ['example.com/'], scoringStrategy: s }, 'name part must be non-empty'],
    ['IgnoredResources: name has too many slash', { ignoredResources: ['example.com/aaa/bbb'], scoringStrategy: s }, 'a qualified name must consist of alphanumeric characters'],
    ['IgnoredResources: valid args', { ignoredResources: ['example.com'], scoringStrategy: s }, null],
    ['IgnoredResourceGroups: valid args', { ignoredResourceGroups: ['example.com'], scoringStrategy: s }, null],
    ['IgnoredResourceGroups: illegal args', { ignoredResourceGroups: ['example.com/'], scoringStrategy: s }, 'name part must be non-empty'],
    ['IgnoredResourceGroups: name is too long', { ignoredResourceGroups: ['a'.repeat(64)], scoringStrategy: s }, 'name part must be no more than 63 characters'],
    ['IgnoredResourceGroups: name cannot be contain slash', { ignoredResourceGroups: ['example.com/aa'], scoringStrategy: s }, "resource group name can't contain '/'"],
    ['ScoringStrategy: field is required', {}, 'ScoringStrategy field is required'],
  ];
  for (const [name, args, expect] of cases) {
    const errs = validateNodeResourcesFitArgs(args);
    if (expect === null) assert.equal(errs, [], name);
    else assert.ok(errs.map(argErrorMessage).join('; ').includes(expect), `${name}: ${errs.map(argErrorMessage).join('; ')}`);
  }
});

test('TestValidateLeast/MostAllocatedScoringStrategy: weights in (0, 100]', () => {
  for (const type of ['LeastAllocated', 'MostAllocated'] as const) {
    const v = (resources?: ScoringStrategy['resources']) => shape(validateNodeResourcesFitArgs({ scoringStrategy: { type, ...(resources ? { resources } : {}) } }));
    assert.equal(v(), [], `${type} default config`);
    assert.equal(v([{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 10 }]), [], `${type} multi valid resources`);
    assert.equal(v([{ name: 'cpu', weight: 0 }]), ['Invalid scoringStrategy.resources[0].weight'], `${type} weight less than min`);
    assert.equal(v([{ name: 'cpu', weight: 101 }]), ['Invalid scoringStrategy.resources[0].weight'], `${type} weight greater than max`);
    assert.equal(v([{ name: 'cpu', weight: 0 }, { name: 'memory', weight: 101 }]),
      ['Invalid scoringStrategy.resources[0].weight', 'Invalid scoringStrategy.resources[1].weight'], `${type} multi invalid resources`);
  }
  const [e] = validateNodeResourcesFitArgs({ scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 101 }] } });
  assert.is(argErrorMessage(e!), 'Invalid value: 101: resource weight of cpu not in valid range (0, 100]');
});

test('TestValidateRequestedToCapacityRatioScoringStrategy (paths under requestedToCapacityRatio, as current upstream)', () => {
  const P = 'scoringStrategy.requestedToCapacityRatio.shape';
  const v = (shapePts: Array<{ utilization: number; score: number }> | undefined, resources?: ScoringStrategy['resources']) =>
    shape(validateNodeResourcesFitArgs({ scoringStrategy: { type: 'RequestedToCapacityRatio', ...(resources ? { resources } : {}),
      requestedToCapacityRatio: { shape: shapePts ?? [] } } }));
  const def = [{ utilization: 30, score: 3 }];
  assert.equal(v(undefined), [`Required ${P}`], 'no shapes');
  assert.equal(v(def, [{ name: 'cpu', weight: 101 }]), ['Invalid scoringStrategy.resources[0].weight'], 'weight greater than max');
  assert.equal(v(def, [{ name: 'cpu', weight: 0 }]), ['Invalid scoringStrategy.resources[0].weight'], 'weight less than min');
  assert.equal(v(def), [], 'valid shapes');
  assert.equal(v([{ utilization: -1, score: 3 }]), [`Invalid ${P}[0].utilization`], 'utilization less than min');
  assert.equal(v([{ utilization: 101, score: 3 }]), [`Invalid ${P}[0].utilization`], 'utilization greater than max');
  assert.equal(v([{ utilization: 10, score: 3 }, { utilization: 10, score: 3 }]), [`Invalid ${P}[1].utilization`], 'duplicated utilization values');
  assert.equal(v([{ utilization: 10, score: 3 }, { utilization: 20, score: 3 }, { utilization: 30, score: 3 }]), [], 'increasing utilization values');
  assert.equal(v([{ utilization: 10, score: 3 }, { utilization: 20, score: 3 }, { utilization: 15, score: 3 }]), [`Invalid ${P}[2].utilization`], 'non-increasing utilization values');
  assert.equal(v([{ utilization: 10, score: -1 }]), [`Invalid ${P}[0].score`], 'score less than min');
  assert.equal(v([{ utilization: 10, score: 11 }]), [`Invalid ${P}[0].score`], 'score greater than max');
  // Current upstream: the param is required with the type and forbidden with the others.
  assert.equal(shape(validateNodeResourcesFitArgs({ scoringStrategy: { type: 'RequestedToCapacityRatio' } })), ['Required scoringStrategy.requestedToCapacityRatio']);
  assert.equal(shape(validateNodeResourcesFitArgs({ scoringStrategy: { type: 'MostAllocated', requestedToCapacityRatio: { shape: def } } })), ['Forbidden scoringStrategy.requestedToCapacityRatio']);
  assert.equal(validateNodeResourcesFitArgs({ scoringStrategy: { type: '' as ScoringStrategy['type'] } }).map(argErrorMessage),
    ['Unsupported value: "": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"']);
});

// balanced_allocation_test.go TestNodeResourcesBalancedAllocation, the cases without DRA. Pods:
// cpuOnly (1000m+2000m, memory 0) on node1, cpuAndMemory (3000m, 5000) on node2,
// cpuAndMemoryAndGPU (3000m, 5000, 3 GPUs) on node1.
const cpuOnly = () => res(3000, 0);
const cpuAndMemory = () => res(3000, 5000);
const cpuAndMemoryAndGPU = () => res(3000, 5000, { 'nvidia.com/gpu': 3 });
function scores(resources: Array<{ name: string; weight: number }>, podRes: ReturnType<typeof res>,
  nodes: Array<[number, number, Record<string, number>?]>, pods: Array<[ReturnType<typeof res>, string]>): Array<number | 'skip'> {
  const c = new SchedulerCache();
  const infos = nodes.map(([cpu, mem, extra], i) => c.addNode(mkNode(`node${i + 1}`, cpu, mem, extra ? { extra } : {})));
  pods.forEach(([r, n], i) => c.addPod(mkPod(`e${i}`), r, n));
  const ba = new NodeResourcesBalancedAllocation(resources);
  const p = makePodInfo(mkPod('p'), podRes);
  if (ba.preScore(new CycleState(), p) !== null) return ['skip'];
  return infos.map((ni) => ba.score(new CycleState(), p, ni));
}
const gpuSet = [...cpuMem, { name: 'nvidia.com/gpu', weight: 1 }];
const gpu8 = { 'nvidia.com/gpu': 8 };

test('BalancedAllocation table (upstream): cpu/memory and with nvidia.com/gpu', () => {
  assert.equal(scores(cpuMem, res(0, 0), [[4000, 10000], [4000, 10000]], []), ['skip'], 'nothing requested, skip in PreScore');
  assert.equal(scores(cpuMem, cpuAndMemory(), [[4000, 10000], [6000, 10000]], []), [87, 100], 'differently sized nodes');
  assert.equal(scores(cpuMem, cpuAndMemory(), [[10000, 20000], [10000, 20000]], [[cpuOnly(), 'node1'], [cpuAndMemory(), 'node2']]), [82, 95], 'pods scheduled with resources');
  assert.equal(scores(cpuMem, cpuAndMemory(), [[10000, 20000], [10000, 50000]], [[cpuOnly(), 'node1'], [cpuAndMemory(), 'node2']]), [82, 80], 'differently sized nodes, pods scheduled');
  assert.equal(scores(cpuMem, cpuOnly(), [[6000, 10000], [6000, 10000]], [[cpuOnly(), 'node1'], [cpuAndMemory(), 'node2']]), [50, 75], 'requested resources at node capacity');
  assert.equal(scores(gpuSet, res(0, 0, { 'nvidia.com/gpu': 1 }), [[3500, 40000, gpu8], [3500, 40000, gpu8]],
    [[cpuAndMemory(), 'node2'], [cpuAndMemoryAndGPU(), 'node1']]), [70, 65], 'include scalar resource on a node');
  assert.equal(scores(gpuSet, cpuAndMemory(), [[3500, 40000, gpu8], [3500, 40000]], []), [63, 63], 'node without the scalar resource skips it');
  // A pod requesting only a resource outside the configured set is BestEffort to the plugin.
  assert.equal(scores(cpuMem, res(0, 0, { 'nvidia.com/gpu': 1 }), [[3500, 40000, gpu8]], []), ['skip']);
});

test('BalancedAllocation over nvidia.com/gpu changes the placement, through scheduleOne', () => {
  // Two identical GPU nodes; node a has the GPUs half taken by a pod that uses little cpu/memory.
  // With cpu/memory only both nodes look the same to BalancedAllocation; with the GPU in the set
  // the pod's GPU fraction balances best on a.
  const place = (resources: Array<{ name: string; weight: number }>) => {
    const c = new SchedulerCache();
    c.addNode(mkNode('a', 8000, 32 * 1024 ** 3, { extra: gpu8 }));
    c.addNode(mkNode('b', 8000, 32 * 1024 ** 3, { extra: gpu8 }));
    c.addPod(mkPod('old'), res(100, 1024 ** 2, { 'nvidia.com/gpu': 4 }), 'a');
    const profile = buildProfile({ plugins: ['NodeResourcesFit', 'NodeResourcesBalancedAllocation'], weights: { NodeResourcesFit: 1, NodeResourcesBalancedAllocation: 10 },
      balancedAllocationArgs: { resources } });
    const r = scheduleOne(mkPod('p'), res(4000, 16 * 1024 ** 3, { 'nvidia.com/gpu': 1 }), c, profile, seq(0));
    return 'nodeName' in r ? r.nodeName : r.message;
  };
  assert.is(place(cpuMem), 'b', 'cpu/memory: b has more room (LeastAllocated), balance equal');
  assert.is(place(gpuSet), 'a', 'with the GPU: a balances the pod\'s high cpu/memory fractions against its GPUs');
});

test('NodeResourcesFit Filter: ignoredResources and ignoredResourceGroups (TestEnoughRequests)', () => {
  const c = new SchedulerCache();
  const ni = c.addNode(mkNode('n', 10, 20, { pods: 32, extra: { 'example.com/aaa': 5, 'example.com/bbb': 0 } }));
  const pod = (extra: Record<string, number>) => makePodInfo(mkPod('p'), res(1, 1, extra));
  const strategy: ScoringStrategy = { type: 'LeastAllocated' };
  const plain = new NodeResourcesFit(strategy);
  assert.equal([...plain.filter(new CycleState(), pod({ 'example.com/bbb': 1 }), ni)!.reasons], ['Insufficient example.com/bbb'], 'not ignored');
  assert.is(new NodeResourcesFit(strategy, { ignoredResources: ['example.com/bbb'] }).filter(new CycleState(), pod({ 'example.com/bbb': 1 }), ni), null,
    'skip checking ignored extended resource');
  assert.is(new NodeResourcesFit(strategy, { ignoredResourceGroups: ['example.com'] }).filter(new CycleState(), pod({ 'example.com/bbb': 2 }), ni), null,
    'skip checking ignored extended resource via resource groups');
  assert.equal([...new NodeResourcesFit(strategy, { ignoredResourceGroups: ['example.com'] }).filter(new CycleState(), pod({ 'example.com/bbb': 1, 'hugepages-2Mi': 1 }), ni)!.reasons],
    ['Insufficient hugepages-2Mi'], 'only extended resources are ignored, not hugepages');
  assert.ok(isExtendedResourceName('nvidia.com/gpu'));
  assert.not.ok(isExtendedResourceName('kubernetes.io/foo'));
  assert.not.ok(isExtendedResourceName('hugepages-2Mi'));
});

test.run();
