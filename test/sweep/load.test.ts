import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentsFor } from '../../sweep/command.js';
import { ScenarioErrors } from '../../scenarios/errors.js';
import { loadSweep } from '../../sweep/load.js';
import { getPath, parseParameterPath } from '../../sweep/paths.js';
import { fixture, tempDir } from './helpers.js';

function errorsOf(file: string): string[] {
  try {
    loadSweep(file);
  } catch (e) {
    if (e instanceof ScenarioErrors) return e.errors.map((x) => x.message);
    throw e;
  }
  throw new Error('expected errors');
}

test('unknown Kind/name, index out of range and missing field name the sweep file line of the parameter', () => {
  const msgs = errorsOf(fixture('bad-path.yaml'));
  const file = fixture('bad-path.yaml');
  assert.is(msgs.length, 3);
  assert.ok(msgs[0]!.startsWith(`${file}:12:13: spec.parameters[1].path: `), msgs[0]);
  assert.match(msgs[0]!, /containers\[1\]: index out of range .*the list has 1 item/);
  assert.ok(msgs[1]!.startsWith(`${file}:15:13: spec.parameters[2].path: `), msgs[1]);
  assert.match(msgs[1]!, /no document HorizontalPodAutoscaler\/web/);
  assert.ok(msgs[2]!.startsWith(`${file}:18:13: spec.parameters[3].path: `), msgs[2]);
  assert.match(msgs[2]!, /spec\.replicaz: no such field .*replicas/);
});

test('schema errors: unknown field with "did you mean", bad values, positions', () => {
  const msgs = errorsOf(fixture('bad-schema.yaml'));
  const file = fixture('bad-schema.yaml');
  assert.ok(msgs.includes(`${file}:7:3: spec.desing: unknown field "desing" (did you mean "design"?)`), msgs.join('\n'));
  assert.ok(msgs.some((m) => m.startsWith(`${file}:12:3: spec.replications:`)), msgs.join('\n'));
});

test('semantic errors: duration, constraint syntax, goalSeek parameter, values+range', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'scenario.yaml'), 'apiVersion: k8sim/v1\nkind: Cluster\nmetadata:\n  name: prod\nspec:\n  nodes: 3\n');
  const file = join(dir, 'sweep.yaml');
  writeFileSync(
    file,
    [
      'apiVersion: k8sim/v1',
      'kind: Sweep',
      'metadata: {name: s}',
      'spec:',
      '  scenario: scenario.yaml',
      '  parameters:',
      '    - name: nodes',
      '      path: Cluster/prod:spec.nodes',
      '      values: [1]',
      '      range: {from: 1, to: 2, step: 1}',
      '  constraints: ["p99 <== 3"]',
      '  budget: {timeout: soon}',
      '  goalSeek: {parameter: nodez, low: 1, high: 5}',
      '',
    ].join('\n'),
  );
  const msgs = errorsOf(file).join('\n');
  assert.match(msgs, /sweep\.yaml:7:7: spec\.parameters\[0\]: give only one of values, range, distribution/);
  assert.match(msgs, /sweep\.yaml:11:17: spec\.constraints\[0\]: expected a number at column 7/);
  assert.match(msgs, /sweep\.yaml:12:21: spec\.budget\.timeout: not a duration: "soon"/);
  assert.match(msgs, /sweep\.yaml:13:25: spec\.goalSeek\.parameter: no parameter named "nodez"/);
});

test('a Sweep beside the scenario documents sweeps them', () => {
  const def = loadSweep(fixture('inline.yaml'));
  assert.is(def.name, 'inline');
  assert.equal(def.documents.map((d) => d['kind']), ['Cluster', 'Deployment']);
  assert.equal(def.seeds, [1]);
});

test('setting a value replaces the node (numbers, quantities, percentages) without touching the base', () => {
  const def = loadSweep(fixture('grid.yaml'));
  const docs = documentsFor(def, [4, 6, '750m']);
  const cpu = parseParameterPath('Deployment/web:spec.template.spec.containers[0].resources.requests.cpu');
  assert.is(getPath(docs, cpu), '750m');
  assert.is(getPath(docs, parseParameterPath('Cluster/prod:spec.nodes')), 4);
  assert.is(getPath(def.documents, cpu), '500m');
});

test('parameter path syntax errors', () => {
  assert.throws(() => parseParameterPath('Deployment/web'), /expected "<Kind>\/<name>:<field.path>"/);
  assert.throws(() => parseParameterPath('web:spec.replicas'), /Kind/);
  assert.throws(() => parseParameterPath('Deployment/web:spec..replicas'), /empty field name/);
  assert.throws(() => parseParameterPath('Deployment/web:[0]'), /must follow a field name/);
  assert.equal(parseParameterPath('A/b:x.y[2][0].z').segments, ['x', 'y', 2, 0, 'z']);
});

test('the definition hash changes with the scenario', () => {
  const dir = tempDir();
  const body = 'apiVersion: k8sim/v1\nkind: Cluster\nmetadata: {name: prod}\nspec: {nodes: 3}\n---\napiVersion: k8sim/v1\nkind: Sweep\nmetadata: {name: s}\nspec:\n  parameters: [{name: n, path: "Cluster/prod:spec.nodes", values: [1]}]\n';
  writeFileSync(join(dir, 'a.yaml'), body);
  writeFileSync(join(dir, 'b.yaml'), body.replace('nodes: 3', 'nodes: 4'));
  assert.not.equal(loadSweep(join(dir, 'a.yaml')).hash, loadSweep(join(dir, 'b.yaml')).hash);
});

test.run();
