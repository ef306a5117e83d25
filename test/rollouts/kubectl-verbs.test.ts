// Every kubectl verb the timeline executor supports: its effect on the model and what it
// prints (as kubectl would) in the timeline output and timeline.csv.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { controllerRef } from '../../models/api/store.js';
import type { Deployment, KObject, Pod } from '../../models/api/types.js';
import { runFiles } from '../../runner/simulate.js';
import { scenarioFile, tempDir } from '../helpers.js';
import { activePods, at, deployment, header, outputOf, rsOf, runActions, type Harness } from './harness.js';

const WEB = `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: "app:1", resources: {requests: {cpu: 100m}}}]
`;

/** Actions as YAML list items (a manifest may follow a run). */
const run = (actions: string[], extra = WEB, duration = '3m'): Harness => runActions(actions, extra, duration);

test('apply -f -: created, then configured (a template change rolls out), then unchanged; create -f - of an existing object is AlreadyExists', () => {
  const manifest = (image: string) => `      manifest:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api}
        spec:
          replicas: 1
          selector: {matchLabels: {app: api}}
          template:
            metadata: {labels: {app: api}}
            spec: {containers: [{name: api, image: "${image}"}]}`;
  const h = run([
    `    - at: 10s\n      run: kubectl apply -f -\n${manifest('api:1')}`,
    `    - at: 20s\n      run: kubectl apply -f -\n${manifest('api:2')}`,
    `    - at: 30s\n      run: kubectl apply -f -\n${manifest('api:2')}`,
    `    - at: 40s\n      run: kubectl create -f -\n${manifest('api:2')}`,
  ]);
  assert.is(outputOf(h, '[10s]'), 'deployment.apps/api created');
  assert.is(outputOf(h, '[20s]'), 'deployment.apps/api configured');
  assert.is(outputOf(h, '[30s]'), 'deployment.apps/api unchanged');
  assert.is(outputOf(h, '[40s]'), 'Error from server (AlreadyExists): error when creating "STDIN": deployments.apps "api" already exists');
  assert.is(rsOf(h.model, deployment(h.model, 'api')).length, 2);
});

test('create deployment / job / namespace', () => {
  const h = run([
    at('1s', 'kubectl create deployment hello --image=nginx:1.25 --replicas=3 --port=80'),
    at('2s', 'kubectl create job once --image=busybox -- echo hi'),
    at('3s', 'kubectl create namespace team-a'),
    at('4s', 'kubectl create namespace team-a'),
  ]);
  assert.is(outputOf(h, '[1s]'), 'deployment.apps/hello created');
  assert.is(outputOf(h, '[2s]'), 'job.batch/once created');
  assert.is(outputOf(h, '[3s]'), 'namespace/team-a created');
  assert.match(outputOf(h, '[4s]'), /AlreadyExists/);
  const d = deployment(h.model, 'hello');
  assert.is(d.spec.replicas, 3);
  assert.is(d.spec.template.spec.containers[0]!.name, 'nginx');
  assert.is(d.status.readyReplicas, 3);
  assert.ok(h.model.store.get('Job', 'default', 'once'));
  assert.ok(h.model.store.get('Namespace', undefined, 'team-a'));
});

test('delete by name, by selector, --all, and -f -; NotFound wording', () => {
  const pods = ['a', 'b', 'c', 'd'].map((n, i) => `---
apiVersion: v1
kind: Pod
metadata: {name: ${n}, labels: {tier: ${i < 2 ? 'front' : 'back'}}}
spec: {containers: [{name: c, image: busybox}]}
`).join('');
  const h = run(
    [
      at('10s', 'kubectl delete pod a'),
      at('11s', 'kubectl delete pod a'),
      at('12s', 'kubectl delete pods -l tier=front'),
      `    - at: 13s\n      run: kubectl delete -f -\n      manifest: {apiVersion: v1, kind: Pod, metadata: {name: c}, spec: {containers: [{name: c, image: busybox}]}}`,
      at('14s', 'kubectl delete pods --all'),
      at('15s', 'kubectl delete deployment web'),
      at('16s', 'kubectl delete pod a --ignore-not-found'),
    ],
    pods + WEB,
  );
  assert.is(outputOf(h, '[10s]'), 'pod "a" deleted');
  assert.is(outputOf(h, '[11s]'), 'Error from server (NotFound): pods "a" not found');
  assert.is(outputOf(h, '[12s]'), 'pod "b" deleted');
  assert.is(outputOf(h, '[13s]'), 'pod "c" deleted');
  assert.match(outputOf(h, '[14s]'), /pod "d" deleted/);
  assert.is(outputOf(h, '[15s]'), 'deployment.apps "web" deleted');
  assert.is(outputOf(h, '[16s]'), '', '--ignore-not-found: nothing printed, no error');
  assert.is(activePods(h.model).length, 0, 'the Deployment took its ReplicaSet and pods with it');
  assert.is([...h.model.store.list('ReplicaSet')].length, 0);
});

