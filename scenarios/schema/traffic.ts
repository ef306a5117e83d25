// k8sim/v1 Traffic: request load offered to Services (see docs/traffic.md).
import { arr, duration, int, num, obj, objectKind, oneOfStrings, quantity, str, type JsonSchema } from './build.js';
import { K8SIM } from './k8sim-common.js';

const point = obj('A (time, rate) point.', { at: duration('Time from the start.'), rate: num('Requests per second.', 0) }, ['at', 'rate']);

const rate: JsonSchema = obj('Request-rate profile: exactly one base shape, optionally spikes and Poisson noise.', {
  constant: num('Constant requests per second.', 0),
  steps: arr(point, 'Rate held from each point until the next.', 1),
  ramp: obj('Linear ramp.', {
    from: num('Rate before start.', 0), to: num('Rate after start+duration.', 0),
    start: duration('Start of the ramp.'), duration: duration('Length of the ramp.'),
  }, ['from', 'to', 'duration']),
  diurnal: obj('Sinusoid over a day.', {
    min: num('Lowest rate.', 0), max: num('Highest rate.', 0),
    peakHour: num('Hour of the peak (0-24, from the start of the run).', 0, 24),
    period: duration('Period (default 24h).'),
  }, ['min', 'max']),
  csv: str('CSV file of time_s,rate rows (path relative to the scenario file); each rate held until the next row.'),
  spikes: arr(obj('A burst added on top.', { at: duration('Start.'), duration: duration('Length.'), rate: num('Requests/s added.', 0) }, ['at', 'duration', 'rate']), 'Spikes.'),
  poissonNoise: { type: 'boolean', description: 'Each resolution step draws count ~ Poisson(rate × step) from a seeded stream.' },
});

const cost: JsonSchema = {
  description: 'CPU per request in millicore-seconds: a number or one distribution ({constant}, {uniform: [a, b]}, {exponential: {mean}}, {normal: {mean, stddev}}, {lognormal: {mean, stddev}}). The queueing model uses its mean.',
  anyOf: [
    { type: 'number', minimum: 0 },
    {
      type: 'object', minProperties: 1, maxProperties: 1, additionalProperties: false,
      properties: {
        constant: { type: 'number', minimum: 0 },
        uniform: { type: 'array', items: { type: 'number', minimum: 0 }, minItems: 2, maxItems: 2 },
        exponential: { type: 'object', additionalProperties: false, properties: { mean: { type: 'number', minimum: 0 } }, required: ['mean'] },
        normal: { type: 'object', additionalProperties: false, properties: { mean: { type: 'number' }, stddev: { type: 'number', minimum: 0 } }, required: ['mean', 'stddev'] },
        lognormal: { type: 'object', additionalProperties: false, properties: { mean: { type: 'number' }, stddev: { type: 'number', minimum: 0 } }, required: ['mean', 'stddev'] },
      },
    },
  ],
};

const serviceTraffic = obj('Load on one Service.', {
  service: str('Service name.'),
  namespace: str('Namespace (default: default).'),
  rate,
  cpuPerRequest: cost,
  memoryPerRequest: quantity('Memory held per in-flight request.'),
  concurrency: int('Worker slots per pod (default 4).', 1),
  queueBound: int('Requests that may wait per pod beyond busy slots (default 100); more are rejected.', 0),
  weighting: oneOfStrings(['even', 'capacity'], 'Spread over ready endpoints: evenly (default) or by pod CPU capacity.'),
  calls: arr(obj('Requests this Service makes to another per request it serves.', {
    service: str('Callee Service.'), namespace: str('Callee namespace (default: the caller\'s).'), fanout: num('Calls per served request.', 0),
  }, ['service', 'fanout']), 'Calls to other Services.'),
  slo: obj('Service level objective.', { latencyP99: duration('p99 latency bound, e.g. 200ms.'), errorRate: num('Error-rate bound, a fraction (0.001 = 0.1%).', 0, 1) }),
  externalLatency: duration('Latency of endpoints outside the cluster (ExternalName, selector-less Services).'),
}, ['service', 'cpuPerRequest']);

export const traffic = objectKind({
  apiVersion: K8SIM, kind: 'Traffic', namespaced: false, metadataRequired: false,
  description: 'Requests offered to Services, their CPU cost, and SLOs.',
  fields: {
    spec: obj('Traffic spec.', {
      resolution: duration('Step at which ramp/diurnal/noise are held constant (default 1m).'),
      warmup: duration('Requests before this time are left out of latency, error-rate and SLO figures (default 0).'),
      peakWindow: duration('Window whose p99 the summary peak p99_latency_peak_s is the maximum of (default 1m).'),
      services: arr(serviceTraffic, 'Per-Service load.', 1),
    }, ['services']),
  },
  required: ['spec'],
});
