// API errors as kube-apiserver returns them (apimachinery pkg/api/errors StatusError): a reason
// from metav1's closed vocabulary and the message the server writes. For Invalid errors the
// field causes are kept too, because kubectl prints those instead of the message
// (reports/kubectl-format.ts kubectlErrorText).

import type { FieldError } from './policy/validation.js';

export type ApiErrorReason = 'Forbidden' | 'Invalid' | 'AlreadyExists' | 'NotFound' | 'Conflict' | 'BadRequest';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly reason: ApiErrorReason,
    /** Invalid only: the object's kind and name and the field errors (StatusDetails.Causes). */
    readonly details?: { kind: string; name: string; causes: readonly FieldError[] },
  ) {
    super(message);
  }
}

/** Resource words as the server names them in messages: `deployments.apps "web" not found`. */
export function groupResource(kind: string, apiVersion: string | undefined): string {
  const plural = resourcePlural(kind);
  const slash = apiVersion?.indexOf('/') ?? -1;
  const group = apiVersion && slash > 0 ? apiVersion.slice(0, slash) : '';
  return group ? `${plural}.${group}` : plural;
}

/** The lower-case plural of a kind (the REST resource name), with English's -ies/-es rules. */
export function resourcePlural(kind: string): string {
  const k = kind.toLowerCase();
  if (k === 'endpoints') return k;
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(k)) return `${k}es`;
  return `${k}s`;
}

export function notFoundError(kind: string, apiVersion: string | undefined, name: string): ApiError {
  return new ApiError(`${groupResource(kind, apiVersion)} "${name}" not found`, 'NotFound');
}

/** errors.NewConflict for an update whose resourceVersion is stale (optimistic concurrency). */
export function conflictError(kind: string, apiVersion: string | undefined, name: string): ApiError {
  return new ApiError(
    `Operation cannot be fulfilled on ${groupResource(kind, apiVersion)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    'Conflict',
  );
}
