import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenario } from '../../scenarios/load.js';
import { ScenarioError, ScenarioErrors } from '../../scenarios/errors.js';

// Fixtures are addressed relative to the repository root, where `npm test` runs.
const fx = (name: string): string => `test/fixtures/scenarios/${name}`;

/** The messages thrown for the given files (fails the test if loading succeeds). */
function messages(...files: string[]): string[] {
  try {
    loadScenario(files.map(fx));
  } catch (e) {
    if (e instanceof ScenarioErrors) return e.errors.map((x) => x.message);
    throw e;
  }
  assert.unreachable('expected ScenarioErrors');
  return [];
}

test('valid multi-document scenario loads with kinds, names, namespaces and defaults', () => {
  const s = loadScenario([fx('valid.yaml')]);
  assert.equal(s.documents.map((d) => [d.kind, d.name, d.namespace]), [
    ['Cluster', 'small', undefined],
    ['Simulation', 'simulation', undefined],
    ['Pod', 'lone', 'default'],
    ['ReplicaSet', 'rs', 'default'],
    ['Deployment', 'web', 'shop'],
    ['HorizontalPodAutoscaler', 'web', 'shop'],
    ['Behavior', 'web', undefined],
    ['Timeline', 'timeline', undefined],
  ]);
  const cluster = s.documents[0]!.body as { spec: { nodePools: Array<{ maxPods: number }> } };
  assert.is(cluster.spec.nodePools[0]!.maxPods, 110, 'maxPods default filled in');
  const sim = s.documents[1]!.body as { spec: { sampleInterval: string; watchLatency: string } };
  assert.is(sim.spec.sampleInterval, '15s');
  assert.is(sim.spec.watchLatency, '0ms');
});

test('documents can locate fields and build positioned errors', () => {
  const deploy = loadScenario([fx('valid.yaml')]).documents[4]!;
  assert.equal(deploy.locate(['spec', 'replicas']), { line: 59, column: 13 });
  assert.equal(deploy.locate(['spec', 'replicas'], { key: true }), { line: 59, column: 3 });
  // A path that does not exist points at its deepest existing ancestor.
  assert.equal(deploy.locate(['spec', 'nope', 'x']), { line: 59, column: 3 });
  const err = deploy.error(['spec', 'template', 'spec', 'containers', 0, 'image'], 'image not found');
  assert.ok(err instanceof ScenarioError);
  assert.is(err.message, 'test/fixtures/scenarios/valid.yaml:95:16: spec.template.spec.containers[0].image: image not found');
  assert.is(err.line, 95);
  assert.is(err.column, 16);
  assert.is(err.detail, 'image not found');
});

test('malformed YAML points at the parser position', () => {
  assert.equal(messages('malformed-compact.yaml'), [
    'test/fixtures/scenarios/malformed-compact.yaml:4:9: invalid YAML: Nested mappings are not allowed in compact mappings',
  ]);
  const [m] = messages('malformed.yaml');
  assert.match(m!, /^test\/fixtures\/scenarios\/malformed\.yaml:6:1: invalid YAML: Flow map in block collection/);
  assert.not.match(m!, /\n/, 'no parser excerpt or stack in the message');
});

test('unknown kind suggests the right spelling; wrong apiVersion names the right one', () => {
  const [kind, version] = messages('unknown-kind.yaml');
  assert.match(kind!, /^test\/fixtures\/scenarios\/unknown-kind\.yaml:2:7: kind: unknown kind "limitrange" \(did you mean "LimitRange"\?\); known kinds in v1: ConfigMap, Endpoints, Event, LimitRange, Namespace, /);
  assert.is(version, 'test/fixtures/scenarios/unknown-kind.yaml:5:13: apiVersion: kind Deployment uses apiVersion "apps/v1", not "apps/v1beta2"');
});

test('unknown fields: every one reported at its key, with did-you-mean', () => {
  assert.equal(messages('unknown-field.yaml'), [
    'test/fixtures/scenarios/unknown-field.yaml:6:3: spec.replica: unknown field "replica" (did you mean "replicas"?)',
    'test/fixtures/scenarios/unknown-field.yaml:14:9: spec.template.spec.containers[0].resource: unknown field "resource" (did you mean "resources"?)',
  ]);
});

test('missing required field names the field and points at its parent', () => {
  assert.equal(messages('missing-required.yaml'), [
    'test/fixtures/scenarios/missing-required.yaml:6:5: spec.nodePools[0].cpu: required field is missing',
  ]);
});

test('bad quantity at the value position', () => {
  assert.equal(messages('bad-quantity.yaml'), [
    "test/fixtures/scenarios/bad-quantity.yaml:10:17: spec.containers[0].resources.limits.memory: invalid quantity \"100Mib\": quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  ]);
});

test('bad duration, and a distribution where only a duration is allowed', () => {
  assert.equal(messages('bad-duration.yaml'), [
    'test/fixtures/scenarios/bad-duration.yaml:4:13: spec.duration: invalid duration "10 minutes": expected a number and a unit (ms, s, m, h, d), e.g. "250ms", "15s", "1h30m", or "0"',
    'test/fixtures/scenarios/bad-duration.yaml:5:19: spec.sampleInterval: must be a string, not object',
  ]);
});

test('wrong types', () => {
  assert.equal(messages('wrong-type.yaml'), [
    'test/fixtures/scenarios/wrong-type.yaml:5:13: spec.replicas: must be an integer, not string "three"',
    'test/fixtures/scenarios/wrong-type.yaml:11:21: spec.template.spec.nodeSelector: must be an object, not array',
  ]);
});

test('duplicate object (implicit default namespace) is an error; other namespace is not', () => {
  assert.equal(messages('duplicate.yaml'), [
    'test/fixtures/scenarios/duplicate.yaml:9:9: metadata.name: duplicate Pod "p" in namespace "default"; first defined at test/fixtures/scenarios/duplicate.yaml:3:18',
  ]);
});

test('errors from several files are all reported, file by file', () => {
  const all = messages('wrong-type.yaml', 'missing-required.yaml', 'does-not-exist.yaml');
  assert.is(all.length, 4);
  assert.match(all[0]!, /^test\/fixtures\/scenarios\/wrong-type\.yaml:5:13:/);
  assert.match(all[2]!, /^test\/fixtures\/scenarios\/missing-required\.yaml:6:5:/);
  assert.is(all[3], 'test/fixtures/scenarios/does-not-exist.yaml:1:1: cannot read file (ENOENT)');
});

test('ScenarioErrors message lists one error per line, without stack traces', () => {
  try {
    loadScenario([fx('unknown-field.yaml')]);
    assert.unreachable();
  } catch (e) {
    assert.ok(e instanceof ScenarioErrors);
    assert.is(e.message.split('\n').length, 2);
    assert.not.match(e.message, /\bat .*\.js/);
  }
});

test.run();
