// A cluster snapshot keeps its ownerReferences: owners are created first and references carried
// to the uids the simulated API server gave them, so controllers adopt what they owned.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { ownersFirst, carryOwnerReferences } from '../../scenarios/snapshot.js';
import type { Manifest } from '../../scenarios/build.js';
import { runFiles } from '../../runner/simulate.js';
import { packageRoot } from '../helpers.js';

const m = (name: string, uid?: string, owner?: string): Manifest => ({
  doc: undefined as never,
  obj: { apiVersion: 'v1', kind: 'X', metadata: { name, ...(uid ? { uid } : {}), ...(owner ? { ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'o', uid: owner }] } : {}) } } as never,
});

test('owners first, otherwise file order; no uids means no change at all', () => {
  const pod = m('pod', 'p', 'rs');
  const rs = m('rs', 'rs', 'd');
  const plain = m('plain');
  const d = m('d', 'd');
  const other = m('other', undefined, 'not-in-snapshot');
  assert.equal(ownersFirst([pod, plain, rs, other, d]).map((x) => x.obj.metadata.name), ['plain', 'other', 'd', 'rs', 'pod']);
  const noUids = [m('a'), m('b', undefined, 'x'), m('c')];
  assert.equal(ownersFirst(noUids), noUids);
  const loop = [m('a', 'a', 'b'), m('b', 'b', 'a')];
  assert.equal(ownersFirst(loop).length, 2, 'a cycle of owners does not hang');
});

test('references to snapshot uids are rewritten; others are left alone', () => {
  const obj = { metadata: { ownerReferences: [{ uid: 'old' }, { uid: 'elsewhere' }] } };
  carryOwnerReferences(obj, new Map([['old', 'new']]));
  assert.equal(obj.metadata.ownerReferences.map((r) => r.uid), ['new', 'elsewhere']);
});

test('the bundled snapshot: the Deployment adopts its ReplicaSet, which adopts its pod — no rollout, no extra pod, no scheduling', () => {
  const lines: string[] = [];
  const r = runFiles([join(packageRoot(), 'scenarios', 'examples', 'snapshot.yaml')], { seed: 1, watch: 'events', print: (l) => lines.push(l) });
  // one pod from the snapshot, two from the scale to 3 at 60s
  assert.is(r.summary.pods_created, 3);
  assert.is(r.summary.pods_ready, 3);
  const text = lines.join('\n');
  assert.not.ok(/Scaled up replica set web-\w+ to 1/.test(text), 'no new ReplicaSet at t=0');
  assert.match(text, /Scaled up replica set web-6d4cf56db6 to 3/);
  assert.not.ok(/Scheduled +pod\/web-6d4cf56db6-abcde/.test(text), 'the snapshot pod keeps its node');
  assert.match(text, /pod\/web-6d4cf56db6-abcde +1\/1 +Running +2 +30s +<none> +pool-1/, 'Running with the restart count the snapshot gave');
  assert.not.ok(/(Pulling|Pulled|Created|Started) +pod\/web-6d4cf56db6-abcde/.test(text), 'found running: no pull, no container start');
});

test.run();
