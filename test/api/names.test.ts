import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateName, SAFE_ALPHABET } from '../../models/api/policy/names.js';

test('generateName: 5 safe characters after the prefix, deterministic for a given rand', () => {
  let i = 0;
  const seq = [0, 0.999999, 0.5, 0.1, 0.74];
  const name = generateName('web-6bdd4b58db-', () => seq[i++ % seq.length]!);
  assert.is(name, 'web-6bdd4b58db-b9rdz');
  assert.match(name.slice(-5), new RegExp(`^[${SAFE_ALPHABET}]{5}$`));
  assert.is(generateName('x'.repeat(70), () => 0).length, 63);
});

test.run();
