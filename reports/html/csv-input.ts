// Reading k8sim's CSVs back, row by row (streamed: a large run's timeseries.csv is hundreds of
// megabytes). Parsed by csv-parse, the sibling of the csv-stringify that wrote them, so quoting
// (multi-line kubectl output in timeline.csv) reads back exactly.

import { createReadStream, existsSync } from 'node:fs';
import { CsvError, parse } from 'csv-parse';
import { inputError, ReportInputError } from './input-error.js';

/** One data row: cell text by column name, and where it came from for error messages. */
export interface CsvRow {
  readonly cells: readonly string[];
  readonly line: number;
  /** The text of a column ('' when the row is short). */
  get(column: string): string;
  /** A number cell; `undefined` when empty; an error naming file:line:col otherwise. */
  num(column: string): number | undefined;
}

export interface CsvTable {
  readonly file: string;
  readonly columns: readonly string[];
}

/**
 * Calls `onRow` for every data row of `file`. `required` columns must be in the header.
 * A missing file is an error unless `optional` (then nothing is called and false is returned).
 */
export async function readCsv(
  file: string,
  required: readonly string[],
  onRow: (row: CsvRow, table: CsvTable) => void,
  optional = false,
): Promise<boolean> {
  if (!existsSync(file)) {
    if (optional) return false;
    throw new ReportInputError(`${file}: missing (a k8sim output folder has it)`);
  }
  const parser = createReadStream(file).pipe(parse({ info: true, relax_column_count: true, bom: true }));
  let table: CsvTable | undefined;
  let index = new Map<string, number>();
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!table) {
        table = { file, columns: record };
        index = new Map(record.map((c, i) => [c, i]));
        for (const c of required) if (!index.has(c)) throw inputError(file, 1, 1, c, `column missing from the header (${record.join(',')})`);
        continue;
      }
      onRow(makeRow(file, record, info.lines, index), table);
    }
  } catch (e) {
    if (e instanceof ReportInputError) throw e;
    if (e instanceof CsvError) {
      const at = e as CsvError & { lines?: number; column?: number | string };
      throw inputError(file, at.lines ?? 1, 1, typeof at.column === 'number' ? `column ${at.column + 1}` : 'csv', e.message);
    }
    throw e;
  } finally {
    parser.destroy();
  }
  if (!table) throw inputError(file, 1, 1, 'header', 'empty file (no header row)');
  return true;
}

function makeRow(file: string, cells: string[], line: number, index: Map<string, number>): CsvRow {
  const get = (column: string): string => {
    const i = index.get(column);
    return i === undefined ? '' : (cells[i] ?? '');
  };
  return {
    cells,
    line,
    get,
    num(column) {
      const text = get(column);
      if (text === '') return undefined;
      const v = Number(text);
      if (!Number.isFinite(v)) throw inputError(file, line, charColumn(cells, index.get(column)!), column, `not a number: "${text}"`);
      return v;
    },
  };
}

/** 1-based character column of cell i (exact for unquoted cells, which numbers always are). */
function charColumn(cells: readonly string[], i: number): number {
  let col = 1;
  for (let j = 0; j < i; j++) col += cells[j]!.length + 1;
  return col;
}
