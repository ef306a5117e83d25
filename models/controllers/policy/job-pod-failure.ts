// How the Job controller judges one finished pod (pkg/controller/job/pod_failure_policy.go and
// job_controller.go getFinishedTime): which podFailurePolicy rule it matches, and when it
// finished (the time the failure back-off counts from). Pure functions of the pod's status.

import type { ContainerStatus, Pod } from '../../api/types.js';

export type PodFailurePolicyAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

export interface PodFailurePolicyRule {
  action: PodFailurePolicyAction;
  onExitCodes?: { containerName?: string; operator: 'In' | 'NotIn'; values: number[] };
  /** status defaults to "True" (SetDefaults_PodFailurePolicyOnPodConditionsPattern). */
  onPodConditions?: Array<{ type: string; status?: string }>;
}

export interface PodFailurePolicy {
  rules: PodFailurePolicyRule[];
}

export interface PodFailurePolicyMatch {
  /** The Job's failure message when a FailJob rule matched. */
  jobFailureMessage?: string;
  /** Whether the failure counts toward backoffLimit (Ignore: false). */
  countFailed: boolean;
  action?: PodFailurePolicyAction;
}

function exitCodeMatches(exitCode: number, req: NonNullable<PodFailurePolicyRule['onExitCodes']>): boolean {
  if (req.operator === 'In') return req.values.includes(exitCode);
  if (req.operator === 'NotIn') return !req.values.includes(exitCode);
  return false;
}

/** getMatchingContainerFromList: a terminated container (exit ≠ 0) of the named one, if any, whose code matches. */
function matchingContainer(list: readonly ContainerStatus[] | undefined, req: NonNullable<PodFailurePolicyRule['onExitCodes']>): ContainerStatus | undefined {
  for (const cs of list ?? []) {
    const t = cs.state.terminated;
    if (!t) continue; // still terminating: no exit code to match
    if (req.containerName !== undefined && req.containerName !== cs.name) continue;
    if (t.exitCode !== 0 && exitCodeMatches(t.exitCode, req)) return cs;
  }
  return undefined;
}

/**
 * matchPodFailurePolicy: rules in order, the first that matches decides. onExitCodes looks at
 * regular containers, then init containers; onPodConditions at the pod's conditions (type and
 * status). Rules with an action or operator upstream does not know are passed over. FailIndex is
 * returned as upstream does with JobBackoffLimitPerIndex on (the default); validation only
 * allows it with backoffLimitPerIndex.
 */
export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, pod: Pod): PodFailurePolicyMatch {
  if (!policy) return { countFailed: true };
  const ns = pod.metadata.namespace ?? 'default';
  for (let i = 0; i < policy.rules.length; i++) {
    const rule = policy.rules[i]!;
    let what: string | undefined;
    if (rule.onExitCodes) {
      const cs = matchingContainer(pod.status.containerStatuses, rule.onExitCodes) ?? matchingContainer(pod.status.initContainerStatuses, rule.onExitCodes);
      if (cs) what = `Container ${cs.name} for pod ${ns}/${pod.metadata.name} failed with exit code ${cs.state.terminated!.exitCode} matching ${rule.action} rule at index ${i}`;
    } else if (rule.onPodConditions) {
      const cond = pod.status.conditions.find((c) => rule.onPodConditions!.some((p) => p.type === c.type && (p.status ?? 'True') === c.status));
      if (cond) what = `Pod ${ns}/${pod.metadata.name} has condition ${cond.type} matching ${rule.action} rule at index ${i}`;
    }
    if (what === undefined) continue;
    switch (rule.action) {
      case 'Ignore': return { countFailed: false, action: 'Ignore' };
      case 'Count': return { countFailed: true, action: 'Count' };
      case 'FailJob': return { jobFailureMessage: what, countFailed: true, action: 'FailJob' };
      case 'FailIndex': return { countFailed: true, action: 'FailIndex' };
    }
  }
  return { countFailed: true };
}

/**
 * getFinishedTime: the latest finishedAt when every container is terminated (restartable init
 * containers too, with sidecars); else the Ready=False condition's last transition; else the
 * deletion time less the grace period; else the creation time. k8sim stores deletionTimestamp as
 * the time of the delete request, which is upstream's deletionTimestamp (request + grace) less
 * the grace; it is used as it is.
 */
export function podFinishTime(pod: Pod): number {
  let t: number | undefined;
  let all = true;
  const sidecars = new Set((pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const lists: ContainerStatus[] = [...pod.status.containerStatuses, ...(pod.status.initContainerStatuses ?? []).filter((s) => sidecars.has(s.name))];
  for (const cs of lists) {
    const f = cs.state.terminated?.finishedAt;
    if (f === undefined) { all = false; break; }
    if (t === undefined || f > t) t = f;
  }
  if (all && t !== undefined) return t;
  const ready = pod.status.conditions.find((c) => c.type === 'Ready');
  if (ready && ready.status === 'False' && ready.lastTransitionTime !== undefined) return ready.lastTransitionTime;
  if (pod.metadata.deletionTimestamp !== undefined) return pod.metadata.deletionTimestamp;
  return pod.metadata.creationTimestamp ?? 0;
}
