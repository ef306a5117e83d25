// Feature gates (k8s.io/component-base/featuregate over pkg/features/kube_features.go), pure:
// the gates whose behaviour k8sim models, their versioned specs as upstream lists them, the
// defaults at the Kubernetes version k8sim models, and SetFromMap's checks and messages.

/**
 * The Kubernetes version whose feature-gate defaults k8sim uses. 1.33: the newest behaviour the
 * rooms model is of that release (Job successPolicy and backoffLimitPerIndex GA, node-monitor
 * grace period 50 s since 1.32), and DeploymentReplicaSetTerminatingReplicas exists (alpha).
 */
export const MODELLED_KUBERNETES_VERSION = '1.33';

export type PreRelease = 'Alpha' | 'Beta' | 'GA';

/** featuregate.FeatureSpec with the version it applies from (VersionedSpecs). */
export interface VersionedSpec {
  version: string;
  default: boolean;
  preRelease: PreRelease;
  lockToDefault?: boolean;
}

/** kube_features.go's versioned specs of the gates k8sim models, oldest first. */
export const FEATURE_GATE_SPECS = {
  /** Lower controller.kubernetes.io/pod-deletion-cost first when a ReplicaSet scales down. */
  PodDeletionCost: [
    { version: '1.21', default: false, preRelease: 'Alpha' },
    { version: '1.22', default: true, preRelease: 'Beta' },
  ],
  /** Ready and creation times compared in log2 buckets (UID breaks ties) when scaling down. */
  LogarithmicScaleDown: [
    { version: '1.21', default: false, preRelease: 'Alpha' },
    { version: '1.22', default: true, preRelease: 'Beta' },
    { version: '1.31', default: true, preRelease: 'GA', lockToDefault: true },
  ],
  /** ReplicaSet and Deployment status.terminatingReplicas. */
  DeploymentReplicaSetTerminatingReplicas: [
    { version: '1.33', default: false, preRelease: 'Alpha' },
    { version: '1.35', default: true, preRelease: 'Beta' },
  ],
} as const satisfies Record<string, readonly VersionedSpec[]>;

export type FeatureGateName = keyof typeof FEATURE_GATE_SPECS;
export type FeatureGates = Readonly<Record<FeatureGateName, boolean>>;

export const FEATURE_GATE_NAMES = Object.keys(FEATURE_GATE_SPECS) as FeatureGateName[];

function versionLessOrEqual(a: string, b: string): boolean {
  const [amaj = 0, amin = 0] = a.split('.').map(Number);
  const [bmaj = 0, bmin = 0] = b.split('.').map(Number);
  return amaj !== bmaj ? amaj < bmaj : amin <= bmin;
}

/** featureSpecAtEmulationVersion: the last spec whose version is at or before `version`. */
export function specAt(name: FeatureGateName, version: string = MODELLED_KUBERNETES_VERSION): VersionedSpec | undefined {
  let found: VersionedSpec | undefined;
  for (const s of FEATURE_GATE_SPECS[name] as readonly VersionedSpec[]) if (versionLessOrEqual(s.version, version)) found = s;
  return found;
}

/** Every modelled gate at its default for `version` (a gate not yet introduced is off). */
export function defaultFeatureGates(version: string = MODELLED_KUBERNETES_VERSION): FeatureGates {
  const out = {} as Record<FeatureGateName, boolean>;
  for (const n of FEATURE_GATE_NAMES) out[n] = specAt(n, version)?.default ?? false;
  return out;
}

export interface FeatureGateProblem {
  gate: string;
  message: string;
}

/**
 * SetFromMap over the defaults: an unknown gate is "unrecognized feature gate: X" (k8sim adds
 * which gates it models: a real gate whose behaviour it does not model is refused too, rather
 * than silently ignored), a locked GA gate set against its value is "cannot set feature gate X
 * to false, feature is locked to true"; each problem is reported, not only the first.
 */
export function resolveFeatureGates(
  overrides: Readonly<Record<string, boolean>> | undefined,
  version: string = MODELLED_KUBERNETES_VERSION,
): { gates: FeatureGates; problems: FeatureGateProblem[] } {
  const gates = { ...defaultFeatureGates(version) };
  const problems: FeatureGateProblem[] = [];
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (!(name in FEATURE_GATE_SPECS)) {
      problems.push({ gate: name, message: `unrecognized feature gate: ${name} (k8sim models ${FEATURE_GATE_NAMES.join(', ')})` });
      continue;
    }
    const gate = name as FeatureGateName;
    const spec = specAt(gate, version);
    if (!spec) {
      problems.push({ gate: name, message: `unrecognized feature gate: ${name} (introduced after Kubernetes ${version})` });
      continue;
    }
    if (spec.lockToDefault && spec.default !== value) {
      problems.push({ gate: name, message: `cannot set feature gate ${name} to ${value}, feature is locked to ${spec.default}` });
      continue;
    }
    gates[gate] = value;
  }
  return { gates, problems };
}
