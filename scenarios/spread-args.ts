// Cluster.spec.scheduler.podTopologySpread → PodTopologySpreadArgs, with upstream's validation
// (ValidatePodTopologySpreadArgs) of what the schema cannot check pointing at file:line:column.
import type { ScenarioDocument } from './load.js';
import type { ScenarioError } from './errors.js';
import { validatePodTopologySpreadArgs, type PodTopologySpreadArgs } from '../models/scheduler/policy/plugins/pod-topology-spread-args.js';

export function spreadArgs(doc: ScenarioDocument, spec: Record<string, unknown>, errors: ScenarioError[]): PodTopologySpreadArgs {
  const args = spec as PodTopologySpreadArgs;
  for (const p of validatePodTopologySpreadArgs(args)) errors.push(doc.error(['spec', 'scheduler', 'podTopologySpread', ...p.path], p.message));
  return args;
}
