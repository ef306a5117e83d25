// Init containers and sidecars (init containers with restartPolicy Always) through the kubelet
// and kubectl's STATUS/READY/RESTARTS columns; run-to-completion containers whose command the
// busybox interpreter cannot read; CreateContainerConfigError for missing ConfigMaps/Secrets.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Job, Pod } from '../../models/api/types.js';
import { podReadyText, podRestarts, podStatusText } from '../../reports/kubectl-format.js';
import { DEFAULT_UNREAD_RUN_MS, runsToCompletion } from '../../models/kubelet/run-planner.js';
import { CONFIG_RETRY_MS, mountRetryDelay } from '../../models/kubelet/kubelet.js';
import { clusterYaml, scenarioFile } from '../helpers.js';
import { load } from '../workloads/helpers.js';

const one = (yaml: string) => load([scenarioFile(clusterYaml({ nodes: 1, duration: '5m' }) + yaml)]);
const statusSeq = (h: ReturnType<typeof load>, name: string) => (h.statuses.get(name) ?? []).map(([t, s]) => `${t}:${s}`);
const getPod = (h: ReturnType<typeof load>, name: string) => h.model.store.get<Pod>('Pod', 'default', name)!;

const WEB_WITH_INIT = `
---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  initContainers:
    - {name: migrate, image: busybox:1.36, command: [sh, -c, "sleep 3"]}
    - {name: log-shipper, image: fluent/fluent-bit:3.0, restartPolicy: Always}
  containers:
    - {name: app, image: nginx:1.25}
`;

test('init container, then sidecar, then main: STATUS Init:0/2 → Init:1/2 → PodInitializing → Running as kubectl prints', () => {
  const h = one(WEB_WITH_INIT);
  h.model.runUntil(60_000);
  // pull 2 s + start 0.5 s each; migrate sleeps 3 s; the sidecar counts once started.
  assert.equal(statusSeq(h, 'web'), ['0:Pending', '0:Init:0/2', '5500:Init:1/2', '8000:PodInitializing', '10500:Running']);
  const pod = getPod(h, 'web');
  assert.is(pod.status.phase, 'Running');
  assert.is(podReadyText(pod), '2/2', 'a ready sidecar counts in READY');
  assert.is(pod.status.initContainerStatuses![0]!.state.terminated?.reason, 'Completed');
  assert.ok(pod.status.initContainerStatuses![1]!.state.running, 'the sidecar keeps running');
  assert.ok(pod.status.conditions.some((c) => c.type === 'Initialized' && c.status === 'True'));
  assert.ok(pod.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True'));
  const started = h.events.filter((e) => e.name === 'web' && e.reason === 'Started').map((e) => [e.time, e.message]);
  assert.equal(started, [[2500, 'Started container migrate'], [8000, 'Started container log-shipper'], [10500, 'Started container app']]);
});

test('a failing init container shows Init:CrashLoopBackOff and the main containers never start', () => {
  const h = one(`
---
apiVersion: v1
kind: Pod
metadata: {name: broken}
spec:
  initContainers: [{name: check, image: busybox:1.36, command: [sh, -c, "exit 3"]}]
  containers: [{name: app, image: nginx:1.25}]
`);
  h.model.runUntil(60_000);
  const seq = statusSeq(h, 'broken');
  assert.ok(seq.some((s) => s.endsWith(':Init:CrashLoopBackOff')), seq.join(' '));
  const pod = getPod(h, 'broken');
  assert.is(pod.status.phase, 'Pending');
  assert.ok(podRestarts(pod) > 0, 'init restarts count while initialising');
  assert.ok(!h.events.some((e) => e.name === 'broken' && e.message === 'Started container app'));
});

test('a sidecar that exits is restarted even in a restartPolicy Never pod; its restarts count in RESTARTS', () => {
  const h = one(`
---
apiVersion: v1
kind: Pod
metadata: {name: flaky}
spec:
  restartPolicy: Never
  initContainers: [{name: proxy, image: busybox:1.36, restartPolicy: Always, command: [sh, -c, "sleep 4; exit 1"]}]
  containers: [{name: app, image: nginx:1.25}]
`);
  h.model.runUntil(30_000);
  const pod = getPod(h, 'flaky');
  const side = pod.status.initContainerStatuses![0]!;
  assert.ok(side.restartCount >= 1, `restarted ${side.restartCount} times`);
  assert.is(pod.status.phase, 'Running');
  assert.is(podRestarts(pod), side.restartCount);
});

test('Job with a sidecar: the main container finishes, the kubelet stops the sidecar, the pod Succeeds and the Job completes', () => {
  const h = one(`
---
apiVersion: batch/v1
kind: Job
metadata: {name: batch}
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers: [{name: proxy, image: envoyproxy/envoy:v1.30, restartPolicy: Always}]
      containers: [{name: work, image: busybox:1.36, command: [sh, -c, "sleep 10"]}]
`);
  h.model.runUntil(60_000);
  const job = h.model.store.get<Job>('Job', 'default', 'batch')!;
  assert.is(job.status.succeeded, 1);
  const pod = [...h.model.store.list<Pod>('Pod')][0]!;
  assert.is(pod.status.phase, 'Succeeded');
  assert.ok(pod.status.initContainerStatuses![0]!.state.terminated, 'the sidecar was stopped');
  // work: pulls after the sidecar started (2.5 s) → starts 5 s, exits 15 s; the sidecar stops at once (shutdown 0).
  assert.ok(h.events.some((e) => e.time === 15_000 && e.reason === 'Killing' && e.message === 'Stopping container proxy'));
  assert.is(podStatusText(pod), 'Completed');
});

test('a run-to-completion container whose command the interpreter cannot read runs the default time and exits 0, with one warning per image', () => {
  const h = one(`
---
apiVersion: v1
kind: Pod
metadata: {name: a}
spec:
  initContainers: [{name: wait-db, image: busybox:1.36, command: [sh, -c, "until nslookup db; do sleep 2; done"]}]
  containers: [{name: app, image: nginx:1.25, command: [nginx, -g, "daemon off;"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: b}
spec:
  initContainers: [{name: wait-cache, image: busybox:1.36, command: [sh, -c, "until nc -z cache 6379; do sleep 1; done"]}]
  containers: [{name: app, image: nginx:1.25}]
`);
  h.model.runUntil(60_000);
  const a = getPod(h, 'a');
  const t = a.status.initContainerStatuses![0]!.state.terminated!;
  assert.is(t.exitCode, 0);
  assert.is(t.finishedAt! - t.startedAt!, DEFAULT_UNREAD_RUN_MS);
  assert.is(podStatusText(a), 'Running', 'the main container (restartPolicy Always, unread command) keeps running');
  assert.is(podStatusText(getPod(h, 'b')), 'Running');
  assert.is(h.model.kubelet.warnings.length, 1, h.model.kubelet.warnings.join('\n'));
  assert.match(h.model.kubelet.warnings[0]!, 'image "busybox:1.36": the busybox interpreter cannot read the command `sh -c until nslookup db; do sleep 2; done`');
  assert.match(h.model.kubelet.warnings[0]!, 'runs 5s and exits 0');
});

test('runsToCompletion: regular init containers and containers of OnFailure/Never pods; not sidecars or Always pods', () => {
  const c = { name: 'c' }, i = { name: 'i' }, s = { name: 's', restartPolicy: 'Always' as const };
  const pod = (restartPolicy?: 'Always' | 'OnFailure' | 'Never') => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: { phase: 'Pending', conditions: [], containerStatuses: [] },
    spec: { containers: [c], initContainers: [i, s], ...(restartPolicy ? { restartPolicy } : {}) },
  }) as Pod;
  assert.is(runsToCompletion(pod(), i), true);
  assert.is(runsToCompletion(pod(), s), false);
  assert.is(runsToCompletion(pod(), c), false);
  assert.is(runsToCompletion(pod('OnFailure'), c), true);
  assert.is(runsToCompletion(pod('Never'), c), true);
});

