// API validation (models/api/policy/validation.ts): upstream's tables for names and labels
// (apimachinery pkg/util/validation validation_test.go), and the Deployment/workload/pod rules
// of pkg/apis/{apps,core,batch}/validation with their exact field paths and messages.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  fieldErrorString, invalidMessage, isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue,
  validateCreate, validateUpdate,
} from '../../models/api/policy/validation.js';
import type { KObject } from '../../models/api/types.js';

const r = (s: string, n: number) => s.repeat(n);

test('IsDNS1123Label: upstream good and bad values', () => {
  for (const v of ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', r('a', 63)]) assert.equal(isDNS1123Label(v), [], v);
  for (const v of ['', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1', '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2',
    '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2', ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', r('a', 64)]) assert.ok(isDNS1123Label(v).length > 0, v);
});

test('IsDNS1123Subdomain: upstream good and bad values', () => {
  const good = ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', 'a.a', 'ab.a', 'abc.a', 'a1.a',
    'a-1.a', 'a--1--2--b.a', 'a.1', 'ab.1', 'abc.1', 'a1.1', 'a-1.1', 'a--1--2--b.1', '0.a', '01.a', '012.a', '1a.a', '1-a.a', '1--a--b--2',
    '0.1', '01.1', '012.1', '1a.1', '1-a.1', '1--a--b--2.1', 'a.b.c.d.e', 'aa.bb.cc.dd.ee', '1.2.3.4.5', '11.22.33.44.55', r('a', 253)];
  for (const v of good) assert.equal(isDNS1123Subdomain(v), [], v);
  const bad = ['', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1', '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2', '.', 'a.',
    '.a', 'a..b', '1.', '.1', '1..2', ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', 'A.a', 'aB.a', 'ab.A', 'A1.a', 'a1.A', 'A.1', 'aB.1', 'A1.1',
    '1A.1', '0.A', '01.A', '012.A', '1A.a', '1a.A', 'A.B.C.D.E', 'AA.BB.CC.DD.EE', 'a.B.c.d.e', 'aa.bB.cc.dd.ee', 'a@b', 'a,b', 'a_b', 'a;b',
    'a:b', 'a%b', 'a?b', 'a$b', r('a', 254)];
  for (const v of bad) assert.ok(isDNS1123Subdomain(v).length > 0, v);
});

test('IsDNS1035Label: upstream good and bad values', () => {
  for (const v of ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', r('a', 63)]) assert.equal(isDNS1035Label(v), [], v);
  for (const v of ['0', '01', '012', '1a', '1-a', '1--a--b--2', '', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1',
    '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2', '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2', ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', r('a', 64)]) {
    assert.ok(isDNS1035Label(v).length > 0, v);
  }
});

test('IsQualifiedName and IsValidLabelValue: upstream success and error cases', () => {
  for (const v of ['simple', 'now-with-dashes', '1-starts-with-num', '1234', 'simple/simple', 'now-with-dashes/simple',
    'now-with-dashes/now-with-dashes', 'now.with.dots/simple', 'now-with.dashes-and.dots/simple', '1-num.2-num/3-num', '1234/5678',
    '1.2.3.4/5678', 'Uppercase_Is_OK_123', 'example.com/Uppercase_Is_OK_123', 'requests.storage-foo', r('a', 63), `${r('a', 253)}/${r('b', 63)}`]) {
    assert.equal(isQualifiedName(v), [], v);
  }
  for (const v of ['nospecialchars%^=@', 'cantendwithadash-', '-cantstartwithadash-', 'only/one/slash', 'Example.com/abc', 'example_com/abc',
    'example.com/', '/simple', r('a', 64), `${r('a', 254)}/abc`]) assert.ok(isQualifiedName(v).length > 0, v);
  for (const v of ['simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', r('a', 63), '']) assert.equal(isValidLabelValue(v), [], v);
  for (const v of ['nospecialchars%^=@', 'Tama-nui-te-rā.is.Māori.sun', '\\backslashes\\are\\bad', '-starts-with-dash', 'ends-with-dash-',
    '.starts.with.dot', 'ends.with.dot.', r('a', 64)]) assert.ok(isValidLabelValue(v).length > 0, v);
});

function deployment(spec: Record<string, unknown> = {}, name = 'web'): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' },
    spec: {
      replicas: 3, selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'app:1' }], restartPolicy: 'Always' } },
      ...spec,
    },
  } as unknown as KObject;
}

