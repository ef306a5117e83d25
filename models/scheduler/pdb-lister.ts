// The PodDisruptionBudgets preemption reads (upstream: the scheduler's PDB lister), with
// disruptionsAllowed as the disruption controller would compute it now (k8sim has no
// continuously running disruption controller; EvictionApi.statusOf is its arithmetic, read-only).
// Called only when a pod preempts.
import type { ApiServer } from '../api/apiserver.js';
import { EvictionApi, type PdbSpec } from '../api/eviction.js';
import type { GenericObject } from '../api/types.js';
import type { PdbInfo } from './policy/preemption.js';

export function pdbLister(api: ApiServer): () => PdbInfo[] {
  const eviction = new EvictionApi(api);
  return () => {
    const out: PdbInfo[] = [];
    for (const pdb of api.store.list<GenericObject>('PodDisruptionBudget')) {
      const disrupted = (pdb.status as { disruptedPods?: Record<string, unknown> } | undefined)?.disruptedPods ?? {};
      out.push({
        namespace: pdb.metadata.namespace ?? 'default',
        selector: (pdb.spec as PdbSpec | undefined)?.selector,
        disruptionsAllowed: eviction.statusOf(pdb).disruptionsAllowed,
        disruptedPods: new Set(Object.keys(disrupted)),
      });
    }
    return out;
  };
}
