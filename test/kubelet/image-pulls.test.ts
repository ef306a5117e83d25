// The image manager in a running cluster: shared pulls per node, IfNotPresent caching, and an
// image the registry does not have (ErrImagePull, then ImagePullBackOff, never Running).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { load, firstAt } from '../workloads/helpers.js';
import { scenarioFile } from '../helpers.js';
import type { Deployment, Pod } from '../../models/api/types.js';

const file = (yaml: string) => scenarioFile(yaml.replace(/---\n$/, ''));
const pods = (h: ReturnType<typeof load>) => [...h.model.store.list<Pod>('Pod')];

const cluster = (extra = '') => `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: t}
spec:
  nodePools:
    - {name: n, count: 1, cpu: "16", memory: 32Gi}
${extra}---
`;

const deployment = (name: string, replicas: number, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - {name: c, image: "${image}"}
---
`;

test('seven replicas on a fresh node cost one full pull; the others only check the manifest', () => {
  const h = load([file(cluster() + deployment('web', 7, 'nginx:1.25'))]);
  h.model.runUntil(60_000);
  const pulled = h.events.filter((e) => e.reason === 'Pulled').map((e) => e.message);
  assert.is(pulled.length, 7);
  // Defaults: a full pull 2 s, a manifest check 500 ms, one at a time per node.
  assert.is(pulled.filter((m) => m.includes(' in 2s ')).length, 1);
  assert.is(pulled.filter((m) => m.includes(' in 500ms ')).length, 6);
  const running = pods(h).map((p) => firstAt(h, p.metadata.name, 'Running')!);
  assert.is(Math.max(...running), 2000 + 6 * 500 + 500, 'the last pod runs after 1 pull + 6 checks + its start');
});

test('IfNotPresent: a pod arriving once the image is on the node does not pull at all', () => {
  const h = load([file(cluster() + deployment('web', 1, 'nginx:1.25'))]);
  h.model.runUntil(5_000);
  h.model.api.scale(h.model.store.get<Deployment>('Deployment', 'default', 'web')!, 2);
  h.model.runUntil(60_000);
  const msgs = h.events.filter((e) => e.reason === 'Pulled' || e.reason === 'Pulling').map((e) => `${e.reason}: ${e.message}`);
  assert.equal(msgs.filter((m) => m.startsWith('Pulling')).length, 1);
  assert.ok(msgs.includes('Pulled: Container image "nginx:1.25" already present on machine'), msgs.join('\n'));
});

test('Always re-pulls a cached image: a manifest check, not a full pull', () => {
  const h = load([file(cluster() + deployment('web', 2, 'nginx'))]);
  h.model.runUntil(30_000);
  const pulled = h.events.filter((e) => e.reason === 'Pulled').map((e) => e.message);
  assert.is(pulled.length, 2);
  assert.ok(pulled[1]!.includes(' in 500ms '), pulled[1]);
});

test('a missing image: ErrImagePull, then ImagePullBackOff with the 10 s doubling back-off, never Running', () => {
  const h = load([file(cluster(`  registry:\n    missingImages: [ngnix]\n`) + deployment('web', 1, 'ngnix'))]);
  h.model.runUntil(10 * 60_000);
  const pod = pods(h)[0]!;
  const seen = h.statuses.get(pod.metadata.name)!.map(([, s]) => s);
  assert.ok(!seen.includes('Running'), seen.join(','));
  assert.is(seen[seen.indexOf('ErrImagePull') + 1], 'ImagePullBackOff');
  // Pull attempts: each after the previous one's back-off window (10, 20, 40, 80, 160 s) has
  // passed at a pod-worker retry (10–15 s apart); never closer than the window.
  const attempts = h.events.filter((e) => e.reason === 'Pulling' && e.name === pod.metadata.name).map((e) => e.time);
  assert.ok(attempts.length >= 4 && attempts.length <= 7, String(attempts));
  let window = 10_000;
  for (let i = 1; i < attempts.length; i++) {
    const gap = attempts[i]! - attempts[i - 1]!;
    assert.ok(gap >= window && gap <= window + 15_000 + 500, `gap ${gap} after window ${window}`);
    window = Math.min(window * 2, 300_000);
  }
  const failed = h.events.find((e) => e.reason === 'Failed' && e.message.startsWith('Failed to pull image'));
  assert.ok(failed?.message.endsWith('docker.io/library/ngnix:latest: not found'), failed?.message);
  assert.ok(h.events.some((e) => e.reason === 'BackOff' && e.message === 'Back-off pulling image "ngnix"'));
  const w = pod.status.containerStatuses[0]!.state.waiting;
  assert.ok(w && (w.reason === 'ErrImagePull' || w.reason === 'ImagePullBackOff'));
  assert.is(pod.status.phase, 'Pending');
});

test('missing images are matched after normalisation, and only those fail', () => {
  const h = load([file(cluster(`  registry:\n    missingImages: ["docker.io/library/app:2"]\n`) + deployment('a', 1, 'app:2') + deployment('b', 1, 'app:1'))]);
  h.model.runUntil(60_000);
  const byName = (prefix: string) => pods(h).find((p) => p.metadata.name.startsWith(prefix))!;
  assert.is(byName('a-').status.phase, 'Pending');
  assert.is(byName('b-').status.phase, 'Running');
});

test.run();
