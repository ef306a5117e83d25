// Kinds a cluster accepts that k8sim does not simulate: accepted, validated as far as their
// schema goes, stored, counted once per kind for the summary, refused one line per kind with
// --strict; custom resources of any dotted API group likewise; unknown kinds of Kubernetes' own
// groups stay errors, as the API server refuses them.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText } from '../../scenarios/load.js';
import { buildScenario } from '../../scenarios/build.js';
import { ScenarioErrors } from '../../scenarios/errors.js';
import { formatNotSimulated } from '../../scenarios/not-simulated.js';
import { ACCEPTED_CLUSTER_SCOPED, acceptedKinds, isCustomGroup } from '../../scenarios/schema/accepted.js';
import { CLUSTER_SCOPED } from '../../models/api/policy/defaults.js';
import { ClusterModel } from '../../models/cluster.js';
import { prepareManifest } from '../../models/api/manifests.js';
import type { KObject } from '../../models/api/types.js';
import { clusterYaml } from '../helpers.js';

const MANIFESTS = `
apiVersion: v1
kind: ServiceAccount
metadata: {name: web}
automountServiceAccountToken: false
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: api, namespace: shop}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader}
rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec: {rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web, labels: {release: prom}}
spec: {selector: {matchLabels: {app: web}}, endpoints: [{port: http}]}
---
apiVersion: serving.knative.dev/v1
kind: Service
metadata: {name: hello}
spec: {template: {spec: {containers: [{image: hello}]}}}
`;

function errorsOf(text: string, strict = false): string[] {
  try {
    buildScenario(loadScenarioText('s.yaml', text), { strict });
  } catch (e) {
    if (e instanceof ScenarioErrors) return e.errors.map((x) => x.message);
    throw e;
  }
  assert.unreachable('expected ScenarioErrors');
  return [];
}

test('accepted kinds and custom resources load and are counted once per kind, most first', () => {
  const built = buildScenario(loadScenarioText('s.yaml', clusterYaml() + '---' + MANIFESTS));
  assert.is(formatNotSimulated(built.notSimulated), '2 ServiceAccount, 1 ClusterRole, 1 Ingress, 1 Service.serving.knative.dev, 1 ServiceMonitor.monitoring.coreos.com');
  assert.is(built.manifests.length, 6);
});

test('they are stored: the API server holds them by kind, cluster-scoped ones without a namespace', () => {
  const built = buildScenario(loadScenarioText('s.yaml', clusterYaml() + '---' + MANIFESTS));
  const model = new ClusterModel({ ...built.cluster, seed: 1 });
  for (const m of built.manifests) model.create(prepareManifest(m.obj));
  assert.ok(model.store.get<KObject>('ServiceAccount', 'shop', 'api'));
  assert.ok(model.store.get<KObject>('ServiceAccount', 'default', 'web'));
  assert.is(model.store.get<KObject>('ClusterRole', undefined, 'reader')?.metadata.namespace, undefined);
  assert.ok(model.store.get<KObject>('ServiceMonitor', 'default', 'web'));
  // Knative's Service is not a Service: no endpoints controller may take it for one.
  assert.is(model.store.get<KObject>('Service', 'default', 'hello'), undefined);
  assert.ok(model.store.get<KObject>('Service.serving.knative.dev', 'default', 'hello'));
});

test('--strict: one error per kind at its first document, naming the others', () => {
  assert.equal(errorsOf(clusterYaml() + '---' + MANIFESTS + '---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: c}\n', true).slice(0, 2), [
    's.yaml:18:7: kind: 3 ServiceAccount documents are accepted but not simulated (--strict); also at s.yaml:23:7, s.yaml:47:7',
    's.yaml:27:7: kind: ClusterRole is accepted but not simulated (--strict)',
  ]);
});

test('validated as far as the schema goes: metadata in full, top-level fields by name', () => {
  assert.equal(errorsOf(clusterYaml() + `---
apiVersion: v1
kind: ServiceAccount
metadata: {name: Web_1, labels: {a: [1]}}
automountToken: true
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {nam: x}
`), [
    's.yaml:19:18: metadata.name: invalid name "Web_1": must be a DNS subdomain (lowercase letters, digits, \'-\' and \'.\', starting and ending alphanumeric)',
    's.yaml:19:37: metadata.labels.a: must be a string, not array',
    's.yaml:20:1: automountToken: unknown field "automountToken"',
    's.yaml:24:12: metadata.nam: unknown field "nam" (did you mean "name"?)',
  ]);
});

test('unknown kinds of built-in groups and undotted groups are errors; dotted groups are custom resources', () => {
  const [kind, group, version] = errorsOf(clusterYaml() + `---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBindng
metadata: {name: x}
---
apiVersion: widgets/v1
kind: Widget
metadata: {name: x}
---
apiVersion: app/v1
kind: Deployment
metadata: {name: x}
`);
  assert.match(kind!, /^s\.yaml:18:7: kind: unknown kind "RoleBindng" \(did you mean "RoleBinding"\?\); known kinds in rbac\.authorization\.k8s\.io: ClusterRole, ClusterRoleBinding, Role, RoleBinding$/);
  assert.is(group, 's.yaml:21:13: apiVersion: unknown API group "widgets"; a custom resource\'s group is a domain name with a dot (monitoring.coreos.com/v1)');
  assert.is(version, 's.yaml:25:13: apiVersion: kind Deployment uses apiVersion "apps/v1", not "app/v1"');
  assert.ok(isCustomGroup('cert-manager.io/v1'));
  assert.not.ok(isCustomGroup('networking.k8s.io/v1'));
  assert.not.ok(isCustomGroup('example.com'), 'a group without a version');
});

test('one line per distinct cause: eleven documents of a kind the server no longer serves are one error that says where', () => {
  const docs = Array.from({ length: 11 }, (_, i) => `---\napiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: i${i}}\n`).join('');
  assert.equal(errorsOf(clusterYaml() + docs), [
    's.yaml:17:13: apiVersion: kind Ingress uses apiVersion "networking.k8s.io/v1", not "extensions/v1beta1" (11 documents; also at s.yaml:21:13, s.yaml:25:13, s.yaml:29:13, and 7 more)',
  ]);
});

test('every accepted cluster-scoped kind is cluster-scoped for the API server too', () => {
  for (const kind of ACCEPTED_CLUSTER_SCOPED) assert.ok(CLUSTER_SCOPED.has(kind), kind);
  for (const k of acceptedKinds) if (CLUSTER_SCOPED.has(k.kind)) assert.not.ok(k.namespaced, k.kind);
});

test.run();