test('scale: replicas change; --current-replicas is a precondition', () => {
  const h = run([at('10s', 'kubectl scale deployment/web --replicas=4 --current-replicas=3'), at('11s', 'kubectl scale deployment/web --replicas=4 --current-replicas=2'), at('12s', 'kubectl scale rs --all --replicas=1')]);
  assert.is(outputOf(h, '[10s]'), 'error: Expected replicas to be 3, was 2');
  assert.is(outputOf(h, '[11s]'), 'deployment.apps/web scaled');
  assert.match(outputOf(h, '[12s]'), /^replicaset\.apps\/web-\w+ scaled$/);
  // The Deployment owns its RS: the controller scales it back to 4.
  assert.is(deployment(h.model, 'web').status.readyReplicas, 4);
});

test('set image / resources / env change the template (new RS each), unknown container is an error', () => {
  const h = run([
    at('10s', 'kubectl set image deployment/web app=app:2'),
    at('11s', 'kubectl set image deployment/web nope=app:2'),
    at('12s', 'kubectl set image deployment/web app=app:2'),
    at('40s', 'kubectl set resources deployment web -c=app --limits=cpu=200m,memory=512Mi --requests=cpu=150m'),
    at('80s', 'kubectl set env deployment/web MODE=fast'),
  ]);
  assert.is(outputOf(h, '[10s]'), 'deployment.apps/web image updated');
  assert.is(outputOf(h, '[11s]'), 'error: unable to find container named "nope"');
  assert.is(outputOf(h, '[12s]'), 'deployment.apps/web unchanged');
  assert.is(outputOf(h, '[40s]'), 'deployment.apps/web resource requirements updated');
  assert.is(outputOf(h, '[1m20s]'), 'deployment.apps/web env updated');
  const d = deployment(h.model, 'web');
  const c = d.spec.template.spec.containers[0]!;
  assert.is(c.image, 'app:2');
  assert.equal(c.resources?.limits, { cpu: '200m', memory: '512Mi' });
  assert.equal(c.resources?.requests, { cpu: '150m' });
  assert.equal(c.env, [{ name: 'MODE', value: 'fast' }]);
  assert.is(rsOf(h.model, d).length, 4);
  const pod = activePods(h.model)[0]!;
  assert.equal(pod.spec.containers[0]!.env, [{ name: 'MODE', value: 'fast' }]);
});

test('set-field and edit --field', () => {
  const h = run([at('10s', 'set-field deployment/web spec.replicas=3'), at('20s', 'kubectl edit deployment/web --field spec.template.spec.containers[0].image=app:9'), at('21s', 'kubectl edit deployment/nope --field spec.replicas=1')]);
  assert.is(outputOf(h, '[10s]'), 'deployment.apps/web edited');
  assert.is(outputOf(h, '[20s]'), 'deployment.apps/web edited');
  assert.is(outputOf(h, '[21s]'), 'Error from server (NotFound): deployments.apps "nope" not found');
  const d = deployment(h.model, 'web');
  assert.is(d.status.readyReplicas, 3);
  assert.ok(activePods(h.model).every((p) => p.spec.containers[0]!.image === 'app:9'));
});

test('label / annotate: --overwrite rules, removal with KEY-', () => {
  const h = run([
    at('10s', 'kubectl label deployment web team=a'),
    at('11s', 'kubectl label deployment web team=b'),
    at('12s', 'kubectl label deployment web team=b --overwrite'),
    at('13s', 'kubectl label deployment web team=b'),
    at('14s', 'kubectl annotate deployment web note=x'),
    at('15s', 'kubectl annotate deployment web note=y'),
    at('16s', 'kubectl annotate deployment web note-'),
    at('17s', 'kubectl label deployment web team-'),
  ]);
  assert.is(outputOf(h, '[10s]'), 'deployment.apps/web labeled');
  assert.is(outputOf(h, '[11s]'), "error: 'team' already has a value (a), and --overwrite is false");
  assert.is(outputOf(h, '[12s]'), 'deployment.apps/web labeled');
  assert.is(outputOf(h, '[13s]'), 'deployment.apps/web labeled', 'the same value needs no --overwrite');
  assert.is(outputOf(h, '[14s]'), 'deployment.apps/web annotated');
  assert.is(outputOf(h, '[15s]'), "error: 'note' already has a value (x), and --overwrite is false");
  assert.is(outputOf(h, '[16s]'), 'deployment.apps/web annotated');
  const d = deployment(h.model, 'web');
  assert.is(d.metadata.labels?.team, undefined);
  assert.is(d.metadata.annotations?.note, undefined);
});

