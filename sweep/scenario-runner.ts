// Default runner for sweeps: a thin adapter to the simulator's `runner/simulate.js`
// (`simulateDocuments(documents, { seed, maxEvents, deadlineMs })`, written elsewhere).
// Loaded lazily so a sweep can be defined and validated before the simulator exists; a run fails
// with a clear message if it is missing.

import type { Document } from './paths.js';
import type { RunnerOptions, SimulateDocuments, Summary } from './runner-api.js';

let loaded: SimulateDocuments | undefined;

async function load(): Promise<SimulateDocuments> {
  if (loaded) return loaded;
  const url = new URL('../runner/simulate.js', import.meta.url);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url.href)) as Record<string, unknown>;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('simulate.js')) {
      throw new Error(
        `the simulator runner module is missing (${url.pathname}): k8sim's runner/simulate.js has not been built yet; ` +
          `pass a runner module to the sweep (runner option / --runner) to use another one`,
      );
    }
    throw e;
  }
  const fn = mod['simulateDocuments'];
  if (typeof fn !== 'function') throw new Error(`${url.pathname} does not export a function simulateDocuments(documents, options)`);
  loaded = fn as SimulateDocuments;
  return loaded;
}

export async function simulateDocuments(documents: Document[], options: RunnerOptions): Promise<Summary | { summary: Summary }> {
  const simulate = await load();
  return simulate(documents, options);
}
