// batch/v1 ValidateJob as a 1.3x API server runs it, for the fields k8sim models: the numeric
// fields (≥ 0), completion modes with the Indexed limits, backoffLimitPerIndex and
// maxFailedIndexes, podFailurePolicy rules, successPolicy, podReplacementPolicy, the template's
// restartPolicy (`Required value: valid values: "OnFailure", "Never"` for a missing or Always
// one), a given selector, and an Indexed Job's longest pod hostname. Order and messages are
// upstream's (pkg/apis/batch/validation/validation.go).

import { GoPrinted, type FieldError } from './field-errors.js';
import { isDNS1123Label, isQualifiedName } from './name-validation.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const own = (o: Rec, k: string): unknown => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

const MAX_PARALLELISM_INDEXED = 100_000;
const MAX_FAILED_INDEXES_INDEXED = 100_000;
const COMPLETIONS_SOFT_LIMIT = 100_000;
const PARALLELISM_HIGH_COMPLETIONS = 10_000;
const MAX_FAILED_INDEXES_HIGH_COMPLETIONS = 100_000;
const MAX_POD_FAILURE_POLICY_RULES = 20;
const MAX_EXIT_CODE_VALUES = 255;
const MAX_ON_POD_CONDITIONS = 20;
const MAX_SUCCESS_POLICY_RULES = 20;
const ACTIONS = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
const EXIT_OPERATORS = ['In', 'NotIn'];
const CONDITION_STATUSES = ['False', 'True', 'Unknown'];

/** Go's %q of a []string: `["Count" "FailIndex"]`. */
const quotedList = (l: readonly string[]) => `[${l.map((s) => JSON.stringify(s)).join(' ')}]`;
const supported = (l: readonly string[]) => `supported values: ${l.map((s) => JSON.stringify(s)).join(', ')}`;
const tooMany = (field: string, n: number, max: number): FieldError => ({ type: 'TooMany', field, value: n, detail: `must have at most ${max} items` });
const int32s = (v: unknown[]) => new GoPrinted(`[]int32{${v.join(', ')}}`);

function nonNegative(errs: FieldError[], v: unknown, field: string): void {
  if (typeof v === 'number' && v < 0) errs.push({ type: 'Invalid', field, value: v, detail: 'must be greater than or equal to 0' });
}

