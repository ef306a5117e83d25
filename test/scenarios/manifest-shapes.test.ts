// Shapes kubectl reads as something simpler: empty and comment-only documents, merge keys,
// explicit nulls, `kind: List` and typed lists — all load as the objects they stand for.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenarioText } from '../../scenarios/load.js';
import { ScenarioErrors } from '../../scenarios/errors.js';
import { dropNulls } from '../../scenarios/manifest-shapes.js';
import { parseYaml } from '../../scenarios/yaml.js';

const pod = (name: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec: {containers: [{name: c, image: nginx}]}`;

function errorsOf(text: string): string[] {
  try {
    loadScenarioText('s.yaml', text);
  } catch (e) {
    if (e instanceof ScenarioErrors) return e.errors.map((x) => x.message);
    throw e;
  }
  assert.unreachable('expected ScenarioErrors');
  return [];
}

test('empty documents, comment-only documents, a doubled and a trailing --- are skipped', () => {
  const text = `# Source: chart/templates/a.yaml\n---\n---\n# only a comment\n---\n${pod('a')}\n---\n\n---\n# Source: chart/templates/b.yaml\n---\n${pod('b')}\n---\n`;
  const docs = parseYaml('s.yaml', text);
  assert.equal(docs.map((d) => (d.value as { metadata: { name: string } }).metadata.name), ['a', 'b']);
  assert.equal(docs.map((d) => d.index), [0, 1]);
  assert.equal(docs[1]!.locate(['metadata', 'name']), { line: 17, column: 18 });
});

test('YAML merge keys (<<: *anchor) merge, and explicit keys win over merged ones', () => {
  const s = loadScenarioText('s.yaml', `apiVersion: v1
kind: Pod
metadata:
  name: a
  labels: &common {app: web, tier: front}
  annotations:
    <<: *common
    tier: override
spec: {containers: [{name: c, image: nginx}]}`);
  const meta = s.documents[0]!.body.metadata as { labels: object; annotations: object };
  assert.equal(meta.annotations, { app: 'web', tier: 'override' });
});

test('explicit null is an omitted field: labels: null, resources: null, status: null load', () => {
  const s = loadScenarioText('s.yaml', `apiVersion: v1
kind: Pod
metadata: {name: a, labels: null, annotations: null}
spec:
  nodeSelector: null
  containers:
    - {name: c, image: nginx, resources: null, env: null}
status: null`);
  const body = s.documents[0]!.body as { metadata: object; spec: { containers: object[] } };
  assert.equal(body.metadata, { name: 'a' });
  assert.not.ok('resources' in body.spec.containers[0]!);
  assert.not.ok('env' in body.spec.containers[0]!);
  assert.not.ok('nodeSelector' in body.spec);
  assert.not.ok('status' in body);
});

test('a required field given as null is reported missing, at its parent as any missing field', () => {
  assert.equal(errorsOf(`apiVersion: v1
kind: Pod
metadata: {name: a}
spec: {containers: [{name: c, image: null}]}`), ['s.yaml:4:21: spec.containers[0].image: required field is missing']);
});

test('dropNulls keeps nulls inside lists and a __proto__ key as data', () => {
  assert.equal(dropNulls({ a: null, b: [null, { c: null, d: 1 }] }), { b: [null, { d: 1 }] });
  const out = dropNulls(JSON.parse('{"__proto__": {"x": 1}}') as object);
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.equal(Object.keys(out), ['__proto__']);
});

test('kind: List is unpacked into its items, each located at its own lines', () => {
  const s = loadScenarioText('s.yaml', `apiVersion: v1
kind: List
metadata: {resourceVersion: ""}
items:
  - ${pod('a').split('\n').join('\n    ')}
  - apiVersion: v1
    kind: List
    items:
      - ${pod('b').split('\n').join('\n        ')}
`);
  assert.equal(s.documents.map((d) => [d.kind, d.name]), [['Pod', 'a'], ['Pod', 'b']]);
  assert.equal(s.documents[1]!.locate(['metadata', 'name']), { line: 14, column: 26 });
});

test('a typed list (PodList) gives its items its apiVersion and kind; errors point into the item', () => {
  const s = loadScenarioText('s.yaml', `apiVersion: apps/v1
kind: DeploymentList
items:
  - metadata: {name: web}
    spec:
      selector: {matchLabels: {app: web}}
      template:
        metadata: {labels: {app: web}}
        spec: {containers: [{name: c, image: nginx}]}
`);
  assert.equal(s.documents.map((d) => [d.apiVersion, d.kind, d.name]), [['apps/v1', 'Deployment', 'web']]);
  assert.equal(errorsOf(`apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: a}
    spec: {containers: [{name: c, image: nginx, imagePullPolcy: Always}]}
`), ['s.yaml:7:49: spec.containers[0].imagePullPolcy: unknown field "imagePullPolcy" (did you mean "imagePullPolicy"?)']);
});

test('an empty list loads as nothing', () => {
  assert.equal(loadScenarioText('s.yaml', 'apiVersion: v1\nkind: List\nitems: []\n').documents, []);
});

test.run();
