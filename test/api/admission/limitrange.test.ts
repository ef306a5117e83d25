import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ContainerResources, KObject } from '../../../models/api/types.js';
import { ApiError } from '../../../models/api/errors.js';
import { cluster, container, obj, pod } from '../../models/cluster-helpers.js';
import {
  defaultLimitRangeItem, applyLimitRangeDefaults, validatePodLimits, validatePvcLimits, admitPodLimitRanges, validateLimitRange,
  limitRangeInvalidMessage, type LimitRangeNumbers,
} from '../../../models/api/policy/limit-range.js';
import { formatCpuMilli, formatBytesBinarySI, formatDecimal } from '../../../models/api/policy/quantity.js';
import { aggregateMessage } from '../../../models/api/policy/status-messages.js';
import { podQOSClass } from '../../../models/api/policy/qos.js';

const Mi = 1024 * 1024;
const Gi = 1024 * Mi;
const c = (name: string, requests: Record<string, number> = {}, limits: Record<string, number> = {}): ContainerResources =>
  ({ name, requests, limits });

test('format: canonical Kubernetes quantity strings', () => {
  assert.is(formatCpuMilli(500), '500m');
  assert.is(formatCpuMilli(1000), '1');
  assert.is(formatCpuMilli(1500), '1500m');
  assert.is(formatCpuMilli(0), '0');
  assert.is(formatCpuMilli(2_000_000), '2k');
  assert.is(formatBytesBinarySI(200 * Mi), '200Mi');
  assert.is(formatBytesBinarySI(Gi), '1Gi');
  assert.is(formatBytesBinarySI(1536 * Mi), '1536Mi');
  assert.is(formatBytesBinarySI(1000), '1k');
  assert.is(formatBytesBinarySI(512), '512');
  assert.is(formatDecimal(1_500_000_000), '1500M');
  assert.is(formatDecimal(128_000_000), '128M');
  assert.is(aggregateMessage(['a']), 'a');
  assert.is(aggregateMessage(['a', 'b', 'a']), '[a, b]');
  assert.is(aggregateMessage(['a', 'a']), 'a');
});

test('LimitRangeItem defaulting chain: default ← max, defaultRequest ← default, else ← min', () => {
  assert.equal(defaultLimitRangeItem({ type: 'Container', max: { cpu: 800 }, min: { cpu: 100, memory: 99 * Mi } }),
    { type: 'Container', max: { cpu: 800 }, min: { cpu: 100, memory: 99 * Mi }, default: { cpu: 800 }, defaultRequest: { cpu: 800, memory: 99 * Mi } });
  assert.equal(defaultLimitRangeItem({ type: 'Container', default: { cpu: 700 }, min: { cpu: 100 } }).defaultRequest, { cpu: 700 });
  assert.equal(defaultLimitRangeItem({ type: 'Container', defaultRequest: { cpu: 110 }, max: { cpu: 800 } }).defaultRequest, { cpu: 110 });
  const pod = { type: 'Pod' as const, max: { cpu: 800 } };
  assert.is(defaultLimitRangeItem(pod), pod, 'Pod items are not defaulted');
});

const docsRange: LimitRangeNumbers = {
  name: 'limit-profiles',
  limits: [{ type: 'Container', max: { cpu: 800, memory: Gi }, min: { cpu: 100, memory: 99 * Mi },
    default: { cpu: 700, memory: 900 * Mi }, defaultRequest: { cpu: 110, memory: 111 * Mi } }],
};

test('mutation: absent resources get defaults, present ones are kept, annotation text', () => {
  const r = applyLimitRangeDefaults({ name: 'p', containers: [c('app'), c('side', { cpu: 200 }, { memory: 500 * Mi })], initContainers: [c('setup')] }, docsRange);
  assert.equal(r.containers[0], c('app', { cpu: 110, memory: 111 * Mi }, { cpu: 700, memory: 900 * Mi }));
  assert.equal(r.containers[1], c('side', { cpu: 200, memory: 111 * Mi }, { cpu: 700, memory: 500 * Mi }));
  assert.equal(r.initContainers[0], c('setup', { cpu: 110, memory: 111 * Mi }, { cpu: 700, memory: 900 * Mi }));
  assert.is(r.annotation, 'LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for container app; '
    + 'memory request for container side; cpu limit for container side; '
    + 'cpu, memory request for init container setup; cpu, memory limit for init container setup');
  assert.is(applyLimitRangeDefaults({ name: 'p', containers: [c('a', { cpu: 1, memory: 1 }, { cpu: 1, memory: 1 })] }, docsRange).annotation, undefined);
});

