// Random node failures per pool: each node alternates up (exponential with mean MTBF) and down
// (exponential with mean MTTR), drawn from the pool's own seeded stream `failures/<pool>` in the
// order the simulation reaches them. Scripted failures (zone outage, flapping) belong to the
// timeline and node operations; this only draws the random ones and calls NodeFailureActions.

import type { Rng, Simulation } from '../../sim/index.js';
import { POOL_LABEL } from '../api/well-known-labels.js';
import type { ObjectStore } from '../api/store.js';
import type { Node } from '../api/types.js';

/** Implemented by node operations (./lifecycle.ts): NotReady, taints, eviction, recovery. */
export interface NodeFailureActions {
  fail(name: string): void;
  recover(name: string): void;
}

export interface FailureSpec {
  /** Mean time between failures (ms): mean of the up time. */
  mtbf: number;
  /** Mean time to repair (ms): mean of the down time. */
  mttr: number;
}

/** One up/down cycle, in draw order: up first, then down. Integer ms, at least 1. */
export function failureCycle(rng: Rng, spec: FailureSpec): { up: number; down: number } {
  const up = Math.max(1, Math.round(rng.exponential(spec.mtbf)));
  const down = Math.max(1, Math.round(rng.exponential(spec.mttr)));
  return { up, down };
}

/** The failure windows of one node that starts up at `from`, failures starting before `until`. */
export function failureSchedule(rng: Rng, spec: FailureSpec, from: number, until: number): { fail: number; recover: number }[] {
  const out: { fail: number; recover: number }[] = [];
  let t = from;
  for (;;) {
    const { up, down } = failureCycle(rng, spec);
    const fail = t + up;
    if (fail >= until) return out;
    out.push({ fail, recover: fail + down });
    t = fail + down;
  }
}

interface NodeState { name: string; pool: string; down: number; alive: boolean }

const onFail = (a: { inj: FailureInjector; s: NodeState }) => a.inj.fire(a.s, true);
const onRecover = (a: { inj: FailureInjector; s: NodeState }) => a.inj.fire(a.s, false);

/**
 * Drives failureCycle for every node of the pools with `failures`: a node's cycle is drawn when
 * it registers and again each time it recovers (so the draw order is the simulation's order).
 */
export class FailureInjector {
  private readonly nodes = new Map<string, NodeState>();
  failures = 0;
  recoveries = 0;

  constructor(
    private readonly sim: Simulation,
    store: ObjectStore,
    private readonly specs: ReadonlyMap<string, FailureSpec>,
    private readonly streams: { stream(name: string): Rng },
    private readonly actions: NodeFailureActions,
  ) {
    for (const n of store.list<Node>('Node')) this.onNode('ADDED', n);
    store.observe<Node>('Node', (type, n) => this.onNode(type, n));
  }

  private onNode(type: 'ADDED' | 'MODIFIED' | 'DELETED', n: Node): void {
    const name = n.metadata.name;
    if (type === 'DELETED') {
      const s = this.nodes.get(name);
      if (s) s.alive = false;
      this.nodes.delete(name);
      return;
    }
    if (type !== 'ADDED') return;
    const pool = n.metadata.labels?.[POOL_LABEL];
    if (pool === undefined || !this.specs.has(pool)) return;
    const s: NodeState = { name, pool, down: 0, alive: true };
    this.nodes.set(name, s);
    this.next(s);
  }

  private next(s: NodeState): void {
    const { up, down } = failureCycle(this.streams.stream(`failures/${s.pool}`), this.specs.get(s.pool)!);
    s.down = down;
    this.sim.after(up, onFail, { inj: this, s });
  }

  /** @internal */
  fire(s: NodeState, fail: boolean): void {
    if (!s.alive) return;
    if (fail) {
      this.failures++;
      this.actions.fail(s.name);
      this.sim.after(s.down, onRecover, { inj: this, s });
    } else {
      this.recoveries++;
      this.actions.recover(s.name);
      this.next(s);
    }
  }
}
