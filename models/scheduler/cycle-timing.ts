// How long scheduling takes: kube-scheduler runs one scheduling cycle at a time, each costing
// some CPU time, and the binding that follows reaches the API server (and, through the watch,
// the kubelet) later still. With a cost, pods that arrive in a burst queue in front of the
// scheduler. Both default to 0 — the instant scheduling every bundled example was written for.
//
// A figure to start from: upstream's scheduler_perf gates CI on SchedulingBasic/5000Nodes_10000Pods
// scheduling at least 680 pods/s (test/integration/scheduler_perf/misc/performance-config.yaml,
// `threshold: 680`; 810 for 50,000 pods), i.e. a cycle of about 1.5 ms on a 5,000-node cluster.
// docs/traces.md says how to set it.
import { sampler, type DistributionSpec, type Millis, type Rng } from '../../sim/index.js';

export interface CycleTimingConfig {
  /** CPU time of one scheduling cycle (ms); the next cycle starts after it. Default 0. */
  cycleCost?: DistributionSpec;
  /** From the end of the cycle to the pod's binding being stored and seen (ms). Default 0. */
  bindLatency?: DistributionSpec;
}

const isZero = (d: DistributionSpec | undefined) => d === undefined || ('constant' in d && d.constant === 0);

export class CycleTiming {
  /** The scheduler is in a cycle until then. */
  busyUntil: Millis = 0;
  private readonly cost: () => number;
  private readonly bind: () => number;

  /** undefined when both are zero: the scheduler then takes no time at all (no draws either). */
  static of(config: CycleTimingConfig, streams: { stream(name: string): Rng }): CycleTiming | undefined {
    if (isZero(config.cycleCost) && isZero(config.bindLatency)) return undefined;
    return new CycleTiming(config, streams);
  }

  private constructor(config: CycleTimingConfig, streams: { stream(name: string): Rng }) {
    // Streams of their own: turning timing on shifts no other component's numbers.
    this.cost = sampler(config.cycleCost ?? { constant: 0 }, streams.stream('scheduler/cycle-cost'));
    this.bind = sampler(config.bindLatency ?? { constant: 0 }, streams.stream('scheduler/bind-latency'));
  }

  /** A cycle starts now: the scheduler is busy for its cost. Returns the cost. */
  startCycle(now: Millis): Millis {
    const c = Math.max(0, Math.round(this.cost()));
    this.busyUntil = now + c;
    return c;
  }

  /** Delay from a cycle's start to its pod's binding: the cycle's cost, then the bind latency. */
  bindDelay(cycleCost: Millis): Millis {
    return cycleCost + Math.max(0, Math.round(this.bind()));
  }
}
