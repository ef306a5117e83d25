// The timeline's commands are parsed when the scenario loads: errors carry file:line:column.
import { test } from 'uvu';
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
    assert.match(msgs[0]!, /^test\/fixtures\/scenarios\/bad-timeline\.yaml:14:10: spec\.actions\[1\]\.run: "kubectl sclae deploy\/web --replicas=3": unknown kubectl verb "sclae" \(did you mean "scale"\?\)/);
    assert.match(msgs[1]!, /bad-timeline\.yaml:16:10: spec\.actions\[2\]\.run: .*only inline manifests are supported/);
    return;
  }
  assert.unreachable('expected ScenarioErrors');
});

test.run();
