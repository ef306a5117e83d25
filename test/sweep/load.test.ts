import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
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
  writeFileSync(join(dir, 'scenario.yaml'), 'apiVersion: k8sim/v1\nkind: Cluster\nmetadata:\n  name: prod\nspec:\n  nodePools: [{name: a, count: 3, cpu: "4", memory: 16Gi}]\n');
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
      '      path: Cluster/prod:spec.nodePools[0].count',
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
  assert.is(getPath(docs, parseParameterPath('Cluster/prod:spec.nodePools[0].count')), 4);
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
  const body = 'apiVersion: k8sim/v1\nkind: Cluster\nmetadata: {name: prod}\nspec: {nodePools: [{name: a, count: 3, cpu: "4", memory: 16Gi}]}\n---\napiVersion: k8sim/v1\nkind: Sweep\nmetadata: {name: s}\nspec:\n  parameters: [{name: n, path: "Cluster/prod:spec.nodePools[0].count", values: [1]}]\n';
  writeFileSync(join(dir, 'a.yaml'), body);
  writeFileSync(join(dir, 'b.yaml'), body.replace('count: 3', 'count: 4'));
  assert.not.equal(loadSweep(join(dir, 'a.yaml')).hash, loadSweep(join(dir, 'b.yaml')).hash);
});

test('a broken scenario is reported at sweep load time with its file:line:column, and the sweep entry that names it', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'good.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: "1"}\n');
  writeFileSync(join(dir, 'scenario.yaml'), 'apiVersion: k8sim/v1\nkind: Cluster\nmetadata: {name: prod}\nspec:\n  nodePools:\n    - {name: a, count: 3, cpu: "4", memroy: 16Gi}\n');
  const file = join(dir, 'sweep.yaml');
  writeFileSync(file, 'apiVersion: k8sim/v1\nkind: Sweep\nmetadata: {name: s}\nspec:\n  scenario: [good.yaml, scenario.yaml]\n  parameters: [{name: n, path: "Cluster/prod:spec.nodePools[0].count", values: [1]}]\n');
  const msgs = errorsOf(file);
  const scenario = join(dir, 'scenario.yaml');
  assert.ok(msgs.some((m) => m.startsWith(`${scenario}:6:37: spec.nodePools[0].memroy: `)), msgs.join('\n'));
  assert.ok(msgs.some((m) => m.startsWith(`${file}:5:25: spec.scenario[1]: cannot load scenario "scenario.yaml"`)), msgs.join('\n'));
  assert.not.ok(msgs.some((m) => m.includes('good.yaml')), msgs.join('\n'));
});

test('a Sweep beside a broken scenario document reports it in the sweep file', () => {
  const dir = tempDir();
  const file = join(dir, 'inline.yaml');
  writeFileSync(file, 'apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: web}\n---\napiVersion: k8sim/v1\nkind: Sweep\nmetadata: {name: s}\nspec:\n  parameters: [{name: n, path: "Deployment/web:spec.replicas", values: [1]}]\n');
  const msgs = errorsOf(file);
  assert.is(msgs.length, 1, msgs.join('\n'));
  assert.match(msgs[0]!, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2:7: kind: unknown kind "Deploymnet" \\(did you mean "Deployment"\\?\\)`));
});

test('the scenario has its schema defaults: a defaulted field can be swept', () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'sweep.yaml'), readFileSync(fixture('grid.yaml'), 'utf8')
    .replace('scenario: scenario.yaml', `scenario: ${JSON.stringify(fixture('scenario.yaml'))}`)
    .replace('path: Cluster/prod:spec.nodePools[0].count', 'path: Cluster/prod:spec.nodePools[0].maxPods'));
  const def = loadSweep(join(dir, 'sweep.yaml'));
  assert.is(getPath(def.documents, parseParameterPath('Cluster/prod:spec.nodePools[0].maxPods')), 110);
});

test.run();