const ENV_POD = (env: string) => `
---
apiVersion: v1
kind: Pod
metadata: {name: cfg}
spec:
  containers:
    - name: app
      image: nginx:1.25
${env}
`;

test('a missing ConfigMap gives CreateContainerConfigError with upstream text; the container starts once it exists', () => {
  const h = one(ENV_POD(`      env: [{name: MODE, valueFrom: {configMapKeyRef: {name: app-config, key: mode}}}]`));
  h.model.runUntil(20_000);
  const pod = getPod(h, 'cfg');
  assert.is(podStatusText(pod), 'CreateContainerConfigError');
  assert.is(pod.status.containerStatuses[0]!.state.waiting?.message, 'configmap "app-config" not found');
  const failed = h.events.filter((e) => e.name === 'cfg' && e.reason === 'Failed');
  assert.equal(failed.map((e) => [e.time, e.type, e.message]), [[2000, 'Warning', 'Error: configmap "app-config" not found']], 'one event per distinct error');
  h.model.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config', namespace: 'default' }, data: { mode: 'fast' } } as never);
  h.model.runUntil(20_000 + CONFIG_RETRY_MS + 1_000);
  assert.is(podStatusText(pod), 'Running');
});

test('optional references and present keys resolve; a missing key or Secret does not', () => {
  const h = one(ENV_POD(`      env: [{name: A, valueFrom: {configMapKeyRef: {name: nope, key: a, optional: true}}}]
      envFrom: [{secretRef: {name: also-nope, optional: true}}]`));
  h.model.runUntil(10_000);
  assert.is(podStatusText(getPod(h, 'cfg')), 'Running');
  const h2 = one(ENV_POD(`      envFrom: [{secretRef: {name: db-creds}}]`));
  h2.model.runUntil(10_000);
  assert.is(getPod(h2, 'cfg').status.containerStatuses[0]!.state.waiting?.message, 'secret "db-creds" not found');
  const h3 = one(`
---
apiVersion: v1
kind: Secret
metadata: {name: db}
stringData: {user: admin}
` + ENV_POD(`      env: [{name: U, valueFrom: {secretKeyRef: {name: db, key: user}}}, {name: P, valueFrom: {secretKeyRef: {name: db, key: password}}}]`));
  h3.model.runUntil(10_000);
  assert.is(getPod(h3, 'cfg').status.containerStatuses[0]!.state.waiting?.message, "couldn't find key password in Secret default/db");
});

