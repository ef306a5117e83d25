import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Quantity, parseQuantity, type QuantityFormat } from '../../models/api/policy/quantity.js';

/** decQuantity(mantissa, scale, format) of upstream's tests: mantissa × 10^scale. */
const dec = (m: number, scale: number, format: QuantityFormat) => {
  const nanos = scale + 9 >= 0 ? BigInt(m) * 10n ** BigInt(scale + 9) : BigInt(m) / 10n ** BigInt(-(scale + 9));
  return new Quantity(nanos, format);
};

// k8s.io/apimachinery/pkg/api/resource quantity_test.go TestQuantityString: expect, alternate spelling.
const table: Array<[Quantity, string, string]> = [
  [dec(1024 * 1024 * 1024, 0, 'BinarySI'), '1Gi', '1024Mi'],
  [dec(300 * 1024 * 1024, 0, 'BinarySI'), '300Mi', '307200Ki'],
  [dec(6 * 1024, 0, 'BinarySI'), '6Ki', ''],
  [dec(1001 * 1024 * 1024 * 1024, 0, 'BinarySI'), '1001Gi', '1025024Mi'],
  [dec(1024 * 1024 * 1024 * 1024, 0, 'BinarySI'), '1Ti', '1024Gi'],
  [dec(5, 0, 'BinarySI'), '5', '5000m'],
  [dec(500, -3, 'BinarySI'), '500m', '0.5'],
  [dec(1, 9, 'DecimalSI'), '1G', '1000M'],
  [dec(1000, 6, 'DecimalSI'), '1G', '0.001T'],
  [dec(1000000, 3, 'DecimalSI'), '1G', ''],
  [dec(1000000000, 0, 'DecimalSI'), '1G', ''],
  [dec(1, -3, 'DecimalSI'), '1m', '1000u'],
  [dec(80, -3, 'DecimalSI'), '80m', ''],
  [dec(1080, -3, 'DecimalSI'), '1080m', '1.08'],
  [dec(108, -2, 'DecimalSI'), '1080m', '1080000000n'],
  [dec(10800, -4, 'DecimalSI'), '1080m', ''],
  [dec(300, 6, 'DecimalSI'), '300M', ''],
  [dec(1, 12, 'DecimalSI'), '1T', ''],
  [dec(1234567, 6, 'DecimalSI'), '1234567M', ''],
  [dec(1234567, -3, 'BinarySI'), '1234567m', ''],
  [dec(3, 3, 'DecimalSI'), '3k', ''],
  [dec(1025, 0, 'BinarySI'), '1025', ''],
  [dec(0, 0, 'DecimalSI'), '0', ''],
  [dec(0, 0, 'BinarySI'), '0', ''],
  [dec(1, 9, 'DecimalExponent'), '1e9', '.001e12'],
  [dec(1, -3, 'DecimalExponent'), '1e-3', '0.001e0'],
  [dec(1, -9, 'DecimalExponent'), '1e-9', '1000e-12'],
  [dec(80, -3, 'DecimalExponent'), '80e-3', ''],
  [dec(300, 6, 'DecimalExponent'), '300e6', ''],
  [dec(1, 12, 'DecimalExponent'), '1e12', ''],
  [dec(1, 3, 'DecimalExponent'), '1e3', ''],
  [dec(3, 3, 'DecimalExponent'), '3e3', ''],
  [dec(3, 3, 'DecimalSI'), '3k', ''],
  [dec(0, 0, 'DecimalExponent'), '0', '00'],
  [dec(1, -9, 'DecimalSI'), '1n', ''],
  [dec(80, -9, 'DecimalSI'), '80n', ''],
  [dec(1080, -9, 'DecimalSI'), '1080n', ''],
  [dec(108, -8, 'DecimalSI'), '1080n', ''],
  [dec(10800, -10, 'DecimalSI'), '1080n', ''],
  [dec(1, -6, 'DecimalSI'), '1u', ''],
  [dec(80, -6, 'DecimalSI'), '80u', ''],
  [dec(1080, -6, 'DecimalSI'), '1080u', ''],
];

