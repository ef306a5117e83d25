// The sweep report: the points table, the Pareto plot of the first two objectives with the
// constraints' feasible side, a response curve per parameter and metric with its spread over
// seeds (and over the other parameters), and goal-seek probes — all from points.csv,
// results.csv, goal.csv and sweep.json.

import { basename, resolve } from 'node:path';
import type { Value } from './downsample.js';
import { slug, unitOf, UNIT_LABEL, type ChartSpec, type HeadlineItem, type PageModel, type Section, type SeriesSpec } from './page-model.js';
import { readConstraint, type Cells, type SweepData } from './sweep-data.js';

/** Response-curve charts at most (parameters × metrics, in that order). */
export const MAX_RESPONSE_CHARTS = 24;
/** Metrics charted when the sweep names no objective or constraint. */
const DEFAULT_METRICS = 4;

const FIXED = ['run_id', 'point', 'replication', 'seed', 'status', 'error', 'n_ok', 'n_failed', 'constraints_ok', 'pareto'];

/** The column a metric got (sweep/output.ts: a metric named like another column gets `_metric`). */
export function metricColumn(d: SweepData, metric: string): string {
  return FIXED.includes(metric) || d.plan.parameters.includes(metric) ? `${metric}_metric` : metric;
}

/** Metrics of the sweep, from points.csv's `<metric>_mean` columns. */
function allMetrics(d: SweepData): string[] {
  return d.pointColumns.filter((c) => c.endsWith('_mean')).map((c) => c.slice(0, -'_mean'.length).replace(/_metric$/, ''));
}

function num(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
}

export function sweepPage(d: SweepData): PageModel {
  const metrics = chartedMetrics(d);
  const sections: Section[] = [pointsSection(d), paretoSection(d), responseSection(d, metrics), goalSection(d)].filter((s) => s.charts.length > 0 || (s.tables?.length ?? 0) > 0 || (s.text?.length ?? 0) > 0);
  const ok = d.results.filter((r) => r.status === 'ok').length;
  return {
    kind: 'sweep',
    title: `k8sim sweep: ${d.plan.name} (${basename(resolve(d.dir))})`,
    subtitle: `${d.points.length} points × ${d.plan.seeds.length} seeds · parameters: ${d.plan.parameters.join(', ')} · ${ok} of ${d.results.length} runs ok`,
    headline: headline(d),
    sections,
    markers: [],
    notes: [
      'Built only from this folder\'s sweep.json, points.csv, results.csv and goal.csv (sweep/README.md): every figure here can be recomputed from them.',
      'Pareto plot: the points\' means (points.csv <metric>_mean) of the first two objectives; red lines are constraints on those metrics, labelled with the side that meets them.',
      'Response curves: at each value of the parameter, the mean, min and max over every ok run in results.csv with that value (the seeds and, when several parameters vary, the other parameters\' values).',
      ...(metrics.shown < metrics.all ? [`${MAX_RESPONSE_CHARTS} response curves drawn of ${metrics.all}.`] : []),
    ],
  };
}

function chartedMetrics(d: SweepData): { list: string[]; shown: number; all: number } {
  const named = [...d.plan.objectives.map((o) => o.metric), ...d.plan.constraints.map((c) => readConstraint(c)?.metric).filter((m): m is string => m !== undefined)];
  const available = new Set(allMetrics(d));
  let list = [...new Set(named)].filter((m) => available.has(m));
  if (list.length === 0) list = allMetrics(d).slice(0, DEFAULT_METRICS);
  const all = list.length * d.plan.parameters.length;
  return { list, shown: Math.min(all, MAX_RESPONSE_CHARTS), all };
}

function pointsSection(d: SweepData): Section {
  const means = d.pointColumns.filter((c) => c.endsWith('_mean'));
  const columns = ['point', ...d.plan.parameters, 'n_ok', 'n_failed', ...means, 'constraints_ok', 'pareto'];
  return {
    id: 'points',
    title: 'Points',
    charts: [],
    tables: [{ id: 'table-points', caption: `Points (points.csv; min, max and 95% CI columns there too)`, columns, rows: d.points.map((p) => columns.map((c) => p[c] ?? '')), filters: ['constraints_ok', 'pareto'] }],
  };
}

