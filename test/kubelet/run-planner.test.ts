// planRun: the busybox interpreter for commands it reads, the Behavior run model, else a run
// until stopped — or DEFAULT_UNREAD_RUN_MS for a run-to-completion container nobody could read.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../sim/index.js';
import { DEFAULT_UNREAD_RUN_MS, planRun } from '../../models/kubelet/run-planner.js';
import type { ContainerBehavior } from '../../models/kubelet/behavior.js';
import type { Container, Pod } from '../../models/api/types.js';

const behavior = (run?: ContainerBehavior['run']) => ({ run }) as unknown as ContainerBehavior;
const pod = (restartPolicy: string, containers: Container[]) => ({ spec: { restartPolicy, containers } }) as unknown as Pod;

test('no command and no run model: runs until stopped, draws nothing', () => {
  const c = { name: 'web', image: 'nginx' } as Container;
  const rng = new Rng('7');
  const before = new Rng('7').next();
  const o = planRun(pod('Always', [c]), c, behavior(), rng);
  assert.is(o.durationMs, undefined);
  assert.is(o.exitCode, 0);
  assert.is(o.defaulted, undefined);
  assert.is(rng.next(), before);
});

test('a command nobody reads: a Job container runs the default and is flagged; a server runs until stopped', () => {
  const c = { name: 'w', image: 'x', command: ['python', 'worker.py;', 'x'] } as unknown as Container;
  const job = planRun(pod('OnFailure', [c]), c, behavior(), new Rng('1'));
  assert.equal({ ...job }, { durationMs: DEFAULT_UNREAD_RUN_MS, exitCode: 0, defaulted: true });
  const server = planRun(pod('Always', [c]), c, behavior(), new Rng('1'));
  assert.is(server.durationMs, undefined);
  assert.is(server.defaulted, undefined);
});

test('busybox commands are interpreted; a run model is drawn', () => {
  const sleeper = { name: 's', image: 'busybox', command: ['/bin/sh', '-c'], args: ['sleep 5; exit 3'] } as unknown as Container;
  const o = planRun(pod('Never', [sleeper]), sleeper, behavior(), new Rng('1'));
  assert.equal({ ...o }, { durationMs: 5000, exitCode: 3, ignoresSigterm: true });
  const c = { name: 'r', image: 'x' } as Container;
  const r = planRun(pod('Never', [c]), c, behavior({ duration: { constant: 1234 }, exitCode: 2 } as ContainerBehavior['run']), new Rng('1'));
  assert.equal({ ...r }, { durationMs: 1234, exitCode: 2 });
});

test.run();
