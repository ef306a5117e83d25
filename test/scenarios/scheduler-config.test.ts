// Cluster.spec.scheduler.pluginConfig (and the scoringStrategy shorthand): upstream's defaulting,
// then its validation, each problem one located error; valid args reach the running profile.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText } from '../../scenarios/load.js';
import { buildScenario } from '../../scenarios/build.js';
import { ScenarioErrors } from '../../scenarios/errors.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFiles } from '../../runner/simulate.js';
import { scenarioFile, tempDir } from '../helpers.js';

const cluster = (scheduler: string) => `apiVersion: k8sim/v1
kind: Cluster
spec:
  nodePools:
    - {name: gpu, count: 2, cpu: 8, memory: 32Gi, resources: {nvidia.com/gpu: 4}}
  scheduler:
${scheduler}
`;

function errorsOf(text: string): string[] {
  try {
    buildScenario(loadScenarioText('s.yaml', text));
  } catch (e) {
    if (e instanceof ScenarioErrors) return e.errors.map((x) => x.message);
    throw e;
  }
  assert.unreachable('expected ScenarioErrors');
  return [];
}

test('refused as upstream refuses: weights, shape rules, duplicates, ignored names', () => {
  const errs = errorsOf(cluster(`    pluginConfig:
      - name: NodeResourcesFit
        args:
          ignoredResourceGroups: [example.com/aa]
          scoringStrategy:
            type: RequestedToCapacityRatio
            resources: [{name: cpu, weight: 101}, {name: nvidia.com/gpu, weight: -3}]
            requestedToCapacityRatio: {shape: [{utilization: 50, score: 11}, {utilization: 40, score: 1}]}
      - name: NodeResourcesBalancedAllocation
        args: {resources: [{name: cpu, weight: 2}, {name: cpu}]}
      - name: NodeResourcesBalancedAllocation`));
  assert.equal(errs, [
    "s.yaml:10:35: spec.scheduler.pluginConfig[0].args.ignoredResourceGroups[0]: Invalid value: \"example.com/aa\": resource group name can't contain '/'",
    's.yaml:13:45: spec.scheduler.pluginConfig[0].args.scoringStrategy.resources[0].weight: Invalid value: 101: resource weight of cpu not in valid range (0, 100]',
    's.yaml:13:82: spec.scheduler.pluginConfig[0].args.scoringStrategy.resources[1].weight: Invalid value: -3: resource weight of nvidia.com/gpu not in valid range (0, 100]',
    's.yaml:14:92: spec.scheduler.pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio.shape[1].utilization: Invalid value: 40: values must be sorted in increasing order',
    's.yaml:14:73: spec.scheduler.pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio.shape[0].score: Invalid value: 11: not in valid range [0, 10]',
    's.yaml:16:48: spec.scheduler.pluginConfig[1].args.resources[0].weight: Invalid value: 2: must be 1',
    's.yaml:16:59: spec.scheduler.pluginConfig[1].args.resources[1].name: Duplicate value: "cpu"',
    's.yaml:17:9: spec.scheduler.pluginConfig[2]: Duplicate value: "NodeResourcesBalancedAllocation"',
  ]);
});

test('the scoringStrategy shorthand: same rules, its type required as upstream, not given twice', () => {
  assert.equal(errorsOf(cluster('    scoringStrategy: {resources: [{name: cpu, weight: 200}]}')), [
    's.yaml:7:22: spec.scheduler.scoringStrategy.type: Unsupported value: "": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"',
    's.yaml:7:55: spec.scheduler.scoringStrategy.resources[0].weight: Invalid value: 200: resource weight of cpu not in valid range (0, 100]',
  ]);
  assert.equal(errorsOf(cluster('    scoringStrategy: {type: RequestedToCapacityRatio}')),
    ['s.yaml:7:22: spec.scheduler.scoringStrategy.requestedToCapacityRatio: Required value: must be specified when type is RequestedToCapacityRatio']);
  assert.equal(errorsOf(cluster('    scoringStrategy: {type: MostAllocated}\n    pluginConfig: [{name: NodeResourcesFit}]')),
    ['s.yaml:7:22: spec.scheduler.scoringStrategy: NodeResourcesFit has a pluginConfig entry too: give its scoringStrategy there only (args.scoringStrategy)']);
});

