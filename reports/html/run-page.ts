// The run report: pods, workloads, HPAs, CPU, memory, Services, nodes and cost, events, the
// timeline — every chart a reduction of run-data.ts's CSV rows, its caption naming the columns.

import { basename, resolve } from 'node:path';
import { bucketMax, bucketTimes, type Value } from './downsample.js';
import { EVENT_TABLE_ROWS, type RunData, type SeriesTable } from './run-data.js';
import { podPhases } from './pod-phases.js';
import { slug, unitOf, UNIT_LABEL, type ChartSpec, type HeadlineItem, type Marker, type PageModel, type Section, type SeriesSpec, type Unit } from './page-model.js';
import { formatVirtualTime } from './time-axis.js';

/** Entities charted one by one per section (the largest by peak); the rest are summed or listed. */
export const MAX_ENTITY_CHARTS = 12;
/** Workloads drawn as their own line on the workload charts, besides the all-workloads total. */
export const TOP_WORKLOADS = 8;
/** Markers drawn on every time chart at most (the first ones); all are listed in the timeline table. */
export const MAX_MARKERS = 200;

export function runPage(d: RunData): PageModel {
  const ctx = new Ctx(d);
  const markers = pageMarkers(d);
  const sections: Section[] = [podsSection(ctx), workloadsSection(ctx), hpaSection(ctx), cpuSection(ctx), memorySection(ctx), servicesSection(ctx), nodesSection(ctx), eventsSection(ctx), timelineSection(d), summarySection(d)];
  const kept = sections.filter((s) => s.charts.length > 0 || (s.tables?.length ?? 0) > 0 || (s.text?.length ?? 0) > 0);
  const duration = Number(d.summary.get('virtual_time_s') ?? d.times[d.times.length - 1] ?? 0);
  const interval = d.times.length > 1 ? d.times[1]! - d.times[0]! : 0;
  return {
    kind: 'run',
    title: `k8sim run: ${basename(resolve(d.dir))}`,
    subtitle: `${formatVirtualTime(duration)} of virtual time · ${d.summary.get('nodes') ?? '?'} nodes at the end · ${d.summary.get('pods_created') ?? '?'} pods created · ${d.events.total} Kubernetes events`,
    headline: headline(ctx),
    sections: kept,
    markers,
    notes: [
      'Built only from this folder\'s CSV files (summary.csv, timeseries.csv, pods.csv, events.csv, rollouts.csv, timeline.csv; columns in docs/outputs.md): every figure here can be recomputed from them.',
      'Times are virtual time since the start of the run, written as scenario durations (1h30m).',
      d.bucket > 1
        ? `Downsampled: timeseries.csv has ${d.times.length} samples${interval ? ` every ${formatVirtualTime(interval)}` : ''}; each plotted point is the maximum of ${d.bucket} consecutive samples (${formatVirtualTime(d.bucket * interval)}), so short peaks stay visible.`
        : `Every sample is plotted (${d.times.length} samples${interval ? ` every ${formatVirtualTime(interval)}` : ''}).`,
      `Per-entity charts: at most ${MAX_ENTITY_CHARTS} per section (the largest by peak); workload charts draw the ${TOP_WORKLOADS} largest workloads and the sum over all of them.`,
      `Events: all ${d.events.total} are counted in the chart and the by-reason table; the event table holds at most ${EVENT_TABLE_ROWS} (Warnings first, then the earliest Normal events).`,
      ...(d.summary.has('timeseries_scopes') ? [`timeseries.csv holds only the scopes "${d.summary.get('timeseries_scopes')}" (Simulation.spec.timeseries.scopes): charts of the other scopes are absent.`] : []),
      `Markers: dashed lines are timeline actions (timeline.csv), shaded spans are Deployment rollouts after creation (rollouts.csv; creation rollouts only on their Deployment's chart); at most ${MAX_MARKERS} per chart.`,
    ],
  };
}

