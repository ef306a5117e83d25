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

test('huge values are capped at int64 max like upstream', () => {
  assert.is(parseQuantity('1e100').nanos, 9_223_372_036_854_775_807n * 1_000_000_000n);
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
