// Watches Deployments for reports: replica counts over time, each rollout's start and
// finish, the minimum availability and the peak pod count during it, and the seconds a
// Deployment spent with zero ready pods. Updated from status changes (no rescans).

import type { MetricsRegistry } from '../metrics.js';
import type { ObjectStore } from '../api/store.js';
import type { Deployment } from '../api/types.js';
import { deploymentComplete } from './policy/deployment.js';

export interface RolloutRecord {
  namespace: string;
  deployment: string;
  /** deployment.kubernetes.io/revision when the rollout finished (or at the end of the run). */
  revision: string;
  startMs: number;
  finishMs: number | undefined;
  replicas: number;
  minAvailable: number;
  maxPods: number;
  /** What triggered it: 'create' or 'template change'. */
  trigger: 'create' | 'template change';
}

interface Tracked {
  d: Deployment;
  /** namespace/name: the row name and the sort key of the samples. */
  key: string;
  template: string;
  current: RolloutRecord | undefined;
  zeroReadySince: number | undefined;
  zeroReadyMs: number;
  /** Time before a Deployment's first pod is ready is start-up, not an outage. */
  everReady: boolean;
}

export class DeploymentTracker {
  private readonly tracked = new Map<Deployment, Tracked>();
  /** `tracked` sorted by key (ties in insertion order), kept as entries are added: no sort per sample. */
  private readonly sorted: Tracked[] = [];
  readonly rollouts: RolloutRecord[] = [];
  private readonly listeners: Array<(r: RolloutRecord) => void> = [];

  constructor(
    private readonly store: ObjectStore,
    metrics: MetricsRegistry,
  ) {
    store.observe<Deployment>('Deployment', (type, d) => this.onChange(type, d));
    metrics.addSeries('deployment', {
      sample: (_now, emit) => {
        for (const t of this.sorted) {
          const name = t.key;
          const s = t.d.status;
          emit(name, 'desired_replicas', t.d.spec.replicas ?? 1);
          emit(name, 'current_replicas', s.replicas);
          emit(name, 'updated_replicas', s.updatedReplicas);
          emit(name, 'ready_replicas', s.readyReplicas);
          emit(name, 'available_replicas', s.availableReplicas);
        }
      },
    });
    metrics.addSummary({
      summarize: (now, put) => {
        let zero = 0;
        for (const t of this.tracked.values()) zero += this.zeroReadyMs(t, now);
        const finished = this.rollouts.filter((r) => r.finishMs !== undefined);
        put('rollouts', this.rollouts.length);
        put('rollouts_unfinished', this.rollouts.length - finished.length);
        put('rollout_duration_s_max', finished.length ? Math.max(...finished.map((r) => r.finishMs! - r.startMs)) / 1000 : 0);
        put('deployment_zero_ready_s', zero / 1000);
        for (const [metric, value] of updateRolloutMetrics(this.rollouts, now)) put(metric, value);
      },
    });
  }

  onRolloutEnd(listener: (r: RolloutRecord) => void): void {
    this.listeners.push(listener);
  }

