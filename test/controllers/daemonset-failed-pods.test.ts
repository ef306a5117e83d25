// Failed daemon pods in the running model: deleted with upstream's FailedDaemonPod event, paced
// by failedPodsBackoff (1 s doubling), and replaced only once the node has no daemon pod left.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Pod } from '../../models/api/types.js';
import { clusterYaml, scenarioFile } from '../helpers.js';
import { load } from '../workloads/helpers.js';

const ds = `${clusterYaml({ nodes: 1, duration: '10m' })}---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: a, image: "fluentd:1"}]
`;

/** What a kubelet that rejects the pod does: phase Failed. */
function fail(h: ReturnType<typeof load>, p: Pod): void {
  p.status = { ...p.status, phase: 'Failed', reason: 'NodeAffinity', message: 'Pod was rejected' };
  h.model.api.updateStatus(p);
}

test('a daemon pod that keeps failing is deleted after 1 s, 2 s, 4 s … of back-off, each with FailedDaemonPod', () => {
  const h = load([scenarioFile(ds)]);
  h.model.runUntil(20_000);
  const failedAt: number[] = [];
  const created: number[] = [];
  h.model.store.observe<Pod>('Pod', (type) => {
    if (type === 'ADDED') created.push(h.model.sim.now);
  });
  // Fail every daemon pod as soon as it runs (0.5 s after its creation: the image is cached),
  // for five rounds.
  for (let t = 20_000; t < 60_000 && failedAt.length < 5; t += 10) {
    h.model.runUntil(t);
    const live = [...h.model.store.list<Pod>('Pod')].filter((p) => p.metadata.deletionTimestamp === undefined && p.status.phase === 'Running');
    for (const p of live) {
      fail(h, p);
      failedAt.push(t);
    }
  }
  h.model.runUntil(90_000);
  const events = h.events.filter((e) => e.reason === 'FailedDaemonPod');
  assert.ok(events.every((e) => e.type === 'Warning' && /^Found failed daemon pod default\/agent-\w{5} on node n-0, will try to kill it$/.test(e.message)), events.map((e) => e.message).join('\n'));
  const deletedAt = events.map((e) => e.time);
  assert.is(deletedAt.length, 5);
  // The first failure is deleted at once. Each replacement runs (and fails) 0.5 s after the
  // previous deletion, inside the back-off (1 s, 2 s, 4 s, 8 s since that deletion); the
  // DaemonSet is requeued after the whole current delay, as enqueueDaemonSetAfter does, so the
  // next deletion comes 0.5 s + the delay after the previous one.
  assert.is(deletedAt[0], failedAt[0]);
  const gaps = deletedAt.slice(1).map((t, i) => t - deletedAt[i]!);
  assert.equal(gaps, [1500, 2500, 4500, 8500]);
  // A replacement is created only after the failed pod is gone (never two at once on the node).
  for (let i = 0; i < created.length; i++) assert.ok(created[i]! >= deletedAt[i]!, `pod ${i + 1} created at ${created[i]} before deletion ${deletedAt[i]}`);
});

test('a succeeded daemon pod is deleted with SucceededDaemonPod and replaced', () => {
  const h = load([scenarioFile(ds)]);
  h.model.runUntil(20_000);
  const [p] = [...h.model.store.list<Pod>('Pod')];
  p!.status = { ...p!.status, phase: 'Succeeded' };
  h.model.api.updateStatus(p!);
  h.model.runUntil(40_000);
  const ev = h.events.find((e) => e.reason === 'SucceededDaemonPod')!;
  assert.is(ev.type, 'Normal');
  assert.is(ev.message, `Found succeeded daemon pod default/${p!.metadata.name} on node n-0, will try to delete it`);
  const live = [...h.model.store.list<Pod>('Pod')].filter((x) => x.metadata.deletionTimestamp === undefined);
  assert.is(live.length, 1);
  assert.is.not(live[0]!.metadata.name, p!.metadata.name);
  assert.is(live[0]!.status.phase, 'Running');
});

test.run();