const messages = (o: KObject) => validateCreate(o).map(fieldErrorString);

test('Deployment: a valid object has no errors', () => {
  assert.equal(messages(deployment()), []);
  assert.equal(messages(deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } })), []);
});

test('Deployment: upstream error cases (TestValidateDeployment), field paths and messages', () => {
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } },
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0'],
    [{ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '0%', maxUnavailable: '0%' } } },
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0'],
    [{ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '20Percent', maxUnavailable: '25%' } } },
      "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"20Percent\"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"],
    [{ strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '110%' } } },
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"110%"}: must not be greater than 100%'],
    [{ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } },
      "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
    [{ strategy: { type: 'Blue' } }, 'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"Blue", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"'],
    [{ replicas: -1 }, 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    [{ selector: { matchLabels: { app: 'other' } } }, 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`'],
    [{ selector: {} }, 'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment'],
    [{ progressDeadlineSeconds: 5, minReadySeconds: 5 }, 'spec.progressDeadlineSeconds: Invalid value: 5: must be greater than minReadySeconds'],
    [{ revisionHistoryLimit: -2 }, 'spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0'],
  ];
  for (const [spec, want] of cases) assert.equal(messages(deployment(spec)), [want], want);
  const noSelector = deployment();
  delete (noSelector as unknown as { spec: Record<string, unknown> }).spec.selector;
  assert.ok(messages(noSelector).includes('spec.selector: Required value'));
  const neverRestart = deployment();
  (neverRestart as unknown as { spec: { template: { spec: Record<string, unknown> } } }).spec.template.spec.restartPolicy = 'Never';
  assert.equal(messages(neverRestart), ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
});

test('ObjectMeta: name required and DNS-1123 (DNS-1035 for Services), label keys and values', () => {
  assert.equal(messages(deployment({}, '')), ['metadata.name: Required value: name or generateName is required']);
  const bad = messages(deployment({}, 'Web_1'));
  assert.is(bad.length, 1);
  assert.match(bad[0]!, /^metadata\.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of/);
  const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: '1web' }, spec: { ports: [{ port: 80 }] } } as unknown as KObject;
  assert.match(messages(svc)[0]!, /^metadata\.name: Invalid value: "1web": a DNS-1035 label must consist of/);
  const labelled = deployment();
  labelled.metadata.labels = { 'bad key!': 'v', ok: '-bad' };
  const l = messages(labelled);
  assert.match(l[0]!, /^metadata\.labels: Invalid value: "bad key!": name part must consist of/);
  assert.match(l[1]!, /^metadata\.labels: Invalid value: "-bad": a valid label must be an empty string or consist of/);
});

test('Pod: containers, names, images, restartPolicy, requests within limits', () => {
  const pod = (spec: Record<string, unknown>): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec } as unknown as KObject);
  assert.equal(messages(pod({ containers: [] })), ['spec.containers: Required value']);
  assert.equal(messages(pod({ containers: [{ name: 'a', image: 'x' }, { name: 'a', image: 'y' }] })), ['spec.containers[1].name: Duplicate value: "a"']);
  assert.equal(messages(pod({ containers: [{ name: 'a' }] })), ['spec.containers[0].image: Required value']);
  assert.equal(messages(pod({ containers: [{ name: 'a', image: 'x' }], restartPolicy: 'Sometimes' })),
    ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']);
  assert.equal(messages(pod({ containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }] })),
    ['spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1']);
  assert.equal(messages(pod({ containers: [{ name: 'a', image: 'x', resources: { requests: { memory: '300Mi' }, limits: { memory: '200Mi' } } }] })),
    ['spec.containers[0].resources.requests: Invalid value: "300Mi": must be less than or equal to memory limit of 200Mi']);
  assert.equal(messages(pod({ containers: [{ name: 'a', image: 'x', resources: { requests: { 'nvidia.com/gpu': 1 }, limits: { 'nvidia.com/gpu': 2 } } }] })),
    ['spec.containers[0].resources.requests: Invalid value: "1": must be equal to nvidia.com/gpu limit of 2']);
  assert.equal(messages(pod({ containers: [{ name: 'a', image: 'x', resources: { requests: { cpu: '500m' }, limits: { cpu: '500m' } } }] })), []);
  // Quantity.String() of what was written: the format stays (1024M is not re-spelt in Ki), 0.5 → 500m.
  assert.equal(messages(pod({ containers: [{ name: 'a', image: 'x', resources: { requests: { memory: '1024M', cpu: '0.5' }, limits: { memory: '1000M', cpu: 0.25 } } }] })), [
    'spec.containers[0].resources.requests: Invalid value: "500m": must be less than or equal to cpu limit of 250m',
    'spec.containers[0].resources.requests: Invalid value: "1024M": must be less than or equal to memory limit of 1G',
  ]);
  assert.equal(messages(pod({})), ['spec.containers: Required value']);
});

test('Job, HPA, PDB, Service rules', () => {
  const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' },
    spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }], restartPolicy: 'Always' } } } } as unknown as KObject;
  // ValidateJobSpec: a missing (defaulted Always) or Always restartPolicy is "Required".
  assert.equal(messages(job), ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
  const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { minReplicas: 5, maxReplicas: 2 } } as unknown as KObject;
  assert.equal(messages(hpa), ['spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`']);
  const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'b' }, spec: { minAvailable: 1, maxUnavailable: 1 } } as unknown as KObject;
  assert.match(messages(pdb)[0]!, /^spec: Invalid value: .*: minAvailable and maxUnavailable cannot be both set$/);
  const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 0 }] } } as unknown as KObject;
  assert.equal(messages(svc), ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive']);
});

