// Helpers for workload tests: build a ClusterModel from scenario files (the bundled examples or
// inline YAML) and apply their manifests at t=0 as the runner does, keeping a handle on the model.

import { join } from 'node:path';
import { ClusterModel } from '../../models/cluster.js';
import { prepareManifest } from '../../models/api/manifests.js';
import type { KEvent, Pod } from '../../models/api/types.js';
import { podStatusText } from '../../reports/kubectl-format.js';
import { buildScenario } from '../../scenarios/build.js';
import { loadScenario } from '../../scenarios/load.js';
import { packageRoot } from '../helpers.js';

export const example = (name: string) => join(packageRoot(), 'scenarios', 'examples', name);

export interface Harness {
  model: ClusterModel;
  events: KEvent[];
  /** Per pod name, the kubectl STATUS column each time it changed, with the time in ms. */
  statuses: Map<string, Array<[number, string]>>;
}

export function load(files: string[], seed = 1): Harness {
  const built = buildScenario(loadScenario(files));
  const model = new ClusterModel({ ...built.cluster, seed });
  const events: KEvent[] = [];
  model.events.subscribe((e) => events.push(e));
  const statuses = new Map<string, Array<[number, string]>>();
  model.store.observe<Pod>('Pod', (type, p) => {
    let list = statuses.get(p.metadata.name);
    if (!list) statuses.set(p.metadata.name, (list = []));
    const s = type === 'DELETED' ? 'Deleted' : podStatusText(p);
    if (list.length === 0 || list[list.length - 1]![1] !== s) list.push([model.sim.now, s]);
  });
  for (const m of built.manifests) model.create(prepareManifest(m.obj));
  return { model, events, statuses };
}

/** First time a pod showed a status. */
export function firstAt(h: Harness, pod: string, status: string): number | undefined {
  return h.statuses.get(pod)?.find(([, s]) => s === status)?.[0];
}

export function podsOf(h: Harness, prefix: string): Pod[] {
  return [...h.model.store.list<Pod>('Pod')].filter((p) => p.metadata.name.startsWith(prefix));
}