/** Shared by the sections: the plotted times and the reductions to them. */
class Ctx {
  readonly xs: number[];
  readonly s: SeriesTable;
  constructor(readonly d: RunData) {
    this.xs = bucketTimes(d.times, d.bucket);
    this.s = d.series;
  }
  /** A full-length series reduced to the plotted points. */
  plot(values: readonly Value[]): Value[] {
    return bucketMax(values, this.d.bucket);
  }
  line(label: string, values: readonly Value[], extra: Partial<SeriesSpec> = {}): SeriesSpec {
    return { label, values: this.plot(values), ...extra };
  }
  chart(id: string, title: string, unit: Unit, yLabel: string, caption: string, series: SeriesSpec[], extra: Partial<ChartSpec> = {}): ChartSpec | undefined {
    const kept = series.filter((x) => x.values.some((v) => v !== null));
    if (kept.length === 0) return undefined;
    return { id: `chart-${slug(id)}`, title, caption, unit, yLabel: `${yLabel} (${UNIT_LABEL[unit]})`, xKind: 'time', xs: this.xs, series: kept, ...extra };
  }
}

function peak(values: readonly Value[]): number {
  let m = -Infinity;
  for (const v of values) if (v !== null && v > m) m = v;
  return m;
}

/** Names of a scope, largest first by the peak of `metric`, at most n. */
function largest(s: SeriesTable, scope: string, metric: string, n: number): string[] {
  return s
    .names(scope)
    .map((name) => ({ name, p: peak(s.get(scope, name, metric)) }))
    .sort((a, b) => b.p - a.p || (a.name < b.name ? -1 : 1))
    .slice(0, n)
    .map((x) => x.name);
}

function defined<T>(xs: (T | undefined)[]): T[] {
  return xs.filter((x): x is T => x !== undefined);
}

function pageMarkers(d: RunData): Marker[] {
  const out: Marker[] = d.actions.map((a) => ({ t: a.time, label: a.command, kind: 'action' as const }));
  for (const r of d.rollouts)
    if (r.trigger !== 'create') out.push({ t: r.start, ...(r.finish !== undefined ? { end: r.finish } : {}), label: `rollout ${r.namespace}/${r.deployment} rev ${r.revision}`, kind: 'rollout' });
  return out.sort((a, b) => a.t - b.t).slice(0, MAX_MARKERS);
}

// ---- sections ---------------------------------------------------------------------------------

function podsSection(c: Ctx): Section {
  const ph = podPhases(c.d.pods, c.d.times);
  const series = [c.line('pending', ph.pending, { color: 3 }), c.line('running', ph.running, { color: 2 }), c.line('succeeded (cumulative)', ph.succeeded, { color: 0, dash: true }), c.line('failed (cumulative)', ph.failed, { color: 1, dash: true })];
  if (c.s.has('cluster', '', 'pods_pending')) series.push(c.line('unscheduled (no node yet)', c.s.get('cluster', '', 'pods_pending'), { color: 4 }));
  const never = neverRan(c.d);
  return {
    id: 'pods',
    title: 'Pods',
    charts: defined([
      c.chart('pods-by-phase', 'Pods by phase', 'count', 'pods', 'pods.csv created_s / started_s / finished_s / phase (pending: created, not yet Running; running: Running until finished or deleted); unscheduled: timeseries.csv cluster pods_pending.', series),
    ]),
    tables: never.length
      ? [{ id: 'table-never-ran', caption: `Pods that never ran (${never.length}): no started_s in pods.csv`, columns: ['namespace', 'name', 'owner', 'created', 'phase', 'reason'], rows: never.slice(0, 500).map((p) => [p.namespace, p.name, p.owner, p.created === undefined ? '' : formatVirtualTime(p.created), p.phase, p.reason]) }]
      : [],
  };
}

function neverRan(d: RunData) {
  return d.pods.filter((p) => p.started === undefined && p.phase !== 'Succeeded');
}

