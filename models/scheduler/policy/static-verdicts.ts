// A pending pod's verdicts from the node-static filters (NodeUnschedulable, NodeName,
// TaintToleration, NodeAffinity: FilterPlugin.nodeStatic), kept between its scheduling attempts.
//
// Why: a pod pinned by nodeSelector to a full pool is retried after every cluster event, and each
// retry runs Filter on every node (a failed cycle evaluates them all) — at 5,000 nodes, 5,000
// label-selector matches per retry that give the same answer as last time. These filters read
// only the pod's spec and the node's name, labels, taints and unschedulable flag, so a node's
// verdict stands while its NodeInfo is the same object at the same version and the pod's
// scheduling fields are the same objects. The filters after the static prefix (resources,
// spread, affinity) run every time, as before; the verdicts and the order they are produced in
// are exactly those of running every filter.

import type { CycleState, FilterPlugin, Status } from './framework.js';
import { stamp } from './filter.js';
import type { NodeInfo, PodInfo } from './node-info.js';

export class StaticVerdicts {
  private readonly nodes: Array<NodeInfo | undefined> = [];
  private readonly versions: number[] = [];
  /** null = passed the static filters. */
  private readonly verdicts: Array<Status | null> = [];
  private keys: unknown[] = [];
  /** Lookups answered from the cache (a cost figure for tests). */
  hits = 0;

  /** Forget everything unless `pod`'s scheduling fields and the active filters are those cached. */
  prepare(pod: PodInfo, filters: readonly FilterPlugin[]): void {
    const sp = pod.pod.spec;
    const keys = [filters, sp.nodeName, sp.nodeSelector, sp.affinity, sp.tolerations];
    const old = this.keys;
    let same = old.length === keys.length;
    for (let i = 0; same && i < keys.length; i++) same = old[i] === keys[i];
    if (same) return;
    this.keys = keys;
    this.nodes.length = 0;
    this.versions.length = 0;
    this.verdicts.length = 0;
  }

  /** The verdict of filters[0..prefix) on the node at `slot`: cached, or run and kept. */
  verdict(slot: number, ni: NodeInfo, filters: readonly FilterPlugin[], prefix: number, state: CycleState, pod: PodInfo): Status | null {
    if (this.nodes[slot] === ni && this.versions[slot] === ni.version) {
      this.hits++;
      return this.verdicts[slot]!;
    }
    let st: Status | null = null;
    for (let i = 0; i < prefix; i++) {
      st = filters[i]!.filter(state, pod, ni);
      if (st !== null) { stamp(st, filters[i]!); break; }
    }
    this.nodes[slot] = ni;
    this.versions[slot] = ni.version;
    this.verdicts[slot] = st;
    return st;
  }
}
