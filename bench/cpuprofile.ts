/**
 * Summary of a V8 .cpuprofile (from `node --cpu-prof`): top functions by self time and by
 * inclusive time, and self time per source file.
 *
 *   node dist/bench/cpuprofile.js PROFILE.cpuprofile [TOP=25] [UNDER=dispatch] [--from US] [--to US]
 *
 * --from/--to keep the samples taken within that window of the profile's clock (µs; the clock of
 * the `mono_us` figure bench/scale-run.ts prints per virtual hour with K8SIM_BENCH_HOURLY=1, so a
 * profile of a run can be cut to its steady hours: --from <hour 1's mono_us> --to <hour 3's>).
 *
 * Self time of a sample is its time delta; inclusive time counts a function once per sample
 * however often it recurses on the stack. Paths are shown relative to the dist/ folder.
 * "Below UNDER" splits the time spent inside the function named UNDER (default the kernel's
 * `dispatch`) by the frame directly below it: for the simulator, time per event handler.
 */
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function shortUrl(url: string): string {
  if (url === '') return '';
  const nm = url.indexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + 1);
  const i = url.indexOf('/dist/');
  if (i >= 0) return url.slice(i + '/dist/'.length);
  return url.replace(/^file:\/\//, '');
}

export interface ProfileSummary {
  totalMs: number;
  self: Array<{ fn: string; where: string; ms: number }>;
  inclusive: Array<{ fn: string; where: string; ms: number }>;
  files: Array<{ file: string; ms: number }>;
  /** Time inside `under`, by the frame directly called from it (outermost `under` on the stack). */
  below: Array<{ fn: string; where: string; ms: number }>;
  under: string;
}

/** Samples taken within [fromUs, toUs] of the profile's clock (startTime plus the time deltas so far). */
export interface ProfileWindow {
  fromUs?: number;
  toUs?: number;
}

export function summarizeProfile(p: CpuProfile, under = 'dispatch', window: ProfileWindow = {}): ProfileSummary {
  const from = window.fromUs ?? -Infinity;
  const to = window.toUs ?? Infinity;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of p.nodes) byId.set(n.id, n);
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: ProfileNode): string => `${n.callFrame.functionName || '(anonymous)'}\t${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const selfMs = new Map<string, number>();
  const inclMs = new Map<string, number>();
  const fileMs = new Map<string, number>();
  const belowMs = new Map<string, number>();
  let total = 0;
  let at = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    at += p.timeDeltas[i] ?? 0;
    if (at < from || at > to) continue;
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const leaf = byId.get(p.samples[i]!)!;
    const k = key(leaf);
    selfMs.set(k, (selfMs.get(k) ?? 0) + ms);
    const file = shortUrl(leaf.callFrame.url) || leaf.callFrame.functionName;
    fileMs.set(file, (fileMs.get(file) ?? 0) + ms);
    const seen = new Set<string>();
    let child: ProfileNode | undefined;
    let belowKey: string | undefined;
    for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
      const node = byId.get(id)!;
      const kk = key(node);
      if (node.callFrame.functionName === under) belowKey = child ? key(child) : `(self of ${under})\t`;
      child = node;
      if (seen.has(kk)) continue;
      seen.add(kk);
      inclMs.set(kk, (inclMs.get(kk) ?? 0) + ms);
    }
    if (belowKey !== undefined) belowMs.set(belowKey, (belowMs.get(belowKey) ?? 0) + ms);
  }
  const rows = (m: Map<string, number>) =>
    [...m].sort((a, b) => b[1] - a[1]).map(([k, ms]) => {
      const [fn, where] = k.split('\t') as [string, string];
      return { fn, where, ms };
    });
  return {
    totalMs: total,
    self: rows(selfMs),
    inclusive: rows(inclMs).filter((r) => r.fn !== '(root)'),
    files: [...fileMs].sort((a, b) => b[1] - a[1]).map(([file, ms]) => ({ file, ms })),
    below: rows(belowMs),
    under,
  };
}

export function printProfileSummary(s: ProfileSummary, top = 25): void {
  const pct = (ms: number) => `${((100 * ms) / s.totalMs).toFixed(1)} %`;
  console.log(`total sampled: ${(s.totalMs / 1000).toFixed(1)} s\n`);
  console.log('| self | % | function | where |\n| ---: | ---: | --- | --- |');
  for (const r of s.self.slice(0, top)) console.log(`| ${(r.ms / 1000).toFixed(2)} s | ${pct(r.ms)} | ${r.fn} | ${r.where} |`);
  console.log('\n| inclusive | % | function | where |\n| ---: | ---: | --- | --- |');
  for (const r of s.inclusive.slice(0, top)) console.log(`| ${(r.ms / 1000).toFixed(2)} s | ${pct(r.ms)} | ${r.fn} | ${r.where} |`);
  console.log(`\n| below ${s.under} | % | function | where |\n| ---: | ---: | --- | --- |`);
  for (const r of s.below.slice(0, top)) console.log(`| ${(r.ms / 1000).toFixed(2)} s | ${pct(r.ms)} | ${r.fn} | ${r.where} |`);
  console.log('\n| self by file | % | file |\n| ---: | ---: | --- |');
  for (const r of s.files.slice(0, top)) console.log(`| ${(r.ms / 1000).toFixed(2)} s | ${pct(r.ms)} | ${r.file} |`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const window: ProfileWindow = {};
  for (const flag of ['--from', '--to'] as const) {
    const i = args.indexOf(flag);
    if (i < 0) continue;
    const v = Number(args[i + 1]);
    if (!Number.isFinite(v)) {
      console.error(`cpuprofile: ${flag} needs a number of µs`);
      process.exit(2);
    }
    if (flag === '--from') window.fromUs = v;
    else window.toUs = v;
    args.splice(i, 2);
  }
  const file = args[0];
  if (file === undefined) {
    console.error('usage: node dist/bench/cpuprofile.js PROFILE.cpuprofile [TOP] [UNDER] [--from US] [--to US]');
    process.exit(2);
  }
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  printProfileSummary(summarizeProfile(profile, args[2] ?? 'dispatch', window), Number(args[1] ?? 25));
}
