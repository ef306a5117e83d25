// The run's progress line (cli/run-progress.ts over reports/progress-bar.ts, cli-progress) and
// its last console line (finalLine): drawn only on a terminal, stepping by virtual minutes
// changes no output, and the last line says when pods were left stuck or warnings printed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { runFiles } from '../../runner/simulate.js';
import { finalLine } from '../../reports/summary.js';
import { runProgress, runProgressText } from '../../cli/run-progress.js';
import { packageRoot } from '../helpers.js';

const example = join(packageRoot(), 'scenarios', 'examples', 'ch7-node-failure.yaml');

test('progress callbacks every virtual minute; the run is the same as without them', () => {
  const seen: number[] = [];
  const a = runFiles([example], { seed: 42, onProgress: (t, _events, duration) => { seen.push(t); assert.is(duration, 720_000); } });
  const b = runFiles([example], { seed: 42 });
  assert.equal(a.summary, b.summary);
  assert.is(seen.length, 12);
  assert.is(seen[11], 720_000);
});

test('the progress text: virtual time of the length, events/s, ETA', () => {
  assert.is(runProgressText(3_600_000, 86_400_000, 50_000, 2000), '1h/1d virtual, 25,000 events/s, ETA 46s');
});

test('progress line: nothing unless a terminal, nothing with --quiet, nothing in the first second', () => {
  const chunks: string[] = [];
  const pipe = { write: (s: string) => chunks.push(s), isTTY: false };
  assert.is(runProgress(pipe, false), undefined);
  const tty = { write: (s: string) => chunks.push(s), isTTY: true };
  assert.is(runProgress(tty, true), undefined);
  let now = 0;
  const p = runProgress(tty, false, () => now)!;
  p.update(60_000, 100, 600_000);
  assert.equal(chunks, []);
  now = 1500;
  p.update(120_000, 1500, 600_000);
  p.stop();
  const text = chunks.join('');
  assert.match(text, /run \[#####-------------------\] 2m\/10m virtual, 1,000 events\/s, ETA 6s/);
  assert.ok(text.endsWith('\n'));
});

test('last line: stuck pods, unfinished rollouts and warnings are said; otherwise all clear', () => {
  assert.is(finalLine({ pods_unscheduled: 0, pods_pending: 0 }, 0), 'k8sim: finished: no pods stuck, no warnings');
  assert.is(
    finalLine({ pods_unscheduled: 2, pods_pending: 3, rollouts_unfinished: 1 }, 1),
    'k8sim: finished with 2 pods never scheduled (Pending, no node), 1 pod bound but not started (Pending), 1 rollout unfinished, 1 warning (on stderr)',
  );
});

test.run();
