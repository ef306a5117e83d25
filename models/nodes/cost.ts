// Node-hours and money per pool: an instance counts from creation (provisioning included) to
// deletion. Counts change on events (O(1)); cumulative values are integrated lazily, so
// sampling is O(pools) and never rescans nodes.

import type { SeriesEmit, SeriesSource, SummaryContributor, SummaryValue } from '../metrics.js';
import type { NodePoolSpec } from './pools.js';
import { POOL_LABEL } from '../api/well-known-labels.js';
import type { ObjectStore } from '../api/store.js';
import type { Node } from '../api/types.js';

const HOUR = 3_600_000;

interface PoolCost { name: string; price: number; count: number; provisioning: number; nodeMs: number; since: number }

/** Instance lifetimes for cost: creation (provisioning included) to deletion. */
export interface InstanceListener {
  instanceStarted(pool: string, now: number): void;
  instanceEnded(pool: string, now: number): void;
}

export class CostMeter implements InstanceListener, SeriesSource, SummaryContributor {
  private readonly pools = new Map<string, PoolCost>();

  constructor(pools: readonly NodePoolSpec[], store: ObjectStore, now: number) {
    for (const p of pools) this.pools.set(p.name, { name: p.name, price: p.pricePerHour ?? 0, count: 0, provisioning: 0, nodeMs: 0, since: now });
    for (const n of store.list<Node>('Node')) this.change(n.metadata.labels?.[POOL_LABEL], 1, now, false);
    store.observe<Node>('Node', (type, n) => {
      if (type === 'MODIFIED') return;
      this.change(n.metadata.labels?.[POOL_LABEL], type === 'ADDED' ? 1 : -1, store.now, false);
    });
  }

  private settle(p: PoolCost, now: number): void {
    p.nodeMs += p.count * (now - p.since);
    p.since = now;
  }

  private change(pool: string | undefined, delta: number, now: number, provisioning: boolean): void {
    const p = pool !== undefined ? this.pools.get(pool) : undefined;
    if (!p) return;
    this.settle(p, now);
    p.count += delta;
    if (provisioning) p.provisioning += delta;
  }

  instanceStarted(pool: string, now: number): void { this.change(pool, 1, now, true); }
  instanceEnded(pool: string, now: number): void { this.change(pool, -1, now, true); }

  /** Node-hours of a pool up to `now`. */
  nodeHours(pool: string, now: number): number {
    const p = this.pools.get(pool);
    if (!p) return 0;
    return (p.nodeMs + p.count * (now - p.since)) / HOUR;
  }

  /** Instances (registered + provisioning) of a pool now. */
  instances(pool: string): number {
    return this.pools.get(pool)?.count ?? 0;
  }

  totals(now: number): { nodeHours: number; cost: number } {
    let nodeHours = 0, cost = 0;
    for (const p of this.pools.values()) {
      const h = this.nodeHours(p.name, now);
      nodeHours += h;
      cost += h * p.price;
    }
    return { nodeHours, cost };
  }

  /** timeseries.csv rows, scope `pool`. */
  sample(now: number, emit: SeriesEmit): void {
    for (const p of this.pools.values()) {
      const h = this.nodeHours(p.name, now);
      emit(p.name, 'nodes', p.count);
      emit(p.name, 'nodes_provisioning', p.provisioning);
      emit(p.name, 'node_hours_cumulative', h);
      emit(p.name, 'cost_cumulative', h * p.price);
    }
  }

  summarize(now: number, put: (metric: string, value: SummaryValue) => void): void {
    const t = this.totals(now);
    put('node_hours', t.nodeHours);
    put('cost', t.cost);
  }

  /** After every contributor: cost per million requests if traffic reported requests_total. */
  summarizeLate(now: number, put: (metric: string, value: SummaryValue) => void, get: (metric: string) => SummaryValue | undefined): void {
    const req = get('requests_total');
    if (typeof req !== 'number' || !(req > 0)) return;
    put('cost_per_million_requests', (this.totals(now).cost / req) * 1e6);
  }
}
