// What the resource model adds to the reports (documented in docs/outputs.md): pods.csv
// columns, per-pool and per-workload time series, and summary metrics. Every value is read
// from aggregates maintained incrementally by ContainerUsage — sampling is O(pools + workloads).

import type { MetricsRegistry, SeriesEmit } from '../../metrics.js';
import type { Pod } from '../../api/types.js';
import type { Group, ContainerUsage } from './model.js';

export const USAGE_POD_COLUMNS = [
  'qos',
  'cpu_request_m',
  'cpu_limit_m',
  'memory_request_bytes',
  'memory_limit_bytes',
  'cpu_used_mean_m',
  'throttled_s',
  'throttled_period_ratio',
  'oom_kills',
  'oom_score_adj',
  'evicted',
] as const;

const round3 = (v: number) => Math.round(v * 1000) / 1000;

export function registerUsageOutputs(m: MetricsRegistry, u: ContainerUsage, pendingPods: () => number): void {
  m.addPodColumns({
    columns: USAGE_POD_COLUMNS,
    values: (pod: Pod) => {
      const r = u.record(pod);
      let res;
      try {
        res = r?.res ?? u.api.resourcesOf(pod);
      } catch {
        res = undefined;
      }
      const qos = r?.qos ?? pod.status.qosClass ?? '';
      if (!r) {
        return [qos, res?.requests['cpu'] ?? 0, res?.limits['cpu'] ?? '', res?.requests['memory'] ?? 0, res?.limits['memory'] ?? '', 0, 0, 0, 0, '', 'false'];
      }
      if (r.active) u.settlePod(r);
      const end = r.endedAt ?? u.sim.now;
      const life = end - r.boundAt;
      return [
        qos,
        r.res.requests['cpu'] ?? 0,
        r.res.limits['cpu'] ?? '',
        r.res.requests['memory'] ?? 0,
        r.res.limits['memory'] ?? '',
        life > 0 ? round3(r.acc.cpuIntegral / life) : 0,
        round3(r.throttledMs / 1000),
        r.periods > 0 ? round3(r.throttledPeriods / r.periods) : 0,
        r.oomKills,
        r.oomAdj.length ? Math.max(...r.oomAdj) : '',
        r.evicted ? 'true' : 'false',
      ];
    },
  });

  // Throttled-period counters at the previous sample, per workload, for interval ratios.
  // Weak: a bare pod's workload goes away when the pod ends (ContainerUsage.untrack).
  const last = new WeakMap<Group, { periods: number; throttled: number }>();
  // Three sources, one per scope, registered in the order their rows have always come.
  m.addSeries('pool', {
    sample(now: number, emit: SeriesEmit) {
      for (const p of u.pools.values()) {
        const name = p.key;
        p.acc.advance(now);
        emit(name, 'nodes_ready', p.nodesReady);
        emit(name, 'cpu_allocatable_m', p.cpuAllocatable);
        emit(name, 'cpu_requested_m', p.cpuRequested);
        emit(name, 'cpu_used_m', round3(cpuNow(u, p)));
        emit(name, 'memory_allocatable_bytes', p.memAllocatable);
        emit(name, 'memory_requested_bytes', p.memRequested);
        emit(name, 'memory_used_bytes', Math.round(p.acc.memoryAt(now)));
      }
    },
  });
  // Pending pods have no pool yet: counted once for the cluster.
  m.addSeries('cluster', { sample: (_now: number, emit: SeriesEmit) => emit('', 'pods_pending', pendingPods()) });
  m.addSeries('workload', {
    sample(now: number, emit: SeriesEmit) {
      for (const w of u.workloads.values()) {
        const name = w.key;
        const cur = w.acc.periodsAt(now);
        const prev = last.get(w) ?? { periods: 0, throttled: 0 };
        last.set(w, cur);
        const dp = cur.periods - prev.periods;
        emit(name, 'cpu_used_m', round3(cpuNow(u, w)));
        emit(name, 'cpu_requested_m', w.cpuRequested);
        emit(name, 'cpu_limit_m', w.cpuLimit);
        emit(name, 'throttled_ratio', dp > 1e-9 ? round3((cur.throttled - prev.throttled) / dp) : 0);
        emit(name, 'memory_used_bytes', Math.round(w.acc.memoryAt(now)));
        emit(name, 'oom_kills', w.oomKills);
      }
    },
  });

  m.addSummary({
    summarize(now: number, put) {
      u.global.advance(now);
      put('oom_kills', u.oomKills);
      put('evictions', u.evictions);
      put('throttled_s_total', round3(u.global.throttledTimeMs / 1000));
      put('cpu_used_core_hours', round3(u.global.cpuIntegral / 1000 / 3_600_000) );
    },
  });
}

/**
 * CPU in use now by a group. Granted CPU is settled lazily per node (one flush per instant),
 * so a sample taken at the instant of a change flushes the dirty nodes first: only nodes with
 * pending changes are touched, never every node.
 */
function cpuNow(u: ContainerUsage, g: Group): number {
  u.flushPending();
  return Math.max(0, g.acc.cpuRate);
}
