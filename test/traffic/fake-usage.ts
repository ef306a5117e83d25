// A small deterministic ResourceUsageModel for traffic/HPA tests, standing in for models/kubelet/usage/:
// a pod's CPU capacity is its CPU limit (or `defaultCapacity` without one), its CPU use is a base
// plus the load demand capped at capacity, memory is a base plus the load's memory.
import type { ApiServer } from '../../models/api/apiserver.js';
import type { Pod } from '../../models/api/types.js';
import type { PodUsage, ResourceUsageModel } from '../../models/kubelet/usage/contract.js';

export class FakeUsage implements ResourceUsageModel {
  private readonly demand = new Map<string, { cpu: number; mem: number }>();
  private readonly override = new Map<string, number>();
  private readonly listeners: Array<(pod: Pod) => void> = [];
  /** setLoadDemand calls, for assertions. */
  calls = 0;

  constructor(
    private readonly api: ApiServer,
    private readonly defaultCapacity = 1000,
    private readonly baseCpu = 1,
    private readonly baseMemory = 10 * 2 ** 20,
  ) {}

  setLoadDemand(pod: Pod, cpuMilli: number, memoryBytes: number): void {
    this.calls++;
    this.demand.set(pod.metadata.uid!, { cpu: cpuMilli, mem: memoryBytes });
  }

  cpuCapacity(pod: Pod): number {
    const o = this.override.get(pod.metadata.uid!);
    if (o !== undefined) return o;
    const lim = this.api.resourcesOf(pod).limits.cpu;
    return lim !== undefined && lim > 0 ? lim : this.defaultCapacity;
  }

  grantedCpu(pod: Pod): number {
    const d = this.demand.get(pod.metadata.uid!)?.cpu ?? 0;
    return Math.min(this.baseCpu + d, this.cpuCapacity(pod));
  }

  usage(pod: Pod): PodUsage {
    return { cpuMilli: this.grantedCpu(pod), memoryBytes: this.baseMemory + (this.demand.get(pod.metadata.uid!)?.mem ?? 0) };
  }

  demandOf(pod: Pod): { cpu: number; mem: number } {
    return this.demand.get(pod.metadata.uid!) ?? { cpu: 0, mem: 0 };
  }

  /** Test hook: contention moved, the pod now gets `cap` millicores. */
  setCapacity(pod: Pod, cap: number): void {
    this.override.set(pod.metadata.uid!, cap);
    for (const l of this.listeners) l(pod);
  }

  onCapacityChange(listener: (pod: Pod) => void): void {
    this.listeners.push(listener);
  }
}
