// Reading trace files: RFC 4180 CSV lines, JSON lines, and the fixed-size chunked reader
// (a line, or a multi-byte character, cut by a chunk edge must come out whole).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitCsvLine, TraceFileError, TraceRows, formatOf } from '../../../scenarios/trace/rows.js';
import { tempDir } from '../../helpers.js';

test('splitCsvLine: plain, empty, quoted and doubled-quote fields, with their columns', () => {
  assert.equal(splitCsvLine('a,b,c'), { fields: ['a', 'b', 'c'], columns: [1, 3, 5] });
  assert.equal(splitCsvLine('a,,c,'), { fields: ['a', '', 'c', ''], columns: [1, 3, 4, 6] });
  assert.equal(splitCsvLine('"x,y",2'), { fields: ['x,y', '2'], columns: [1, 7] });
  assert.equal(splitCsvLine('"say ""hi""",3'), { fields: ['say "hi"', '3'], columns: [1, 14] });
  assert.equal(splitCsvLine(''), { fields: [''], columns: [1] });
  assert.type(splitCsvLine('"open,1'), 'string');
  assert.type(splitCsvLine('"a"b,1'), 'string');
});

test('TraceRows reads a CSV with CRLF line ends and a multi-byte character across the 64 KiB chunk edge', () => {
  const dir = tempDir();
  const file = join(dir, 't.csv');
  const pad = 'x'.repeat(65_536 - 'name,v\r\n'.length - 1);
  // The "é" (2 bytes) starts at byte 65,535: the first chunk ends inside it.
  writeFileSync(file, `name,v\r\n${pad}é,1\r\nb,2\r\n\r\nc,"3"`);
  const rows = new TraceRows(file, 'csv');
  const a = rows.next()!;
  assert.is(a.get('name'), `${pad}é`);
  assert.is(a.get('v'), '1');
  assert.is(a.line, 2);
  const b = rows.next()!;
  assert.equal([b.get('name'), b.get('v'), b.line, b.column('v')], ['b', '2', 3, 3]);
  const c = rows.next()!;
  assert.equal([c.get('name'), c.get('v'), c.line], ['c', '3', 5]);
  assert.is(rows.next(), undefined);
  assert.is(rows.hasColumn('v'), true);
  assert.is(rows.hasColumn('w'), false);
});

test('TraceRows reads JSON lines; a line that is not an object is a TraceFileError at its line', () => {
  const file = join(tempDir(), 't.jsonl');
  writeFileSync(file, '{"name":"a","cpu":2,"sel":null}\n\n{"name":"b"}\n[1]\n');
  const rows = new TraceRows(file, 'jsonl');
  const a = rows.next()!;
  assert.equal([a.get('name'), a.get('cpu'), a.get('sel'), a.get('missing')], ['a', '2', '', '']);
  assert.is(rows.next()!.line, 3);
  try {
    rows.next();
    assert.unreachable();
  } catch (e) {
    assert.instance(e, TraceFileError);
    assert.is((e as TraceFileError).line, 4);
  }
});

test('an empty CSV has no header: a TraceFileError at 1:1', () => {
  const file = join(tempDir(), 'e.csv');
  writeFileSync(file, '');
  assert.throws(() => new TraceRows(file, 'csv'), (e: unknown) => e instanceof TraceFileError && e.line === 1);
});

test('formatOf: from the extension unless given', () => {
  assert.is(formatOf('a/b.csv'), 'csv');
  assert.is(formatOf('b.JSONL'), 'jsonl');
  assert.is(formatOf('b.ndjson'), 'jsonl');
  assert.is(formatOf('b.txt'), 'csv');
  assert.is(formatOf('b.csv', 'jsonl'), 'jsonl');
});

test.run();
