import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  parseQuantity, parseCpuMilli, parseBytes, formatCpuMilli, formatBytes, formatBytesBinarySI, formatResource, QuantityError, quantityProblem,
} from '../../models/api/policy/quantity.js';

// [input, milli, value] — value is Quantity.Value() (rounded up), milli is MilliValue().
const valid: Array<[string | number, number, number]> = [
  ['500m', 500, 1],
  ['1', 1000, 1],
  [1, 1000, 1],
  ['0.5', 500, 1],
  [0.5, 500, 1],
  ['.5', 500, 1],
  ['0', 0, 0],
  ['0.0001', 1, 1],
  ['1m', 1, 1],
  ['300Mi', 300 * 2 ** 20 * 1000, 300 * 2 ** 20],
  ['1Gi', 2 ** 30 * 1000, 2 ** 30],
  ['1.5Gi', 1.5 * 2 ** 30 * 1000, 1.5 * 2 ** 30],
  ['1G', 1e12, 1e9],
  ['1e3', 1e6, 1000],
  ['1E3', 1e6, 1000],
  ['1.5e-3', 2, 1],
  ['128974848', 128974848000, 128974848],
  ['129e6', 129e9, 129e6],
  ['1Ki', 1024000, 1024],
  ['1k', 1e6, 1000],
  ['100n', 1, 1],
  ['1u', 1, 1],
  ['-1', -1000, -1],
  ['+2', 2000, 2],
  ['-500m', -500, 0],
  [1e-7, 1, 1],
];

for (const [input, milli, value] of valid) {
  test(`parseQuantity(${JSON.stringify(input)})`, () => {
    const q = parseQuantity(input);
    assert.is(q.toMilli(), milli, 'milli');
    assert.is(q.toNumber(), value, 'value');
  });
}

const invalid: Array<[string, RegExp]> = [
  ['100Mib', /^invalid quantity "100Mib": quantities must match the regular expression/],
  ['12x', /^invalid quantity "12x": quantities must match/],
  ['', /^invalid quantity "": quantities must match/],
  ['1K', /^invalid quantity "1K": unable to parse quantity's suffix/],
  ['1e', /unable to parse quantity's suffix/],
  ['1Ki5', /unable to parse quantity's suffix/],
  ['abc', /quantities must match/],
  ['1 Gi', /quantities must match/],
];
for (const [input, re] of invalid) {
  test(`parseQuantity rejects ${JSON.stringify(input)}`, () => {
    assert.throws(() => parseQuantity(input), (e: unknown) => e instanceof QuantityError && re.test(e.message));
    assert.match(quantityProblem(input) ?? '', re);
  });
}

// quantity_test.go TestQuantityParse, "Things that saturate/round": only a BinarySI quantity is
// capped at 2^63−1 (quantity.go caps `format == BinarySI`); a decimal one stays exact.
const MAX_INT64_NANOS = 9_223_372_036_854_775_807n * 1_000_000_000n;
const saturate: Array<[string, bigint, string]> = [
  ['9Ei', MAX_INT64_NANOS, 'BinarySI'],
  ['9223372036854775807Ki', MAX_INT64_NANOS, 'BinarySI'],
  ['12E', 12n * 10n ** 18n * 1_000_000_000n, 'DecimalSI'],
  ['3.001n', 4n, 'DecimalSI'],
  ['1.1E-9', 2n, 'DecimalExponent'],
  ['0.0000000001', 1n, 'DecimalSI'],
  ['0.5e-9', 1n, 'DecimalExponent'],
  ['0.9n', 1n, 'DecimalSI'],
  ['0.00000012345', 124n, 'DecimalSI'],
];
for (const [input, nanos, format] of saturate) {
  test(`parseQuantity(${JSON.stringify(input)}) saturates/rounds as upstream`, () => {
    const q = parseQuantity(input);
    assert.is(q.nanos, nanos);
    assert.is(q.format, format);
  });
}

test('a decimal quantity past int64 is kept exact; -8Ei is capped in magnitude', () => {
  assert.is(parseQuantity('18446744073709551616').toString(), '18446744073709551616');
  assert.is(parseQuantity('1e100').nanos, 10n ** 109n);
  assert.is(parseQuantity('8Ei').toString(), '9223372036854775807');
  assert.is(parseQuantity('-8Ei').nanos, -MAX_INT64_NANOS);
});

test('format remembers how the quantity was written', () => {
  assert.is(parseQuantity('1Gi').format, 'BinarySI');
  assert.is(parseQuantity('1G').format, 'DecimalSI');
  assert.is(parseQuantity('1e9').format, 'DecimalExponent');
});

test('parseCpuMilli / parseBytes', () => {
  assert.is(parseCpuMilli('250m'), 250);
  assert.is(parseCpuMilli(2), 2000);
  assert.is(parseBytes('64Mi'), 67108864);
  assert.is(parseBytes('1m'), 1);
});

test('formatCpuMilli', () => {
  assert.is(formatCpuMilli(500), '500m');
  assert.is(formatCpuMilli(2000), '2');
  assert.is(formatCpuMilli(1500), '1500m');
  assert.is(formatCpuMilli(0), '0');
});

test('formatBytes', () => {
  assert.is(formatBytes(300 * 2 ** 20), '300Mi');
  assert.is(formatBytes(2 ** 30), '1Gi');
  assert.is(formatBytes(1e9), '1G');
  assert.is(formatBytes(128974849), '128974849');
  assert.is(formatBytes(128974848), '123Mi');
  assert.is(formatBytes(0), '0');
  assert.is(formatBytes(1500), '1500');
});

test('formatBytesBinarySI differs from formatBytes only off the 1024 grid (NewQuantity(x, BinarySI))', () => {
  assert.is(formatBytesBinarySI(1e9), '1000000000');
  assert.is(formatBytes(1e9), '1G');
  for (const b of [0, 512, 1000, 1024, 300 * 2 ** 20, 2 ** 30, -(2 ** 20)]) assert.is(formatBytesBinarySI(b), formatBytes(b), String(b));
  assert.is(formatResource('requests.memory', 2 ** 30), '1Gi');
  assert.is(formatResource('limits.cpu', 2500), '2500m');
  assert.is(formatResource('pods', 10), '10');
});

test.run();
