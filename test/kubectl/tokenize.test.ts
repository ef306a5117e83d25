import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tokenize } from '../../scenarios/kubectl/tokenize.js';
import { CommandError } from '../../scenarios/kubectl/errors.js';

const words: Array<[string, string[]]> = [
  ['kubectl  scale\tdeploy/web', ['kubectl', 'scale', 'deploy/web']],
  [`note 'two words'`, ['note', 'two words']],
  [`note "say \\"hi\\""`, ['note', 'say "hi"']],
  [`note "a\\b"`, ['note', 'a\\b']],
  [`note it\\'s`, ['note', "it's"]],
  [`note a\\ b`, ['note', 'a b']],
  [`x -p '{"spec":{"replicas":3}}'`, ['x', '-p', '{"spec":{"replicas":3}}']],
  [`x pre'mid'"end"`, ['x', 'premidend']],
  [`x '' ""`, ['x', '', '']],
  [`x '$HOME' '|'`, ['x', '$HOME', '|']],
  ['x # a comment', ['x']],
  ['x a#b', ['x', 'a#b']],
  ['x \\\n y', ['x', 'y']],
  ['x *=nginx', ['x', '*=nginx']],
  ['', []],
];
for (const [line, expected] of words) {
  test(`tokenize ${JSON.stringify(line)}`, () => {
    assert.equal(tokenize(line).map((w) => w.text), expected);
  });
}

test('words carry their offset in the line', () => {
  assert.equal(tokenize(`a  'b c' d`).map((w) => w.start), [0, 3, 9]);
});

const bad: Array<[string, RegExp, number]> = [
  [`note 'open`, /unterminated single quote/, 5],
  [`note "open`, /unterminated double quote/, 5],
  ['kubectl get pods | grep web', /"\|" is not supported: a timeline action is one command/, 17],
  ['kubectl apply -f - && kubectl get pods', /"&" is not supported/, 19],
  ['a; b', /";" is not supported/, 1],
  ['a > out', /">" is not supported/, 2],
  ['echo $HOME', /shell expansion/, 5],
  ['echo "${X}"', /shell expansion/, 6],
  ['echo $(date)', /shell expansion/, 5],
  ['echo `date`', /command substitution/, 5],
  ['echo trailing\\', /backslash at the end/, 13],
];
for (const [line, re, offset] of bad) {
  test(`tokenize rejects ${JSON.stringify(line)}`, () => {
    try {
      tokenize(line);
      assert.unreachable('should throw');
    } catch (e) {
      assert.instance(e, CommandError);
      assert.match((e as CommandError).message, re);
      assert.is((e as CommandError).offset, offset);
    }
  });
}

test.run();
