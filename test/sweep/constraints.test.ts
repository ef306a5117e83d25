import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConstraintSyntaxError, holds, parseConstraint } from '../../sweep/constraints.js';

test('parses metric, comparator, number', () => {
  assert.equal(parseConstraint('p99_latency_s <= 0.2'), { metric: 'p99_latency_s', op: '<=', value: 0.2, text: 'p99_latency_s <= 0.2' });
  assert.equal(parseConstraint('  max_pending_s<60 ').op, '<');
  assert.is(parseConstraint('error_rate == 0').value, 0);
  assert.is(parseConstraint('x >= -1.5e-3').value, -0.0015);
  assert.is(parseConstraint('slo_attainment > .99').value, 0.99);
});

test('rejects anything else, with the column', () => {
  const bad: [string, RegExp][] = [
    ['p99 <== 3', /expected a number at column 7/],
    ['p99 = 3', /expected a comparator .* at column 5/],
    ['3 < p99', /expected a metric name at column 1/],
    ['p99 < 3 && cost < 2', /unexpected text at column 9/],
    ['p99 < process.exit()', /expected a number/],
    ['', /expected a metric name/],
  ];
  for (const [text, re] of bad) {
    try {
      parseConstraint(text);
      assert.unreachable(text);
    } catch (e) {
      assert.instance(e, ConstraintSyntaxError);
      assert.match((e as Error).message, re);
    }
  }
});

test('evaluation: missing or non-numeric metrics fail the constraint', () => {
  const c = parseConstraint('p99_latency_s <= 0.2');
  assert.ok(holds(c, { p99_latency_s: 0.2 }));
  assert.not.ok(holds(c, { p99_latency_s: 0.21 }));
  assert.not.ok(holds(c, {}));
  assert.not.ok(holds(c, { p99_latency_s: 'n/a' }));
  assert.ok(holds(parseConstraint('a > 1'), { a: 2 }));
  assert.ok(holds(parseConstraint('a >= 2'), { a: 2 }));
  assert.ok(holds(parseConstraint('a < 3'), { a: 2 }));
  assert.ok(holds(parseConstraint('a == 2'), { a: 2 }));
});

test.run();
