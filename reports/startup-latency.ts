// Pod start-up latency as SIG Scalability's SLI defines it, and scheduling throughput.
//
// SLI (kubernetes/community sig-scalability/slos/pod_startup_latency.md): start-up latency of
// schedulable stateless pods, excluding time to pull images and run init containers, from the
// pod's creation timestamp to when all its containers are reported started and observed via
// watch. SLO: p99 <= 5 s. As the kubelet's pod start SLI tracker does, the image-pull part is
// the span from the pod's first Pulling event to its last Pulled event. "Observed via watch" is
// the Running status plus the scenario's watch latency. Stateless: pods without a
// PersistentVolumeClaim volume. Percentiles are nearest rank, as perf-tests reports them.
//
// Scheduling throughput: bindings per second while some pod was waiting for a node (the
// scheduler's busy time), and the most bindings within one second of virtual time.

import type { ObjectStore } from '../models/api/store.js';
import type { KEvent, KObject, Pod } from '../models/api/types.js';
import type { Summary } from './summary.js';
import { nearestRank } from './percentile.js';
import { PodTracks, type PodChange, type PodTrack } from './pod-tracks.js';

/** SIG Scalability's pod start-up SLO: p99 within 5 s. */
export const POD_STARTUP_SLO_S = 5;

export class StartupLatency {
  /**
   * The pods, by the stored pod object (shared with the other pod reports, ./pod-tracks.ts);
   * an event naming its pod by another object finds it through the store.
   */
  private readonly tracks: PodTracks;
  private readonly startup: number[] = [];
  private readonly toSchedule: number[] = [];
  private readonly scheduleToRun: number[] = [];
  /** Pods waiting for a node now, and the busy time so far (some pod waiting). */
  private waiting = 0;
  private busySince = 0;
  private busyMs = 0;
  private bindings = 0;
  private bucket = -1;
  private inBucket = 0;
  private maxPerSecond = 0;

  constructor(
    private readonly store: ObjectStore,
    events: { subscribe(l: (e: KEvent, obj?: KObject) => void): void },
  ) {
    this.tracks = PodTracks.of(store);
    this.tracks.subscribe((type, pod, t, fresh) => this.onPod(type, pod, t, fresh));
    events.subscribe((e, obj) => {
      if (e.kind !== 'Pod' || (e.reason !== 'Pulling' && e.reason !== 'Pulled')) return;
      // By the pod object when the event names the stored one (the kubelet's are), else by key.
      const t = (obj && this.tracks.get(obj)) || this.byStoreName(e.namespace, e.name);
      if (!t) return;
      if (e.reason === 'Pulling') t.pullStart ??= e.time;
      // "already present on machine" has no Pulling before it: no pull time.
      else if (t.pullStart !== undefined) t.pullEnd = e.time;
    });
  }

  private byStoreName(namespace: string, name: string): PodTrack | undefined {
    const stored = this.store.get('Pod', namespace, name);
    return stored ? this.tracks.get(stored) : undefined;
  }

  private setWaiting(t: PodTrack, waiting: boolean, now: number): void {
    if (t.sliWaiting === waiting) return;
    t.sliWaiting = waiting;
    if (waiting && this.waiting++ === 0) this.busySince = now;
    if (!waiting && --this.waiting === 0) this.busyMs += now - this.busySince;
  }

  private onPod(type: PodChange, pod: Pod, t: PodTrack, fresh: boolean): void {
    const now = this.store.now;
    if (fresh) {
      if (type === 'DELETED') return;
      t.sliCreated = pod.metadata.creationTimestamp ?? now;
      t.stateful = hasClaim(pod);
    }
    if (t.sliScheduled === undefined && pod.spec.nodeName) {
      t.sliScheduled = now;
      this.bindings++;
      const b = Math.floor(now / 1000);
      if (b !== this.bucket) {
        this.bucket = b;
        this.inBucket = 0;
      }
      if (++this.inBucket > this.maxPerSecond) this.maxPerSecond = this.inBucket;
    }
    this.setWaiting(t, type !== 'DELETED' && t.sliScheduled === undefined && pod.metadata.deletionTimestamp === undefined, now);
    if (!t.sliDone && pod.status.phase === 'Running' && t.sliScheduled !== undefined) {
      t.sliDone = true;
      if (!t.stateful) {
        const observed = now + this.store.watchLatency;
        const pull = t.pullStart !== undefined && t.pullEnd !== undefined ? t.pullEnd - t.pullStart : 0;
        this.startup.push(observed - t.sliCreated - pull);
        this.toSchedule.push(t.sliScheduled - t.sliCreated);
        this.scheduleToRun.push(now - t.sliScheduled - pull);
      }
    }
  }

  /** Adds the start-up and throughput metrics (absent when no pod started). */
  summarize(now: number, s: Summary): void {
    const busy = this.busyMs + (this.waiting > 0 ? now - this.busySince : 0);
    if (this.bindings > 0) {
      s.scheduling_throughput_pods_per_s = busy > 0 ? round6(this.bindings / (busy / 1000)) : this.bindings;
      s.scheduling_throughput_max_pods_per_s = this.maxPerSecond;
    }
    if (this.startup.length === 0) return;
    const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
    const st = sorted(this.startup);
    for (const [name, p] of [['p50', 0.5], ['p90', 0.9], ['p99', 0.99]] as const) s[`pod_startup_${name}_s`] = nearestRank(st, p) / 1000;
    s.pod_startup_create_to_schedule_p99_s = nearestRank(sorted(this.toSchedule), 0.99) / 1000;
    s.pod_startup_schedule_to_run_p99_s = nearestRank(sorted(this.scheduleToRun), 0.99) / 1000;
    s.pod_startup_slo_met = nearestRank(st, 0.99) / 1000 <= POD_STARTUP_SLO_S ? 1 : 0;
  }
}

/** The pod mounts a PersistentVolumeClaim (not stateless for the SLI). */
function hasClaim(pod: Pod): boolean {
  for (const v of pod.spec.volumes ?? []) if (v.persistentVolumeClaim !== undefined) return true;
  return false;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
