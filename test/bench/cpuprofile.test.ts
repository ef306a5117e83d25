// bench/cpuprofile.ts: self and inclusive time, time below the kernel's dispatch, and a window of
// the profile's clock (a run's steady hours cut out by bench/scale-run.ts's mono_us figures).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { summarizeProfile } from '../../bench/cpuprofile.js';

const frame = (functionName: string, lineNumber = 0) => ({ functionName, url: 'file:///x/dist/m.js', lineNumber });
// root → dispatch → { onA → work, onB }
const profile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2] },
    { id: 2, callFrame: frame('dispatch', 9), children: [3, 5] },
    { id: 3, callFrame: frame('onA', 19), children: [4] },
    { id: 4, callFrame: frame('work', 29) },
    { id: 5, callFrame: frame('onB', 39) },
  ],
  // Samples at 1,000 + 100, 300, 600, 1,000 µs.
  samples: [4, 3, 5, 4],
  timeDeltas: [100, 200, 300, 400],
  startTime: 1_000,
  endTime: 2_000,
};

const us = (ms: number) => Math.round(ms * 1000);

test('whole profile: self, inclusive and below-dispatch times', () => {
  const s = summarizeProfile(profile);
  assert.is(us(s.totalMs), 1_000);
  assert.equal(s.self.map((r) => [r.fn, us(r.ms)]), [['work', 500], ['onB', 300], ['onA', 200]]);
  assert.equal(s.below.map((r) => [r.fn, r.where, us(r.ms)]), [['onA', 'm.js:20', 700], ['onB', 'm.js:40', 300]]);
  assert.is(us(s.inclusive.find((r) => r.fn === 'dispatch')!.ms), 1_000);
});

test('a window keeps the samples taken inside it (by the profile clock), ends included', () => {
  const s = summarizeProfile(profile, 'dispatch', { fromUs: 1_300, toUs: 1_600 });
  assert.is(us(s.totalMs), 500);
  assert.equal(s.self.map((r) => [r.fn, us(r.ms)]), [['onB', 300], ['onA', 200]]);
  assert.is(us(summarizeProfile(profile, 'dispatch', { fromUs: 1_601 }).totalMs), 400);
  assert.is(summarizeProfile(profile, 'dispatch', { toUs: 1_099 }).totalMs, 0);
});

test.run();
