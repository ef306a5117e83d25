// `k8sim report DIR`: which kind of output folder DIR is (a run's, a sweep's), its page built
// from the folder's files, written as DIR/report.html (temp file + rename: never half-written).
// A report.html that k8sim did not write is never replaced.

import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReportInputError } from './input-error.js';
import { GENERATOR, renderPage } from './page-html.js';
import { loadRunData } from './run-data.js';
import { runPage } from './run-page.js';
import { loadSweepData } from './sweep-data.js';
import { sweepPage } from './sweep-page.js';

export const REPORT_FILE = 'report.html';

export type ReportKind = 'run' | 'sweep';

export function reportKind(dir: string): ReportKind {
  if (!existsSync(dir)) throw new ReportInputError(`${dir}: no such folder`);
  if (!statSync(dir).isDirectory()) throw new ReportInputError(`${dir}: not a folder (give the --out folder of a run or a sweep)`);
  if (existsSync(join(dir, 'sweep.json'))) return 'sweep';
  if (existsSync(join(dir, 'summary.csv'))) return 'run';
  throw new ReportInputError(`${dir}: not a k8sim output folder (no summary.csv of a run, no sweep.json of a sweep)`);
}

/** The report's HTML for an output folder. */
export async function buildReport(dir: string): Promise<{ kind: ReportKind; html: string }> {
  const kind = reportKind(dir);
  const page = kind === 'run' ? runPage(await loadRunData(dir)) : sweepPage(await loadSweepData(dir));
  return { kind, html: renderPage(page) };
}

/** Writes DIR/report.html; returns its path. */
export async function writeReport(dir: string): Promise<string> {
  const { html } = await buildReport(dir);
  const file = join(dir, REPORT_FILE);
  if (existsSync(file) && !readFileSync(file, 'utf8').includes(`<meta name="generator" content="${GENERATOR}">`))
    throw new ReportInputError(`${file}: exists and was not written by k8sim; refusing to replace it`);
  const tmp = join(dir, `.${REPORT_FILE}.k8sim-tmp-${process.pid}`);
  writeFileSync(tmp, html);
  renameSync(tmp, file);
  return file;
}
