// The API server's validation of a scenario's Kubernetes manifests, at load time: what a real
// cluster would refuse on `kubectl apply` (models/api/policy/validation.ts, upstream's rules and
// messages) is reported where the user wrote it — `file:line:col: spec.strategy.rollingUpdate
// .maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0` — rather than refused
// mid-run. The manifest is defaulted first, as the server defaults before it validates.

import { applyDefaults } from '../models/api/policy/defaults.js';
import { fieldErrorString, validateCreate, type FieldError } from '../models/api/policy/validation.js';
import type { CronJob, KObject } from '../models/api/types.js';
import { cronJobFieldErrors } from '../models/controllers/cronjob.js';
import type { FieldPath } from './errors.js';

export interface ApiIssue {
  path: FieldPath;
  /** The field error without its field: `Invalid value: 0: may not be 0 when …`. */
  message: string;
}

/** `spec.containers[0].resources.requests[cpu]` → ['spec', 'containers', 0, 'resources', 'requests', 'cpu']. */
export function parseFieldPath(field: string): FieldPath {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(field))) {
    if (m[1] !== undefined) out.push(m[1]);
    else out.push(/^\d+$/.test(m[2]!) ? Number(m[2]) : m[2]!);
  }
  return out;
}

/** Problems the API server would report creating `body` (a manifest as the user wrote it). */
export function apiValidationIssues(body: Record<string, unknown>): ApiIssue[] {
  let obj: KObject;
  try {
    obj = structuredClone(body) as unknown as KObject;
    if (isRecord(obj.metadata) && isRecord(body.spec)) applyDefaults(obj);
  } catch {
    // A shape the defaulting cannot walk: the schema has reported it already.
    return [];
  }
  // CronJob schedules and zones are checked by the validator the CronJob controller registers
  // with the API server (the cron grammar lives with the controller): the same rules here.
  const errs = validateCreate(obj);
  if (obj.kind === 'CronJob' && obj.apiVersion === 'batch/v1') errs.push(...cronJobFieldErrors(obj as CronJob));
  return errs.map((e: FieldError) => ({
    path: parseFieldPath(e.field),
    message: fieldErrorString(e).slice(e.field.length + 2),
  }));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
