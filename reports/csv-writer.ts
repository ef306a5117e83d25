// CSV files written as the run goes: text accumulates in a small buffer that is appended
// synchronously when it passes FLUSH_CHARS (the simulation loop is synchronous, so an async
// stream would only drain after the whole run) — never the whole run in memory.
//
// Rows of mixed text go through csv-stringify. The hot path of plain rows (timeseries.csv: a
// 5-minute sample at 5,000 nodes is ~57,000 rows) formats cells with `csvText`/`csvNumber`,
// which produce exactly what csv-stringify's defaults produce for the same values
// (test/reports/csv-writer.test.ts checks them against csv-stringify), without its per-field
// cast objects and tuples.

import * as fs from 'node:fs';
import { stringify } from 'csv-stringify/sync';

export type Cell = string | number | boolean | null | undefined;

const BATCH = 512;
const FLUSH_CHARS = 64 * 1024;

export class CsvWriter {
  private readonly fd: number;
  private rows: Cell[][] = [];
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

  write(row: readonly Cell[]): void {
    if (this.closed) throw new Error('CsvWriter: write after close');
    if (this.text.length) this.flushText();
    this.rows.push(row.map(normalize));
    this.rowCount++;
    if (this.rows.length >= BATCH) this.flushRows();
  }

  /**
   * Append one row already formatted: cells through `csvText`/`csvNumber`, joined by commas,
   * ending with "\n".
   */
  writeLine(line: string): void {
    if (this.closed) throw new Error('CsvWriter: write after close');
    if (this.rows.length) this.flushRows();
    this.text += line;
    this.rowCount++;
    if (this.text.length >= FLUSH_CHARS) this.flushText();
  }

  flush(): void {
    this.flushRows();
    this.flushText();
  }

  private flushRows(): void {
    if (this.rows.length === 0) return;
    fs.writeSync(this.fd, stringify(this.rows));
    this.rows = [];
  }

  private flushText(): void {
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

/** Numbers print without float noise (3 decimals at most for seconds); empty for missing. */
function normalize(v: Cell): Cell {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    return Number.isInteger(v) ? v : Number(v.toFixed(6));
  }
  return v;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** A text cell as csv-stringify writes it by default: quoted (quotes doubled) when it holds `"`, `,`, CR or LF. */
export function csvText(s: string): string {
  if (!NEEDS_QUOTES.test(s)) return s;
  return `"${s.replaceAll('"', '""')}"`;
}

/** A number cell as `CsvWriter.write` writes it: at most 6 decimals, empty when not finite. */
export function csvNumber(v: number): string {
  if (!Number.isFinite(v)) return '';
  return Number.isInteger(v) ? String(v) : String(Number(v.toFixed(6)));
}

/** Virtual ms → seconds with millisecond precision, or empty. */
export function seconds(ms: number | undefined): number | string {
  if (ms === undefined) return '';
  return ms / 1000;
}
