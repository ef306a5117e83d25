// The page's time axis prints virtual time as the scenario writes durations; the function the
// browser runs (inlined from time-axis.ts) must agree with the kernel's formatDuration.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDuration } from '../../../sim/index.js';
import { formatVirtualTime, TIME_TICK_STEPS } from '../../../reports/html/time-axis.js';
import { clientScript } from '../../../reports/html/client-script.js';

test('formatVirtualTime(s) is formatDuration(s·1000) over a table of durations', () => {
  for (const s of [0, 0.001, 0.25, 1, 15, 59.5, 60, 90, 3599, 3600, 5400, 86399, 86400, 90061.5, 172800, -90])
    assert.is(formatVirtualTime(s), formatDuration(s * 1000), `${s}s`);
});

test('tick steps are ascending whole durations', () => {
  for (let i = 1; i < TIME_TICK_STEPS.length; i++) assert.ok(TIME_TICK_STEPS[i]! > TIME_TICK_STEPS[i - 1]!);
  assert.ok(TIME_TICK_STEPS.includes(3600) && TIME_TICK_STEPS.includes(86400));
});

test('the inlined client script carries the same formatter and parses as JavaScript', () => {
  const js = clientScript();
  assert.ok(js.includes(formatVirtualTime.toString()));
  // Compiles (does not run: it needs a DOM).
  assert.not.throws(() => new Function(js));
  // The inlined copy gives the same text as the module's.
  const inlined = new Function(`${formatVirtualTime.toString()}; return formatVirtualTime;`)() as (s: number) => string;
  for (const s of [0, 45, 5400, 90061.5]) assert.is(inlined(s), formatVirtualTime(s));
});

test.run();
