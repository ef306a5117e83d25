// The scenario builder's part for traces: Cluster.spec.nodeLists into node pools, and k8sim/v1
// Trace documents compiled and checked against their files.
import type { NodePoolSpec } from '../../models/nodes/pools.js';
import type { ScenarioError } from '../errors.js';
import type { ScenarioDocument } from '../load.js';
import { checkTrace, compileTrace } from './compile.js';
import { buildNodeList } from './node-list.js';
import type { TraceSpec } from './pod-source.js';

type Rec = Record<string, unknown>;

/** Pools from the Cluster's nodeLists, after its nodePools (whose names they must not reuse). */
export function nodeListPools(clusterDoc: ScenarioDocument, pools: NodePoolSpec[], errors: ScenarioError[]): NodePoolSpec[] {
  const spec = clusterDoc.body.spec as Rec;
  const lists = (spec.nodeLists as Rec[] | undefined) ?? [];
  const taken = new Set<string>();
  const poolNames = new Set(pools.map((p) => p.name));
  const out: NodePoolSpec[] = [];
  lists.forEach((l, i) => {
    for (const p of buildNodeList(clusterDoc, ['spec', 'nodeLists', i], l, taken, errors)) {
      if (poolNames.has(p.name)) {
        errors.push(clusterDoc.error(['spec', 'nodeLists', i], `node pool ${JSON.stringify(p.name)} of this list is already defined; give the list another name`));
        continue;
      }
      poolNames.add(p.name);
      out.push(p);
    }
  });
  if (pools.length + out.length === 0 && lists.length === 0) {
    errors.push(clusterDoc.error(['spec', 'nodePools'], 'a cluster needs at least one node pool or node list'));
  }
  return out;
}

export function buildTraces(docs: ScenarioDocument[], errors: ScenarioError[]): TraceSpec[] {
  const out: TraceSpec[] = [];
  for (const d of docs) {
    if (d.apiVersion !== 'k8sim/v1' || d.kind !== 'Trace') continue;
    const t = compileTrace(d);
    const before = errors.length;
    checkTrace(d, t, errors);
    if (errors.length === before) out.push(t);
  }
  return out;
}
