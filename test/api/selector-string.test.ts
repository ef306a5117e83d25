// labels.Parse and Selector.String() as apimachinery: upstream's own tables from
// k8s.io/apimachinery/pkg/labels/selector_test.go, against the parser kubectl -l uses.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lexSelector, parseListSelector, parseRequirements, parseSelectorString, requirementsMatch, requirementsString, type Requirement } from '../../models/api/policy/selector-string.js';
import { labelSelectorMatches, LabelSelectorError } from '../../models/api/policy/labels.js';

const parses = (s: string) => { try { parseRequirements(s); return true; } catch (e) { if (e instanceof LabelSelectorError) return false; throw e; } };

test('TestSelectorParse: good strings print back without spaces; bad strings are errors', () => {
  for (const s of ['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5']) {
    assert.is(requirementsString(parseRequirements(s)), s.replace(/ /g, ''), s);
  }
  for (const s of ['x=a||y=b', 'x==a==b', '!x=a', 'x<a']) assert.not.ok(parses(s), s);
});

test('TestDeterministicParse: the order of requirements does not matter', () => {
  assert.is(requirementsString(parseRequirements('x=a,a=x')), requirementsString(parseRequirements('a=x,x=a')));
});

test('TestLexer: one token per string, the longest one', () => {
  const cases: Array<[string, string]> = [
    ['', 'EndOfString'], [',', 'Comma'], ['notin', 'NotIn'], ['in', 'In'], ['=', 'Equals'], ['==', 'DoubleEquals'],
    ['>', 'GreaterThan'], ['<', 'LessThan'], ['!', 'DoesNotExist'], ['!=', 'NotEquals'], ['(', 'OpenPar'], [')', 'ClosedPar'],
    ['~', 'Identifier'], ['||', 'Identifier'],
  ];
  for (const [s, kind] of cases) {
    const [t] = lexSelector(s);
    assert.is(t!.kind, kind, s);
    assert.is(t!.text, s);
  }
});

test('TestLexerSequence', () => {
  const cases: Array<[string, string[]]> = [
    ['key in ( value )', ['Identifier', 'In', 'OpenPar', 'Identifier', 'ClosedPar']],
    ['key notin ( value )', ['Identifier', 'NotIn', 'OpenPar', 'Identifier', 'ClosedPar']],
    ['key in ( value1, value2 )', ['Identifier', 'In', 'OpenPar', 'Identifier', 'Comma', 'Identifier', 'ClosedPar']],
    ['key', ['Identifier']],
    ['!key', ['DoesNotExist', 'Identifier']],
    ['()', ['OpenPar', 'ClosedPar']],
    ['x in (),y', ['Identifier', 'In', 'OpenPar', 'ClosedPar', 'Comma', 'Identifier']],
    ['== != (), = notin', ['DoubleEquals', 'NotEquals', 'OpenPar', 'ClosedPar', 'Comma', 'Equals', 'NotIn']],
    ['key>2', ['Identifier', 'GreaterThan', 'Identifier']],
    ['key<1', ['Identifier', 'LessThan', 'Identifier']],
  ];
  for (const [s, kinds] of cases) assert.equal(lexSelector(s).map((t) => t.kind).slice(0, -1), kinds, s);
});

const R = (key: string, operator: Requirement['operator'], values: string[] = []): Requirement => ({ key, operator, values: [...values].sort() });

