/**
 * Virtual time. The simulation clock counts integer milliseconds: integers keep
 * event ordering exact (no floating-point drift when periods are added up) and
 * make many events share a timestamp, which the event queue exploits.
 */
export type Millis = number;

export const SECOND: Millis = 1000;
export const MINUTE: Millis = 60_000;
export const HOUR: Millis = 3_600_000;
export const DAY: Millis = 86_400_000;

/** Thrown by parseDuration for text that is not a duration. */
export class DurationError extends Error {
  override name = 'DurationError';
}

const UNIT_MS: Readonly<Record<string, Millis>> = {
  ms: 1,
  s: SECOND,
  m: MINUTE,
  h: HOUR,
  d: DAY,
};

// One "<number><unit>" term. "ms" is listed before "m" and "s" so "5ms" is five
// milliseconds, not five minutes followed by a stray "s". No sign, no exponent,
// no whitespace: the sticky flag anchors each term where the previous one ended.
const TERM = /(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h|d)/y;

function durationError(text: string, detail?: string): DurationError {
  const base =
    `invalid duration ${JSON.stringify(text)}: expected a number followed by a unit ` +
    `(ms, s, m, h, d), e.g. "250ms", "15s", "1h30m"`;
  return new DurationError(detail === undefined ? base : `${base} (${detail})`);
}

/**
 * Parses a Go/Kubernetes-style duration: one or more "<number><unit>" terms with
 * units ms, s, m, h, d ("250ms", "1h30m", "1.5s"). The bare string "0" means 0.
 * A fractional total is rounded to the nearest millisecond ("1.0004s" = 1000 ms),
 * because virtual time is whole milliseconds.
 */
export function parseDuration(text: string): Millis {
  if (typeof text !== 'string') throw durationError(String(text));
  if (text === '0') return 0;
  if (text.length === 0) throw durationError(text);
  let total = 0;
  let pos = 0;
  TERM.lastIndex = 0;
  while (pos < text.length) {
    TERM.lastIndex = pos;
    const m = TERM.exec(text);
    if (m === null) throw durationError(text);
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    pos = TERM.lastIndex;
  }
  const ms = Math.round(total);
  if (!Number.isSafeInteger(ms)) throw durationError(text, 'too large');
  return ms;
}

const FORMAT_UNITS: ReadonlyArray<readonly [string, Millis]> = [
  ['d', DAY],
  ['h', HOUR],
  ['m', MINUTE],
  ['s', SECOND],
  ['ms', 1],
];

/**
 * Formats milliseconds as the canonical duration string: largest units first,
 * zero terms omitted ("1h30m", "250ms", "2d", "1s500ms"); 0 is "0s". The output
 * parses back to the same value. Fractional input is rounded to the nearest ms;
 * negative input gets a leading "-" (which parseDuration rejects on purpose).
 */
export function formatDuration(ms: Millis): string {
  if (!Number.isFinite(ms)) throw new DurationError(`cannot format duration ${ms}: not a finite number`);
  let rest = Math.round(Math.abs(ms));
  if (rest === 0) return '0s';
  let out = ms < 0 ? '-' : '';
  for (const [unit, size] of FORMAT_UNITS) {
    if (rest >= size) {
      const count = Math.floor(rest / size);
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}

/** Milliseconds to (possibly fractional) seconds, the unit reports use. */
export function toSeconds(ms: Millis): number {
  return ms / 1000;
}
