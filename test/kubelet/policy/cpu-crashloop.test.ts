import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { shareCpu, cfsThrottling } from '../../../models/kubelet/policy/cpu-sharing.js';
import { milliCpuToShares } from '../../../models/kubelet/policy/cgroups.js';
import {
  nextRestartDelay, restartEligibleAt, podPhase, formatGoDuration, crashLoopMessage, DEFAULT_CRASHLOOP_BACKOFF,
} from '../../../models/kubelet/policy/crashloop.js';
import { backoffExpired, isInBackOffSince, nextBackoff, type BackoffEntry } from '../../../models/api/policy/flowcontrol-backoff.js';
import type { ContainerState } from '../../../models/api/types.js';

const close = (a: number[], b: number[]) => {
  assert.is(a.length, b.length);
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]!) < 1e-9, `[${i}] ${x} vs ${b[i]}`));
};

test('shareCpu: not saturated → everyone gets min(demand, limit)', () => {
  close(shareCpu(4000, [{ demandMilli: 500, shares: 102 }, { demandMilli: 3000, shares: 1024, limitMilli: 1000 }]), [500, 1000]);
});

test('shareCpu: saturated, equal shares → equal split', () => {
  close(shareCpu(2000, [{ demandMilli: 2000, shares: 1024 }, { demandMilli: 2000, shares: 1024 }]), [1000, 1000]);
});

test('shareCpu: saturated, shares 1:3 → 1:3 split', () => {
  close(shareCpu(2000, [{ demandMilli: 4000, shares: milliCpuToShares(250) }, { demandMilli: 4000, shares: milliCpuToShares(750) }]), [500, 1500]);
});

test('shareCpu: a light container releases its share to the hungry ones (water-filling)', () => {
  // 3 equal shares of 3000m = 1000m each; A needs 300m, the 700m left splits between B and C.
  close(shareCpu(3000, [
    { demandMilli: 300, shares: 1024 }, { demandMilli: 5000, shares: 1024 }, { demandMilli: 5000, shares: 1024 },
  ]), [300, 1350, 1350]);
});

test('shareCpu: a limit caps and the excess is redistributed by shares', () => {
  // B is capped at 500m by its quota; A and C share the remaining 3500m in ratio 1:2.
  close(shareCpu(4000, [
    { demandMilli: 9000, shares: 1024 }, { demandMilli: 9000, shares: 4096, limitMilli: 500 }, { demandMilli: 9000, shares: 2048 },
  ]), [3500 / 3, 500, 7000 / 3]);
});

test('shareCpu: BestEffort (2 shares) gets almost nothing against a 1-core request', () => {
  const u = shareCpu(1000, [{ demandMilli: 1000, shares: 2 }, { demandMilli: 1000, shares: 1024 }]);
  close(u, [1000 * 2 / 1026, 1000 * 1024 / 1026]);
});

test('shareCpu: sum equals capacity when saturated, idle and zero-demand containers get 0', () => {
  const claims = Array.from({ length: 300 }, (_, i) => ({ demandMilli: (i * 37) % 900, shares: 2 + ((i * 101) % 2000), limitMilli: i % 3 === 0 ? 400 : undefined }));
  const u = shareCpu(16000, claims);
  const sum = u.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - 16000) < 1e-6, `sum ${sum}`);
  u.forEach((x, i) => {
    const cl = claims[i]!;
    assert.ok(x <= cl.demandMilli + 1e-9 && x <= (cl.limitMilli ?? Infinity) + 1e-9 && x >= 0);
  });
  assert.is(u[0], 0);
  assert.equal(shareCpu(0, claims).every((x) => x === 0), true);
  assert.equal(shareCpu(1000, []), []);
});

test('cfsThrottling: under the limit → periods only', () => {
  assert.equal(cfsThrottling({ demandMilli: 400, limitMilli: 500, startMs: 0, endMs: 1000 }),
    { periods: 10, throttledPeriods: 0, throttledTimeMs: 0, deniedCpuMs: 0 });
  assert.equal(cfsThrottling({ demandMilli: 400, startMs: 0, endMs: 1000 }).throttledPeriods, 0);
  assert.equal(cfsThrottling({ demandMilli: 0, limitMilli: 500, startMs: 0, endMs: 1000 }).periods, 0);
});