test('deletion: main containers stop first, then the sidecars, latest first, within the grace period', () => {
  const h = one(`
---
apiVersion: k8sim/v1
kind: Behavior
metadata: {name: app-slow-stop}
spec: {selector: {matchLabels: {app: t}}, container: app, startup: {shutdown: 5s}}
---
apiVersion: k8sim/v1
kind: Behavior
metadata: {name: sidecar-stop}
spec: {selector: {matchLabels: {app: t}}, startup: {shutdown: 2s}}
---
apiVersion: v1
kind: Pod
metadata: {name: t, labels: {app: t}}
spec:
  initContainers:
    - {name: proxy, image: envoyproxy/envoy:v1.30, restartPolicy: Always}
    - {name: logs, image: fluent/fluent-bit:3.0, restartPolicy: Always}
  containers: [{name: app, image: nginx:1.25}]
`);
  h.model.runUntil(30_000);
  const pod = getPod(h, 't');
  assert.is(podStatusText(pod), 'Running');
  const stops: Array<[string, number]> = [];
  h.model.kubelet.addListener({ containerStopped: (p, index, init) => {
    if (p === pod) stops.push([init ? p.spec.initContainers![index]!.name : p.spec.containers[index]!.name, h.model.sim.now]);
  } });
  h.model.api.delete(pod);
  h.model.runUntil(60_000);
  // app: SIGTERM at 30 s, gone 5 s later; then logs (2 s), then proxy (2 s); the pod goes at 39 s.
  assert.equal(stops, [['app', 35_000], ['logs', 37_000], ['proxy', 39_000]]);
  assert.is(h.model.store.get('Pod', 'default', 't'), undefined);
  const killing = h.events.filter((e) => e.name === 't' && e.reason === 'Killing').map((e) => [e.time, e.message]);
  assert.equal(killing, [[30_000, 'Stopping container proxy'], [30_000, 'Stopping container logs'], [30_000, 'Stopping container app']], 'all announced at once, as upstream');
});

const VOL_POD = (volumes: string) => `
---
apiVersion: v1
kind: Pod
metadata: {name: vol}
spec:
  containers: [{name: app, image: nginx:1.25}]
  volumes: ${volumes}
`;

test('a missing ConfigMap volume keeps the pod in ContainerCreating with FailedMount; it starts once the ConfigMap exists', () => {
  const h = one(VOL_POD('[{name: config, configMap: {name: app-config}}]'));
  h.model.runUntil(20_000);
  const pod = getPod(h, 'vol');
  assert.is(podStatusText(pod), 'ContainerCreating');
  const failed = h.events.filter((e) => e.name === 'vol' && e.reason === 'FailedMount');
  assert.equal(failed.map((e) => [e.time, e.type, e.message]), [[0, 'Warning', 'MountVolume.SetUp failed for volume "config" : configmap "app-config" not found']]);
  assert.ok(!h.events.some((e) => e.name === 'vol' && e.reason === 'Pulling'), 'no image pull before the volumes are set up');
  h.model.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config', namespace: 'default' }, data: { a: '1' } } as never);
  h.model.runUntil(20_000 + mountRetryDelay(10) + 5_000);
  assert.is(podStatusText(pod), 'Running');
});

test('mount retries back off 500 ms, doubling, capped at 2m2s; optional sources and present keys mount', () => {
  assert.equal([1, 2, 3, 4].map(mountRetryDelay), [500, 1000, 2000, 4000]);
  assert.is(mountRetryDelay(20), 122_000);
  const h = one(VOL_POD('[{name: a, configMap: {name: nope, optional: true}}, {name: b, secret: {secretName: nope, optional: true}}]'));
  h.model.runUntil(10_000);
  assert.is(podStatusText(getPod(h, 'vol')), 'Running');
  const h2 = one(`
---
apiVersion: v1
kind: Secret
metadata: {name: tls}
data: {tls.crt: eA==}
` + VOL_POD('[{name: certs, secret: {secretName: tls, items: [{key: tls.key, path: key.pem}]}}]'));
  h2.model.runUntil(10_000);
  assert.is(h2.events.find((e) => e.reason === 'FailedMount')?.message, 'MountVolume.SetUp failed for volume "certs" : secret references non-existent secret key: tls.key');
});

test.run();
