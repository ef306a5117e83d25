// Sweep progress on stderr: points/runs done of total, failures, elapsed time and ETA, as a line
// redrawn by cli-progress (reports/progress-bar.ts) — only when stderr is a terminal; nothing
// otherwise (a CI log gets the summary at the end, not a stream of lines) and nothing with
// --quiet. The clock is injected so tests are deterministic.

import { ProgressLine } from '../reports/progress-bar.js';

export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressOptions {
  total: number;
  /** Runs already recorded before this invocation (resume): counted as done, not in the ETA rate. */
  alreadyDone?: number;
  sink: TextSink;
  quiet?: boolean;
  now?: () => number;
  label?: string;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}

export class Progress {
  private total: number;
  private done: number;
  private failed = 0;
  private readonly base: number;
  private readonly start: number;
  private readonly now: () => number;
  private readonly line: ProgressLine | undefined;

  constructor(opts: ProgressOptions) {
    this.total = opts.total;
    this.done = opts.alreadyDone ?? 0;
    this.base = this.done;
    this.now = opts.now ?? (() => performance.now());
    this.start = this.now();
    this.line = ProgressLine.enabled(opts.sink, opts.quiet) ? new ProgressLine(opts.sink, opts.label ?? 'sweep') : undefined;
  }

  setTotal(total: number): void {
    this.total = Math.max(total, this.done);
  }

  /** Called once per finished run. */
  tick(failed: boolean): void {
    this.done++;
    if (failed) this.failed++;
    this.line?.update(this.done, this.total, this.render(this.now()));
  }

  eta(t: number): string {
    const fresh = this.done - this.base;
    if (fresh <= 0 || this.done >= this.total) return fresh <= 0 ? '?' : '0s';
    return formatDuration(((t - this.start) / fresh) * (this.total - this.done));
  }

  /** The text after the bar. */
  render(t: number): string {
    const pct = this.total > 0 ? Math.floor((this.done * 100) / this.total) : 100;
    return `${this.done}/${this.total} runs (${pct}%), ${this.failed} failed, elapsed ${formatDuration(t - this.start)}, ETA ${this.eta(t)}`;
  }

  /** Final draw; ends the line. */
  finish(): void {
    if (!this.line) return;
    this.line.update(this.done, this.total, this.render(this.now()));
    this.line.stop();
  }
}