const REPLICA_METRICS = ['desired_replicas', 'current_replicas', 'updated_replicas', 'ready_replicas', 'available_replicas'];

function workloadsSection(c: Ctx): Section {
  const charts: ChartSpec[] = [];
  const names = largest(c.s, 'deployment', 'desired_replicas', MAX_ENTITY_CHARTS);
  for (const name of names) {
    const [ns, dep] = splitName(name);
    const own: Marker[] = c.d.rollouts
      // Template-change rollouts are already page markers (pageMarkers): only its creation here.
      .filter((r) => r.namespace === ns && r.deployment === dep && r.trigger === 'create')
      .slice(0, MAX_MARKERS)
      .map((r) => ({ t: r.start, ...(r.finish !== undefined ? { end: r.finish } : {}), label: `${r.trigger} rev ${r.revision}${r.finish === undefined ? ' (unfinished)' : ''}`, kind: 'rollout' as const }));
    const series = REPLICA_METRICS.filter((m) => c.s.has('deployment', name, m)).map((m, i) => c.line(m.replace('_replicas', ''), c.s.get('deployment', name, m), { color: i, ...(m === 'desired_replicas' ? { dash: true } : {}) }));
    const ch = c.chart(`deployment-${name}`, `Deployment ${name}: replicas`, 'count', 'replicas', `timeseries.csv deployment ${name} desired/current/updated/ready/available_replicas; shaded: rollouts (rollouts.csv start_s–finish_s), its creation's included.`, series, { markers: own });
    if (ch) charts.push(ch);
  }
  const n = c.s.names('deployment').length;
  return { id: 'workloads', title: 'Deployments and rollouts', charts, ...(n > names.length ? { text: [`${names.length} of ${n} Deployments charted (largest desired replicas); all are in timeseries.csv.`] } : {}) };
}

function hpaSection(c: Ctx): Section {
  const charts: ChartSpec[] = [];
  for (const name of largest(c.s, 'hpa', 'desired_replicas', MAX_ENTITY_CHARTS)) {
    const replicas = ['current_replicas', 'desired_replicas'].filter((m) => c.s.has('hpa', name, m)).map((m, i) => c.line(m === 'desired_replicas' ? 'desired (recommendation)' : 'current (target spec.replicas)', c.s.get('hpa', name, m), { color: i, ...(i === 1 ? { dash: true } : {}) }));
    const r = c.chart(`hpa-${name}`, `HPA ${name}: replicas`, 'count', 'replicas', `timeseries.csv hpa ${name} current_replicas, desired_replicas.`, replicas);
    if (r) charts.push(r);
    // The metric charts: one per unit, each metric beside its target.
    const metrics = c.s.metrics('hpa', name).filter((m) => m !== 'current_replicas' && m !== 'desired_replicas');
    const byUnit = new Map<Unit, string[]>();
    for (const m of metrics) byUnit.set(unitOf(m), [...(byUnit.get(unitOf(m)) ?? []), m]);
    for (const [unit, ms] of byUnit) {
      const series = ms.map((m, i) => c.line(m, c.s.get('hpa', name, m), { color: i, ...(/target/.test(m) ? { dash: true } : {}) }));
      const ch = c.chart(`hpa-${name}-${unit}`, `HPA ${name}: metrics vs targets`, unit, 'metric', `timeseries.csv hpa ${name} ${ms.join(', ')}.`, series);
      if (ch) charts.push(ch);
    }
  }
  return { id: 'hpa', title: 'Horizontal Pod Autoscalers', charts };
}