function validatePodFailurePolicy(spec: Rec, pfp: Rec, errs: FieldError[], containerNames: Set<string>, rulesPath: string): void {
  const rules = own(pfp, 'rules');
  if (!Array.isArray(rules)) return;
  if (rules.length > MAX_POD_FAILURE_POLICY_RULES) errs.push(tooMany(rulesPath, rules.length, MAX_POD_FAILURE_POLICY_RULES));
  rules.forEach((r, i) => {
    const rule = isRec(r) ? r : {};
    const at = `${rulesPath}[${i}]`;
    const action = own(rule, 'action');
    if (action === undefined || action === '') errs.push({ type: 'Required', field: `${at}.action`, detail: `valid values: ${quotedList(ACTIONS)}` });
    else if (action === 'FailIndex') {
      if (own(spec, 'backoffLimitPerIndex') === undefined) errs.push({ type: 'Invalid', field: `${at}.action`, value: action, detail: 'requires the backoffLimitPerIndex to be set' });
    } else if (!ACTIONS.includes(action as string)) errs.push({ type: 'NotSupported', field: `${at}.action`, value: action, detail: supported(ACTIONS) });
    const onExit = own(rule, 'onExitCodes');
    const onConds = own(rule, 'onPodConditions');
    const hasConds = Array.isArray(onConds) && onConds.length > 0;
    if (isRec(onExit)) {
      const ep = `${at}.onExitCodes`;
      const op = own(onExit, 'operator');
      if (op === undefined || op === '') errs.push({ type: 'Required', field: `${ep}.operator`, detail: `valid values: ${quotedList(EXIT_OPERATORS)}` });
      else if (!EXIT_OPERATORS.includes(op as string)) errs.push({ type: 'NotSupported', field: `${ep}.operator`, value: op, detail: supported(EXIT_OPERATORS) });
      const cn = own(onExit, 'containerName');
      if (typeof cn === 'string' && !containerNames.has(cn)) {
        errs.push({ type: 'Invalid', field: `${ep}.containerName`, value: cn, detail: 'must be one of the container or initContainer names in the pod template' });
      }
      const values = Array.isArray(own(onExit, 'values')) ? (own(onExit, 'values') as unknown[]) : [];
      if (values.length === 0) errs.push({ type: 'Invalid', field: `${ep}.values`, value: int32s(values), detail: 'at least one value is required' });
      else if (values.length > MAX_EXIT_CODE_VALUES) errs.push(tooMany(`${ep}.values`, values.length, MAX_EXIT_CODE_VALUES));
      let ordered = true;
      const seen = new Set<unknown>();
      values.forEach((v, j) => {
        if (op === 'In' && v === 0) errs.push({ type: 'Invalid', field: `${ep}.values[${j}]`, value: v, detail: 'must not be 0 for the In operator' });
        if (seen.has(v)) errs.push({ type: 'Duplicate', field: `${ep}.values[${j}]`, value: v, detail: '' });
        else seen.add(v);
        if (j > 0 && (values[j - 1] as number) > (v as number)) ordered = false;
      });
      if (!ordered) errs.push({ type: 'Invalid', field: `${ep}.values`, value: int32s(values), detail: 'must be ordered' });
    }
    if (hasConds) {
      const cp = `${at}.onPodConditions`;
      const conds = onConds as unknown[];
      if (conds.length > MAX_ON_POD_CONDITIONS) errs.push(tooMany(cp, conds.length, MAX_ON_POD_CONDITIONS));
      conds.forEach((c, j) => {
        const pat = isRec(c) ? c : {};
        const type = typeof own(pat, 'type') === 'string' ? (own(pat, 'type') as string) : '';
        for (const m of isQualifiedName(type)) errs.push({ type: 'Invalid', field: `${cp}[${j}].type`, value: type, detail: m });
        const status = own(pat, 'status');
        if (status === undefined || status === '') errs.push({ type: 'Required', field: `${cp}[${j}].status`, detail: `valid values: ${quotedList(CONDITION_STATUSES)}` });
        else if (!CONDITION_STATUSES.includes(status as string)) errs.push({ type: 'NotSupported', field: `${cp}[${j}].status`, value: status, detail: supported(CONDITION_STATUSES) });
      });
    }
    if (isRec(onExit) && hasConds) errs.push({ type: 'Invalid', field: at, detail: 'specifying both OnExitCodes and OnPodConditions is not supported' });
    if (!isRec(onExit) && !hasConds) errs.push({ type: 'Invalid', field: at, detail: 'specifying one of OnExitCodes and OnPodConditions is required' });
  });
}

/** batch.SuccessPolicy as %#v prints it (its pointer fields cannot be reproduced). */
function goSuccessPolicy(sp: Rec): GoPrinted {
  const rules = Array.isArray(own(sp, 'rules')) ? (own(sp, 'rules') as unknown[]) : [];
  const ptr = (r: Rec, k: string, t: string) => (own(r, k) === undefined ? `(*${t})(nil)` : `(*${t})(<pointer>)`);
  const list = rules.map((r) => {
    const rr = isRec(r) ? r : {};
    return `batch.SuccessPolicyRule{SucceededIndexes:${ptr(rr, 'succeededIndexes', 'string')}, SucceededCount:${ptr(rr, 'succeededCount', 'int32')}}`;
  });
  return new GoPrinted(`batch.SuccessPolicy{Rules:${rules.length ? `[]batch.SuccessPolicyRule{${list.join(', ')}}` : '[]batch.SuccessPolicyRule(nil)'}}`);
}

