// Object validation as kube-apiserver runs it on create and update, for the kinds k8sim
// simulates and the fields it models: apimachinery ValidateObjectMeta and the name/label
// rules of pkg/util/validation, core ValidatePodSpec (containers, names, images, restart
// policy, resources), apps ValidateDeployment/ReplicaSet/StatefulSet/DaemonSet (selector,
// template labels, strategy), batch ValidateJob, Service ports, HPA replica bounds, PDB, and
// the *Update variants (immutable selectors, the StatefulSet and Pod update rules).
// Messages are upstream's, printed as field.Error prints them (fieldErrorString). Values
// may be malformed (documents with a part missing): validation never throws.

import { formatResource, parseQuantity, quantityProblem } from './quantity.js';
import { containerResources } from './pod-resources.js';
import { podLevelResourceErrors } from './validation-pod-resources.js';
import { validateJobSpecFields } from './validation-job.js';
import { CLUSTER_SCOPED } from './defaults.js';
import { aggregateMessage } from './status-messages.js';
import { isEmptySelector, selectorMatches } from './labels.js';
import type { Container, ContainerResources, KObject, LabelSelector } from '../types.js';
import { GoPrinted, goValue, fieldErrorString, type FieldError } from './field-errors.js';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './name-validation.js';
import { BoundedMemo } from './bounded-memo.js';

export { GoPrinted, goValue, fieldErrorString, type FieldError, type FieldErrorType } from './field-errors.js';
export { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue } from './name-validation.js';

/**
 * The server's message for a 422 (apierrors.NewInvalid): `Deployment.apps "web" is invalid: f: m`,
 * the kind qualified by its API group, several causes as an aggregate `[a, b]`. kubectl prints
 * the causes itself (reports/kubectl-format.ts).
 */
export function invalidMessage(obj: KObject, errs: readonly FieldError[]): string {
  const slash = typeof obj.apiVersion === 'string' ? obj.apiVersion.indexOf('/') : -1;
  const group = slash > 0 ? obj.apiVersion.slice(0, slash) : '';
  const kind = group ? `${obj.kind}.${group}` : obj.kind;
  return `${kind} "${obj.metadata?.name ?? ''}" is invalid: ${aggregateMessage(errs.map(fieldErrorString))}`;
}

