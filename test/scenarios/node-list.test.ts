// A node list from `kubectl get nodes -o yaml` as the starting nodes: grouped into pools by
// node-pool label, each node registered as reported, standing in for or adding to the Cluster's
// pools; bad node lists are errors at the field.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { buildScenario } from '../../scenarios/build.js';
import { loadScenario, loadScenarioText } from '../../scenarios/load.js';
import { ScenarioErrors } from '../../scenarios/errors.js';
import { nodeGroupOf } from '../../scenarios/node-list.js';
import { ClusterModel } from '../../models/cluster.js';
import type { Node } from '../../models/api/types.js';
import { POOL_LABEL } from '../../models/api/well-known-labels.js';
import { packageRoot } from '../helpers.js';

const EXAMPLE = () => join(packageRoot(), 'scenarios', 'examples', 'node-list.yaml');

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

const node = (name: string, pool: string, cpu = '4') => `apiVersion: v1
kind: Node
metadata: {name: ${name}, labels: {cloud.google.com/gke-nodepool: ${pool}}}
status: {capacity: {cpu: "${cpu}", memory: 16Gi, pods: "110"}, allocatable: {cpu: 3920m, memory: 13Gi, pods: "110"}}`;

test('the bundled example: nodes grouped by their node-pool label, in order of appearance', () => {
  const built = buildScenario(loadScenario([EXAMPLE()]));
  assert.equal(built.cluster.nodePools.map((p) => [p.name, p.count, p.observed?.map((n) => n.name)]), [
    ['default-pool', 2, ['gke-demo-default-pool-8c2f1e3a-5k2x', 'gke-demo-default-pool-8c2f1e3a-q7vd']],
    ['gpu-pool', 1, ['gke-demo-gpu-pool-51d0a9e7-m3n8']],
  ]);
  assert.not.ok(built.manifests.some((m) => m.obj.kind === 'Node'), 'nodes are not applied as manifests');
});

test('each node registers as reported: name, labels, taints, cordon, capacity and allocatable', () => {
  const built = buildScenario(loadScenario([EXAMPLE()]));
  const model = new ClusterModel({ ...built.cluster, seed: 1 });
  const nodes = [...model.store.list<Node>('Node')];
  assert.equal(nodes.map((n) => n.metadata.name), ['gke-demo-default-pool-8c2f1e3a-5k2x', 'gke-demo-default-pool-8c2f1e3a-q7vd', 'gke-demo-gpu-pool-51d0a9e7-m3n8']);
  const [a, b, gpu] = nodes as [Node, Node, Node];
  assert.is(a.metadata.labels!['topology.kubernetes.io/zone'], 'europe-west1-b');
  assert.is(a.metadata.labels!['node.kubernetes.io/instance-type'], 'e2-standard-4');
  assert.is(a.metadata.labels![POOL_LABEL], 'default-pool');
  assert.is(a.status.capacity.cpu, 4000);
  assert.is(a.status.allocatable.cpu, 3920);
  assert.is(a.status.allocatable.memory, 13498820 * 1024);
  assert.is(a.status.allocatable.pods, 110);
  assert.is(b.spec.unschedulable, true);
  assert.equal(b.spec.taints, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);
  assert.equal(gpu.spec.taints, [{ key: 'nvidia.com/gpu', effect: 'NoSchedule', value: 'present' }]);
  assert.is(gpu.status.allocatable['nvidia.com/gpu'], 1);
});

test('a node list adds to the Cluster\'s pools; a group named like a pool is an error', () => {
  const cluster = `apiVersion: k8sim/v1
kind: Cluster
spec:
  nodePools: [{name: extra, count: 1, cpu: "2", memory: 4Gi}]
---
`;
  const built = buildScenario(loadScenarioText('s.yaml', `${cluster}${node('n1', 'main')}`));
  assert.equal(built.cluster.nodePools.map((p) => [p.name, p.count]), [['extra', 1], ['main', 1]]);
  assert.equal(errorsOf(`${cluster}${node('n1', 'extra')}`), [
    's.yaml:8:30: metadata.labels: this node\'s group "extra" has the name of one of the Cluster\'s node pools; rename one of them',
  ]);
});

test('a node without capacity, a bad quantity, and a scenario with no nodes at all are errors', () => {
  assert.equal(errorsOf(`apiVersion: k8sim/v1
kind: Cluster
spec: {}
---
apiVersion: v1
kind: Node
metadata: {name: n1}
status: {allocatable: {cpu: 1}}
---
apiVersion: v1
kind: Node
metadata: {name: n2}
status: {capacity: {cpu: 2, memory: 4Gix}}`), [
    's.yaml:8:9: status.capacity: a node of a node list needs status.capacity with cpu and memory (as `kubectl get nodes -o yaml` writes it)',
    's.yaml:13:37: status.capacity.memory: invalid quantity "4Gix": quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'',
  ]);
  assert.equal(errorsOf('apiVersion: k8sim/v1\nkind: Cluster\nspec: {}\n'), [
    's.yaml:3:7: spec.nodePools: a cluster needs at least one node pool or node list (or Node documents, as kubectl get nodes -o yaml writes them)',
  ]);
});

test('node groups: cloud node-pool labels, then the instance type, else "nodes"', () => {
  assert.is(nodeGroupOf({ 'eks.amazonaws.com/nodegroup': 'ng-1', 'node.kubernetes.io/instance-type': 'm5.large' }), 'ng-1');
  assert.is(nodeGroupOf({ 'node.kubernetes.io/instance-type': 'm5.large' }), 'm5-large');
  assert.is(nodeGroupOf({ 'karpenter.sh/nodepool': 'Default' }), 'default');
  assert.is(nodeGroupOf({}), 'nodes');
});

test.run();
