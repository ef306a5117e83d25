// Virtual time on the page's axes, written as the scenario writes durations (`1h30m`, `45s`).
// These functions run in the browser too: the page inlines their compiled source (toString),
// so they use nothing outside their own bodies.

/** Seconds of virtual time as a Go-style duration, the same text as sim/time.ts formatDuration. */
export function formatVirtualTime(seconds: number): string {
  let rest = Math.round(Math.abs(seconds) * 1000);
  if (!Number.isFinite(rest)) return '';
  if (rest === 0) return '0s';
  let out = seconds < 0 ? '-' : '';
  const units: [string, number][] = [
    ['d', 86400000],
    ['h', 3600000],
    ['m', 60000],
    ['s', 1000],
    ['ms', 1],
  ];
  for (const [unit, size] of units) {
    if (rest >= size) {
      const count = Math.floor(rest / size);
      out += String(count) + unit;
      rest -= count * size;
    }
  }
  return out;
}

/** Tick spacings (s) a time axis may use: whole durations, so ticks read 15m, 30m, 1h… */
export const TIME_TICK_STEPS: readonly number[] = [
  0.001, 0.01, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
  172800, 604800,
];
