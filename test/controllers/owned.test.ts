// The controller skeleton shared by every controller shell: what an owner controls (controller
// references only), the Deployment → ReplicaSets → Pods walk, queue keys back to objects, and
// which owners a child change queues.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../sim/index.js';
import { ObjectStore } from '../../models/api/store.js';
import type { KObject, OwnerReference } from '../../models/api/types.js';
import { controlledBy, enqueueController, enqueueOwners, ownedPods, podsOfDeployment } from '../../models/controllers/owned.js';
import { getByKey } from '../../models/controllers/workqueue.js';

const store = () => new ObjectStore(new Simulation());

function make(s: ObjectStore, kind: string, name: string, o: { ns?: string | null; owners?: Array<[KObject, boolean]>; labels?: Record<string, string>; selector?: Record<string, string> } = {}): KObject {
  const refs: OwnerReference[] = (o.owners ?? []).map(([owner, controller]) =>
    ({ apiVersion: 'v1', kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid!, controller }));
  const obj = {
    apiVersion: 'v1', kind,
    metadata: { name, ...(o.ns === null ? {} : { namespace: o.ns ?? 'default' }), ...(refs.length ? { ownerReferences: refs } : {}), ...(o.labels ? { labels: o.labels } : {}) },
    spec: o.selector ? { selector: { matchLabels: o.selector } } : {},
  } as unknown as KObject;
  return s.create(obj);
}
const names = (objs: readonly KObject[]) => objs.map((o) => o.metadata.name);

test('ownedPods / controlledBy: only objects whose controller reference names the owner, of that kind, in creation order', () => {
  const s = store();
  const rs = make(s, 'ReplicaSet', 'rs');
  const other = make(s, 'ReplicaSet', 'other');
  make(s, 'Pod', 'b', { owners: [[rs, true]] });
  make(s, 'Pod', 'plain-ref', { owners: [[rs, false]] }); // an ownerReference, not the controller
  make(s, 'Pod', 'others', { owners: [[rs, false], [other, true]] });
  make(s, 'Pod', 'a', { owners: [[rs, true]] });
  make(s, 'ConfigMap', 'cm', { owners: [[rs, true]] });
  assert.equal(names(ownedPods(s, rs.metadata.uid!)), ['b', 'a']);
  assert.equal(names(ownedPods(s, other.metadata.uid!)), ['others']);
  assert.equal(names(controlledBy(s, rs.metadata.uid!, 'ConfigMap')), ['cm']);
  assert.equal(ownedPods(s, 'no-such-uid'), []);
});

test('podsOfDeployment: the pods of every ReplicaSet the Deployment controls, ReplicaSet by ReplicaSet', () => {
  const s = store();
  const d = make(s, 'Deployment', 'web');
  const old = make(s, 'ReplicaSet', 'web-1', { owners: [[d, true]] });
  const cur = make(s, 'ReplicaSet', 'web-2', { owners: [[d, true]] });
  const stray = make(s, 'ReplicaSet', 'stray', { owners: [[d, false]] });
  make(s, 'Pod', 'n1', { owners: [[cur, true]] });
  make(s, 'Pod', 'o1', { owners: [[old, true]] });
  make(s, 'Pod', 'o2', { owners: [[old, true]] });
  make(s, 'Pod', 's1', { owners: [[stray, true]] });
  make(s, 'Pod', 'd1', { owners: [[d, true]] }); // a pod the Deployment controls directly is no RS pod
  assert.equal(names(podsOfDeployment(s, d.metadata.uid!)), ['o1', 'o2', 'n1']);
});

test('getByKey: namespace/name and cluster-scoped name keys; undefined once the object is gone', () => {
  const s = store();
  const rs = make(s, 'ReplicaSet', 'web', { ns: 'prod' });
  const node = make(s, 'Node', 'n-0', { ns: null });
  assert.is(getByKey(s, 'ReplicaSet', 'prod/web'), rs);
  assert.is(getByKey(s, 'ReplicaSet', 'default/web'), undefined);
  assert.is(getByKey(s, 'Node', 'n-0'), node);
  s.remove(rs);
  assert.is(getByKey(s, 'ReplicaSet', 'prod/web'), undefined);
});

test('enqueueOwners: the controller of that kind; an orphan queues the matching owners of its namespace', () => {
  const s = store();
  const web = make(s, 'ReplicaSet', 'web', { selector: { app: 'web' } });
  make(s, 'ReplicaSet', 'api', { selector: { app: 'api' } });
  make(s, 'ReplicaSet', 'web-too', { selector: { app: 'web' } });
  make(s, 'ReplicaSet', 'web-elsewhere', { ns: 'other', selector: { app: 'web' } });
  const job = make(s, 'Job', 'batch');
  const queued = (child: KObject) => {
    const keys: string[] = [];
    enqueueOwners(s, { add: (k) => keys.push(k) }, child, 'ReplicaSet');
    return keys;
  };
  assert.equal(queued(make(s, 'Pod', 'owned', { owners: [[web, true]], labels: { app: 'api' } })), ['default/web'], 'its controller, whatever its labels');
  assert.equal(queued(make(s, 'Pod', 'jobs', { owners: [[job, true]], labels: { app: 'web' } })), [], 'controlled by another kind');
  assert.equal(queued(make(s, 'Pod', 'orphan', { labels: { app: 'web' } })), ['default/web', 'default/web-too']);
  assert.equal(queued(make(s, 'Pod', 'unmatched', { labels: { app: 'db' } })), []);
});

test('enqueueController: only a controller of that kind; reports whether the child has one', () => {
  const s = store();
  const job = make(s, 'Job', 'batch', { ns: 'ci' });
  const rs = make(s, 'ReplicaSet', 'web');
  const keys: string[] = [];
  const q = { add: (k: string) => keys.push(k) };
  assert.is(enqueueController(q, make(s, 'Pod', 'j', { ns: 'ci', owners: [[job, true]] }), 'Job'), true);
  assert.is(enqueueController(q, make(s, 'Pod', 'r', { owners: [[rs, true]] }), 'Job'), true);
  assert.is(enqueueController(q, make(s, 'Pod', 'plain', { owners: [[job, false]] }), 'Job'), false, 'a plain owner reference is no controller');
  assert.equal(keys, ['ci/batch']);
});

test.run();
