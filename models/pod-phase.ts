// Pod phase from container statuses, as the kubelet's getPhase computes it.

import type { ContainerStatus, PodPhase, RestartPolicy } from './types.js';

export function getPhase(
  restartPolicy: RestartPolicy,
  init: readonly ContainerStatus[],
  main: readonly ContainerStatus[],
  initDone: boolean,
): PodPhase {
  if (!initDone) {
    for (const s of init) {
      const t = s.state.terminated;
      if (t && t.exitCode !== 0 && restartPolicy === 'Never') return 'Failed';
    }
    return 'Pending';
  }
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const s of main) {
    if (s.state.running) running++;
    else if (s.state.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state.waiting) {
      if (s.lastState.terminated) stopped++;
      else waiting++;
    }
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (restartPolicy === 'Always') return 'Running';
    if (succeeded === main.length) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}
