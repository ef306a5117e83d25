// NodeResourcesBalancedAllocation: favours nodes whose cpu and memory fractions (real requests,
// node + pod, capped at 1) are close. 2 resources: std = |f1 − f2| / 2; more: population std.
// score = int64((1 − std) × 100), truncated. BestEffort pods are skipped (modern upstream).
import { MaxNodeScore, SKIP, type CycleState, type PreScorePlugin, type ScorePlugin, type Status } from '../framework.js';
import type { NodeInfo, PodInfo } from '../node-info.js';

export function balancedResourceScore(requested: readonly number[], allocatable: readonly number[]): number {
  const fr: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    let f = requested[i]! / allocatable[i]!;
    if (f > 1) f = 1;
    total += f;
    fr.push(f);
  }
  let std = 0;
  if (fr.length === 2) std = Math.abs((fr[0]! - fr[1]!) / 2);
  else if (fr.length > 2) {
    const mean = total / fr.length;
    let sum = 0;
    for (const f of fr) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / fr.length);
  }
  return Math.trunc((1 - std) * MaxNodeScore);
}

/** The plugin's score (cpu and memory), also called directly by scheduleOne's hot path. */
export function balancedCpuMemScore(pod: PodInfo, node: NodeInfo): number {
  return balancedCpuMem(node.reqCpu + pod.reqCpu, node.allocCpu, node.reqMem + pod.reqMem, node.allocMem);
}

/** The same on plain numbers: requested (node + pod, real) and allocatable cpu and memory. */
export function balancedCpuMem(rc: number, ac: number, rm: number, am: number): number {
  // Inlined 2-resource (cpu, memory) case of balancedResourceScore.
  if (ac === 0 || am === 0) return balancedResourceScore([rc, rm], [ac, am]);
  let fc = rc / ac;
  let fm = rm / am;
  if (fc > 1) fc = 1;
  if (fm > 1) fm = 1;
  return Math.trunc((1 - Math.abs((fc - fm) / 2)) * MaxNodeScore);
}

export class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = 'NodeResourcesBalancedAllocation';
  preScore(_s: CycleState, pod: PodInfo): Status | null {
    return pod.bestEffort ? SKIP : null;
  }
  score(_s: CycleState, pod: PodInfo, node: NodeInfo): number {
    return balancedCpuMemScore(pod, node);
  }
}
