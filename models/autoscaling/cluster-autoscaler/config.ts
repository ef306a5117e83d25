// Cluster Autoscaler settings (Cluster.spec.autoscaler) with upstream's flag defaults. Every
// field is named after its cluster-autoscaler flag (camelCased); durations are virtual ms.

export const EXPANDERS = ['random', 'most-pods', 'least-waste', 'priority'] as const;
export type ExpanderName = (typeof EXPANDERS)[number];

export interface AutoscalerConfig {
  enabled: boolean;
  /** --expander: applied in order, each filtering the previous stage's options; then random. */
  expander: ExpanderName[];
  /** --scan-interval */
  scanInterval: number;
  /** --scale-down-enabled */
  scaleDownEnabled: boolean;
  /** --scale-down-utilization-threshold */
  scaleDownUtilizationThreshold: number;
  /** --scale-down-unneeded-time */
  scaleDownUnneededTime: number;
  /** --scale-down-delay-after-add */
  scaleDownDelayAfterAdd: number;
  /** --scale-down-delay-after-delete (default: scan interval) */
  scaleDownDelayAfterDelete: number;
  /** --scale-down-delay-after-failure */
  scaleDownDelayAfterFailure: number;
  /** --unremovable-node-recheck-timeout */
  unremovableNodeRecheckTimeout: number;
  /** --max-node-provision-time */
  maxNodeProvisionTime: number;
  /** --max-nodes-total (0 = no limit) */
  maxNodesTotal: number;
  /** --max-empty-bulk-delete / --max-scale-down-parallelism */
  maxEmptyBulkDelete: number;
  /** --max-graceful-termination-sec (in ms here) */
  maxGracefulTermination: number;
  /** --expendable-pods-priority-cutoff */
  expendablePodsPriorityCutoff: number;
  /** --new-pod-scale-up-delay */
  newPodScaleUpDelay: number;
  /** --max-total-unready-percentage */
  maxTotalUnreadyPercentage: number;
  /** --ok-total-unready-count */
  okTotalUnreadyCount: number;
  /** --initial-node-group-backoff-duration, --max-node-group-backoff-duration, --node-group-backoff-reset-timeout */
  initialNodeGroupBackoffDuration: number;
  maxNodeGroupBackoffDuration: number;
  nodeGroupBackoffResetTimeout: number;
  /** --skip-nodes-with-system-pods, --skip-nodes-with-local-storage */
  skipNodesWithSystemPods: boolean;
  skipNodesWithLocalStorage: boolean;
  /** Priority expander ConfigMap `priorities`: priority → node-group name regexes. */
  priorities: Map<number, RegExp[]>;
  /** --balance-similar-node-groups: not modelled (load-time error when true). */
  balanceSimilarNodeGroups: false;
}

export const AUTOSCALER_DEFAULTS: AutoscalerConfig = Object.freeze({
  enabled: true,
  expander: ['random'],
  scanInterval: 10_000,
  scaleDownEnabled: true,
  scaleDownUtilizationThreshold: 0.5,
  scaleDownUnneededTime: 10 * 60_000,
  scaleDownDelayAfterAdd: 10 * 60_000,
  scaleDownDelayAfterDelete: 10_000,
  scaleDownDelayAfterFailure: 3 * 60_000,
  unremovableNodeRecheckTimeout: 5 * 60_000,
  maxNodeProvisionTime: 15 * 60_000,
  maxNodesTotal: 0,
  maxEmptyBulkDelete: 10,
  maxGracefulTermination: 600_000,
  expendablePodsPriorityCutoff: -10,
  newPodScaleUpDelay: 0,
  maxTotalUnreadyPercentage: 45,
  okTotalUnreadyCount: 3,
  initialNodeGroupBackoffDuration: 5 * 60_000,
  maxNodeGroupBackoffDuration: 30 * 60_000,
  nodeGroupBackoffResetTimeout: 3 * 60 * 60_000,
  skipNodesWithSystemPods: true,
  skipNodesWithLocalStorage: true,
  priorities: new Map(),
  balanceSimilarNodeGroups: false,
}) as AutoscalerConfig;

/** Defaults filled in; scaleDownDelayAfterDelete follows scanInterval unless given. */
export function autoscalerConfig(partial: Partial<AutoscalerConfig> = {}): AutoscalerConfig {
  const out: AutoscalerConfig = { ...AUTOSCALER_DEFAULTS, priorities: new Map(), ...partial };
  if (partial.scaleDownDelayAfterDelete === undefined) out.scaleDownDelayAfterDelete = out.scanInterval;
  if (!(out.scanInterval > 0)) throw new Error('autoscaler scanInterval must be > 0');
  for (const e of out.expander) {
    if (!(EXPANDERS as readonly string[]).includes(e)) throw new Error(`unknown expander "${e}"; valid expanders: ${EXPANDERS.join(', ')}`);
  }
  return out;
}
