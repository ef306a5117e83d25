// Plugin arguments (the parts of KubeSchedulerConfiguration k8sim models).

export interface ResourceSpec { name: string; weight: number }
/** RequestedToCapacityRatio shape point: utilization 0..100 → score 0..10 (MaxCustomPriorityScore). */
export interface UtilizationShapePoint { utilization: number; score: number }

export interface ScoringStrategy {
  type: 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';
  /** Default cpu:1, memory:1. */
  resources?: ResourceSpec[];
  /** RequestedToCapacityRatio only. */
  shape?: UtilizationShapePoint[];
}

export interface PluginArgs {
  scoringStrategy: ScoringStrategy;
  /** InterPodAffinity hardPodAffinityWeight (default 1). */
  hardPodAffinityWeight: number;
}

export const MaxCustomPriorityScore = 10;
export const DefaultResources: readonly ResourceSpec[] = [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }];
