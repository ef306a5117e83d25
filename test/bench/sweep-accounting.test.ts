import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { accountSweep } from '../../bench/sweep.js';
import type { RunRecord } from '../../sweep/journal.js';

function run(index: number, worker: number, nth: number, cpuMs: number, wallMs: number, startCpuMs?: number): RunRecord {
  return {
    type: 'run', index, id: `p${index}-r0`, point: index, replication: 0, seed: 1, params: {}, status: 'ok', error: '', metrics: {}, wallMs,
    cpu: { worker, nth, cpuMs, waitMs: 10, gcYoungMs: 20, gcYoung: 2, gcMajorMs: 5, gcMajor: 1, ...(startCpuMs !== undefined ? { startCpuMs } : {}) },
  };
}

test('accountSweep: per-worker CPU with start-up, first vs later runs, idle wall time; the rest of the process as other threads', () => {
  const runs = [run(0, 1, 1, 900, 1000, 100), run(1, 2, 1, 800, 900, 150), run(2, 1, 2, 400, 500), run(3, 2, 2, 420, 450), run(4, 1, 3, 380, 400), run(5, 2, 3, 440, 500)];
  const a = accountSweep(runs, 2.5, 4500, 200)!;
  assert.equal(a.per_worker, [
    { runs: 3, cpu_s: 1.78, start_cpu_ms: 100, first_run_cpu_ms: 900, median_later_run_cpu_ms: 390, idle_s: 0.6 },
    { runs: 3, cpu_s: 1.81, start_cpu_ms: 150, first_run_cpu_ms: 800, median_later_run_cpu_ms: 430, idle_s: 0.65 },
  ]);
  assert.is(a.workers_cpu_s, 3.59);
  assert.is(a.main_cpu_s, 0.2);
  assert.is(a.other_threads_cpu_s, 0.71); // 4.5 - 0.2 - 3.59
  assert.is(a.workers_wait_s, 0.06);
  assert.is(a.gc_young_s, 0.12);
  assert.is(a.gc_major_s, 0.03);
});

test('accountSweep: nothing to account without per-run CPU (off Linux) or the main thread figure', () => {
  const r = run(0, 1, 1, 1, 1, 1);
  delete r.cpu;
  assert.is(accountSweep([r], 1, 1, 1), undefined);
  assert.is(accountSweep([run(0, 1, 1, 1, 1, 1)], 1, 1, undefined), undefined);
});

test.run();