test('cfsThrottling: steady demand 2 cores vs 500m limit → all periods throttled 75 ms each', () => {
  const s = cfsThrottling({ demandMilli: 2000, limitMilli: 500, startMs: 0, endMs: 1000 });
  assert.equal(s, { periods: 10, throttledPeriods: 10, throttledTimeMs: 750, deniedCpuMs: 1500 });
});

test('cfsThrottling: period boundaries aligned to t=0 so split intervals add up', () => {
  const a = cfsThrottling({ demandMilli: 1000, limitMilli: 500, startMs: 0, endMs: 250 });
  const b = cfsThrottling({ demandMilli: 1000, limitMilli: 500, startMs: 250, endMs: 1000 });
  assert.is(a.periods, 3); // boundaries 0, 100, 200
  assert.is(b.periods, 7);
  assert.is(a.throttledTimeMs + b.throttledTimeMs, 500);
});

// --- CrashLoopBackOff -------------------------------------------------------------------

/** Simulates a container that runs `uptimes[i]` ms each time; returns restart delays (s). */
function simulate(uptimesMs: number[]): number[] {
  let entry: BackoffEntry | undefined;
  let t = 0;
  const delays: number[] = [];
  for (const up of uptimesMs) {
    const exit = t + up;
    const d = nextRestartDelay(entry, exit, exit);
    const restartAt = exit + d;
    const max = DEFAULT_CRASHLOOP_BACKOFF.maxMs;
    assert.is(isInBackOffSince(entry, exit, restartAt, max), false);
    if (d > 0) assert.is(isInBackOffSince(entry, exit, restartAt - 1, max), true);
    entry = nextBackoff(entry, exit, restartAt, DEFAULT_CRASHLOOP_BACKOFF);
    delays.push(d / 1000);
    t = restartAt;
  }
  return delays;
}

test('CrashLoop: crash every 1 s → 0, 10, 20, 40, 80, 160, 300, 300', () => {
  assert.equal(simulate(Array(8).fill(1000)), [0, 10, 20, 40, 80, 160, 300, 300]);
});

test('CrashLoop: ran 11 minutes then crashed → immediate, next wait 10 s', () => {
  assert.equal(simulate([1000, 1000, 1000, 11 * 60_000, 1000, 1000]), [0, 10, 20, 0, 10, 20]);
});

test('CrashLoop: exactly 10 minutes after the last decision is not yet a reset (strict >)', () => {
  // restart decision at t=1s (first crash); next exit exactly 600 s later → still backing off 10 s
  assert.equal(simulate([1000, 600_000]), [0, 10]);
  assert.equal(simulate([1000, 600_001]), [0, 0]);
});

test('CrashLoop: delay is measured from the exit, later checks wait less', () => {
  const e: BackoffEntry = { backoffMs: 40_000, lastUpdateMs: 100_000 };
  assert.is(restartEligibleAt(e, 101_000), 141_000);
  assert.is(nextRestartDelay(e, 101_000, 130_000), 11_000);
  assert.is(nextRestartDelay(e, 101_000, 150_000), 0);
  assert.equal(DEFAULT_CRASHLOOP_BACKOFF, { initialMs: 10_000, maxMs: 300_000 });
  // an exit more than 2 × max after the last decision restarts at once
  assert.is(restartEligibleAt(e, 700_001), 700_001);
  assert.is(restartEligibleAt(e, 700_000), 740_000);
  assert.ok(backoffExpired(e, 700_001, DEFAULT_CRASHLOOP_BACKOFF.maxMs));
});

test('formatGoDuration / crashLoopMessage', () => {
  assert.is(formatGoDuration(10_000), '10s');
  assert.is(formatGoDuration(80_000), '1m20s');
  assert.is(formatGoDuration(160_000), '2m40s');
  assert.is(formatGoDuration(300_000), '5m0s');
  assert.is(formatGoDuration(1500), '1.5s');
  assert.is(crashLoopMessage(20_000, 'app', 'web-1', 'default', 'u1'),
    'back-off 20s restarting failed container=app pod=web-1_default(u1)');
});

