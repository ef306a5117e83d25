// The simulation process's V8 heap setting (runner/v8-heap.ts): allocation-site pretenuring off
// unless the user asked for V8's own behaviour or started node with the flag themselves.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyHeapSettings, heapFlag, NO_PRETENURING } from '../../runner/v8-heap.js';
import { heapSetting } from '../../runner/simulate.js';

test('pretenuring off by default; K8SIM_V8_PRETENURING=default or an explicit node flag leaves V8 alone', () => {
  assert.is(heapFlag({}, []), NO_PRETENURING);
  assert.is(heapFlag({ K8SIM_V8_PRETENURING: 'other' }, ['--max-old-space-size=4096']), NO_PRETENURING);
  assert.is(heapFlag({ K8SIM_V8_PRETENURING: 'default' }, []), undefined);
  assert.is(heapFlag({}, ['--allocation-site-pretenuring']), undefined);
  assert.is(heapFlag({}, ['--no-allocation-site-pretenuring']), undefined);
  assert.is(heapFlag({}, ['--no-allocation_site_pretenuring']), undefined);
  assert.is(heapFlag({}, ['--allocation-site-pretenuring-x']), NO_PRETENURING);
});

test('applyHeapSettings sets the flag it decides on, and nothing otherwise', () => {
  const set: string[] = [];
  assert.is(applyHeapSettings({}, [], (f) => set.push(f)), NO_PRETENURING);
  assert.is(applyHeapSettings({ K8SIM_V8_PRETENURING: 'default' }, [], (f) => set.push(f)), undefined);
  assert.equal(set, [NO_PRETENURING]);
});

test('the runner sets it when loaded (this test process has neither the variable nor the node flag)', () => {
  assert.is(heapSetting, heapFlag(process.env, process.execArgv));
  if (process.env.K8SIM_V8_PRETENURING === undefined && !process.execArgv.some((a) => a.includes('pretenuring'))) assert.is(heapSetting, NO_PRETENURING);
});

test.run();