test('patch: merge, strategic (containers merged by name) and json', () => {
  const h = run([
    at('10s', `kubectl patch deployment web --type=merge -p '{"spec":{"replicas":3}}'`),
    at('20s', `kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"app:5"}]}}}}'`),
    at('60s', `kubectl patch deployment web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":1}]'`),
    at('61s', `kubectl patch deployment ghost --type=merge -p '{"spec":{"replicas":3}}'`),
  ]);
  assert.is(outputOf(h, '[10s]'), 'deployment.apps/web patched');
  assert.is(outputOf(h, '[20s]'), 'deployment.apps/web patched');
  assert.is(outputOf(h, '[1m]'), 'deployment.apps/web patched');
  assert.is(outputOf(h, '[1m1s]'), 'Error from server (NotFound): deployments.apps "ghost" not found');
  const d = deployment(h.model, 'web');
  const c = d.spec.template.spec.containers[0]!;
  assert.is(c.image, 'app:5');
  assert.equal(c.resources?.requests, { cpu: '100m' }, 'strategic merge kept the other container fields');
  assert.is(d.spec.replicas, 1);
  assert.is(d.status.readyReplicas, 1);
});

test('autoscale creates an HPA object', () => {
  const h = run([at('10s', 'kubectl autoscale deployment web --min=2 --max=5 --cpu-percent=70'), at('11s', 'kubectl autoscale deployment ghost --max=5')]);
  assert.is(outputOf(h, '[10s]'), 'horizontalpodautoscaler.autoscaling/web autoscaled');
  assert.is(outputOf(h, '[11s]'), 'Error from server (NotFound): deployments.apps "ghost" not found');
  const hpa = h.model.store.get<KObject & { spec: Record<string, unknown> }>('HorizontalPodAutoscaler', 'default', 'web')!;
  assert.equal(hpa.spec, {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    minReplicas: 2,
    maxReplicas: 5,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
  });
});

test('note prints its text; get/describe/logs change nothing', () => {
  let before = '';
  const h = run([at('10s', 'note load test starts'), at('20s', 'kubectl get deploy web'), at('21s', 'kubectl describe deployment web'), at('22s', 'kubectl logs deploy/web')], WEB);
  assert.is(outputOf(h, '[10s]'), 'load test starts');
  assert.is(outputOf(h, '[20s]').replace(/\s+/g, ' '), 'NAME READY UP-TO-DATE AVAILABLE AGE web 2/2 2 2 20s');
  assert.match(outputOf(h, '[21s]'), /^Name: +web\nNamespace: +default\n/);
  assert.match(outputOf(h, '[22s]'), /^\(logs: k8sim does not model what containers print/);
  const d = deployment(h.model, 'web');
  before = JSON.stringify(d.spec);
  assert.is(before, JSON.stringify(deployment(h.model, 'web').spec));
  assert.is(h.timeline.failed, 0);
  assert.is(h.timeline.executed, 4);
});

test('timeline.csv: one row per command with time, command, outcome and kubectl output', () => {
  const out = join(tempDir(), 'out');
  runFiles([scenarioFile(header() + WEB + `---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
    - {at: 5s, run: "kubectl scale deployment/web --replicas=3"}
    - {at: 6s, run: "kubectl delete pod nope"}
`)], { out, seed: 1 });
  const rows = readFileSync(join(out, 'timeline.csv'), 'utf8').trim().split('\n');
  assert.equal(rows, [
    'time_s,command,outcome,output',
    '5,kubectl scale deployment/web --replicas=3,ok,deployment.apps/web scaled',
    '6,kubectl delete pod nope,error,"Error from server (NotFound): pods ""nope"" not found"',
  ]);
});

test('ownership after kubectl create deployment: pods belong to the RS, the RS to the Deployment', () => {
  const h = run([at('1s', 'kubectl create deployment hello --image=nginx')], '');
  const d = h.model.store.get<Deployment>('Deployment', 'default', 'hello')!;
  const [rs] = rsOf(h.model, d);
  const pods = h.model.store.listInNamespace<Pod>('Pod', 'default');
  assert.is(pods.length, 1);
  assert.is(controllerRef(pods[0]!)?.uid, rs!.metadata.uid);
});

test.run();
