// CSV files written as the run goes: text accumulates in a small buffer that is appended
// synchronously when it passes FLUSH_CHARS (the simulation loop is synchronous, so an async
// stream would only drain after the whole run) — never the whole run in memory.
//
// csv-stringify defines the format (its defaults: quote a cell holding `"`, `,`, CR or LF,
// doubling its quotes) and writes headers and the small files (summary.csv, sweep results).
// The per-row hot paths — timeseries.csv (a 5-minute sample at 5,000 nodes is ~57,000 rows),
// events.csv and pods.csv (several rows per pod at start-up) — format cells with
// csvText/csvNumber/csvCell, which produce exactly what csv-stringify produces for the same
// values (test/reports/csv-writer.test.ts checks them against it) without its per-cell cast
// context, tuples and closures.

import * as fs from 'node:fs';
import { stringify } from 'csv-stringify/sync';

export type Cell = string | number | boolean | null | undefined;

const FLUSH_CHARS = 64 * 1024;

export class CsvWriter {
  private readonly fd: number;
  private text = '';
  private closed = false;
  rowCount = 0;

  constructor(
    file: string,
    readonly columns: readonly string[],
  ) {
    this.fd = fs.openSync(file, 'w');
    fs.writeSync(this.fd, stringify([columns as string[]]));
  }

  /** One row of cells (numbers ≤ 6 decimals, empty for missing or not finite). */
  write(row: readonly Cell[]): void {
    let line = '';
    for (let i = 0; i < row.length; i++) line += i === 0 ? csvCell(row[i]) : `,${csvCell(row[i])}`;
    this.writeLine(`${line}\n`);
  }

  /**
   * Append one row already formatted: cells through `csvText`/`csvNumber`, joined by commas,
   * ending with "\n".
   */
  writeLine(line: string): void {
    if (this.closed) throw new Error('CsvWriter: write after close');
    this.text += line;
    this.rowCount++;
    if (this.text.length >= FLUSH_CHARS) this.flush();
  }

  flush(): void {
    if (this.text.length === 0) return;
    fs.writeSync(this.fd, this.text);
    this.text = '';
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    fs.closeSync(this.fd);
    this.closed = true;
  }
}

/**
 * One cell as csv-stringify writes it after normalising: empty for undefined/null; numbers
 * without float noise (at most 6 decimals; 3 for seconds); booleans as csv-stringify casts
 * them ("1" / empty).
 */
export function csvCell(v: Cell): string {
  if (typeof v === 'string') return csvText(v);
  if (typeof v === 'number') return csvNumber(v);
  if (v === undefined || v === null) return '';
  return v ? '1' : '';
}

const NEEDS_QUOTES = /[",\r\n]/;

/** A text cell as csv-stringify writes it by default: quoted (quotes doubled) when it holds `"`, `,`, CR or LF. */
export function csvText(s: string): string {
  if (!NEEDS_QUOTES.test(s)) return s;
  return `"${s.replaceAll('"', '""')}"`;
}

/** A number cell: at most 6 decimals (no float noise), empty when not finite. */
export function csvNumber(v: number): string {
  if (!Number.isFinite(v)) return '';
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(6)));
}

/** Virtual ms → seconds with millisecond precision, or empty. */
export function seconds(ms: number | undefined): number | string {
  if (ms === undefined) return '';
  return ms / 1000;
}
