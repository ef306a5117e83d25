// Timeline writes go through the API server's validation: an invalid write is printed as
// kubectl prints the server's refusal, the object is left as it was, and the run goes on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Pod } from '../../models/api/types.js';
import { at, deployment, outputOf, runActions } from './harness.js';

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
      containers: [{name: app, image: "app:1", resources: {requests: {cpu: 100m}, limits: {cpu: "1"}}}]
`;

const run = (actions: string[]) => runActions(actions, WEB, '2m');

test('patch to maxSurge 0 and maxUnavailable 0: refused as upstream, object unchanged, the next command runs', () => {
  const h = run([
    at('10s', `kubectl patch deployment web -p '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":0,"maxUnavailable":0}}}}'`),
    at('20s', 'kubectl scale deployment web --replicas=3'),
  ]);
  assert.is(outputOf(h, '[10s]'), 'The Deployment "web" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0');
  const d = deployment(h.model, 'web');
  assert.is(d.spec.strategy!.rollingUpdate!.maxSurge, '25%');
  assert.is(outputOf(h, '[20s]'), 'deployment.apps/web scaled');
  assert.is(d.spec.replicas, 3);
  assert.is(h.timeline.failed, 1);
});

test('a changed selector is immutable; a template whose labels the selector does not match is refused', () => {
  const h = run([
    at('10s', `kubectl patch deployment web -p '{"spec":{"selector":{"matchLabels":{"app":"web","v":"2"}},"template":{"metadata":{"labels":{"app":"web","v":"2"}}}}}'`),
    at('20s', `kubectl patch deployment web -p '{"spec":{"template":{"metadata":{"labels":{"app":"other"}}}}}'`),
  ]);
  assert.is(outputOf(h, '[10s]'),
    'The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable');
  assert.is(outputOf(h, '[20s]'),
    'The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`');
  assert.equal(deployment(h.model, 'web').spec.template.metadata!.labels, { app: 'web' });
});

test('set resources with a request above its limit: refused as the server words it; several causes are listed one per line', () => {
  const h = run([
    at('10s', 'kubectl set resources deployment web --requests=cpu=2'),
    at('20s', `kubectl patch deployment web -p '{"spec":{"replicas":-1,"revisionHistoryLimit":-1}}'`),
  ]);
  assert.is(outputOf(h, '[10s]'), 'The Deployment "web" is invalid: spec.template.spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1');
  const i = h.printed.findIndex((l) => l.startsWith('[20s]'));
  assert.equal(h.printed.slice(i + 1, i + 2)[0]!.split('\n'), [
    'The Deployment "web" is invalid: ',
    '* spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    '* spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
  ]);
  assert.equal(deployment(h.model, 'web').spec.template.spec.containers[0]!.resources, { requests: { cpu: '100m' }, limits: { cpu: '1' } });
});

test('re-applying a pod with a changed label is an update (nodeName, admission tolerations kept); changing its node is Forbidden', () => {
  const pod = (t: string, app: string, extra = '') => [
    `    - at: ${t}`,
    '      run: kubectl apply -f -',
    '      manifest:',
    '        apiVersion: v1',
    '        kind: Pod',
    `        metadata: {name: orphan, labels: {app: ${app}}}`,
    `        spec: {containers: [{name: app, image: "nginx:1"}]${extra}}`,
  ].join('\n');
  const h = runActions([pod('5s', 'x'), pod('20s', 'y'), pod('30s', 'y', ', nodeName: other')], '', '1m');
  assert.is(outputOf(h, '[5s]'), 'pod/orphan created');
  assert.is(outputOf(h, '[20s]'), 'pod/orphan configured');
  assert.match(outputOf(h, '[30s]'), /^The Pod "orphan" is invalid: spec: Forbidden: pod updates may not change fields other than/);
  const p = h.model.store.get<Pod>('Pod', 'default', 'orphan')!;
  assert.equal(p.metadata.labels, { app: 'y' });
  assert.ok(p.spec.nodeName && p.spec.nodeName !== 'other');
  assert.ok((p.spec.tolerations ?? []).length >= 2, 'DefaultTolerationSeconds tolerations kept');
});

test.run();
