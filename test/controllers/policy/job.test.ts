import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  backoffDelay, updateBackoffRecord, remainingBackoff, wantActive, activeDiff, jobComplete, jobFailure,
  firstPendingIndexes, formatIndexIntervals, parseIndexIntervals, ttlExpiry, JobEvent,
} from '../../../models/controllers/policy/job.js';
import { jobDefaults } from '../../../models/api/policy/defaults.js';

test('defaults: both nil → 1/1; only parallelism → work queue; backoffLimit 6', () => {
  assert.equal(jobDefaults({}), { completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed' });
  assert.equal(jobDefaults({ parallelism: 5 }).completions, undefined); // book §8.4 work queue
  assert.equal(jobDefaults({ completions: 5 }).parallelism, 1);
  assert.is(jobDefaults({ backoffLimit: 0 }).backoffLimit, 0);
});

test('backoffDelay: 10s doubling, capped (default 10 min; 6 min per the docs/book)', () => {
  assert.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 50].map((n) => backoffDelay(n) / 1000), [0, 10, 20, 40, 80, 160, 320, 600, 600, 600]);
  assert.equal([6, 7].map((n) => backoffDelay(n, 360_000) / 1000), [320, 360]);
});

test('backoff record: failures accumulate; a success resets to the failures after it', () => {
  let r = updateBackoffRecord({ failuresAfterLastSuccess: 0 }, [], [5000, 3000]);
  assert.equal(r, { failuresAfterLastSuccess: 2, lastFailureTime: 5000 });
  r = updateBackoffRecord(r, [], [9000]);
  assert.equal(r, { failuresAfterLastSuccess: 3, lastFailureTime: 9000 });
  assert.equal(updateBackoffRecord(r, [10_000], []), { failuresAfterLastSuccess: 0 });
  assert.equal(updateBackoffRecord(r, [10_000], [8000, 12_000, 11_000]), { failuresAfterLastSuccess: 2, lastFailureTime: 12_000 });
  assert.equal(updateBackoffRecord(r, [], []), r);
});

test('remainingBackoff counts from the last failure', () => {
  const r = { failuresAfterLastSuccess: 3, lastFailureTime: 100_000 };
  assert.is(remainingBackoff(r, 100_000), 40_000);
  assert.is(remainingBackoff(r, 130_000), 10_000);
  assert.is(remainingBackoff(r, 140_000), 0);
  assert.is(remainingBackoff({ failuresAfterLastSuccess: 0 }, 0), 0);
});

test('wantActive / activeDiff / jobComplete', () => {
  assert.is(wantActive(5, 1, 2, 0), 1); // book: completions 5, one at a time
  assert.is(wantActive(5, 3, 4, 1), 1);
  assert.is(wantActive(5, 3, 6, 0), 0);
  assert.is(wantActive(undefined, 5, 0, 0), 5); // work queue: parallelism
  assert.is(wantActive(undefined, 5, 1, 3), 3); // after the first success: no new pods
  assert.is(activeDiff(5, 0), 5);
  assert.is(activeDiff(1, 3), -2);
  assert.is(activeDiff(2000, 0), 500);
  assert.is(activeDiff(3, 1, 1), 1);
  assert.ok(jobComplete(5, 5, 0));
  assert.not.ok(jobComplete(5, 5, 1));
  assert.not.ok(jobComplete(5, 4, 0));
  assert.ok(jobComplete(undefined, 1, 0));
  assert.not.ok(jobComplete(undefined, 2, 3));
});

test('failure checks: Never fails on the 7th failed pod; OnFailure on Σ restarts ≥ limit; deadline', () => {
  const base = { restartPolicy: 'Never' as const, backoffLimit: 6, failed: 6, restartsOfActivePods: 0, now: 0 };
  assert.equal(jobFailure(base), {});
  assert.equal(jobFailure({ ...base, failed: 7 }), { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
  const of = { ...base, restartPolicy: 'OnFailure' as const, failed: 0 };
  assert.equal(jobFailure({ ...of, restartsOfActivePods: 5 }), {});
  assert.is((jobFailure({ ...of, restartsOfActivePods: 6 }) as { reason: string }).reason, 'BackoffLimitExceeded');
  assert.is((jobFailure({ ...of, backoffLimit: 0, restartsOfActivePods: 1 }) as { reason: string }).reason, 'BackoffLimitExceeded');
  // Never ignores restarts (there are none in practice).
  assert.equal(jobFailure({ ...base, failed: 0, restartsOfActivePods: 99 }), {});
  // Book §8.6: backoffLimit 5, activeDeadlineSeconds 20, two restarts → DeadlineExceeded at 20 s.
  const dl = { ...of, backoffLimit: 5, restartsOfActivePods: 2, startTime: 1000, activeDeadlineSeconds: 20 };
  assert.equal(jobFailure({ ...dl, now: 20_999 }), { recheckAfterMs: 1 });
  assert.equal(jobFailure({ ...dl, now: 21_000 }), { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
  assert.equal(jobFailure({ ...dl, now: 99_000, suspended: true }), {});
  // Backoff limit is checked before the deadline.
  assert.is((jobFailure({ ...dl, restartsOfActivePods: 5, now: 99_000 }) as { reason: string }).reason, 'BackoffLimitExceeded');
});

test('events', () => {
  assert.equal(JobEvent.SuccessfulCreate('say-something-fqjfd'), { type: 'Normal', reason: 'SuccessfulCreate', message: 'Created pod: say-something-fqjfd' });
  assert.is(JobEvent.SuccessfulDelete('x').message, 'Deleted pod: x');
  assert.is(JobEvent.Completed.message, 'Job completed');
});

test('indexed: first pending indexes and completedIndexes intervals', () => {
  assert.equal(firstPendingIndexes(6, [0, 2], [1], 2), [3, 4]);
  assert.equal(firstPendingIndexes(3, [0, 1, 2], [], 5), []);
  assert.is(formatIndexIntervals([5, 0, 1, 2, 3, 3]), '0-3,5');
  assert.is(formatIndexIntervals([1, 2, 7, 9, 10]), '1-2,7,9-10');
  assert.is(formatIndexIntervals([]), '');
  assert.equal(parseIndexIntervals('0-3,5'), [0, 1, 2, 3, 5]);
  assert.equal(parseIndexIntervals('0-3,5', 3), [0, 1, 2]);
});

test('ttlSecondsAfterFinished: expire at finish + ttl', () => {
  assert.equal(ttlExpiry(30_000, 60, 60_000), { expireAt: 90_000, expired: false, remainingMs: 30_000 });
  assert.is(ttlExpiry(30_000, 60, 90_000).expired, true);
  assert.is(ttlExpiry(30_000, 0, 30_000).expired, true);
});

test.run();
