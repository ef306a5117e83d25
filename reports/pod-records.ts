// pods.csv: one row per pod, written when the pod leaves the store (or at the end of the
// run for pods still present). Times are seconds of virtual time.

import { type ObjectStore, controllerRef } from '../models/api/store.js';
import type { PodColumnSource } from '../models/metrics.js';
import { CsvWriter, csvCell, seconds } from './csv-writer.js';
import { podStatusText } from './kubectl-format.js';
import { isPodReady } from '../models/api/policy/podutil.js';
import { PodTracks, type PodTrack } from './pod-tracks.js';

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

/** podStatusText's options for pods.csv: what the pod showed before it was marked Terminating. */
const BEFORE_DELETION = { ignoreDeletion: true } as const;

export class PodRecorder {
  /** The pods' records, shared with the other pod reports (./pod-tracks.ts). */
  private readonly tracks: PodTracks;
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
    this.tracks = PodTracks.of(store);
    this.tracks.subscribe((type, pod, r, fresh) => {
      const now = store.now;
      if (fresh) this.created++;
      if (r.scheduled === undefined && pod.spec.nodeName) {
        r.scheduled = now;
        const pending = now - (pod.metadata.creationTimestamp ?? now);
        this.scheduledCount++;
        this.totalPendingMs += pending;
        if (pending > this.maxPendingMs) this.maxPendingMs = pending;
      }
      if (r.started === undefined && pod.status.phase === 'Running') r.started = now;
      if (r.ready === undefined && isPodReady(pod)) r.ready = now;
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
      }
    });
  }

  private writeRow(r: PodTrack): void {
    if (!this.writer) return;
    const p = r.pod;
    const owner = controllerRef(p);
    let restarts = 0;
    for (const s of p.status.containerStatuses) restarts += s.restartCount;
    // The line write() would make of these cells, built directly: one row per pod, and no
    // cell array, spread or flatMap per row (150,000 rows in a 5,000-node day).
    let line =
      `${csvCell(p.metadata.namespace)},${csvCell(p.metadata.name)},${csvCell(owner ? `${owner.kind}/${owner.name}` : '')},` +
      `${csvCell(p.spec.nodeName ?? '')},${csvCell(seconds(p.metadata.creationTimestamp))},${csvCell(seconds(r.scheduled))},` +
      `${csvCell(seconds(r.started))},${csvCell(seconds(r.ready))},${csvCell(seconds(r.finished))},${csvCell(p.status.phase)},` +
      `${csvCell(p.status.reason ?? '')},${csvCell(restarts)},${csvCell(podStatusText(p, BEFORE_DELETION))}`;
    for (const e of this.extra) for (const v of e.values(p)) line += `,${csvCell(v)}`;
    this.writer.writeLine(`${line}\n`);
  }

  /** Pods still pending (unscheduled) right now, with how long they have waited. */
  pendingNow(now: number): { count: number; maxWaitMs: number } {
    let count = 0;
    let maxWaitMs = 0;
    for (const r of this.tracks.values()) {
      if (r.scheduled !== undefined || r.pod.metadata.deletionTimestamp !== undefined) continue;
      count++;
      const w = now - (r.pod.metadata.creationTimestamp ?? now);
      if (w > maxWaitMs) maxWaitMs = w;
    }
    return { count, maxWaitMs };
  }

  /** Write the rows of pods still present, in creation order. */
  close(): void {
    for (const r of this.tracks.values()) this.writeRow(r);
    this.writer?.close();
  }
}
