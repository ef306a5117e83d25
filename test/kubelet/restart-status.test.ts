// What kubectl's STATUS shows around a container restart: the exit (Completed, Error,
// Init:Error…) with the old RESTARTS count, then Running with the count one higher.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { load } from '../workloads/helpers.js';
import { scenarioFile } from '../helpers.js';
import type { Pod } from '../../models/api/types.js';
import { podRestarts, podStatusText } from '../../reports/kubectl-format.js';

const file = (yaml: string) => scenarioFile(yaml.replace(/---\n$/, ''));
const cluster = `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: t}
spec:
  nodePools:
    - {name: n, count: 1, cpu: "4", memory: 8Gi}
---
`;
const behavior = (exitCode: number, container = 'c') => `apiVersion: k8sim/v1
kind: Behavior
metadata: {name: b}
spec:
  selector: {matchLabels: {app: p}}
  container: ${container}
  run: {duration: 5s, exitCode: ${exitCode}}
---
`;
const pod = (init = false) => `apiVersion: v1
kind: Pod
metadata: {name: p, labels: {app: p}}
spec:
  ${init ? 'initContainers:\n    - {name: setup, image: "busybox:1.36"}\n  ' : ''}containers:
    - {name: c, image: "nginx:1.25"}
---
`;

/** STATUS and RESTARTS each time either changed. */
function watch(yaml: string, until: number): Array<[number, string, number]> {
  const h = load([file(yaml)]);
  const seen: Array<[number, string, number]> = [];
  h.model.store.observe<Pod>('Pod', (_t, p) => {
    const row: [number, string, number] = [h.model.sim.now, podStatusText(p), podRestarts(p)];
    const last = seen[seen.length - 1];
    if (!last || last[1] !== row[1] || last[2] !== row[2]) seen.push(row);
  });
  h.model.runUntil(until);
  return seen;
}

test('exit 0 under restartPolicy Always: Completed with the old count, then Running with one more (the book, 2.10)', () => {
  const seen = watch(cluster + behavior(0) + pod(), 14_000);
  const shown = seen.map(([, s, r]) => `${s} ${r}`);
  const i = shown.indexOf('Completed 0');
  assert.ok(i > 0, shown.join(' | '));
  assert.is(shown[i - 1], 'Running 0');
  assert.is(shown[i + 1], 'Running 1');
  // The first restart is immediate: the image is present (IfNotPresent), so it is Running again
  // after the container start time (500 ms).
  assert.is(seen[i + 1]![0] - seen[i]![0], 500);
});

test('a failing container: Error, then Running, then Error and CrashLoopBackOff (10 s) — never straight to ContainerCreating', () => {
  const seen = watch(cluster + behavior(1) + pod(), 40_000);
  const shown = seen.map(([, s, r]) => `${s} ${r}`);
  const start = shown.indexOf('Running 0');
  assert.ok(!shown.slice(start).some((s) => s.startsWith('ContainerCreating')), shown.join(' | '));
  assert.equal(shown.slice(start, start + 5), ['Running 0', 'Error 0', 'Running 1', 'Error 1', 'CrashLoopBackOff 1']);
  const err = seen[start + 3]!;
  const cl = seen[start + 4]!;
  const next = seen[start + 5]!;
  // The exit shows until the pod worker's next sync, wait.Jitter(10s, 0.5) later; that sync
  // writes CrashLoopBackOff and, the 10 s back-off being over, restarts the container.
  const sync = cl[0] - err[0];
  assert.ok(sync >= 10_000 && sync < 15_000, `${sync}`);
  assert.is(next[1], 'Running');
  assert.is(next[2], 2);
  assert.is(next[0] - cl[0], 500, 'restarted by that sync: the start time');
});

test('a longer back-off (20 s): Error until the next sync, CrashLoopBackOff until the back-off ends', () => {
  const seen = watch(cluster + behavior(1) + pod(), 120_000);
  const shown = seen.map(([, s, r]) => `${s} ${r}`);
  const i = shown.indexOf('Error 2');
  assert.ok(i > 0, shown.join(' | '));
  assert.is(shown[i + 1], 'CrashLoopBackOff 2');
  assert.is(shown[i + 2], 'Running 3');
  const sync = seen[i + 1]![0] - seen[i]![0];
  assert.ok(sync >= 10_000 && sync < 15_000, `${sync}`);
  assert.is(seen[i + 2]![0] - seen[i]![0], 20_000 + 500, 'the restart waits for the back-off, not for a sync');
});

test('a failing init container shows Init:Error before its restart, then Init:CrashLoopBackOff', () => {
  const seen = watch(cluster + behavior(1, 'setup') + pod(true), 40_000);
  const shown = seen.map(([, s]) => s);
  const i = shown.indexOf('Init:Error');
  assert.ok(i > 0, shown.join(' | '));
  assert.is(shown[i + 1], 'Init:0/1');
  assert.ok(shown.includes('Init:CrashLoopBackOff'), shown.join(' | '));
});


test('a container the runtime cannot start: StartError (exit 128, containerd\'s message), restarted through CrashLoopBackOff', () => {
  const failing = (extra: string) => `apiVersion: k8sim/v1
kind: Behavior
metadata: {name: b}
spec:
  selector: {matchLabels: {app: p}}
  run: {startError: {${extra}}}
---
`;
  const seen = watch(cluster + failing('') + pod(), 60_000);
  const shown = seen.map(([, s, r]) => `${s} ${r}`);
  const i = shown.indexOf('StartError 0');
  assert.ok(i > 0, shown.join(' | '));
  assert.ok(!shown.some((s) => s.startsWith('Running')), 'never Running');
  assert.equal(shown.slice(i, i + 3), ['StartError 0', 'StartError 1', 'CrashLoopBackOff 1'], 'the first restart is immediate, then the back-off');
  const h = load([file(cluster + failing('') + pod())]);
  h.model.runUntil(3_000);
  const p = h.model.store.get<Pod>('Pod', 'default', 'p')!;
  const t = p.status.containerStatuses![0]!.state.terminated ?? p.status.containerStatuses![0]!.lastState.terminated!;
  assert.is(t.exitCode, 128);
  assert.is(t.reason, 'StartError');
  const msg = 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "c": executable file not found in $PATH: unknown';
  assert.is(t.message, msg);
  const failed = h.events.filter((e) => e.reason === 'Failed');
  assert.is(failed[0]!.message, `Error: ${msg}`);
  assert.ok(!h.events.some((e) => e.reason === 'Started'), 'no Started event');
  // dockershim's reason, and a message of the scenario's own
  const h2 = load([file(cluster + failing('reason: ContainerCannotRun, message: "exec: \\"/app\\": permission denied"') + pod())]);
  h2.model.runUntil(3_000);
  const p2 = h2.model.store.get<Pod>('Pod', 'default', 'p')!;
  const t2 = p2.status.containerStatuses![0]!.state.terminated ?? p2.status.containerStatuses![0]!.lastState.terminated!;
  assert.is(t2.reason, 'ContainerCannotRun');
  assert.is(t2.message, 'exec: "/app": permission denied');
});

test.run();