test('TestSetSelectorParser: what parses, to which requirements', () => {
  const cases: Array<[string, Requirement[] | undefined, boolean]> = [
    ['', [], true],
    ['\rx', [R('x', 'exists')], true],
    ['this-is-a-dns.domain.com/key-with-dash', [R('this-is-a-dns.domain.com/key-with-dash', 'exists')], true],
    ['this-is-another-dns.domain.com/key-with-dash in (so,what)', [R('this-is-another-dns.domain.com/key-with-dash', 'in', ['so', 'what'])], true],
    ['0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)', [R('0.1.2.domain/99', 'notin', ['10.10.100.1', 'tick.tack.clock'])], true],
    ['foo  in\t (abc)', [R('foo', 'in', ['abc'])], true],
    ['x notin\n (abc)', [R('x', 'notin', ['abc'])], true],
    ['x  notin\t\t\t(abc,def)', [R('x', 'notin', ['abc', 'def'])], true],
    ['x in (abc,def)', [R('x', 'in', ['abc', 'def'])], true],
    ['x in (abc,)', [R('x', 'in', ['abc', ''])], true],
    ['x in ()', [R('x', 'in', [''])], true],
    ['x notin (abc,,def),bar,z in (),w', [R('bar', 'exists'), R('w', 'exists'), R('x', 'notin', ['abc', '', 'def']), R('z', 'in', [''])], true],
    ['x,y in (a)', undefined, true],
    ['x=a', [R('x', '=', ['a'])], true],
    ['x>1', [R('x', 'gt', ['1'])], true],
    ['x<7', [R('x', 'lt', ['7'])], true],
    ['x=a,y!=b', [R('x', '=', ['a']), R('y', '!=', ['b'])], true],
    ['x=a,y!=b,z in (h,i,j)', [R('x', '=', ['a']), R('y', '!=', ['b']), R('z', 'in', ['h', 'i', 'j'])], true],
    ['x=a||y=b', undefined, false],
    ['x,,y', undefined, false],
    [',x,y', undefined, false],
    ['x nott in (y)', undefined, false],
    ['x notin ( )', [R('x', 'notin', [''])], true],
    ['x notin (, a)', [R('x', 'notin', ['', 'a'])], true],
    ['a in (xyz),', undefined, false],
    ['a in (xyz)b notin ()', undefined, false],
    ['a ', [R('a', 'exists')], true],
    ['a in (x,y,notin, z,in)', [R('a', 'in', ['in', 'notin', 'x', 'y', 'z'])], true],
    ['a in (xyz abc)', undefined, false],
    ['a notin(', undefined, false],
    ['a (', undefined, false],
    ['(', undefined, false],
  ];
  for (const [s, want, valid] of cases) {
    assert.is(parses(s), valid, JSON.stringify(s));
    if (want) assert.equal(parseRequirements(s), want, JSON.stringify(s));
  }
});

test('TestToString: Selector.String() per operator, values sorted', () => {
  assert.is(requirementsString(parseRequirements('x in (def,abc),y notin (jkl),z')), 'x in (abc,def),y notin (jkl),z');
  assert.is(requirementsString(parseRequirements('x notin (abc,def),y!=jkl,!z')), 'x notin (abc,def),y!=jkl,!z');
  assert.is(requirementsString(parseRequirements('x notin (abc),y in (jkl,mno),z notin ()')), 'x notin (abc),y in (jkl,mno),z notin ()');
  assert.is(requirementsString(parseRequirements('x=abc,y==jkl,z!=a,z')), 'x=abc,y==jkl,z!=a,z');
  assert.is(requirementsString(parseRequirements('x>2,y<8,z')), 'x>2,y<8,z');
});

test("TestEverything/expectMatch: the LabelSelector kubectl -l builds matches as upstream's selector does", () => {
  const m = (s: string, labels: Record<string, string>) => labelSelectorMatches(parseSelectorString(s), labels);
  assert.ok(m('', { x: 'y' }));
  assert.ok(m('x=y', { x: 'y' }));
  assert.ok(m('x=y,z=w', { x: 'y', z: 'w' }));
  assert.ok(m('x!=y,z!=w', { x: 'z', z: 'a' }));
  assert.ok(m('notin=in', { notin: 'in' }), 'in and notin as key and value');
  assert.ok(m('x', { x: 'z' }));
  assert.ok(m('!x', { y: 'z' }));
  assert.not.ok(m('x=z', {}));
  assert.not.ok(m('x=y', { x: 'z' }));
  assert.not.ok(m('x=y,z=w', { x: 'w', z: 'w' }));
  assert.not.ok(m('x!=y,z!=w', { x: 'z', z: 'w' }));
  assert.not.ok(m('x', { y: 'z' }));
  assert.not.ok(m('!x', { x: 'z' }));
  const set = { foo: 'bar', baz: 'blah' };
  assert.ok(m('foo=bar,baz=blah', set));
  assert.not.ok(m('foo=bar,foobar=bar,baz=blah', set));
});

