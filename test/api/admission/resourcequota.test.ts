import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ContainerResources } from '../../../models/api/types.js';
import {
  podQuotaUsage, podQuotaConstraintError, podTrackedResources, admitPodToQuotas, admitToQuotas, objectCountUsage,
  quotaMatchesPod, applyUsage, prettyPrintResources, type QuotaNumbers, type QuotaPod,
} from '../../../models/api/policy/resource-quota.js';

const Mi = 1024 * 1024;
const Gi = 1024 * Mi;
const c = (name: string, requests: Record<string, number> = {}, limits: Record<string, number> = {}): ContainerResources =>
  ({ name, requests, limits });
const pod = (name: string, containers: ContainerResources[], extra: Partial<QuotaPod> = {}): QuotaPod => ({ name, containers, ...extra });

test('pod usage: pods, requests/limits aliases, count/pods, extended resources, init max', () => {
  const p = pod('web', [c('app', { cpu: 250, memory: 64 * Mi, 'nvidia.com/gpu': 1 }, { cpu: 500, memory: 128 * Mi, 'nvidia.com/gpu': 1 })],
    { initContainers: [c('init', { cpu: 1000 })] });
  assert.equal(podQuotaUsage(p), {
    'count/pods': 1, pods: 1, cpu: 1000, 'requests.cpu': 1000, 'limits.cpu': 500, memory: 64 * Mi, 'requests.memory': 64 * Mi,
    'limits.memory': 128 * Mi, 'requests.nvidia.com/gpu': 1,
  });
});

test('terminal pods and pods past deletion+grace only count as count/pods', () => {
  const base = [c('app', { cpu: 100 })];
  assert.equal(podQuotaUsage(pod('a', base, { phase: 'Succeeded' })), { 'count/pods': 1 });
  assert.equal(podQuotaUsage(pod('a', base, { phase: 'Failed' })), { 'count/pods': 1 });
  const deleting = pod('a', base, { phase: 'Running', deletionTimestamp: 10_000, deletionGracePeriodSeconds: 30 });
  assert.is(podQuotaUsage(deleting, 40_000).pods, 1);
  assert.equal(podQuotaUsage(deleting, 40_001), { 'count/pods': 1 });
});

test('object counts', () => {
  assert.equal(objectCountUsage('deployments.apps'), { 'count/deployments.apps': 1 });
  assert.equal(objectCountUsage('services', { serviceType: 'LoadBalancer' }),
    { 'count/services': 1, services: 1, 'services.loadbalancers': 1, 'services.nodeports': 1 });
  const q: QuotaNumbers = { name: 'objects', hard: { 'count/deployments.apps': 2, services: 5 }, used: { 'count/deployments.apps': 2, services: 0 } };
  const r = admitToQuotas('deployments.apps', 'web', objectCountUsage('deployments.apps'), [q]);
  assert.equal(r, { ok: false, message: 'deployments.apps "web" is forbidden: exceeded quota: objects, requested: count/deployments.apps=1, used: count/deployments.apps=2, limited: count/deployments.apps=2' });
  assert.equal(admitToQuotas('services', 's', objectCountUsage('services'), [q]), { ok: true, usageDelta: { objects: { services: 1 } } });
});

test('"must specify": modern per-resource wording, resources and containers sorted', () => {
  const tracked = podTrackedResources({ 'limits.cpu': 1, 'limits.memory': 1, pods: 10 });
  assert.equal(tracked, ['limits.cpu', 'limits.memory', 'pods']);
  assert.is(podQuotaConstraintError(pod('p', [c('app')]), tracked), 'must specify limits.cpu for: app; limits.memory for: app');
  assert.is(podQuotaConstraintError(pod('p', [c('web', {}, { cpu: 1 }), c('app')], { initContainers: [c('init', {}, { cpu: 1, memory: 1 })] }), tracked),
    'must specify limits.cpu for: app; limits.memory for: app,web');
  // cpu/memory (= requests) quota and a pod without requests — the real-world message
  const r = admitPodToQuotas(pod('nginx-7854ff8877-rnkdt', [c('nginx')]), [{ name: 'qtest', hard: { pods: 3, cpu: 100, memory: 500 * Mi }, used: {} }]);
  assert.equal(r, { ok: false, message: 'pods "nginx-7854ff8877-rnkdt" is forbidden: failed quota: qtest: must specify cpu for: nginx; memory for: nginx' });
  // a quota on pods only imposes nothing
  assert.is(podQuotaConstraintError(pod('p', [c('app')]), ['pods']), undefined);
});

// Book §7.5 quota "demo" (the book's "Mib" read as Mi).
const demo = (used: Record<string, number> = {}): QuotaNumbers => ({
  name: 'demo', hard: { 'requests.cpu': 500, 'requests.memory': 100 * Mi, 'limits.cpu': 700, 'limits.memory': 500 * Mi }, used,
});

test('book 7.5: a pod within the quota is admitted and its usage returned', () => {
  const p = pod('a', [c('app', { cpu: 250, memory: 50 * Mi }, { cpu: 500, memory: 200 * Mi })]);
  const r = admitPodToQuotas(p, [demo()]);
  assert.equal(r, { ok: true, usageDelta: { demo: { 'limits.cpu': 500, 'limits.memory': 200 * Mi, 'requests.cpu': 250, 'requests.memory': 50 * Mi } } });
  if (r.ok) assert.equal(applyUsage({}, r.usageDelta['demo']!), r.usageDelta['demo']);
});

