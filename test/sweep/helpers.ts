// Shared helpers for the sweep tests (compiled to dist/test/sweep; fixtures are read from the source tree).

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextSink } from '../../sweep/progress.js';
import { tempDir as sharedTempDir } from '../helpers.js';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const fixtures = join(repoRoot, 'test', 'fixtures', 'sweep');
export const fakeWorker = join(repoRoot, 'dist', 'sweep', 'testing', 'fake-worker.js');

export function fixture(name: string): string {
  return join(fixtures, name);
}

/** A fresh temp folder, removed when the test process exits (../helpers.ts). */
export function tempDir(prefix = 'k8sim-sweep-'): string {
  return sharedTempDir(prefix);
}

/**
 * Writes the fixture scenario (with the fake runner's ConfigMap data set to `fake`, as strings)
 * and a sweep file into `dir`.
 */
export function writeCase(dir: string, sweepSpec: string, fake: Record<string, string | number> = {}): string {
  mkdirSync(dir, { recursive: true });
  const scenario = readFileSync(fixture('scenario.yaml'), 'utf8');
  const head = scenario.slice(0, scenario.indexOf('apiVersion: v1\nkind: ConfigMap'));
  const data = Object.fromEntries(Object.entries({ mode: 'ok', delayMs: 0, events: 1000, ...fake }).map(([k, v]) => [k, String(v)]));
  const fakeDoc = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fake-runner\ndata: ${JSON.stringify(data)}\n`;
  writeFileSync(join(dir, 'scenario.yaml'), head + fakeDoc);
  const file = join(dir, 'sweep.yaml');
  writeFileSync(file, `apiVersion: k8sim/v1\nkind: Sweep\nmetadata:\n  name: t\nspec:\n  scenario: scenario.yaml\n${sweepSpec}`);
  return file;
}

export interface Captured extends TextSink {
  text: () => string;
}

export function capture(isTTY = false): Captured {
  const chunks: string[] = [];
  return { write: (s: string) => chunks.push(s), isTTY, text: () => chunks.join('') };
}

export function read(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

export function journalRuns(dir: string, file = 'runs.jsonl'): { index: number; status: string; error: string }[] {
  return read(dir, file)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { type: string; index: number; status: string; error: string })
    .filter((r) => r.type === 'run');
}
