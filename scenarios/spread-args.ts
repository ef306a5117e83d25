// Cluster.spec.scheduler.pluginConfig[{name: PodTopologySpread, args}] → PodTopologySpreadArgs,
// with upstream's validation (ValidatePodTopologySpreadArgs) of what the schema cannot check
// pointing at file:line:column. (NodeResourcesFit/BalancedAllocation args: scheduler-config.ts.)
import type { ScenarioDocument } from './load.js';
import type { ScenarioError } from './errors.js';
import { validatePodTopologySpreadArgs, type PodTopologySpreadArgs } from '../models/scheduler/policy/plugins/pod-topology-spread-args.js';

export function spreadArgs(doc: ScenarioDocument, sched: Record<string, unknown>, errors: ScenarioError[]): { podTopologySpread?: PodTopologySpreadArgs } {
  const list = Array.isArray(sched.pluginConfig) ? sched.pluginConfig as unknown[] : [];
  const i = list.findIndex((e) => (e as { name?: unknown } | null)?.name === 'PodTopologySpread');
  if (i < 0) return {};
  const args = ((list[i] as { args?: PodTopologySpreadArgs }).args ?? {});
  for (const p of validatePodTopologySpreadArgs(args)) errors.push(doc.error(['spec', 'scheduler', 'pluginConfig', i, 'args', ...p.path], p.message));
  return { podTopologySpread: args };
}