test('updates: immutable selectors, the StatefulSet and Pod update rules', () => {
  const old = deployment();
  const changed = deployment({ selector: { matchLabels: { app: 'web', v: '2' } },
    template: { metadata: { labels: { app: 'web', v: '2' } }, spec: { containers: [{ name: 'app', image: 'app:1' }] } } });
  assert.equal(validateUpdate(changed, old).map(fieldErrorString),
    ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable']);
  assert.equal(validateUpdate(deployment({ replicas: 9 }), old), []);
  const sts = (spec: Record<string, unknown>) => ({ ...deployment(spec), kind: 'StatefulSet' }) as KObject;
  assert.equal(validateUpdate(sts({ replicas: 5 }), sts({})), []);
  assert.equal(validateUpdate(sts({ podManagementPolicy: 'Parallel' }), sts({})).map(fieldErrorString), [
    "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
  ]);
  const pod = (image: string, extra: Record<string, unknown> = {}) =>
    ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image }], ...extra } }) as unknown as KObject;
  assert.equal(validateUpdate(pod('x:2'), pod('x:1')), [], 'images may change');
  assert.match(fieldErrorString(validateUpdate(pod('x:1', { hostname: 'h' }), pod('x:1'))[0]!), /^spec: Forbidden: pod updates may not change fields other than/);
});

test('invalidMessage: the server\'s 422 text, kind qualified by group, several causes aggregated', () => {
  const d = deployment({ replicas: -1, revisionHistoryLimit: -1 });
  assert.is(invalidMessage(d, validateCreate(d)),
    'Deployment.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0]');
});

test('malformed documents never throw', () => {
  for (const spec of [undefined, null, 5, 'x', [], { template: 5 }, { template: { spec: null } }, { selector: 'x', template: { metadata: 5 } }]) {
    const o = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec } as unknown as KObject;
    validateCreate(o);
    validateUpdate(o, o);
  }
  validateCreate({ kind: 'Pod' } as unknown as KObject);
});

// ---- round two: upstream's cases from apps/validation_test.go (TestValidateDeployment,
// TestValidateDaemonSet*, TestValidateStatefulSet), meta/v1/validation (ValidateLabelSelector),
// core TestValidatePodUpdate, with field paths and messages as a 1.3x API server prints them.

const ds = (spec: Record<string, unknown> = {}, name = 'ds'): KObject => ({ ...deployment(spec, name), kind: 'DaemonSet' }) as KObject;
const sts = (spec: Record<string, unknown> = {}, name = 'web'): KObject => ({ ...deployment(spec, name), kind: 'StatefulSet' }) as KObject;
const rs = (spec: Record<string, unknown> = {}): KObject => ({ ...deployment(spec), kind: 'ReplicaSet' }) as KObject;

