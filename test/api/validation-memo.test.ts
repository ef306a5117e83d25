// validateMeta's memoised rules (label keys/values, namespaces, generateName prefixes): the
// second and later validations of a spelling report what the first did, and what the rule says.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isDNS1123Label, isQualifiedName, isValidLabelValue, validateCreate } from '../../models/api/policy/validation.js';
import type { KObject } from '../../models/api/types.js';

const cm = (meta: Record<string, unknown>): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta } as unknown as KObject);

test('repeated spellings give the same errors each time, as the rule computes them', () => {
  const meta = { generateName: 'Bad_Prefix-', namespace: 'Not_A_Label', labels: { 'a/b/c': 'ok', app: '-bad-' } };
  const first = validateCreate(cm(meta));
  const second = validateCreate(cm(structuredClone(meta)));
  assert.equal(second, first);
  const details = (field: string) => first.filter((e) => e.field === field).map((e) => e.detail);
  assert.equal(details('metadata.namespace'), isDNS1123Label('Not_A_Label'));
  assert.equal(details('metadata.labels'), [...isQualifiedName('a/b/c'), ...isValidLabelValue('-bad-')]);
  assert.ok(details('metadata.generateName').length > 0);
  // A valid spelling memoised as valid stays valid, and an invalid one next to it is still caught.
  assert.equal(validateCreate(cm({ name: 'x', namespace: 'ok', labels: { app: 'web' } })), []);
  assert.equal(validateCreate(cm({ name: 'x', namespace: 'ok', labels: { app: 'web' } })), []);
  assert.is(validateCreate(cm({ name: 'x', namespace: 'ok', labels: { app: 'we b' } })).length, 1);
});

test.run();
