// groupPods kept while an HPA's pod views and the set of pods with samples are the same. A
// steady HPA recalculates once a minute because sample *values* moved; groupPods reads no value,
// only which pods have a sample — and, for CPU, the sample's timestamp and the clock, but only
// for a pod inside its CPU initialisation window (startTime + cpuInitializationPeriod > now).
// Past that window a pod's group is a function of its view (phase, deletion, readiness
// condition, start time) and whether it has a sample; time moving on keeps it there. So groups
// computed when every pod is past the window hold until a view is another object (a pod written)
// or the owner bumps `sampled` (a pod's series published or dropped). Grouping read each pod's
// view and looked its name up in the samples: cold loads, once a minute per HPA.

import {
  DEFAULT_REPLICA_CALC_CONFIG,
  groupPods,
  pastCpuInitialization,
  samePodViews,
  type HpaPod,
  type PodGroups,
  type PodGroupsOf,
  type PodMetricsInfo,
  type ReplicaCalcConfig,
} from './replica-calculator.js';

interface Kept {
  metrics: PodMetricsInfo;
  resource: string;
  config: ReplicaCalcConfig | undefined;
  groups: PodGroups;
}

export class PodGroupsCache implements PodGroupsOf {
  /** Bumped by the owner whenever the set of pods with a published sample changes (not their values). */
  sampled = 0;
  private pods: HpaPod[] = [];
  private keptSampled = -1;
  /** One entry per (samples map, resource, config) the calculation asked for since the last change. */
  private readonly kept: Kept[] = [];
  /**
   * Called before a grouping is computed (not when one is served): the owner brings what grouping
   * reads up to date there — the HPA controller sets the samples' timestamps, which only a
   * computed CPU grouping reads.
   */
  beforeGroup: (() => void) | undefined = undefined;
  /** Groupings computed / served from the cache (cost figures for tests). */
  built = 0;
  served = 0;

  of(pods: readonly HpaPod[], metrics: PodMetricsInfo, resource: string, now: number, config: ReplicaCalcConfig | undefined): PodGroups {
    const kept = this.kept;
    if (this.keptSampled !== this.sampled || !samePodViews(this.pods, pods)) {
      kept.length = 0;
      this.keptSampled = this.sampled;
      const own = this.pods;
      own.length = pods.length;
      for (let i = 0; i < pods.length; i++) own[i] = pods[i]!;
    }
    for (let i = 0; i < kept.length; i++) {
      const k = kept[i]!;
      if (k.metrics === metrics && k.resource === resource && k.config === config) {
        this.served++;
        return k.groups;
      }
    }
    this.beforeGroup?.();
    const groups = groupPods(pods, metrics, resource, now, config);
    this.built++;
    // Only CPU grouping reads the clock and timestamps, and only inside the initialisation window.
    if (resource !== 'cpu' || pastCpuInitialization(pods, now, config ?? DEFAULT_REPLICA_CALC_CONFIG)) kept.push({ metrics, resource, config, groups });
    return groups;
  }
}
