// The timeline's `kubectl get`: every stored kind (simulated or only accepted), kubectl's flags
// (-o wide|json|yaml|name, -l, -n, -A, --show-labels), kubectl's tables and messages; `delete`
// of an accepted kind; `label pods -l` addressing pods by label instead of their random names.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { runFiles } from '../../runner/simulate.js';
import { scenarioFile } from '../helpers.js';

const SCENARIO = (actions: string[]) => `apiVersion: k8sim/v1
kind: Cluster
spec:
  nodePools:
    - {name: pool, count: 2, cpu: "4", memory: 16Gi}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web}
spec: {endpoints: [{port: http}]}
---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
${actions.map((a, i) => `    - {at: ${60 + i}s, run: ${JSON.stringify(a)}}`).join('\n')}
`;

/** What each action printed, in order. */
function outputs(actions: string[]): string[][] {
  const lines: string[] = [];
  runFiles([scenarioFile(SCENARIO(actions))], { seed: 1, watch: 'events', print: (l) => lines.push(...l.split('\n')) });
  const out: string[][] = [];
  for (const l of lines) {
    if (/^\[[^\]]+\] \$ /.test(l)) out.push([]);
    else if (out.length > 0) out[out.length - 1]!.push(l);
  }
  assert.is(out.length, actions.length);
  return out;
}

