// Manifests from a scenario file or a timeline's inline `apply -f -`, ready for the API:
// a private deep copy (the store mutates objects in place) with status dropped, since
// users don't apply status.

import type { KObject } from './types.js';

export function prepareManifest(body: unknown): KObject {
  const obj = structuredClone(body) as KObject & { status?: unknown };
  delete obj.status;
  obj.metadata = { ...(obj.metadata ?? { name: '' }) };
  return obj;
}
