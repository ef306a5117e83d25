// Trace cells to numbers: time units, CPU (cores as a Kubernetes quantity, or millicores),
// memory (a quantity, or a number of Ki/Mi/Gi), whole counts.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countCell, cpuCell, memoryCell, timeCell } from '../../../scenarios/trace/cells.js';

test('timeCell: seconds, milliseconds, minutes, hours; decimals round to the millisecond', () => {
  assert.is(timeCell('12', 's'), 12_000);
  assert.is(timeCell('1.2345', 's'), 1235);
  assert.is(timeCell('250', 'ms'), 250);
  assert.is(timeCell('1.5', 'h'), 5_400_000);
  assert.is(timeCell('2', 'm'), 120_000);
  assert.type(timeCell('NaN', 's'), 'string');
  assert.type(timeCell('12s', 's'), 'string');
});

test('cpuCell: cores as quantities, millicores as numbers (rounded up)', () => {
  assert.is(cpuCell('2', 'cores'), 2000);
  assert.is(cpuCell('500m', 'cores'), 500);
  assert.is(cpuCell('0.25', 'cores'), 250);
  assert.is(cpuCell('12000', 'm'), 12000);
  assert.is(cpuCell('0.5', 'm'), 1);
  assert.type(cpuCell('-1', 'm'), 'string');
  assert.type(cpuCell('two', 'cores'), 'string');
});

test('memoryCell: quantities, or Ki/Mi/Gi numbers', () => {
  assert.is(memoryCell('1Gi', 'bytes'), 1024 ** 3);
  assert.is(memoryCell('1G', 'bytes'), 1e9);
  assert.is(memoryCell('16384', 'Mi'), 16 * 1024 ** 3);
  assert.is(memoryCell('0.5', 'Gi'), 512 * 1024 ** 2);
  assert.type(memoryCell('x', 'Mi'), 'string');
});

test('countCell: whole non-negative numbers only', () => {
  assert.is(countCell('8'), 8);
  assert.is(countCell('0'), 0);
  assert.type(countCell('1.5'), 'string');
  assert.type(countCell('-2'), 'string');
});

test('objectName: trace identifiers become object names', async () => {
  const { objectName } = await import('../../../scenarios/trace/cells.js');
  assert.is(objectName('instance_7280'), 'instance-7280');
  assert.is(objectName('openb-pod-0001'), 'openb-pod-0001');
  assert.is(objectName('Node A/1'), 'node-a-1');
  assert.is(objectName('_x_'), 'x');
  assert.is(objectName('___'), undefined);
});

test.run();
