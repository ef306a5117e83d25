// Time to recover after each timeline action: from the action until every pod is Running and
// Ready again and every Deployment and StatefulSet has all its replicas ready, measured at the
// store changes that make it so (not at samples).
//
// "Unhealthy" = some active pod (not terminating, not Succeeded/Failed) is not Ready, or some
// Deployment/StatefulSet has fewer ready replicas than spec.replicas. The window of action i
// runs until the next action (or the end of the run). Its recovery time is 0 when nothing was
// unhealthy in it; else the time from the action to the last moment in it that the cluster
// became healthy; if the window ends unhealthy the action is "unfinished" and its recovery time
// is the whole window (a lower bound).

import type { ObjectStore } from '../models/api/store.js';
import type { Deployment, KObject, StatefulSet } from '../models/api/types.js';
import type { Summary } from './summary.js';
import { isPodReady } from '../models/api/policy/podutil.js';
import { PodTracks, type PodTrack } from './pod-tracks.js';

const WORKLOADS = ['Deployment', 'StatefulSet'] as const;

export class RecoveryTracker {
  /**
   * The unhealthy workloads. By object rather than by kind/namespace/name key: the store holds
   * one object per key, changes it in place and announces its DELETED before another object
   * can take the key, so the two count alike — without a key string per change.
   */
  private readonly bad = new Set<KObject>();
  /** Unhealthy pods: a flag on each pod's shared track (./pod-tracks.ts) and their count. */
  private badPods = 0;
  /** Times the cluster turned unhealthy / healthy, alternating, in time order. */
  private readonly transitions: Array<{ at: number; healthy: boolean }> = [];

  constructor(
    private readonly store: ObjectStore,
    /** Virtual times of the timeline's actions, ascending. */
    private readonly actions: readonly number[],
  ) {
    PodTracks.of(store).subscribe((type, pod, t) => {
      const active = type !== 'DELETED' && pod.metadata.deletionTimestamp === undefined && pod.status.phase !== 'Succeeded' && pod.status.phase !== 'Failed';
      this.markPod(t, active && !(pod.status.phase === 'Running' && isPodReady(pod)));
    });
    for (const kind of WORKLOADS)
      store.observe<Deployment | StatefulSet>(kind, (type, w) => this.mark(w, type !== 'DELETED' && w.status.readyReplicas < (w.spec.replicas ?? 1)));
  }

  private markPod(t: PodTrack, unhealthy: boolean): void {
    if (t.unhealthy === unhealthy) return;
    const before = this.bad.size + this.badPods;
    t.unhealthy = unhealthy;
    this.badPods += unhealthy ? 1 : -1;
    this.transition(before, this.bad.size + this.badPods);
  }

  private mark(obj: KObject, unhealthy: boolean): void {
    const before = this.bad.size + this.badPods;
    if (unhealthy) this.bad.add(obj);
    else this.bad.delete(obj);
    this.transition(before, this.bad.size + this.badPods);
  }

  private transition(before: number, after: number): void {
    if ((before === 0) === (after === 0)) return;
    const at = this.store.now;
    const last = this.transitions[this.transitions.length - 1];
    // Back and forth within one instant is no transition at all.
    if (last && last.at === at) this.transitions.pop();
    else this.transitions.push({ at, healthy: after === 0 });
  }

  /** recovery_s.<i> per action (1-based, in time order), recovery_s_max, recovery_unfinished. */
  summarize(now: number, s: Summary): void {
    if (this.actions.length === 0) return;
    let max = 0;
    let unfinished = 0;
    const per: number[] = [];
    this.actions.forEach((t, i) => {
      const end = Math.min(now, this.actions[i + 1] ?? now);
      let healthyAtStart = true;
      let lastHealthy: number | undefined;
      let sawUnhealthy = false;
      for (const tr of this.transitions) {
        if (tr.at <= t) healthyAtStart = tr.healthy;
        else if (tr.at < end || (tr.at === end && end === now)) {
          if (tr.healthy) lastHealthy = tr.at;
          else sawUnhealthy = true;
        }
      }
      let healthyAtEnd = healthyAtStart;
      for (const tr of this.transitions) if (tr.at <= end) healthyAtEnd = tr.healthy;
      let r: number;
      if (!healthyAtEnd) {
        r = end - t;
        unfinished++;
      } else if (!healthyAtStart || sawUnhealthy) r = (lastHealthy ?? t) - t;
      else r = 0;
      per.push(r / 1000);
      max = Math.max(max, r);
    });
    s.recovery_s_max = max / 1000;
    s.recovery_unfinished = unfinished;
    per.forEach((r, i) => (s[`recovery_s.${i + 1}`] = r));
  }
}
