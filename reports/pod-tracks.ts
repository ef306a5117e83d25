// One record per live pod, shared by the reports that follow pods (pods.csv, the start-up SLI,
// recovery): a single store observer and a single map lookup per pod change for all of them,
// instead of one observer and one lookup in a map of every pod for each report. At 5,000 nodes
// a pod changes ~5 times on its way to Running: 750,000 changes in the start-up hour, each a
// cache miss in a 150,000-entry map per report.
//
// The store holds one object per namespace/name and updates it in place, so the object
// identifies the pod as its key does (a recreated pod is a new object, after a DELETED).
//
// Each report owns its fields of the record, so a store has at most one report of each kind
// (runner/simulate.ts makes one of each), and the reports subscribe before the first pod exists
// (a report that subscribed later would find records it never saw fresh).

import type { ObjectStore } from '../models/api/store.js';
import type { KObject, Pod } from '../models/api/types.js';

export type PodChange = 'ADDED' | 'MODIFIED' | 'DELETED';

/** What each report keeps about one pod (fields by report; a report touches only its own). */
export interface PodTrack {
  readonly pod: Pod;
  /** pods.csv: first seen bound, Running, Ready, finished (virtual ms). */
  scheduled: number | undefined;
  started: number | undefined;
  ready: number | undefined;
  finished: number | undefined;
  /** Start-up SLI: created, first seen bound, first Pulling, last Pulled; PVC pods are left out. */
  sliCreated: number;
  sliScheduled: number | undefined;
  pullStart: number | undefined;
  pullEnd: number | undefined;
  stateful: boolean;
  sliDone: boolean;
  sliWaiting: boolean;
  /** Recovery: counted among the unhealthy objects. */
  unhealthy: boolean;
}

/** A report's view of a pod change; `fresh`: the first change seen of this pod. */
export type PodTrackHandler = (type: PodChange, pod: Pod, t: PodTrack, fresh: boolean) => void;

const shared = new WeakMap<ObjectStore, PodTracks>();

export class PodTracks {
  private readonly tracks = new Map<Pod, PodTrack>();
  private readonly handlers: PodTrackHandler[] = [];

  /** The one instance of a store: the first report to ask registers its observer. */
  static of(store: ObjectStore): PodTracks {
    let t = shared.get(store);
    if (!t) shared.set(store, (t = new PodTracks(store)));
    return t;
  }

  private constructor(readonly store: ObjectStore) {
    store.observe<Pod>('Pod', (type, pod) => this.changed(type, pod));
  }

  /** Handlers run in the order the reports subscribed. */
  subscribe(h: PodTrackHandler): void {
    this.handlers.push(h);
  }

  /** The track of a stored pod object, if it is live. */
  get(obj: KObject): PodTrack | undefined {
    return this.tracks.get(obj as Pod);
  }

  /** Live pods' tracks in the order they were first seen. */
  values(): IterableIterator<PodTrack> {
    return this.tracks.values();
  }

  private changed(type: PodChange, pod: Pod): void {
    let t = this.tracks.get(pod);
    const fresh = t === undefined;
    if (t === undefined) {
      t = {
        pod,
        scheduled: undefined,
        started: undefined,
        ready: undefined,
        finished: undefined,
        sliCreated: 0,
        sliScheduled: undefined,
        pullStart: undefined,
        pullEnd: undefined,
        stateful: false,
        sliDone: false,
        sliWaiting: false,
        unhealthy: false,
      };
      if (type !== 'DELETED') this.tracks.set(pod, t);
    }
    for (const h of this.handlers) h(type, pod, t, fresh);
    if (type === 'DELETED') this.tracks.delete(pod);
  }
}
