// The run journal (`runs.jsonl`): one JSON line per finished run, appended and fsync'd as each run
// completes, so nothing finished is lost to a crash or Ctrl-C. The CSVs are (re)built from it.
// Line 1 is a header naming the sweep definition's hash; --resume refuses a journal of another sweep.

import { SweepUsageError } from './errors.js';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import type { ParamValue } from './types.js';
import type { RunCpu } from './run-one.js';

export type RunStatus = 'ok' | 'error' | 'timeout';

export interface JournalHeader {
  type: 'header';
  version: 1;
  sweep: string;
  sweepHash: string;
  /** "i/N" for a shard's journal, absent for a whole sweep. */
  shard?: string;
}

export interface RunRecord {
  type: 'run';
  /** Global run index (point * replications + replication): the order rows are written in. */
  index: number;
  id: string;
  point: number;
  replication: number;
  seed: number;
  params: Record<string, ParamValue>;
  status: RunStatus;
  error: string;
  /** The run's whole summary (results.csv shows the selected metrics). */
  metrics: Record<string, number | string>;
  /** Diagnostics, not part of the CSVs (they vary from machine to machine). */
  wallMs: number;
  maxRssKb?: number;
  heapPeakBytes?: number;
  /** Where the run's CPU went, on its worker thread (run-one.ts RunCpu). */
  cpu?: RunCpu;
}

export interface JournalContents {
  header?: JournalHeader;
  runs: RunRecord[];
}

/** Reads a journal; a torn last line (a crash mid-append) is ignored. */
export function readJournal(path: string): JournalContents {
  if (!existsSync(path)) return { runs: [] };
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: JournalContents = { runs: [] };
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      if (i >= lines.length - 2) return; // torn final line
      rec = undefined;
    }
    if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) {
      throw new SweepUsageError(
        `${path}:${i + 1}:1: corrupt journal line (${rec === undefined ? 'not JSON' : 'not a record'}): ` +
          'delete that line and run again with --resume (its run, if any, is run again), or delete the file to start the sweep afresh',
      );
    }
    const r = rec as { type?: unknown };
    if (r.type === 'header') out.header = rec as JournalHeader;
    else if (r.type === 'run') out.runs.push(rec as RunRecord);
  });
  return out;
}

export class Journal {
  private fd: number;

  private constructor(fd: number) {
    this.fd = fd;
  }

  /**
   * Opens for appending; writes the header when the file is new or empty. A torn final line (the
   * process died mid-append) is cut off first, so the next record starts on a line of its own.
   */
  static open(path: string, header: JournalHeader): Journal {
    const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (text !== '' && !text.endsWith('\n')) truncateSync(path, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
    const fresh = text.trim() === '' || !text.includes('\n');
    const fd = openSync(path, 'a');
    const j = new Journal(fd);
    if (fresh) j.write(header);
    return j;
  }

  append(rec: RunRecord): void {
    this.write(rec);
  }

  private write(obj: JournalHeader | RunRecord): void {
    writeSync(this.fd, `${JSON.stringify(obj)}\n`);
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
    }
  }
}
