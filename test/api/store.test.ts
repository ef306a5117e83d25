// The object store's lookups and its order of announcements. The store keeps each kind's objects
// twice (a creation-ordered map by "namespace/name" key for list/getByKey, and namespace → name
// maps for get/exists/listInNamespace): these tests pin that both views always agree, and that
// observers and watchers hear changes in registration order.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../sim/index.js';
import { ObjectStore, StoreError, keyOf, objectKey, type WatchType } from '../../models/api/store.js';
import type { KObject } from '../../models/api/types.js';

function obj(kind: string, name: string, namespace?: string): KObject {
  return { apiVersion: 'v1', kind, metadata: namespace === undefined ? { name } : { name, namespace } } as KObject;
}

const names = (objs: Iterable<KObject>) => [...objs].map((o) => keyOf(o));

test('get, exists and getByKey agree for namespaced and cluster-scoped objects', () => {
  const s = new ObjectStore(new Simulation());
  const a = s.create(obj('Pod', 'a', 'ns1'));
  const b = s.create(obj('Pod', 'a', 'ns2'));
  const n = s.create(obj('Node', 'n1'));
  assert.is(s.get('Pod', 'ns1', 'a'), a);
  assert.is(s.get('Pod', 'ns2', 'a'), b);
  assert.is(s.getByKey('Pod', 'ns2/a'), b);
  assert.ok(s.exists('Pod', 'ns1', 'a'));
  assert.not.ok(s.exists('Pod', 'ns3', 'a'));
  assert.not.ok(s.exists('Pod', undefined, 'a'));
  assert.not.ok(s.exists('Service', 'ns1', 'a'));
  // objectKey folds an empty namespace into "cluster-scoped": so do the lookups.
  assert.is(s.get('Node', undefined, 'n1'), n);
  assert.is(s.get('Node', '', 'n1'), n);
  assert.is(s.getByKey('Node', objectKey(undefined, 'n1')), n);
  assert.is(s.count('Pod'), 2);
  assert.is(s.count('Deployment'), 0);
});

test('create refuses a second object of the same kind, namespace and name', () => {
  const s = new ObjectStore(new Simulation());
  s.create(obj('Pod', 'a', 'ns1'));
  assert.throws(() => s.create(obj('Pod', 'a', 'ns1')), (e: unknown) => e instanceof StoreError && /pods "a" already exists/.test(e.message));
  // '' and absent are the same (cluster-scoped) key.
  s.create(obj('Node', 'n1'));
  assert.throws(() => s.create(obj('Node', 'n1', '')), (e: unknown) => e instanceof StoreError);
  s.create(obj('Pod', 'a', 'ns2'));
  s.create(obj('Service', 'a', 'ns1'));
  assert.is(s.count('Pod'), 2);
});

test('list and listInNamespace keep creation order through removes and re-creates', () => {
  const s = new ObjectStore(new Simulation());
  const made = [['x', 'b'], ['y', 'a'], ['x', 'a'], ['y', 'c'], ['x', 'c']].map(([ns, n]) => s.create(obj('Pod', n!, ns)));
  assert.equal(names(s.list('Pod')), ['x/b', 'y/a', 'x/a', 'y/c', 'x/c']);
  assert.equal(names(s.listInNamespace('Pod', 'x')), ['x/b', 'x/a', 'x/c']);
  s.remove(made[0]!);
  const again = s.create(obj('Pod', 'b', 'x'));
  assert.equal(names(s.list('Pod')), ['y/a', 'x/a', 'y/c', 'x/c', 'x/b']);
  assert.equal(names(s.listInNamespace('Pod', 'x')), ['x/a', 'x/c', 'x/b']);
  assert.is(s.get('Pod', 'x', 'b'), again);
  assert.is(s.getByKey('Pod', 'x/b'), again);
  assert.equal(s.listInNamespace('Pod', 'z'), []);
  assert.equal(s.listInNamespace('Service', 'x'), []);
});

test('remove of an object no longer stored (a replaced one) changes nothing', () => {
  const s = new ObjectStore(new Simulation());
  const old = s.create(obj('Pod', 'a', 'ns'));
  s.remove(old);
  const cur = s.create(obj('Pod', 'a', 'ns'));
  s.remove(old);
  assert.is(s.get('Pod', 'ns', 'a'), cur);
  assert.is(s.getByKey('Pod', 'ns/a'), cur);
  assert.is(s.count('Pod'), 1);
  assert.is(s.getByUid(cur.metadata.uid!), cur);
  assert.is(s.getByUid(old.metadata.uid!), undefined);
  s.remove(obj('Pod', 'never', 'ns'));
  s.remove(obj('Secret', 'never', 'ns'));
  assert.is(s.count('Pod'), 1);
});

