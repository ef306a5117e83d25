// k8sim/v1 Simulation: run settings.
import { AGGREGATES_ONLY_ABOVE_NODES, SERIES_SCOPES } from '../../models/metrics.js';
import { arr, duration, int, int64, obj, objectKind, oneOfStrings } from './build.js';
import { K8SIM } from './k8sim-common.js';

export const simulation = objectKind({
  apiVersion: K8SIM, kind: 'Simulation', namespaced: false, metadataRequired: false,
  description: 'Run settings: how long to simulate and how often to sample.',
  fields: {
    spec: obj('Simulation spec.', {
      duration: duration('Virtual time to simulate, e.g. "30m".'),
      sampleInterval: { ...duration('Time between samples in timeseries.csv.'), default: '15s' },
      maxEvents: int('Stop after this many kernel events (a safety net).', 1),
      watchLatency: { ...duration('Delay between an object change and watchers seeing it.'), default: '0ms' },
      seed: int64('Master random seed; the CLI --seed wins.'),
      timeseries: obj('What timeseries.csv holds (docs/outputs.md).', {
        scopes: arr(oneOfStrings([...SERIES_SCOPES], 'A scope of timeseries.csv rows.'),
          `The scopes written. Default: all of them up to ${AGGREGATES_ONLY_ABOVE_NODES} nodes (Σ pool count, or maxCount for autoscaled pools); above, only the aggregates cluster and pool.`),
      }),
    }, ['duration']),
  },
  required: ['spec'],
});
