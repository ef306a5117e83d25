import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDuration, Progress } from '../../sweep/progress.js';
import { capture } from './helpers.js';

test('not a terminal: no progress output at all (a log gets the summary, not a stream of lines)', () => {
  let t = 0;
  const sink = capture(false);
  const p = new Progress({ total: 20, sink, now: () => t, label: 'sweep x' });
  for (let i = 0; i < 20; i++) {
    t += 1000;
    p.tick(i === 3);
  }
  p.finish();
  assert.is(sink.text(), '');
});

test('terminal: a line drawn by cli-progress with done/total, failures and ETA; finish ends it', () => {
  let t = 0;
  const sink = capture(true);
  const p = new Progress({ total: 4, sink, now: () => t });
  t = 1000;
  p.tick(true);
  assert.ok(sink.text().includes('sweep [######------------------] 1/4 runs (25%), 1 failed, elapsed 1s, ETA 3s'), JSON.stringify(sink.text()));
  t = 4000;
  for (let i = 0; i < 3; i++) p.tick(false);
  p.finish();
  assert.ok(sink.text().includes('sweep [########################] 4/4 runs (100%), 1 failed, elapsed 4s, ETA 0s'), JSON.stringify(sink.text()));
  assert.ok(sink.text().endsWith('\n'));
});

test('quiet: nothing, even on a terminal', () => {
  const sink = capture(true);
  const p = new Progress({ total: 2, sink, quiet: true });
  p.tick(false);
  p.finish();
  assert.is(sink.text(), '');
});

test('the ETA counts only runs done in this invocation (resume)', () => {
  let t = 0;
  const p = new Progress({ total: 10, alreadyDone: 5, sink: capture(false), now: () => t });
  assert.is(p.eta(0), '?');
  t = 2000;
  p.tick(false);
  assert.is(p.eta(t), '8s');
});

test('durations', () => {
  assert.is(formatDuration(59_400), '59s');
  assert.is(formatDuration(61_000), '1m01s');
  assert.is(formatDuration(3_720_000), '1h02m');
});

test.run();
