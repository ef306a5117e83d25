// The timeline's kubectl on custom resources (issue 13, "Every kind a cluster accepts"): a custom
// kind of the scenario is a resource type — named by its CRD's spec.names when the scenario has
// the CRD, else by kubectl's guess (lower-case kind, naive plural) — that get and delete address
// in every spelling kubectl takes, printed NAME and AGE as kubectl prints a CR without
// additionalPrinterColumns. An unknown type stays a load-time error with "did you mean".
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runFiles } from '../../runner/simulate.js';
import { loadScenarioText } from '../../scenarios/load.js';
import { buildScenario } from '../../scenarios/build.js';
import { ScenarioErrors } from '../../scenarios/errors.js';
import { scenarioFile } from '../helpers.js';

const CLUSTER = `apiVersion: k8sim/v1
kind: Cluster
spec:
  nodePools:
    - {name: pool, count: 1, cpu: "4", memory: 16Gi}
`;

// No CRD: kubectl's guess names the type servicemonitors / servicemonitor.
const SERVICE_MONITOR = `---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: web}
spec: {endpoints: [{port: http}]}
`;

// A CRD that names its plural, singular and short names (the shape of cert-manager's).
const CERTIFICATE_CRD = `---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: certificates.cert-manager.io}
spec:
  group: cert-manager.io
  names: {kind: Certificate, listKind: CertificateList, plural: certificates, singular: certificate, shortNames: [cert, certs]}
  scope: Namespaced
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}]
---
apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: site}
spec: {secretName: site-tls}
`;

const timeline = (actions: string[]) => `---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
${actions.map((a, i) => `    - {at: ${60 + i}s, run: ${JSON.stringify(a)}}`).join('\n')}
`;

/** What each action printed, in order. */
function outputs(objects: string, actions: string[]): string[][] {
  const lines: string[] = [];
  runFiles([scenarioFile(CLUSTER + objects + timeline(actions))], { seed: 1, watch: 'events', print: (l) => lines.push(...l.split('\n')) });
  const out: string[][] = [];
  for (const l of lines) {
    if (/^\[[^\]]+\] \$ /.test(l)) out.push([]);
    else if (out.length > 0) out[out.length - 1]!.push(l);
  }
  assert.is(out.length, actions.length);
  return out;
}

function loadErrors(text: string): string[] {
  try {
    buildScenario(loadScenarioText('s.yaml', text));
  } catch (e) {
    if (e instanceof ScenarioErrors) return e.errors.map((x) => x.message);
    throw e;
  }
  return [];
}

test('a custom resource without its CRD: plural, TYPE/NAME, TYPE.GROUP, -o name, then delete', () => {
  const out = outputs(SERVICE_MONITOR, [
    'kubectl get servicemonitors',
    'kubectl get servicemonitor/web',
    'kubectl get servicemonitors.monitoring.coreos.com',
    'kubectl get servicemonitor web -o name',
    'kubectl delete servicemonitor web',
    'kubectl get servicemonitors',
    'kubectl get servicemonitor web',
  ]);
  assert.equal(out[0], ['NAME   AGE', 'web    60s']);
  assert.equal(out[1], ['NAME   AGE', 'web    61s']);
  assert.equal(out[2], ['NAME   AGE', 'web    62s']);
  assert.equal(out[3], ['servicemonitor.monitoring.coreos.com/web']);
  assert.equal(out[4], ['servicemonitor.monitoring.coreos.com "web" deleted']);
  assert.equal(out[5], ['No resources found in default namespace.']);
  assert.equal(out[6], ['Error from server (NotFound): servicemonitors.monitoring.coreos.com "web" not found']);
});

test('a CRD in the scenario names the type: its plural, singular and short names, with and without the group', () => {
  const out = outputs(CERTIFICATE_CRD, [
    'kubectl get certificates',
    'kubectl get certificate site',
    'kubectl get cert/site',
    'kubectl get certs.cert-manager.io -A',
    'kubectl delete certificate/site',
  ]);
  assert.equal(out[0], ['NAME   AGE', 'site   60s']);
  assert.equal(out[1], ['NAME   AGE', 'site   61s']);
  assert.equal(out[2], ['NAME   AGE', 'site   62s']);
  assert.equal(out[3], ['NAMESPACE   NAME   AGE', 'default     site   63s']);
  assert.equal(out[4], ['certificate.cert-manager.io "site" deleted']);
});

test('a CRD\'s names replace the guess: the guessed plural is then unknown', () => {
  const crd = `---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: mons.monitoring.coreos.com}
spec:
  group: monitoring.coreos.com
  names: {kind: ServiceMonitor, plural: mons, singular: mon}
  scope: Namespaced
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}]
`;
  assert.equal(outputs(SERVICE_MONITOR + crd, ['kubectl get mons'])[0], ['NAME   AGE', 'web    60s']);
  const errs = loadErrors(CLUSTER + SERVICE_MONITOR + crd + timeline(['kubectl get servicemonitors']));
  assert.is(errs.length, 1);
  assert.match(errs[0]!, /unknown resource type "servicemonitors"/);
});

test('a custom resource applied by the timeline is addressable too', () => {
  const lines: string[] = [];
  runFiles([scenarioFile(`${CLUSTER}---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
    - {at: 1s, manifest: {apiVersion: example.com/v1, kind: Widget, metadata: {name: w1}}}
    - {at: 2s, run: kubectl get widgets}
    - {at: 3s, run: kubectl delete widget w1}
`)], { seed: 1, watch: 'events', print: (l) => lines.push(...l.split('\n')) });
  assert.ok(lines.includes('widget.example.com/w1 created'), lines.join('\n'));
  assert.ok(lines.includes('w1     1s'), lines.join('\n'));
  assert.ok(lines.includes('widget.example.com "w1" deleted'), lines.join('\n'));
});

test('an unknown resource type is still a load-time error, with "did you mean" among the custom types', () => {
  const errs = loadErrors(CLUSTER + SERVICE_MONITOR + timeline(['kubectl get servicemonitr']));
  assert.is(errs.length, 1);
  assert.match(errs[0]!, /unknown resource type "servicemonitr" \(did you mean "servicemonitor"\?\)/);
  assert.match(errs[0]!, /this scenario's custom resources \(servicemonitors\.monitoring\.coreos\.com\)/);
  // Without the object in the scenario, the type is unknown: nothing guesses a type from nothing.
  assert.match(loadErrors(CLUSTER + timeline(['kubectl get servicemonitors']))[0]!, /unknown resource type "servicemonitors"/);
});

test.run();
