import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { readThreads, statCpuMs, ThreadSampler, threadKinds } from '../../bench/sweep-threads.js';
import { burn } from '../../sweep/testing/fake-runner.js';
import { threadTid } from '../../sweep/thread-cpu.js';

const linux = existsSync('/proc/self/task');

test('statCpuMs: utime + stime in 10 ms ticks, past a command name holding spaces and parentheses', () => {
  // proc(5) layout: pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime …
  const line = '4242 (V8 Default (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 123 45 0 0 20 0 7 0 1000 0 0';
  assert.is(statCpuMs(line), 1680);
  assert.throws(() => statCpuMs('4242 (node) S'), /unreadable stat line/);
});

test('ThreadSampler: per-thread use since the start; a thread gone from the listing keeps its last figure; new threads count from zero', () => {
  const reads = [
    new Map([[1, 100], [2, 50]]),
    new Map([[1, 300], [2, 80], [3, 40]]),
    new Map([[1, 350], [3, 90]]), // thread 2 exited
  ];
  let i = 0;
  const s = new ThreadSampler(() => reads[i++]!);
  s.sample();
  s.sample();
  assert.equal([...s.preExisting()].sort(), [1, 2]);
  assert.equal([...s.used()].sort((a, b) => a[0] - b[0]), [[1, 250], [2, 30], [3, 90]]);
});

test('threadKinds: main, workers, threads older than the sweep (V8 platform) and the other new ones', () => {
  const used = new Map([[10, 200], [11, 1500], [12, 0], [13, 700], [20, 5000], [21, 4800], [22, 30]]);
  const k = threadKinds(used, 10, new Set([20, 21]), new Set([10, 11, 12, 13]));
  assert.equal(k, { main_s: 0.2, workers_s: 9.8, v8_platform_s: 2.2, other_s: 0.03, threads: { workers: 2, v8_platform: 2, other: 1 } });
});

test('readThreads and threadTid: this thread is listed under its tid and its CPU grows with work (nothing off Linux)', () => {
  const tid = threadTid();
  if (!linux) {
    assert.is(tid, undefined);
    assert.is(readThreads().size, 0);
    return;
  }
  assert.is(tid, process.pid, 'the main thread’s tid is the pid');
  const a = readThreads().get(tid!)!;
  burn(60);
  const b = readThreads().get(tid!)!;
  assert.ok(b > a, `${b} > ${a}`);
});

test.run();
