// k8sim/v1 Behavior: how the containers of matching pods behave.
import { int, num, obj, objectKind, quantity, ref, str } from './build.js';
import { K8SIM } from './k8sim-common.js';

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
      cpu: {
        type: 'object', description: 'CPU usage (details to be specified).', additionalProperties: true,
        properties: { base: quantity('Baseline CPU usage.') },
      },
      memory: { type: 'object', description: 'Memory usage (details to be specified).', additionalProperties: true },
      run: obj('How long containers run and how they exit.', {
        duration: ref('Distribution', 'Run time before exiting (default: run forever).'),
        exitCode: int('Exit code on normal exit (default 0).', 0, 255),
        failureProbability: num('Probability that a run fails.', 0, 1),
        failureExitCode: int('Exit code on failure (default 1).', 0, 255),
      }),
    }, ['selector']),
  },
  required: ['spec'],
});