function poolCharts(c: Ctx, kind: 'cpu' | 'memory'): ChartSpec[] {
  const unit: Unit = kind === 'cpu' ? 'millicores' : 'bytes';
  const suffix = kind === 'cpu' ? '_m' : '_bytes';
  const out: ChartSpec[] = [];
  const pools = c.s.names('pool').slice(0, MAX_ENTITY_CHARTS);
  for (const pool of pools) {
    const series = ['allocatable', 'requested', 'used'].map((w, i) => c.line(w, c.s.get('pool', pool, `${kind}_${w}${suffix}`), { color: i, ...(w === 'allocatable' ? { dash: true } : {}) }));
    const ch = c.chart(`${kind}-pool-${pool}`, `Pool ${pool}: ${kind === 'cpu' ? 'CPU' : 'memory'}`, unit, kind === 'cpu' ? 'CPU' : 'memory', `timeseries.csv pool ${pool} ${kind}_allocatable${suffix}, ${kind}_requested${suffix}, ${kind}_used${suffix}.`, series);
    if (ch) out.push(ch);
  }
  return out;
}

function workloadLines(c: Ctx, metric: string, total: boolean): SeriesSpec[] {
  const top = largest(c.s, 'workload', metric, TOP_WORKLOADS);
  const lines = top.map((name, i) => c.line(name, c.s.get('workload', name, metric), { color: i + 1 }));
  if (total && c.s.names('workload').length > 1) lines.unshift(c.line('all workloads', c.s.sum('workload', metric), { color: 0 }));
  return lines;
}

function cpuSection(c: Ctx): Section {
  const charts = poolCharts(c, 'cpu');
  const totals = ['cpu_limit_m', 'cpu_requested_m', 'cpu_used_m'].map((m, i) => c.line(`all workloads: ${m.replace('cpu_', '').replace('_m', '')}`, c.s.sum('workload', m), { color: i, ...(m !== 'cpu_used_m' ? { dash: true } : {}) }));
  charts.push(
    ...defined([
      c.chart('cpu-workloads-total', 'CPU use vs requests vs limits, all workloads', 'millicores', 'CPU', 'Σ over timeseries.csv workload rows of cpu_used_m, cpu_requested_m, cpu_limit_m (unlimited containers count 0 in the limit).', totals),
      c.chart('cpu-workloads', 'CPU use by workload', 'millicores', 'CPU', `timeseries.csv workload cpu_used_m: the ${TOP_WORKLOADS} largest by peak, and their sum over all workloads.`, workloadLines(c, 'cpu_used_m', true)),
      c.chart('cpu-throttling', 'CPU throttling by workload', 'ratio', 'throttled CFS periods / periods', `timeseries.csv workload throttled_ratio (last interval): the ${TOP_WORKLOADS} most throttled by peak.`, workloadLines(c, 'throttled_ratio', false)),
    ]),
  );
  return { id: 'cpu', title: 'CPU', charts };
}

function memorySection(c: Ctx): Section {
  const charts = poolCharts(c, 'memory');
  charts.push(
    ...defined([
      c.chart('memory-workloads', 'Memory working set by workload', 'bytes', 'memory', `timeseries.csv workload memory_used_bytes: the ${TOP_WORKLOADS} largest by peak, and their sum.`, workloadLines(c, 'memory_used_bytes', true)),
      c.chart('memory-oom', 'OOM kills (cumulative)', 'count', 'OOM kills', `timeseries.csv workload oom_kills (cumulative per workload): the ${TOP_WORKLOADS} with most, and their sum; summary.csv oom_kills = ${c.d.summary.get('oom_kills') ?? 'absent'}.`, workloadLines(c, 'oom_kills', true).filter((s) => peak(s.values) > 0)),
    ]),
  );
  return { id: 'memory', title: 'Memory and OOM kills', charts };
}

