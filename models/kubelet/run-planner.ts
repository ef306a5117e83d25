// What one run of a container does. The busybox-style command lines of the book's Jobs
// are interpreted from the manifest itself; anything else follows the scenario's
// Behavior `run` model; with neither, the container runs until it is stopped — except a
// container that is meant to finish (an init container that is not a sidecar, or any container
// of a pod with restartPolicy OnFailure/Never) whose command the interpreter cannot read: it
// runs DEFAULT_UNREAD_RUN_MS and exits 0, so that an init container or a Job does not wait
// forever on a command nobody modelled (the kubelet warns once per image).

import { sampler, type Rng } from '../../sim/index.js';
import type { ContainerBehavior } from './behavior.js';
import type { RunOutcome } from './kubelet.js';
import { parseBusyboxScript, runBusyboxPlan } from './policy/busybox.js';
import type { Container, Pod } from '../api/types.js';

/** Run length of a run-to-completion container whose command nobody could read. */
export const DEFAULT_UNREAD_RUN_MS = 5_000;

/** Does this container, by its place in the pod, run to completion? */
export function runsToCompletion(pod: Pod, container: Container): boolean {
  if (pod.spec.initContainers?.includes(container)) return container.restartPolicy !== 'Always';
  return (pod.spec.restartPolicy ?? 'Always') !== 'Always';
}

/** The outcome of most starts (a server that runs until stopped): one shared, read-only object. */
const RUNS_UNTIL_STOPPED: RunOutcome = Object.freeze({ durationMs: undefined, exitCode: 0 });

export function planRun(pod: Pod, container: Container, behavior: ContainerBehavior, rng: Rng): RunOutcome {
  const hasCommand = (container.command?.length ?? 0) + (container.args?.length ?? 0) > 0;
  // No command: nothing for the interpreter (it would make and drop an argv per start).
  const plan = hasCommand ? parseBusyboxScript(container.command, container.args) : undefined;
  if (plan) {
    const r = runBusyboxPlan(plan, (a, b) => rng.int(a, b));
    // The interpreted process (sh -c …, sleep, echo) is the container's PID 1 and installs no
    // signal handler; the kernel does not apply default dispositions to PID 1, so SIGTERM is
    // ignored and only the SIGKILL at the end of the grace period stops it.
    return { durationMs: r.durationMs, exitCode: r.exitCode, ignoresSigterm: true };
  }
  const run = behavior.run;
  if (!run || run.duration === undefined) {
    if (hasCommand && runsToCompletion(pod, container)) return { durationMs: DEFAULT_UNREAD_RUN_MS, exitCode: 0, defaulted: true };
    return RUNS_UNTIL_STOPPED;
  }
  const durationMs = Math.max(0, Math.round(sampler(run.duration, rng)()));
  const fails = (run.failureProbability ?? 0) > 0 && rng.next() < run.failureProbability!;
  const exitCode = fails ? run.failureExitCode ?? 1 : run.exitCode ?? 0;
  return { durationMs, exitCode };
}