test('validation messages: min / max / ratio, exact upstream wording (two spaces, final period)', () => {
  const lr: LimitRangeNumbers = { name: 'x', limits: [{ type: 'Container', min: { cpu: 100 }, max: { memory: Gi }, maxLimitRequestRatio: { cpu: 2 } }] };
  assert.equal(validatePodLimits({ containers: [c('a', {}, { cpu: 500 })] }, lr), [
    'minimum cpu usage per Container is 100m.  No request is specified',
    'maximum memory usage per Container is 1Gi.  No limit is specified',
    'cpu max limit to request ratio per Container is 2, but no request is specified or request is 0',
  ]);
  assert.equal(validatePodLimits({ containers: [c('a', { cpu: 50, memory: 2 * Gi }, { cpu: 500, memory: 3 * Gi })] }, lr), [
    'minimum cpu usage per Container is 100m, but request is 50m',
    'maximum memory usage per Container is 1Gi, but limit is 3Gi',
    'cpu max limit to request ratio per Container is 2, but provided ratio is 10.000000',
  ]);
  assert.equal(validatePodLimits({ containers: [c('a', { cpu: 200 }, { cpu: 50, memory: 512 * Mi })] }, lr), [
    'minimum cpu usage per Container is 100m, but limit is 50m',
  ]);
  assert.equal(validatePodLimits({ containers: [c('a', { cpu: 200, memory: 2 * Gi }, { memory: 512 * Mi })] }, lr), [
    'maximum memory usage per Container is 1Gi, but request is 2Gi',
    'cpu max limit to request ratio per Container is 2, but no limit is specified or limit is 0',
  ]);
  assert.equal(validatePodLimits({ containers: [c('a', { cpu: 200 }, { cpu: 400, memory: Gi })] }, lr), [], 'ratio exactly 2 passes');
});

test('Pod items check pod totals (the plugin\'s podRequests/podLimits: sums, max with init containers)', () => {
  const lr: LimitRangeNumbers = { name: 'x', limits: [{ type: 'Pod', max: { cpu: 1000, memory: Gi } }] };
  const errs = validatePodLimits({ containers: [c('a', {}, { cpu: 600, memory: 600 * Mi }), c('b', {}, { cpu: 600 })], initContainers: [c('i', {}, { memory: 2 * Gi })] }, lr);
  assert.equal(errs, ['maximum cpu usage per Pod is 1, but limit is 1200m', 'maximum memory usage per Pod is 1Gi, but limit is 2Gi']);
  // addResourceList sums what is there: a container without a memory limit adds nothing
  assert.equal(validatePodLimits({ containers: [c('a', {}, { cpu: 100, memory: 600 * Mi }), c('b', {}, { cpu: 100 })] }, lr), []);
  assert.equal(validatePodLimits({ containers: [c('a', {}, { cpu: 100 })] }, lr), ['maximum memory usage per Pod is 1Gi.  No limit is specified']);
  // sums print DecimalSI as upstream's sum() builds them
  assert.equal(validatePodLimits({ containers: [c('a', {}, { cpu: 100, memory: 600 * Mi }), c('b', {}, { cpu: 100, memory: 600 * Mi })] }, lr),
    ['maximum memory usage per Pod is 1Gi, but limit is 1258291200']);
});

test('admission: errors aggregated as "[a, b]", single error bare, identical ones once', () => {
  const lr: LimitRangeNumbers = { name: 'x', limits: [{ type: 'Container', min: { cpu: 100, memory: 10 * Mi } }] };
  const r = admitPodLimitRanges({ name: 'web', containers: [c('a', { cpu: 50, memory: Mi })] }, [lr]);
  assert.equal(r.ok, false);
  if (!r.ok) assert.is(r.message, 'pods "web" is forbidden: [minimum cpu usage per Container is 100m, but request is 50m, minimum memory usage per Container is 10Mi, but request is 1Mi]');
  const r1 = admitPodLimitRanges({ name: 'web', containers: [c('a', { cpu: 50, memory: 20 * Mi }), c('b', { cpu: 50, memory: 20 * Mi })] }, [lr]);
  if (!r1.ok) assert.is(r1.message, 'pods "web" is forbidden: minimum cpu usage per Container is 100m, but request is 50m');
  else assert.unreachable();
  const ok = admitPodLimitRanges({ name: 'web', containers: [c('a')] }, [docsRange]);
  assert.ok(ok.ok);
  if (ok.ok) {
    assert.equal(ok.containers[0], c('a', { cpu: 110, memory: 111 * Mi }, { cpu: 700, memory: 900 * Mi }));
    assert.is(podQOSClass(ok.containers), 'Burstable');
  }
});

