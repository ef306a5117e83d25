// k8sim/v1 Behavior: how the containers of matching pods behave.
import { LEAK_RATE_PATTERN } from '../../models/kubelet/usage/resource-profiles.js';
import { arr, duration, int, num, obj, objectKind, oneOfStrings, quantity, ref, str } from './build.js';
import { K8SIM } from './k8sim-common.js';

// Resource-use fields shared by cpu and memory (docs/resources.md). Quantities are CPU
// (cores, "250m") under cpu and bytes ("256Mi") under memory.
const usageFields = (unit: string) => ({
  base: quantity(`Steady usage (${unit}); default: half the container's request, or a small constant without one.`),
  steps: arr(obj('A step change.', {
    at: duration('Time since the container started.'),
    value: quantity(`Usage from then on, replacing base (${unit}).`),
  }, ['at', 'value']), 'Step changes of the level, by time since the container started.'),
  burst: obj('Extra usage right after start-up.', {
    value: quantity(`Extra usage on top of the level (${unit}).`),
    duration: duration('How long the burst lasts after the container starts.'),
  }, ['value', 'duration']),
  randomWalk: obj('Mean-reverting random walk around the level (seeded).', {
    stddev: quantity(`Standard deviation of one step's change (${unit}).`),
    reversion: num('Fraction of the offset pulled back to the level at each step (default 0.1).', 0, 1),
    period: duration('Time between steps (default 10s).'),
    min: quantity('Lowest usage the walk may reach (default 0).'),
    max: quantity('Highest usage the walk may reach (default: unbounded).'),
  }, ['stddev']),
});

// Local disk and process use (docs/resources.md): a figure at start and a growth rate.
const rate = (description: string) => ({
  description,
  anyOf: [{ type: 'string', pattern: LEAK_RATE_PATTERN }],
});
const diskFields = {
  writableLayer: quantity('Bytes in the container\'s writable layer at start (default 0); begins afresh with each run.'),
  writableLayerGrowth: rate('Writable-layer growth while it runs, e.g. "10Mi/min" (default none).'),
  logs: quantity('Bytes of container logs at start (default 0); begin afresh with each run.'),
  logsGrowth: rate('Log growth while it runs, e.g. "1Mi/s" (default none).'),
  emptyDir: quantity('Bytes written into the pod\'s disk-backed local volumes (emptyDir, hostPath…) at start (default 0); counted only when the pod has one; kept across restarts until the pod ends.'),
  emptyDirGrowth: rate('Growth of what it writes there, e.g. "5Mi/min" (default none).'),
  inodes: quantity('Inodes (files) in its writable layer at start (default 0).'),
  inodesGrowth: rate('Files created per time while it runs, e.g. "100/min" (default none).'),
};

export const behavior = objectKind({
  apiVersion: K8SIM, kind: 'Behavior', namespaced: false, metadataRequired: false,
  description: 'How containers of the selected pods start, run, use resources and exit.',
  fields: {
    spec: obj('Behavior spec.', {
      selector: ref('LabelSelector', 'Pods whose labels match; {} selects all.'),
      namespace: str('Only pods in this namespace (default: all).'),
      container: str('Only this container (default: all containers).'),
      startup: obj('Start-up timings.', {
        imagePull: ref('Distribution', 'Image pull time.'),
        start: ref('Distribution', 'Time from created to running.'),
        ready: ref('Distribution', 'Time from running to ready.'),
        shutdown: ref('Distribution', 'Time the process takes to exit after SIGTERM (capped by terminationGracePeriodSeconds).'),
      }),
      cpu: obj('CPU usage (demand) of each matching container, millicores; see docs/resources.md.', usageFields('CPU')),
      memory: obj('Memory working set of each matching container, bytes; see docs/resources.md.', {
        ...usageFields('memory'),
        leak: {
          description: 'Memory leak: a rate such as "1Mi/min" or "10Mi/30s", or a quantity per `per` (default per second).',
          anyOf: [{ type: 'string', pattern: LEAK_RATE_PATTERN }, { type: ['string', 'number'], format: 'quantity' }],
        },
        per: duration('Period of a `leak` given as a quantity (default 1s).'),
      }),
      disk: obj('Local disk use of each matching container (nodefs / imagefs eviction signals); see docs/resources.md.', diskFields),
      processes: obj('Processes (pids) of each matching container (pid.available); see docs/resources.md.', {
        count: quantity('Processes at start (default 0).'),
        growth: rate('Processes added per time while it runs, e.g. "10/min" (default none).'),
      }),
      run: obj('How long containers run and how they exit.', {
        duration: ref('Distribution', 'Run time before exiting (default: run forever).'),
        exitCode: int('Exit code on normal exit (default 0).', 0, 255),
        failureProbability: num('Probability that a run fails.', 0, 1),
        failureExitCode: int('Exit code on failure (default 1).', 0, 255),
        startError: obj('The runtime cannot start the container: each run dies at once with exit code 128 (an executable that is not there); it restarts per restartPolicy through CrashLoopBackOff.', {
          reason: oneOfStrings(['StartError', 'ContainerCannotRun'], 'Reason (default StartError, containerd; ContainerCannotRun is dockershim\'s).'),
          message: str('The runtime\'s error (default: containerd\'s "exec: \\"<command>\\": executable file not found in $PATH" error).'),
        }),
      }),
    }, ['selector']),
  },
  required: ['spec'],
});
