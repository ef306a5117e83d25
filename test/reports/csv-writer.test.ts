// The hand-written cell formatters must write exactly what csv-stringify (the reference; it
// wrote every row before, and still writes headers and summary.csv) writes for the same
// values after the normalisation CsvWriter has always applied.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CsvWriter, csvNumber, csvText, type Cell } from '../../reports/csv-writer.js';
import { tempDir } from '../helpers.js';

const TEXTS = [
  '', 'a', 'default/web', 'default/Deployment/web', 'cpu_used_m', 'with space', 'a,b', ',', '"', 'say "hi"', '""',
  'line\nbreak', 'cr\rhere', 'crlf\r\n', 'ünïcødé', '日本', 'tab\there', "'quote'", '-1', '=SUM(A1)', ' lead', 'trail ',
  'a,"b"\n', '\\', '0', 'null',
];

const NUMBERS = [
  0, -0, 1, -1, 42, 1e21, 1e-7, 0.1, 0.1 + 0.2, 1 / 3, -2 / 3, 123.456789, 1234567.0000004, 2.5e-6, 5e-7, 0.0000015,
  Number.MAX_SAFE_INTEGER, 2 ** 60, 1.5, 300.001, 12.3456785, NaN, Infinity, -Infinity, 3600, 59.999,
];

/** The normalisation CsvWriter applied before csv-stringify (the documented number format). */
function normalize(v: Cell): Cell {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    return Number.isInteger(v) ? v : Number(v.toFixed(6));
  }
  return v;
}

/** What csv-stringify writes for these rows after normalising. */
const reference = (rows: Cell[][]): string => stringify(rows.map((r) => r.map(normalize)));

test('csvText quotes and escapes as csv-stringify does', () => {
  for (const s of TEXTS) assert.is(csvText(s), stringify([[s]]).slice(0, -1), JSON.stringify(s));
});

test('csvNumber prints as CsvWriter.write does (≤ 6 decimals, empty when not finite)', () => {
  for (const v of NUMBERS) assert.is(`${csvNumber(v)}\n`, reference([[v]]), String(v));
});

test('seeded random cells: formatter rows equal csv-stringify rows', () => {
  let x = 12345;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const alphabet = ['a', 'b', ',', '"', '\n', '\r', ' ', 'é', '/', '-', '.', '0'];
  for (let i = 0; i < 500; i++) {
    const len = Math.floor(rnd() * 6);
    let s = '';
    for (let j = 0; j < len; j++) s += alphabet[Math.floor(rnd() * alphabet.length)];
    const v = (rnd() - 0.5) * 10 ** Math.floor(rnd() * 12 - 4);
    const mine = `${csvText(s)},${csvNumber(v)}\n`;
    assert.is(mine, reference([[s, v]]), JSON.stringify([s, v]));
  }
});

test('CsvWriter.write: a file of mixed rows (text, numbers, missing, booleans) equals csv-stringify\'s', () => {
  let x = 777;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const cells: Cell[] = [...TEXTS, ...NUMBERS, undefined, null, true, false, 'Killing', 'Container web failed liveness probe, will be restarted'];
  const rows: Cell[][] = [];
  for (let i = 0; i < 3000; i++) rows.push(Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => pick(cells)));
  const file = join(tempDir(), 'rows.csv');
  const w = new CsvWriter(file, ['a', 'b,c', 'd']);
  for (const r of rows) w.write(r);
  w.close();
  assert.is(readFileSync(file, 'utf8'), stringify([['a', 'b,c', 'd']]) + reference(rows));
  assert.is(w.rowCount, rows.length);
});

test('rows written and lines written keep their order in the file', () => {
  const file = join(tempDir(), 'mixed.csv');
  const w = new CsvWriter(file, ['a', 'b']);
  w.write(['x,1', 2]);
  w.writeLine('line,1\n');
  w.writeLine('line,2\n');
  w.write(['y', 0.5]);
  for (let i = 0; i < 5000; i++) w.writeLine(`${i},${'z'.repeat(30)}\n`); // past the flush threshold
  w.write(['last', undefined]);
  w.close();
  const lines = readFileSync(file, 'utf8').split('\n');
  assert.equal(lines.slice(0, 5), ['a,b', '"x,1",2', 'line,1', 'line,2', 'y,0.5']);
  assert.is(lines[5], `0,${'z'.repeat(30)}`);
  assert.is(lines[5004], `4999,${'z'.repeat(30)}`);
  assert.is(lines[5005], 'last,');
  assert.is(lines.length, 5007);
  assert.is(w.rowCount, 5005);
});

test('a small buffer: rows across many flushes, multi-byte text and a row larger than the buffer stay whole and in order', () => {
  const file = join(tempDir(), 'small-buffer.csv');
  const w = new CsvWriter(file, ['a', 'b'], 64);
  const expected: string[] = ['a,b'];
  for (let i = 0; i < 300; i++) {
    // é (2 bytes), 日 (3 bytes) and 😀 (a surrogate pair, 4 bytes) near the buffer's end.
    const cell = i % 7 === 0 ? `${'日'.repeat(i % 13)}é😀` : 'x'.repeat(i % 23);
    w.write([cell, i]);
    expected.push(`${cell},${i}`);
  }
  const big = 'y'.repeat(500);
  w.writeLine(`${big},-1\n`);
  expected.push(`${big},-1`);
  w.write(['after', 1]);
  expected.push('after,1');
  w.close();
  assert.is(readFileSync(file, 'utf8'), `${expected.join('\n')}\n`);
  assert.is(w.rowCount, 302);
});

test('write after close is an error', () => {
  const w = new CsvWriter(join(tempDir(), 'closed.csv'), ['a']);
  w.close();
  assert.throws(() => w.writeLine('x\n'), /write after close/);
});

test.run();
