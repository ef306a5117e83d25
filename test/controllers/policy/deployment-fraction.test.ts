// getReplicaSetFraction's fallback: a max-replicas annotation that is missing, unparsable or 0
// means "the Deployment's status.replicas"; annotations parse as getNonNegativeInt32FromAnnotation.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { getProportion, parseReplicasAnnotation, replicaSetFraction, scale, type RSInfo } from '../../../models/controllers/policy/deployment.js';

const rs = (name: string, specReplicas: number, maxReplicas?: number, created = 0): RSInfo =>
  ({ name, created, specReplicas, availableReplicas: specReplicas, ...(maxReplicas !== undefined ? { maxReplicas } : {}) });

test('annotation values: strconv.ParseUint base 10, at most MaxInt32', () => {
  assert.is(parseReplicasAnnotation('10'), 10);
  assert.is(parseReplicasAnnotation('0'), 0);
  for (const bad of [undefined, '', '-1', '+3', '1.5', ' 3', '0x10', '1e3', '2147483648']) assert.is(parseReplicasAnnotation(bad), undefined, String(bad));
  assert.is(parseReplicasAnnotation('2147483647'), 2147483647);
});

test('fraction: annotated size, else status.replicas when the annotation is missing or 0; scaling to 0 takes all', () => {
  // 10 → 15 replicas (surge 0): an RS of 4 in a Deployment annotated 10 grows to 6.
  assert.is(replicaSetFraction(rs('a', 4, 10), 15, 0, 8), 2);
  // Missing annotation: proportion against status.replicas 8 → round(4·15/8) − 4 = 4 (7.5 rounds away from zero).
  assert.is(replicaSetFraction(rs('a', 4), 15, 0, 8), 4);
  // An annotation of 0 falls back the same way (no division by zero).
  assert.is(replicaSetFraction(rs('a', 4, 0), 15, 0, 8), 4);
  assert.is(replicaSetFraction(rs('a', 4, 0), 15, 0, 0), 0, 'nothing to scale against');
  assert.is(replicaSetFraction(rs('a', 4, 10), 0, 0, 8), -4);
});

test('GetProportion bounds the fraction by what is left to add or remove', () => {
  assert.is(getProportion(rs('a', 4, 10), 15, 0, 8, 5, 0), 2);
  assert.is(getProportion(rs('a', 4), 15, 0, 8, 3, 0), 3, 'min(4, 3)');
  assert.is(getProportion(rs('a', 0, 10), 15, 0, 8, 5, 0), 0, 'never from zero');
});

test('scale() during a rollout: an RS whose annotation was wiped still gets its share from status.replicas', () => {
  const strategy = { type: 'RollingUpdate' as const, maxSurge: 0 as number | string, maxUnavailable: 1 as number | string };
  const plan = scale(strategy, 20, 10, rs('new', 5, undefined, 2), [rs('old', 5, 10, 1)]);
  const to = Object.fromEntries(plan.changes.map((c) => [c.name, c.to]));
  assert.equal(to, { new: 10, old: 10 });
});

test.run();
