// k8sim/v1 Traffic documents → the flow model's TrafficSpec (numbers, ms). CSV replays are read
// here, at load time (paths relative to the scenario file), so the model never touches files.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDuration } from '../sim/index.js';
import type { MetricsPipelineConfig } from '../models/autoscaling/hpa/metrics-pipeline.js';
import { parseBytes } from '../models/api/policy/quantity.js';
import type { BaseProfile, CostSpec, RatePoint, RateProfile, ServiceTrafficSpec, TrafficSpec } from '../models/traffic/spec.js';
import type { ScenarioError } from './errors.js';
import type { ScenarioDocument } from './load.js';

type Rec = Record<string, unknown>;
const ms = (v: unknown): number => parseDuration(String(v));

/** Parse "time_s,rate" rows (a header line is skipped when not numeric). */
export function parseRateCsv(text: string): RatePoint[] {
  const out: RatePoint[] = [];
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const [a, b] = t.split(',');
    const at = Number(a);
    const rate = Number(b);
    if (!Number.isFinite(at) || !Number.isFinite(rate)) {
      if (out.length === 0) continue; // header
      throw new Error(`bad CSV row "${t}": expected time_s,rate`);
    }
    out.push({ at: Math.round(at * 1000), rate });
  }
  out.sort((x, y) => x.at - y.at);
  return out;
}

function buildRate(doc: ScenarioDocument, r: Rec, path: (string | number)[], errors: ScenarioError[]): RateProfile | undefined {
  const bases: BaseProfile[] = [];
  if (r.constant !== undefined) bases.push({ constant: Number(r.constant) });
  if (Array.isArray(r.steps)) bases.push({ steps: (r.steps as Rec[]).map((p) => ({ at: ms(p.at), rate: Number(p.rate) })).sort((a, b) => a.at - b.at) });
  if (r.ramp !== undefined) {
    const x = r.ramp as Rec;
    bases.push({ ramp: { from: Number(x.from), to: Number(x.to), start: x.start !== undefined ? ms(x.start) : 0, duration: ms(x.duration) } });
  }
  if (r.diurnal !== undefined) {
    const x = r.diurnal as Rec;
    const d: { min: number; max: number; peakHour: number; period?: number } = { min: Number(x.min), max: Number(x.max), peakHour: Number(x.peakHour ?? 12) };
    if (x.period !== undefined) d.period = ms(x.period);
    bases.push({ diurnal: d });
  }
  if (typeof r.csv === 'string') {
    const file = resolve(dirname(doc.file), r.csv);
    try {
      bases.push({ replay: parseRateCsv(readFileSync(file, 'utf8')) });
    } catch (e) {
      errors.push(doc.error([...path, 'csv'], `cannot read rate CSV ${file}: ${(e as Error).message}`));
      return undefined;
    }
  }
  if (bases.length !== 1) {
    errors.push(doc.error(path, 'a rate needs exactly one of constant, steps, ramp, diurnal, csv'));
    return undefined;
  }
  const out: RateProfile = { base: bases[0]! };
  if (Array.isArray(r.spikes)) out.spikes = (r.spikes as Rec[]).map((s) => ({ at: ms(s.at), duration: ms(s.duration), rate: Number(s.rate) }));
  if (r.poissonNoise === true) out.poissonNoise = true;
  return out;
}

/** All Traffic documents merged into one spec (undefined when the scenario has none). */
export function buildTraffic(docs: readonly ScenarioDocument[], errors: ScenarioError[]): TrafficSpec | undefined {
  const tdocs = docs.filter((d) => d.apiVersion === 'k8sim/v1' && d.kind === 'Traffic');
  if (tdocs.length === 0) return undefined;
  const spec: TrafficSpec = { services: [] };
  for (const doc of tdocs) {
    const s = doc.body.spec as Rec;
    if (s.resolution !== undefined) spec.resolution = ms(s.resolution);
    if (s.warmup !== undefined) spec.warmup = ms(s.warmup);
    if (s.peakWindow !== undefined) {
      spec.peakWindow = ms(s.peakWindow);
      if (!(spec.peakWindow > 0)) errors.push(doc.error(['spec', 'peakWindow'], 'must be longer than 0 (e.g. 1m)'));
    }
    ((s.services as Rec[]) ?? []).forEach((x, i) => {
      const path = ['spec', 'services', i];
      const st: ServiceTrafficSpec = {
        namespace: typeof x.namespace === 'string' ? x.namespace : 'default',
        service: String(x.service),
        cpuPerRequest: x.cpuPerRequest as CostSpec,
      };
      if (x.rate !== undefined) {
        const r = buildRate(doc, x.rate as Rec, [...path, 'rate'], errors);
        if (r) st.rate = r;
      }
      if (x.memoryPerRequest !== undefined) st.memoryPerRequest = parseBytes(x.memoryPerRequest as string);
      if (x.concurrency !== undefined) st.concurrency = Number(x.concurrency);
      if (x.queueBound !== undefined) st.queueBound = Number(x.queueBound);
      if (x.weighting === 'capacity' || x.weighting === 'even') st.weighting = x.weighting;
      if (Array.isArray(x.calls)) {
        st.calls = (x.calls as Rec[]).map((c) => ({ service: String(c.service), fanout: Number(c.fanout), ...(typeof c.namespace === 'string' ? { namespace: c.namespace } : {}) }));
      }
      if (x.slo !== undefined) {
        const slo = x.slo as Rec;
        st.slo = {};
        if (slo.latencyP99 !== undefined) st.slo.latencyP99 = ms(slo.latencyP99) / 1000;
        if (slo.errorRate !== undefined) st.slo.errorRate = Number(slo.errorRate);
      }
      if (x.externalLatency !== undefined) st.externalLatency = ms(x.externalLatency) / 1000;
      spec.services.push(st);
    });
  }
  return spec;
}

/** Cluster spec.metrics → metrics pipeline settings. */
export function buildMetricsPipeline(clusterSpec: Rec): Partial<MetricsPipelineConfig> {
  const m = (clusterSpec.metrics as Rec | undefined) ?? {};
  const out: Partial<MetricsPipelineConfig> = {};
  if (m.resolution !== undefined) out.resolution = ms(m.resolution);
  if (m.window !== undefined) out.window = ms(m.window);
  return out;
}
