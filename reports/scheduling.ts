// scheduling.csv — "why is my pod pending": for every failed scheduling attempt, each plugin's
// verdict on the nodes it rejected, grouped by reason (what kube-scheduler-simulator shows per
// node, summed per node group), then DefaultPreemption's outcome. Rows are written only for
// failed attempts; a run where every attempt succeeds writes the header alone. The columns are
// stable (docs/outputs.md).

import type { SchedulerShell } from '../models/scheduler/scheduler.js';
import type { Millis } from '../sim/index.js';
import { CsvWriter } from './csv-writer.js';

export const SCHEDULING_COLUMNS = ['time_s', 'namespace', 'pod', 'attempt', 'extension_point', 'plugin', 'nodes_rejected', 'nodes_total', 'reason'] as const;

export class SchedulingLog {
  private readonly writer: CsvWriter | undefined;
  /** Failed attempts recorded. */
  attempts = 0;

  constructor(scheduler: SchedulerShell, now: () => Millis, nodeCount: () => number, file: string | undefined) {
    this.writer = file ? new CsvWriter(file, SCHEDULING_COLUMNS) : undefined;
    // Without a file nothing subscribes, so failed cycles do not even group their verdicts.
    if (!this.writer) return;
    const w = this.writer;
    scheduler.onFailedAttempt((pod, attempt, result) => {
      this.attempts++;
      const t = now() / 1000, ns = pod.metadata.namespace ?? 'default', name = pod.metadata.name, total = nodeCount();
      const rows = result.verdicts ?? [];
      // No node at all (no row from any plugin): the message is the whole story.
      if (rows.length === 0) w.write([t, ns, name, attempt, '', '', 0, total, result.message]);
      for (const v of rows) w.write([t, ns, name, attempt, v.extensionPoint, v.plugin, v.nodes, total, v.reason]);
    });
  }

  close(): void {
    this.writer?.close();
  }
}