test('label selectors: ValidateLabelSelector errors, then "invalid label selector" and no template check', () => {
  const sel = (s: unknown) => deployment({ selector: s });
  assert.equal(messages(sel({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: [] }] })), [
    "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"tier", Operator:"In", Values:[]string{}}}}: invalid label selector',
  ]);
  const exists = messages(sel({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'Exists', values: ['a'] }] }));
  assert.is(exists[0], "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
  const op = messages(sel({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'Gt', values: ['1'] }] }));
  assert.is(op[0], 'spec.selector.matchExpressions[0].operator: Invalid value: "Gt": not a valid selector operator');
  const key = messages(sel({ matchLabels: { 'bad key': 'web' } }));
  assert.match(key[0]!, /^spec\.selector\.matchLabels: Invalid value: "bad key": name part must consist of/);
  assert.match(key[1]!, /: invalid label selector$/);
  assert.is(key.length, 2, 'no template check after an invalid selector');
  const value = messages(sel({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'v', operator: 'In', values: ['-x'] }] }));
  assert.match(value[0]!, /^spec\.selector\.matchExpressions\[0\]\.values\[0\]: Invalid value: "-x": a valid label must be/);
  // A selector that matches: In with the template's value.
  assert.equal(messages(sel({ matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] })), []);
});

test('Deployment/ReplicaSet: a missing selector also fails the template check; template activeDeadlineSeconds', () => {
  const d = deployment();
  delete (d as unknown as { spec: Record<string, unknown> }).spec.selector;
  assert.equal(messages(d), [
    'spec.selector: Required value',
    'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
  ]);
  const tpl = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'app:1' }], restartPolicy: 'Always', activeDeadlineSeconds: 30 } };
  assert.equal(messages(rs({ template: tpl })), ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported']);
  assert.equal(messages(deployment({ template: tpl })), ['spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported']);
  const unlabelled = deployment({ template: { spec: { containers: [{ name: 'app', image: 'app:1' }] } } });
  assert.equal(messages(unlabelled), ['spec.template.metadata.labels: Invalid value: map[string]string(nil): `selector` does not match template `labels`']);
});

test('DaemonSet: updateStrategy rules (ValidateRollingUpdateDaemonSet), selector without Required', () => {
  const ru = (rollingUpdate: Record<string, unknown>) => ds({ updateStrategy: { type: 'RollingUpdate', rollingUpdate } });
  assert.equal(messages(ru({ maxUnavailable: 1, maxSurge: 0 })), []);
  assert.equal(messages(ru({ maxUnavailable: 0, maxSurge: '10%' })), []);
  assert.equal(messages(ru({ maxUnavailable: 1, maxSurge: 1 })),
    ['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:0, IntVal:1, StrVal:""}: may not be set when maxUnavailable is non-zero']);
  assert.equal(messages(ru({ maxUnavailable: 0, maxSurge: 0 })), ['spec.updateStrategy.rollingUpdate.maxUnavailable: Required value: cannot be 0 when maxSurge is 0']);
  assert.equal(messages(ru({ maxUnavailable: '0%', maxSurge: '110%' })),
    ['spec.updateStrategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"110%"}: must not be greater than 100%']);
  assert.equal(messages(ru({ maxUnavailable: -1, maxSurge: 0 })), ['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0']);
  assert.equal(messages(ds({ updateStrategy: { type: 'Canary' } })),
    ['spec.updateStrategy: Unsupported value: apps.DaemonSetUpdateStrategy{Type:"Canary", RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}: supported values: "RollingUpdate", "OnDelete"']);
  assert.equal(messages(ds({ updateStrategy: { type: 'OnDelete' }, revisionHistoryLimit: -1 })), ['spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0']);
  const noSel = ds();
  delete (noSel as unknown as { spec: Record<string, unknown> }).spec.selector;
  assert.equal(messages(noSel), ['spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`']);
  assert.equal(messages(ds({ selector: {} })),
    ['spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for daemonset']);
});

