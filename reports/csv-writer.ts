// CSV files written as the run goes: rows are encoded (UTF-8) straight into one reusable
// BUFFER_BYTES buffer per file, which is written synchronously when the next row might not fit
// (the simulation loop is synchronous, so an async stream would only drain after the whole run)
// — never the whole run in memory. Encoding each row while it is young and small, rather than
// concatenating a 64 KiB rope of rows and handing it to fs.writeSync (which flattens and
// encodes it), made writing ~10× cheaper at 1,000 nodes: 25 MB cost 0.38 s of CPU that way.
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

/** Bytes buffered per file before a write (1 MiB: a few hundred writes for a 5,000-node hour's events.csv). */
export const BUFFER_BYTES = 1 << 20;

/** The most UTF-8 bytes one UTF-16 code unit can take (a surrogate pair: 4 bytes for 2 units). */
const MAX_BYTES_PER_UNIT = 3;

export class CsvWriter {
  private readonly fd: number;
  private readonly buf: Buffer;
  private used = 0;
  private closed = false;
  rowCount = 0;

  constructor(
    file: string,
    readonly columns: readonly string[],
    bufferBytes = BUFFER_BYTES,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(16, bufferBytes));
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
    this.rowCount++;
    const worst = line.length * MAX_BYTES_PER_UNIT;
    if (this.used + worst > this.buf.length) {
      this.flush();
      if (worst > this.buf.length) {
        // A row larger than the buffer (a huge cell) is written on its own.
        fs.writeSync(this.fd, line);
        return;
      }
    }
    this.used += this.buf.write(line, this.used);
  }

  flush(): void {
    // writeSync may write less than asked (a full disk is an error, not a short write).
    for (let off = 0; off < this.used; ) off += fs.writeSync(this.fd, this.buf, off, this.used - off);
    this.used = 0;
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
