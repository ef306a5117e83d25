import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { podName, pvcName, parseOrdinal, statefulSetSync, type SetPod, type StatefulSetSyncInput } from '../../../models/controllers/policy/statefulset.js';

const up = (ordinal: number, revision = 'r1'): SetPod => ({ ordinal, phase: 'Running', ready: true, available: true, terminating: false, revision });
const pending = (ordinal: number, revision = 'r1'): SetPod => ({ ordinal, phase: 'Pending', ready: false, available: false, terminating: false, revision });
const base = (o: Partial<StatefulSetSyncInput>): StatefulSetSyncInput => ({
  setName: 'webapp', replicas: 3, podManagementPolicy: 'OrderedReady', updateStrategy: 'RollingUpdate',
  currentRevision: 'r1', updateRevision: 'r1', pods: [], ...o,
});

test('names: pods and the book\'s PVCs', () => {
  assert.is(podName('webapp', 0), 'webapp-0');
  assert.equal([0, 1, 2].map((o) => pvcName('www', 'webapp', o)), ['www-webapp-0', 'www-webapp-1', 'www-webapp-2']);
  assert.is(parseOrdinal('webapp', 'webapp-12'), 12);
  assert.is(parseOrdinal('webapp', 'web-1'), undefined);
  assert.is(parseOrdinal('web', 'web-app-1'), undefined);
});

test('OrderedReady scale 0→3: webapp-0, wait for Running&Ready, then webapp-1, then webapp-2 (book §6.4)', () => {
  let r = statefulSetSync(base({ pods: [] }));
  assert.equal(r.actions, [{ create: { ordinal: 0, name: 'webapp-0', revision: 'r1' } }]);
  r = statefulSetSync(base({ pods: [pending(0)] }));
  assert.equal(r, { actions: [], waitingOn: { ordinal: 0, reason: 'notReady' } });
  r = statefulSetSync(base({ pods: [{ ...up(0), available: false }] }));
  assert.equal(r.waitingOn, { ordinal: 0, reason: 'notAvailable' });
  r = statefulSetSync(base({ pods: [up(0)] }));
  assert.equal(r.actions, [{ create: { ordinal: 1, name: 'webapp-1', revision: 'r1' } }]);
  r = statefulSetSync(base({ pods: [up(0), up(1)] }));
  assert.equal(r.actions, [{ create: { ordinal: 2, name: 'webapp-2', revision: 'r1' } }]);
  assert.equal(statefulSetSync(base({ pods: [up(0), up(1), up(2)] })), { actions: [] });
});

test('OrderedReady: a failed pod is deleted (and recreated next sync) before anything else', () => {
  const r = statefulSetSync(base({ pods: [up(0), { ...up(1), phase: 'Failed', ready: false }] }));
  assert.equal(r.actions, [{ delete: { ordinal: 1, name: 'webapp-1', why: 'finished' } }]);
  assert.equal(r.waitingOn, { ordinal: 1, reason: 'finished' });
});

test('OrderedReady scale 3→1: delete webapp-2, wait for it to go, then webapp-1', () => {
  let r = statefulSetSync(base({ replicas: 1, pods: [up(0), up(1), up(2)] }));
  assert.equal(r.actions, [{ delete: { ordinal: 2, name: 'webapp-2', why: 'condemned' } }]);
  r = statefulSetSync(base({ replicas: 1, pods: [up(0), up(1), { ...up(2), terminating: true }] }));
  assert.equal(r, { actions: [], waitingOn: { ordinal: 2, reason: 'terminating' } });
  r = statefulSetSync(base({ replicas: 1, pods: [up(0), up(1)] }));
  assert.equal(r.actions, [{ delete: { ordinal: 1, name: 'webapp-1', why: 'condemned' } }]);
  // Scale-down waits for in-range replicas to be healthy.
  r = statefulSetSync(base({ replicas: 1, pods: [pending(0), up(1)] }));
  assert.equal(r, { actions: [], waitingOn: { ordinal: 0, reason: 'notReady' } });
  // An unhealthy condemned pod blocks unless it is the first unhealthy one.
  r = statefulSetSync(base({ replicas: 1, pods: [up(0), pending(1), pending(2)] }));
  assert.equal(r, { actions: [], waitingOn: { ordinal: 2, reason: 'condemnedNotHealthy' } });
  r = statefulSetSync(base({ replicas: 1, pods: [up(0), pending(1), up(2)] }));
  assert.equal(r.actions, [{ delete: { ordinal: 2, name: 'webapp-2', why: 'condemned' } }]);
  r = statefulSetSync(base({ replicas: 1, pods: [up(0), pending(1)] }));
  assert.equal(r.actions, [{ delete: { ordinal: 1, name: 'webapp-1', why: 'condemned' } }]);
});

