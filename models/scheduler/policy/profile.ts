// A scheduling profile: plugins chosen by name, score weights, scoring strategy and
// percentageOfNodesToScore. Unknown plugin names are errors that list the valid ones.
import { isFilter, isNormalize, isPreFilter, isPreScore, isScore, type FilterPlugin, type NormalizeScorePlugin,
  type Plugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from './framework.js';
import { DefaultResources, type PluginArgs, type ScoringStrategy } from './config.js';
import type { BalancedAllocationArgs, NodeResourcesFitArgs } from './plugin-args.js';
import { NodeUnschedulable } from './plugins/node-unschedulable.js';
import { NodeName } from './plugins/node-name.js';
import { TaintToleration } from './plugins/taint-toleration.js';
import { NodeAffinity } from './plugins/node-affinity.js';
import { NodeResourcesFit } from './plugins/node-resources-fit.js';
import { NodeResourcesBalancedAllocation } from './plugins/balanced-allocation.js';
import { PodTopologySpread } from './plugins/pod-topology-spread.js';
import type { PodTopologySpreadArgs } from './plugins/pod-topology-spread-args.js';
import { VolumeBinding } from './plugins/volume-binding.js';
import { InterPodAffinity } from './plugins/inter-pod-affinity.js';

/** PluginArgs plus the args of the plugins this file's Registry hands them to. */
type ProfileArgs = PluginArgs & { podTopologySpread?: PodTopologySpreadArgs | undefined };
type Factory = (args: ProfileArgs, slot: () => number) => Plugin;

/** Every plugin k8sim knows, by upstream name. ImageLocality is omitted (images not modelled in the cache). */
export const Registry: Readonly<Record<string, Factory>> = {
  NodeUnschedulable: () => new NodeUnschedulable(),
  NodeName: () => new NodeName(),
  TaintToleration: (_a, slot) => new TaintToleration(slot()),
  NodeAffinity: (_a, slot) => new NodeAffinity(slot()),
  NodeResourcesFit: (a) => new NodeResourcesFit(a.scoringStrategy, a),
  VolumeBinding: () => new VolumeBinding(),
  PodTopologySpread: (a, slot) => new PodTopologySpread(slot(), a.podTopologySpread),
  InterPodAffinity: (a, slot) => new InterPodAffinity(slot(), slot(), a.hardPodAffinityWeight),
  NodeResourcesBalancedAllocation: (a) => new NodeResourcesBalancedAllocation(a.balancedResources),
};

/** Upstream default plugin order (the modelled subset of pkg/scheduler/apis/config/v1/default_plugins.go). */
export const DefaultPlugins: readonly string[] = [
  'NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodeResourcesFit', 'VolumeBinding',
  'PodTopologySpread', 'InterPodAffinity', 'NodeResourcesBalancedAllocation',
];

export const DefaultWeights: Readonly<Record<string, number>> = {
  TaintToleration: 3, NodeAffinity: 2, NodeResourcesFit: 1, PodTopologySpread: 2, InterPodAffinity: 2,
  NodeResourcesBalancedAllocation: 1,
};

export interface ProfileConfig {
  /** Enabled plugins in order; default DefaultPlugins. */
  plugins?: string[];
  /** Score weights overriding DefaultWeights (a score plugin without a weight gets 1). */
  weights?: Record<string, number>;
  scoringStrategy?: ScoringStrategy;
  /** NodeResourcesFit args, defaulted and validated (plugin-args.ts); its scoringStrategy wins over the one above. */
  nodeResourcesFitArgs?: NodeResourcesFitArgs;
  /** NodeResourcesBalancedAllocation args, defaulted and validated (default cpu:1, memory:1). */
  balancedAllocationArgs?: BalancedAllocationArgs;
  /** 0 or absent = adaptive (upstream default). */
  percentageOfNodesToScore?: number;
  hardPodAffinityWeight?: number;
  /** PodTopologySpreadArgs (default defaultingType System). */
  podTopologySpread?: PodTopologySpreadArgs;
  /** Run DefaultPreemption as PostFilter (default true). */
  preemption?: boolean;
}

export interface ScoreEntry {
  plugin: ScorePlugin;
  weight: number;
  preScore: PreScorePlugin | null;
  normalize: NormalizeScorePlugin | null;
}

export interface Profile {
  readonly plugins: readonly Plugin[];
  readonly preFilters: readonly PreFilterPlugin[];
  readonly filters: readonly FilterPlugin[];
  readonly scorers: readonly ScoreEntry[];
  readonly percentageOfNodesToScore: number;
  readonly preemption: boolean;
  /** Reusable buffers (the framework is single-threaded). */
  buf: {
    scores: Float64Array[];
    total: Float64Array;
    /** Active filters per bit mask of PreFilter plugins that returned Skip (see scheduleOne). */
    filtersBySkipMask: Map<number, ActiveFilters>;
    /** Indices into `scorers` of the plugins scored this cycle (PreScore did not Skip). */
    active: Int32Array;
  };
}

export interface ActiveFilters {
  readonly filters: readonly FilterPlugin[];
  /**
   * Every filter is NodeUnschedulable, TaintToleration or NodeResourcesFit: a node that is not
   * unschedulable, has no taints and fits cpu/memory/pod count passes them all.
   */
  readonly basic: boolean;
  /** How many leading filters are nodeStatic, and the filters after them. */
  readonly staticPrefix: number;
  readonly rest: readonly FilterPlugin[];
}

export function buildProfile(cfg: ProfileConfig = {}): Profile {
  const names = cfg.plugins ?? DefaultPlugins;
  const args: ProfileArgs = {
    scoringStrategy: cfg.nodeResourcesFitArgs?.scoringStrategy ?? cfg.scoringStrategy ?? { type: 'LeastAllocated' },
    ignoredResources: cfg.nodeResourcesFitArgs?.ignoredResources ?? [],
    ignoredResourceGroups: cfg.nodeResourcesFitArgs?.ignoredResourceGroups ?? [],
    balancedResources: cfg.balancedAllocationArgs?.resources ?? [...DefaultResources],
    hardPodAffinityWeight: cfg.hardPodAffinityWeight ?? 1,
    podTopologySpread: cfg.podTopologySpread,
  };
  let slots = 0;
  const slot = (): number => slots++;
  const plugins: Plugin[] = [];
  const seen = new Set<string>();
  for (const n of names) {
    const f = Registry[n];
    if (!f) throw new Error(`unknown scheduler plugin "${n}"; valid plugins: ${Object.keys(Registry).join(', ')}`);
    if (seen.has(n)) throw new Error(`scheduler plugin "${n}" listed twice`);
    seen.add(n);
    plugins.push(f(args, slot));
  }
  for (const w of Object.keys(cfg.weights ?? {})) {
    if (!Registry[w]) throw new Error(`weight for unknown scheduler plugin "${w}"; valid plugins: ${Object.keys(Registry).join(', ')}`);
  }
  const weights = { ...DefaultWeights, ...(cfg.weights ?? {}) };
  const scorers: ScoreEntry[] = [];
  for (const p of plugins) {
    if (!isScore(p)) continue;
    const weight = weights[p.name] ?? 1;
    if (!(weight > 0) || !Number.isInteger(weight)) throw new Error(`score weight of ${p.name} must be a positive integer`);
    scorers.push({ plugin: p, weight, preScore: isPreScore(p) ? p : null, normalize: isNormalize(p) ? p : null });
  }
  if (plugins.filter(isPreFilter).length > 30) throw new Error('at most 30 PreFilter plugins'); // skip bit mask
  const pct = cfg.percentageOfNodesToScore ?? 0;
  if (!(pct >= 0 && pct <= 100)) throw new Error('percentageOfNodesToScore must be in 0..100');
  return {
    plugins,
    preFilters: plugins.filter(isPreFilter),
    filters: plugins.filter(isFilter),
    scorers,
    percentageOfNodesToScore: pct,
    preemption: cfg.preemption ?? true,
    buf: {
      scores: scorers.map(() => new Float64Array(64)), total: new Float64Array(64), filtersBySkipMask: new Map(),
      active: new Int32Array(scorers.length),
    },
  };
}
