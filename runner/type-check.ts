// The type check kube-apiserver makes when it decodes a request body: a field of the wrong type
// (`"replicas": "lots"`), a number past int32, a quantity that does not parse; refused as the
// server refuses a body it cannot decode, before its validation runs. Controllers write
// well-formed objects; the timeline's kubectl writes what a user typed, possibly patched into a
// live object, so its creates, updates and patches pass the scenario file's own schema first.

import { ApiError } from '../models/api/errors.js';
import type { KObject } from '../models/api/types.js';
import { formatPath } from '../scenarios/errors.js';
import { kindSchemas } from '../scenarios/schema/index.js';
import { validateAgainst } from '../scenarios/validate.js';

/** Refuses `obj` as the server refuses an undecodable body (400 BadRequest), naming every field. */
export function checkWriteTypes(obj: KObject): void {
  const body = obj as unknown as Record<string, unknown>;
  const k = kindSchemas.get(`${String(body.apiVersion)}/${String(body.kind)}`);
  if (!k) return; // a kind the scenario schema does not know: the API server's own checks apply
  // The schema fills defaults into what it checks; the object sent stays as the client made it.
  const { status: _status, ...rest } = body;
  // Only what decoding finds; the rest (a negative count, a missing field) is the API server's
  // validation's to word, as upstream words it.
  const issues = validateAgainst(k, structuredClone(rest)).filter((i) => i.decode === true);
  if (issues.length === 0) return;
  const causes = issues.map((i) => (i.path.length > 0 ? `${formatPath(i.path)}: ${i.message}` : i.message));
  throw new ApiError(`${k.kind} "${String(obj.metadata?.name ?? '')}" is invalid: ${causes.join('; ')}`, 'BadRequest');
}
