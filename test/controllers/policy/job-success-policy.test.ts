import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { matchSuccessPolicy, type SuccessPolicyRule } from '../../../models/controllers/policy/job.js';

const iv = (...pairs: Array<[number, number]>) => {
  const s = new Set<number>();
  for (const [a, b] of pairs) for (let i = a; i <= b; i++) s.add(i);
  return s;
};
const M0 = 'Matched rules at index 0';

// pkg/controller/job/success_policy_test.go TestMatchSuccessPolicy (gate on; completions 10).
const cases: Array<[string, SuccessPolicyRule[] | undefined, Set<number>, string | undefined]> = [
  ['successPolicy is null', undefined, iv([0, 0]), undefined],
  ['any rules are nothing', [], iv([0, 0]), undefined],
  ['rules.succeededIndexes is invalid format', [{ succeededIndexes: 'invalid-form' }], iv([0, 0]), undefined],
  ['succeededIndexes matched rules', [{ succeededIndexes: '0-2' }], iv([0, 2], [4, 7]), M0],
  ["succeededIndexes didn't match rules", [{ succeededIndexes: '3' }], iv([0, 2]), undefined],
  ['succeededCount matched', [{ succeededCount: 2 }], iv([0, 2]), M0],
  ["succeededCount didn't match", [{ succeededCount: 4 }], iv([0, 2]), undefined],
  ['multiple rules; met one of rules', [{ succeededIndexes: '9' }, { succeededIndexes: '4,6' }], iv([0, 2], [4, 7]), 'Matched rules at index 1'],
  ['multiple rules; met all rules', [{ succeededIndexes: '0,1' }, { succeededIndexes: '5' }], iv([0, 2], [4, 7]), M0],
  ['indexes and count; met', [{ succeededIndexes: '3-6', succeededCount: 2 }], iv([0, 2], [4, 7]), M0],
  ["indexes and count; didn't match", [{ succeededIndexes: '3-6', succeededCount: 2 }], iv([0, 2], [6, 7]), undefined],
  ['succeededIndexes are nothing', [{ succeededCount: 4 }], iv(), undefined],
  ['rules is proper subset of succeededIndexes', [{ succeededIndexes: '2-4,6-8' }], iv([1, 5], [6, 9]), M0],
  ['rules equals succeededIndexes', [{ succeededIndexes: '2-4,6-9' }], iv([2, 4], [6, 9]), M0],
  ['rules is subset of succeededIndexes', [{ succeededIndexes: '2-4,8-12' }], iv([2, 5], [7, 15]), M0],
  ['rules is an empty set', [{ succeededIndexes: '' }], iv([1, 3]), undefined],
  ['succeededIndexes is an empty set', [{ succeededIndexes: '' }], iv(), undefined],
  ["all elements of rules aren't included", [{ succeededIndexes: '10-12,14-16' }], iv([1, 3], [5, 7]), undefined],
  ['rules overlaps succeededIndexes at first', [{ succeededIndexes: '1-3,5-7' }], iv([2, 4], [6, 8]), undefined],
  ['overlaps at first; with count', [{ succeededIndexes: '1-3,5-7', succeededCount: 4 }], iv([2, 4], [6, 8]), M0],
  ['overlaps at last', [{ succeededIndexes: '2-4,6-9' }], iv([1, 3], [5, 7]), undefined],
  ['overlaps at last; with count', [{ succeededIndexes: '2-4,6-9', succeededCount: 4 }], iv([1, 3], [5, 7]), M0],
  ['rules completely overlaps succeededIndexes', [{ succeededIndexes: '0-4,6-9' }], iv([1, 3], [7, 8]), undefined],
  ['completely overlaps; with count', [{ succeededIndexes: '0-4,6-9', succeededCount: 5 }], iv([1, 3], [7, 8]), M0],
  ['overlaps multiple at last', [{ succeededIndexes: '0-6,8-9' }], iv([1, 3], [5, 9]), undefined],
  ['overlaps multiple at last; with count', [{ succeededIndexes: '0-6,8-9', succeededCount: 7 }], iv([1, 3], [5, 9]), M0],
  ['overlaps at first, equals at last', [{ succeededIndexes: '0-5,7-9' }], iv([1, 5], [7, 10]), undefined],
  ['overlaps at first, equals at last; with count', [{ succeededIndexes: '0-5,7-9', succeededCount: 8 }], iv([1, 5], [7, 10]), M0],
  ['the first rule overlaps at first', [{ succeededIndexes: '0-3,6-9' }], iv([1, 10]), undefined],
  ['the first rule overlaps at first; with count', [{ succeededIndexes: '0-3,6-9', succeededCount: 7 }], iv([1, 10]), M0],
];

for (const [name, rules, succeeded, want] of cases) {
  test(`matchSuccessPolicy: ${name}`, () => {
    assert.is(matchSuccessPolicy(rules, 10, succeeded), want);
  });
}

test.run();
