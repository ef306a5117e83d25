// A run's wall-clock budget as a user writes it (`--timeout 10m`): the scenario format's own
// durations, so a user writes one kind of duration everywhere.

import { parseDuration } from '../sim/index.js';

/** Milliseconds of a positive Go-style duration, or undefined when `text` is not one. */
export function parseWallBudget(text: string): number | undefined {
  try {
    const ms = parseDuration(text.trim());
    return ms > 0 ? ms : undefined;
  } catch {
    return undefined;
  }
}
