// The timeline's commands are parsed when the scenario loads: errors carry file:line:column.
import { test } from 'uvu';
import { scenarioFile } from '../helpers.js';
import * as assert from 'uvu/assert';
import { loadScenario } from '../../scenarios/load.js';
import { buildScenario } from '../../scenarios/build.js';
import { ScenarioErrors } from '../../scenarios/errors.js';

const fx = (name: string): string => `test/fixtures/scenarios/${name}`;

test('a valid timeline carries parsed commands', () => {
  const built = buildScenario(loadScenario([fx('valid.yaml')]));
  assert.equal(built.timeline.map((e) => e.command?.verb), ['scale', 'apply']);
  const scale = built.timeline[0]!.command;
  assert.ok(scale?.verb === 'scale' && scale.replicas === 6 && scale.namespace === 'shop');
});

test('bad timeline commands fail the load, each with its position', () => {
  try {
    buildScenario(loadScenario([fx('bad-timeline.yaml')]));
  } catch (e) {
    assert.instance(e, ScenarioErrors);
    const msgs = (e as ScenarioErrors).errors.map((x) => x.message);
    assert.is(msgs.length, 2, msgs.join('\n'));
    assert.match(msgs[0]!, /^test\/fixtures\/scenarios\/bad-timeline\.yaml:14:18: spec\.actions\[1\]\.run: "kubectl sclae deploy\/web --replicas=3": unknown kubectl verb "sclae" \(did you mean "scale"\?\)/);
    assert.match(msgs[1]!, /bad-timeline\.yaml:16:27: spec\.actions\[2\]\.run: .*only inline manifests are supported/);
    return;
  }
  assert.unreachable('expected ScenarioErrors');
});

test('the column points at the offending word, also inside a quoted value', () => {
  const file = scenarioFile(`apiVersion: k8sim/v1
kind: Cluster
metadata: {name: c}
spec:
  nodePools: [{name: a, count: 1, cpu: "1", memory: 1Gi}]
---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
    - at: 1m
      run: "kubectl scale deploy/web --replicaz=3"
`);
  try {
    buildScenario(loadScenario([file]));
  } catch (e) {
    const msg = (e as ScenarioErrors).errors[0]!.message;
    // The value starts at column 12 with its quote; "--replicaz" starts 25 characters into the command.
    assert.match(msg, /:12:38: spec\.actions\[0\]\.run: /, msg);
    return;
  }
  assert.unreachable('expected ScenarioErrors');
});

test.run();
