// bench/heap-survivors.ts's summary of a sampling heap profile: self bytes per allocation site.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { summarizeSurvivors, type SamplingProfile } from '../../bench/heap-survivors.js';

const node = (functionName: string, url: string, lineNumber: number, selfSize: number, children: SamplingProfile['head'][] = []) => ({ callFrame: { functionName, url, lineNumber }, selfSize, children });

test('self bytes summed per site over the tree (a site on two stacks counted once per node), largest first, cut to top', () => {
  const p: SamplingProfile = {
    head: node('(root)', '', -1, 0, [
      node('reconcile', 'file:///x/dist/models/hpa.js', 9, 100, [node('compute', 'file:///x/dist/models/memo.js', 45, 300)]),
      node('flush', 'file:///x/dist/models/traffic.js', 3, 50, [node('compute', 'file:///x/dist/models/memo.js', 45, 200)]),
      node('', 'node:internal/x.js', 0, 7),
    ]),
  };
  const s = summarizeSurvivors(p, 2);
  assert.is(s.totalBytes, 657);
  assert.equal(s.sites, [
    { site: 'compute models/memo.js:46', bytes: 500 },
    { site: 'reconcile models/hpa.js:10', bytes: 100 },
  ]);
  assert.equal(summarizeSurvivors(p, 10).sites.map((x) => x.site).slice(2), ['flush models/traffic.js:4', '(anonymous) x.js:1']);
});

test.run();