test('valid args are defaulted (weight 0 → 1, empty list → cpu, memory) and reach the scheduler config', () => {
  const built = buildScenario(loadScenarioText('s.yaml', cluster(`    pluginConfig:
      - name: NodeResourcesFit
        args:
          ignoredResources: [example.com/foo]
          scoringStrategy:
            type: RequestedToCapacityRatio
            resources: [{name: nvidia.com/gpu, weight: 0}]
            requestedToCapacityRatio: {shape: [{utilization: 0, score: 0}, {utilization: 100, score: 10}]}
      - name: NodeResourcesBalancedAllocation
        args: {resources: []}`)));
  const s = built.cluster.scheduler!;
  assert.equal(s.nodeResourcesFitArgs, {
    ignoredResources: ['example.com/foo'], ignoredResourceGroups: [],
    scoringStrategy: { type: 'RequestedToCapacityRatio', resources: [{ name: 'nvidia.com/gpu', weight: 1 }],
      requestedToCapacityRatio: { shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }] } },
  });
  assert.equal(s.balancedAllocationArgs, { resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }] });
  // The shorthand's shape reaches the strategy too (it used to be dropped).
  const short = buildScenario(loadScenarioText('s.yaml', cluster('    scoringStrategy: {type: RequestedToCapacityRatio, requestedToCapacityRatio: {shape: [{utilization: 0, score: 10}]}}')));
  assert.equal(short.cluster.scheduler!.nodeResourcesFitArgs!.scoringStrategy.requestedToCapacityRatio, { shape: [{ utilization: 0, score: 10 }] });
});

test('end to end: MostAllocated over GPUs bin-packs, an ignored resource group lets the pods place', () => {
  const yaml = (args: string) => `apiVersion: k8sim/v1
kind: Cluster
spec:
  nodePools:
    - {name: gpu, count: 4, cpu: 32, memory: 256Gi, resources: {nvidia.com/gpu: 8}}
  scheduler:
    pluginConfig:
      - name: NodeResourcesFit
        args:
          scoringStrategy:
            type: MostAllocated
            resources: [{name: cpu, weight: 1}, {name: memory, weight: 1}, {name: nvidia.com/gpu, weight: 5}]
${args}
      # bin-packing: no default spreading of the Deployment's pods (upstream's way: List with no constraints)
      - name: PodTopologySpread
        args: {defaultingType: List}
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 1m}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: train}
spec:
  replicas: 6
  selector: {matchLabels: {app: train}}
  template:
    metadata: {labels: {app: train}}
    spec: {containers: [{name: c, image: trainer, resources: {requests: {cpu: 4, memory: 16Gi, nvidia.com/gpu: 2, example.com/license: 1}, limits: {nvidia.com/gpu: 2, example.com/license: 1}}}]}
`;
  const nodes = (args: string) => {
    const out = join(tempDir(), 'out');
    runFiles([scenarioFile(yaml(args))], { seed: 1, out });
    const rows = readFileSync(join(out, 'pods.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[3]!);
    const count = new Map<string, number>();
    for (const n of rows) count.set(n, (count.get(n) ?? 0) + 1);
    return [...count.entries()].sort((a, b) => b[1] - a[1]);
  };
  // No node has example.com/license: without the ignored group every pod stays pending.
  assert.equal(nodes(''), [['', 6]]);
  const packed = nodes('          ignoredResourceGroups: [example.com]');
  assert.equal(packed.map((e) => e[1]), [4, 2], 'MostAllocated fills one node (8 GPUs = 4 pods) before the next');
});

test.run();
