// Cluster.spec.scheduler's plugin arguments: `pluginConfig` (upstream KubeSchedulerProfile's
// list of {name, args}) and the older `scoringStrategy` shorthand (NodeResourcesFit's
// args.scoringStrategy). Upstream's defaulting runs first, then its validation; every problem is
// one `file:line:col: spec.scheduler.pluginConfig[i].args.<field>: <upstream message>` error.
import {
  argErrorMessage, defaultBalancedAllocationArgs, defaultNodeResourcesFitArgs, validateBalancedAllocationArgs,
  validateNodeResourcesFitArgs, type ArgError, type BalancedAllocationArgs, type NodeResourcesFitArgs,
  type RawBalancedAllocationArgs, type RawNodeResourcesFitArgs,
} from '../models/scheduler/policy/plugin-args.js';
import type { ScenarioError } from './errors.js';
import type { ScenarioDocument } from './load.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface SchedulerPluginArgs {
  nodeResourcesFitArgs?: NodeResourcesFitArgs;
  balancedAllocationArgs?: BalancedAllocationArgs;
}

/** The plugin args of `spec.scheduler` (already schema-checked), defaulted and validated. */
export function buildSchedulerPluginArgs(doc: ScenarioDocument, sched: Rec, errors: ScenarioError[]): SchedulerPluginArgs {
  const out: SchedulerPluginArgs = {};
  const base = ['spec', 'scheduler'];
  const report = (at: Array<string | number>, errs: readonly ArgError[]): void => {
    for (const e of errs) errors.push(doc.error([...at, ...e.path], argErrorMessage(e)));
  };
  const fit = (raw: RawNodeResourcesFitArgs, at: Array<string | number>): void => {
    const args = defaultNodeResourcesFitArgs(raw);
    const errs = validateNodeResourcesFitArgs(args);
    report(at, errs);
    if (errs.length === 0) out.nodeResourcesFitArgs = args;
  };
  const list = Array.isArray(sched.pluginConfig) ? sched.pluginConfig : [];
  const seen = new Set<string>();
  list.forEach((entry, i) => {
    if (!isRec(entry) || typeof entry.name !== 'string') return; // the schema has said so
    const at = [...base, 'pluginConfig', i];
    if (seen.has(entry.name)) {
      report(at, [{ path: [], type: 'Duplicate', value: entry.name, detail: '' }]);
      return;
    }
    seen.add(entry.name);
    const raw = isRec(entry.args) ? entry.args : {};
    if (entry.name === 'NodeResourcesFit') fit(raw as RawNodeResourcesFitArgs, [...at, 'args']);
    else if (entry.name === 'NodeResourcesBalancedAllocation') {
      const args = defaultBalancedAllocationArgs(raw as RawBalancedAllocationArgs);
      const errs = validateBalancedAllocationArgs(args);
      report([...at, 'args'], errs);
      if (errs.length === 0) out.balancedAllocationArgs = args;
    }
  });
  if (isRec(sched.scoringStrategy)) {
    if (seen.has('NodeResourcesFit')) {
      errors.push(doc.error([...base, 'scoringStrategy'],
        'NodeResourcesFit has a pluginConfig entry too: give its scoringStrategy there only (args.scoringStrategy)'));
    } else {
      fit({ scoringStrategy: sched.scoringStrategy as RawNodeResourcesFitArgs['scoringStrategy'] }, base);
    }
  }
  return out;
}
