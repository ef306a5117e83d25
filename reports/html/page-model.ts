// What a report page holds, independent of HTML: sections of charts and tables, a headline, and
// notes on how the data was reduced. The run and sweep pages build one; page-html.ts renders it.

import type { Value } from './downsample.js';

/** How an axis prints its numbers (client-script.ts); also named in the axis label. */
export type Unit = 'count' | 'millicores' | 'bytes' | 'seconds' | 'percent' | 'ratio' | 'rps' | 'currency' | 'node-hours' | 'number';

export interface SeriesSpec {
  label: string;
  values: Value[];
  dash?: boolean;
  /** Drawn as points only (scatter, probes). */
  pointsOnly?: boolean;
  /** Palette index (default: the series' position). */
  color?: number;
}

/** A point of virtual time (or a span) marked on time charts: a timeline action, a rollout. */
export interface Marker {
  t: number;
  end?: number;
  label: string;
  kind: 'action' | 'rollout';
}

export interface ChartSpec {
  id: string;
  title: string;
  /** Which CSV columns it is drawn from, and how they were reduced. */
  caption: string;
  unit: Unit;
  yLabel: string;
  /** time: virtual seconds; value: a numeric parameter; category: indexes into `categories`. */
  xKind: 'time' | 'value' | 'category';
  xLabel?: string;
  categories?: string[];
  xs: number[];
  series: SeriesSpec[];
  /** Pairs of series indexes whose gap is shaded (min–max spread). */
  bands?: [number, number][];
  /** Horizontal lines: SLOs, constraint thresholds; `fails` shades the side that fails one. */
  hlines?: { value: number; label: string; fails?: 'above' | 'below' }[];
  /** Vertical lines on a value axis: constraint thresholds. */
  vlines?: { value: number; label: string; fails?: 'left' | 'right' }[];
  /** Markers of this chart besides the page's timeline markers (a Deployment's own rollouts). */
  markers?: Marker[];
}

export interface TableSpec {
  id: string;
  caption: string;
  columns: string[];
  rows: string[][];
  /** Columns offered as drop-down filters, and a free-text search box. */
  filters?: string[];
  search?: boolean;
}

export interface Section {
  id: string;
  title: string;
  /** Plain-text paragraphs. */
  text?: string[];
  charts: ChartSpec[];
  tables?: TableSpec[];
}

export interface HeadlineItem {
  text: string;
  href?: string;
  severity: 'bad' | 'good' | 'info';
}

export interface PageModel {
  kind: 'run' | 'sweep';
  title: string;
  subtitle: string;
  headline: HeadlineItem[];
  sections: Section[];
  /** Markers drawn on every time chart (timeline actions, template-change rollouts). */
  markers: Marker[];
  /** How the page was made: sources, downsampling, what was left out. */
  notes: string[];
}

/** A metric's unit from its name's suffix (docs/outputs.md: `_m`, `_bytes`, `_s`, `_pct`…). */
export function unitOf(metric: string): Unit {
  if (metric.endsWith('_m')) return 'millicores';
  if (metric.endsWith('_bytes')) return 'bytes';
  if (metric.endsWith('_s')) return 'seconds';
  if (metric.endsWith('_pct')) return 'percent';
  if (metric.endsWith('_rps')) return 'rps';
  if (metric.endsWith('_ratio') || metric === 'error_rate' || metric === 'slo_attainment') return 'ratio';
  if (metric.startsWith('cost')) return 'currency';
  if (metric.startsWith('node_hours')) return 'node-hours';
  return 'number';
}

export const UNIT_LABEL: Record<Unit, string> = {
  count: 'count',
  millicores: 'millicores',
  bytes: 'bytes',
  seconds: 's',
  percent: '%',
  ratio: '0–1',
  rps: 'requests/s',
  currency: 'currency',
  'node-hours': 'node-hours',
  number: '',
};

/** An id usable in a URL fragment. */
export function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'x';
}
