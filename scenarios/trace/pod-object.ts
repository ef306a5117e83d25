// A trace pod as the Pod manifest the replay creates: one container with the row's requests
// (limits = requests by default), the outcome as a busybox script (`sleep <runFor>; exit 1`), the
// node constraint as required node affinity, the owner group and GPU share as label/annotation.
import type { Pod } from '../../models/api/types.js';
import { OWNER_GROUP_LABEL } from '../../models/api/well-known-labels.js';
import type { PodMapping, TracePod } from './pod-rows.js';

export { OWNER_GROUP_LABEL };

export const TRACE_LABEL = 'k8sim.io/trace';
/** The share of one GPU (thousandths) the trace asked for, where the pod was given a whole GPU. */
export const GPU_MILLI_ANNOTATION = 'k8sim.io/gpu-milli';

/** The PriorityClass a trace priority value is carried by (Priority admission sets spec.priority). */
export function priorityClassName(value: number): string {
  return `trace-priority-${value < 0 ? `m${-value}` : value}`;
}

function quantityOf(resource: string, v: number): string {
  return resource === 'cpu' ? `${v}m` : String(v);
}

function labelValue(v: string): string | undefined {
  return /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v) && v.length <= 63 ? v : undefined;
}

export function tracePodManifest(traceName: string, m: PodMapping, p: TracePod): Pod {
  const requests: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.requests)) requests[k] = quantityOf(k, v);
  const limits: Record<string, string> = {};
  for (const [k, v] of Object.entries(requests)) {
    // Extended resources cannot be overcommitted: upstream requires limit = request for them.
    if (m.limitsEqualRequests || (k !== 'cpu' && k !== 'memory')) limits[k] = v;
  }
  const container: Record<string, unknown> = { name: 'main', image: m.image, resources: { requests, limits } };
  const terminal = p.outcome === 'Succeeded' || p.outcome === 'Failed' || (m.columns.outcome === undefined && p.runFor !== undefined);
  if (terminal && p.runFor !== undefined) {
    container.command = ['/bin/sh', '-c', `sleep ${(p.runFor / 1000).toFixed(3).replace(/\.?0+$/, '')}; exit ${p.outcome === 'Failed' ? 1 : 0}`];
  }
  const labels: Record<string, string> = { [TRACE_LABEL]: labelValue(traceName) ?? 'trace' };
  const owner = p.owner !== undefined ? labelValue(p.owner) : undefined;
  if (owner !== undefined) labels[OWNER_GROUP_LABEL] = owner;
  const spec: Record<string, unknown> = { containers: [container], restartPolicy: 'Never', terminationGracePeriodSeconds: 0 };
  if (p.priority !== undefined) spec.priorityClassName = priorityClassName(p.priority);
  if (p.affinity.length > 0) {
    spec.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: p.affinity.map((a) => ({ key: a.label, operator: 'In', values: a.values })) }],
        },
      },
    };
  }
  const metadata: Record<string, unknown> = { name: p.name, namespace: m.namespace, labels };
  if (p.gpuShareMilli !== undefined) metadata.annotations = { [GPU_MILLI_ANNOTATION]: String(p.gpuShareMilli) };
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec } as unknown as Pod;
}
