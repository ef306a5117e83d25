// Priority admission (plugin/pkg/admission/priority): resolves spec.priorityClassName to
// spec.priority and spec.preemptionPolicy from the PriorityClass objects in the store, or the
// globalDefault class when the pod names none, else priority 0. Built-in classes exist even
// when not stored, as the API server creates them at start-up.

import type { ApiServer, PodAdmissionPlugin } from '../apiserver.js';
import { ApiError } from '../errors.js';
import type { GenericObject, Pod } from '../types.js';
import { forbiddenMessage } from '../policy/status-messages.js';

export const SYSTEM_CLUSTER_CRITICAL = 'system-cluster-critical';
export const SYSTEM_NODE_CRITICAL = 'system-node-critical';

export interface PriorityClassInfo {
  name: string;
  value: number;
  globalDefault: boolean;
  preemptionPolicy: 'PreemptLowerPriority' | 'Never';
}

/** scheduling.SystemPriorityClasses(): always present. */
export const BUILTIN_PRIORITY_CLASSES: readonly PriorityClassInfo[] = [
  { name: SYSTEM_NODE_CRITICAL, value: 2000001000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' },
  { name: SYSTEM_CLUSTER_CRITICAL, value: 2000000000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority' },
];

export function priorityClassInfo(obj: GenericObject): PriorityClassInfo {
  return {
    name: obj.metadata.name,
    value: Number(obj['value'] ?? 0),
    globalDefault: obj['globalDefault'] === true,
    preemptionPolicy: obj['preemptionPolicy'] === 'Never' ? 'Never' : 'PreemptLowerPriority',
  };
}

export class PriorityAdmission implements PodAdmissionPlugin {
  readonly name = 'Priority';

  private lookup(api: ApiServer, name: string): PriorityClassInfo | undefined {
    const stored = api.store.get<GenericObject>('PriorityClass', undefined, name);
    if (stored) return priorityClassInfo(stored);
    return BUILTIN_PRIORITY_CLASSES.find((c) => c.name === name);
  }

  /** getDefaultPriorityClass: among globalDefault classes, the one with the lowest value. */
  private globalDefault(api: ApiServer): PriorityClassInfo | undefined {
    let best: PriorityClassInfo | undefined;
    for (const o of api.store.list<GenericObject>('PriorityClass')) {
      const pc = priorityClassInfo(o);
      if (pc.globalDefault && (!best || pc.value < best.value)) best = pc;
    }
    return best;
  }

  admit(pod: Pod, api: ApiServer): void {
    const spec = pod.spec;
    let pc: PriorityClassInfo | undefined;
    if (spec.priorityClassName) {
      pc = this.lookup(api, spec.priorityClassName);
      if (!pc) {
        throw new ApiError(
          forbiddenMessage('pods', pod.metadata.name, `no PriorityClass with name ${spec.priorityClassName} was found`),
          'Forbidden',
        );
      }
    } else {
      pc = this.globalDefault(api);
      if (pc) spec.priorityClassName = pc.name;
    }
    const value = pc?.value ?? 0;
    // A priority written in the pod must agree with the class (upstream refuses otherwise).
    if (spec.priority !== undefined && spec.priority !== value) {
      throw new ApiError(
        forbiddenMessage('pods', pod.metadata.name,
          `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`),
        'Forbidden',
      );
    }
    spec.priority = value;
    spec.preemptionPolicy = pc?.preemptionPolicy ?? 'PreemptLowerPriority';
  }
}
