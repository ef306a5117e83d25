// V8's heap setting for a simulation process: allocation-site pretenuring off.
//
// V8 watches each allocation site in the young generation and, once most of what a site allocates
// survives a scavenge, allocates from it straight into the old generation ("pretenuring"). A run's
// first virtual hour creates the cluster — pods, their records, the first HPA statuses — and nearly
// everything allocated then lives on, so V8 pretenures those sites; the decision sticks, and in
// the steady hours that follow the same sites (an HPA's replica calculation and status, traffic's
// profile ticks) allocate objects that live a virtual minute — a few dozen milliseconds — straight
// into the old generation. The 5,000-node day then grows its heap by ~70 MB per virtual hour of
// such garbage until a mark-compact of a 2.4 GB heap in hour 13–16 (the day's one dear hour), and
// the steady hours slow as the heap spreads (bench/README.md, "2026-12-03, third session").
// Without pretenuring those objects die young: the day's RSS stays at ~1.8 GB, there is no dear
// hour, and the day takes ~12 % less time (the first hour within this machine's noise).
//
// The flag is process-wide and read as V8 collects, so it is set when the runner is loaded,
// before any scenario is read. It changes no output (only where objects are allocated).
// `K8SIM_V8_PRETENURING=default` keeps V8's behaviour (the bench's A/B); a process started with
// either form of the flag (node --[no-]allocation-site-pretenuring) is left as started.

import { setFlagsFromString } from 'node:v8';

export const NO_PRETENURING = '--no-allocation-site-pretenuring';

type Env = Record<string, string | undefined>;

/** The V8 flag to set for this process, or undefined to leave V8 as it is. */
export function heapFlag(env: Env, execArgv: readonly string[]): string | undefined {
  if (env.K8SIM_V8_PRETENURING === 'default') return undefined;
  if (execArgv.some((a) => /^--(no-)?allocation[-_]site[-_]pretenuring(=|$)/.test(a))) return undefined;
  return NO_PRETENURING;
}

/** Set heapFlag's flag (setting it again is harmless); `setFlags` is v8.setFlagsFromString (tests pass their own). */
export function applyHeapSettings(env: Env = process.env, execArgv: readonly string[] = process.execArgv, setFlags: (f: string) => void = setFlagsFromString): string | undefined {
  const flag = heapFlag(env, execArgv);
  if (flag !== undefined) setFlags(flag);
  return flag;
}
