// containerConfigError: upstream's makeEnvironmentVariables errors for env and envFrom.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { containerConfigError, type ConfigSource } from '../../../models/kubelet/policy/container-config.js';

const source: ConfigSource = {
  configMap: (ns, name) => (ns === 'default' && name === 'cm' ? new Set(['a']) : undefined),
  secret: (ns, name) => (ns === 'default' && name === 'sec' ? new Set(['pw']) : undefined),
};

const cases: Array<[string, Record<string, unknown>, string | undefined]> = [
  ['no env', {}, undefined],
  ['plain values', { env: [{ name: 'X', value: '1' }] }, undefined],
  ['configMapKeyRef present', { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cm', key: 'a' } } }] }, undefined],
  ['configMapKeyRef missing map', { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'other', key: 'a' } } }] }, 'configmap "other" not found'],
  ['configMapKeyRef missing key', { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cm', key: 'b' } } }] }, "couldn't find key b in ConfigMap default/cm"],
  ['configMapKeyRef missing key, optional', { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cm', key: 'b', optional: true } } }] }, undefined],
  ['secretKeyRef missing secret', { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'nope', key: 'pw' } } }] }, 'secret "nope" not found'],
  ['secretKeyRef missing key', { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'sec', key: 'user' } } }] }, "couldn't find key user in Secret default/sec"],
  ['secretKeyRef missing, optional', { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'nope', key: 'pw', optional: true } } }] }, undefined],
  ['envFrom configMapRef missing', { envFrom: [{ configMapRef: { name: 'other' } }] }, 'configmap "other" not found'],
  ['envFrom secretRef missing, optional', { envFrom: [{ secretRef: { name: 'nope', optional: true } }] }, undefined],
  ['envFrom is read before env', { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'nope', key: 'k' } } }], envFrom: [{ configMapRef: { name: 'other' } }] }, 'configmap "other" not found'],
  ['fieldRef is not a config reference', { env: [{ name: 'X', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }, undefined],
];

for (const [name, container, want] of cases) {
  test(`containerConfigError: ${name}`, () => {
    assert.is(containerConfigError(container, 'default', source), want);
  });
}

test.run();
