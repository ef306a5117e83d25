// DaemonSet: one pod per eligible node, following nodes as they join and leave.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Pod, DaemonSet } from '../../models/api/types.js';
import { clusterYaml, scenarioFile } from '../helpers.js';
import { load } from './helpers.js';

const ds = (extra = '') => `${clusterYaml({ nodes: 2, duration: '10m' })}---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
${extra}      containers: [{name: a, image: "fluentd:1"}]
`;

const nodesOfPods = (h: ReturnType<typeof load>) =>
  [...h.model.store.list<Pod>('Pod')].filter((p) => p.metadata.deletionTimestamp === undefined).map((p) => p.spec.nodeName).sort();

test('one pod per node, placed by the scheduler through matchFields node affinity; follows a node added and removed', () => {
  const h = load([scenarioFile(ds())]);
  h.model.runUntil(30_000);
  assert.equal(nodesOfPods(h), ['n-0', 'n-1']);
  const p = [...h.model.store.list<Pod>('Pod')][0]!;
  const terms = p.spec.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms;
  assert.is(terms[0]!.matchFields![0]!.key, 'metadata.name');
  assert.ok(p.spec.tolerations!.some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute'));
  assert.ok(h.events.some((e) => e.reason === 'Scheduled' && e.name === p.metadata.name), 'bound by the default scheduler');

  h.model.addNode('n');
  h.model.runUntil(60_000);
  assert.equal(nodesOfPods(h), ['n-0', 'n-1', 'n-2']);
  const set = h.model.store.get<DaemonSet>('DaemonSet', 'default', 'agent')!;
  assert.is(set.status.desiredNumberScheduled, 3);
  assert.is(set.status.numberReady, 3);

  h.model.nodes.remove('n-0');
  h.model.runUntil(90_000);
  assert.equal(nodesOfPods(h), ['n-1', 'n-2']);
  assert.is(set.status.desiredNumberScheduled, 2);
});

test('nodeSelector and taints limit the eligible nodes', () => {
  const h = load([scenarioFile(ds('      nodeSelector: {kubernetes.io/hostname: n-1}\n'))]);
  h.model.runUntil(30_000);
  assert.equal(nodesOfPods(h), ['n-1']);
});

test('RollingUpdate replaces one node\'s pod at a time (maxUnavailable 1)', () => {
  const h = load([scenarioFile(ds())]);
  h.model.runUntil(30_000);
  const set = h.model.store.get<DaemonSet>('DaemonSet', 'default', 'agent')!;
  const oldNames = [...h.model.store.list<Pod>('Pod')].map((p) => p.metadata.name);
  set.spec.template.spec.containers[0]!.image = 'fluentd:2';
  h.model.store.update(set, true);
  let maxTerminating = 0;
  h.model.store.observe<Pod>('Pod', () => {
    const n = [...h.model.store.list<Pod>('Pod')].filter((p) => p.metadata.deletionTimestamp !== undefined).length;
    maxTerminating = Math.max(maxTerminating, n);
  });
  h.model.runUntil(120_000);
  const pods = [...h.model.store.list<Pod>('Pod')];
  assert.is(pods.length, 2);
  assert.ok(pods.every((p) => p.spec.containers[0]!.image === 'fluentd:2' && !oldNames.includes(p.metadata.name)));
  assert.is(maxTerminating, 1);
  assert.is(set.status.updatedNumberScheduled, 2);
});

test.run();
