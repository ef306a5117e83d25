// The scale bench's generator writes the repeated documents as Replicate templates by default
// and every copy in the explicit form: both must load to the same documents in the same order
// (the Traffic entries merged into the same spec), so the two forms run alike.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateScaleScenario, scaleLayout, scaleParams, type ScaleParams } from '../../bench/scale-scenario.js';
import { loadScenarioText } from '../../scenarios/load.js';
import { buildTraffic } from '../../scenarios/traffic.js';
import type { ScenarioError } from '../../scenarios/errors.js';

function loaded(p: ScaleParams, form: 'replicate' | 'explicit') {
  const text = generateScaleScenario(p, form);
  const docs = loadScenarioText(`${form}.yaml`, text).documents;
  const errors: ScenarioError[] = [];
  const traffic = buildTraffic(docs, errors);
  assert.equal(errors, []);
  const others = docs.filter((d) => d.kind !== 'Traffic').map((d) => ({ apiVersion: d.apiVersion, kind: d.kind, name: d.name, namespace: d.namespace, body: d.body }));
  return { text, others, traffic };
}

function sameDocuments(p: ScaleParams): void {
  const r = loaded(p, 'replicate');
  const e = loaded(p, 'explicit');
  assert.equal(r.others, e.others);
  assert.equal(r.traffic, e.traffic);
  assert.ok(r.text.length < e.text.length, 'the Replicate form is the shorter text');
}

test('provisioned: the Replicate form loads to the explicit form\'s documents', () => {
  const p = scaleParams(60, 2);
  assert.is(scaleLayout(p).backgroundDeployments, 36); // the last one takes the remainder
  sameDocuments(p);
});

test('under-provisioned: runs of pinned and unpinned Deployments, each its own Replicate', () => {
  const p = scaleParams(100, 1, { underProvisioned: 0.2 });
  assert.ok(generateScaleScenario(p).includes('nodeSelector: {pool: tight}'));
  sameDocuments(p);
});

test('1,000 HPA\'d Deployments: every copy\'s traffic peak hour is peakHour()\'s, operation for operation', () => {
  sameDocuments(scaleParams(50, 1, { deployments: 1000, pods: 2000 }));
});

test.run();
