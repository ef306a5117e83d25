// Plugin arguments (the parts of KubeSchedulerConfiguration k8sim models). Defaulting and
// validation as upstream's are in plugin-args.ts.

/** A resource and its weight (upstream config.ResourceSpec). */
export interface ResourceSpec { name: string; weight: number }
/** RequestedToCapacityRatio shape point: utilization 0..100 → score 0..10 (MaxCustomPriorityScore). */
export interface UtilizationShapePoint { utilization: number; score: number }

export interface ScoringStrategy {
  type: 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';
  /** Default cpu:1, memory:1. */
  resources?: ResourceSpec[];
  /** RequestedToCapacityRatio only (upstream scoringStrategy.requestedToCapacityRatio.shape). */
  requestedToCapacityRatio?: { shape: UtilizationShapePoint[] };
  /** The shape directly (older k8sim spelling of requestedToCapacityRatio.shape, kept for callers in code). */
  shape?: UtilizationShapePoint[];
}

export interface PluginArgs {
  scoringStrategy: ScoringStrategy;
  /** NodeResourcesFit ignoredResources / ignoredResourceGroups (default none). */
  ignoredResources: string[];
  ignoredResourceGroups: string[];
  /** NodeResourcesBalancedAllocation resources (default cpu:1, memory:1). */
  balancedResources: ResourceSpec[];
  /** InterPodAffinity hardPodAffinityWeight (default 1). */
  hardPodAffinityWeight: number;
}

export const MaxCustomPriorityScore = 10;
export const DefaultResources: readonly ResourceSpec[] = [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }];