test('observers hear a change at once, watchers after the informer latency, each in registration order', () => {
  const sim = new Simulation();
  const s = new ObjectStore(sim, 100);
  const heard: string[] = [];
  const rec = (who: string) => (t: WatchType, o: KObject) => heard.push(`${sim.now} ${who} ${t} ${o.metadata.name}`);
  s.watch('Pod', rec('w1'));
  s.observe('Pod', rec('o1'));
  s.watch('Pod', rec('w2'));
  s.observe('Pod', rec('o2'));
  const p = s.create(obj('Pod', 'p', 'ns'));
  s.update(p);
  s.create(obj('Node', 'unwatched'));
  assert.equal(heard, ['0 o1 ADDED p', '0 o2 ADDED p', '0 o1 MODIFIED p', '0 o2 MODIFIED p']);
  // A watcher added before the delivery runs hears it too (the delivery reads the kind's list then).
  s.watch('Pod', rec('w3'));
  sim.runUntilEmpty();
  assert.equal(heard.slice(4), ['100 w1 ADDED p', '100 w2 ADDED p', '100 w3 ADDED p', '100 w1 MODIFIED p', '100 w2 MODIFIED p', '100 w3 MODIFIED p']);
  s.remove(p);
  sim.runUntilEmpty();
  assert.equal(heard.slice(10), ['100 o1 DELETED p', '100 o2 DELETED p', '200 w1 DELETED p', '200 w2 DELETED p', '200 w3 DELETED p']);
});

test('a kind first watched after a change does not hear that change', () => {
  const sim = new Simulation();
  const s = new ObjectStore(sim, 0);
  const heard: string[] = [];
  s.create(obj('Service', 'before', 'ns'));
  s.watch('Service', (t, o) => heard.push(`${t} ${o.metadata.name}`));
  s.create(obj('Service', 'after', 'ns'));
  sim.runUntilEmpty();
  assert.equal(heard, ['ADDED after']);
});

test('dependents are indexed by owner uid and follow ownerReferences', () => {
  const s = new ObjectStore(new Simulation());
  const owner = s.create(obj('ReplicaSet', 'rs', 'ns'));
  const ref = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: owner.metadata.uid!, controller: true };
  const child = obj('Pod', 'c', 'ns');
  child.metadata.ownerReferences = [ref];
  s.create(child);
  assert.equal([...s.dependentsOf(owner.metadata.uid!)], [child]);
  s.setOwnerReferences(child, []);
  assert.equal([...s.dependentsOf(owner.metadata.uid!)], []);
  s.setOwnerReferences(child, [ref]);
  s.remove(child);
  assert.equal([...s.dependentsOf(owner.metadata.uid!)], []);
});

test('changes announced back to back share one delivery event, in announcement order', () => {
  const sim = new Simulation();
  const s = new ObjectStore(sim, 50);
  const heard: string[] = [];
  s.watch('Pod', (t, o) => heard.push(`${sim.now} pod ${t} ${o.metadata.name}`));
  s.watch('Node', (t, o) => heard.push(`${sim.now} node ${t} ${o.metadata.name}`));
  const a = s.create(obj('Pod', 'a', 'ns'));
  s.create(obj('Node', 'n'));
  s.update(a);
  s.create(obj('Pod', 'b', 'ns'));
  sim.runUntilEmpty();
  assert.equal(heard, ['50 pod ADDED a', '50 node ADDED n', '50 pod MODIFIED a', '50 pod ADDED b']);
  assert.is(sim.stats.dispatched, 1);
});

test('an event scheduled between two changes runs between their deliveries, as it would with one event per change', () => {
  for (const latency of [0, 50]) {
    const sim = new Simulation();
    const s = new ObjectStore(sim, latency);
    const heard: string[] = [];
    s.watch('Pod', (t, o) => heard.push(`${t} ${o.metadata.name}`));
    s.create(obj('Pod', 'a', 'ns'));
    sim.postAfter(latency, () => heard.push('other'), undefined);
    s.create(obj('Pod', 'b', 'ns'));
    s.create(obj('Pod', 'c', 'ns'));
    // An event for another instant also ends the batch (the count cannot tell instants apart).
    sim.postAfter(latency + 1, () => heard.push('later'), undefined);
    s.create(obj('Pod', 'd', 'ns'));
    sim.runUntilEmpty();
    assert.equal(heard, ['ADDED a', 'other', 'ADDED b', 'ADDED c', 'ADDED d', 'later'], `latency ${latency}`);
    assert.is(sim.stats.dispatched, 5, `latency ${latency}`);
  }
});

test('a change announced at a later instant, or from inside a delivery, gets a delivery of its own', () => {
  const sim = new Simulation();
  const s = new ObjectStore(sim, 0);
  const heard: string[] = [];
  let chained = false;
  s.watch('Pod', (t, o) => {
    heard.push(`${sim.now} ${t} ${o.metadata.name}`);
    // With no informer latency, a change made while hearing one is due now: after this delivery.
    if (!chained) {
      chained = true;
      s.update(o);
      s.create(obj('Pod', 'from-handler', 'ns'));
    }
  });
  s.watch('Pod', (t, o) => heard.push(`${sim.now} second ${t} ${o.metadata.name}`));
  s.create(obj('Pod', 'a', 'ns'));
  s.create(obj('Pod', 'b', 'ns'));
  sim.runUntil(10);
  s.create(obj('Pod', 'c', 'ns'));
  sim.runUntilEmpty();
  assert.equal(heard, [
    '0 ADDED a', '0 second ADDED a', '0 ADDED b', '0 second ADDED b',
    '0 MODIFIED a', '0 second MODIFIED a', '0 ADDED from-handler', '0 second ADDED from-handler',
    '10 ADDED c', '10 second ADDED c',
  ]);
  assert.is(sim.stats.dispatched, 3);
});

test.run();
