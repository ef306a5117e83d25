/**
 * What a run allocates that outlives the young generation, by allocation site: V8's sampling heap
 * profiler between two virtual hours, counting objects still live or collected by a mark-compact
 * but not those a scavenge collected. In a steady hour nearly everything should die young; bytes
 * here are old-space growth (garbage a mark-compact must later find) or real growth.
 *
 *   node dist/bench/heap-survivors.js SCENARIO.yaml [FROM_HOUR=1] [TO_HOUR=3] [TOP=25] [--save FILE]
 *
 * (bench/README.md, "2026-12-03, third session": it found the HPA's and traffic's minute-long
 * objects allocated straight into old space by V8's allocation-site pretenuring.) Sampling one
 * allocation per 4 KiB on average; the figures are estimates of that resolution.
 */
import * as fs from 'node:fs';
import { Session } from 'node:inspector';
import { pathToFileURL } from 'node:url';
import { runScenario } from '../runner/simulate.js';
import { loadScenario } from '../scenarios/load.js';

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}
export interface SamplingProfile {
  head: SamplingNode;
}

export interface SurvivorSummary {
  totalBytes: number;
  /** Self bytes by allocation site ("function file:line"), largest first. */
  sites: Array<{ site: string; bytes: number }>;
}

function siteName(n: SamplingNode): string {
  const url = n.callFrame.url;
  const i = url.indexOf('/dist/');
  const file = i >= 0 ? url.slice(i + '/dist/'.length) : url.split('/').pop() ?? '';
  return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
}

/** Self bytes summed per allocation site over the profile's tree; the `top` largest. */
export function summarizeSurvivors(p: SamplingProfile, top: number): SurvivorSummary {
  const bySite = new Map<string, number>();
  let total = 0;
  const stack: SamplingNode[] = [p.head];
  while (stack.length > 0) {
    const n = stack.pop()!;
    total += n.selfSize;
    if (n.selfSize > 0) bySite.set(siteName(n), (bySite.get(siteName(n)) ?? 0) + n.selfSize);
    for (const c of n.children) stack.push(c);
  }
  const sites = [...bySite].map(([site, bytes]) => ({ site, bytes })).sort((a, b) => b.bytes - a.bytes || (a.site < b.site ? -1 : 1));
  return { totalBytes: total, sites: sites.slice(0, top) };
}

function main(argv: string[]): void {
  const save = argv.indexOf('--save');
  const saveTo = save >= 0 ? argv[save + 1] : undefined;
  const args = save >= 0 ? [...argv.slice(0, save), ...argv.slice(save + 2)] : argv;
  const [file, fromArg = '1', toArg = '3', topArg = '25'] = args;
  if (file === undefined) {
    console.error('usage: node dist/bench/heap-survivors.js SCENARIO.yaml [FROM_HOUR=1] [TO_HOUR=3] [TOP=25] [--save FILE]');
    process.exit(2);
  }
  const from = Number(fromArg) * 3_600_000;
  const to = Number(toArg) * 3_600_000;
  const session = new Session();
  session.connect();
  let state: 'before' | 'sampling' | 'done' = 'before';
  let profile: SamplingProfile | undefined;
  runScenario(loadScenario([file]), {
    seed: 1,
    onProgress: (ms) => {
      if (state === 'before' && ms >= from) {
        state = 'sampling';
        session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
      } else if (state === 'sampling' && ms >= to) {
        state = 'done';
        // The inspector answers synchronously within this call for an in-process session.
        session.post('HeapProfiler.stopSampling', (err, r) => {
          if (err) throw err;
          profile = (r as { profile: SamplingProfile }).profile;
        });
      }
    },
  });
  if (profile === undefined) {
    console.error(`heap-survivors: the run ended before hour ${toArg}`);
    process.exit(2);
  }
  if (saveTo !== undefined) fs.writeFileSync(saveTo, JSON.stringify(profile));
  const s = summarizeSurvivors(profile, Number(topArg));
  console.log(`outlived a scavenge, hours ${fromArg}–${toArg}: ${(s.totalBytes / 1e6).toFixed(1)} MB`);
  for (const x of s.sites) console.log(`${(x.bytes / 1e6).toFixed(2).padStart(9)} MB  ${x.site}`);
}

const script = process.argv[1];
if (script !== undefined && import.meta.url === pathToFileURL(script).href) main(process.argv.slice(2));
