// Node labels the model reads and writes: upstream's well-known labels
// (k8s.io/api/core/v1 well_known_labels.go) and k8sim's own pool label.

export const HOSTNAME_LABEL = 'kubernetes.io/hostname';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';
/** k8sim's: the node pool a node belongs to. */
export const POOL_LABEL = 'k8sim.io/node-pool';
/**
 * k8sim's: the owner group of a pod without a controller (a replayed trace's application):
 * the pod's workload in timeseries.csv, so a trace's bare pods aggregate instead of each being one.
 */
export const OWNER_GROUP_LABEL = 'k8sim.io/owner-group';
