// The registry of scenario kinds and the combined JSON Schema. Adding a kind: write a module
// exporting a KindSchema (see build.ts objectKind) and add it to `allKinds` below.
import { definitionName, kindKey, type JsonSchema, type KindSchema } from './build.js';
import { metaDefinitions } from './meta.js';
import { podDefinitions } from './pod.js';
import { JobSpec } from './batch-v1.js';
import { k8simDefinitions } from './k8sim-common.js';
import { coreV1Kinds } from './core-v1.js';
import { appsV1Kinds } from './apps-v1.js';
import { batchV1Kinds } from './batch-v1.js';
import { autoscalingKinds } from './autoscaling.js';
import { clusterPolicyKinds } from './cluster-policy.js';
import { cluster } from './cluster.js';
import { simulation } from './simulation.js';
import { behavior } from './behavior.js';
import { timeline } from './timeline.js';
import { traffic } from './traffic.js';
import { trace } from './trace.js';

export type { KindSchema, JsonSchema } from './build.js';
export { kindKey, definitionName } from './build.js';

const allKinds: KindSchema[] = [
  ...coreV1Kinds,
  ...appsV1Kinds,
  ...batchV1Kinds,
  ...autoscalingKinds,
  ...clusterPolicyKinds,
  cluster,
  simulation,
  behavior,
  timeline,
  traffic,
  trace,
];

/** Registry keyed by "apiVersion/kind", e.g. "apps/v1/Deployment", "k8sim/v1/Cluster". */
export const kindSchemas: ReadonlyMap<string, KindSchema> = new Map(allKinds.map((k) => [kindKey(k.apiVersion, k.kind), k]));

/** Shared pieces referenced with ref('Name'). */
export const sharedDefinitions: Record<string, JsonSchema> = {
  ...metaDefinitions, ...podDefinitions, JobSpec, ...k8simDefinitions,
};

export const SCHEMA_ID = 'https://k8sim.dev/schema/k8sim.schema.json';

/**
 * One draft-07 schema for any scenario document: shared definitions plus one definition per kind,
 * selected by if/then on apiVersion+kind so editors complete the right fields.
 */
export function combinedSchema(): JsonSchema {
  const definitions: Record<string, JsonSchema> = { ...sharedDefinitions };
  const branches: JsonSchema[] = [];
  for (const k of kindSchemas.values()) {
    const name = definitionName(k.apiVersion, k.kind);
    definitions[name] = k.schema;
    branches.push({
      if: { properties: { apiVersion: { const: k.apiVersion }, kind: { const: k.kind } }, required: ['apiVersion', 'kind'] },
      then: { $ref: `#/definitions/${name}` },
    });
  }
  const apiVersions = [...new Set([...kindSchemas.values()].map((k) => k.apiVersion))];
  const kinds = [...new Set([...kindSchemas.values()].map((k) => k.kind))];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'k8sim scenario document',
    description: 'One document of a k8sim scenario: a Kubernetes manifest or a k8sim/v1 kind.',
    type: 'object',
    required: ['apiVersion', 'kind'],
    properties: {
      apiVersion: { type: 'string', enum: apiVersions },
      kind: { type: 'string', enum: kinds },
    },
    allOf: branches,
    definitions,
  };
}