  /** Insert after every entry whose key is ≤ t's: the order a stable sort by key gives. */
  private insertSorted(t: Tracked): void {
    const a = this.sorted;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid]!.key <= t.key) lo = mid + 1;
      else hi = mid;
    }
    a.splice(lo, 0, t);
  }

  private zeroReadyMs(t: Tracked, now: number): number {
    return t.zeroReadyMs + (t.zeroReadySince !== undefined ? now - t.zeroReadySince : 0);
  }

  /** Seconds a Deployment has spent with zero ready pods while wanting some. */
  zeroReadySeconds(namespace: string, name: string, now: number): number {
    for (const t of this.tracked.values()) {
      if (t.d.metadata.namespace === namespace && t.d.metadata.name === name) return this.zeroReadyMs(t, now) / 1000;
    }
    return 0;
  }

  private onChange(type: 'ADDED' | 'MODIFIED' | 'DELETED', d: Deployment): void {
    const now = this.store.now;
    let t = this.tracked.get(d);
    const template = JSON.stringify(d.spec.template);
    if (!t) {
      t = { d, key: `${d.metadata.namespace}/${d.metadata.name}`, template, current: undefined, zeroReadySince: undefined, zeroReadyMs: 0, everReady: false };
      this.tracked.set(d, t);
      this.insertSorted(t);
      t.current = this.start(d, now, 'create');
    } else if (template !== t.template) {
      t.template = template;
      // A new template mid-rollout (rollover) ends the old record unfinished and starts anew.
      if (t.current) this.end(t, undefined);
      t.current = this.start(d, now, 'template change');
    }
    if (type === 'DELETED') {
      if (t.zeroReadySince !== undefined) t.zeroReadyMs += now - t.zeroReadySince;
      t.zeroReadySince = undefined;
      return;
    }
    if (d.status.readyReplicas > 0) t.everReady = true;
    const zero = t.everReady && (d.spec.replicas ?? 1) > 0 && d.status.readyReplicas === 0;
    if (zero && t.zeroReadySince === undefined) t.zeroReadySince = now;
    if (!zero && t.zeroReadySince !== undefined) {
      t.zeroReadyMs += now - t.zeroReadySince;
      t.zeroReadySince = undefined;
    }
    const r = t.current;
    if (!r) return;
    r.minAvailable = Math.min(r.minAvailable, d.status.availableReplicas);
    r.maxPods = Math.max(r.maxPods, d.status.replicas);
    r.replicas = d.spec.replicas ?? 1;
    // A rollout ends when the controller would call it complete (the same predicate).
    if (deploymentComplete(d.spec.replicas ?? 1, d.metadata.generation ?? 1, d.status)) this.end(t, now);
  }

  private start(d: Deployment, now: number, trigger: RolloutRecord['trigger']): RolloutRecord {
    const r: RolloutRecord = {
      namespace: d.metadata.namespace ?? 'default',
      deployment: d.metadata.name,
      revision: '',
      startMs: now,
      finishMs: undefined,
      replicas: d.spec.replicas ?? 1,
      minAvailable: d.status.availableReplicas,
      maxPods: d.status.replicas,
      trigger,
    };
    this.rollouts.push(r);
    return r;
  }

  private end(t: Tracked, now: number | undefined): void {
    const r = t.current!;
    r.finishMs = now;
    r.revision = t.d.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '';
    t.current = undefined;
    for (const l of this.listeners) l(r);
  }
}

/**
 * Summary metrics of the template-change rollouts only (the creation at t=0 is not an update:
 * it starts from zero available, so its minimum availability says nothing about the strategy).
 * Aggregates over every Deployment, then the same per Deployment, suffixed `.<namespace>.<name>`
 * (a name a sweep constraint can spell). An unfinished update counts with its duration so far.
 * Absent when nothing was updated.
 */
export function updateRolloutMetrics(rollouts: readonly RolloutRecord[], now: number): Array<[string, number]> {
  const updates = rollouts.filter((r) => r.trigger === 'template change');
  if (updates.length === 0) return [];
  const figures = (list: readonly RolloutRecord[], suffix: string): Array<[string, number]> => {
    let duration = 0;
    let unfinished = 0;
    let minRatio = Infinity;
    let minAvailable = Infinity;
    let surge = 0;
    for (const r of list) {
      duration = Math.max(duration, (r.finishMs ?? now) - r.startMs);
      if (r.finishMs === undefined) unfinished++;
      minAvailable = Math.min(minAvailable, r.minAvailable);
      minRatio = Math.min(minRatio, r.replicas > 0 ? r.minAvailable / r.replicas : 1);
      surge = Math.max(surge, r.maxPods - r.replicas);
    }
    return [
      [`rollout_update_duration_s${suffix}`, duration / 1000],
      [`rollout_update_unfinished${suffix}`, unfinished],
      [`rollout_update_min_available${suffix}`, minAvailable],
      [`rollout_update_min_available_ratio${suffix}`, Math.round(minRatio * 1e6) / 1e6],
      [`rollout_update_max_surge${suffix}`, Math.max(0, surge)],
    ];
  };
  const out = figures(updates, '');
  const byDeployment = new Map<string, RolloutRecord[]>();
  for (const r of updates) {
    const key = `.${r.namespace}.${r.deployment}`;
    const list = byDeployment.get(key) ?? [];
    list.push(r);
    byDeployment.set(key, list);
  }
  for (const key of [...byDeployment.keys()].sort()) out.push(...figures(byDeployment.get(key)!, key));
  return out;
}
