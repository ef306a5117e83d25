// events.csv: each Event's row is what csv-stringify writes for its cells (the number format
// CsvWriter documents), whatever repeats or changes from one event to the next — the row
// formatter keeps the last cell of the columns whose values repeat.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { EventRecorder } from '../../models/api/events.js';
import type { KObject } from '../../models/api/types.js';
import { EVENT_COLUMNS, EventLog } from '../../reports/event-records.js';
import { tempDir } from '../helpers.js';

const obj = (kind: string, namespace: string | undefined, name: string) => ({ kind, metadata: { namespace, name } }) as unknown as KObject;

test('events.csv rows equal csv-stringify rows across repeated, changing and quoted values; counts by reason', () => {
  const clock = { now: 0 };
  const rec = new EventRecorder(clock);
  const file = join(tempDir(), 'events.csv');
  const log = new EventLog(rec, file);
  const expected: (string | number)[][] = [];
  const emit = (time: number, o: KObject, type: 'Normal' | 'Warning', reason: string, message: string, source: string) => {
    clock.now = time;
    rec.emit(o, type, reason, message, source);
    expected.push([Number((time / 1000).toFixed(6)), o.metadata.namespace ?? 'default', o.kind, o.metadata.name, reason, message, type, source]);
  };
  const web = obj('Pod', 'default', 'web-1');
  emit(0, web, 'Normal', 'Scheduled', 'Successfully assigned default/web-1 to node-1', 'default-scheduler');
  emit(0, web, 'Normal', 'Pulling', 'Pulling image "nginx"', 'kubelet');
  emit(1234, web, 'Normal', 'Pulled', 'Successfully pulled image "nginx" in 1.2s (1.2s including waiting)', 'kubelet');
  // A namespace, reason and source that need quoting, twice in a row and then alternating.
  const odd = obj('Pod', 'a,b', 'x"y');
  emit(1234, odd, 'Warning', 'Bad,Reason', 'line\nbreak', 'my "source"');
  emit(1234, odd, 'Warning', 'Bad,Reason', 'again', 'my "source"');
  emit(1235, web, 'Normal', 'Started', 'Started container web', 'kubelet');
  emit(1235, odd, 'Warning', 'Bad,Reason', '', 'my "source"');
  emit(2000.5, obj('Node', undefined, 'node-1'), 'Normal', 'NodeReady', 'ok', 'kubelet');
  // Equal text in a different string object is the same cell.
  emit(2001, web, 'Normal', ['Start', 'ed'].join(''), 'Started container web', ['kube', 'let'].join(''));
  log.close();
  assert.is(readFileSync(file, 'utf8'), stringify([[...EVENT_COLUMNS], ...expected]));
  assert.is(log.total, expected.length);
  assert.is(log.count('Bad,Reason'), 3);
  assert.is(log.count('Started'), 2);
  assert.is(log.count('Nothing'), 0);
});

test('without a file the log still counts', () => {
  const rec = new EventRecorder({ now: 5 });
  const log = new EventLog(rec, undefined);
  rec.normal(obj('Pod', 'default', 'a'), 'Created', 'Created container a', 'kubelet');
  rec.warning(obj('Pod', 'default', 'a'), 'Failed', 'Error: ErrImagePull', 'kubelet');
  log.close();
  assert.is(log.total, 2);
  assert.is(log.count('Failed'), 1);
});

test.run();
