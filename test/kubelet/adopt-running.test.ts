// Snapshot pods found running: a pod that arrives at t=0 bound, in phase Running, with its
// containers in state running (kubectl's shape) is adopted as upstream's restarted kubelet
// adopts running containers — Running at t=0, no pull/create/start events — while a pod
// without those statuses still goes through pull and start.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runningAtStart } from '../../models/kubelet/policy/adopt-running.js';
import { runFiles } from '../../runner/simulate.js';
import { scenarioFile, tempDir } from '../helpers.js';
import type { Pod } from '../../models/api/types.js';

const spec = (extra: Partial<Pod['spec']> = {}): Pick<Pod, 'spec'> => ({
  spec: { nodeName: 'n-0', containers: [{ name: 'web', image: 'nginx' }], ...extra } as Pod['spec'],
});
const running = (name: string, restartCount = 0, ready = true) => ({ name, ready, restartCount, state: { running: { startedAt: '2024-05-06T10:00:08Z' } } });
const readyTrue = [{ type: 'Ready', status: 'True' }];

test('runningAtStart: bound, Running, every container running; restartCount and readiness carried', () => {
  const r = runningAtStart(spec(), { phase: 'Running', conditions: readyTrue, containerStatuses: [running('web', 4)] });
  assert.ok(r);
  assert.is(r.podReady, true);
  assert.equal(r.containers.get('web'), { restartCount: 4, ready: true });
  const notReady = runningAtStart(spec(), { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [running('web', 0, false)] });
  assert.is(notReady?.podReady, false);
  assert.is(notReady?.containers.get('web')?.ready, false);
});

test('runningAtStart: anything short of that starts the ordinary way', () => {
  const ok = { phase: 'Running', containerStatuses: [running('web')] };
  assert.is(runningAtStart(spec({ nodeName: undefined }), ok), undefined, 'not bound');
  assert.is(runningAtStart(spec(), undefined), undefined, 'no status');
  assert.is(runningAtStart(spec(), { phase: 'Pending', containerStatuses: [running('web')] }), undefined, 'not Running');
  assert.is(runningAtStart(spec(), { phase: 'Running' }), undefined, 'no container statuses');
  assert.is(
    runningAtStart(spec(), { phase: 'Running', containerStatuses: [{ name: 'web', state: { waiting: { reason: 'CrashLoopBackOff' } } }] }),
    undefined,
    'container not running',
  );
  const two = spec({ containers: [{ name: 'web', image: 'nginx' }, { name: 'log', image: 'busybox' }] });
  assert.is(runningAtStart(two, ok), undefined, 'one of two containers has no status');
  const sidecar = spec({ initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }] });
  assert.is(runningAtStart(sidecar, ok), undefined, 'sidecar not running');
  assert.ok(runningAtStart(sidecar, { ...ok, initContainerStatuses: [running('proxy')] }));
  const plainInit = spec({ initContainers: [{ name: 'migrate', image: 'busybox' }] });
  assert.ok(runningAtStart(plainInit, ok), 'a plain init container of a Running pod has completed');
  assert.equal(runningAtStart(spec(), { ...ok, containerStatuses: [{ ...running('web'), restartCount: -1 }] })?.containers.get('web')?.restartCount, 0);
});

const pod = (name: string, status: string, probe = '') => `- apiVersion: v1
  kind: Pod
  metadata: {name: ${name}, namespace: default, labels: {app: ${name}}}
  spec:
    nodeName: n-0
    containers:
    - name: web
      image: nginx:1.27
${probe}  status:
${status}
`;
const runningStatus = (ready: boolean, restarts: number) => `    phase: Running
    conditions:
    - {type: Ready, status: "${ready ? 'True' : 'False'}"}
    containerStatuses:
    - name: web
      ready: ${ready}
      restartCount: ${restarts}
      state: {running: {startedAt: "2024-05-06T10:00:08Z"}}`;
const probe = `      readinessProbe: {httpGet: {path: /, port: 80}, initialDelaySeconds: 5, periodSeconds: 5}
`;

const scenario = `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: t}
spec:
  nodePools:
    - {name: n, count: 1, cpu: "4", memory: 8Gi}
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: 1m}
---
apiVersion: v1
kind: List
items:
${pod('found-ready', runningStatus(true, 3), probe)}${pod('found-unready', runningStatus(false, 0), probe)}${pod('fresh', '    phase: Pending')}`;

test('a snapshot pod found running is Running at t=0 with no pull events; one without those statuses still pulls and starts', () => {
  const out = join(tempDir(), 'out');
  const lines: string[] = [];
  runFiles([scenarioFile(scenario)], { seed: 1, out, watch: 'events', print: (l) => lines.push(l) });
  const rows = readFileSync(join(out, 'pods.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
  const col = (name: string) => rows[0]!.indexOf(name);
  const row = (pod: string) => rows.find((r) => r[col('name')] === pod)!;
  const events = (pod: string) => lines.filter((l) => l.includes(`pod/${pod} `)).map((l) => l.trim().split(/\s+/)[2]);

  assert.is(row('found-ready')[col('started_s')], '0');
  assert.is(row('found-ready')[col('ready_s')], '0', 'Ready True in the snapshot: ready at t=0, before any probe');
  assert.is(row('found-ready')[col('restarts')], '3', 'restartCount as the snapshot says');
  assert.ok(Number(row('found-ready')[col('cpu_used_mean_m')]) > 0, 'the usage model sees it running');
  assert.equal(events('found-ready'), [], 'no Scheduled/Pulling/Pulled/Created/Started');

  assert.is(row('found-unready')[col('started_s')], '0');
  assert.is(row('found-unready')[col('ready_s')], '5', 'not Ready in the snapshot: the readiness probe decides (initialDelaySeconds 5)');
  assert.equal(events('found-unready'), []);

  // The image counts as present on the node: the fresh pod's pull is "already present".
  assert.equal(events('fresh'), ['Pulled', 'Created', 'Started']);
  assert.match(lines.join('\n'), /pod\/fresh +Container image "nginx:1.27" already present on machine/);
  assert.ok(Number(row('fresh')[col('started_s')]) > 0, 'an ordinary pod still takes its container start');
});

test.run();