function servicesSection(c: Ctx): Section {
  const charts: ChartSpec[] = [];
  for (const name of largest(c.s, 'service', 'offered_rps', MAX_ENTITY_CHARTS)) {
    // Red is kept for the SLO line.
    const lat = ['latency_p50_s', 'latency_p95_s', 'latency_p99_s'].map((m, i) => c.line(m.replace('latency_', '').replace('_s', ''), c.s.get('service', name, m), { color: [0, 3, 4][i]! }));
    const slo = peak(c.s.get('service', name, 'slo_latency_p99_s'));
    const l = c.chart(`service-${name}-latency`, `Service ${name}: latency`, 'seconds', 'response time', `timeseries.csv service ${name} latency_p50_s, latency_p95_s, latency_p99_s${slo > -Infinity ? '; red line: its SLO (slo_latency_p99_s)' : ''}.`, lat, slo > -Infinity ? { hlines: [{ value: slo, label: `SLO p99 ${slo}s` }] } : {});
    if (l) charts.push(l);
    const offered = c.s.get('service', name, 'offered_rps');
    const rate = c.s.get('service', name, 'slo_error_rate');
    const traffic = [c.line('offered', offered, { color: 0 }), c.line('served', c.s.get('service', name, 'served_rps'), { color: 2 }), c.line('errors', c.s.get('service', name, 'errors_rps'), { color: 1 })];
    if (rate.some((v) => v !== null)) traffic.push(c.line('errors the SLO allows', offered.map((o, i) => (o === null || rate[i] === null ? null : o * rate[i]!)), { color: 1, dash: true }));
    const t = c.chart(`service-${name}-traffic`, `Service ${name}: requests and errors`, 'rps', 'rate', `timeseries.csv service ${name} offered_rps, served_rps, errors_rps${rate.some((v) => v !== null) ? '; dashed: offered_rps × slo_error_rate' : ''}.`, traffic);
    if (t) charts.push(t);
  }
  const figures = ['p99_latency_s', 'error_rate', 'slo_attainment', 'error_budget_burned'].filter((k) => c.d.summary.has(k)).map((k) => `${k} ${c.d.summary.get(k)}`);
  const text = figures.length ? [`Whole run (summary.csv): ${figures.join(' · ')}`] : [];
  return { id: 'services', title: 'Services: latency, errors and SLOs', charts, ...(charts.length ? { text } : {}) };
}

function nodesSection(c: Ctx): Section {
  const pools = c.s.names('pool');
  const nodes = pools.flatMap((p, i) => [c.line(`${p} nodes`, c.s.get('pool', p, 'nodes'), { color: i }), c.line(`${p} ready`, c.s.get('pool', p, 'nodes_ready'), { color: i, dash: true })]);
  const prov = pools.map((p, i) => c.line(`${p} provisioning`, c.s.get('pool', p, 'nodes_provisioning'), { color: i })).filter((s) => peak(s.values) > 0);
  const costly = pools.some((p) => peak(c.s.get('pool', p, 'cost_cumulative')) > 0);
  const metric = costly ? 'cost_cumulative' : 'node_hours_cumulative';
  const cost = pools.map((p, i) => c.line(p, c.s.get('pool', p, metric), { color: i }));
  if (pools.length > 1) cost.unshift(c.line('all pools', c.s.sum('pool', metric), { color: pools.length }));
  return {
    id: 'nodes',
    title: 'Nodes by pool and cost',
    charts: defined([
      c.chart('nodes-by-pool', 'Nodes by pool', 'count', 'nodes', 'timeseries.csv pool nodes (registered + provisioning), nodes_ready (dashed).', nodes),
      prov.length ? c.chart('nodes-provisioning', 'Nodes provisioning', 'count', 'nodes', 'timeseries.csv pool nodes_provisioning.', prov) : undefined,
      c.chart('cost', costly ? 'Cost (cumulative)' : 'Node-hours (cumulative; the pools have no price)', costly ? 'currency' : 'node-hours', costly ? 'cost' : 'node-hours', `timeseries.csv pool ${metric}; summary.csv cost = ${c.d.summary.get('cost') ?? 'absent'}, node_hours = ${c.d.summary.get('node_hours') ?? 'absent'}.`, cost),
    ]),
  };
}

