import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { plainCopy } from '../../models/controllers/plain-copy.js';

// A pod template spec as the scenarios write it (trimmed from scenarios/examples/ch5-deployment.yaml)
// plus the shapes defaulting adds: nested arrays, null, booleans, an undefined-valued key.
const spec = {
  containers: [
    {
      name: 'kubia',
      image: 'luksa/kubia:v1',
      ports: [{ containerPort: 8080, protocol: 'TCP' }],
      resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m' } },
      readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 1 },
      env: [],
    },
  ],
  nodeSelector: null,
  hostNetwork: false,
  priority: undefined,
  terminationGracePeriodSeconds: 30,
};

test('plainCopy equals structuredClone on plain data, keys in the same order', () => {
  const a = plainCopy(spec);
  const b = structuredClone(spec);
  assert.equal(a, b);
  assert.equal(JSON.stringify(a), JSON.stringify(b));
  assert.equal(Object.keys(a), Object.keys(b));
  assert.ok('priority' in a, 'an undefined-valued key is kept, as structuredClone keeps it');
});

test('plainCopy shares nothing with its source', () => {
  const a = plainCopy(spec);
  assert.is.not(a, spec);
  assert.is.not(a.containers, spec.containers);
  assert.is.not(a.containers[0]!.resources.requests, spec.containers[0]!.resources.requests);
  a.containers[0]!.ports[0]!.containerPort = 1;
  assert.is(spec.containers[0]!.ports[0]!.containerPort, 8080);
});

test('plainCopy hands what is not plain data to structuredClone', () => {
  const src = { at: new Date(5), m: new Map([['k', 1]]) };
  const a = plainCopy(src);
  assert.ok(a.at instanceof Date && a.at.getTime() === 5 && a.at !== src.at);
  assert.ok(a.m instanceof Map && a.m.get('k') === 1 && a.m !== src.m);
  assert.is(plainCopy(null), null);
  assert.is(plainCopy('x'), 'x');
});

test.run();
