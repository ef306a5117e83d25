import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiError } from '../../../models/api/errors.js';
import { itemExponentialBackoff } from '../../../models/controllers/policy/rate-limiter.js';
import type { GenericObject, Pod } from '../../../models/api/types.js';
import { cluster, container, obj, pod, reasons, replicaSet } from '../../models/cluster-helpers.js';

function refused(f: () => unknown): ApiError {
  try { f(); } catch (e) { if (e instanceof ApiError) return e; throw e; }
  throw new Error('expected an ApiError');
}

test('Priority: class value and preemptionPolicy, built-ins, globalDefault, unknown class refused', () => {
  const { model } = cluster(1);
  model.create(obj('scheduling.k8s.io/v1', 'PriorityClass', 'high', { value: 1000, preemptionPolicy: 'Never' }));
  const a = model.create(pod('a', { priorityClassName: 'high' }));
  assert.is(a.spec.priority, 1000);
  assert.is(a.spec.preemptionPolicy, 'Never');
  const b = model.create(pod('b', { priorityClassName: 'system-node-critical' }));
  assert.is(b.spec.priority, 2000001000);
  const c = model.create(pod('c', { priorityClassName: 'system-cluster-critical' }));
  assert.is(c.spec.priority, 2000000000);
  const d = model.create(pod('d'));
  assert.is(d.spec.priority, 0);
  assert.is(d.spec.preemptionPolicy, 'PreemptLowerPriority');
  model.create(obj('scheduling.k8s.io/v1', 'PriorityClass', 'normal', { value: 10, globalDefault: true }));
  const e = model.create(pod('e'));
  assert.is(e.spec.priority, 10);
  assert.is(e.spec.priorityClassName, 'normal');
  const err = refused(() => model.create(pod('f', { priorityClassName: 'nope' })));
  assert.is(err.message, 'pods "f" is forbidden: no PriorityClass with name nope was found');
  assert.is(err.reason, 'Forbidden');
  assert.not.ok(model.store.exists('Pod', 'default', 'f'));
});

test('DefaultTolerationSeconds: not-ready and unreachable NoExecute for 300s unless tolerated', () => {
  const { model } = cluster(1);
  const a = model.create(pod('a'));
  assert.equal(a.spec.tolerations, [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ]);
  const b = model.create(pod('b', { tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }] }));
  assert.equal(b.spec.tolerations!.map((t) => [t.key, t.tolerationSeconds]), [
    ['node.kubernetes.io/unreachable', 10], ['node.kubernetes.io/not-ready', 300]]);
  const c = model.create(pod('c', { tolerations: [{ operator: 'Exists' }] }));
  assert.equal(c.spec.tolerations, [{ operator: 'Exists' }]);
});

const limitRange = (spec: Record<string, unknown>, name = 'limits') =>
  obj('v1', 'LimitRange', name, { spec: { limits: [{ type: 'Container', ...spec }] } }, 'default');

