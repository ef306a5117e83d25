// What one run of a container does. The busybox-style command lines of the book's Jobs
// are interpreted from the manifest itself; anything else follows the scenario's
// Behavior `run` model; with neither, the container runs until it is stopped.

import { sampler, type Rng } from '../sim/index.js';
import type { ContainerBehavior } from './behavior.js';
import type { RunOutcome } from './kubelet.js';
import type { Container, Pod } from './types.js';

export function planRun(_pod: Pod, _container: Container, behavior: ContainerBehavior, rng: Rng): RunOutcome {
  const run = behavior.run;
  if (!run || run.duration === undefined) return { durationMs: undefined, exitCode: 0 };
  const durationMs = Math.max(0, Math.round(sampler(run.duration, rng)()));
  const fails = (run.failureProbability ?? 0) > 0 && rng.next() < run.failureProbability!;
  const exitCode = fails ? run.failureExitCode ?? 1 : run.exitCode ?? 0;
  return { durationMs, exitCode };
}
