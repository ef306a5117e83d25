// Sweep and merge output folders: written into only when k8sim wrote them. `run` has always
// refused a folder it did not write (reports/output-dir.ts); a sweep or merge into a user's own
// folder would overwrite their results.csv without a word.

import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SweepUsageError } from './errors.js';

/** The marker reports/output-dir.ts writes into a run's folder (sweep/ may not import reports/; a test keeps them equal). */
export const SWEEP_MARKER = '.k8sim-output';

/** `mkdir -p` one level at a time: Node's recursive mkdirSync never returns under /proc. */
function makeParents(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const m of missing.reverse()) mkdirSync(m);
}

/** What a sweep or merge folder holds; one written before the marker existed still counts as ours. */
const SWEEP_FILE = /^(sweep\.json|job\.yaml|runs(\.shard-\d+-of-\d+)?\.jsonl)$/;

/**
 * Makes `dir` (and its parents) or checks that k8sim wrote it: empty, or holding the marker or
 * files only a sweep writes. Marks it, so a later sweep or merge knows it. `flag` names the option.
 */
export function prepareSweepOut(dir: string, flag = '--out'): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new SweepUsageError(`${flag} ${dir}: exists and is not a folder`);
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes(SWEEP_MARKER) && !entries.some((f) => SWEEP_FILE.test(f))) {
      throw new SweepUsageError(`${flag} ${dir}: folder exists and was not written by k8sim; refusing to write into it (name a new or empty folder)`);
    }
  } else {
    try {
      makeParents(dir);
    } catch (e) {
      throw new SweepUsageError(`${flag} ${dir}: cannot create the folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
  }
  writeFileSync(join(dir, SWEEP_MARKER), 'written by k8sim\n');
}
