// One HPA's last replica calculation (computeReplicasForMetrics), reused while none of its inputs
// changed. In a steady hour most reconciles see what the previous one saw — the same pod views,
// the same published samples (traffic moves once a minute, reconciles run every 15 s), the same
// /scale — and the calculation (grouping pods, summing requests and samples, per metric) is the
// costliest part of a reconcile. Normalisation, stabilisation history, conditions and events are
// not memoised: reconcileStep still runs them on every reconcile, on the reused result.
//
// The result is a pure function of: the HPA spec (metrics, behavior tolerances), the controller
// config, scale.spec.replicas, scale.status.replicas, the pod views (each view is rebuilt when its
// pod changes), the published samples (the owner bumps `samples` whenever a value, or the set of
// pods with samples, changes), and `now` — but `now` is read only through groupPods' CPU
// initialisation window (startTime + cpuInitializationPeriod > now; then sample timestamps matter
// too), so a result is kept only when every pod is past that window, which stays true as time
// moves on. Object and External metrics read Service figures that move without a stamp: a spec
// with one is never memoised.

import {
  computeReplicasForMetrics,
  pastCpuInitialization,
  samePodViews,
  type ComputeInput,
  type ComputeResult,
  type HpaPod,
  type MetricSpec,
  type ReplicaCalcConfig,
} from './policy/replica-calculator.js';

interface Kept {
  key: object;
  config: ReplicaCalcConfig | undefined;
  specReplicas: number;
  statusReplicas: number;
  source: ComputeInput['source'];
  samples: number;
  pods: HpaPod[];
  result: ComputeResult;
}

/** Metrics whose values all come from per-pod samples (versioned by `samples`). */
function podSampled(metrics: readonly MetricSpec[]): boolean {
  for (const m of metrics) if (m.type !== 'Resource' && m.type !== 'ContainerResource' && m.type !== 'Pods') return false;
  return true;
}


export class ReplicaMemo {
  /** Bumped by the owner whenever a published sample's value, or the set of sampled pods, changes. */
  samples = 0;
  /** Calculations served from the memo / run (cost figures for tests and benches). */
  hits = 0;
  misses = 0;
  private kept: Kept | undefined;
  /**
   * The one record `kept` is when set, rewritten by each calculation that keeps its result (with
   * its pod list copied into the same array): a record lives about a minute, long enough to
   * outlive a young-generation collection, so a fresh one each time was old-space garbage.
   */
  private record: Kept | undefined;

  /**
   * computeReplicasForMetrics(input), or the kept result when every input is what it was then.
   * `key` stands for the spec the metrics and tolerances were derived from (same object ⇒ same
   * metrics and tolerances).
   */
  compute(input: ComputeInput, key: object): ComputeResult {
    const k = this.kept;
    if (
      k !== undefined &&
      k.key === key &&
      k.config === input.config &&
      k.specReplicas === input.specReplicas &&
      k.statusReplicas === input.statusReplicas &&
      k.source === input.source &&
      k.samples === this.samples &&
      samePodViews(k.pods, input.pods)
    ) {
      this.hits++;
      return k.result;
    }
    this.misses++;
    const result = computeReplicasForMetrics(input);
    if (podSampled(input.metrics) && input.config !== undefined && pastCpuInitialization(input.pods, input.now, input.config)) {
      const r = (this.record ??= { key, config: undefined, specReplicas: 0, statusReplicas: 0, source: input.source, samples: 0, pods: [], result });
      r.key = key;
      r.config = input.config;
      r.specReplicas = input.specReplicas;
      r.statusReplicas = input.statusReplicas;
      r.source = input.source;
      r.samples = this.samples;
      const pods = input.pods;
      r.pods.length = pods.length;
      for (let i = 0; i < pods.length; i++) r.pods[i] = pods[i]!;
      r.result = result;
      this.kept = r;
    } else this.kept = undefined;
    return result;
  }

  /** A result is kept (the last compute's inputs give it again at any later time while unchanged). */
  holds(): boolean {
    return this.kept !== undefined;
  }

  /** Forget the kept result (the owner's inputs changed in a way the key does not see). */
  clear(): void {
    this.kept = undefined;
  }
}
