// events.csv: every Kubernetes Event, as `kubectl get events` would list it.

import type { EventRecorder } from '../models/api/events.js';
import type { KEvent } from '../models/api/types.js';
import { CsvWriter } from './csv-writer.js';

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
      this.writer?.write([e.time / 1000, e.namespace, e.kind, e.name, e.reason, e.message, e.type, e.source]);
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