test('Parallel: creates all missing pods at once, deletes all condemned at once', () => {
  let r = statefulSetSync(base({ podManagementPolicy: 'Parallel', pods: [] }));
  assert.equal(r.actions.map((a) => ('create' in a ? a.create.name : '')), ['webapp-0', 'webapp-1', 'webapp-2']);
  r = statefulSetSync(base({ podManagementPolicy: 'Parallel', replicas: 1, pods: [pending(0), up(1), up(2)] }));
  assert.equal(r.actions, [
    { delete: { ordinal: 2, name: 'webapp-2', why: 'condemned' } },
    { delete: { ordinal: 1, name: 'webapp-1', why: 'condemned' } },
  ]);
});

test('RollingUpdate with partition 1: ordinal 2 then 1, one at a time, never 0', () => {
  const o = { currentRevision: 'r1', updateRevision: 'r2', partition: 1 };
  let r = statefulSetSync(base({ ...o, pods: [up(0), up(1), up(2)] }));
  assert.equal(r.actions, [{ delete: { ordinal: 2, name: 'webapp-2', why: 'update' } }]);
  r = statefulSetSync(base({ ...o, pods: [up(0), up(1), { ...up(2), terminating: true }] }));
  assert.equal(r.waitingOn, { ordinal: 2, reason: 'terminating' });
  r = statefulSetSync(base({ ...o, pods: [up(0), up(1)] }));
  assert.equal(r.actions, [{ create: { ordinal: 2, name: 'webapp-2', revision: 'r2' } }]);
  r = statefulSetSync(base({ ...o, pods: [up(0), up(1), pending(2, 'r2')] }));
  assert.equal(r.waitingOn, { ordinal: 2, reason: 'notReady' });
  r = statefulSetSync(base({ ...o, pods: [up(0), up(1), up(2, 'r2')] }));
  assert.equal(r.actions, [{ delete: { ordinal: 1, name: 'webapp-1', why: 'update' } }]);
  r = statefulSetSync(base({ ...o, pods: [up(0), up(1, 'r2'), up(2, 'r2')] }));
  assert.equal(r, { actions: [] });
  // A pod below the partition that disappears is recreated at the current revision.
  r = statefulSetSync(base({ ...o, pods: [up(1, 'r2'), up(2, 'r2')] }));
  assert.equal(r.actions, [{ create: { ordinal: 0, name: 'webapp-0', revision: 'r1' } }]);
});

test('RollingUpdate waits for an unhealthy updated pod above the target; OnDelete never deletes', () => {
  const o = { currentRevision: 'r1', updateRevision: 'r2' };
  const r = statefulSetSync(base({ ...o, podManagementPolicy: 'Parallel', pods: [up(0), up(1), { ...up(2, 'r2'), ready: false, available: false }] }));
  assert.equal(r, { actions: [], waitingOn: { ordinal: 2, reason: 'updateNotHealthy' } });
  assert.equal(statefulSetSync(base({ ...o, updateStrategy: 'OnDelete', pods: [up(0), up(1), up(2)] })), { actions: [] });
  // OnDelete: a pod deleted by the user comes back at the update revision.
  assert.equal(statefulSetSync(base({ ...o, updateStrategy: 'OnDelete', pods: [up(1), up(2)] })).actions,
    [{ create: { ordinal: 0, name: 'webapp-0', revision: 'r2' } }]);
});

test('ordinals.start shifts names and the partition', () => {
  const r = statefulSetSync(base({ ordinalsStart: 5, replicas: 2, pods: [up(5)] }));
  assert.equal(r.actions, [{ create: { ordinal: 6, name: 'webapp-6', revision: 'r1' } }]);
  const c = statefulSetSync(base({ ordinalsStart: 5, replicas: 2, pods: [up(0), up(5), up(6)] }));
  assert.equal(c.actions, [{ delete: { ordinal: 0, name: 'webapp-0', why: 'condemned' } }]);
});

test.run();