function paretoSection(d: SweepData): Section {
  const objs = d.plan.objectives;
  if (objs.length < 2) return { id: 'pareto', title: 'Pareto front', charts: [], text: [objs.length ? `One objective (${objs[0]!.goal} ${objs[0]!.metric}): no trade-off to plot; the points table has the means.` : 'The sweep names no objectives (spec.objectives): no Pareto plot.'] };
  const [ox, oy] = [objs[0]!, objs[1]!];
  const cx = `${metricColumn(d, ox.metric)}_mean`;
  const cy = `${metricColumn(d, oy.metric)}_mean`;
  const pts = d.points.map((p) => ({ p, x: num(p[cx]), y: num(p[cy]) })).filter((q): q is { p: Cells; x: number; y: number } => q.x !== null && q.y !== null).sort((a, b) => a.x - b.x);
  const pick = (f: (p: Cells) => boolean): Value[] => pts.map((q) => (f(q.p) ? q.y : null));
  const series: SeriesSpec[] = [
    { label: 'meets constraints', values: pick((p) => p.constraints_ok === 'true'), pointsOnly: true, color: 2 },
    { label: 'fails a constraint', values: pick((p) => p.constraints_ok !== 'true'), pointsOnly: true, color: 1 },
    { label: 'Pareto front', values: pick((p) => p.pareto === 'true'), color: 0 },
  ].filter((s) => s.values.some((v) => v !== null));
  // A constraint on an axis metric: its line, the failing side shaded, so the clear area is the feasible region.
  const below = (c: { op: string }) => c.op.startsWith('<');
  const cons = (metric: string) => d.plan.constraints.map(readConstraint).filter((c) => c !== undefined && c.metric === metric && c.op !== '==').map((c) => c!);
  const hlines = cons(oy.metric).map((c) => ({ value: c.value, label: `${c.text} (${below(c) ? 'below' : 'above'} meets it)`, fails: below(c) ? ('above' as const) : ('below' as const) }));
  const vlines = cons(ox.metric).map((c) => ({ value: c.value, label: `${c.text} (${below(c) ? 'left' : 'right'} meets it)`, fails: below(c) ? ('right' as const) : ('left' as const) }));
  const chart: ChartSpec = {
    id: 'chart-pareto',
    title: `Pareto: ${ox.goal} ${ox.metric} vs ${oy.goal} ${oy.metric}`,
    caption: `points.csv ${cx} (x), ${cy} (y); colour: constraints_ok; line: pareto = true.`,
    unit: unitOf(oy.metric),
    yLabel: `${oy.metric} (${UNIT_LABEL[unitOf(oy.metric)] || 'value'})`,
    xKind: 'value',
    xLabel: `${ox.metric}${UNIT_LABEL[unitOf(ox.metric)] ? ` (${UNIT_LABEL[unitOf(ox.metric)]})` : ''}`,
    xs: pts.map((q) => q.x),
    series,
    hlines,
    vlines,
  };
  return { id: 'pareto', title: 'Pareto front and feasible region', charts: pts.length && series.length ? [chart] : [], text: pts.length ? [] : ['No point has both objective means (every run failed?).'] };
}

function responseSection(d: SweepData, metrics: { list: string[] }): Section {
  const charts: ChartSpec[] = [];
  const ok = d.results.filter((r) => r.status === 'ok');
  for (const param of d.plan.parameters) {
    const raw = [...new Set(d.results.map((r) => r[param] ?? ''))];
    const numeric = raw.every((v) => num(v) !== null);
    const keys = numeric ? raw.sort((a, b) => Number(a) - Number(b)) : raw;
    if (keys.length < 2) continue;
    for (const metric of metrics.list) {
      if (charts.length >= MAX_RESPONSE_CHARTS) break;
      const col = metricColumn(d, metric);
      const mean: Value[] = [];
      const min: Value[] = [];
      const max: Value[] = [];
      for (const k of keys) {
        const vs = ok.filter((r) => r[param] === k).map((r) => num(r[col])).filter((v): v is number => v !== null);
        mean.push(vs.length ? vs.reduce((a, b) => a + b, 0) / vs.length : null);
        min.push(vs.length ? Math.min(...vs) : null);
        max.push(vs.length ? Math.max(...vs) : null);
      }
      if (!mean.some((v) => v !== null)) continue;
      const c = d.plan.constraints.map(readConstraint).filter((x) => x !== undefined && x.metric === metric);
      const unit = unitOf(metric);
      charts.push({
        id: `chart-${slug(`response-${param}-${metric}`)}`,
        title: `${metric} by ${param}`,
        caption: `results.csv ${col} of ok runs, grouped by ${param}: mean (line), min and max (shaded).`,
        unit,
        yLabel: `${metric}${UNIT_LABEL[unit] ? ` (${UNIT_LABEL[unit]})` : ''}`,
        xKind: numeric ? 'value' : 'category',
        xLabel: param,
        ...(numeric ? {} : { categories: keys }),
        xs: numeric ? keys.map(Number) : keys.map((_, i) => i),
        series: [
          { label: 'mean', values: mean, color: 0 },
          { label: 'min', values: min, dash: true, color: 7 },
          { label: 'max', values: max, dash: true, color: 7 },
        ],
        bands: [[1, 2]],
        hlines: c.map((x) => ({ value: x!.value, label: x!.text })),
      });
    }
  }
  return { id: 'response', title: 'Response curves (spread over seeds)', charts };
}

