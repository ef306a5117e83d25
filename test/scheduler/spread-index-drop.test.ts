// SpreadIndex drops its empty counters once it holds MAX_COUNTERS, and then waits until the count
// has doubled before scanning again (models/scheduler/policy/spread-index.ts): more live
// selectors than the limit must not mean a rescan per new selector, and a dropped counter asked
// for again counts from scratch.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SchedulerCache } from '../../models/scheduler/policy/index.js';
import { MAX_COUNTERS } from '../../models/scheduler/policy/spread-index.js';
import { selectorKey } from '../../models/scheduler/policy/plugins/default-selector.js';
import { mkNode, mkPod, res } from './helpers.js';

const sel = (app: string) => ({ matchLabels: { app } });
const ask = (c: SchedulerCache, app: string) => c.spread.counter('default', sel(app), selectorKey('default', sel(app)), c.nodes);

test('past MAX_COUNTERS: empty counters dropped, live ones kept, rescans amortised, counts right', () => {
  const c = new SchedulerCache();
  for (let i = 0; i < 4; i++) c.addNode(mkNode(`n${i}`, 64000, 1024 ** 4, { pods: 10_000 }));
  // MAX_COUNTERS live selectors (one pod each), then as many for apps without pods.
  for (let i = 0; i < MAX_COUNTERS; i++) c.addPod(mkPod(`live${i}`, {}, { labels: { app: `live${i}` } }), res(1, 1), `n${i % 4}`);
  for (let i = 0; i < MAX_COUNTERS; i++) ask(c, `live${i}`);
  assert.is(c.spread.size, MAX_COUNTERS);
  // The first new one scans (nothing to drop), then no scan until 2 × MAX_COUNTERS.
  for (let i = 0; i < MAX_COUNTERS; i++) ask(c, `empty${i}`);
  assert.is(c.spread.size, 2 * MAX_COUNTERS, 'no drop before the count doubled');
  ask(c, 'one-more'); // scans: the MAX_COUNTERS empty ones go
  assert.is(c.spread.size, MAX_COUNTERS + 1);
  for (let i = 0; i < MAX_COUNTERS; i += 97) assert.is(ask(c, `live${i}`).total, 1, `live${i} kept its count`);
  // A dropped selector gets a fresh counter that sees pods added since.
  c.addPod(mkPod('late', {}, { labels: { app: 'empty5' } }), res(1, 1), 'n2');
  const again = ask(c, 'empty5');
  assert.is(again.total, 1);
  assert.is(again.perSlot[c.getNode('n2')!.slot], 1);
});

test.run();