test('get TYPE prints kubectl\'s table for simulated and accepted kinds alike', () => {
  const [sa, pods, svc, nodes, none] = outputs(['kubectl get sa', 'kubectl get pods -n shop', 'kubectl get svc -n shop', 'kubectl get nodes', 'kubectl get ingress']);
  assert.equal(sa, ['NAME   SECRETS   AGE', 'web    0         60s']);
  assert.is(pods!.length, 3);
  assert.match(pods![0]!, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
  assert.match(pods![1]!, /^web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+61s$/);
  assert.equal(svc, ['NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE', 'web    ClusterIP   <none>       <none>        80/TCP    62s']);
  assert.equal(nodes, ['NAME     STATUS   ROLES    AGE   VERSION', 'pool-0   Ready    <none>   63s', 'pool-1   Ready    <none>   63s']);
  assert.equal(none, ['No resources found in default namespace.']);
});

test('-A, -l, several types, --show-labels and -o wide', () => {
  const [both, labels, wide] = outputs(['kubectl get deploy,svc -A -l app=web', 'kubectl get deploy -n shop --show-labels', 'kubectl get deploy -n shop -o wide']);
  assert.equal(both, [
    'NAMESPACE   NAME                  READY   UP-TO-DATE   AVAILABLE   AGE',
    'shop        deployment.apps/web   2/2     2            2           60s',
    '',
    'NAMESPACE   NAME          TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
    'shop        service/web   ClusterIP   <none>       <none>        80/TCP    60s',
  ]);
  assert.equal(labels, ['NAME   READY   UP-TO-DATE   AVAILABLE   AGE   LABELS', 'web    2/2     2            2           61s   app=web']);
  assert.equal(wide, ['NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES   SELECTOR', 'web    2/2     2            2           62s   c            nginx    app=web']);
});

test('-o name, -o yaml of one object, -o json of a list', () => {
  const [names, yaml, json] = outputs(['kubectl get pods -A -o name', 'kubectl get sa web -o yaml', 'kubectl get svc -n shop -o json']);
  assert.is(names!.length, 2);
  for (const n of names!) assert.match(n, /^pod\/web-/);
  const sa = parse(yaml!.join('\n')) as { apiVersion: string; kind: string; metadata: { name: string; namespace: string } };
  assert.equal([sa.apiVersion, sa.kind, sa.metadata.name, sa.metadata.namespace], ['v1', 'ServiceAccount', 'web', 'default']);
  assert.equal(Object.keys(sa), ['apiVersion', 'kind', 'metadata'], 'keys sorted as kubectl prints them');
  const list = JSON.parse(json!.join('\n')) as { kind: string; items: Array<{ metadata: { name: string } }> };
  assert.is(list.kind, 'List');
  assert.equal(list.items.map((i) => i.metadata.name), ['web']);
  assert.is(json![1], '    "apiVersion": "v1",', 'four-space indent, as kubectl');
});

test('delete of an accepted kind; get of a missing name is NotFound', () => {
  const [del, after, missing] = outputs(['kubectl delete sa web', 'kubectl get sa', 'kubectl get sa nope']);
  assert.equal(del, ['serviceaccount "web" deleted']);
  assert.equal(after, ['No resources found in default namespace.']);
  assert.equal(missing, ['Error from server (NotFound): serviceaccounts "nope" not found']);
});

test('label pods -l: pods addressed by label, then seen with their new label', () => {
  const [labelled, shown] = outputs(['kubectl label pods -n shop -l app=web tier=front', 'kubectl get pods -n shop -l tier=front -o name']);
  assert.is(labelled!.length, 2);
  for (const l of labelled!) assert.match(l, /^pod\/web-[a-z0-9-]+ labeled$/);
  assert.is(shown!.length, 2);
});

test('describe: what the model knows of each object, with its events; logs says what it cannot show', () => {
  const [pods, deploy, logs] = outputs(['kubectl describe pods -n shop -l app=web', 'kubectl describe deployment/web -n shop', 'kubectl logs web']);
  assert.is(pods!.filter((l) => l.startsWith('Name:')).length, 2, 'both pods, apart');
  assert.match(pods![0]!, /^Name: +web-[a-z0-9]+-[a-z0-9]{5}$/);
  assert.ok(pods!.includes('Namespace:          shop'), pods!.join('\n'));
  assert.ok(pods!.some((l) => /^Controlled By: +ReplicaSet\/web-/.test(l)));
  assert.ok(pods!.some((l) => /^ {4}State: +Running$/.test(l)));
  assert.ok(pods!.some((l) => /^ {2}Normal +Scheduled +60s +default-scheduler +Successfully assigned shop\/web-/.test(l)));
  assert.equal(deploy!.slice(0, 4), ['Name:               web', 'Namespace:          shop', 'Labels:             app=web', 'Annotations:        deployment.kubernetes.io/revision: 1']);
  assert.ok(deploy!.some((l) => /Normal +ScalingReplicaSet +61s +deployment-controller +Scaled up replica set web-\w+ to 2/.test(l)), deploy!.join('\n'));
  assert.match(logs![0]!, /^\(logs: k8sim does not model what containers print/);
});

test('apply -f - and delete -f - of an accepted kind, a custom resource and a List', () => {
  const lines: string[] = [];
  runFiles([scenarioFile(`apiVersion: k8sim/v1
kind: Cluster
spec:
  nodePools: [{name: pool, count: 1, cpu: "4", memory: 16Gi}]
---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
    - {at: 1s, manifest: {apiVersion: v1, kind: ServiceAccount, metadata: {name: robot}}}
    - {at: 2s, manifest: {apiVersion: monitoring.coreos.com/v1, kind: ServiceMonitor, metadata: {name: sm}, spec: {endpoints: []}}}
    - {at: 3s, manifest: {apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: ConfigMap, metadata: {name: c}}, {apiVersion: v1, kind: Secret, metadata: {name: s}}]}}
    - {at: 4s, manifest: {apiVersion: v1, kind: ServiceAccount, metadata: {name: robot}}}
    - {at: 5s, run: "kubectl get cm,secrets -o name"}
    - {at: 6s, run: kubectl delete -f -, manifest: {apiVersion: monitoring.coreos.com/v1, kind: ServiceMonitor, metadata: {name: sm}}}
    - {at: 7s, run: kubectl delete -f -, manifest: {apiVersion: v1, kind: List, items: [{apiVersion: v1, kind: ConfigMap, metadata: {name: c}}, {apiVersion: v1, kind: Secret, metadata: {name: s}}]}}
    - {at: 8s, run: kubectl delete -f -, manifest: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}}
`)], { seed: 1, watch: 'events', print: (l) => lines.push(...l.split('\n')) });
  assert.equal(lines.filter((l) => !l.startsWith('[') && !l.startsWith('TIME')), [
    'serviceaccount/robot created',
    'servicemonitor.monitoring.coreos.com/sm created',
    'configmap/c created',
    'secret/s created',
    'serviceaccount/robot unchanged',
    'configmap/c',
    'secret/s',
    'servicemonitor.monitoring.coreos.com "sm" deleted',
    'configmap "c" deleted',
    'secret "s" deleted',
    'Error from server (NotFound): configmaps "c" not found',
  ]);
});

test.run();
