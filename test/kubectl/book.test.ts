// The kubectl commands printed in "Kubernetes 101" (chapter 4 ReplicaSets, chapter 5 Deployments),
// as a user would copy them into a timeline. Files become `-f -` with an inline manifest.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCommand, CommandError, type Command } from '../../scenarios/kubectl/index.js';

const p = (line: string, hasManifest = false): Command => parseCommand(line, { hasManifest });
const name = (resource: string, n: string) => ({ by: 'name', refs: [{ resource, name: n }] });

test('ch.4: kubectl scale --replicas=2 rs/web (flag before the object)', () => {
  assert.equal(p('kubectl scale --replicas=2 rs/web'), { verb: 'scale', target: name('replicasets', 'web'), replicas: 2 });
});

test('ch.4: kubectl autoscale rs web --max=5', () => {
  assert.equal(p('kubectl autoscale rs web --max=5'), { verb: 'autoscale', target: { resource: 'replicasets', name: 'web' }, max: 5 });
});

test('ch.4: kubectl delete rs web --cascade=false orphans the pods', () => {
  assert.equal(p('kubectl delete rs web --cascade=false'), {
    verb: 'delete', target: name('replicasets', 'web'), cascade: 'orphan', force: false, ignoreNotFound: false,
  });
});

test('ch.4: apply/delete of a file become -f - with the manifest inline', () => {
  assert.equal(p('kubectl apply -f -', true), { verb: 'apply' });
  assert.equal(p('kubectl delete -f -', true).verb, 'delete');
  assert.equal(p('kubectl delete pods orphan').verb, 'delete');
  assert.throws(() => p('kubectl apply -f nginx_replicaset.yaml'), /only inline manifests are supported in timelines/);
});

test('ch.4: kubectl edit rs web is interactive; --field makes it a timeline action', () => {
  assert.throws(() => p('kubectl edit rs web'), /kubectl edit opens an editor/);
  assert.equal(p('kubectl edit rs web --field spec.replicas=2'), {
    verb: 'set-field', target: { resource: 'replicasets', name: 'web' }, fields: [{ path: ['spec', 'replicas'], value: 2 }],
  });
  assert.equal(p('kubectl edit pods web-44cjb --field metadata.labels.role=isolated'), {
    verb: 'set-field', target: { resource: 'pods', name: 'web-44cjb' }, fields: [{ path: ['metadata', 'labels', 'role'], value: 'isolated' }],
  });
});

test('ch.5: kubectl apply -f - --record', () => {
  assert.equal(p('kubectl apply -f - --record', true), { verb: 'apply', record: true });
});

test('ch.5: kubectl set image deployment apache-deployment apache=httpd:2.4 (TYPE NAME form)', () => {
  assert.equal(p('kubectl set image deployment apache-deployment apache=httpd:2.4'), {
    verb: 'set-image', target: name('deployments', 'apache-deployment'), images: [{ container: 'apache', image: 'httpd:2.4' }],
  });
  assert.equal(p('kubectl set image deployment apache-deployment frontend=nginx:1.7.9'), {
    verb: 'set-image', target: name('deployments', 'apache-deployment'), images: [{ container: 'frontend', image: 'nginx:1.7.9' }],
  });
});

test('ch.5: rollout status / history / undo', () => {
  assert.equal(p('kubectl rollout status deployment apache-deployment'), { verb: 'rollout-status', target: name('deployments', 'apache-deployment') });
  assert.equal(p('kubectl rollout history deployment apache-deployment'), { verb: 'rollout-history', target: name('deployments', 'apache-deployment') });
  assert.equal(p('kubectl rollout undo deployment apache-deployment'), { verb: 'rollout-undo', target: name('deployments', 'apache-deployment') });
  assert.equal(p('kubectl rollout undo deployment apache-deployment --to-revision=1'), {
    verb: 'rollout-undo', target: name('deployments', 'apache-deployment'), toRevision: 1,
  });
});

test('ch.5: kubectl scale deployment apache-deployment --replicas=6', () => {
  assert.equal(p('kubectl scale deployment apache-deployment --replicas=6'), {
    verb: 'scale', target: name('deployments', 'apache-deployment'), replicas: 6,
  });
});

test('ch.5: kubectl autoscale deployment apache-deployment --min=6 --max=10 --cpu-percent=70', () => {
  assert.equal(p('kubectl autoscale deployment apache-deployment --min=6 --max=10 --cpu-percent=70'), {
    verb: 'autoscale', target: { resource: 'deployments', name: 'apache-deployment' }, min: 6, max: 10, cpuPercent: 70,
  });
});

test('read-only commands from the book parse (get, describe, logs)', () => {
  for (const line of [
    'kubectl get pods', 'kubectl get pods -o wide', 'kubectl get pods -o json', 'kubectl get rs', 'kubectl get pvc',
    'kubectl get pods web-6n9cj -o yaml', 'kubectl describe pods webserver', 'kubectl describe deployments',
    'kubectl logs say-something-fqjfd', 'kubectl get pods --watch',
  ]) assert.ok(['get', 'describe', 'logs'].includes(p(line).verb), line);
});

test('ch.2.10: kubectl exec -it webserver -- /bin/bash -c "kill 1" is a SIGTERM to PID 1', () => {
  assert.equal(p('kubectl exec -it webserver -- /bin/bash -c "kill 1"'), { verb: 'exec-kill', pod: 'webserver', signal: 'TERM' });
  assert.equal(p('kubectl exec webserver -c nginx -n web -- kill -9 1'), { verb: 'exec-kill', namespace: 'web', pod: 'webserver', container: 'nginx', signal: 'KILL' });
  assert.equal(p('kubectl exec pod/webserver -- sh -c "kill -s INT 1"'), { verb: 'exec-kill', pod: 'webserver', signal: 'INT' });
});

test('book lines that are not one timeline command say why', () => {
  const cases: Array<[string, RegExp]> = [
    ['kubectl describe deployments | grep Strategy', /"\|" is not supported/],
    ['kubectl apply -f my_job.yaml && kubectl get pods --watch', /"&" is not supported/],
    ['kubectl exec -it webserver -- /bin/bash', /the one command modelled is `kill 1`/],
    ['kubectl run webserver --image=nginx --port=80', /kubectl run is not supported/],
    // The book's typo (no "--"): kubectl would look for a job named "cascade=false".
    ['kubectl delete jobs job-name cascade=false', /did you mean --cascade=false\?/],
  ];
  for (const [line, re] of cases) {
    assert.throws(() => p(line), (e: unknown) => e instanceof CommandError && re.test(e.message), line);
  }
});

test.run();
