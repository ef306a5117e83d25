// Creating pods from a controller's template, as controller.PodControl does: labels and
// annotations from the template, a controller ownerReference, a generated name.

import type { Rng } from '../../sim/index.js';
import type { ApiServer } from '../api/apiserver.js';
import { ApiError } from '../api/errors.js';
import { generateName } from '../api/policy/names.js';
import type { KObject, OwnerReference, Pod, PodTemplateSpec } from '../api/types.js';
import { plainCopy } from './plain-copy.js';

export function ownerRefTo(owner: KObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

export interface PodFromTemplateOptions {
  /** Fixed name (StatefulSet ordinals); otherwise generateName + 5 random characters. */
  name?: string;
  generateName?: string;
  extraLabels?: Record<string, string>;
  extraAnnotations?: Record<string, string>;
  hostname?: string;
  subdomain?: string;
}

export function podFromTemplate(
  template: PodTemplateSpec,
  owner: KObject,
  rng: Rng,
  api: ApiServer,
  opts: PodFromTemplateOptions = {},
): Pod {
  const spec = plainCopy(template.spec);
  if (opts.hostname) spec.hostname = opts.hostname;
  if (opts.subdomain) spec.subdomain = opts.subdomain;
  const namespace = owner.metadata.namespace ?? 'default';
  let name = opts.name;
  if (!name) {
    const prefix = opts.generateName ?? `${owner.metadata.name}-`;
    const rand = () => rng.next();
    do name = generateName(prefix, rand);
    while (api.store.exists('Pod', namespace, name));
  }
  const labels = { ...(template.metadata?.labels ?? {}), ...(opts.extraLabels ?? {}) };
  const tAnn = template.metadata?.annotations;
  // A copy only when there is something to copy (most templates carry no annotations).
  const annotations = tAnn === undefined && opts.extraAnnotations === undefined ? {} : { ...(tAnn ?? {}), ...(opts.extraAnnotations ?? {}) };
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      labels,
      ownerReferences: [ownerRefTo(owner)],
    },
    spec,
    status: { phase: 'Pending', conditions: [], containerStatuses: [] },
  };
  if (opts.generateName ?? !opts.name) pod.metadata.generateName = opts.generateName ?? `${owner.metadata.name}-`;
  if (Object.keys(annotations).length) pod.metadata.annotations = annotations;
  return pod;
}

/**
 * Create pods in slow-start batches (1, 2, 4, …) as controller.slowStartBatch does: a batch
 * with a failed create stops the rest. Returns how many were created and the first error.
 */
export function createInBatches(
  count: number,
  batches: readonly number[],
  createOne: () => Pod,
): { created: Pod[]; error?: ApiError } {
  const created: Pod[] = [];
  let remaining = count;
  for (const size of batches) {
    if (remaining <= 0) break;
    const n = Math.min(size, remaining);
    let error: ApiError | undefined;
    for (let i = 0; i < n; i++) {
      try {
        created.push(createOne());
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        error ??= e;
      }
    }
    remaining -= n;
    if (error) return { created, error };
  }
  return { created };
}
