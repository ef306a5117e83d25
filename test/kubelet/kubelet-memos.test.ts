// The kubelet's per-pod allocations cut without changing what it says: the memoised Pulled
// message, the image manager's pull-duration callback with its argument, and each node's pod
// list threaded through the pods (admission order kept as pods come and go).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pulledMessage, PULLED_MESSAGES_MAX } from '../../models/kubelet/kubelet.js';
import { ImageManager } from '../../models/kubelet/image-manager.js';
import type { Pod } from '../../models/api/types.js';
import { load } from '../workloads/helpers.js';
import { scenarioFile } from '../helpers.js';

// Upstream's wording (pkg/kubelet/images/image_manager.go: "Successfully pulled image %q in %v
// (%v including waiting)"), durations as Go's time.Duration String prints them.
const cases: [string, number, number, string][] = [
  ['nginx', 500, 9000, 'Successfully pulled image "nginx" in 500ms (9s including waiting)'],
  ['bg:1', 500, 9500, 'Successfully pulled image "bg:1" in 500ms (9.5s including waiting)'],
  ['app:1', 2000, 2000, 'Successfully pulled image "app:1" in 2s (2s including waiting)'],
  ['app:1', 0, 0, 'Successfully pulled image "app:1" in 0s (0s including waiting)'],
  ['app:1', 61_250, 3_725_000, 'Successfully pulled image "app:1" in 1m1.25s (1h2m5s including waiting)'],
];

test('pulledMessage: upstream text, the same on a repeat', () => {
  for (const [image, pull, waited, want] of cases) {
    assert.is(pulledMessage(image, pull, waited), want);
    assert.is(pulledMessage(image, pull, waited), want);
  }
  // Same pull time, another wait, another image: no cross-talk between the memo's levels.
  assert.is(pulledMessage('nginx', 500, 9500), 'Successfully pulled image "nginx" in 500ms (9.5s including waiting)');
  assert.is(pulledMessage('bg:1', 500, 9000), 'Successfully pulled image "bg:1" in 500ms (9s including waiting)');
});

test('pulledMessage: still right after the memo starts over', () => {
  for (let i = 0; i <= PULLED_MESSAGES_MAX + 10; i++) {
    const m = pulledMessage('img', 1000, i * 1000);
    if (i % 4096 === 0 || i > PULLED_MESSAGES_MAX) assert.is(m, `Successfully pulled image "img" in 1s (${i === 0 ? '0s' : durationText(i)} including waiting)`);
  }
  for (const [image, pull, waited, want] of cases) assert.is(pulledMessage(image, pull, waited), want);
});

/** Whole seconds as Go prints them (the cases above use only these). */
function durationText(s: number): string {
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return h > 0 ? `${h}h${m}m${r}s` : m > 0 ? `${m}m${r}s` : `${r}s`;
}

test('ImageManager.enqueue: hands its argument to the duration, check-only for a queued image', () => {
  const im = new ImageManager();
  im.addNode('n1');
  const seen: [boolean, string][] = [];
  const duration = (checkOnly: boolean, who: string) => {
    seen.push([checkOnly, who]);
    return checkOnly ? 500 : 3000;
  };
  const a = im.enqueue('n1', 'nginx', 0, duration, 'a');
  const b = im.enqueue('n1', 'nginx', 0, duration, 'b');
  assert.equal(seen, [[false, 'a'], [true, 'b']]);
  assert.equal([a.beginsAt, a.endsAt, a.shared], [0, 3000, false]);
  // Serialized: the second waits for the first, then only checks the manifest.
  assert.equal([b.beginsAt, b.endsAt, b.shared], [3000, 3500, true]);
});

const onePod = (name: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  nodeName: n-0
  containers:
    - {name: c, image: nginx}
`;

test('podsOn: the node\'s pods in admission order as pods are deleted and added', () => {
  const names = ['a', 'b', 'c', 'd', 'e'];
  const h = load([scenarioFile(`apiVersion: k8sim/v1
kind: Cluster
metadata: {name: t}
spec:
  nodePools:
    - {name: n, count: 1, cpu: "16", memory: 32Gi}
---
${names.map(onePod).join('---\n')}`)]);
  const m = h.model;
  const on = () => m.kubelet.podsOn('n-0').map((p) => p.metadata.name);
  m.runUntil(30_000);
  assert.equal(on(), names);
  const podNamed = (n: string) => m.store.get<Pod>('Pod', 'default', n)!;
  // The first, a middle one and the last leave (grace period 0: gone at once).
  for (const n of ['a', 'c', 'e']) m.api.delete(podNamed(n), { gracePeriodSeconds: 0 });
  m.runUntil(40_000);
  assert.equal(on(), ['b', 'd']);
  m.create(JSON.parse(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'f' }, spec: { nodeName: 'n-0', containers: [{ name: 'c', image: 'nginx' }] } })));
  m.runUntil(50_000);
  assert.equal(on(), ['b', 'd', 'f']);
  for (const n of ['b', 'd', 'f']) m.api.delete(podNamed(n), { gracePeriodSeconds: 0 });
  m.runUntil(60_000);
  assert.equal(on(), []);
});

test.run();