// --- getPhase -----------------------------------------------------------------------------

const running: ContainerState = { running: { startedAt: 0 } };
const ok: ContainerState = { terminated: { exitCode: 0, reason: 'Completed', finishedAt: 1 } };
const err: ContainerState = { terminated: { exitCode: 1, reason: 'Error', finishedAt: 1 } };
const waitingFresh: ContainerState = { waiting: { reason: 'ContainerCreating' } };
const crashLoop: ContainerState = { waiting: { reason: 'CrashLoopBackOff' } };
const st = (name: string, state: ContainerState, lastState: ContainerState = {}, started = false) => ({ name, state, lastState, started });
const A = [{ name: 'a' }];
const AB = [{ name: 'a' }, { name: 'b' }];

test('podPhase: regular containers (getPhase table)', () => {
  const cases: Array<[string, 'Always' | 'OnFailure' | 'Never', ReturnType<typeof st>[], string]> = [
    ['all running', 'Always', [st('a', running), st('b', running)], 'Running'],
    ['one waiting fresh', 'Always', [st('a', running), st('b', waitingFresh)], 'Pending'],
    ['no status yet', 'Always', [st('a', running)], 'Pending'],
    ['one running, one exited ok', 'Never', [st('a', running), st('b', ok)], 'Running'],
    ['all exited, Always → restarting', 'Always', [st('a', ok), st('b', err)], 'Running'],
    ['all succeeded, OnFailure', 'OnFailure', [st('a', ok), st('b', ok)], 'Succeeded'],
    ['all succeeded, Always → still Running', 'Always', [st('a', ok), st('b', ok)], 'Running'],
    ['one failed, Never', 'Never', [st('a', ok), st('b', err)], 'Failed'],
    ['one failed, OnFailure → restarting', 'OnFailure', [st('a', ok), st('b', err)], 'Running'],
    ['crash loop waiting with last termination counts as stopped', 'Always', [st('a', crashLoop, err), st('b', crashLoop, err)], 'Running'],
    ['crash loop waiting, Never, failed', 'Never', [st('a', crashLoop, err), st('b', ok)], 'Failed'],
  ];
  for (const [name, rp, statuses, want] of cases) assert.is(podPhase(rp, AB, statuses), want, name);
});

test('podPhase: terminal pod ignores restartPolicy', () => {
  assert.is(podPhase('Always', AB, [st('a', ok), st('b', ok)], [], [], { podIsTerminal: true }), 'Succeeded');
  assert.is(podPhase('Always', AB, [st('a', ok), st('b', err)], [], [], { podIsTerminal: true }), 'Failed');
});

test('podPhase: init containers', () => {
  const I = [{ name: 'init' }];
  assert.is(podPhase('Always', A, [], I, [st('init', running)]), 'Pending');
  assert.is(podPhase('Always', A, [], I, []), 'Pending');
  assert.is(podPhase('Never', A, [], I, [st('init', err)]), 'Failed');
  assert.is(podPhase('Always', A, [], I, [st('init', err)]), 'Pending'); // will be retried
  assert.is(podPhase('OnFailure', A, [], I, [st('init', crashLoop, err)]), 'Pending');
  assert.is(podPhase('Never', A, [], I, [st('init', crashLoop, err)]), 'Failed');
  assert.is(podPhase('Always', A, [st('a', running)], I, [st('init', ok)]), 'Running');
});

test('podPhase: sidecars (restartable init containers)', () => {
  const S = [{ name: 'side', sidecar: true }];
  // sidecar running but not started yet → Pending until the pod has initialized
  assert.is(podPhase('Always', A, [], S, [st('side', running, {}, false)]), 'Pending');
  assert.is(podPhase('Always', A, [st('a', running)], S, [st('side', running, {}, true)]), 'Running');
  // main container done, sidecar still running: Never + success → running>0 → Running
  assert.is(podPhase('Never', A, [st('a', ok)], S, [st('side', running, {}, true)]), 'Running');
  // sidecar terminated is ignored
  assert.is(podPhase('Never', A, [st('a', ok)], S, [st('side', err)]), 'Succeeded');
});

test.run();
