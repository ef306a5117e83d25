// Custom ajv formats. Kept separate so the JSON Schema stays plain data and the checks are
// shared with code that reports the reason (the format keyword itself only says yes/no).
import { quantityProblem } from '../../models/api/policy/quantity.js';
import { DurationError, parseDuration } from '../../sim/time.js';

/** One grammar for durations: whatever sim/time.ts parseDuration accepts. */
export function durationProblem(text: string): string | undefined {
  try {
    parseDuration(text);
    return undefined;
  } catch (e) {
    if (!(e instanceof DurationError)) throw e;
  }
  return `invalid duration ${JSON.stringify(text)}: expected a number and a unit (ms, s, m, h, d), e.g. "250ms", "15s", "1h30m", or "0"`;
}

const PERCENT_RE = /^\d+%$/;
const DNS_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Each format: the problem with a string value, or undefined when it is fine. */
export const formatChecks: Record<string, (text: string) => string | undefined> = {
  quantity: (t) => quantityProblem(t),
  duration: durationProblem,
  percent: (t) => (PERCENT_RE.test(t) ? undefined : `invalid value ${JSON.stringify(t)}: must be an integer or a percentage like "25%"`),
  'dns-label': (t) => (t.length <= 63 && DNS_LABEL_RE.test(t)
    ? undefined
    : `invalid name ${JSON.stringify(t)}: must be a DNS label (at most 63 lowercase letters, digits and '-', starting and ending alphanumeric)`),
  // RBAC names (ValidateRBACName = path.IsValidPathSegmentName): "system:metrics-server" is fine.
  'path-segment': (t) => (t === '.' || t === '..' || t.includes('/') || t.includes('%')
    ? `invalid name ${JSON.stringify(t)}: may not be '.' or '..' and may not contain '/' or '%'`
    : undefined),
  'dns-subdomain': (t) => (t.length <= 253 && DNS_SUBDOMAIN_RE.test(t)
    ? undefined
    : `invalid name ${JSON.stringify(t)}: must be a DNS subdomain (lowercase letters, digits, '-' and '.', starting and ending alphanumeric)`),
};
