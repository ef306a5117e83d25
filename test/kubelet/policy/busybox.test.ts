import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseBusyboxScript, runBusyboxPlan } from '../../../models/kubelet/policy/busybox.js';

const fixed = (a: number) => a;

test('busybox: every Job command in the book, chapter 8', () => {
  // §8.2 say-something
  let p = parseBusyboxScript(['echo', 'Running a job'], undefined)!;
  assert.equal(runBusyboxPlan(p, fixed), { durationMs: 0, exitCode: 0 });
  // §8.4 consumer (completions 5)
  p = parseBusyboxScript(['/bin/sh', '-c'], ["echo 'consuming a message'; sleep 5"])!;
  assert.equal(p.steps, [{ status: 0, join: ';' }, { sleep: { fixed: 5 }, join: ';' }]);
  assert.equal(runBusyboxPlan(p, fixed), { durationMs: 5000, exitCode: 0 });
  // §8.4 work queue: sleep $(shuf -i 5-10 -n 1)
  p = parseBusyboxScript(['/bin/sh', '-c'], ["echo 'consuming a message'; sleep $(shuf -i 5-10 -n 1)"])!;
  assert.equal(p.steps[1], { sleep: { uniformInt: [5, 10] }, join: ';' });
  const draws: Array<[number, number]> = [];
  assert.equal(runBusyboxPlan(p, (a, b) => { draws.push([a, b]); return 7; }), { durationMs: 7000, exitCode: 0 });
  assert.equal(draws, [[5, 10]]);
  // §8.6 / §8.7 twitter-consumer
  p = parseBusyboxScript(['/bin/sh', '-c'], ["echo 'Consuming data'; sleep 1; exit 1"])!;
  assert.equal(runBusyboxPlan(p, fixed), { durationMs: 1000, exitCode: 1 });
});

test('busybox: && / || / ; semantics and command forms', () => {
  const run = (s: string) => runBusyboxPlan(parseBusyboxScript(['sh', '-c', s], undefined)!, fixed);
  assert.equal(run('false && sleep 5'), { durationMs: 0, exitCode: 1 });
  assert.equal(run('false; sleep 5'), { durationMs: 5000, exitCode: 0 });
  assert.equal(run('false || sleep 2'), { durationMs: 2000, exitCode: 0 });
  assert.equal(run('true || sleep 2'), { durationMs: 0, exitCode: 0 });
  assert.equal(run('sleep 1 && false && sleep 9 || exit 3'), { durationMs: 1000, exitCode: 3 });
  assert.equal(run('sleep 1; exit 2; sleep 9'), { durationMs: 1000, exitCode: 2 });
  assert.equal(run('false; exit'), { durationMs: 0, exitCode: 1 });
  assert.equal(run('echo "a;b && c"; sleep 0.5'), { durationMs: 500, exitCode: 0 });
  assert.equal(run('sleep 2m'), { durationMs: 120_000, exitCode: 0 });
  assert.equal(run('echo hi\nsleep 3\n'), { durationMs: 3000, exitCode: 0 });
  assert.equal(runBusyboxPlan(parseBusyboxScript(['/bin/sh'], ['-c', 'exit 4'])!, fixed), { durationMs: 0, exitCode: 4 });
  assert.equal(runBusyboxPlan(parseBusyboxScript(['sleep', '3600'], undefined)!, fixed), { durationMs: 3_600_000, exitCode: 0 });
  assert.equal(runBusyboxPlan(parseBusyboxScript(['false'], undefined)!, fixed), { durationMs: 0, exitCode: 1 });
});

test('busybox: not understood → undefined', () => {
  for (const [c, a] of [
    [undefined, undefined], [['/bin/sh', '-c'], undefined], [['perl', '-e', 'print 1'], undefined],
    [['sh', '-c', 'wget http://x'], undefined], [['sh', '-c', 'sleep 1 | cat'], undefined], [['sh', '-c', 'sleep 1 &'], undefined],
    [['sh', '-c', 'echo $(date)'], undefined], [['sh', '-c', "echo 'unterminated"], undefined], [['sh', '-c', 'true &&'], undefined],
  ] as Array<[string[] | undefined, string[] | undefined]>) {
    assert.is(parseBusyboxScript(c, a), undefined, JSON.stringify([c, a]));
  }
});

test.run();