test('StatefulSet: DNS-1123 label names, podManagementPolicy, updateStrategy, ordinals', () => {
  assert.equal(messages(sts({}, 'web')), []);
  assert.match(messages(sts({}, 'web.v1'))[0]!, /^metadata\.name: Invalid value: "web\.v1": a lowercase RFC 1123 label must consist of/);
  assert.equal(messages(sts({ podManagementPolicy: 'Sometimes' })), ['spec.podManagementPolicy: Invalid value: "Sometimes": must be \'OrderedReady\' or \'Parallel\'']);
  assert.equal(messages(sts({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1 } } })),
    ['spec.updateStrategy.rollingUpdate.partition: Invalid value: -1: must be greater than or equal to 0']);
  assert.equal(messages(sts({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } } })),
    ['spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: cannot be 0']);
  assert.equal(messages(sts({ updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } } })),
    ["spec.updateStrategy.rollingUpdate: Invalid value: apps.RollingUpdateStatefulSetStrategy{Partition:1, MaxUnavailable:(*intstr.IntOrString)(nil)}: only allowed for updateStrategy 'RollingUpdate'"]);
  assert.equal(messages(sts({ updateStrategy: { type: 'Blue' } })),
    ['spec.updateStrategy: Invalid value: apps.StatefulSetUpdateStrategy{Type:"Blue", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}: must be \'RollingUpdate\' or \'OnDelete\'']);
  assert.equal(messages(sts({ ordinals: { start: -2 } })), ['spec.ordinals.start: Invalid value: -2: must be greater than or equal to 0']);
  assert.equal(messages(sts({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep' } })),
    ['spec.persistentVolumeClaimRetentionPolicy.whenDeleted: Unsupported value: "Keep": supported values: "Retain", "Delete"']);
  const bad = sts({ selector: { matchExpressions: [{ key: 'app', operator: 'In' }] } });
  assert.equal(messages(bad), [
    "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
    'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{Key:"app", Operator:"In", Values:[]string(nil)}}}',
  ]);
});

test('ObjectMeta: generateName prefixes may end in a dash; annotation keys', () => {
  const gen = (generateName: string) => ({ ...deployment({}, ''), metadata: { generateName, namespace: 'default' } }) as unknown as KObject;
  assert.equal(messages(gen('web-')), []);
  assert.match(messages(gen('Web-'))[0]!, /^metadata\.generateName: Invalid value: "Web-": a lowercase RFC 1123 subdomain/);
  const annotated = deployment();
  annotated.metadata.annotations = { 'example.com/Owner': 'x', 'bad key': 'y' };
  const a = messages(annotated);
  assert.is(a.length, 1);
  assert.match(a[0]!, /^metadata\.annotations: Invalid value: "bad key": name part must consist of/);
  const huge = deployment();
  huge.metadata.annotations = { big: 'x'.repeat(256 * 1024) };
  assert.equal(messages(huge), ['metadata.annotations: Too long: may not be more than 262144 bytes']);
});

test('Service: type, protocol and selector labels', () => {
  const svc = (spec: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec }) as unknown as KObject;
  assert.equal(messages(svc({ type: 'Internal', ports: [{ port: 80 }] })),
    ['spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']);
  assert.equal(messages(svc({ ports: [{ port: 80, protocol: 'HTTP' }] })), ['spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"']);
  assert.match(messages(svc({ ports: [{ port: 80 }], selector: { app: '-web' } }))[0]!, /^spec\.selector: Invalid value: "-web": a valid label must be/);
});

test('ValidatePodUpdate: container count, activeDeadlineSeconds, tolerations, terminationGracePeriodSeconds', () => {
  const pod = (extra: Record<string, unknown> = {}, containers: unknown[] = [{ name: 'a', image: 'x:1' }]) =>
    ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers, ...extra } }) as unknown as KObject;
  const upd = (n: KObject, o: KObject) => validateUpdate(n, o).map(fieldErrorString);
  assert.equal(upd(pod({}, [{ name: 'a', image: 'x:1' }, { name: 'b', image: 'y' }]), pod()), ['spec.containers: Forbidden: pod updates may not add or remove containers']);
  assert.equal(upd(pod({ activeDeadlineSeconds: 30 }), pod({ activeDeadlineSeconds: 60 })), [], 'lowered');
  assert.equal(upd(pod({ activeDeadlineSeconds: 30 }), pod()), [], 'set');
  assert.equal(upd(pod({ activeDeadlineSeconds: 90 }), pod({ activeDeadlineSeconds: 60 })), ['spec.activeDeadlineSeconds: Invalid value: 90: must be less than or equal to previous value']);
  assert.equal(upd(pod(), pod({ activeDeadlineSeconds: 60 })), ['spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value']);
  const t = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
  assert.equal(upd(pod({ tolerations: [{ ...t, tolerationSeconds: 10 }, { key: 'x', operator: 'Exists' }] }), pod({ tolerations: [t] })), [], 'seconds changed, one added');
  assert.equal(upd(pod({ tolerations: [{ ...t, effect: 'NoSchedule' }] }), pod({ tolerations: [t] })),
    ['spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds']);
  assert.equal(upd(pod({ terminationGracePeriodSeconds: 1 }), pod({ terminationGracePeriodSeconds: -1 })), [], 'negative to 1');
  assert.match(upd(pod({ terminationGracePeriodSeconds: 5 }), pod({ terminationGracePeriodSeconds: 30 }))[0]!, /^spec: Forbidden: pod updates may not change fields other than/);
});