function validateSuccessPolicy(spec: Rec, sp: Rec, errs: FieldError[], rulesPath: string): void {
  const rules = Array.isArray(own(sp, 'rules')) ? (own(sp, 'rules') as unknown[]) : [];
  if (rules.length === 0) errs.push({ type: 'Required', field: rulesPath, detail: 'at least one rules must be specified when the successPolicy is specified' });
  if (rules.length > MAX_SUCCESS_POLICY_RULES) errs.push(tooMany(rulesPath, rules.length, MAX_SUCCESS_POLICY_RULES));
  const completions = num(own(spec, 'completions'));
  rules.forEach((r, i) => {
    const rule = isRec(r) ? r : {};
    const at = `${rulesPath}[${i}]`;
    const count = own(rule, 'succeededCount');
    if (count === undefined && own(rule, 'succeededIndexes') === undefined) {
      errs.push({ type: 'Required', field: at, detail: 'at least one of succeededCount or succeededIndexes must be specified' });
    }
    if (typeof count === 'number') {
      nonNegative(errs, count, `${at}.succeededCount`);
      if (completions !== undefined && count > completions) {
        errs.push({ type: 'Invalid', field: `${at}.succeededCount`, value: count, detail: `must be less than or equal to ${completions} (the number of specified completions)` });
      }
    }
  });
}

/**
 * ValidateJob's checks other than ObjectMeta and the pod template's own (the caller runs those
 * in between: `template` validates the template as ValidatePodTemplateSpec does).
 */
