// The pods of a trace in virtual-time order, read from the file as they are asked for: the
// replay window, arrival speed-up and sampling applied, and a bounded read-ahead that puts rows
// back in time order (files sorted by another column, as DLRM's is, are only nearly in creation
// order). Memory is the read-ahead, whatever the number of rows.
import FastPriorityQueue from 'fastpriorityqueue';
import { podOfRow, type CellProblem, type PodMapping, type TracePod } from './pod-rows.js';
import { TraceRows } from './rows.js';

export interface ReplayWindow {
  /** Trace time of the replay start (ms); default 0. */
  from: number;
  /** Trace time where arrivals stop (ms, exclusive); undefined = none. */
  until: number | undefined;
  /** Virtual time of the replay start (ms). */
  offset: number;
  speedup: number;
  every: number;
  phase: number;
}

/** A Trace document, compiled. */
export interface TraceSpec {
  name: string;
  pods: PodMapping;
  replay: ReplayWindow;
}

/** A pod to create at virtual `createAt`, and delete at `deleteAt` when the trace says so. */
export interface ReplayPod {
  pod: TracePod;
  createAt: number;
  deleteAt: number | undefined;
  /** The row's position in the file among data rows. */
  seq: number;
}

export const DEFAULT_WINDOW: ReplayWindow = { from: 0, until: undefined, offset: 0, speedup: 1, every: 1, phase: 0 };

/** Where a trace pod lands in virtual time, or undefined when it lies outside the window. */
export function placeInWindow(p: TracePod, w: ReplayWindow): { createAt: number; deleteAt: number | undefined } | undefined {
  if (p.createdAt !== undefined && w.until !== undefined && p.createdAt >= w.until) return undefined;
  if (p.deletedAt !== undefined && p.deletedAt <= w.from) return undefined;
  // Pods alive when the window opens (created earlier, or before the trace began) exist at once.
  const bornAt = p.createdAt === undefined || p.createdAt < w.from ? w.from : p.createdAt;
  const createAt = w.offset + Math.round((bornAt - w.from) / w.speedup);
  // Each pod keeps its own lifetime: only arrivals are sped up.
  const deleteAt = p.deletedAt === undefined ? undefined : createAt + Math.max(0, p.deletedAt - bornAt);
  return { createAt, deleteAt };
}

/** A row that went back in time by more than the read-ahead can mend. */
export class OutOfOrderError extends Error {
  constructor(readonly line: number, readonly column: string, message: string) {
    super(message);
  }
}

const before = (a: ReplayPod, b: ReplayPod) => a.createAt < b.createAt || (a.createAt === b.createAt && a.seq < b.seq);

export class TracePodSource {
  private readonly rows: TraceRows;
  private readonly ahead = new FastPriorityQueue<ReplayPod>(before);
  private index = 0;
  private inWindow = 0;
  private done = false;
  private last = -Infinity;
  /** Rows refused by the mapping (validation collects them; a run never sees any). */
  readonly problems: CellProblem[] = [];
  /** Rows read, and rows that became pods (after window and sampling). */
  rowsRead = 0;
  podsKept = 0;

  constructor(private readonly spec: TraceSpec) {
    this.rows = new TraceRows(spec.pods.file, spec.pods.format);
  }

  /** The next pod in virtual-time order, or undefined when the file is exhausted. @throws OutOfOrderError */
  next(): ReplayPod | undefined {
    while (!this.done && this.ahead.size < this.spec.pods.reorderRows) this.readOne();
    const p = this.ahead.poll();
    if (p === undefined) return undefined;
    if (p.createAt < this.last) {
      throw new OutOfOrderError(p.pod.line, this.spec.pods.columns.createdAt,
        `this row's creation time is earlier than that of a row already replayed (the read-ahead holds ${this.spec.pods.reorderRows} rows): sort the file by creation time, or raise spec.pods.reorderRows`);
    }
    this.last = p.createAt;
    return p;
  }

  /** The virtual time of the next pod without taking it. */
  peekTime(): number | undefined {
    while (!this.done && this.ahead.size < this.spec.pods.reorderRows) this.readOne();
    return this.ahead.peek()?.createAt;
  }

  private readOne(): void {
    const row = this.rows.next();
    if (row === undefined) {
      this.done = true;
      this.rows.close();
      return;
    }
    const seq = this.index++;
    this.rowsRead++;
    const pod = podOfRow(this.spec.pods, this.spec.name, row, seq, this.problems);
    if (!pod) return;
    const placed = placeInWindow(pod, this.spec.replay);
    if (!placed) return;
    const k = this.inWindow++;
    if (k % this.spec.replay.every !== this.spec.replay.phase) return;
    this.podsKept++;
    this.ahead.add({ pod, createAt: placed.createAt, deleteAt: placed.deleteAt, seq });
  }

  close(): void {
    this.done = true;
    this.rows.close();
  }
}
