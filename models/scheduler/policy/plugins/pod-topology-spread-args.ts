// PodTopologySpreadArgs (KubeSchedulerConfiguration pluginConfig): defaulting and validation as
// upstream's SetDefaults_PodTopologySpreadArgs / ValidatePodTopologySpreadArgs
// (pkg/scheduler/apis/config/{v1/defaults.go,validation/validation_pluginargs.go}).
import type { TopologySpreadConstraint } from '../../../api/types.js';
import { labelKeyProblem } from '../../../api/policy/labels.js';

export type DefaultingType = 'System' | 'List';

export interface PodTopologySpreadArgs {
  /** Default System (upstream v1 defaulting). */
  defaultingType?: DefaultingType;
  /** Only with List; no labelSelector (it is deduced per pod). */
  defaultConstraints?: TopologySpreadConstraint[];
}

/** upstream systemDefaultConstraints (plugin.go): hostname maxSkew 3, zone maxSkew 5, both ScheduleAnyway. */
export const SystemDefaultConstraints: readonly TopologySpreadConstraint[] = Object.freeze([
  { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
]);

/** The constraints a pod without its own gets, and whether they are the system defaults. */
export interface ResolvedSpreadDefaults {
  constraints: readonly TopologySpreadConstraint[];
  systemDefaulted: boolean;
}

export function resolveSpreadDefaults(args: PodTopologySpreadArgs = {}): ResolvedSpreadDefaults {
  const type = args.defaultingType ?? 'System';
  if (type === 'System') return { constraints: SystemDefaultConstraints, systemDefaulted: true };
  return { constraints: args.defaultConstraints ?? [], systemDefaulted: false };
}

export interface ArgsProblem { path: (string | number)[]; message: string }

/** Problems with the args, paths relative to the args object (upstream field paths and messages). */
export function validatePodTopologySpreadArgs(args: PodTopologySpreadArgs): ArgsProblem[] {
  const out: ArgsProblem[] = [];
  const type = args.defaultingType ?? 'System';
  const cs = args.defaultConstraints ?? [];
  if (type !== 'System' && type !== 'List') {
    out.push({ path: ['defaultingType'], message: `Unsupported value: ${JSON.stringify(type)}: supported values: "List", "System"` });
  } else if (type === 'System' && cs.length > 0) {
    out.push({ path: ['defaultingType'], message: `Invalid value: "System": when .defaultConstraints are not empty` });
  }
  cs.forEach((c, i) => {
    const p = ['defaultConstraints', i];
    if (!(c.maxSkew > 0)) out.push({ path: [...p, 'maxSkew'], message: `Invalid value: ${c.maxSkew}: not in valid range (0, inf)` });
    if (!c.topologyKey) out.push({ path: [...p, 'topologyKey'], message: 'Required value: can not be empty' });
    else {
      const k = labelKeyProblem(c.topologyKey);
      if (k) out.push({ path: [...p, 'topologyKey'], message: `Invalid value: ${JSON.stringify(c.topologyKey)}: ${k}` });
    }
    if (!c.whenUnsatisfiable) out.push({ path: [...p, 'whenUnsatisfiable'], message: 'Required value: can not be empty' });
    else if (c.whenUnsatisfiable !== 'DoNotSchedule' && c.whenUnsatisfiable !== 'ScheduleAnyway') {
      out.push({ path: [...p, 'whenUnsatisfiable'], message: `Unsupported value: ${JSON.stringify(c.whenUnsatisfiable)}: supported values: "DoNotSchedule", "ScheduleAnyway"` });
    }
    if (c.labelSelector !== undefined) {
      out.push({ path: [...p, 'labelSelector'], message: 'Forbidden: constraint must not define a selector, as they deduced for each pod' });
    }
    for (let j = 0; j < i; j++) {
      const o = cs[j]!;
      if (o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable) {
        out.push({ path: ['defaultConstraints', i], message: `Duplicate value: "{${c.topologyKey}, ${c.whenUnsatisfiable}}"` });
        break;
      }
    }
  });
  return out;
}
