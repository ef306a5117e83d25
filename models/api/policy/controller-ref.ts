// The controlling owner of an object (upstream apimachinery metav1.GetControllerOf,
// controller_ref.go): a pure function of the object, so policy modules can ask it without
// importing the store.

import type { KObject, OwnerReference } from '../types.js';

/** The ownerReference with controller: true, if any. */
export function controllerRef(obj: KObject): OwnerReference | undefined {
  const refs = obj.metadata.ownerReferences;
  if (!refs) return undefined;
  for (const r of refs) if (r.controller) return r;
  return undefined;
}
