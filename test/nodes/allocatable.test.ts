// Node allocatable as the kubelet reports it: capacity − reserved − the hard eviction
// thresholds' reservation, with Cluster.spec.kubelet.evictionHard moving it as upstream does
// (GetNodeAllocatableReservation), on registered nodes, on the cluster autoscaler's template
// nodes, and under the kernel OOM limit (capacity − reserved, the kubepods cgroup).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ClusterModel, type ClusterConfig } from '../../models/cluster.js';
import type { Node } from '../../models/api/types.js';
import { buildScenario } from '../../scenarios/build.js';
import { loadScenarioText } from '../../scenarios/load.js';
import { Gi, Mi, pool } from '../models/cluster-helpers.js';

const RESERVED = { cpu: 200, memory: 256 * Mi };
const TEN_PERCENT_OF_8GI = 858_993_472; // int64(8Gi × float64(float32(0.1))), float32(0.1) = 13421773·2⁻²⁷

function model(kubelet?: ClusterConfig['kubelet']): ClusterModel {
  return new ClusterModel({
    seed: 1,
    nodePools: [pool('n', 1, { memory: 8 * Gi, reserved: RESERVED, minCount: 1, maxCount: 3 })],
    autoscaler: { enabled: true },
    ...(kubelet ? { kubelet } : {}),
  });
}
const node = (m: ClusterModel) => m.store.get<Node>('Node', undefined, 'n-0')!;
const memAllocatable = (m: ClusterModel) => node(m).status.allocatable['memory'];

test('default evictionHard: memory allocatable = capacity − reserved − 100Mi, ephemeral-storage − 10% (unchanged)', () => {
  const m = model();
  const disk = 100 * Gi; // the default ephemeral-storage capacity
  assert.equal(node(m).status.allocatable, {
    cpu: 4000 - 200, memory: 8 * Gi - 256 * Mi - 100 * Mi, pods: 110, 'ephemeral-storage': disk - Math.floor(disk * Math.fround(0.1)),
  });
  assert.equal(node(m).status.capacity, { cpu: 4000, memory: 8 * Gi, pods: 110, 'ephemeral-storage': disk });
});

test('evictionHard memory.available: 500Mi and "10%" come off allocatable exactly', () => {
  assert.is(memAllocatable(model({ evictionHard: { 'memory.available': '500Mi' } })), 8 * Gi - 256 * Mi - 500 * Mi);
  assert.is(memAllocatable(model({ evictionHard: { 'memory.available': '10%' } })), 8 * Gi - 256 * Mi - TEN_PERCENT_OF_8GI);
  // A map without memory.available replaces the defaults: no memory reservation, no memory eviction.
  const off = model({ evictionHard: { 'nodefs.available': '10%' } });
  assert.is(memAllocatable(off), 8 * Gi - 256 * Mi);
  assert.ok(off.evictionManager, 'nodefs.available is still watched');
  assert.is(model({ evictionHard: { 'memory.available': '0%' } }).evictionManager, undefined, 'no threshold at all: no eviction manager');
});

test('Cluster YAML: Cluster.spec.kubelet.evictionHard reaches node allocatable', () => {
  const built = buildScenario(loadScenarioText('<test>', `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: t}
spec:
  nodePools:
    - {name: n, count: 1, cpu: "4", memory: 8Gi, reserved: {cpu: 200m, memory: 256Mi}}
  kubelet:
    evictionHard: {memory.available: "10%"}
`));
  const m = new ClusterModel({ ...built.cluster, seed: 1 });
  assert.is(memAllocatable(m), 8 * Gi - 256 * Mi - TEN_PERCENT_OF_8GI);
});

test('experimentalAllocatableIgnoreEviction: allocatable keeps the threshold in; eviction still watches it', () => {
  const m = model({ evictionHard: { 'memory.available': '10%' }, experimentalAllocatableIgnoreEviction: true });
  assert.is(memAllocatable(m), 8 * Gi - 256 * Mi);
  assert.ok(m.evictionManager, 'the eviction manager still runs with the 10% threshold');
});

test('cluster-autoscaler template nodes get the allocatable real nodes of the pool get', () => {
  const kubelets: Array<ClusterConfig['kubelet']> = [undefined, { evictionHard: { 'memory.available': '500Mi' } }, { evictionHard: { 'memory.available': '10%' } }];
  for (const kubelet of kubelets) {
    const m = model(kubelet);
    const g = m.capacity.provider.pools[0]!;
    assert.equal(m.capacity.autoscaler!.template(g, 1).status.allocatable, node(m).status.allocatable, JSON.stringify(kubelet));
  }
});

test('the node OOM limit stays capacity − reserved whatever the threshold (kubepods cgroup)', () => {
  const kubelets: Array<ClusterConfig['kubelet']> = [undefined, { evictionHard: { 'memory.available': '500Mi' } }, { evictionHard: { 'memory.available': '10%' } },
    { evictionHard: { 'nodefs.available': '10%' } }, { evictionHard: { 'memory.available': '10%' }, experimentalAllocatableIgnoreEviction: true }];
  for (const kubelet of kubelets) {
    assert.is(model(kubelet).usage.nodes.get('n-0')!.oomLimit, 8 * Gi - 256 * Mi, JSON.stringify(kubelet));
  }
});

test.run();
