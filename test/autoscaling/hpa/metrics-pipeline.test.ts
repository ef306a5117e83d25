// The metrics pipeline's series (models/autoscaling/hpa/metrics-pipeline.ts): over random reading
// sequences, the published sample is the mean of the last `keep` readings (summed oldest first,
// as metrics-server's window average), truncated to the metric's unit, and pushReading reports a
// change exactly when a published value moved — for one reading per window (the default, whose
// mean skips the loop) and for several.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { newPodSeries, pushReading, repeatReading } from '../../../models/autoscaling/hpa/metrics-pipeline.js';

const readingArb = fc.record({
  cpu: fc.oneof(fc.integer({ min: 0, max: 4000 }), fc.double({ min: 0, max: 4000, noNaN: true })),
  memory: fc.integer({ min: 0, max: 2 ** 34 }),
  rps: fc.double({ min: 0, max: 500, noNaN: true }),
});

function windowMean(all: number[], keep: number): number {
  const w = all.slice(-keep);
  let s = 0;
  for (const v of w) s += v;
  return s / w.length;
}

test('pushReading publishes the window mean and reports changes (keep 1, 2, 4)', () => {
  fc.assert(
    fc.property(fc.constantFrom(1, 2, 4), fc.array(readingArb, { minLength: 1, maxLength: 30 }), (keep, readings) => {
      const s = newPodSeries(15_000);
      const cpu: number[] = [];
      const mem: number[] = [];
      const rps: number[] = [];
      let last = [0, 0, 0];
      readings.forEach((r, i) => {
        cpu.push(r.cpu);
        mem.push(r.memory);
        rps.push(r.rps);
        const changed = pushReading(s, keep, r.cpu, r.memory, r.rps, i * 15_000);
        const want = [Math.trunc(windowMean(cpu, keep)), Math.trunc(windowMean(mem, keep)), Math.trunc(windowMean(rps, keep) * 1000)];
        assert.is(s.cpuAvg, windowMean(cpu, keep));
        assert.is(s.rpsAvg, windowMean(rps, keep));
        assert.equal([s.cpuMetric.value, s.memoryMetric.value, s.rpsMetric.value], want);
        assert.is(changed, want.some((v, j) => v !== last[j]));
        assert.is(s.cpuMetric.timestamp, i * 15_000);
        // One reading per window: the published mean is the reading, no window array is kept.
        assert.is(s.cpu.length, keep === 1 ? 0 : Math.min(keep, i + 1));
        last = want;
      });
    }),
    { numRuns: 300, seed: 5 },
  );
});

test('a series is its published CPU sample; the memory and requests samples read it and cannot be edited', () => {
  const s = newPodSeries(15_000);
  assert.is(s.cpuMetric, s);
  pushReading(s, 1, 250.7, 1024.9, 3.25, 30_000);
  assert.equal([s.cpuMetric.value, s.memoryMetric.value, s.rpsMetric.value], [250, 1024, 3250]);
  assert.equal([s.cpuMetric.timestamp, s.memoryMetric.timestamp, s.rpsMetric.timestamp], [30_000, 30_000, 30_000]);
  assert.equal([s.cpuMetric.window, s.memoryMetric.window, s.rpsMetric.window], [15_000, 15_000, 15_000]);
  repeatReading(s, 45_000);
  assert.equal([s.cpuMetric.timestamp, s.memoryMetric.timestamp, s.rpsMetric.timestamp], [45_000, 45_000, 45_000]);
  assert.throws(() => {
    (s.memoryMetric as { value: number }).value = 1;
  });
  assert.is(s.memoryMetric.value, 1024);
});

test.run();