test('pod-level resources (validatePodResources): a real 1.3x server\'s 422 for requests below the containers\' aggregate', () => {
  // The message a cluster returned (abcdesktop's docs quote it): pod requests 1 CPU / 576Mi, containers 1500m / 6Gi.
  const p = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'fry-38b04' },
    spec: {
      resources: { requests: { cpu: '1', memory: '576Mi' } },
      containers: [
        { name: 'a', image: 'x', resources: { requests: { cpu: '1', memory: '4Gi' } } },
        { name: 'b', image: 'y', resources: { requests: { cpu: '500m', memory: '2Gi' } } },
      ],
    },
  } as unknown as KObject;
  assert.is(invalidMessage(p, validateCreate(p)),
    'Pod "fry-38b04" is invalid: [spec.resources.requests[cpu]: Invalid value: "1": must be greater than or equal to aggregate container requests of 1500m, spec.resources.requests[memory]: Invalid value: "576Mi": must be greater than or equal to aggregate container requests of 6Gi]');
});

test('pod-level resources: names, requests within limits (after defaulting), container limits within the pod\'s', () => {
  const pod = (resources: unknown, containerResources: unknown = {}) =>
    ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { resources, containers: [{ name: 'a', image: 'x', resources: containerResources }] } }) as unknown as KObject;
  assert.equal(messages(pod({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '1Gi' } })), []);
  assert.equal(messages(pod({ requests: { 'ephemeral-storage': '1Gi' } })),
    ['spec.resources.requests[ephemeral-storage]: Unsupported value: "ephemeral-storage": supported values: "cpu", "hugepages-", "memory"']);
  assert.equal(messages(pod({ limits: { gpu: '1' } })), ['spec.resources.limits[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified']);
  assert.equal(messages(pod({ requests: { cpu: '-1' } })), ['spec.resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0']);
  assert.equal(messages(pod({ requests: { cpu: '2' }, limits: { cpu: '1' } })), ['spec.resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1']);
  // KEP 2837 example 2: container limits 60Gi ×2 default the requests, the pod request becomes 120Gi > 100Gi.
  const two = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { resources: { limits: { memory: '100Gi' } },
    containers: [{ name: 'a', image: 'x', resources: { limits: { memory: '60Gi' } } }, { name: 'b', image: 'x', resources: { limits: { memory: '60Gi' } } }] } } as unknown as KObject;
  assert.equal(messages(two), ['spec.resources.requests: Invalid value: "120Gi": must be less than or equal to memory limit of 100Gi']);
  assert.equal(messages(pod({ limits: { cpu: '1' } }, { limits: { cpu: '2' } })), [
    'spec.resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    'spec.resources.containers[0][cpu].limits: Invalid value: "2": must be less than or equal to pod limits of 1',
  ]);
});

