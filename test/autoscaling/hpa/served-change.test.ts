// Traffic's served-rate notice (TrafficModel.onServedChange) marks the scrapes of the HPAs that
// list the pod: found through the pod's usage handle (the readers list the HPA gave the usage
// model as the pod's stamp tag) or, without one, by uid. Driven by hand on a steady stretch of a
// fixture, so the notice is the only thing that moved.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Pod } from '../../../models/api/types.js';
import { scenarioModel } from './scenario-model.js';

const RES = 15_000;

for (const byHandle of [true, false]) {
  test(`a served-rate notice ${byHandle ? 'with the pod’s usage handle' : 'with its uid alone'} makes the next scrape walk the HPA’s pods`, () => {
    const m = scenarioModel('test/fixtures/hpa/served-without-cpu.yaml');
    const hpa = m.traffic.hpa;
    // 5 min in: the rate has been 45/s since 2 min, the replicas settled.
    let t = 5 * 60_000 + 1;
    m.runUntil(t);
    const pods = hpa.podsOfTarget('default', 'api') as Pod[];
    assert.ok(pods.length > 0);
    const skippedAt = (): number => {
      t += RES;
      m.runUntil(t);
      return hpa.scrapesSkipped;
    };
    const s0 = hpa.scrapesSkipped;
    const s1 = skippedAt();
    assert.is(s1, s0 + 1, 'a steady scrape is skipped');
    const pod = pods[0]!;
    const handle = byHandle ? m.usage.handleOf!(pod) : undefined;
    if (byHandle) assert.ok(handle !== undefined);
    m.traffic.traffic.onServedChange!(pod.metadata.uid!, handle);
    assert.is(skippedAt(), s1, 'the scrape after the notice walks');
    assert.is(skippedAt(), s1 + 1, 'and the next is skipped again');
  });
}

test.run();
