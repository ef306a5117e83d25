// Pieces shared by k8sim's own kinds.
import { duration, type JsonSchema } from './build.js';

export const K8SIM = 'k8sim/v1';

/**
 * Duration-or-distribution: a duration string is a constant; otherwise an object with exactly
 * one distribution. Written as anyOf over disjoint types so errors can be attributed to the
 * branch whose type matches.
 */
export const Distribution: JsonSchema = {
  description: 'A duration ("2s") or exactly one distribution: {constant}, {uniform: [min, max]}, {exponential: {mean}}, {normal: {mean, stddev}}, {lognormal: {mean, stddev}}.',
  anyOf: [
    duration('A constant duration.'),
    {
      type: 'object',
      description: 'A random distribution of durations.',
      minProperties: 1,
      maxProperties: 1,
      additionalProperties: false,
      properties: {
        constant: duration('Always this duration.'),
        uniform: { type: 'array', description: '[min, max], uniformly distributed.', items: duration('A bound.'), minItems: 2, maxItems: 2 },
        exponential: {
          type: 'object', description: 'Exponential with this mean.', additionalProperties: false,
          properties: { mean: duration('Mean.') }, required: ['mean'],
        },
        normal: {
          type: 'object', description: 'Normal (truncated at 0).', additionalProperties: false,
          properties: { mean: duration('Mean.'), stddev: duration('Standard deviation.') }, required: ['mean', 'stddev'],
        },
        lognormal: {
          type: 'object', description: 'Log-normal with this mean and standard deviation.', additionalProperties: false,
          properties: { mean: duration('Mean.'), stddev: duration('Standard deviation.') }, required: ['mean', 'stddev'],
        },
      },
    },
  ],
};

export const k8simDefinitions: Record<string, JsonSchema> = { Distribution };
