// `k8sim run … --watch pods|events`: a `kubectl get pods --watch`-style stream in virtual
// time. A pod line is printed when what kubectl would show for it (READY, STATUS,
// RESTARTS) changes.

import type { EventRecorder } from '../models/api/events.js';
import type { ObjectStore } from '../models/api/store.js';
import type { Pod } from '../models/api/types.js';
import { humanAge, podReadyText, podRestarts, podStatusText } from './kubectl-format.js';

export type WatchTarget = 'pods' | 'events';

function pad(cols: string[], widths: number[]): string {
  return cols.map((c, i) => (i === cols.length - 1 ? c : c.padEnd(widths[i]!))).join('   ').trimEnd();
}

export function watchPods(store: ObjectStore, print: (line: string) => void): void {
  const last = new WeakMap<Pod, string>();
  const widths = [30, 5, 17, 8, 4];
  print(pad(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], widths));
  store.observe<Pod>('Pod', (type, pod) => {
    const shown = `${podReadyText(pod)}\u0000${podStatusText(pod)}\u0000${podRestarts(pod)}`;
    // kubectl prints a deleted pod once more (its last state); other changes only when shown columns change.
    if (type !== 'DELETED' && last.get(pod) === shown) return;
    last.set(pod, shown);
    const age = humanAge(store.now - (pod.metadata.creationTimestamp ?? store.now));
    print(pad([pod.metadata.name, podReadyText(pod), podStatusText(pod), String(podRestarts(pod)), age], widths));
  });
}

export function watchEvents(events: EventRecorder, print: (line: string) => void): void {
  const widths = [9, 7, 20, 40];
  print(pad(['TIME', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'], widths));
  events.subscribe((e) => {
    const t = `${(e.time / 1000).toFixed(1)}s`;
    print(pad([t, e.type, e.reason, `${e.kind.toLowerCase()}/${e.name}`, e.message], widths));
  });
}
