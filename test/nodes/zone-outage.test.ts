// A failed zone stays failed for nodes added to it later (timeline `node add`, the cluster
// autoscaler): they come up Unknown and tainted unreachable, and recover with the zone.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runText } from '../rollouts/harness.js';
import type { Node, Pod } from '../../models/api/types.js';

const scenario = (actions: string) => `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: c}
spec:
  nodePools:
    - {name: a, count: 4, cpu: "4", memory: 8Gi, zones: [z1, z2]}
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 4m}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 6
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: "img:1", resources: {requests: {cpu: 100m}}}]}
---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
${actions}`;

const ready = (n: Node) => n.status.conditions.find((c) => c.type === 'Ready')?.status;

test('a node added to a failed zone is Unknown and unschedulable from the start', () => {
  const h = runText(scenario(`    - {at: 30s, run: zone fail z1}
    - {at: 1m, run: node add a}
`));
  const added = h.model.store.get<Node>('Node', undefined, 'a-4')!;
  assert.is(added.metadata.labels!['topology.kubernetes.io/zone'], 'z1');
  assert.is(ready(added), 'Unknown');
  assert.ok(added.spec.taints?.some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoSchedule'));
  const onIt = [...h.model.store.list<Pod>('Pod')].filter((p) => p.spec.nodeName === 'a-4');
  assert.is(onIt.length, 0);
  assert.ok(h.model.nodes.isZoneFailed('z1'));
});

test('zone recover brings the late node up with the others; a node added afterwards is Ready', () => {
  const h = runText(scenario(`    - {at: 30s, run: zone fail z1}
    - {at: 1m, run: node add a}
    - {at: 2m, run: zone recover z1}
    - {at: 3m, run: node add a}
`));
  for (const name of ['a-0', 'a-2', 'a-4', 'a-5']) assert.is(ready(h.model.store.get<Node>('Node', undefined, name)!), 'True', name);
  assert.not.ok(h.model.nodes.isZoneFailed('z1'));
});

test.run();
