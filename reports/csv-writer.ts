// CSV files written through csv-stringify as the run goes: rows are buffered in small
// batches and appended synchronously, because the simulation loop is synchronous and
// an async stream would only drain after the whole run.

import * as fs from 'node:fs';
import { stringify } from 'csv-stringify/sync';

export type Cell = string | number | boolean | null | undefined;

const BATCH = 512;

export class CsvWriter {
  private readonly fd: number;
  private rows: Cell[][] = [];
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
    this.rows.push(row.map(normalize));
    this.rowCount++;
    if (this.rows.length >= BATCH) this.flush();
  }

  flush(): void {
    if (this.rows.length === 0) return;
    fs.writeSync(this.fd, stringify(this.rows));
    this.rows = [];
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

/** Virtual ms → seconds with millisecond precision, or empty. */
export function seconds(ms: number | undefined): number | string {
  if (ms === undefined) return '';
  return ms / 1000;
}