test('Job (batch ValidateJob): completion modes, per-index limits, podFailurePolicy, successPolicy, restartPolicy', () => {
  const job = (spec: Record<string, unknown>, name = 'j', restartPolicy: string | null = 'Never') => ({
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name },
    spec: { template: { spec: { containers: [{ name: 'main', image: 'x' }], ...(restartPolicy ? { restartPolicy } : {}) } }, ...spec },
  }) as unknown as KObject;
  assert.equal(messages(job({})), []);
  assert.equal(messages(job({}, 'j', null)), ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
  assert.equal(messages(job({ activeDeadlineSeconds: -1 })), ['spec.activeDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0']);
  assert.equal(messages(job({ completionMode: 'Sometimes' })), ['spec.completionMode: Unsupported value: "Sometimes": supported values: "NonIndexed", "Indexed"']);
  assert.equal(messages(job({ completionMode: 'Indexed' })), ['spec.completions: Required value: when completion mode is Indexed']);
  assert.equal(messages(job({ completionMode: 'Indexed', completions: 2, parallelism: 100001 })),
    ['spec.parallelism: Invalid value: 100001: must be less than or equal to 100000 when completion mode is Indexed']);
  assert.equal(messages(job({ backoffLimitPerIndex: 1 })), ['spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode']);
  assert.equal(messages(job({ completionMode: 'Indexed', completions: 2, maxFailedIndexes: 1 })), ['spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified']);
  assert.equal(messages(job({ completionMode: 'Indexed', completions: 2, backoffLimitPerIndex: 1, maxFailedIndexes: 3 })),
    ['spec.maxFailedIndexes: Invalid value: 3: must be less than or equal to completions']);
  assert.equal(messages(job({ completionMode: 'Indexed', completions: 200000, backoffLimitPerIndex: 1, parallelism: 20000 })), [
    'spec.maxFailedIndexes: Required value: must be specified when completions is above 100000',
    'spec.parallelism: Invalid value: 20000: must be less than or equal to 10000 when completions are above 100000 and used with backoff limit per index',
  ]);
  // An Indexed Job's longest pod hostname must be a DNS label.
  assert.equal(messages(job({ completionMode: 'Indexed', completions: 10 }, 'a'.repeat(62))),
    [`metadata.name: Invalid value: "${'a'.repeat(62)}": will not able to create pod with invalid DNS label: ${'a'.repeat(62)}-9`]);
  const pfp = (rules: unknown[], extra: Record<string, unknown> = {}) => job({ podFailurePolicy: { rules }, ...extra });
  assert.equal(messages(pfp([{ action: 'FailJob', onExitCodes: { operator: 'In', values: [1, 2] } }])), []);
  assert.equal(messages(pfp([{ onExitCodes: { operator: 'In', values: [1] } }])), ['spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]']);
  assert.equal(messages(pfp([{ action: 'Retry', onExitCodes: { operator: 'In', values: [1] } }])),
    ['spec.podFailurePolicy.rules[0].action: Unsupported value: "Retry": supported values: "Count", "FailIndex", "FailJob", "Ignore"']);
  assert.equal(messages(pfp([{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }])),
    ['spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set']);
  assert.equal(messages(pfp([{ action: 'FailJob', onExitCodes: { operator: 'In', values: [0, 3, 2, 3], containerName: 'other' } }])), [
    'spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: "other": must be one of the container or initContainer names in the pod template',
    'spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator',
    'spec.podFailurePolicy.rules[0].onExitCodes.values[3]: Duplicate value: 3',
    'spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{0, 3, 2, 3}: must be ordered',
  ]);
  assert.equal(messages(pfp([{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'Maybe' }] }])),
    ['spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"']);
  assert.equal(messages(pfp([{ action: 'Ignore' }])), ['spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required']);
  assert.equal(messages(pfp([{ action: 'Ignore', onExitCodes: { operator: 'NotIn', values: [0] }, onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }])),
    ['spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported']);
  assert.equal(messages(job({ podFailurePolicy: { rules: [{ action: 'Count', onExitCodes: { operator: 'In', values: [1] } }] } }, 'j', 'OnFailure')),
    ['spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified']);
  assert.equal(messages(job({ podFailurePolicy: { rules: [] }, podReplacementPolicy: 'TerminatingOrFailed' })),
    ['spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"']);
  assert.equal(messages(job({ successPolicy: { rules: [{ succeededCount: 1 }] } })),
    ['spec.successPolicy: Invalid value: batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{batch.SuccessPolicyRule{SucceededIndexes:(*string)(nil), SucceededCount:(*int32)(<pointer>)}}}: requires indexed completion mode']);
  assert.equal(messages(job({ completionMode: 'Indexed', completions: 3, successPolicy: { rules: [{}, { succeededCount: 5 }] } })), [
    'spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified',
    'spec.successPolicy.rules[1].succeededCount: Invalid value: 5: must be less than or equal to 3 (the number of specified completions)',
  ]);
});

test('CronJob: the job template is validated as a Job (ValidateJobTemplateSpec), under spec.jobTemplate.spec', () => {
  const cj = (restartPolicy?: string, extra: Record<string, unknown> = {}) => ({
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' },
    spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { ...extra, template: { spec: { containers: [{ name: 'a', image: 'x' }], ...(restartPolicy ? { restartPolicy } : {}) } } } } },
  }) as unknown as KObject;
  assert.equal(messages(cj('OnFailure')), []);
  assert.equal(messages(cj()), ['spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
  assert.equal(messages(cj('Never', { backoffLimit: -1, completionMode: 'Indexed' })), [
    'spec.jobTemplate.spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0',
    'spec.jobTemplate.spec.completions: Required value: when completion mode is Indexed',
  ]);
});

test.run();
