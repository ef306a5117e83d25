// CPU accounting of the calling thread, for the sweep's diagnostics (journal fields, the sweep
// bench). process.cpuUsage() in a worker thread reports the whole process, so it cannot tell
// one worker from another; Linux keeps per-thread scheduler statistics in
// /proc/thread-self/schedstat: nanoseconds on a CPU, nanoseconds runnable but waiting for one
// (other processes on a shared machine), and the number of time slices. Elsewhere there is
// no such file and the figures are absent.

import { readFileSync, readlinkSync } from 'node:fs';

export interface ThreadCpu {
  /** Time this thread ran on a CPU (ms). */
  cpuMs: number;
  /** Time this thread was runnable but waited for a CPU (ms): the machine's contention. */
  waitMs: number;
}

/** The calling thread's totals since it started, or undefined where Linux schedstat is missing. */
export function threadCpu(): ThreadCpu | undefined {
  try {
    const [run, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ');
    const cpuNs = Number(run);
    const waitNs = Number(wait);
    if (!Number.isFinite(cpuNs) || !Number.isFinite(waitNs)) return undefined;
    return { cpuMs: cpuNs / 1e6, waitMs: waitNs / 1e6 };
  } catch {
    return undefined;
  }
}

/**
 * The calling thread's Linux thread id (from the /proc/thread-self link, "PID/task/TID"), so the
 * sweep bench can match a worker's runs to its /proc/self/task entry; undefined elsewhere.
 */
export function threadTid(): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch {
    return undefined;
  }
}

/** The whole process's user+system CPU (ms): every thread, V8's GC helpers and libuv's pool included. */
export function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}
