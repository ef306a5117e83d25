// field.Error as apimachinery prints it (k8s.io/apimachinery/pkg/util/validation/field):
// `field: Type[: value][: detail]`, values as Go's fmt prints them in a 1.3x API server.

export type FieldErrorType = 'Required' | 'Invalid' | 'Forbidden' | 'NotSupported' | 'Duplicate' | 'TooLong' | 'TooMany';

export interface FieldError {
  type: FieldErrorType;
  /** The field path as upstream prints it: `spec.template.spec.containers[0].image`. */
  field: string;
  /** The offending value (absent: not printed, as field.Error's omitValue). */
  value?: unknown;
  detail: string;
}

const TYPE_TEXT: Record<FieldErrorType, string> = {
  Required: 'Required value',
  Invalid: 'Invalid value',
  Forbidden: 'Forbidden',
  NotSupported: 'Unsupported value',
  Duplicate: 'Duplicate value',
  TooLong: 'Too long',
  TooMany: 'Too many',
};

/** A value already printed the Go way (a struct such as the selector of an immutable-field error). */
export class GoPrinted {
  constructor(readonly text: string) {}
}

/** A value as Go's fmt prints it in field errors: %v for numbers and booleans, %q for strings, %#v else. */
export function goValue(v: unknown): string {
  if (v instanceof GoPrinted) return v.text;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goValue).join(', ')}}`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).sort();
    if (keys.every((k) => typeof o[k] === 'string')) return `map[string]string{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(o[k])}`).join(', ')}}`;
    return `map[string]interface {}{${keys.map((k) => `${JSON.stringify(k)}:${goValue(o[k])}`).join(', ')}}`;
  }
  return String(v);
}

/** field.Error.Error(): `field: Type[: value][: detail]`, the value omitted for Required/Forbidden/TooLong. */
export function fieldErrorString(e: FieldError): string {
  let body = TYPE_TEXT[e.type];
  const printsValue = e.type !== 'Required' && e.type !== 'Forbidden' && e.type !== 'TooLong' && 'value' in e;
  if (printsValue) body += `: ${goValue(e.value)}`;
  if (e.detail) body += `: ${e.detail}`;
  return `${e.field}: ${body}`;
}
