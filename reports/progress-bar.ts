// A progress line on stderr, redrawn in place by cli-progress — only when the stream is a
// terminal (a log file or a pipe gets nothing) and never with --quiet. The text of the line is
// the caller's (virtual time and events/s for a run; points done for a sweep); the bar, the
// redraw throttle (10 per second, also on synchronous updates, so a CPU-bound run that never
// yields still redraws) and the cursor handling are cli-progress's.

import cliProgress from 'cli-progress';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

const WIDTH = 24;

export class ProgressLine {
  private bar: cliProgress.SingleBar | undefined;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
  ) {}

  /** Would anything be drawn? (a terminal, not quiet) */
  static enabled(stream: ProgressStream, quiet: boolean | undefined): boolean {
    return !quiet && stream.isTTY === true;
  }

  /** Draw `done/total` and the caller's text; starts the bar on first use. */
  update(done: number, total: number, text: string): void {
    if (!this.bar) {
      this.bar = new cliProgress.SingleBar({
        stream: this.stream as unknown as NodeJS.WritableStream,
        format: (_options, params, payload: { text?: string }) => {
          const filled = params.total > 0 ? Math.round(Math.min(1, params.value / params.total) * WIDTH) : WIDTH;
          return `${this.label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${payload.text ?? ''}`;
        },
        hideCursor: false,
        clearOnComplete: false,
        linewrap: false,
        noTTYOutput: false,
        gracefulExit: false,
      });
      this.bar.start(total, done, { text });
      return;
    }
    this.bar.setTotal(total);
    this.bar.update(done, { text });
  }

  /** Final draw and a newline; the line stays on screen. */
  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