// ---- helpers over untyped data ----

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const own = (o: Rec, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
const rec = (o: Rec, k: string): Rec | undefined => {
  const v = own(o, k);
  return isRec(v) ? v : undefined;
};

function nonNegative(errs: FieldError[], v: unknown, field: string): void {
  if (typeof v === 'number' && v < 0) errs.push({ type: 'Invalid', field, value: v, detail: 'must be greater than or equal to 0' });
}

/** Name rules per kind: Services are DNS-1035 labels, Namespaces DNS-1123 labels, the rest subdomains. */
/** path.IsValidPathSegmentName: the RBAC kinds' names (`system:metrics-server`). */
export function isValidPathSegmentName(v: string): string[] {
  if (v === '.' || v === '..') return [`may not be '${v}'`];
  return ['/', '%'].filter((c) => v.includes(c)).map((c) => `may not contain '${c}'`);
}

const PATH_SEGMENT_NAMED = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** DNS-1123 labels: Namespaces, and StatefulSets (their pods' hostnames; ValidateStatefulSetName). */
const DNS_LABEL_NAMED = new Set(['Namespace', 'StatefulSet']);

function nameRule(kind: string): (v: string) => string[] {
  if (kind === 'Service') return isDNS1035Label;
  if (PATH_SEGMENT_NAMED.has(kind)) return isValidPathSegmentName;
  if (DNS_LABEL_NAMED.has(kind)) return isDNS1123Label;
  return isDNS1123Subdomain;
}

/** maskTrailingDash: a generateName prefix may end in '-' (the random suffix follows it). */
function maskTrailingDash(v: string): string {
  return v.length > 1 && v.endsWith('-') ? `${v.slice(0, -1)}a` : v;
}

/** ValidateObjectMeta (with the kind's name rule) and ValidateLabels. */
function validateMeta(obj: KObject, errs: FieldError[]): void {
  const meta = isRec(obj.metadata) ? (obj.metadata as unknown as Rec) : undefined;
  if (!meta) {
    errs.push({ type: 'Required', field: 'metadata.name', detail: 'name or generateName is required' });
    return;
  }
  const name = own(meta, 'name');
  const generateName = own(meta, 'generateName');
  const rule = nameRule(obj.kind);
  if (typeof generateName === 'string' && generateName !== '') {
    const masked = rule === isValidPathSegmentName ? generateName : maskTrailingDash(generateName);
    // One prefix per controller, repeated on each of its pods: memoised per rule (pure).
    for (const m of prefixProblems(rule).get(masked, rule)) errs.push({ type: 'Invalid', field: 'metadata.generateName', value: generateName, detail: m });
  }
  if (typeof name !== 'string' || name === '') {
    if (typeof generateName !== 'string' || generateName === '') errs.push({ type: 'Required', field: 'metadata.name', detail: 'name or generateName is required' });
  } else {
    for (const m of rule(name)) errs.push({ type: 'Invalid', field: 'metadata.name', value: name, detail: m });
  }
  const ns = own(meta, 'namespace');
  if (typeof ns === 'string' && ns !== '' && !CLUSTER_SCOPED.has(obj.kind)) {
    for (const m of namespaceProblems.get(ns, isDNS1123Label)) errs.push({ type: 'Invalid', field: 'metadata.namespace', value: ns, detail: m });
  }
  validateLabels(own(meta, 'labels'), 'metadata.labels', errs);
  validateAnnotations(own(meta, 'annotations'), 'metadata.annotations', errs);
}

/** ValidateAnnotations: keys are qualified names (checked lower-cased), at most 256 KiB in all. */
export const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

function validateAnnotations(annotations: unknown, field: string, errs: FieldError[]): void {
  if (!isRec(annotations)) return;
  let size = 0;
  for (const k in annotations) {
    for (const m of isQualifiedName(k.toLowerCase())) errs.push({ type: 'Invalid', field, value: k, detail: m });
    const v = annotations[k];
    size += k.length + (typeof v === 'string' ? v.length : 0);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push({ type: 'TooLong', field, value: '', detail: `may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes` });
}

// Label keys and values, namespaces and generateName prefixes repeat across every pod of a
// template (a few hundred spellings for 150,000 pods), and the rules are pure functions of the string: the problems found for a
// spelling are kept, cleared when full so memory stays flat (as the Quantity parse cache is).
const LABEL_PROBLEMS_MAX = 4096;
type Problems = BoundedMemo<string, readonly string[]>;
const labelKeyProblems: Problems = new BoundedMemo(LABEL_PROBLEMS_MAX);
const labelValueProblems: Problems = new BoundedMemo(LABEL_PROBLEMS_MAX);

const namespaceProblems: Problems = new BoundedMemo(LABEL_PROBLEMS_MAX);
const prefixProblemsByRule = new Map<(v: string) => string[], Problems>();
function prefixProblems(rule: (v: string) => string[]): Problems {
  let m = prefixProblemsByRule.get(rule);
  if (!m) prefixProblemsByRule.set(rule, (m = new BoundedMemo(LABEL_PROBLEMS_MAX)));
  return m;
}


function validateLabels(labels: unknown, field: string, errs: FieldError[]): void {
  if (!isRec(labels)) return;
  for (const k in labels) {
    if (!Object.prototype.hasOwnProperty.call(labels, k)) continue;
    const v = labels[k];
    for (const m of labelKeyProblems.get(k, isQualifiedName)) errs.push({ type: 'Invalid', field, value: k, detail: m });
    if (typeof v === 'string') for (const m of labelValueProblems.get(v, isValidLabelValue)) errs.push({ type: 'Invalid', field, value: v, detail: m });
  }
}

// ---- pods ----

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];

function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  return { type: 'NotSupported', field, value, detail: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` };
}

/**
 * ValidateResourceRequirements: quantities non-negative; each request at most its limit, and
 * equal to it for resources that cannot be overcommitted (extended resources such as
 * nvidia.com/gpu, hugepages): `…resources.requests: Invalid value: "2": must be less than or
 * equal to cpu limit of 1`. Requests are compared after API defaulting (a limit without a
 * request is the request), quantities printed canonically.
 */
function validateResources(c: Rec, field: string, errs: FieldError[]): void {
  const res = own(c, 'resources');
  if (!isRec(res)) return;
  for (const section of ['requests', 'limits'] as const) {
    const m = rec(res, section);
    if (!m) continue;
    for (const [name, q] of Object.entries(m)) {
      const badName = containerResourceNameProblem(name);
      if (badName) errs.push({ type: 'Invalid', field: `${field}.resources.${section}[${name}]`, value: name, detail: badName });
      if ((typeof q === 'string' || typeof q === 'number') && quantityProblem(q) === undefined && parseQuantity(q).nanos < 0n) {
        errs.push({ type: 'Invalid', field: `${field}.resources.${section}[${name}]`, value: String(q), detail: 'must be greater than or equal to 0' });
      }
    }
  }
  let numbers: ContainerResources;
  try {
    numbers = containerResources(c as unknown as Container);
  } catch {
    return; // an unparsable quantity: the scenario schema reports it where it is written
  }
  const keys = Object.keys(numbers.requests);
  if (keys.length > 1) keys.sort();
  // Upstream prints both quantities with Quantity.String(): the canonical spelling in the
  // format they were written in ("1024M" stays "1024M", "0.5" becomes "500m").
  const written = (section: 'requests' | 'limits', k: string, v: number): string => {
    const raw = (res as Record<string, Rec | undefined>)[section]?.[k];
    return typeof raw === 'string' || typeof raw === 'number' ? parseQuantity(raw).toString() : formatResource(k, v);
  };
  for (const k of keys) {
    const req = numbers.requests[k]!;
    const lim = numbers.limits[k];
    if (lim === undefined) continue;
    const detail = req !== lim && !isOvercommitAllowed(k)
      ? `must be equal to ${k} limit of ${written('limits', k, lim)}`
      : req > lim ? `must be less than or equal to ${k} limit of ${written('limits', k, lim)}` : undefined;
    if (detail) errs.push({ type: 'Invalid', field: `${field}.resources.requests`, value: written('requests', k, req), detail });
  }
}

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const QUALIFIED_EXTENDED = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/**
 * validateContainerResourceName: a name without a domain must be a standard container resource
 * (cpu, memory, ephemeral-storage, hugepages-*); one with a domain outside kubernetes.io must be a
 * well-formed extended resource. So `requests: {toString: 1}` is refused, as upstream refuses it.
 */
export function containerResourceNameProblem(name: string): string | undefined {
  if (!name.includes('/')) {
    return STANDARD_CONTAINER_RESOURCES.has(name) || name.startsWith('hugepages-') ? undefined : 'must be a standard resource for containers';
  }
  if (name.includes('kubernetes.io/')) return undefined;
  return !name.startsWith('requests.') && QUALIFIED_EXTENDED.test(name) ? undefined : "doesn't follow extended resource name standard";
}

/** Native resources (no domain, or kubernetes.io/) other than hugepages may be overcommitted. */
export function isOvercommitAllowed(name: string): boolean {
  const native = !name.includes('/') || name.includes('kubernetes.io/');
  return native && !name.startsWith('hugepages-');
}

function validateContainers(list: unknown, field: string, names: Set<string>, errs: FieldError[], required: boolean): void {
  if (!Array.isArray(list) || list.length === 0) {
    if (required) errs.push({ type: 'Required', field, detail: '' });
    return;
  }
  list.forEach((c, i) => {
    const at = `${field}[${i}]`;
    if (!isRec(c)) return;
    const name = own(c, 'name');
    if (typeof name !== 'string' || name === '') errs.push({ type: 'Required', field: `${at}.name`, detail: '' });
    else {
      for (const m of isDNS1123Label(name)) errs.push({ type: 'Invalid', field: `${at}.name`, value: name, detail: m });
      if (names.has(name)) errs.push({ type: 'Duplicate', field: `${at}.name`, value: name, detail: '' });
      names.add(name);
    }
    const image = own(c, 'image');
    if (typeof image !== 'string' || image.trim() === '') errs.push({ type: 'Required', field: `${at}.image`, detail: '' });
    const ports = own(c, 'ports');
    if (Array.isArray(ports)) {
      ports.forEach((p, j) => {
        if (!isRec(p)) return;
        const port = own(p, 'containerPort');
        if (typeof port === 'number' && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
          errs.push({ type: 'Invalid', field: `${at}.ports[${j}].containerPort`, value: port, detail: 'must be between 1 and 65535, inclusive' });
        }
      });
    }
    validateResources(c, at, errs);
  });
}

/** ValidatePodSpec, the parts k8sim models. `allowedRestart` narrows restartPolicy for templates. */
function validatePodSpec(spec: unknown, field: string, errs: FieldError[]): void {
  if (!isRec(spec)) {
    errs.push({ type: 'Required', field: `${field}.containers`, detail: '' });
    return;
  }
  const names = new Set<string>();
  validateContainers(own(spec, 'initContainers'), `${field}.initContainers`, names, errs, false);
  validateContainers(own(spec, 'containers'), `${field}.containers`, names, errs, true);
  const rp = own(spec, 'restartPolicy');
  if (rp !== undefined && !RESTART_POLICIES.includes(rp as string)) errs.push(notSupported(`${field}.restartPolicy`, rp, RESTART_POLICIES));
  nonNegative(errs, own(spec, 'terminationGracePeriodSeconds'), `${field}.terminationGracePeriodSeconds`);
  const ads = own(spec, 'activeDeadlineSeconds');
  if (typeof ads === 'number' && ads < 1) errs.push({ type: 'Invalid', field: `${field}.activeDeadlineSeconds`, value: ads, detail: 'must be between 1 and 2147483647, inclusive' });
  if (own(spec, 'resources') !== undefined) podLevelResourceErrors(spec, field, errs);
}

function validateTemplate(tpl: unknown, field: string, errs: FieldError[], restartPolicies?: readonly string[]): void {
  if (!isRec(tpl)) {
    errs.push({ type: 'Required', field, detail: '' });
    return;
  }
  const meta = rec(tpl, 'metadata');
  if (meta) validateLabels(own(meta, 'labels'), `${field}.metadata.labels`, errs);
  validatePodSpec(own(tpl, 'spec'), `${field}.spec`, errs);
  const spec = rec(tpl, 'spec');
  const rp = spec ? own(spec, 'restartPolicy') : undefined;
  if (restartPolicies && rp !== undefined && RESTART_POLICIES.includes(rp as string) && !restartPolicies.includes(rp as string)) {
    errs.push(notSupported(`${field}.spec.restartPolicy`, rp, restartPolicies));
  }
}

// ---- workloads (pkg/apis/apps/validation, pkg/apis/batch/validation) ----

const NIL_LABELS = new GoPrinted('map[string]string(nil)');

/** Template labels as upstream prints them in the mismatch error (a nil map when absent). */
function templateLabels(spec: Rec): { labels: Record<string, string>; printed: unknown } {
  const tpl = rec(spec, 'template');
  const meta = tpl ? rec(tpl, 'metadata') : undefined;
  const l = meta ? own(meta, 'labels') : undefined;
  return isRec(l) ? { labels: l as Record<string, string>, printed: l } : { labels: {}, printed: NIL_LABELS };
}

const IN_VALUES_MSG = "must be specified when `operator` is 'In' or 'NotIn'";
const EXISTS_VALUES_MSG = "may not be specified when `operator` is 'Exists' or 'DoesNotExist'";

/**
 * apimachinery ValidateLabelSelector (AllowInvalidLabelValueInSelector false): matchLabels keys
 * and values, each matchExpression's operator, values and key. Returns whether the selector
 * converts (LabelSelectorAsSelector succeeds exactly when none of these checks fails).
 */
export function validateLabelSelectorFields(sel: unknown, field: string, errs: FieldError[]): boolean {
  if (!isRec(sel)) return true;
  const before = errs.length;
  validateLabels(own(sel, 'matchLabels'), `${field}.matchLabels`, errs);
  const exprs = own(sel, 'matchExpressions');
  if (Array.isArray(exprs)) {
    exprs.forEach((r, i) => {
      const at = `${field}.matchExpressions[${i}]`;
      const req = isRec(r) ? r : {};
      const op = own(req, 'operator');
      const values = own(req, 'values');
      const n = Array.isArray(values) ? values.length : 0;
      if (op === 'In' || op === 'NotIn') {
        if (n === 0) errs.push({ type: 'Required', field: `${at}.values`, detail: IN_VALUES_MSG });
      } else if (op === 'Exists' || op === 'DoesNotExist') {
        if (n > 0) errs.push({ type: 'Forbidden', field: `${at}.values`, detail: EXISTS_VALUES_MSG });
      } else {
        errs.push({ type: 'Invalid', field: `${at}.operator`, value: op ?? '', detail: 'not a valid selector operator' });
      }
      const key = own(req, 'key');
      const k = typeof key === 'string' ? key : '';
      for (const m of isQualifiedName(k)) errs.push({ type: 'Invalid', field: `${at}.key`, value: k, detail: m });
      if (Array.isArray(values)) {
        values.forEach((v, j) => {
          if (typeof v === 'string') for (const m of isValidLabelValue(v)) errs.push({ type: 'Invalid', field: `${at}.values[${j}]`, value: v, detail: m });
        });
      }
    });
  }
  return errs.length === before;
}

/**
 * The selector rules of ValidateDeploymentSpec / ValidateReplicaSetSpec / ValidateStatefulSetSpec:
 * required, valid (ValidateLabelSelector), non-empty; a selector that does not convert gives
 * `spec.selector: Invalid value: v1.LabelSelector{…}: invalid label selector` (StatefulSet: no
 * detail) and skips the template check; otherwise a non-empty selector — or a missing one,
 * which converts to labels.Nothing() — must match the template's labels.
 */
function validateSelectorAndTemplate(spec: Rec, errs: FieldError[], what: 'deployment' | 'statefulset'): void {
  const sel = own(spec, 'selector');
  let converts = true;
  if (!isRec(sel)) {
    errs.push({ type: 'Required', field: 'spec.selector', detail: '' });
  } else {
    converts = validateLabelSelectorFields(sel, 'spec.selector', errs);
    if (isEmptySelector(sel as LabelSelector)) {
      errs.push({ type: 'Invalid', field: 'spec.selector', value: new GoPrinted(goSelector(sel)), detail: `empty selector is invalid for ${what}` });
    }
  }
  if (!converts) {
    errs.push({ type: 'Invalid', field: 'spec.selector', value: new GoPrinted(goSelector(sel)), detail: what === 'statefulset' ? '' : 'invalid label selector' });
    return;
  }
  if (!isRec(rec(spec, 'template'))) return;
  if (isRec(sel) && isEmptySelector(sel as LabelSelector)) return;
  const { labels, printed } = templateLabels(spec);
  if (!isRec(sel) || !selectorMatches(sel as LabelSelector, labels)) {
    errs.push({ type: 'Invalid', field: 'spec.template.metadata.labels', value: printed, detail: '`selector` does not match template `labels`' });
  }
}

/** ValidateDaemonSetSpec's selector rules: no Required (a nil selector matches nothing), then non-empty. */
function validateDaemonSetSelector(spec: Rec, errs: FieldError[]): void {
  const sel = own(spec, 'selector');
  const converts = validateLabelSelectorFields(sel, 'spec.selector', errs);
  const { labels, printed } = templateLabels(spec);
  if (converts && (!isRec(sel) || !selectorMatches(sel as LabelSelector, labels))) {
    errs.push({ type: 'Invalid', field: 'spec.template.metadata.labels', value: printed, detail: '`selector` does not match template `labels`' });
  }
  if (isRec(sel) && isEmptySelector(sel as LabelSelector)) {
    errs.push({ type: 'Invalid', field: 'spec.selector', value: new GoPrinted(goSelector(sel)), detail: 'empty selector is invalid for daemonset' });
  }
}

/** The workload kinds forbid a template activeDeadlineSeconds (`activeDeadlineSeconds in ReplicaSet is not Supported`). */
function forbidTemplateDeadline(spec: Rec, errs: FieldError[], kind: string): void {
  const tpl = rec(spec, 'template');
  const ps = tpl ? rec(tpl, 'spec') : undefined;
  if (ps && own(ps, 'activeDeadlineSeconds') !== undefined && own(ps, 'activeDeadlineSeconds') !== null) {
    errs.push({ type: 'Forbidden', field: 'spec.template.spec.activeDeadlineSeconds', detail: `activeDeadlineSeconds in ${kind} is not Supported` });
  }
}

const PERCENT_MSG = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/**
 * An intstr.IntOrString as field errors print it: the struct has no value-receiver String(),
 * so Go's %#v shows it (`intstr.IntOrString{Type:1, IntVal:0, StrVal:"20Percent"}`), as real
 * clusters answer.
 */
export function goIntOrString(v: unknown): GoPrinted {
  if (typeof v === 'string') return new GoPrinted(`intstr.IntOrString{Type:1, IntVal:0, StrVal:${JSON.stringify(v)}}`);
  const n = typeof v === 'number' ? v : 0;
  return new GoPrinted(`intstr.IntOrString{Type:0, IntVal:${n}, StrVal:""}`);
}

/** getIntOrPercentValue: a valid percent's number, else the integer (an invalid string counts 0). */
function intOrPercentValue(v: unknown): number {
  if (typeof v === 'string') {
    const m = /^([0-9]+)%$/.exec(v);
    return m ? Number(m[1]) : 0;
  }
  return typeof v === 'number' ? v : 0;
}

/** ValidatePositiveIntOrPercent (+ IsNotMoreThan100Percent when `max100`); returns the value. */
function intOrPercent(v: unknown, field: string, errs: FieldError[], max100 = false): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') {
    const m = /^([0-9]+)%$/.exec(v);
    if (!m) {
      errs.push({ type: 'Invalid', field, value: goIntOrString(v), detail: PERCENT_MSG });
      return undefined;
    }
    const n = Number(m[1]);
    if (max100 && n > 100) errs.push({ type: 'Invalid', field, value: goIntOrString(v), detail: 'must not be greater than 100%' });
    return n;
  }
  if (typeof v === 'number') {
    if (v < 0) errs.push({ type: 'Invalid', field, value: v, detail: 'must be greater than or equal to 0' });
    return v;
  }
  return undefined;
}

/** A strategy struct as %#v prints it in NotSupported/Invalid errors (the pointer itself is not reproducible). */
function goStrategy(struct: string, ptr: string, strategy: Rec): GoPrinted {
  const t = own(strategy, 'type');
  const ru = own(strategy, 'rollingUpdate');
  const p = ru === undefined || ru === null ? `(*${ptr})(nil)` : `(*${ptr})(<pointer>)`;
  return new GoPrinted(`${struct}{Type:${JSON.stringify(typeof t === 'string' ? t : '')}, RollingUpdate:${p}}`);
}

function validateDeploymentSpec(spec: Rec, errs: FieldError[]): void {
  nonNegative(errs, own(spec, 'replicas'), 'spec.replicas');
  validateSelectorAndTemplate(spec, errs, 'deployment');
  validateTemplate(own(spec, 'template'), 'spec.template', errs, ['Always']);
  forbidTemplateDeadline(spec, errs, 'ReplicaSet');
  const strategy = rec(spec, 'strategy');
  if (strategy) {
    const type = own(strategy, 'type') ?? 'RollingUpdate';
    const ru = own(strategy, 'rollingUpdate');
    if (type === 'Recreate') {
      if (ru !== undefined && ru !== null) errs.push({ type: 'Forbidden', field: 'spec.strategy.rollingUpdate', detail: "may not be specified when strategy `type` is 'Recreate'" });
    } else if (type === 'RollingUpdate') {
      if (isRec(ru)) {
        const mu = own(ru, 'maxUnavailable');
        const ms = own(ru, 'maxSurge');
        intOrPercent(mu, 'spec.strategy.rollingUpdate.maxUnavailable', errs);
        intOrPercent(ms, 'spec.strategy.rollingUpdate.maxSurge', errs);
        if (intOrPercentValue(mu) === 0 && intOrPercentValue(ms) === 0) {
          errs.push({ type: 'Invalid', field: 'spec.strategy.rollingUpdate.maxUnavailable', value: goIntOrString(mu), detail: 'may not be 0 when `maxSurge` is 0' });
        }
        notMoreThan100(mu, 'spec.strategy.rollingUpdate.maxUnavailable', errs);
      }
    } else {
      errs.push(notSupported('spec.strategy', goStrategy('apps.DeploymentStrategy', 'apps.RollingUpdateDeployment', strategy), ['Recreate', 'RollingUpdate']));
    }
  }
  nonNegative(errs, own(spec, 'minReadySeconds'), 'spec.minReadySeconds');
  nonNegative(errs, own(spec, 'revisionHistoryLimit'), 'spec.revisionHistoryLimit');
  const pds = own(spec, 'progressDeadlineSeconds');
  if (typeof pds === 'number') {
    nonNegative(errs, pds, 'spec.progressDeadlineSeconds');
    const mrs = own(spec, 'minReadySeconds');
    if (pds <= (typeof mrs === 'number' ? mrs : 0)) errs.push({ type: 'Invalid', field: 'spec.progressDeadlineSeconds', value: pds, detail: 'must be greater than minReadySeconds' });
  }
}

/** IsNotMoreThan100Percent on its own (upstream runs it after the zero checks). */
function notMoreThan100(v: unknown, field: string, errs: FieldError[]): void {
  if (typeof v !== 'string') return;
  const m = /^([0-9]+)%$/.exec(v);
  if (m && Number(m[1]) > 100) errs.push({ type: 'Invalid', field, value: goIntOrString(v), detail: 'must not be greater than 100%' });
}

function validateReplicaSetSpec(spec: Rec, errs: FieldError[]): void {
  nonNegative(errs, own(spec, 'replicas'), 'spec.replicas');
  nonNegative(errs, own(spec, 'minReadySeconds'), 'spec.minReadySeconds');
  // Upstream's ReplicaSet check says "deployment" too (ValidateReplicaSetSpec).
  validateSelectorAndTemplate(spec, errs, 'deployment');
  validateTemplate(own(spec, 'template'), 'spec.template', errs, ['Always']);
  forbidTemplateDeadline(spec, errs, 'ReplicaSet');
}

/**
 * ValidateReplicationControllerSpec (after defaulting): a non-empty equality selector that
 * matches the template's labels, a template whose restartPolicy is Always and that sets no
 * activeDeadlineSeconds.
 */
function validateReplicationControllerSpec(spec: Rec, errs: FieldError[]): void {
  nonNegative(errs, own(spec, 'minReadySeconds'), 'spec.minReadySeconds');
  const sel = own(spec, 'selector');
  const selMap = (isRec(sel) ? sel : {}) as Record<string, string>;
  const empty = Object.keys(selMap).length === 0;
  if (empty) errs.push({ type: 'Required', field: 'spec.selector', detail: '' });
  nonNegative(errs, own(spec, 'replicas'), 'spec.replicas');
  const tpl = own(spec, 'template');
  if (!isRec(tpl)) {
    errs.push({ type: 'Required', field: 'spec.template', detail: '' });
    return;
  }
  if (!empty) {
    const meta = rec(tpl, 'metadata');
    const l = meta ? own(meta, 'labels') : undefined;
    const labels = (isRec(l) ? l : {}) as Record<string, string>;
    if (!selectorMatches({ matchLabels: selMap }, labels)) {
      errs.push({ type: 'Invalid', field: 'spec.template.metadata.labels', value: labels, detail: '`selector` does not match template `labels`' });
    }
  }
  validateTemplate(tpl, 'spec.template', errs);
  const podSpec = rec(tpl, 'spec');
  const rp = podSpec ? own(podSpec, 'restartPolicy') : undefined;
  if (rp !== undefined && rp !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', rp, ['Always']));
  if (podSpec && own(podSpec, 'activeDeadlineSeconds') !== undefined) {
    errs.push({ type: 'Forbidden', field: 'spec.template.spec.activeDeadlineSeconds', detail: 'activeDeadlineSeconds in ReplicationController is not Supported' });
  }
}

/**
 * ValidateStatefulSetSpec in upstream's order: podManagementPolicy, updateStrategy (partition,
 * maxUnavailable ≥ 1 or a percent ≤ 100%), replicas, minReadySeconds, ordinals, selector,
 * template, restartPolicy Always, no activeDeadlineSeconds; then the claim templates.
 */
function validateStatefulSetSpec(spec: Rec, errs: FieldError[]): void {
  const pmp = own(spec, 'podManagementPolicy');
  if (pmp !== undefined && pmp !== 'OrderedReady' && pmp !== 'Parallel') {
    errs.push({ type: 'Invalid', field: 'spec.podManagementPolicy', value: pmp, detail: "must be 'OrderedReady' or 'Parallel'" });
  }
  const us = rec(spec, 'updateStrategy');
  if (us) {
    const type = own(us, 'type');
    const ru = own(us, 'rollingUpdate');
    if (type === 'OnDelete') {
      if (isRec(ru)) {
        const mu = own(ru, 'maxUnavailable');
        const printed = `apps.RollingUpdateStatefulSetStrategy{Partition:${typeof own(ru, 'partition') === 'number' ? own(ru, 'partition') : 0}, MaxUnavailable:${mu === undefined ? '(*intstr.IntOrString)(nil)' : '(*intstr.IntOrString)(<pointer>)'}}`;
        errs.push({ type: 'Invalid', field: 'spec.updateStrategy.rollingUpdate', value: new GoPrinted(printed), detail: "only allowed for updateStrategy 'RollingUpdate'" });
      }
    } else if (type === 'RollingUpdate') {
      if (isRec(ru)) {
        nonNegative(errs, own(ru, 'partition'), 'spec.updateStrategy.rollingUpdate.partition');
        const mu = own(ru, 'maxUnavailable');
        if (mu !== undefined && mu !== null) {
          intOrPercent(mu, 'spec.updateStrategy.rollingUpdate.maxUnavailable', errs);
          if (intOrPercentValue(mu) === 0) errs.push({ type: 'Invalid', field: 'spec.updateStrategy.rollingUpdate.maxUnavailable', value: goIntOrString(mu), detail: 'cannot be 0' });
          notMoreThan100(mu, 'spec.updateStrategy.rollingUpdate.maxUnavailable', errs);
        }
      }
    } else if (type !== undefined) {
      errs.push({ type: 'Invalid', field: 'spec.updateStrategy', value: goStrategy('apps.StatefulSetUpdateStrategy', 'apps.RollingUpdateStatefulSetStrategy', us), detail: "must be 'RollingUpdate' or 'OnDelete'" });
    }
  }
  const retention = rec(spec, 'persistentVolumeClaimRetentionPolicy');
  if (retention) {
    for (const k of ['whenDeleted', 'whenScaled']) {
      const v = own(retention, k);
      if (v !== undefined && v !== 'Retain' && v !== 'Delete') errs.push(notSupported(`spec.persistentVolumeClaimRetentionPolicy.${k}`, v, ['Retain', 'Delete']));
    }
  }
  nonNegative(errs, own(spec, 'replicas'), 'spec.replicas');
  nonNegative(errs, own(spec, 'minReadySeconds'), 'spec.minReadySeconds');
  const ordinals = rec(spec, 'ordinals');
  if (ordinals) nonNegative(errs, own(ordinals, 'start'), 'spec.ordinals.start');
  validateSelectorAndTemplate(spec, errs, 'statefulset');
  validateTemplate(own(spec, 'template'), 'spec.template', errs, ['Always']);
  forbidTemplateDeadline(spec, errs, 'StatefulSet');
  const vcts = own(spec, 'volumeClaimTemplates');
  if (Array.isArray(vcts)) {
    vcts.forEach((t, i) => {
      const at = `spec.volumeClaimTemplates[${i}].spec`;
      const ts = isRec(t) ? own(t, 'spec') : undefined;
      validatePvcSpec(isRec(ts) ? ts : {}, at, errs);
    });
  }
}

/**
 * ValidatePersistentVolumeClaimSpec, the parts k8sim models: at least one access mode and a
 * storage request (a claim template without `spec` reached the volume controller and crashed it).
 */
function validatePvcSpec(spec: Rec, at: string, errs: FieldError[]): void {
  const modes = own(spec, 'accessModes');
  if (!Array.isArray(modes) || modes.length === 0) errs.push({ type: 'Required', field: `${at}.accessModes`, detail: 'at least 1 access mode is required' });
  const res = own(spec, 'resources');
  const req = isRec(res) ? own(res, 'requests') : undefined;
  if (!isRec(req) || own(req, 'storage') === undefined) errs.push({ type: 'Required', field: `${at}.resources[storage]`, detail: '' });
}

/**
 * ValidateDaemonSetSpec in upstream's order: selector, template, restartPolicy Always, no
 * activeDeadlineSeconds, minReadySeconds, updateStrategy (exactly one of maxUnavailable and
 * maxSurge non-zero, both ≤ 100%), revisionHistoryLimit.
 */
function validateDaemonSetSpec(spec: Rec, errs: FieldError[]): void {
  validateDaemonSetSelector(spec, errs);
  validateTemplate(own(spec, 'template'), 'spec.template', errs, ['Always']);
  forbidTemplateDeadline(spec, errs, 'DaemonSet');
  nonNegative(errs, own(spec, 'minReadySeconds'), 'spec.minReadySeconds');
  const us = rec(spec, 'updateStrategy');
  if (us) {
    const type = own(us, 'type');
    const ru = own(us, 'rollingUpdate');
    if (type === 'RollingUpdate') {
      if (!isRec(ru)) errs.push({ type: 'Required', field: 'spec.updateStrategy.rollingUpdate', detail: '' });
      else {
        const at = 'spec.updateStrategy.rollingUpdate';
        const mu = own(ru, 'maxUnavailable');
        const ms = own(ru, 'maxSurge');
        intOrPercent(mu, `${at}.maxUnavailable`, errs);
        intOrPercent(ms, `${at}.maxSurge`, errs);
        notMoreThan100(mu, `${at}.maxUnavailable`, errs);
        notMoreThan100(ms, `${at}.maxSurge`, errs);
        const hasUnavailable = intOrPercentValue(mu) !== 0;
        const hasSurge = intOrPercentValue(ms) !== 0;
        if (hasUnavailable && hasSurge) errs.push({ type: 'Invalid', field: `${at}.maxSurge`, value: goIntOrString(ms), detail: 'may not be set when maxUnavailable is non-zero' });
        else if (!hasUnavailable && !hasSurge) errs.push({ type: 'Required', field: `${at}.maxUnavailable`, detail: 'cannot be 0 when maxSurge is 0' });
      }
    } else if (type !== 'OnDelete' && type !== undefined) {
      errs.push(notSupported('spec.updateStrategy', goStrategy('apps.DaemonSetUpdateStrategy', 'apps.RollingUpdateDaemonSet', us), ['RollingUpdate', 'OnDelete']));
    }
  }
  nonNegative(errs, own(spec, 'revisionHistoryLimit'), 'spec.revisionHistoryLimit');
}

function validateJobSpec(spec: Rec, errs: FieldError[], obj?: Rec): void {
  validateJobSpecFields(obj ?? {}, spec, errs, () => validateTemplate(own(spec, 'template'), 'spec.template', errs), () => {
    // The selector upstream generates (controller-uid) is not modelled: a given one is checked.
    const sel = own(spec, 'selector');
    if (!isRec(sel)) return;
    const converts = validateLabelSelectorFields(sel, 'spec.selector', errs);
    if (!converts || !isRec(rec(spec, 'template'))) return;
    const { labels, printed } = templateLabels(spec);
    if (!selectorMatches(sel as LabelSelector, labels)) {
      errs.push({ type: 'Invalid', field: 'spec.template.metadata.labels', value: printed, detail: '`selector` does not match template `labels`' });
    }
  });
}

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** ValidateCronJobSpec's ValidateJobTemplateSpec: the job template's spec as a Job's (schedule and zone: models/controllers/cronjob.ts). */
function validateCronJobSpec(spec: Rec, errs: FieldError[]): void {
  const jt = rec(spec, 'jobTemplate');
  const js = jt ? rec(jt, 'spec') : undefined;
  if (!js) return;
  validateJobSpecFields({}, js, errs, () => validateTemplate(own(js, 'template'), 'spec.jobTemplate.spec.template', errs), () => {}, 'spec.jobTemplate.spec');
}

function validateServiceSpec(spec: Rec, errs: FieldError[]): void {
  const type = own(spec, 'type');
  if (type !== undefined && !SERVICE_TYPES.includes(type as string)) errs.push(notSupported('spec.type', type, SERVICE_TYPES));
  const ports = own(spec, 'ports');
  // ValidateService: ports are required unless the Service is headless or an ExternalName.
  if ((!Array.isArray(ports) || ports.length === 0) && own(spec, 'clusterIP') !== 'None' && own(spec, 'type') !== 'ExternalName') {
    errs.push({ type: 'Required', field: 'spec.ports', detail: '' });
  }
  validateLabels(own(spec, 'selector'), 'spec.selector', errs);
  if (!Array.isArray(ports)) return;
  const many = ports.length > 1;
  const names = new Set<string>();
  ports.forEach((p, i) => {
    if (!isRec(p)) return;
    const at = `spec.ports[${i}]`;
    const name = own(p, 'name');
    if (many && (typeof name !== 'string' || name === '')) errs.push({ type: 'Required', field: `${at}.name`, detail: '' });
    if (typeof name === 'string' && name !== '') {
      if (names.has(name)) errs.push({ type: 'Duplicate', field: `${at}.name`, value: name, detail: '' });
      names.add(name);
    }
    const port = own(p, 'port');
    if (typeof port === 'number' && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
      errs.push({ type: 'Invalid', field: `${at}.port`, value: port, detail: 'must be between 1 and 65535, inclusive' });
    }
    const protocol = own(p, 'protocol');
    if (protocol !== undefined && !PROTOCOLS.includes(protocol as string)) errs.push(notSupported(`${at}.protocol`, protocol, PROTOCOLS));
    const target = own(p, 'targetPort');
    if (typeof target === 'number' && !(Number.isInteger(target) && target >= 1 && target <= 65535)) {
      errs.push({ type: 'Invalid', field: `${at}.targetPort`, value: target, detail: 'must be between 1 and 65535, inclusive' });
    }
  });
}

function validateHpaSpec(spec: Rec, errs: FieldError[]): void {
  const min = own(spec, 'minReplicas');
  const max = own(spec, 'maxReplicas');
  if (typeof min === 'number' && min < 1) errs.push({ type: 'Invalid', field: 'spec.minReplicas', value: min, detail: 'must be greater than or equal to 1' });
  if (typeof max === 'number' && max < 1) errs.push({ type: 'Invalid', field: 'spec.maxReplicas', value: max, detail: 'must be greater than 0' });
  if (typeof min === 'number' && typeof max === 'number' && max < min) {
    errs.push({ type: 'Invalid', field: 'spec.maxReplicas', value: max, detail: 'must be greater than or equal to `minReplicas`' });
  }
}

function validatePdbSpec(spec: Rec, errs: FieldError[]): void {
  if (own(spec, 'minAvailable') !== undefined && own(spec, 'maxUnavailable') !== undefined) {
    errs.push({ type: 'Invalid', field: 'spec', value: spec, detail: 'minAvailable and maxUnavailable cannot be both set' });
  }
  intOrPercent(own(spec, 'minAvailable'), 'spec.minAvailable', errs, true);
  intOrPercent(own(spec, 'maxUnavailable'), 'spec.maxUnavailable', errs, true);
  validateLabelSelectorFields(own(spec, 'selector'), 'spec.selector', errs);
}

const SPEC_VALIDATORS: Record<string, (spec: Rec, errs: FieldError[]) => void> = {
  Deployment: validateDeploymentSpec,
  ReplicaSet: validateReplicaSetSpec,
  ReplicationController: validateReplicationControllerSpec,
  StatefulSet: validateStatefulSetSpec,
  DaemonSet: validateDaemonSetSpec,
  Job: validateJobSpec,
  CronJob: validateCronJobSpec,
  Service: validateServiceSpec,
  PersistentVolumeClaim: (spec, errs) => validatePvcSpec(spec, 'spec', errs),
  HorizontalPodAutoscaler: validateHpaSpec,
  PodDisruptionBudget: validatePdbSpec,
};

/** Kinds whose objects must have a spec (validation would otherwise report its parts one by one). */
const SPEC_REQUIRED = new Set(['Pod', 'Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet', 'DaemonSet', 'Job']);

/** Validation of a new object (POST), upstream's ValidateX for its kind. */
export function validateCreate(obj: KObject): FieldError[] {
  const errs: FieldError[] = [];
  validateMeta(obj, errs);
  const body = obj as unknown as Rec;
  const spec = own(body, 'spec');
  if (!isRec(spec)) {
    if (SPEC_REQUIRED.has(obj.kind)) errs.push({ type: 'Required', field: 'spec', detail: '' });
    // Defaulted to an empty spec upstream, which then fails its own checks.
    else if (obj.kind === 'Service' || obj.kind === 'PersistentVolumeClaim') SPEC_VALIDATORS[obj.kind]!({}, errs);
    return errs;
  }
  if (obj.kind === 'Pod') validatePodSpec(spec, 'spec', errs);
  else if (obj.kind === 'Job') validateJobSpec(spec, errs, body);
  else SPEC_VALIDATORS[obj.kind]?.(spec, errs);
  return errs;
}

/**
 * validateCreate of a Pod whose spec is known to pass validatePodSpec (the API server's
 * template verdicts, models/api/pod-spec-verdicts.ts): only the metadata part is left, and
 * validateCreate would return exactly these errors (its spec part adds none).
 */
export function validatePodCreateMeta(pod: KObject): FieldError[] {
  const errs: FieldError[] = [];
  validateMeta(pod, errs);
  return errs;
}

/** validatePodSpec's errors alone (the template verdict's input), `spec.` paths as on create. */
export function validatePodSpecAlone(spec: unknown): FieldError[] {
  const errs: FieldError[] = [];
  if (!isRec(spec)) errs.push({ type: 'Required', field: 'spec', detail: '' });
  else validatePodSpec(spec, 'spec', errs);
  return errs;
}

/** metav1.LabelSelector as Go's %#v prints it inside "field is immutable" errors. */
function goSelector(sel: unknown): string {
  if (!isRec(sel)) return 'null';
  const ml = own(sel, 'matchLabels');
  const me = own(sel, 'matchExpressions');
  const labels = isRec(ml) ? goValue(ml) : 'map[string]string(nil)';
  const exprs = Array.isArray(me) && me.length
    ? `[]v1.LabelSelectorRequirement{${me.map((r) => {
        const rr = isRec(r) ? r : {};
        const values = Array.isArray(own(rr, 'values')) ? `[]string{${(own(rr, 'values') as unknown[]).map((v) => JSON.stringify(v)).join(', ')}}` : '[]string(nil)';
        return `v1.LabelSelectorRequirement{Key:${JSON.stringify(own(rr, 'key') ?? '')}, Operator:${JSON.stringify(own(rr, 'operator') ?? '')}, Values:${values}}`;
      }).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${labels}, MatchExpressions:${exprs}}`;
}

/** Values compared as the API sees them (key order does not matter). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => sameValue(v, b[i]));
  }
  if (isRec(a) && isRec(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => sameValue(a[k], b[k]));
  }
  return false;
}

/** Fields of a StatefulSet spec an update may change (ValidateStatefulSetUpdate). */
const STS_MUTABLE = new Set(['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']);

const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

/** A toleration equal to `old` but for tolerationSeconds (validateOnlyAddedTolerations). */
function sameTolerationButSeconds(old: unknown, next: unknown): boolean {
  if (!isRec(old) || !isRec(next)) return sameValue(old, next);
  return sameValue({ ...old, tolerationSeconds: undefined }, { ...next, tolerationSeconds: undefined });
}

/**
 * ValidatePodUpdate after the new pod's own checks, in upstream's order: containers may not be
 * added or removed (then nothing else is checked), images stay required; activeDeadlineSeconds
 * may only be set, kept or lowered (never unset); existing tolerations may change only their
 * tolerationSeconds; everything else — terminationGracePeriodSeconds too, unless it goes from
 * negative to 1 — must equal the old spec once the mutable fields are copied over. Upstream
 * appends a cmp.Diff of the two specs to the last message; k8sim leaves the diff out.
 */
function validatePodUpdate(spec: Rec, oldSpec: Rec, errs: FieldError[]): void {
  for (const list of ['containers', 'initContainers'] as const) {
    const a = own(spec, list);
    const b = own(oldSpec, list);
    const na = Array.isArray(a) ? a.length : 0;
    const nb = Array.isArray(b) ? b.length : 0;
    if (na !== nb) {
      errs.push({ type: 'Forbidden', field: `spec.${list}`, detail: 'pod updates may not add or remove containers' });
      return;
    }
  }
  const ads = own(spec, 'activeDeadlineSeconds');
  const oldAds = own(oldSpec, 'activeDeadlineSeconds');
  if (typeof ads === 'number') {
    if (ads < 0 || ads > 2147483647) {
      errs.push({ type: 'Invalid', field: 'spec.activeDeadlineSeconds', value: ads, detail: 'must be between 0 and 2147483647, inclusive' });
      return;
    }
    if (typeof oldAds === 'number' && oldAds < ads) {
      errs.push({ type: 'Invalid', field: 'spec.activeDeadlineSeconds', value: ads, detail: 'must be less than or equal to previous value' });
      return;
    }
  } else if (typeof oldAds === 'number') {
    errs.push({ type: 'Invalid', field: 'spec.activeDeadlineSeconds', value: null, detail: 'must not update from a positive integer to nil value' });
  }
  const tols = own(spec, 'tolerations');
  const oldTols = own(oldSpec, 'tolerations');
  if (Array.isArray(oldTols)) {
    const next = Array.isArray(tols) ? tols : [];
    if (!oldTols.every((o) => next.some((n) => sameTolerationButSeconds(o, n)))) {
      errs.push({ type: 'Forbidden', field: 'spec.tolerations', detail: 'existing toleration can not be modified except its tolerationSeconds' });
    }
  }
  // The munged spec: the new spec with the mutable fields taken from the old one.
  const munged: Rec = { ...spec };
  for (const list of ['containers', 'initContainers'] as const) {
    const a = own(spec, list);
    const b = own(oldSpec, list);
    if (Array.isArray(a) && Array.isArray(b)) munged[list] = a.map((c, i) => (isRec(c) && isRec(b[i]) ? { ...c, image: (b[i] as Rec).image } : c));
  }
  munged.activeDeadlineSeconds = oldAds;
  munged.tolerations = oldTols;
  const tgps = own(spec, 'terminationGracePeriodSeconds');
  const oldTgps = own(oldSpec, 'terminationGracePeriodSeconds');
  if (typeof oldTgps === 'number' && oldTgps < 0 && tgps === 1) munged.terminationGracePeriodSeconds = oldTgps;
  if (!sameValue(munged, oldSpec)) errs.push({ type: 'Forbidden', field: 'spec', detail: POD_UPDATE_FORBIDDEN });
}

/** Validation of an update (PUT/PATCH): the new object's own checks plus upstream's ValidateXUpdate rules. */
export function validateUpdate(obj: KObject, old: KObject): FieldError[] {
  const errs = validateCreate(obj);
  const spec = isRec((obj as unknown as Rec).spec) ? ((obj as unknown as Rec).spec as Rec) : undefined;
  const oldSpec = isRec((old as unknown as Rec).spec) ? ((old as unknown as Rec).spec as Rec) : undefined;
  if (!spec || !oldSpec) return errs;
  const immutableSelector = () => {
    if (!sameValue(own(spec, 'selector'), own(oldSpec, 'selector'))) {
      errs.push({ type: 'Invalid', field: 'spec.selector', value: new GoPrinted(goSelector(own(spec, 'selector'))), detail: 'field is immutable' });
    }
  };
  switch (obj.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
      immutableSelector();
      break;
    case 'StatefulSet': {
      const keys = new Set([...Object.keys(spec), ...Object.keys(oldSpec)]);
      for (const k of keys) {
        if (STS_MUTABLE.has(k)) continue;
        if (!sameValue(own(spec, k), own(oldSpec, k))) {
          errs.push({
            type: 'Forbidden',
            field: 'spec',
            detail: "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
          });
          break;
        }
      }
      break;
    }
    case 'Job':
      immutableSelector();
      if (!sameValue(own(spec, 'template'), own(oldSpec, 'template'))) errs.push({ type: 'Invalid', field: 'spec.template', detail: 'field is immutable' });
      if (own(oldSpec, 'completions') !== undefined && !sameValue(own(spec, 'completions'), own(oldSpec, 'completions'))) {
        errs.push({ type: 'Invalid', field: 'spec.completions', value: own(spec, 'completions'), detail: 'field is immutable' });
      }
      break;
    case 'Pod':
      validatePodUpdate(spec, oldSpec, errs);
      break;
    default:
      break;
  }
  return errs;
}
