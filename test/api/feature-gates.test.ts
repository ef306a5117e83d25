// Feature gates: kube_features.go's versioned specs for the gates k8sim models, the defaults at
// the modelled version, and SetFromMap's refusals (component-base/featuregate).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  defaultFeatureGates, FEATURE_GATE_NAMES, MODELLED_KUBERNETES_VERSION, resolveFeatureGates, specAt,
} from '../../models/api/policy/feature-gates.js';

test('defaults at the modelled version: deletion-order gates on, terminatingReplicas off (alpha in 1.33)', () => {
  assert.is(MODELLED_KUBERNETES_VERSION, '1.33');
  assert.equal(defaultFeatureGates(), { PodDeletionCost: true, LogarithmicScaleDown: true, DeploymentReplicaSetTerminatingReplicas: false });
});

test('versioned specs: the spec in force is the last one at or before the version', () => {
  assert.is(specAt('LogarithmicScaleDown', '1.21')?.preRelease, 'Alpha');
  assert.is(specAt('LogarithmicScaleDown', '1.30')?.preRelease, 'Beta');
  assert.equal(specAt('LogarithmicScaleDown', '1.31'), { version: '1.31', default: true, preRelease: 'GA', lockToDefault: true });
  assert.is(specAt('PodDeletionCost', '1.35')?.preRelease, 'Beta');
  assert.is(specAt('DeploymentReplicaSetTerminatingReplicas', '1.32'), undefined);
  assert.is(specAt('DeploymentReplicaSetTerminatingReplicas', '1.35')?.default, true);
  assert.equal(defaultFeatureGates('1.21'), { PodDeletionCost: false, LogarithmicScaleDown: false, DeploymentReplicaSetTerminatingReplicas: false });
  assert.is(defaultFeatureGates('1.35').DeploymentReplicaSetTerminatingReplicas, true);
  // 1.100 is after 1.35, not before it (numeric, not string, comparison).
  assert.is(specAt('DeploymentReplicaSetTerminatingReplicas', '1.100')?.version, '1.35');
});

test('overrides: set what may be set; locked GA and unknown gates refused with upstream wording', () => {
  const ok = resolveFeatureGates({ PodDeletionCost: false, DeploymentReplicaSetTerminatingReplicas: true });
  assert.equal(ok.problems, []);
  assert.is(ok.gates.PodDeletionCost, false);
  assert.is(ok.gates.DeploymentReplicaSetTerminatingReplicas, true);
  assert.is(ok.gates.LogarithmicScaleDown, true);
  // Setting a locked gate to its locked value is allowed.
  assert.equal(resolveFeatureGates({ LogarithmicScaleDown: true }).problems, []);
  const bad = resolveFeatureGates({ LogarithmicScaleDown: false, SidecarContainers: true });
  assert.equal(bad.problems, [
    { gate: 'LogarithmicScaleDown', message: 'cannot set feature gate LogarithmicScaleDown to false, feature is locked to true' },
    { gate: 'SidecarContainers', message: `unrecognized feature gate: SidecarContainers (k8sim models ${FEATURE_GATE_NAMES.join(', ')})` },
  ]);
  assert.is(bad.gates.LogarithmicScaleDown, true);
  // Before 1.31 the gate could be turned off; a gate not yet introduced is unrecognized.
  assert.equal(resolveFeatureGates({ LogarithmicScaleDown: false }, '1.30').problems, []);
  assert.match(resolveFeatureGates({ DeploymentReplicaSetTerminatingReplicas: true }, '1.32').problems[0]!.message, /^unrecognized feature gate: DeploymentReplicaSetTerminatingReplicas/);
});

test.run();