test('book 7.5: a second pod: only the exceeded resources are listed, names sorted', () => {
  const used = { 'limits.cpu': 500, 'limits.memory': 200 * Mi, 'requests.cpu': 250, 'requests.memory': 50 * Mi };
  const r = admitPodToQuotas(pod('b', [c('app', { cpu: 250, memory: 50 * Mi }, { cpu: 500, memory: 200 * Mi })]), [demo(used)]);
  assert.equal(r, { ok: false, message: 'pods "b" is forbidden: exceeded quota: demo, requested: limits.cpu=500m, used: limits.cpu=500m, limited: limits.cpu=700m' });
  const r2 = admitPodToQuotas(pod('c', [c('app', { cpu: 300, memory: 60 * Mi }, { cpu: 300, memory: 200 * Mi })]), [demo(used)]);
  assert.equal(r2, { ok: false, message: 'pods "c" is forbidden: exceeded quota: demo, requested: limits.cpu=300m,requests.cpu=300m,requests.memory=60Mi, used: limits.cpu=500m,requests.cpu=250m,requests.memory=50Mi, limited: limits.cpu=700m,requests.cpu=500m,requests.memory=100Mi' });
});

test('book 7.5: a pod without limits is refused by "must specify"', () => {
  const r = admitPodToQuotas(pod('d', [c('app', { cpu: 100, memory: 10 * Mi })]), [demo()]);
  assert.equal(r, { ok: false, message: 'pods "d" is forbidden: failed quota: demo: must specify limits.cpu for: app; limits.memory for: app' });
});

test('scopes: BestEffort / NotBestEffort / Terminating / PriorityClass selector', () => {
  const be = pod('be', [c('app')]);
  const bu = pod('bu', [c('app', { cpu: 100 })], { priorityClassName: 'high', activeDeadlineSeconds: 60 });
  const qBE: QuotaNumbers = { name: 'be', hard: { pods: 1 }, used: { pods: 1 }, scopes: ['BestEffort'] };
  const qNotBE: QuotaNumbers = { name: 'notbe', hard: { pods: 5 }, used: {}, scopes: ['NotBestEffort'] };
  const qHigh: QuotaNumbers = { name: 'high', hard: { pods: 10 }, used: {}, scopeSelector: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] };
  const qTerm: QuotaNumbers = { name: 'term', hard: { pods: 10 }, used: {}, scopes: ['Terminating'] };
  assert.equal([qBE, qNotBE, qHigh, qTerm].map((q) => quotaMatchesPod(q, be)), [true, false, false, false]);
  assert.equal([qBE, qNotBE, qHigh, qTerm].map((q) => quotaMatchesPod(q, bu)), [false, true, true, true]);
  assert.equal(admitPodToQuotas(be, [qBE, qNotBE]), { ok: false, message: 'pods "be" is forbidden: exceeded quota: be, requested: pods=1, used: pods=1, limited: pods=1' });
  assert.equal(admitPodToQuotas(bu, [qBE, qNotBE, qHigh]), { ok: true, usageDelta: { notbe: { pods: 1 }, high: { pods: 1 } } });
  const qExists: QuotaNumbers = { name: 'any-pc', hard: { pods: 1 }, used: {}, scopeSelector: [{ scopeName: 'PriorityClass', operator: 'Exists' }] };
  assert.is(quotaMatchesPod(qExists, be), false);
  const qNotIn: QuotaNumbers = { name: 'not-high', hard: { pods: 1 }, used: {}, scopeSelector: [{ scopeName: 'PriorityClass', operator: 'NotIn', values: ['high'] }] };
  assert.equal([quotaMatchesPod(qNotIn, be), quotaMatchesPod(qNotIn, bu)], [true, false]);
});

test('extended resource quota and prettyPrint formats', () => {
  const q: QuotaNumbers = { name: 'gpu', hard: { 'requests.nvidia.com/gpu': 2 }, used: { 'requests.nvidia.com/gpu': 2 } };
  const r = admitPodToQuotas(pod('g', [c('cuda', { 'nvidia.com/gpu': 1 }, { 'nvidia.com/gpu': 1 })]), [q]);
  assert.equal(r, { ok: false, message: 'pods "g" is forbidden: exceeded quota: gpu, requested: requests.nvidia.com/gpu=1, used: requests.nvidia.com/gpu=2, limited: requests.nvidia.com/gpu=2' });
  assert.is(prettyPrintResources({ memory: Gi, cpu: 1500, pods: 3 }), 'cpu=1500m,memory=1Gi,pods=3');
});

test('pod-level resources: spec.resources cpu/memory replace the containers\' totals, and decide the BestEffort scope', () => {
  const p = pod('web', [c('app')], { podLevel: { requests: { cpu: 500, memory: Gi }, limits: { memory: Gi } } });
  assert.equal(podQuotaUsage(p), {
    'count/pods': 1, pods: 1, cpu: 500, 'requests.cpu': 500, memory: Gi, 'requests.memory': Gi, 'limits.memory': Gi,
  });
  const q = (scope: string): QuotaNumbers => ({ name: 'q', hard: { pods: 10 }, used: {}, scopes: [scope as never] });
  assert.ok(quotaMatchesPod(q('BestEffort'), pod('a', [c('app')])), 'no resources anywhere: BestEffort');
  assert.not.ok(quotaMatchesPod(q('BestEffort'), p), 'pod-level requests make it Burstable');
  assert.ok(quotaMatchesPod(q('NotBestEffort'), p));
});

test.run();
