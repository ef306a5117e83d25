// Piecewise-constant accounting: an aggregate (a pod, a node, a workload, a pool, the cluster)
// holds the current rates summed over its running containers and integrates them between
// changes, so reading a total at any time is O(1) and exact — no rescans, no ticks.
// Memory is linear in time between changes (leaks): Σ (const + rate·t).

import { CFS_PERIOD_MS } from '../policy/cpu-sharing.js';

/** One container's current contribution to the aggregates it belongs to. */
export interface Contribution {
  /** CPU granted, millicores. */
  cpu: number;
  /** 1 while the container wants CPU (demand > 0): CFS periods accrue. */
  runnable: number;
  /** 1 while demand exceeds the CPU limit: every period is throttled. */
  throttled: number;
  /** Fraction of each period spent throttled, (d − L)/d, while throttled. */
  throttledFrac: number;
  /** Memory = memConst + memRate·t (bytes; t in ms). */
  memConst: number;
  memRate: number;
}

export class Acc {
  private t = 0;
  cpuRate = 0;
  runnable = 0;
  throttled = 0;
  throttledFrac = 0;
  memConst = 0;
  memRate = 0;
  /** Containers contributing now. */
  members = 0;
  /** ∫ cpu dt, millicore·ms. */
  cpuIntegral = 0;
  /** ∫ runnable dt and ∫ throttled dt, ms (÷ 100 ms = CFS periods). */
  runnableMs = 0;
  throttledMs = 0;
  /** ∫ throttledFrac dt: throttled_time, ms. */
  throttledTimeMs = 0;

  constructor(start = 0) {
    this.t = start;
  }

  advance(now: number): void {
    const dt = now - this.t;
    if (dt <= 0) return;
    this.cpuIntegral += this.cpuRate * dt;
    this.runnableMs += this.runnable * dt;
    this.throttledMs += this.throttled * dt;
    this.throttledTimeMs += this.throttledFrac * dt;
    this.t = now;
  }

  /** Add (sign 1) or remove (sign −1) a contribution at `now`. */
  apply(now: number, c: Contribution, sign: 1 | -1): void {
    this.advance(now);
    this.cpuRate += sign * c.cpu;
    this.runnable += sign * c.runnable;
    this.throttled += sign * c.throttled;
    this.throttledFrac += sign * c.throttledFrac;
    this.memConst += sign * c.memConst;
    this.memRate += sign * c.memRate;
    this.members += sign;
    if (this.members === 0) {
      // Nothing runs: drop the floating-point residue of many additions and removals.
      this.cpuRate = this.runnable = this.throttled = this.throttledFrac = this.memConst = this.memRate = 0;
    }
  }

  /**
   * apply(now, o, −1) then apply(now, c, 1), with the same roundings (each field gets − o then
   * + c): one call where a contribution changes in place. When the removal would empty the
   * aggregate (its residue dropped): its one member's contribution written as the two applies
   * would leave it; an empty aggregate (no member to replace) runs the two applies as they are.
   */
  replace(now: number, o: Contribution, c: Contribution): void {
    if (this.members === 1) {
      // The one member is replaced (a single-container pod's own aggregate, the usual case):
      // apply(o, −1) empties the aggregate and drops its residue to 0, then apply(c, 1) leaves
      // 0 + 1·c on every field, which is 0 + c (1·x is x; 0 + x turns −0 into 0, as before).
      this.advance(now);
      this.cpuRate = 0 + c.cpu;
      this.runnable = 0 + c.runnable;
      this.throttled = 0 + c.throttled;
      this.throttledFrac = 0 + c.throttledFrac;
      this.memConst = 0 + c.memConst;
      this.memRate = 0 + c.memRate;
      return;
    }
    if (this.members < 1) {
      this.apply(now, o, -1);
      this.apply(now, c, 1);
      return;
    }
    this.advance(now);
    this.cpuRate = this.cpuRate - o.cpu + c.cpu;
    this.runnable = this.runnable - o.runnable + c.runnable;
    this.throttled = this.throttled - o.throttled + c.throttled;
    this.throttledFrac = this.throttledFrac - o.throttledFrac + c.throttledFrac;
    this.memConst = this.memConst - o.memConst + c.memConst;
    this.memRate = this.memRate - o.memRate + c.memRate;
  }

  memoryAt(now: number): number {
    return this.members === 0 ? 0 : Math.max(0, this.memConst + this.memRate * now);
  }

  /** CFS periods (≈ runnable time / 100 ms) and throttled periods up to `now`. */
  periodsAt(now: number): { periods: number; throttled: number } {
    this.advance(now);
    return { periods: this.runnableMs / CFS_PERIOD_MS, throttled: this.throttledMs / CFS_PERIOD_MS };
  }
}
