// Summary metrics a sweep constraint can name: update rollouts apart from creation, pods
// deleted while pending, time to recover after a timeline action, SIG Scalability pod start-up
// latency and scheduling throughput. Whole runs through runScenario, the function the CLI and
// the sweep workers call.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runScenario } from '../../runner/simulate.js';
import { loadScenarioText } from '../../scenarios/load.js';
import { nearestRank } from '../../reports/percentile.js';

function cluster(opts: { nodes?: number; cpu?: string; duration?: string } = {}): string {
  return `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: t}
spec:
  nodePools:
    - {name: a, count: ${opts.nodes ?? 2}, cpu: "${opts.cpu ?? '16'}", memory: 64Gi, maxPods: 110, labels: {topology.kubernetes.io/zone: z1}}
---
apiVersion: k8sim/v1
kind: Simulation
spec: {duration: ${opts.duration ?? '5m'}}
`;
}

function web(replicas: number, strategy: string, cpu = '100m'): string {
  return `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: ${replicas}
  strategy: ${strategy}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: "app:1", resources: {requests: {cpu: ${cpu}}}}]
`;
}

const timeline = (...actions: Array<[string, string]>) => `---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
${actions.map(([at, run]) => `    - {at: ${at}, run: "${run}"}`).join('\n')}
`;

const run = (text: string) => runScenario(loadScenarioText('<test>', text), { seed: 1 }).summary;

test('update rollouts: duration, min available (and its ratio), max surge — creation left out', () => {
  const surge = run(cluster() + web(4, '{rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}') + timeline(['60s', 'kubectl set image deployment/web app=app:2']));
  assert.is(surge['rollout_update_min_available'], 4);
  assert.is(surge['rollout_update_min_available_ratio'], 1);
  assert.is(surge['rollout_update_max_surge'], 1);
  assert.is(surge['rollout_update_unfinished'], 0);
  assert.ok((surge['rollout_update_duration_s'] as number) > 0);
  assert.is(surge['rollout_update_max_surge.default.web'], 1);
  const down = run(cluster() + web(4, '{rollingUpdate: {maxSurge: 0, maxUnavailable: 1}}') + timeline(['60s', 'kubectl set image deployment/web app=app:2']));
  assert.is(down['rollout_update_min_available'], 3);
  assert.is(down['rollout_update_min_available_ratio'], 0.75);
  assert.is(down['rollout_update_max_surge'], 0);
  // The creation at t=0 starts from 0 available: it must not count.
  const none = run(cluster() + web(4, '{type: RollingUpdate}'));
  assert.is(none['rollout_update_min_available'], undefined);
  assert.is(none['rollouts'], 1);
});

test('a pod deleted while pending still counts: max_pending_s and pods_deleted_pending', () => {
  // 3 pods of 10 CPU on one 16-CPU node: two wait until the scale-down at 10 min deletes them.
  const s = run(cluster({ nodes: 1, duration: '15m' }) + web(3, '{type: RollingUpdate}', '10') + timeline(['10m', 'kubectl scale deployment/web --replicas=1']));
  assert.is(s['pods_deleted_pending'], 2);
  assert.is(s['pods_unscheduled'], 0);
  assert.is(s['max_pending_s'], 600);
});

test('recovery after a timeline action: measured from the changes, 0 when nothing was disturbed', () => {
  const s = run(cluster({ nodes: 2, duration: '15m' }) + web(4, '{type: RollingUpdate}') + timeline(['2m', 'node fail a-0'], ['14m', 'kubectl label deployment web x=y']));
  // Detection 50 s, NoExecute toleration 300 s, replacement start 500 ms: 350.5 s.
  assert.is(s['recovery_s.1'], 350.5);
  assert.is(s['recovery_s.2'], 0);
  assert.is(s['recovery_s_max'], 350.5);
  assert.is(s['recovery_unfinished'], 0);
  const stuck = run(cluster({ nodes: 1, duration: '10m' }) + web(2, '{type: RollingUpdate}') + timeline(['2m', 'node fail a-0']));
  assert.is(stuck['recovery_unfinished'], 1);
  assert.is(stuck['recovery_s.1'], 480);
});

test('pod start-up latency: image pull excluded, nearest-rank percentiles, 5 s SLO', () => {
  const behavior = (pull: string, start: string) => `---
apiVersion: k8sim/v1
kind: Behavior
metadata: {name: b}
spec:
  selector: {matchLabels: {app: web}}
  startup: {imagePull: ${pull}, start: ${start}}
`;
  const slowPull = run(cluster() + behavior('30s', '1s') + web(2, '{type: RollingUpdate}'));
  assert.is(slowPull['pod_startup_p99_s'], 1, 'a 30 s pull is not start-up latency');
  assert.is(slowPull['pod_startup_slo_met'], 1);
  const slowStart = run(cluster() + behavior('1s', '6s') + web(2, '{type: RollingUpdate}'));
  assert.is(slowStart['pod_startup_p99_s'], 6);
  assert.is(slowStart['pod_startup_slo_met'], 0);
  assert.ok((slowStart['scheduling_throughput_max_pods_per_s'] as number) >= 1);
});

test('nearest rank: the value at ceil(n·p) − 1', () => {
  const xs = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.is(nearestRank(xs, 0.99), 99);
  assert.is(nearestRank(xs, 0.5), 50);
  assert.is(nearestRank([7], 0.99), 7);
  assert.ok(Number.isNaN(nearestRank([], 0.5)));
});

test.run();