export function validateJobSpecFields(obj: Rec, spec: Rec, errs: FieldError[], template: () => void, selector: () => void, at = 'spec'): void {
  for (const k of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    nonNegative(errs, own(spec, k), `${at}.${k}`);
  }
  const parallelism = num(own(spec, 'parallelism'));
  const completions = num(own(spec, 'completions'));
  const perIndex = own(spec, 'backoffLimitPerIndex');
  const maxFailed = num(own(spec, 'maxFailedIndexes'));
  if (maxFailed !== undefined && perIndex === undefined) errs.push({ type: 'Required', field: `${at}.backoffLimitPerIndex`, detail: 'when maxFailedIndexes is specified' });
  const mode = own(spec, 'completionMode');
  if (mode !== undefined) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') errs.push({ type: 'NotSupported', field: `${at}.completionMode`, value: mode, detail: supported(['NonIndexed', 'Indexed']) });
    if (mode === 'Indexed') {
      if (completions === undefined) errs.push({ type: 'Required', field: `${at}.completions`, detail: 'when completion mode is Indexed' });
      if (parallelism !== undefined && parallelism > MAX_PARALLELISM_INDEXED) {
        errs.push({ type: 'Invalid', field: `${at}.parallelism`, value: parallelism, detail: `must be less than or equal to ${MAX_PARALLELISM_INDEXED} when completion mode is Indexed` });
      }
      if (completions !== undefined && maxFailed !== undefined && maxFailed > completions) {
        errs.push({ type: 'Invalid', field: `${at}.maxFailedIndexes`, value: maxFailed, detail: 'must be less than or equal to completions' });
      }
      if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES_INDEXED) {
        errs.push({ type: 'Invalid', field: `${at}.maxFailedIndexes`, value: maxFailed, detail: `must be less than or equal to ${MAX_FAILED_INDEXES_INDEXED}` });
      }
      if (completions !== undefined && completions > COMPLETIONS_SOFT_LIMIT && perIndex !== undefined) {
        const why = `when completions are above ${COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index`;
        if (maxFailed === undefined) errs.push({ type: 'Required', field: `${at}.maxFailedIndexes`, detail: `must be specified when completions is above ${COMPLETIONS_SOFT_LIMIT}` });
        if (parallelism !== undefined && parallelism > PARALLELISM_HIGH_COMPLETIONS) {
          errs.push({ type: 'Invalid', field: `${at}.parallelism`, value: parallelism, detail: `must be less than or equal to ${PARALLELISM_HIGH_COMPLETIONS} ${why}` });
        }
        if (maxFailed !== undefined && maxFailed > MAX_FAILED_INDEXES_HIGH_COMPLETIONS) {
          errs.push({ type: 'Invalid', field: `${at}.maxFailedIndexes`, value: maxFailed, detail: `must be less than or equal to ${MAX_FAILED_INDEXES_HIGH_COMPLETIONS} ${why}` });
        }
      }
    }
  }
  if (mode === undefined || mode === 'NonIndexed') {
    if (typeof perIndex === 'number') errs.push({ type: 'Invalid', field: `${at}.backoffLimitPerIndex`, value: perIndex, detail: 'requires indexed completion mode' });
    if (maxFailed !== undefined) errs.push({ type: 'Invalid', field: `${at}.maxFailedIndexes`, value: maxFailed, detail: 'requires indexed completion mode' });
  }
  const tpl = isRec(own(spec, 'template')) ? (own(spec, 'template') as Rec) : undefined;
  const podSpec = tpl && isRec(own(tpl, 'spec')) ? (own(tpl, 'spec') as Rec) : {};
  const pfp = own(spec, 'podFailurePolicy');
  if (isRec(pfp)) {
    const names = new Set<string>();
    for (const list of ['containers', 'initContainers']) {
      const cs = own(podSpec, list);
      if (Array.isArray(cs)) for (const c of cs) if (isRec(c) && typeof c.name === 'string') names.add(c.name);
    }
    validatePodFailurePolicy(spec, pfp, errs, names, `${at}.podFailurePolicy.rules`);
  }
  const sp = own(spec, 'successPolicy');
  if (isRec(sp)) {
    if (mode !== 'Indexed') errs.push({ type: 'Invalid', field: `${at}.successPolicy`, value: goSuccessPolicy(sp), detail: 'requires indexed completion mode' });
    else validateSuccessPolicy(spec, sp, errs, `${at}.successPolicy.rules`);
  }
  const prp = own(spec, 'podReplacementPolicy');
  if (prp !== undefined) {
    const allowed = isRec(pfp) ? ['Failed'] : ['Failed', 'TerminatingOrFailed'];
    if (!allowed.includes(prp as string)) errs.push({ type: 'NotSupported', field: `${at}.podReplacementPolicy`, value: prp, detail: supported(allowed) });
  }
  template();
  // The template's restartPolicy: API defaulting makes a missing one Always.
  const rp = own(podSpec, 'restartPolicy');
  if (tpl) {
    if (rp === undefined || rp === 'Always' || rp === '') {
      errs.push({ type: 'Required', field: `${at}.template.spec.restartPolicy`, detail: 'valid values: "OnFailure", "Never"' });
    } else if (rp !== 'OnFailure' && rp !== 'Never') {
      errs.push({ type: 'NotSupported', field: `${at}.template.spec.restartPolicy`, value: rp, detail: supported(['OnFailure', 'Never']) });
    } else if (isRec(pfp) && rp !== 'Never') {
      errs.push({ type: 'Invalid', field: `${at}.template.spec.restartPolicy`, value: rp, detail: 'only "Never" is supported when podFailurePolicy is specified' });
    }
  }
  selector();
  // An Indexed Job's pods are named <job>-<index>: the longest must still be a DNS label.
  const meta = isRec(own(obj, 'metadata')) ? (own(obj, 'metadata') as Rec) : {};
  const name = own(meta, 'name');
  if (at === 'spec' && mode === 'Indexed' && completions !== undefined && completions > 0 && typeof name === 'string' && name !== '') {
    const longest = `${name}-${completions - 1}`;
    if (isDNS1123Label(longest).length > 0) {
      errs.push({ type: 'Invalid', field: 'metadata.name', value: name, detail: `will not able to create pod with invalid DNS label: ${longest}` });
    }
  }
}