test('LimitRanger: defaults written into the spec with the annotation; min/max refused with upstream messages', () => {
  const { model } = cluster(1);
  model.create(limitRange({ default: { cpu: '500m', memory: '256Mi' }, defaultRequest: { cpu: '100m', memory: '64Mi' },
    max: { cpu: '1', memory: '512Mi' }, min: { cpu: '50m' } }));
  const a = model.create(pod('a', { containers: [container('app')] }));
  assert.equal(a.spec.containers[0]!.resources, { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '64Mi' } });
  assert.is(a.metadata.annotations!['kubernetes.io/limit-ranger'],
    'LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app');
  assert.is(model.api.resourcesOf(a).requests.cpu, 100);
  // The user's own values stay; only what is missing is filled in.
  const b = model.create(pod('b', { containers: [container('app', { cpu: '200m' })] }));
  assert.equal(b.spec.containers[0]!.resources, { requests: { cpu: '200m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
  const big = refused(() => model.create(pod('big', { containers: [container('app', { cpu: '2' }, { cpu: '2' })] })));
  assert.is(big.message, 'pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2');
  const small = refused(() => model.create(pod('small', { containers: [container('app', { cpu: '10m' })] })));
  assert.is(small.message, 'pods "small" is forbidden: minimum cpu usage per Container is 50m, but request is 10m');
  assert.not.ok(model.store.exists('Pod', 'default', 'big'));
  // Other namespaces are not affected.
  const other = model.create(pod('x', {}, 'other'));
  assert.is(other.spec.containers[0]!.resources, undefined);
});

test('LimitRange objects upstream would refuse are refused on create (the book 7.6 example)', () => {
  const { model } = cluster(1);
  const err = refused(() => model.create(limitRange({
    default: { cpu: '600m', memory: '100Mi' }, defaultRequest: { cpu: '100m', memory: '50Mi' },
    max: { cpu: '100m', memory: '200Mi' }, min: { cpu: '10m', memory: '10Mi' },
  }, 'demo')));
  assert.is(err.reason, 'Invalid');
  assert.is(err.message, 'LimitRange "demo" is invalid: spec.limits[0].default[cpu]: Invalid value: "100m": default value 600m is greater than max value 100m');
  assert.not.ok(model.store.exists('LimitRange', 'default', 'demo'));
});

const quota = (hard: Record<string, string>, name = 'demo') => obj('v1', 'ResourceQuota', name, { spec: { hard } }, 'default');
const used = (model: ReturnType<typeof cluster>['model'], name = 'demo') =>
  (model.store.get<GenericObject>('ResourceQuota', 'default', name)!.status as { used: Record<string, string> }).used;

test('ResourceQuota: charged at admission, refused with upstream messages, released when pods go', () => {
  const { model } = cluster(1);
  model.create(quota({ 'requests.cpu': '500m', 'requests.memory': '100Mi', 'limits.cpu': '700m', 'limits.memory': '500Mi' }));
  assert.equal(used(model), { 'limits.cpu': '0', 'limits.memory': '0', 'requests.cpu': '0', 'requests.memory': '0' });
  const missing = refused(() => model.create(pod('bare')));
  assert.is(missing.message, 'pods "bare" is forbidden: failed quota: demo: must specify limits.cpu for: app; limits.memory for: app; requests.cpu for: app; requests.memory for: app');
  const spec = { containers: [container('app', { cpu: '200m', memory: '40Mi' }, { cpu: '300m', memory: '100Mi' })] };
  const a = model.create(pod('a', spec));
  model.create(pod('b', spec));
  assert.equal(used(model), { 'limits.cpu': '600m', 'limits.memory': '200Mi', 'requests.cpu': '400m', 'requests.memory': '80Mi' });
  const over = refused(() => model.create(pod('c', spec)));
  assert.is(over.message, 'pods "c" is forbidden: exceeded quota: demo, requested: limits.cpu=300m,requests.cpu=200m,requests.memory=40Mi, used: limits.cpu=600m,requests.cpu=400m,requests.memory=80Mi, limited: limits.cpu=700m,requests.cpu=500m,requests.memory=100Mi');
  model.api.delete(a); // unbound: removed at once
  assert.equal(used(model), { 'limits.cpu': '300m', 'limits.memory': '100Mi', 'requests.cpu': '200m', 'requests.memory': '40Mi' });
  model.create(pod('c', spec));
  assert.is(used(model)['requests.cpu'], '400m');
});

test('ResourceQuota created after pods counts them; terminal pods are released', () => {
  const { model } = cluster(1);
  const spec = { containers: [container('app', { cpu: '100m' })] };
  const a = model.create(pod('a', spec));
  const b = model.create(pod('b', spec));
  model.create(quota({ pods: '5', 'requests.cpu': '1' }));
  assert.equal(used(model), { pods: '2', 'requests.cpu': '200m' });
  model.runUntil(10_000);
  model.kubelet.evict(a, 'Evicted', 'test'); // terminal (Failed): no longer charged
  assert.is(a.status.phase, 'Failed');
  assert.equal(used(model), { pods: '1', 'requests.cpu': '100m' });
  model.api.delete(b); // graceful: released when the kubelet removes it
  model.runUntil(60_000);
  assert.not.ok(model.store.exists('Pod', 'default', 'b'));
  assert.equal(used(model), { pods: '0', 'requests.cpu': '0' });
});

test('rate limiter: 5ms doubling to 1000s', () => {
  assert.equal([0, 1, 2, 3].map((n) => itemExponentialBackoff(n)), [5, 10, 20, 40]);
  assert.is(itemExponentialBackoff(17), 655_360);
  assert.is(itemExponentialBackoff(18), 1_000_000);
  assert.is(itemExponentialBackoff(100), 1_000_000);
});

test('a refused pod is never created; the ReplicaSet records FailedCreate and retries with back-off, then succeeds', () => {
  const { model, events } = cluster(1);
  model.create(quota({ pods: '1' }));
  model.create(replicaSet('web', 2));
  model.runUntil(1000);
  const pods = [...model.store.list<Pod>('Pod')];
  assert.is(pods.length, 1);
  const failed = reasons(events, 'FailedCreate');
  assert.ok(failed.length >= 2, 'retried');
  assert.match(failed[0]!.message, /^Error creating: pods "web-[a-z0-9]{5}" is forbidden: exceeded quota: demo, requested: pods=1, used: pods=1, limited: pods=1$/);
  // Retries back off: 5, 10, 20 … ms after the first failure.
  const times = failed.map((e) => e.time);
  for (let i = 2; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= times[i - 1]! - times[i - 2]!, `${times}`);
  // Raise the quota: the next retry creates the pod.
  const q = model.store.get<GenericObject>('ResourceQuota', 'default', 'demo')!;
  (q.spec as { hard: Record<string, string> }).hard.pods = '2';
  model.store.update(q, true);
  model.runUntil(3_000_000);
  assert.is([...model.store.list<Pod>('Pod')].length, 2);
});

test.run();
