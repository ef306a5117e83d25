// Portable scenario documents (scenarios/portable.ts): after a structured clone (what a piscina
// task goes through), locate() answers as the loaded YAML's did, and loading reports errors at the
// original file's line and column.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenario, loadScenarioText } from '../../scenarios/load.js';
import { ScenarioErrors } from '../../scenarios/errors.js';
import { loadPortableScenario, portableScenario } from '../../scenarios/portable.js';
import { clusterYaml, scenarioFile } from '../helpers.js';

const YAML = `${clusterYaml()}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: &labels {app: web}}
spec:
  replicas: 3
  selector: {matchLabels: *labels}
  template:
    metadata: {labels: *labels}
    spec:
      containers:
        - name: app
          image: "img:1"
          resources:
            requests: {cpu: 250m}
          env:
            - name: EMPTY
              value:
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data: {"0": zero}
`;

/** Every path worth asking: each node of each body, one segment past it, and a few misses. */
function probes(body: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path, [...path, 'nope'], [...path, 7]);
  if (Array.isArray(body)) body.forEach((v, i) => probes(v, [...path, i], out));
  else if (body !== null && typeof body === 'object') for (const [k, v] of Object.entries(body)) probes(v, [...path, k], out);
  return out;
}

test('a structured-cloned portable scenario locates every path as the YAML did', () => {
  const loaded = loadScenarioText('s.yaml', YAML);
  const copy = structuredClone(portableScenario(loaded));
  const again = loadPortableScenario(copy);
  assert.is(again.documents.length, loaded.documents.length);
  let checked = 0;
  loaded.documents.forEach((d, i) => {
    const p = again.documents[i]!;
    assert.equal([p.file, p.index, p.kind, p.name, p.namespace], [d.file, d.index, d.kind, d.name, d.namespace]);
    assert.equal(p.body, d.body);
    for (const path of probes(d.body)) {
      for (const key of [false, true]) {
        assert.equal(p.locate(path, { key }), d.locate(path, { key }), `${JSON.stringify(path)} key=${key}`);
        checked++;
      }
    }
  });
  assert.ok(checked > 200, `only ${checked} probes`);
});

test('errors in a changed portable document name the original file, line and column', () => {
  const file = scenarioFile(YAML);
  const p = portableScenario(loadScenario([file]));
  const deployment = p.documents.findIndex((d) => d['kind'] === 'Deployment');
  (p.documents[deployment]!['spec'] as Record<string, unknown>)['replicas'] = 'many';
  try {
    loadPortableScenario(structuredClone(p));
    assert.unreachable('expected ScenarioErrors');
  } catch (e) {
    if (!(e instanceof ScenarioErrors)) throw e;
    const line = YAML.split('\n').indexOf('  replicas: 3') + 1; // the value starts at column 13
    assert.equal(e.errors.map((x) => x.message), [`${file}:${line}:13: spec.replicas: must be an integer, not string "many"`]);
  }
});

test.run();