// The book's §7.6 LimitRange (memory "Mib" in the book is not a valid Kubernetes suffix; read as Mi).
const bookRange: LimitRangeNumbers = {
  name: 'demo',
  limits: [{ type: 'Container', default: { cpu: 600, memory: 100 * Mi }, defaultRequest: { cpu: 100, memory: 50 * Mi },
    max: { cpu: 100, memory: 200 * Mi }, min: { cpu: 10, memory: 10 * Mi } }],
};

test('book 7.6: the API server rejects the LimitRange itself (default cpu 600m > max 100m)', () => {
  assert.equal(validateLimitRange(bookRange), ['spec.limits[0].default[cpu]: Invalid value: "100m": default value 600m is greater than max value 100m']);
  assert.is(limitRangeInvalidMessage(bookRange),
    'LimitRange "demo" is invalid: spec.limits[0].default[cpu]: Invalid value: "100m": default value 600m is greater than max value 100m');
  assert.is(limitRangeInvalidMessage(docsRange), undefined);
});

test('book 7.6: were it stored anyway, every pod relying on the cpu default is rejected at admission', () => {
  const r = admitPodLimitRanges({ name: 'app', containers: [c('app')] }, [bookRange]);
  assert.equal(r.ok, false);
  if (!r.ok) assert.is(r.message, 'pods "app" is forbidden: maximum cpu usage per Container is 100m, but limit is 600m');
  // a pod that sets its own cpu limit within max passes and gets the memory defaults
  const ok = admitPodLimitRanges({ name: 'app', containers: [c('app', {}, { cpu: 100 })] }, [bookRange]);
  assert.ok(ok.ok);
  if (ok.ok) {
    assert.equal(ok.containers[0], c('app', { cpu: 100, memory: 50 * Mi }, { cpu: 100, memory: 100 * Mi }));
    assert.is(ok.annotation, 'LimitRanger plugin set: cpu, memory request for container app; memory limit for container app');
  }
});

test('LimitRange validation: other checks', () => {
  assert.equal(validateLimitRange({ name: 'x', limits: [{ type: 'Container', min: { memory: 2 * Gi }, max: { memory: Gi }, maxLimitRequestRatio: { cpu: 0.5 } }] }), [
    'spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: "500m": ratio 500m is less than 1',
    'spec.limits[0].min[memory]: Invalid value: "2Gi": min value 2Gi is greater than max value 1Gi',
    'spec.limits[0].defaultRequest[memory]: Invalid value: "1Gi": min value 2Gi is greater than default request value 1Gi',
    'spec.limits[0].default[memory]: Invalid value: "2Gi": min value 2Gi is greater than default value 1Gi',
  ]);
  assert.equal(validateLimitRange({ name: 'x', limits: [{ type: 'Pod', default: { cpu: 1 } }] }),
    ["spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'"]);
});

test('Pod items count restartable init containers (sidecars) with the containers (upstream podRequests/podLimits)', () => {
  const lr: LimitRangeNumbers = { name: 'x', limits: [{ type: 'Pod', max: { cpu: 1000 } }] };
  const app = c('app', { cpu: 600 }, { cpu: 600 });
  const side = { ...c('proxy', { cpu: 500 }, { cpu: 500 }), sidecar: true };
  const plainInit = c('setup', { cpu: 500 }, { cpu: 500 });
  // As a plain init container it runs alone: max(600, 500) = 600 fits.
  assert.equal(validatePodLimits({ containers: [app], initContainers: [plainInit] }, lr), []);
  // As a sidecar it runs beside the app: 600 + 500 = 1100.
  assert.equal(validatePodLimits({ containers: [app], initContainers: [side] }, lr), ['maximum cpu usage per Pod is 1, but limit is 1100m']);
  // An init container after a sidecar runs with it: 500 + 700 = 1200 > 600 + 500.
  assert.equal(validatePodLimits({ containers: [app], initContainers: [side, c('migrate', { cpu: 700 }, { cpu: 700 })] }, lr),
    ['maximum cpu usage per Pod is 1, but limit is 1200m']);
});

