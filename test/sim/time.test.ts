import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DAY, DurationError, formatDuration, HOUR, MINUTE, parseDuration, SECOND, toSeconds } from '../../sim/time.js';

const valid: Array<[string, number]> = [
  ['0', 0],
  ['0s', 0],
  ['250ms', 250],
  ['15s', 15 * SECOND],
  ['5m', 5 * MINUTE],
  ['1h30m', HOUR + 30 * MINUTE],
  ['1m30s', 90 * SECOND],
  ['2d', 2 * DAY],
  ['1.5s', 1500],
  ['.5s', 500],
  ['0.25m', 15 * SECOND],
  ['1h2m3s4ms', HOUR + 2 * MINUTE + 3 * SECOND + 4],
  ['1.0004s', 1000], // rounded to the nearest ms
  ['1.0006s', 1001],
  ['10ms', 10],
  ['3h', 3 * HOUR],
];

for (const [text, ms] of valid) {
  test(`parseDuration(${JSON.stringify(text)}) = ${ms}`, () => {
    assert.is(parseDuration(text), ms);
  });
}

const invalid = ['', '5', '5x', '-1s', '+1s', '1s2', ' 5s', '5s ', '1e3s', 's', 'ms', '1.s', '1..5s', '1 s', '5S', 'Infinitys', 'NaNs'];
for (const text of invalid) {
  test(`parseDuration(${JSON.stringify(text)}) throws DurationError`, () => {
    try {
      parseDuration(text);
    } catch (err) {
      assert.instance(err, DurationError);
      assert.instance(err, Error);
      assert.ok((err as Error).message.startsWith(`invalid duration ${JSON.stringify(text)}: expected a number`));
      return;
    }
    assert.unreachable(`"${text}" was accepted`);
  });
}

test('error message is the documented one', () => {
  assert.throws(
    () => parseDuration('5x'),
    (err: Error) =>
      err.message ===
      'invalid duration "5x": expected a number followed by a unit (ms, s, m, h, d), e.g. "250ms", "15s", "1h30m"',
  );
});

const formatted: Array<[number, string]> = [
  [0, '0s'],
  [250, '250ms'],
  [15 * SECOND, '15s'],
  [5 * MINUTE, '5m'],
  [HOUR + 30 * MINUTE, '1h30m'],
  [2 * DAY, '2d'],
  [1500, '1s500ms'],
  [DAY + 4, '1d4ms'],
  [HOUR + 2 * MINUTE + 3 * SECOND + 4, '1h2m3s4ms'],
];
for (const [ms, text] of formatted) {
  test(`formatDuration(${ms}) = ${text}`, () => {
    assert.is(formatDuration(ms), text);
    assert.is(parseDuration(text), ms);
  });
}

test('formatDuration round-trips through parseDuration', () => {
  // A deterministic spread of values, no RNG needed.
  for (let ms = 0, k = 1; ms < 10 * DAY; ms += 7919 * k++) {
    assert.is(parseDuration(formatDuration(ms)), ms);
  }
});

test('toSeconds and constants', () => {
  assert.is(toSeconds(1500), 1.5);
  assert.is(SECOND, 1000);
  assert.is(MINUTE, 60000);
  assert.is(HOUR, 3600000);
  assert.is(DAY, 86400000);
});

test.run();
