// scenarios/kubectl/custom-resources.ts: the custom resource types a scenario's objects declare.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { customResourceTypes, guessPlural } from '../../scenarios/kubectl/custom-resources.js';
import { lookupResource } from '../../scenarios/kubectl/resources.js';

// apimachinery's TestUnsafeGuessKindToResource cases (pkg/api/meta/restmapper_test.go), lower-cased kinds.
test('guessPlural follows kubectl\'s UnsafeGuessKindToResource', () => {
  const cases: Array<[string, string]> = [
    ['', ''],
    ['Pod', 'pods'],
    ['Pods', 'podses'],
    ['Endpoints', 'endpoints'],
    ['Policy', 'policies'],
    ['ServiceMonitor', 'servicemonitors'],
    ['Ingress', 'ingresses'],
  ];
  for (const [kind, plural] of cases) assert.is(guessPlural(kind), plural, kind);
});

test('a CRD gives the names (its scope: Cluster is not honoured yet, as storage); a custom object without one gets the guess', () => {
  const t = customResourceTypes([
    {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'clusterissuers.cert-manager.io' },
      spec: { group: 'cert-manager.io', scope: 'Cluster', names: { kind: 'ClusterIssuer', plural: 'clusterissuers', shortNames: ['ciss'] } },
    },
    { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'a' } },
    { apiVersion: 'monitoring.coreos.com/v1', kind: 'PodMonitor', metadata: { name: 'b' } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } },
  ]);
  assert.equal([...t.keys()], ['clusterissuers.cert-manager.io', 'podmonitors.monitoring.coreos.com']);
  assert.equal(t.get('clusterissuers.cert-manager.io'), {
    kind: 'ClusterIssuer', group: 'cert-manager.io', namespaced: true, plural: 'clusterissuers', singular: 'clusterissuer', aliases: ['ciss'],
  });
  assert.is(t.get('podmonitors.monitoring.coreos.com')!.singular, 'podmonitor');
  assert.is(lookupResource('CISS', t), 'clusterissuers.cert-manager.io');
  assert.is(lookupResource('podmonitor.monitoring.coreos.com', t), 'podmonitors.monitoring.coreos.com');
  assert.is(lookupResource('podmonitor.example.com', t), undefined);
});

test('a custom Service (Knative) keeps its group-qualified stored kind; plain services stay core', () => {
  const t = customResourceTypes([{ apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello' } }]);
  assert.is(t.get('services.serving.knative.dev')!.kind, 'Service.serving.knative.dev');
  assert.is(lookupResource('services', t), 'services');
  assert.is(lookupResource('services.serving.knative.dev', t), 'services.serving.knative.dev');
  assert.is(lookupResource('service.serving.knative.dev', t), 'services.serving.knative.dev');
});

test.run();