test('key and value rules: 63-character names, DNS-subdomain prefixes (253), the value alphabet', () => {
  assert.ok(parses(`${'a'.repeat(63)}=v`));
  assert.not.ok(parses(`${'a'.repeat(64)}=v`));
  assert.not.ok(parses(`x=${'v'.repeat(64)}`));
  assert.not.ok(parses(`${'a'.repeat(254)}`), 'TestRequirementConstructor: len(key) > 253');
  assert.not.ok(parses('x=-bad'));
  assert.ok(parses('1foo in (bar)') && parses('1234 in (bar)'));
  assert.throws(() => parseSelectorString('x>1'), /operator ">" is not supported in label selectors/);
});

// apimachinery labels/selector_test.go TestSelectorMatches, against the matcher `kubectl -l` uses.
const MATCH: Array<[string, Record<string, string>, boolean]> = [
  ['', { x: 'y' }, true],
  ['x=y', { x: 'y' }, true],
  ['x=y,z=w', { x: 'y', z: 'w' }, true],
  ['x!=y,z!=w', { x: 'z', z: 'a' }, true],
  ['notin=in', { notin: 'in' }, true],
  ['x', { x: 'z' }, true],
  ['!x', { y: 'z' }, true],
  ['x>1', { x: '2' }, true],
  ['x<1', { x: '0' }, true],
  ['x=z', {}, false],
  ['x=y', { x: 'z' }, false],
  ['x=y,z=w', { x: 'w', z: 'w' }, false],
  ['x!=y,z!=w', { x: 'z', z: 'w' }, false],
  ['x', { y: 'z' }, false],
  ['!x', { x: 'z' }, false],
  ['x>1', { x: '0' }, false],
  ['x<1', { x: '2' }, false],
  ['foo=bar', { foo: 'bar', baz: 'blah' }, true],
  ['baz=blah', { foo: 'bar', baz: 'blah' }, true],
  ['foo=bar,baz=blah', { foo: 'bar', baz: 'blah' }, true],
  ['foo=blah', { foo: 'bar', baz: 'blah' }, false],
  ['baz=bar', { foo: 'bar', baz: 'blah' }, false],
  ['foo=bar,foobar=bar,baz=blah', { foo: 'bar', baz: 'blah' }, false],
  // Requirement.Matches for Gt/Lt: a missing key or a value that is not an int64 matches nothing.
  ['x>1', {}, false],
  ['x<5', { x: 'abc' }, false],
  ['x>1', { x: '9223372036854775807' }, true],
  ['x<1', { x: '9223372036854775808' }, false],
  ['x>-3', { x: '-2' }, true],
  ['x in (a,b)', { x: 'b' }, true],
  ['x notin (a,b)', {}, true],
];
for (const [sel, labels, want] of MATCH) {
  test(`requirementsMatch(${JSON.stringify(sel)}, ${JSON.stringify(labels)}) = ${want}`, () => {
    assert.is(requirementsMatch(parseListSelector(sel), labels), want);
  });
}

test('parseListSelector keeps Gt/Lt (a list selector), parseSelectorString refuses them (an object selector)', () => {
  assert.equal(parseListSelector('x>1,a=b'), [R('a', '=', ['b']), R('x', 'gt', ['1'])]);
  assert.throws(() => parseListSelector('x>a'), /invalid selector "x>a": .*must be an integer/);
});

test.run();
