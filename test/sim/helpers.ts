// Shared by the kernel tests.
import { SimulationError, type Handler } from '../../sim/kernel.js';

// uvu's assert.throws takes a predicate, not a class.
export const isSimError = (err: unknown): boolean => err instanceof SimulationError;

/** A handler that logs [now, tag] for each event it runs. */
export function collector(): { log: Array<[number, string]>; h: Handler<string> } {
  const log: Array<[number, string]> = [];
  return { log, h: (tag, sim) => log.push([sim.now, tag]) };
}
