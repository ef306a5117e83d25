import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  fnv1a32, safeEncodeString, canonicalJSON, computePodTemplateHash, equalIgnoreHash, POD_TEMPLATE_HASH_LABEL, stripHashLabel,
} from '../../../models/controllers/policy/pod-template-hash.js';

const tpl = () => ({
  metadata: { labels: { app: 'web', tier: 'front' } },
  spec: { containers: [{ name: 'nginx', image: 'nginx:1.14.2', ports: [{ containerPort: 80 }] }] },
});

test('fnv1a32 reference vectors', () => {
  const enc = (s: string) => fnv1a32(Buffer.from(s));
  assert.is(enc(''), 0x811c9dc5);
  assert.is(enc('a'), 0xe40c292c);
  assert.is(enc('foobar'), 0xbf9cf968);
});

test('safeEncodeString: decimal digits map into {4..9,b,c,d,f} like real hashes', () => {
  assert.is(safeEncodeString('0123456789'), '456789bcdf');
  assert.match(computePodTemplateHash(tpl()), /^[456789bcdf]{1,10}$/);
});

test('same template ⇒ same hash; label and key order irrelevant; hash label ignored', () => {
  const a = tpl();
  const b = { spec: { containers: [{ ports: [{ containerPort: 80 }], image: 'nginx:1.14.2', name: 'nginx' }] }, metadata: { labels: { tier: 'front', app: 'web' } } };
  assert.is(computePodTemplateHash(a), computePodTemplateHash(b));
  const withHash = { ...a, metadata: { labels: { ...a.metadata.labels, 'pod-template-hash': 'zzz' } } };
  assert.is(computePodTemplateHash(withHash), computePodTemplateHash(a));
  assert.ok(equalIgnoreHash(withHash, b));
  assert.is(canonicalJSON({ b: 1, a: [2, { d: 3, c: undefined }] }), '{"a":[2,{"d":3}],"b":1}');
});

test('any field change ⇒ different hash; collisionCount changes it too', () => {
  const base = computePodTemplateHash(tpl());
  const img = tpl(); img.spec.containers[0]!.image = 'nginx:1.16.1';
  const lbl = tpl(); lbl.metadata.labels.app = 'web2';
  const port = tpl(); port.spec.containers[0]!.ports[0]!.containerPort = 81;
  const hashes = [base, computePodTemplateHash(img), computePodTemplateHash(lbl), computePodTemplateHash(port),
    computePodTemplateHash(tpl(), 0), computePodTemplateHash(tpl(), 1)];
  assert.is(new Set(hashes).size, hashes.length);
  assert.not.ok(equalIgnoreHash(tpl(), img));
});

test('equalIgnoreHash agrees with comparing canonicalJSON of the stripped templates', () => {
  const base = () => ({
    metadata: { labels: { app: 'web', [POD_TEMPLATE_HASH_LABEL]: 'abc' }, annotations: { a: '1' } },
    spec: { containers: [{ name: 'c', image: 'app:1', ports: [{ containerPort: 80 }], env: undefined as unknown }], nodeSelector: { z: 'a' } },
  });
  const variants: Array<(t: ReturnType<typeof base>) => unknown> = [
    (t) => t,
    (t) => ({ ...t, metadata: { ...t.metadata, labels: { app: 'web' } } }),
    (t) => ({ ...t, metadata: { ...t.metadata, labels: { app: 'web', [POD_TEMPLATE_HASH_LABEL]: 'other' } } }),
    (t) => ({ ...t, metadata: { ...t.metadata, labels: { [POD_TEMPLATE_HASH_LABEL]: 'abc' } } }),
    (t) => ({ ...t, metadata: { annotations: { a: '1' } } }),
    (t) => ({ ...t, metadata: { ...t.metadata, labels: { app: 'api' } } }),
    (t) => ({ spec: t.spec, metadata: t.metadata }),
    (t) => ({ ...t, spec: { ...t.spec, containers: [{ ...t.spec.containers[0]!, image: 'app:2' }] } }),
    (t) => ({ ...t, spec: { nodeSelector: { z: 'a' }, containers: [{ image: 'app:1', name: 'c', ports: [{ containerPort: 80 }] }] } }),
    (t) => ({ ...t, spec: { ...t.spec, containers: [{ ...t.spec.containers[0]!, ports: [{ containerPort: 80 }, undefined] }] } }),
    (t) => ({ ...t, spec: { ...t.spec, containers: [{ ...t.spec.containers[0]!, ports: [{ containerPort: 80 }, null] }] } }),
    (t) => ({ ...t, spec: { ...t.spec, containers: [{ ...t.spec.containers[0]!, ports: { 0: { containerPort: 80 } } }] } }),
    (t) => ({ ...t, spec: { ...t.spec, extra: null } }),
    (t) => ({ ...t, spec: { ...t.spec, extra: NaN } }),
    (t) => ({ ...t, spec: { ...t.spec, nodeSelector: { z: 'a', y: undefined } } }),
    (t) => ({ ...t, spec: { ...t.spec, nodeSelector: {} } }),
  ];
  const old = (a: object, b: object) => canonicalJSON(stripHashLabel(a)) === canonicalJSON(stripHashLabel(b));
  for (const f of variants) {
    for (const g of variants) {
      const a = f(base()) as object;
      const b = g(base()) as object;
      assert.is(equalIgnoreHash(a, b), old(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
    }
  }
});

test.run();
