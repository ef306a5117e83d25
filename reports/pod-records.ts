// pods.csv: one row per pod, written when the pod leaves the store (or at the end of the
// run for pods still present). Times are seconds of virtual time.

import { type ObjectStore, controllerRef } from '../models/api/store.js';
import type { PodColumnSource } from '../models/metrics.js';
import type { Pod } from '../models/api/types.js';
import { CsvWriter, seconds } from './csv-writer.js';
import { podStatusText } from './kubectl-format.js';

export const POD_COLUMNS = [
  'namespace',
  'name',
  'owner',
  'node',
  'created_s',
  'scheduled_s',
  'started_s',
  'ready_s',
  'finished_s',
  'phase',
  'reason',
  'restarts',
  'status',
] as const;

interface PodRecord {
  pod: Pod;
  scheduled?: number;
  started?: number;
  ready?: number;
  finished?: number;
}


export class PodRecorder {
  private readonly records = new Map<Pod, PodRecord>();
  private readonly writer: CsvWriter | undefined;
  private readonly extra: PodColumnSource[];
  /** Aggregates for the summary. */
  created = 0;
  maxPendingMs = 0;
  totalPendingMs = 0;
  scheduledCount = 0;
  /** Pods deleted before they were ever bound (a scale-down or rollout removed a waiting pod). */
  deletedPending = 0;

  constructor(store: ObjectStore, file: string | undefined, extra: PodColumnSource[] = []) {
    this.extra = extra;
    this.writer = file ? new CsvWriter(file, [...POD_COLUMNS, ...extra.flatMap((e) => e.columns)]) : undefined;
    store.observe<Pod>('Pod', (type, pod) => {
      const now = store.now;
      let r = this.records.get(pod);
      if (!r) {
        r = { pod };
        this.records.set(pod, r);
        this.created++;
      }
      if (r.scheduled === undefined && pod.spec.nodeName) {
        r.scheduled = now;
        const pending = now - (pod.metadata.creationTimestamp ?? now);
        this.scheduledCount++;
        this.totalPendingMs += pending;
        if (pending > this.maxPendingMs) this.maxPendingMs = pending;
      }
      if (r.started === undefined && pod.status.phase === 'Running') r.started = now;
      if (r.ready === undefined && pod.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True')) r.ready = now;
      if (r.finished === undefined && (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed')) r.finished = now;
      if (type === 'DELETED') {
        if (r.scheduled === undefined) {
          // It waited all its life: that wait counts towards max_pending_s, or a pod that
          // pended for hours and was then scaled away would leave no trace in the summary.
          this.deletedPending++;
          const pending = now - (pod.metadata.creationTimestamp ?? now);
          if (pending > this.maxPendingMs) this.maxPendingMs = pending;
        }
        if (r.finished === undefined) r.finished = now;
        this.writeRow(r);
        this.records.delete(pod);
      }
    });
  }

  private writeRow(r: PodRecord): void {
    if (!this.writer) return;
    const p = r.pod;
    const owner = controllerRef(p);
    let restarts = 0;
    for (const s of p.status.containerStatuses) restarts += s.restartCount;
    this.writer.write([
      p.metadata.namespace,
      p.metadata.name,
      owner ? `${owner.kind}/${owner.name}` : '',
      p.spec.nodeName ?? '',
      seconds(p.metadata.creationTimestamp),
      seconds(r.scheduled),
      seconds(r.started),
      seconds(r.ready),
      seconds(r.finished),
      p.status.phase,
      p.status.reason ?? '',
      restarts,
      podStatusText(p, { ignoreDeletion: true }),
      ...this.extra.flatMap((e) => e.values(p)),
    ]);
  }

  /** Pods still pending (unscheduled) right now, with how long they have waited. */
  pendingNow(now: number): { count: number; maxWaitMs: number } {
    let count = 0;
    let maxWaitMs = 0;
    for (const r of this.records.values()) {
      if (r.scheduled !== undefined || r.pod.metadata.deletionTimestamp !== undefined) continue;
      count++;
      const w = now - (r.pod.metadata.creationTimestamp ?? now);
      if (w > maxWaitMs) maxWaitMs = w;
    }
    return { count, maxWaitMs };
  }

  /** Write the rows of pods still present, in creation order. */
  close(): void {
    for (const r of this.records.values()) this.writeRow(r);
    this.writer?.close();
  }
}
