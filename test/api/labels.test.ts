import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  selectorMatches, labelSelectorMatches, nodeSelectorTermsMatch,
  nodeSelectorTermMatches, validateLabelSelector, mapSelectorMatches, nodeSelectorMapMatches,
  LabelSelectorError, type LabelSelector, type NodeSelectorTerm,
} from '../../models/api/policy/labels.js';
import { parseSelectorString } from '../../models/api/policy/selector-string.js';

const web = { app: 'web', tier: 'frontend', env: 'prod' };

const selectorCases: Array<[string, LabelSelector | undefined, Record<string, string>, boolean]> = [
  ['undefined selector matches nothing', undefined, web, false],
  ['empty selector matches everything', {}, web, true],
  ['empty selector matches empty labels', {}, {}, true],
  ['matchLabels hit', { matchLabels: { app: 'web' } }, web, true],
  ['matchLabels miss', { matchLabels: { app: 'db' } }, web, false],
  ['matchLabels missing key', { matchLabels: { zone: 'a' } }, web, false],
  ['In hit', { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }] }, web, true],
  ['In absent key', { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, web, false],
  ['NotIn hit', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, web, false],
  ['NotIn absent key matches', { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, web, true],
  ['Exists', { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, web, true],
  ['Exists absent', { matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, web, false],
  ['DoesNotExist absent matches', { matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, web, true],
  ['DoesNotExist present', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, web, false],
  ['labels AND expressions', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['dev'] }] }, web, false],
];
for (const [name, sel, labels, want] of selectorCases) {
  test(`selectorMatches: ${name}`, () => assert.is(selectorMatches(sel, labels), want));
}

test('null selector matches nothing, labelSelectorMatches needs a selector', () => {
  assert.is(selectorMatches(null, web), false);
  assert.is(labelSelectorMatches({}, web), true);
});

test('validateLabelSelector', () => {
  assert.throws(() => validateLabelSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), (e: unknown) => e instanceof LabelSelectorError);
  assert.throws(() => validateLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }), (e: unknown) => e instanceof LabelSelectorError);
  validateLabelSelector({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['x'] }] });
});

test('Service-style map selector: empty selects nothing; nodeSelector map: empty selects all', () => {
  assert.is(mapSelectorMatches({}, web), false);
  assert.is(mapSelectorMatches({ app: 'web' }, web), true);
  assert.is(nodeSelectorMapMatches(undefined, web), true);
  assert.is(nodeSelectorMapMatches({ disk: 'ssd' }, web), false);
});

const parseCases: Array<[string, LabelSelector]> = [
  ['', {}],
  ['app=web', { matchLabels: { app: 'web' } }],
  ['app==web', { matchLabels: { app: 'web' } }],
  ['app=web,tier!=db,env in (a,b),!legacy,key', {
    matchLabels: { app: 'web' },
    // labels.Parse sorts requirements by key.
    matchExpressions: [
      { key: 'env', operator: 'In', values: ['a', 'b'] },
      { key: 'key', operator: 'Exists' },
      { key: 'legacy', operator: 'DoesNotExist' },
      { key: 'tier', operator: 'NotIn', values: ['db'] },
    ],
  }],
  ['env notin ( a , b )', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['a', 'b'] }] }],
  ['example.com/team=x', { matchLabels: { 'example.com/team': 'x' } }],
  ['app=', { matchLabels: { app: '' } }],
  ['app=a,app=b', { matchLabels: { app: 'a' }, matchExpressions: [{ key: 'app', operator: 'In', values: ['b'] }] }],
  // `in ()` is the empty value, as labels.Parse reads it.
  ['env in ()', { matchExpressions: [{ key: 'env', operator: 'In', values: [''] }] }],
];
for (const [s, want] of parseCases) {
  test(`parseSelectorString(${JSON.stringify(s)})`, () => assert.equal(parseSelectorString(s), want));
}

for (const bad of ['app=web,', ',', 'env in a', 'app=web extra', '-bad=x', 'a=b=c', 'x>1']) {
  test(`parseSelectorString rejects ${JSON.stringify(bad)}`, () => {
    assert.throws(() => parseSelectorString(bad), (e: unknown) => e instanceof LabelSelectorError);
  });
}

test('parsed selector means what kubectl means: != matches absent key', () => {
  const sel = parseSelectorString('tier!=db');
  assert.is(selectorMatches(sel, {}), true);
  assert.is(selectorMatches(sel, { tier: 'db' }), false);
});

const node = { name: 'node-7', labels: { 'topology.kubernetes.io/zone': 'a', cores: '16', gpu: 'yes' } };
const termCases: Array<[string, NodeSelectorTerm[], boolean]> = [
  ['no terms matches nothing', [], false],
  ['empty term matches nothing', [{}], false],
  ['In', [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['a', 'b'] }] }], true],
  ['Gt true', [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }] }], true],
  ['Gt equal is false', [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['16'] }] }], false],
  ['Lt true', [{ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['32'] }] }], true],
  ['Gt non-integer label', [{ matchExpressions: [{ key: 'gpu', operator: 'Gt', values: ['1'] }] }], false],
  ['Lt absent label', [{ matchExpressions: [{ key: 'mem', operator: 'Lt', values: ['1'] }] }], false],
  ['requirements ANDed', [{ matchExpressions: [
    { key: 'gpu', operator: 'Exists' }, { key: 'cores', operator: 'Lt', values: ['8'] }] }], false],
  ['terms ORed', [
    { matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] },
    { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }], true],
  ['matchFields metadata.name', [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-7'] }] }], true],
  ['matchFields NotIn', [{ matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-7'] }] }], false],
  ['matchFields unsupported field', [{ matchFields: [{ key: 'metadata.uid', operator: 'In', values: ['x'] }] }], false],
  ['fields AND expressions', [{
    matchExpressions: [{ key: 'gpu', operator: 'Exists' }],
    matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-8'] }] }], false],
];
for (const [name, terms, want] of termCases) {
  test(`nodeSelectorTermsMatch: ${name}`, () => assert.is(nodeSelectorTermsMatch(terms, node), want));
}

test('nodeSelectorTermMatches on a single term', () => {
  assert.is(nodeSelectorTermMatches({ matchExpressions: [{ key: 'gpu', operator: 'In', values: ['yes'] }] }, node), true);
});

test.run();
