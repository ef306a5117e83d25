// What one run of a container does. The busybox-style command lines of the book's Jobs
// are interpreted from the manifest itself; anything else follows the scenario's
// Behavior `run` model; with neither, the container runs until it is stopped.

import { sampler, type Rng } from '../../sim/index.js';
import type { ContainerBehavior } from './behavior.js';
import type { RunOutcome } from './kubelet.js';
import { parseBusyboxScript, runBusyboxPlan } from './policy/busybox.js';
import type { Container, Pod } from '../api/types.js';

export function planRun(_pod: Pod, container: Container, behavior: ContainerBehavior, rng: Rng): RunOutcome {
  const plan = parseBusyboxScript(container.command, container.args);
  if (plan) {
    const r = runBusyboxPlan(plan, (a, b) => rng.int(a, b));
    // The interpreted process (sh -c …, sleep, echo) is the container's PID 1 and installs no
    // signal handler; the kernel does not apply default dispositions to PID 1, so SIGTERM is
    // ignored and only the SIGKILL at the end of the grace period stops it.
    return { durationMs: r.durationMs, exitCode: r.exitCode, ignoresSigterm: true };
  }
  const run = behavior.run;
  if (!run || run.duration === undefined) return { durationMs: undefined, exitCode: 0 };
  const durationMs = Math.max(0, Math.round(sampler(run.duration, rng)()));
  const fails = (run.failureProbability ?? 0) > 0 && rng.next() < run.failureProbability!;
  const exitCode = fails ? run.failureExitCode ?? 1 : run.exitCode ?? 0;
  return { durationMs, exitCode };
}
