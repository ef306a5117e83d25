// Progress on stderr: a redrawn bar when stderr is a TTY; plain lines otherwise, at most every
// `intervalMs` (default 5 s) of the injected clock or when another 10% is done, plus a final line.
// Silent with --quiet. The clock is injected so tests are deterministic.

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
  intervalMs?: number;
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
  private lastLine: number;
  private lastDecile: number;
  private lastDraw = -Infinity;
  private printedDone = -1;
  private readonly now: () => number;
  private readonly interval: number;
  private readonly tty: boolean;
  private readonly label: string;

  constructor(private readonly opts: ProgressOptions) {
    this.total = opts.total;
    this.done = opts.alreadyDone ?? 0;
    this.base = this.done;
    this.now = opts.now ?? (() => performance.now());
    this.start = this.now();
    this.lastLine = this.start;
    this.interval = opts.intervalMs ?? 5000;
    this.tty = opts.sink.isTTY === true;
    this.label = opts.label ?? 'sweep';
    this.lastDecile = this.decile();
  }

  private decile(): number {
    return this.total > 0 ? Math.floor((this.done * 10) / this.total) : 0;
  }

  setTotal(total: number): void {
    this.total = Math.max(total, this.done);
    this.lastDecile = this.decile();
  }

  /** Called once per finished run. */
  tick(failed: boolean): void {
    this.done++;
    if (failed) this.failed++;
    if (this.opts.quiet) return;
    const t = this.now();
    if (this.tty) {
      if (t - this.lastDraw >= 100 || this.done >= this.total) {
        this.lastDraw = t;
        this.opts.sink.write(`\r${this.render(t, true)}\x1b[K`);
      }
      return;
    }
    const d = this.decile();
    if (t - this.lastLine >= this.interval || d > this.lastDecile) {
      this.lastLine = t;
      this.lastDecile = d;
      this.printedDone = this.done;
      this.opts.sink.write(`${this.render(t, false)}\n`);
    }
  }

  eta(t: number): string {
    const fresh = this.done - this.base;
    if (fresh <= 0 || this.done >= this.total) return fresh <= 0 ? '?' : '0s';
    return formatDuration(((t - this.start) / fresh) * (this.total - this.done));
  }

  render(t: number, bar: boolean): string {
    const pct = this.total > 0 ? Math.floor((this.done * 100) / this.total) : 100;
    const width = 24;
    const filled = this.total > 0 ? Math.round((this.done / this.total) * width) : width;
    const head = bar ? `${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}]` : `${this.label}:`;
    return `${head} ${this.done}/${this.total} runs (${pct}%), ${this.failed} failed, elapsed ${formatDuration(t - this.start)}, ETA ${this.eta(t)}`;
  }

  /** Final line (TTY: ends the bar's line). */
  finish(): void {
    if (this.opts.quiet) return;
    const t = this.now();
    if (this.tty) this.opts.sink.write(`\r${this.render(t, true)}\x1b[K\n`);
    else if (this.printedDone !== this.done) this.opts.sink.write(`${this.render(t, false)}\n`);
  }
}
