// NodeResourcesBalancedAllocation: favours nodes whose resource fractions (real requests, node +
// pod, capped at 1) are close. 2 resources: std = |f1 − f2| / 2; more: population std.
// score = int64((1 − std) × 100), truncated. The resources are the plugin args' (default cpu and
// memory; extended resources such as nvidia.com/gpu may be added, weights are always 1). A pod
// requesting none of them is skipped at PreScore (modern upstream's isBestEffortPod), and an
// extended resource the pod does not request, or the node does not have, is left out of the
// fractions (upstream calculateResourceAllocatableRequest returns 0, 0).
import { MaxNodeScore, SKIP, type CycleState, type PreScorePlugin, type ScorePlugin, type Status } from '../framework.js';
import type { NodeInfo, PodInfo } from '../node-info.js';
import { DefaultResources, type ResourceSpec } from '../config.js';

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

/** The pod's real request of one resource (cpu in millicores), as the fractions use it. */
function podRequest(pod: PodInfo, name: string): number {
  if (name === 'cpu') return pod.reqCpu;
  if (name === 'memory') return pod.reqMem;
  return pod.res.requests[name] ?? 0;
}

/** The (allocatable, requested) pair of one resource on a node, or (0, 0) to leave it out. */
function allocatableRequested(pod: PodInfo, node: NodeInfo, name: string, out: { a: number; r: number }): void {
  const req = podRequest(pod, name);
  if (name === 'cpu') { out.a = node.allocCpu; out.r = node.reqCpu + req; return; }
  if (name === 'memory') { out.a = node.allocMem; out.r = node.reqMem + req; return; }
  // An extended (scalar) resource the pod does not request is bypassed; ephemeral-storage is not scalar.
  if (req === 0 && name !== 'ephemeral-storage') { out.a = 0; out.r = 0; return; }
  out.a = node.allocatable[name] ?? 0;
  out.r = (node.requested[name] ?? 0) + req;
}

export class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = 'NodeResourcesBalancedAllocation';
  private readonly resources: readonly ResourceSpec[];
  /** The default cpu, memory pair (in that order or the other): score() is balancedCpuMemScore, fused into scheduleOne. */
  readonly fastDefault: boolean;
  private readonly req: number[];
  private readonly alloc: number[];
  private readonly pair = { a: 0, r: 0 };

  constructor(resources: readonly ResourceSpec[] = DefaultResources) {
    this.resources = resources;
    const names = resources.map((r) => r.name);
    this.fastDefault = names.length === 2 && names.includes('cpu') && names.includes('memory');
    this.req = new Array<number>(resources.length).fill(0);
    this.alloc = new Array<number>(resources.length).fill(0);
  }

  preScore(_s: CycleState, pod: PodInfo): Status | null {
    if (this.fastDefault) return pod.bestEffort ? SKIP : null;
    for (const r of this.resources) if (podRequest(pod, r.name) !== 0) return null;
    return SKIP;
  }

  score(_s: CycleState, pod: PodInfo, node: NodeInfo): number {
    // Two fractions give the same std in either order, so cpu/memory and memory/cpu share the fast path.
    if (this.fastDefault) return balancedCpuMemScore(pod, node);
    const res = this.resources, req = this.req, alloc = this.alloc, p = this.pair;
    for (let i = 0; i < res.length; i++) {
      allocatableRequested(pod, node, res[i]!.name, p);
      alloc[i] = p.a;
      req[i] = p.a === 0 ? 0 : p.r;
    }
    return balancedResourceScore(req, alloc);
  }
}