test('PersistentVolumeClaim items: min and max on the storage request; on update only a changed request', () => {
  const lr: LimitRangeNumbers = { name: 'storage', limits: [{ type: 'PersistentVolumeClaim', min: { storage: Gi }, max: { storage: 2 * Gi } }] };
  assert.equal(validatePvcLimits({ storage: Gi }, lr), []);
  assert.equal(validatePvcLimits({ storage: 5 * Gi }, lr), ['maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi']);
  assert.equal(validatePvcLimits({ storage: 512 * Mi }, lr), ['minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 512Mi']);
  assert.equal(validatePvcLimits({}, lr), [
    'minimum storage usage per PersistentVolumeClaim is 1Gi.  No request is specified',
    'maximum storage usage per PersistentVolumeClaim is 2Gi.  No request is specified',
  ]);
  assert.equal(validatePvcLimits({ storage: 5 * Gi }, lr, { storage: 5 * Gi }), [], 'a stored request is not checked again');
  assert.equal(validatePvcLimits({ storage: 6 * Gi }, lr, { storage: 5 * Gi }), ['maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 6Gi']);
  assert.equal(validatePvcLimits({ storage: 5 * Gi }, { name: 'c', limits: [{ type: 'Container', max: { storage: Gi } }] }), [], 'only PersistentVolumeClaim items');
});

test('LimitRanger on the API server: claims refused on create and on a resize, pods with sidecars refused', () => {
  const { model } = cluster(1);
  model.create(obj('v1', 'LimitRange', 'storage', { spec: { limits: [{ type: 'PersistentVolumeClaim', max: { storage: '2Gi' } }, { type: 'Pod', max: { cpu: '1' } }] } }));
  const claim = (storage: string) => obj('v1', 'PersistentVolumeClaim', 'data', { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } } });
  const refusedWith = (f: () => unknown): string => {
    try { f(); } catch (e) { if (e instanceof ApiError) return e.message; throw e; }
    return 'admitted';
  };
  assert.is(refusedWith(() => model.create(claim('5Gi'))), 'persistentvolumeclaims "data" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 5Gi');
  model.create(claim('1Gi'));
  assert.is(refusedWith(() => model.api.update(claim('3Gi'))), 'persistentvolumeclaims "data" is forbidden: maximum storage usage per PersistentVolumeClaim is 2Gi, but request is 3Gi');
  const stored = model.store.get<KObject>('PersistentVolumeClaim', 'default', 'data') as unknown as { spec: { resources: { requests: { storage: string } } } };
  assert.is(stored.spec.resources.requests.storage, '1Gi', 'the refused resize left the claim as it was');
  model.api.update(claim('2Gi'));
  const p = pod('web', { containers: [container('app', { cpu: '600m' }, { cpu: '600m' })], initContainers: [{ ...container('proxy', { cpu: '500m' }, { cpu: '500m' }), restartPolicy: 'Always' }] });
  assert.is(refusedWith(() => model.create(p)), 'pods "web" is forbidden: maximum cpu usage per Pod is 1, but limit is 1100m');
});

test('Pod items: pod-level resources (spec.resources) replace the containers\' cpu/memory totals', () => {
  const lr: LimitRangeNumbers = { name: 'x', limits: [{ type: 'Pod', max: { cpu: 1000, memory: Gi } }] };
  const containers = [c('a', { cpu: 300 }, { cpu: 300, memory: 100 * Mi }), c('b', { cpu: 300 }, { cpu: 300, memory: 100 * Mi })];
  assert.equal(validatePodLimits({ containers }, lr), []);
  assert.equal(validatePodLimits({ containers, podLevel: { requests: { cpu: 2000 }, limits: { cpu: 2000, memory: 2 * Gi } } }, lr),
    ['maximum cpu usage per Pod is 1, but limit is 2', 'maximum memory usage per Pod is 1Gi, but limit is 2Gi']);
});

test.run();
