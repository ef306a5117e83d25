/**
 * Summary of a V8 .cpuprofile (from `node --cpu-prof`): top functions by self time and by
 * inclusive time, and self time per source file.
 *
 *   node dist/bench/cpuprofile.js PROFILE.cpuprofile [TOP=25] [UNDER=dispatch]
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

export function summarizeProfile(p: CpuProfile, under = 'dispatch'): ProfileSummary {
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
  for (let i = 0; i < p.samples.length; i++) {
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
  const file = process.argv[2];
  if (file === undefined) {
    console.error('usage: node dist/bench/cpuprofile.js PROFILE.cpuprofile [TOP]');
    process.exit(2);
  }
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  printProfileSummary(summarizeProfile(profile, process.argv[4] ?? 'dispatch'), Number(process.argv[3] ?? 25));
}
