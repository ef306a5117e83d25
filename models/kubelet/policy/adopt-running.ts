// A snapshot pod the kubelet adopts as already running (issue 13, "your cluster as the starting
// point"). Upstream, a kubelet that restarts finds the pod's containers still running in the
// runtime; SyncPod's computePodActions sees each one running with an unchanged spec hash and
// asks for nothing — no pull, no create, no start, so no Pulling/Pulled/Created/Started events —
// and the status manager reports what it found. A snapshot's status is that finding.

import type { Pod } from '../../api/types.js';

/** What the kubelet keeps of a snapshot pod found running. */
export interface RunningAtStart {
  /** The pod's Ready condition was True: its containers are ready at once. */
  podReady: boolean;
  /** Per container name (main and init): restartCount and ready as the snapshot reported them. */
  containers: ReadonlyMap<string, { restartCount: number; ready: boolean }>;
}

interface StatusLike {
  phase?: unknown;
  conditions?: unknown;
  containerStatuses?: unknown;
  initContainerStatuses?: unknown;
}

/**
 * The pod as kubectl printed it (spec with `nodeName`, status untouched): a RunningAtStart when
 * it is bound, in phase Running, and every main container and every sidecar (init container
 * with restartPolicy Always) has a container status in state `running`; otherwise undefined
 * and the pod starts the ordinary way. Plain init containers of a Running pod have completed.
 */
export function runningAtStart(pod: Pick<Pod, 'spec'>, status: unknown): RunningAtStart | undefined {
  if (!pod.spec.nodeName || !status || typeof status !== 'object') return undefined;
  const s = status as StatusLike;
  if (s.phase !== 'Running') return undefined;
  const containers = new Map<string, { restartCount: number; ready: boolean }>();
  const collect = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const cs of list as Array<Record<string, unknown>>) {
      if (!cs || typeof cs !== 'object' || typeof cs.name !== 'string') continue;
      const state = cs.state as Record<string, unknown> | undefined;
      if (!state || typeof state !== 'object' || !state.running) continue;
      const rc = typeof cs.restartCount === 'number' && Number.isInteger(cs.restartCount) && cs.restartCount >= 0 ? cs.restartCount : 0;
      containers.set(cs.name, { restartCount: rc, ready: cs.ready === true });
    }
  };
  collect(s.containerStatuses);
  const sidecars = (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always');
  if (sidecars.length) collect(s.initContainerStatuses);
  const needed = [...pod.spec.containers, ...sidecars];
  if (needed.length === 0 || !needed.every((c) => containers.has(c.name))) return undefined;
  const conditions = Array.isArray(s.conditions) ? (s.conditions as Array<Record<string, unknown>>) : [];
  const podReady = conditions.some((c) => c && c.type === 'Ready' && c.status === 'True');
  return { podReady, containers };
}
