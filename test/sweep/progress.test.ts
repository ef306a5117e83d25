import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatDuration, Progress } from '../../sweep/progress.js';
import { capture } from './helpers.js';

test('non-TTY: a line per 10% or per interval of the injected clock, then a final line', () => {
  let t = 0;
  const sink = capture(false);
  const p = new Progress({ total: 20, sink, now: () => t, intervalMs: 5000, label: 'sweep x' });
  for (let i = 0; i < 20; i++) {
    t += 1000;
    p.tick(i === 3);
  }
  p.finish();
  const lines = sink.text().trim().split('\n');
  assert.is(lines.length, 10); // 2,4,…,20 are each a new decile; finish adds nothing new
  assert.is(lines[0], 'sweep x: 2/20 runs (10%), 0 failed, elapsed 2s, ETA 18s');
  assert.is(lines[9], 'sweep x: 20/20 runs (100%), 1 failed, elapsed 20s, ETA 0s');
});

test('non-TTY: slow sweeps print every interval', () => {
  let t = 0;
  const sink = capture(false);
  const p = new Progress({ total: 1000, sink, now: () => t, intervalMs: 5000 });
  for (let i = 0; i < 30; i++) {
    t += 1000;
    p.tick(false);
  }
  assert.is(sink.text().trim().split('\n').length, 6);
});

test('TTY: a redrawn bar with done/total, failures and ETA', () => {
  let t = 0;
  const sink = capture(true);
  const p = new Progress({ total: 4, sink, now: () => t });
  t = 1000;
  p.tick(true);
  assert.is(sink.text(), '\rsweep [######------------------] 1/4 runs (25%), 1 failed, elapsed 1s, ETA 3s\x1b[K');
  p.finish();
  assert.ok(sink.text().endsWith('\n'));
});

test('quiet: nothing', () => {
  const sink = capture(true);
  const p = new Progress({ total: 2, sink, quiet: true });
  p.tick(false);
  p.finish();
  assert.is(sink.text(), '');
});

test('durations', () => {
  assert.is(formatDuration(59_400), '59s');
  assert.is(formatDuration(61_000), '1m01s');
  assert.is(formatDuration(3_720_000), '1h02m');
});

test.run();
