/** A benchmark module: run.ts lists these and runs those whose name matches the filter. */
export interface Bench {
  readonly name: string;
  readonly description: string;
  /** `args`: the command-line words after the bench filter (`npm run bench -- scale --nodes 500`). */
  run(args?: readonly string[]): Promise<void>;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Repetitions per measurement, overridable with BENCH_RUNS (at least 5 for published figures). */
export function runsFromEnv(defaultRuns = 5): number {
  const n = Number(process.env['BENCH_RUNS'] ?? defaultRuns);
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_RUNS must be a positive integer, got ${process.env['BENCH_RUNS']}`);
  return n;
}

/** Formats 1234567 as "1.23M". */
export function si(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(1)}k`;
  return x.toFixed(0);
}

/** Prints rows as a Markdown table, ready to paste into bench/README.md. */
export function printTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  console.log(line(header));
  console.log(line(header.map(() => '---')));
  for (const row of rows) console.log(line(row));
}
