// Deployment replica counts and MinAvailable: upstream's TestGetReplicaCountForReplicaSets and
// TestMinAvailable (pkg/controller/deployment/util/deployment_util_test.go), run against the
// functions the Deployment controller's status calls.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  actualReplicaCountFor, deploymentReplicaCounts, minAvailable, replicaCountFor, terminatingReplicaCountFor, type RSCounts,
} from '../../../models/controllers/policy/deployment.js';

const rs = (o: Partial<RSCounts>): RSCounts => ({ specReplicas: 1, statusReplicas: 0, readyReplicas: 0, availableReplicas: 0, ...o });

test('TestGetReplicaCountForReplicaSets: spec, actual and terminating sums', () => {
  const rs1 = rs({ observedGeneration: 1, specReplicas: 1, statusReplicas: 2, terminatingReplicas: 3 });
  // Upstream's table sets rs1's observedGeneration twice and leaves rs2's at 0: a reported
  // terminatingReplicas counts whatever the generation.
  const rs2 = rs({ specReplicas: 2, statusReplicas: 3, terminatingReplicas: 1 });
  const rs3 = rs({ specReplicas: 3, statusReplicas: 0 }); // unsynced: assumed none terminating
  const rs4 = rs({ observedGeneration: 1, specReplicas: 1, statusReplicas: 1 }); // synced, field dropped
  const table: Array<[string, RSCounts[], number, number, number | undefined]> = [
    ['scaling down rs1', [rs1], 1, 2, 3],
    ['scaling down rs1 and rs2', [rs1, rs2], 3, 5, 4],
    ['scaling up rs3', [rs3], 3, 0, 0],
    ['scaling down rs1 and rs2 and scaling up rs3', [rs1, rs2, rs3], 6, 5, 4],
    ['invalid/unknown terminating status for rs4', [rs4], 1, 1, undefined],
    ['invalid/unknown terminating status for rs4 with rs1, rs2 and rs3', [rs1, rs2, rs3, rs4], 7, 6, undefined],
  ];
  for (const [name, sets, count, actual, terminating] of table) {
    assert.is(replicaCountFor(sets), count, name);
    assert.is(actualReplicaCountFor(sets), actual, name);
    assert.is(terminatingReplicaCountFor(sets), terminating, name);
  }
});

test('TestMinAvailable', () => {
  const rolling = (maxUnavailable: number | string) => ({ type: 'RollingUpdate' as const, maxSurge: 1, maxUnavailable });
  const table: Array<[string, Parameters<typeof minAvailable>[0], number, number]> = [
    ['replicas greater than maxUnavailable', rolling(5), 10, 5],
    ['replicas equal maxUnavailable', rolling(10), 10, 0],
    ['replicas less than maxUnavailable', rolling(10), 5, 0],
    ['replicas is 0', rolling(10), 0, 0],
    ['minAvailable with Recreate deployment strategy', { type: 'Recreate' }, 10, 0],
    ['replicas greater than maxUnavailable with percents', rolling('60%'), 10, 4],
    ['replicas equal maxUnavailable with percents', rolling('100%'), 10, 0],
    ['replicas less than maxUnavailable with percents', rolling('100%'), 5, 0],
  ];
  for (const [name, strategy, replicas, want] of table) assert.is(minAvailable(strategy, replicas), want, name);
});

test('calculateStatus counts: unavailable from Σ spec.replicas (surge included), never negative; terminating behind its gate', () => {
  // A rollout with surge: old RS 3 (all available), new RS 2 (none available yet), replicas 4.
  const old = rs({ specReplicas: 3, statusReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1, terminatingReplicas: 1 });
  const neu = rs({ specReplicas: 2, statusReplicas: 2, readyReplicas: 1, availableReplicas: 0, observedGeneration: 1, terminatingReplicas: 0 });
  assert.equal(deploymentReplicaCounts([old, neu], neu, false), {
    replicas: 5, updatedReplicas: 2, readyReplicas: 4, availableReplicas: 3, unavailableReplicas: 2,
  });
  assert.equal(deploymentReplicaCounts([old, neu], neu, true).terminatingReplicas, 1);
  // Scaling down: more available than spec wants.
  assert.is(deploymentReplicaCounts([rs({ specReplicas: 1, statusReplicas: 3, availableReplicas: 3 })], undefined, false).unavailableReplicas, 0);
  // Unknown terminating total: the field is left out.
  assert.is('terminatingReplicas' in deploymentReplicaCounts([rs({ observedGeneration: 2 })], undefined, true), false);
  assert.is(deploymentReplicaCounts([], undefined, false).updatedReplicas, 0);
});

test.run();
