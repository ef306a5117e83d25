// events.csv: every Kubernetes Event, as `kubectl get events` would list it.

import type { EventRecorder } from '../models/api/events.js';
import type { KEvent } from '../models/api/types.js';
import { CsvWriter, csvNumber, csvText } from './csv-writer.js';

export const EVENT_COLUMNS = ['time_s', 'namespace', 'kind', 'name', 'reason', 'message', 'type', 'source'] as const;

export class EventLog {
  private readonly writer: CsvWriter | undefined;
  readonly countsByReason = new Map<string, number>();
  total = 0;

  constructor(events: EventRecorder, file: string | undefined, onEvent?: (e: KEvent) => void) {
    this.writer = file ? new CsvWriter(file, EVENT_COLUMNS) : undefined;
    events.subscribe((e) => {
      this.total++;
      this.countsByReason.set(e.reason, (this.countsByReason.get(e.reason) ?? 0) + 1);
      // The row formatted directly (what write() gives for these cells) — no per-event array
      // of cells: ~6 events per pod at start-up.
      this.writer?.writeLine(
        `${csvNumber(e.time / 1000)},${csvText(e.namespace)},${csvText(e.kind)},${csvText(e.name)},${csvText(e.reason)},${csvText(e.message)},${csvText(e.type)},${csvText(e.source)}\n`,
      );
      onEvent?.(e);
    });
  }

  count(reason: string): number {
    return this.countsByReason.get(reason) ?? 0;
  }

  close(): void {
    this.writer?.close();
  }
}