function eventsSection(c: Ctx): Section {
  const e = c.d.events;
  const chart = c.chart('events-per-interval', 'Kubernetes events over time', 'count', `events per ${formatVirtualTime(c.d.bucket * (c.d.times.length > 1 ? c.d.times[1]! - c.d.times[0]! : 1))}`, 'events.csv rows counted per plotted interval, by type.', [
    { label: 'Normal', values: e.normalPerBucket, color: 0 },
    { label: 'Warning', values: e.warningPerBucket, color: 1 },
  ]);
  const reasons = [...e.byReason.entries()].map(([k, v]) => [k.split('\t')[0]!, v.type, String(v.count)]).sort((a, b) => Number(b[2]) - Number(a[2]) || (a[0]! < b[0]! ? -1 : 1));
  return {
    id: 'events',
    title: 'Kubernetes events',
    charts: defined([chart]),
    tables: [
      { id: 'table-reasons', caption: `Events by reason (all ${e.total})`, columns: ['reason', 'type', 'count'], rows: reasons },
      {
        id: 'table-events',
        caption: e.rows.length < e.total ? `Event timeline: ${e.rows.length} of ${e.total} events (Warnings first, then the earliest Normal ones); events.csv has them all` : `Event timeline: all ${e.total} events`,
        columns: ['time', 'type', 'reason', 'kind', 'namespace', 'name', 'source', 'message'],
        rows: e.rows.map((r) => [formatVirtualTime(r.time), r.type, r.reason, r.kind, r.namespace, r.name, r.source, r.message]),
        filters: ['type', 'reason', 'kind'],
        search: true,
      },
    ],
  };
}

function timelineSection(d: RunData): Section {
  const tables = [];
  if (d.actions.length)
    tables.push({ id: 'table-actions', caption: 'Timeline actions (timeline.csv)', columns: ['time', 'command', 'outcome', 'output'], rows: d.actions.map((a) => [formatVirtualTime(a.time), a.command, a.outcome, a.output]) });
  if (d.rollouts.length)
    tables.push({
      id: 'table-rollouts',
      caption: 'Rollouts (rollouts.csv)',
      columns: ['deployment', 'trigger', 'revision', 'start', 'finish', 'duration'],
      rows: d.rollouts.map((r) => [`${r.namespace}/${r.deployment}`, r.trigger, r.revision, formatVirtualTime(r.start), r.finish === undefined ? 'unfinished' : formatVirtualTime(r.finish), r.finish === undefined ? '' : formatVirtualTime(r.finish - r.start)]),
    });
  return { id: 'timeline', title: 'Timeline and rollouts', charts: [], tables };
}

function summarySection(d: RunData): Section {
  return { id: 'summary', title: 'Run summary (summary.csv)', charts: [], tables: [{ id: 'table-summary', caption: 'Every row of summary.csv (meanings in docs/outputs.md)', columns: ['metric', 'value'], rows: [...d.summary.entries()].map(([k, v]) => [k, v]) }] };
}

function splitName(name: string): [string, string] {
  const i = name.indexOf('/');
  return i < 0 ? ['default', name] : [name.slice(0, i), name.slice(i + 1)];
}

// ---- headline --------------------------------------------------------------------------------

