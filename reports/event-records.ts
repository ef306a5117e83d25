// events.csv: every Kubernetes Event, as `kubectl get events` would list it.

import type { EventRecorder } from '../models/api/events.js';
import type { KEvent } from '../models/api/types.js';
import { CsvWriter, csvNumber, csvText } from './csv-writer.js';

export const EVENT_COLUMNS = ['time_s', 'namespace', 'kind', 'name', 'reason', 'message', 'type', 'source'] as const;

/**
 * csvText of a column whose values repeat (namespace, kind, name, reason, type, source): the last
 * value and its cell, so a run of events with the same value — the same string object, mostly
 * a literal — costs one comparison instead of a quoting scan.
 */
class RepeatCell {
  private last = '';
  private cell = '';
  text(s: string): string {
    if (s !== this.last) {
      this.last = s;
      this.cell = csvText(s);
    }
    return this.cell;
  }
}

export class EventLog {
  private readonly writer: CsvWriter | undefined;
  readonly countsByReason = new Map<string, number>();
  total = 0;

  constructor(events: EventRecorder, file: string | undefined, onEvent?: (e: KEvent) => void) {
    this.writer = file ? new CsvWriter(file, EVENT_COLUMNS) : undefined;
    // The object's name repeats too: a pod's Pulled and Created, its Killing events, come together.
    const [ns, kind, name, reason, type, source] = [new RepeatCell(), new RepeatCell(), new RepeatCell(), new RepeatCell(), new RepeatCell(), new RepeatCell()];
    let lastTime = NaN;
    let timeCell = '';
    events.subscribe((e) => {
      this.total++;
      this.countsByReason.set(e.reason, (this.countsByReason.get(e.reason) ?? 0) + 1);
      const w = this.writer;
      if (w) {
        // Events come in bursts at one instant: the time cell once per instant.
        if (e.time !== lastTime) {
          lastTime = e.time;
          timeCell = csvNumber(e.time / 1000);
        }
        // The row formatted directly (what write() gives for these cells) — no per-event array
        // of cells: ~6 events per pod at start-up.
        w.writeLine(
          `${timeCell},${ns.text(e.namespace)},${kind.text(e.kind)},${name.text(e.name)},${reason.text(e.reason)},${csvText(e.message)},${type.text(e.type)},${source.text(e.source)}\n`,
        );
      }
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
