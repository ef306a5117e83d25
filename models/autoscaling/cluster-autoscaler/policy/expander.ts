// Expanders: which node group to grow when several could help (cluster-autoscaler/expander).
// Each named strategy is a filter from options to the best options; a list of expanders applies
// them in order (--expander=priority,least-waste) and a final random choice breaks the remaining
// tie, as upstream's chain does. Pure: the only randomness is the `rand` passed in.

import type { ExpanderName } from '../config.js';

export interface ExpansionOption {
  /** Node group (pool) name. */
  group: string;
  /** New nodes this option adds. */
  nodeCount: number;
  /** Pending pods the new nodes would take (binpacking estimate). */
  podCount: number;
  /** Σ requests of those pods (millicores, bytes). */
  reqCpu: number;
  reqMem: number;
  /** Capacity of one node of the group (upstream least-waste reads capacity, not allocatable). */
  nodeCpu: number;
  nodeMem: number;
}

export type ExpanderFilter = (options: ExpansionOption[]) => ExpansionOption[];

/** most-pods: the options that schedule the most pending pods. */
export function mostPods(options: ExpansionOption[]): ExpansionOption[] {
  let best = -1;
  let out: ExpansionOption[] = [];
  for (const o of options) {
    if (o.podCount > best) { best = o.podCount; out = [o]; } else if (o.podCount === best) out.push(o);
  }
  return out;
}

/** least-waste score: (availCpu − reqCpu)/availCpu + (availMem − reqMem)/availMem, avail = capacity × count. */
export function wasteScore(o: ExpansionOption): number {
  const availCpu = o.nodeCpu * o.nodeCount;
  const availMem = o.nodeMem * o.nodeCount;
  return (availCpu - o.reqCpu) / availCpu + (availMem - o.reqMem) / availMem;
}

/** least-waste: the options with the lowest waste score (exact ties kept). */
export function leastWaste(options: ExpansionOption[]): ExpansionOption[] {
  let best = Infinity;
  let out: ExpansionOption[] = [];
  for (const o of options) {
    const s = wasteScore(o);
    if (s < best) { best = s; out = [o]; } else if (s === best) out.push(o);
  }
  return out;
}

/**
 * priority: the options whose group name matches a regex of the highest priority that matches
 * any option (regexes are anchored as upstream's regexp.MatchString is not: a match anywhere
 * counts). No option matching any priority → all options pass (upstream falls back).
 */
export function priorityFilter(priorities: ReadonlyMap<number, readonly RegExp[]>): ExpanderFilter {
  return (options) => {
    let best = -Infinity;
    let out: ExpansionOption[] = [];
    for (const o of options) {
      let p = -Infinity;
      for (const [prio, res] of priorities) if (prio > p && res.some((r) => r.test(o.group))) p = prio;
      if (p === -Infinity) continue;
      if (p > best) { best = p; out = [o]; } else if (p === best) out.push(o);
    }
    return out.length ? out : options;
  };
}

export function expanderFilter(name: ExpanderName, priorities: ReadonlyMap<number, readonly RegExp[]>): ExpanderFilter {
  switch (name) {
    case 'random': return (o) => o;
    case 'most-pods': return mostPods;
    case 'least-waste': return leastWaste;
    case 'priority': return priorityFilter(priorities);
  }
}

/**
 * Run the chain and pick one: options are first sorted by group name (a stable order independent
 * of map iteration), each stage narrows them, then one is drawn uniformly with `rand`.
 * Exactly one draw from `rand` whenever there are options (so streams stay aligned).
 */
export function chooseOption(options: readonly ExpansionOption[], chain: readonly ExpanderName[],
  priorities: ReadonlyMap<number, readonly RegExp[]>, rand: () => number): ExpansionOption | undefined {
  if (options.length === 0) return undefined;
  let cur = [...options].sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  for (const name of chain) {
    const next = expanderFilter(name, priorities)(cur);
    if (next.length) cur = next;
  }
  return cur[Math.floor(rand() * cur.length)]!;
}
