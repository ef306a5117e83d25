// Rows of a trace file, read in fixed-size chunks so a million-row trace costs the memory of one
// chunk and one row, not of the file. CSV (RFC 4180: quoted fields, doubled quotes, CRLF) with a
// header line naming the columns, or JSON lines (one object per line). Synchronous on purpose:
// the kernel runs synchronously, and a row is read when virtual time reaches it.

import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export type TraceFormat = 'csv' | 'jsonl';

/** One data row: its 1-based line number in the file, and its cells by column name. */
export interface TraceRow {
  line: number;
  /** Cell text by column ('' when empty or absent); JSON values are converted to text. */
  get(column: string): string;
  /** 1-based column of a CSV cell (1 for JSON lines), for error positions. */
  column(column: string): number;
}

const CHUNK = 64 * 1024;

/** Reads a file line by line through a fixed buffer. */
class LineReader {
  private fd: number | undefined;
  private readonly buf = Buffer.alloc(CHUNK);
  private readonly decoder = new StringDecoder('utf8');
  private text = '';
  private pos = 0;
  private eof = false;
  line = 0;

  constructor(file: string) {
    this.fd = openSync(file, 'r');
  }

  /** The next line without its end of line, or undefined at the end of the file. */
  next(): string | undefined {
    for (;;) {
      const nl = this.text.indexOf('\n', this.pos);
      if (nl >= 0) {
        let s = this.text.slice(this.pos, nl);
        this.pos = nl + 1;
        if (s.endsWith('\r')) s = s.slice(0, -1);
        this.line++;
        return s;
      }
      if (this.eof) {
        if (this.pos >= this.text.length) return undefined;
        const s = this.text.slice(this.pos);
        this.pos = this.text.length;
        this.line++;
        return s.endsWith('\r') ? s.slice(0, -1) : s;
      }
      const n = readSync(this.fd!, this.buf, 0, CHUNK, null);
      // StringDecoder keeps a multi-byte character cut by the chunk edge for the next read.
      const more = n === 0 ? this.decoder.end() : this.decoder.write(this.buf.subarray(0, n));
      if (n === 0) {
        this.eof = true;
        this.close();
      }
      this.text = this.text.slice(this.pos) + more;
      this.pos = 0;
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** A CSV line's fields with their 1-based columns; a quoted field may not span lines here. */
export function splitCsvLine(line: string): { fields: string[]; columns: number[] } | string {
  const fields: string[] = [];
  const columns: number[] = [];
  let i = 0;
  for (;;) {
    columns.push(i + 1);
    if (line[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return `unterminated quoted field at column ${columns[columns.length - 1]}`;
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(v);
      if (i >= line.length) return { fields, columns };
      if (line[i] !== ',') return `unexpected character after a quoted field at column ${i + 1}`;
      i++;
    } else {
      const c = line.indexOf(',', i);
      if (c < 0) {
        fields.push(line.slice(i));
        return { fields, columns };
      }
      fields.push(line.slice(i, c));
      i = c + 1;
    }
  }
}

/** A problem with the file itself (not one cell): unreadable, no header, a broken line. */
export class TraceFileError extends Error {
  constructor(readonly line: number, readonly col: number, message: string) {
    super(message);
  }
}

/**
 * Iterates over a trace file's data rows. CSV: the first line is the header. JSON lines: every
 * non-blank line is an object. Blank lines are skipped.
 */
export class TraceRows {
  private readonly reader: LineReader;
  private header: Map<string, number> | undefined;
  /** The header's column names (CSV), for error messages. */
  columnsKnown: string[] = [];

  constructor(readonly file: string, readonly format: TraceFormat) {
    this.reader = new LineReader(file);
    if (format === 'csv') {
      const head = this.reader.next();
      if (head === undefined) throw new TraceFileError(1, 1, 'the file is empty: a CSV trace needs a header line naming its columns');
      const split = splitCsvLine(head.replace(/^\uFEFF/, ''));
      if (typeof split === 'string') throw new TraceFileError(1, 1, split);
      this.columnsKnown = split.fields.map((f) => f.trim());
      this.header = new Map(this.columnsKnown.map((name, i) => [name, i]));
    }
  }

  /** Whether a CSV header has this column (JSON lines: always true, a key may be absent per line). */
  hasColumn(name: string): boolean {
    return this.header === undefined || this.header.has(name);
  }

  /** The next data row, or undefined at the end. @throws TraceFileError on a broken line */
  next(): TraceRow | undefined {
    for (;;) {
      const text = this.reader.next();
      if (text === undefined) return undefined;
      if (text.trim() === '') continue;
      const line = this.reader.line;
      if (this.header) {
        const split = splitCsvLine(text);
        if (typeof split === 'string') throw new TraceFileError(line, 1, split);
        const { fields, columns } = split;
        const header = this.header;
        return {
          line,
          get: (c) => {
            const i = header.get(c);
            return i === undefined ? '' : (fields[i] ?? '').trim();
          },
          column: (c) => columns[header.get(c) ?? 0] ?? 1,
        };
      }
      let obj: unknown;
      try {
        obj = JSON.parse(text);
      } catch (e) {
        throw new TraceFileError(line, 1, `not a JSON object: ${(e as Error).message}`);
      }
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new TraceFileError(line, 1, 'each line must be a JSON object');
      const rec = obj as Record<string, unknown>;
      return {
        line,
        get: (c) => {
          const v = rec[c];
          if (v === undefined || v === null) return '';
          return typeof v === 'string' ? v.trim() : typeof v === 'object' ? JSON.stringify(v) : String(v);
        },
        column: () => 1,
      };
    }
  }

  close(): void {
    this.reader.close();
  }
}

/** csv for .csv files, jsonl for .jsonl/.ndjson/.json, else csv. */
export function formatOf(file: string, explicit?: string): TraceFormat {
  if (explicit === 'csv' || explicit === 'jsonl') return explicit;
  return /\.(jsonl|ndjson|json)$/i.test(file) ? 'jsonl' : 'csv';
}
