// The pod admission chain, installed on the ApiServer in upstream's order (the
// --enable-admission-plugins default order): LimitRanger, Priority, DefaultTolerationSeconds,
// ResourceQuota. The API server runs every plugin's mutating half in that order, then every
// validating half: so LimitRanger validates after the others mutated, and ResourceQuota,
// the last validating plugin, sees the final requests.

import type { ApiServer } from '../apiserver.js';
import { DefaultTolerationSecondsAdmission } from './default-toleration-seconds.js';
import { LimitRangerAdmission, validateLimitRangeObject } from './limit-ranger.js';
import { PriorityAdmission } from './priority.js';
import { ResourceQuotaAdmission } from './resource-quota.js';

export interface AdmissionChain {
  limitRanger: LimitRangerAdmission;
  priority: PriorityAdmission;
  defaultTolerationSeconds: DefaultTolerationSecondsAdmission;
  resourceQuota: ResourceQuotaAdmission;
}

export function installAdmission(api: ApiServer): AdmissionChain {
  const chain: AdmissionChain = {
    limitRanger: new LimitRangerAdmission(),
    priority: new PriorityAdmission(),
    defaultTolerationSeconds: new DefaultTolerationSecondsAdmission(),
    resourceQuota: new ResourceQuotaAdmission(api.store),
  };
  api.addPodAdmission(chain.limitRanger);
  api.addPodAdmission(chain.priority);
  api.addPodAdmission(chain.defaultTolerationSeconds);
  api.addPodAdmission(chain.resourceQuota);
  api.addObjectValidator('LimitRange', validateLimitRangeObject);
  api.addObjectValidator('PersistentVolumeClaim', (pvc, old) => chain.limitRanger.validateClaim(pvc, api, old));
  return chain;
}
