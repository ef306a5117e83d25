// Cluster.spec.autoscaler → the autoscaler's configuration, with the checks the schema cannot
// make (regexes compile, min ≤ max, not-modelled options) pointing at file:line:column.

import { parseDuration } from '../sim/index.js';
import type { AutoscalerConfig, ExpanderName } from '../models/autoscaling/cluster-autoscaler/config.js';
import type { NodePoolSpec } from '../models/nodes/pools.js';
import type { ScenarioError } from './errors.js';
import type { ScenarioDocument } from './load.js';

type Rec = Record<string, unknown>;

const DURATIONS = ['scanInterval', 'scaleDownUnneededTime', 'scaleDownDelayAfterAdd', 'scaleDownDelayAfterDelete',
  'scaleDownDelayAfterFailure', 'maxNodeProvisionTime', 'newPodScaleUpDelay'] as const;
const NUMBERS = ['scaleDownUtilizationThreshold', 'maxNodesTotal', 'maxEmptyBulkDelete', 'expendablePodsPriorityCutoff'] as const;
const BOOLS = ['enabled', 'scaleDownEnabled', 'skipNodesWithSystemPods', 'skipNodesWithLocalStorage'] as const;

export function buildAutoscaler(doc: ScenarioDocument, spec: Rec, pools: readonly NodePoolSpec[], errors: ScenarioError[]): Partial<AutoscalerConfig> {
  const at = (...path: (string | number)[]) => ['spec', 'autoscaler', ...path];
  const out: Partial<AutoscalerConfig> = {};
  for (const k of DURATIONS) if (spec[k] !== undefined) out[k] = parseDuration(String(spec[k]));
  for (const k of NUMBERS) if (spec[k] !== undefined) out[k] = Number(spec[k]);
  for (const k of BOOLS) if (spec[k] !== undefined) out[k] = Boolean(spec[k]);
  if (spec.expander !== undefined) out.expander = (Array.isArray(spec.expander) ? spec.expander : [spec.expander]) as ExpanderName[];
  if (spec.balanceSimilarNodeGroups === true) {
    errors.push(doc.error(at('balanceSimilarNodeGroups'), 'balance-similar-node-groups is not modelled by k8sim; remove it or set false'));
  }
  if (out.scanInterval !== undefined && !(out.scanInterval > 0)) errors.push(doc.error(at('scanInterval'), 'must be greater than 0'));
  if (spec.priorities !== undefined) {
    const prios = new Map<number, RegExp[]>();
    for (const [k, list] of Object.entries(spec.priorities as Rec)) {
      const res: RegExp[] = [];
      (list as string[]).forEach((src, i) => {
        try {
          res.push(new RegExp(src));
        } catch (e) {
          errors.push(doc.error(at('priorities', k, i), `invalid regular expression: ${(e as Error).message}`));
        }
      });
      prios.set(Number(k), res);
    }
    out.priorities = prios;
  }
  const chain = out.expander ?? [];
  if (chain.includes('priority') && spec.priorities === undefined) {
    errors.push(doc.error(at('expander'), 'the priority expander needs `priorities` (priority → node-group name regexes)'));
  }
  pools.forEach((p, i) => {
    if (p.maxCount !== undefined && p.minCount !== undefined && p.minCount > p.maxCount) {
      errors.push(doc.error(['spec', 'nodePools', i, 'minCount'], `minCount ${p.minCount} is greater than maxCount ${p.maxCount}`));
    }
  });
  if (out.enabled !== false && !pools.some((p) => p.maxCount !== undefined)) {
    errors.push(doc.error(at(), 'no node pool has maxCount: the cluster autoscaler needs at least one node group (a pool with minCount/maxCount)'));
  }
  return out;
}
