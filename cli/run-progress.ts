// `k8sim run`'s progress line: virtual time reached of the run's length, kernel events per
// second of wall time, ETA. Drawn (by cli-progress) only on a terminal, not with --quiet, and
// only once the run has taken a second of wall time: short runs print no bar at all.

import { formatDuration } from '../sim/index.js';
import { ProgressLine, type ProgressStream } from '../reports/progress-bar.js';

export interface RunProgress {
  update: (virtualMs: number, kernelEvents: number, durationMs: number) => void;
  stop: () => void;
}

/** The line's text: `2h/1d virtual, 41,000 events/s, ETA 12s`. */
export function runProgressText(virtualMs: number, durationMs: number, events: number, wallMs: number): string {
  const rate = wallMs > 0 ? Math.round((events * 1000) / wallMs) : 0;
  const eta = virtualMs > 0 && wallMs > 0 ? formatDuration(Math.round(((durationMs - virtualMs) * wallMs) / virtualMs / 1000) * 1000) : '?';
  return `${formatDuration(virtualMs)}/${formatDuration(durationMs)} virtual, ${rate.toLocaleString('en-US')} events/s, ETA ${eta}`;
}

export function runProgress(stream: ProgressStream, quiet: boolean | undefined, now: () => number = () => performance.now()): RunProgress | undefined {
  if (!ProgressLine.enabled(stream, quiet)) return undefined;
  const line = new ProgressLine(stream, 'run');
  const start = now();
  return {
    update: (virtualMs, events, durationMs) => {
      const wall = now() - start;
      if (wall < 1000) return;
      line.update(virtualMs / 1000, durationMs / 1000, runProgressText(virtualMs, durationMs, events, wall));
    },
    stop: () => line.stop(),
  };
}
