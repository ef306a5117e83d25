// JSON Schema of the Sweep document (apiVersion k8sim/v1, kind Sweep), checked with ajv.

const pair = { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 } as const;
const scalar = { type: ['number', 'string', 'boolean'] } as const;
const stringList = { type: 'array', items: { type: 'string' } } as const;

export const sweepSchema = {
  $id: 'https://k8sim.dev/schemas/sweep.json',
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'k8sim/v1' },
    kind: { const: 'Sweep' },
    metadata: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1 },
        namespace: { type: 'string' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        annotations: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    spec: {
      type: 'object',
      additionalProperties: false,
      properties: {
        scenario: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } }] },
        parameters: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'path'],
            properties: {
              name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' },
              path: { type: 'string', minLength: 1 },
              values: { type: 'array', minItems: 1, items: scalar },
              range: {
                type: 'object',
                additionalProperties: false,
                required: ['from', 'to', 'step'],
                properties: { from: { type: 'number' }, to: { type: 'number' }, step: { type: 'number', exclusiveMinimum: 0 } },
              },
              distribution: {
                type: 'object',
                additionalProperties: false,
                minProperties: 1,
                maxProperties: 1,
                properties: { uniform: pair, loguniform: pair, choice: { type: 'array', minItems: 1, items: scalar } },
              },
              integer: { type: 'boolean' },
            },
          },
        },
        design: { enum: ['grid', 'random', 'latinHypercube'] },
        samples: { type: 'integer', minimum: 1 },
        seed: { type: 'integer', minimum: 0 },
        replications: { type: 'integer', minimum: 1 },
        seeds: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 0 } },
        metrics: stringList,
        constraints: stringList,
        objectives: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['metric', 'goal'],
            properties: { metric: { type: 'string' }, goal: { enum: ['min', 'max'] } },
          },
        },
        goalSeek: {
          type: 'object',
          additionalProperties: false,
          required: ['parameter', 'low', 'high'],
          properties: {
            parameter: { type: 'string' },
            minimize: { type: 'boolean' },
            constraints: stringList,
            low: { type: 'number' },
            high: { type: 'number' },
            step: { type: 'number', exclusiveMinimum: 0 },
          },
        },
        budget: {
          type: 'object',
          additionalProperties: false,
          properties: { maxEvents: { type: 'integer', minimum: 1 }, timeout: { type: ['string', 'number'] } },
        },
      },
    },
  },
} as const;