function headline(c: Ctx): HeadlineItem[] {
  const d = c.d;
  const s = d.summary;
  const num = (k: string): number => Number(s.get(k) ?? 0) || 0;
  const bad: HeadlineItem[] = [];
  const never = neverRan(d);
  if (never.length) bad.push({ severity: 'bad', text: `${never.length} pod${never.length === 1 ? '' : 's'} never ran (${never.slice(0, 3).map((p) => p.name).join(', ')}${never.length > 3 ? ', …' : ''})`, href: '#table-never-ran' });
  const pending = c.s.get('cluster', '', 'pods_pending');
  const peakAt = pending.reduce<number>((best, v, i) => (v !== null && v > (pending[best] ?? 0) ? i : best), 0);
  if ((pending[peakAt] ?? 0) > 0) bad.push({ severity: 'bad', text: `Up to ${pending[peakAt]} pod${pending[peakAt] === 1 ? "" : "s"} waiting for a node (at ${formatVirtualTime(d.times[peakAt]!)})`, href: '#chart-pods-by-phase' });
  if (num('pods_unscheduled')) bad.push({ severity: 'bad', text: `${num('pods_unscheduled')} pods still unscheduled at the end; longest wait ${formatVirtualTime(num('max_pending_s'))}`, href: '#chart-pods-by-phase' });
  if (num('pods_failed')) bad.push({ severity: 'bad', text: `${num('pods_failed')} pods Failed`, href: '#chart-pods-by-phase' });
  if (num('oom_kills')) bad.push({ severity: 'bad', text: `${num('oom_kills')} OOM kills`, href: '#chart-memory-oom' });
  if (num('evictions')) bad.push({ severity: 'bad', text: `${num('evictions')} pods evicted by node pressure`, href: '#table-reasons' });
  if (num('container_restarts')) bad.push({ severity: 'bad', text: `${num('container_restarts')} container restarts`, href: '#table-reasons' });
  if (num('rollouts_unfinished')) bad.push({ severity: 'bad', text: `${num('rollouts_unfinished')} rollout(s) never finished`, href: '#table-rollouts' });
  if (num('deployment_zero_ready_s')) bad.push({ severity: 'bad', text: `Deployments had zero ready pods for ${formatVirtualTime(num('deployment_zero_ready_s'))}`, href: '#workloads' });
  if (num('requests_failed')) bad.push({ severity: 'bad', text: `${num('requests_failed')} requests failed (error rate ${s.get('error_rate')})`, href: '#services' });
  if (s.has('slo_attainment') && num('slo_attainment') < 1) bad.push({ severity: 'bad', text: `SLOs met ${(num('slo_attainment') * 100).toFixed(1)}% of the time`, href: '#services' });
  if (num('throttled_s_total')) bad.push({ severity: 'bad', text: `${num('throttled_s_total')} s of CPU throttling`, href: '#chart-cpu-throttling' });
  const errors = d.actions.filter((a) => a.outcome === 'error');
  if (errors.length) bad.push({ severity: 'bad', text: `${errors.length} timeline action(s) failed (${errors[0]!.command})`, href: '#table-actions' });
  const warnings = [...d.events.byReason.entries()].filter(([, v]) => v.type === 'Warning').sort((a, b) => b[1].count - a[1].count);
  if (warnings.length) bad.push({ severity: 'bad', text: `${d.events.warnings} Warning events: ${warnings.slice(0, 4).map(([k, v]) => `${k.split('\t')[0]} ×${v.count}`).join(', ')}`, href: '#table-events' });
  const items: HeadlineItem[] = bad.length ? bad : [{ severity: 'good', text: 'Nothing went wrong that the outputs record: every pod ran, no OOM kill, eviction, failed request or Warning event.' }];

  // The worst p99 over every Service and sample.
  let worst: { v: number; t: number; name: string } | undefined;
  for (const name of c.s.names('service')) {
    const v = c.s.get('service', name, 'latency_p99_s');
    v.forEach((x, i) => {
      if (x !== null && (!worst || x > worst.v)) worst = { v: x, t: d.times[i]!, name };
    });
  }
  if (worst) items.push({ severity: 'info', text: `Worst p99: ${fmtSeconds(worst.v)} on ${worst.name} at ${formatVirtualTime(worst.t)} (run-wide p99 ${fmtSeconds(num('p99_latency_s'))})`, href: `#chart-${slug(`service-${worst.name}-latency`)}` });
  if (s.has('cost')) items.push({ severity: 'info', text: `Cost ${s.get('cost')} for ${s.get('node_hours')} node-hours${s.has('cost_per_million_requests') ? ` (${s.get('cost_per_million_requests')} per million requests)` : ''}`, href: '#chart-cost' });
  return items;
}

function fmtSeconds(v: number): string {
  return v < 1 ? `${Number((v * 1000).toPrecision(4))} ms` : `${Number(v.toPrecision(4))} s`;
}