test("Quantity.toString(): upstream's TestQuantityString table, its alternates and negatives", () => {
  for (const [q, expect, alternate] of table) {
    assert.is(q.toString(), expect, `${q.nanos} ${q.format}`);
    assert.is(parseQuantity(expect).toString(), expect, `re-parse ${expect}`);
    if (alternate) assert.is(parseQuantity(alternate).toString(), expect, `alternate ${alternate}`);
    if (!q.isZero()) assert.is(new Quantity(-q.nanos, q.format).toString(), `-${expect}`);
  }
});

test("parse then print: upstream's TestQuantityParseEmit", () => {
  const cases: Array<[string, string]> = [
    ['1Ki', '1Ki'], ['1Mi', '1Mi'], ['1Gi', '1Gi'], ['1024Mi', '1Gi'], ['1000M', '1G'],
    ['.001Ki', '1024m'], ['.000001Ki', '1024u'], ['.000000001Ki', '1024n'], ['.000000000001Ki', '2n'],
  ];
  for (const [input, expect] of cases) {
    assert.is(parseQuantity(input).toString(), expect, input);
    assert.is(parseQuantity(`-${input}`).toString(), `-${expect}`, `-${input}`);
  }
});

test("NewQuantity / NewScaledQuantity spellings: upstream's TestNewSet and TestNewScaledSet", () => {
  const whole = (v: number, f: QuantityFormat) => new Quantity(BigInt(v) * 1_000_000_000n, f).toString();
  assert.is(whole(1, 'DecimalSI'), '1');
  assert.is(whole(1000, 'DecimalSI'), '1k');
  assert.is(whole(1234000, 'DecimalSI'), '1234k');
  assert.is(whole(1024, 'BinarySI'), '1Ki');
  assert.is(whole(1000000, 'DecimalExponent'), '1e6');
  assert.is(whole(1024 * 1024, 'BinarySI'), '1Mi');
  const scaled: Array<[number, number, string]> = [
    [1, -9, '1n'], [1000, -9, '1u'], [1, -6, '1u'], [1000, -6, '1m'], [1, -3, '1m'], [1000, -3, '1'], [1, 0, '1'], [0, -9, '0'], [0, 0, '0'],
  ];
  for (const [v, s, expect] of scaled) assert.is(dec(v, s, 'DecimalSI').toString(), expect, `${v}e${s}`);
  // TestMilliNewSet: milli-values in BinarySI print as DecimalSI when not whole.
  assert.is(dec(1024, -3, 'BinarySI').toString(), '1024m');
  assert.is(dec(1024 * 1024, -3, 'BinarySI').toString(), '1048576m');
  assert.is(dec(1234000, -3, 'DecimalSI').toString(), '1234');
});

test("RoundUp: upstream's TestQuantityRoundUp (away from zero, exact when nothing is lost)", () => {
  const cases: Array<[string, number, Quantity, boolean]> = [
    ['9.01', -3, dec(901, -2, 'DecimalSI'), true], ['9.01', -2, dec(901, -2, 'DecimalSI'), true],
    ['9.01', -1, dec(91, -1, 'DecimalSI'), false], ['9.01', 0, dec(10, 0, 'DecimalSI'), false],
    ['9.01', 1, dec(10, 0, 'DecimalSI'), false], ['9.01', 2, dec(100, 0, 'DecimalSI'), false],
    ['-9.01', -3, dec(-901, -2, 'DecimalSI'), true], ['-9.01', -2, dec(-901, -2, 'DecimalSI'), true],
    ['-9.01', -1, dec(-91, -1, 'DecimalSI'), false], ['-9.01', 0, dec(-10, 0, 'DecimalSI'), false],
    ['-9.01', 1, dec(-10, 0, 'DecimalSI'), false], ['-9.01', 2, dec(-100, 0, 'DecimalSI'), false],
  ];
  for (const [input, scale, expect, ok] of cases) {
    const r = parseQuantity(input).roundUp(scale);
    assert.is(r.quantity.nanos, expect.nanos, `${input} @${scale}`);
    assert.is(r.exact, ok, `${input} @${scale} exact`);
  }
});

test.run();
