// Per-thread CPU of this process for the sweep bench's accounting (Linux). Node names every thread
// "node" (/proc/self/task/*/comm), so threads are told apart by what is known of them instead:
// the main thread (its tid is the pid), the sweep's worker threads (each run journals its tid),
// the threads that existed before the sweep started (V8's platform pool: concurrent TurboFan
// compilation, parallel scavenge, concurrent marking and sweeping for every isolate of the process,
// plus Node's delayed-task thread) and any other thread started during the sweep (libuv's pool).
//
// Figures come from /proc/self/task/TID/stat (utime + stime, in clock ticks of 10 ms: Linux's
// USER_HZ is 100 on every architecture Node runs on). A thread that exits — a worker when the pool
// closes — leaves /proc, so the sampler keeps the last figure it saw of each thread; sample often
// enough (the bench does every 500 ms) and the loss is under a tick per thread.

import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc's clock ticks per second. */
const TICKS_PER_S = 100;

/** CPU (ms) of every thread of this process now, by tid; empty off Linux. */
export function readThreads(): Map<number, number> {
  const out = new Map<number, number>();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const t of tids) {
    try {
      out.set(Number(t), statCpuMs(readFileSync(`/proc/self/task/${t}/stat`, 'utf8')));
    } catch {
      // the thread exited between the listing and the read
    }
  }
  return out;
}

/** utime + stime (ms) from one /proc/…/stat line; the command name in parentheses may hold spaces. */
export function statCpuMs(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state (field 3) … utime is field 14, stime field 15 (proc(5)).
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`unreadable stat line: ${stat.slice(0, 80)}`);
  return ((utime + stime) * 1000) / TICKS_PER_S;
}

/** The CPU every thread used between `start` and the last `sample`, including threads that exited in between. */
export class ThreadSampler {
  private readonly base: Map<number, number>;
  private readonly latest: Map<number, number>;

  /** `read`: the per-thread figures (readThreads; tests pass their own). */
  constructor(private readonly read: () => Map<number, number> = readThreads) {
    this.base = read();
    this.latest = new Map(this.base);
  }

  sample(): void {
    for (const [tid, ms] of this.read()) this.latest.set(tid, ms);
  }

  /** Threads that existed when the sampler started. */
  preExisting(): Set<number> {
    return new Set(this.base.keys());
  }

  /** CPU (ms) used by each thread since the start, as of the last sample. */
  used(): Map<number, number> {
    const out = new Map<number, number>();
    for (const [tid, ms] of this.latest) out.set(tid, ms - (this.base.get(tid) ?? 0));
    return out;
  }
}

/** A sweep's CPU by kind of thread (seconds). */
export interface ThreadKinds {
  main_s: number;
  /** The worker threads that ran the sweep's runs, whole lives (start-up and idle included). */
  workers_s: number;
  /** Threads older than the sweep other than main: V8's platform pool (compilation, GC helpers). */
  v8_platform_s: number;
  /** Threads started during the sweep that ran no run (libuv's pool, replaced workers). */
  other_s: number;
  /** How many threads of each kind used any CPU. */
  threads: { workers: number; v8_platform: number; other: number };
}

/** Sorts the per-thread CPU of `used` into kinds: `mainTid`, `workerTids`, the rest by whether it predates the sweep. */
export function threadKinds(used: ReadonlyMap<number, number>, mainTid: number, workerTids: ReadonlySet<number>, preExisting: ReadonlySet<number>): ThreadKinds {
  const ms = { main: 0, workers: 0, v8: 0, other: 0 };
  const n = { workers: 0, v8_platform: 0, other: 0 };
  for (const [tid, cpu] of used) {
    if (tid === mainTid) ms.main += cpu;
    else if (workerTids.has(tid)) {
      ms.workers += cpu;
      n.workers++;
    } else if (preExisting.has(tid)) {
      ms.v8 += cpu;
      if (cpu > 0) n.v8_platform++;
    } else {
      ms.other += cpu;
      if (cpu > 0) n.other++;
    }
  }
  const s = (x: number): number => Number((x / 1000).toFixed(2));
  return { main_s: s(ms.main), workers_s: s(ms.workers), v8_platform_s: s(ms.v8), other_s: s(ms.other), threads: n };
}