function goalSection(d: SweepData): Section {
  const g = d.plan.goal;
  if (!g || !d.goal) return { id: 'goal', title: 'Goal seeking', charts: [] };
  const values = d.points.map((p) => num(p[g.parameter]));
  const feasible = d.points.map((p) => p.constraints_ok === 'true');
  const xs = d.points.map((_, i) => i + 1);
  const chart: ChartSpec = {
    id: 'chart-goal-probes',
    title: `Goal seek: ${g.minimize ? 'smallest' : 'largest'} ${g.parameter} in [${g.low}, ${g.high}]`,
    caption: `points.csv in probe order: ${g.parameter} of each probe; colour: constraints_ok. goal.csv: ${d.goal.status}${d.goal.answer ? `, answer ${d.goal.answer}` : ''}.`,
    unit: 'number',
    yLabel: g.parameter,
    xKind: 'value',
    xLabel: 'probe',
    xs,
    series: [
      { label: 'probes', values, dash: true, color: 7 },
      { label: 'feasible', values: values.map((v, i) => (feasible[i] ? v : null)), pointsOnly: true, color: 2 },
      { label: 'infeasible', values: values.map((v, i) => (feasible[i] ? null : v)), pointsOnly: true, color: 1 },
    ].filter((s) => s.values.some((v) => v !== null)),
    ...(d.goal.status === 'found' && num(d.goal.answer) !== null ? { hlines: [{ value: num(d.goal.answer)!, label: `answer ${g.parameter} = ${d.goal.answer}` }] } : {}),
  };
  return {
    id: 'goal',
    title: 'Goal seeking',
    text: [`${g.minimize ? 'Smallest' : 'Largest'} ${g.parameter} in [${g.low}, ${g.high}] (step ${g.step}) meeting ${d.plan.constraints.join('; ') || 'the constraints'}: ${d.goal.status === 'found' ? `${g.parameter} = ${d.goal.answer}` : d.goal.status} after ${d.goal.probes ?? d.points.length} probes.`],
    charts: values.some((v) => v !== null) ? [chart] : [],
    tables: [{ id: 'table-probes', caption: 'Probes in order (points.csv)', columns: ['probe', g.parameter, 'n_ok', 'n_failed', 'constraints_ok'], rows: d.points.map((p, i) => [String(i + 1), p[g.parameter] ?? '', p.n_ok ?? '', p.n_failed ?? '', p.constraints_ok ?? '']) }],
  };
}

function headline(d: SweepData): HeadlineItem[] {
  const items: HeadlineItem[] = [];
  const failed = d.results.filter((r) => r.status !== 'ok');
  if (failed.length) items.push({ severity: 'bad', text: `${failed.length} of ${d.results.length} runs did not finish ok (${[...new Set(failed.map((r) => r.status))].join(', ')}; first: ${failed[0]!.run_id} ${failed[0]!.error ?? ''})`, href: '#table-points' });
  const missing = d.points.length * d.plan.seeds.length - d.results.length;
  if (missing > 0) items.push({ severity: 'bad', text: `${missing} runs missing (an interrupted sweep: resume it)`, href: '#table-points' });
  if (d.plan.constraints.length) {
    const ok = d.points.filter((p) => p.constraints_ok === 'true');
    items.push({ severity: ok.length ? 'good' : 'bad', text: `${ok.length} of ${d.points.length} points meet ${d.plan.constraints.join('; ')} for every seed${ok.length ? `: ${ok.slice(0, 8).map((p) => p.point).join(', ')}${ok.length > 8 ? ', …' : ''}` : ''}`, href: d.plan.objectives.length >= 2 ? '#chart-pareto' : '#table-points' });
  }
  const front = d.points.filter((p) => p.pareto === 'true');
  if (d.plan.objectives.length) items.push({ severity: 'info', text: `Pareto front (${d.plan.objectives.map((o) => `${o.goal} ${o.metric}`).join(', ')}): points ${front.map((p) => p.point).join(', ') || 'none'}`, href: '#chart-pareto' });
  if (d.plan.goal && d.goal) items.push({ severity: d.goal.status === 'found' ? 'good' : 'bad', text: `Goal: ${d.goal.status === 'found' ? `${d.plan.goal.parameter} = ${d.goal.answer}` : d.goal.status} (${d.goal.probes ?? '?'} probes)`, href: '#chart-goal-probes' });
  return items;
}
