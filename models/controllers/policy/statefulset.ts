// StatefulSet controller per-sync decisions (pkg/controller/statefulset/stateful_set_control.go,
// updateStatefulSet), pure. Reference: k8s-semantics.md §4.

/** Pod name `<set>-<ordinal>`. */
export function podName(setName: string, ordinal: number): string {
  return `${setName}-${ordinal}`;
}

/** PVC name `<volumeClaimTemplate>-<set>-<ordinal>` (e.g. www-webapp-0). */
export function pvcName(templateName: string, setName: string, ordinal: number): string {
  return `${templateName}-${setName}-${ordinal}`;
}

/** The ordinal of a pod name of this set, or undefined (getParentNameAndOrdinal). */
export function parseOrdinal(setName: string, pod: string): number | undefined {
  const m = /^(.*)-(\d+)$/.exec(pod);
  if (!m || m[1] !== setName) return undefined;
  return Number(m[2]);
}

export interface SetPod {
  ordinal: number;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  ready: boolean;
  /** Ready for minReadySeconds (equal to `ready` when minReadySeconds is 0). */
  available: boolean;
  terminating: boolean;
  /** controller-revision-hash label. */
  revision: string;
}

export interface StatefulSetSyncInput {
  setName: string;
  replicas: number;
  /** spec.ordinals.start (default 0). */
  ordinalsStart?: number;
  podManagementPolicy: 'OrderedReady' | 'Parallel';
  updateStrategy: 'RollingUpdate' | 'OnDelete';
  /** rollingUpdate.partition (default 0). */
  partition?: number;
  currentRevision: string;
  updateRevision: string;
  pods: readonly SetPod[];
}

export type StatefulSetAction =
  | { create: { ordinal: number; name: string; revision: string } }
  | { delete: { ordinal: number; name: string; why: 'finished' | 'condemned' | 'update' } };

export interface StatefulSetSyncResult {
  /** In issue order. OrderedReady issues at most one per sync. */
  actions: StatefulSetAction[];
  /** Why the sync stopped early (OrderedReady) — the ordinal it waits on; undefined when it ran through. */
  waitingOn?: { ordinal: number; reason: 'created' | 'finished' | 'terminating' | 'notReady' | 'notAvailable' | 'condemnedNotHealthy' | 'updateNotHealthy' };
}

const runningAndReady = (p: SetPod) => p.phase === 'Running' && p.ready;
const runningAndAvailable = (p: SetPod) => runningAndReady(p) && p.available;
const healthy = (p: SetPod) => runningAndAvailable(p) && !p.terminating;

/**
 * One pass of updateStatefulSet: replace finished pods and create missing ones in ascending
 * ordinal order, then delete condemned pods highest ordinal first, then (RollingUpdate) delete
 * the highest-ordinal pod ≥ partition that is not at the update revision. OrderedReady blocks
 * at the first pod that is not Running, Ready and Available and does one thing per sync;
 * Parallel creates and deletes everything it can at once. OnDelete never deletes for updates.
 */
export function statefulSetSync(i: StatefulSetSyncInput): StatefulSetSyncResult {
  const start = i.ordinalsStart ?? 0;
  const end = start + i.replicas;
  const partition = i.partition ?? 0;
  const monotonic = i.podManagementPolicy === 'OrderedReady';
  const byOrdinal = new Map(i.pods.map((p) => [p.ordinal, { ...p }]));
  const actions: StatefulSetAction[] = [];
  const name = (o: number) => podName(i.setName, o);
  const del = (p: SetPod, why: 'finished' | 'condemned' | 'update') => {
    actions.push({ delete: { ordinal: p.ordinal, name: name(p.ordinal), why } });
    p.terminating = true;
  };
  const wait = (ordinal: number, reason: NonNullable<StatefulSetSyncResult['waitingOn']>['reason']): StatefulSetSyncResult =>
    ({ actions, waitingOn: { ordinal, reason } });

  // 1. Replicas by ordinal; condemned = out of range, highest first.
  const replicas: SetPod[] = [];
  for (let o = start; o < end; o++) {
    const p = byOrdinal.get(o);
    if (p) { replicas.push(p); continue; }
    const revision = i.updateStrategy === 'RollingUpdate' && o < start + partition ? i.currentRevision : i.updateRevision;
    const fresh: SetPod & { missing?: boolean } = { ordinal: o, phase: 'Pending', ready: false, available: false, terminating: false, revision, missing: true };
    replicas.push(fresh);
  }
  const condemned = i.pods.filter((p) => p.ordinal < start || p.ordinal >= end).map((p) => byOrdinal.get(p.ordinal)!).sort((a, b) => b.ordinal - a.ordinal);

  // 2. First unhealthy pod: in replicas (ascending), else the lowest-ordinal condemned one.
  let firstUnhealthy: SetPod | undefined = replicas.find((p) => !(p as { missing?: boolean }).missing && !healthy(p));
  if (!firstUnhealthy) for (let k = condemned.length - 1; k >= 0; k--) if (!healthy(condemned[k]!)) { firstUnhealthy = condemned[k]; break; }

  // 3. processReplica.
  for (const p of replicas) {
    if (p.phase === 'Failed' || p.phase === 'Succeeded') {
      if (!p.terminating) del(p, 'finished');
      if (monotonic) return wait(p.ordinal, 'finished');
      continue;
    }
    if ((p as { missing?: boolean }).missing) {
      actions.push({ create: { ordinal: p.ordinal, name: name(p.ordinal), revision: p.revision } });
      delete (p as { missing?: boolean }).missing;
      if (monotonic) return wait(p.ordinal, 'created');
      continue;
    }
    if (!monotonic) continue;
    if (p.terminating) return wait(p.ordinal, 'terminating');
    if (!runningAndReady(p)) return wait(p.ordinal, 'notReady');
    if (!runningAndAvailable(p)) return wait(p.ordinal, 'notAvailable');
  }

  // 4. processCondemned, highest ordinal first.
  for (const p of condemned) {
    if (p.terminating) {
      if (monotonic) return wait(p.ordinal, 'terminating');
      continue;
    }
    if (monotonic && !healthy(p) && p !== firstUnhealthy) return wait(p.ordinal, 'condemnedNotHealthy');
    del(p, 'condemned');
    if (monotonic) return { actions };
  }

  // 5. Updates.
  if (i.updateStrategy === 'OnDelete') return { actions };
  for (let k = replicas.length - 1; k >= partition; k--) {
    const p = replicas[k]!;
    if (p.revision !== i.updateRevision && !p.terminating) {
      del(p, 'update');
      return { actions };
    }
    if (!healthy(p)) return wait(p.ordinal, 'updateNotHealthy');
  }
  return { actions };
}
