// Issue 18: YAML that used to end in a stack trace, a hang or a silent wrong answer now gives one
// located error a user can act on. Each case is a file a fuzzer or a user wrote.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario, loadScenarioText } from '../../scenarios/load.js';
import { buildScenario } from '../../scenarios/build.js';
import { ScenarioError, ScenarioErrors } from '../../scenarios/errors.js';
import { decodeUtf8, invalidUtf8Offset, MAX_NESTING, parseYaml } from '../../scenarios/yaml.js';
import { parseYamlValue } from '../../scenarios/kubectl/values.js';
import { CommandError } from '../../scenarios/kubectl/errors.js';
import { clusterYaml, tempDir } from '../helpers.js';

function errorsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof ScenarioErrors) return e.errors.map((x) => x.message);
    if (e instanceof ScenarioError) return [e.message];
    throw e;
  }
  assert.unreachable('expected ScenarioErrors');
  return [];
}

const load = (text: string) => errorsOf(() => buildScenario(loadScenarioText('s.yaml', text)));

test('an alias bomb is refused at its first alias, not expanded', () => {
  const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (const n of ['b', 'c', 'd', 'e', 'f']) {
    const prev = bomb.length === 1 ? 'a' : String.fromCharCode(n.charCodeAt(0) - 1);
    bomb.push(`${n}: &${n} [${Array(10).fill(`*${prev}`).join(', ')}]`);
  }
  const [m, ...rest] = load(bomb.join('\n'));
  assert.is(rest.length, 0);
  assert.match(m!, /^s\.yaml:2:8: invalid YAML: aliases expand to too many values/);
});

test('an undefined alias names itself and where it is', () => {
  assert.equal(load('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: *nope\n'), [
    's.yaml:5:11: invalid YAML: alias *nope has no anchor &nope before it in this document',
  ]);
});

test('an alias inside the value it names is refused (it would never end)', () => {
  assert.equal(load('apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec:\n  containers:\n  - name: a\n    ports: &me [*me]\n'), [
    's.yaml:7:17: invalid YAML: alias *me is inside the value anchored &me; a value cannot contain itself',
  ]);
});

test('an alias to an anchor of an earlier document says anchors do not cross "---" (as kubectl)', () => {
  const [m] = load('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: &l {a: b}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: y\n  labels: *l\n');
  assert.match(m!, /^s\.yaml:11:11: invalid YAML: alias \*l refers to an anchor &l in an earlier document; anchors do not reach across "---"/);
});

test('aliases within one document still work', () => {
  const s = loadScenarioText('s.yaml', `${clusterYaml()}---
apiVersion: v1
kind: Pod
metadata: {name: x, labels: &l {app: web}}
spec:
  containers: [{name: a, image: nginx}]
---
apiVersion: v1
kind: Pod
metadata: {name: y, labels: &l2 {app: api}}
spec:
  nodeSelector: *l2
  containers: [{name: a, image: nginx}]
`);
  const y = s.documents.find((d) => d.name === 'y')!;
  assert.equal((y.body.spec as { nodeSelector: unknown }).nodeSelector, { app: 'api' });
});

test('deep nesting is a located, worded error (block and flow), not "Maximum call stack size exceeded"', () => {
  let block = '';
  for (let i = 0; i < 400; i++) block += `${' '.repeat(i)}k:\n`;
  const [b] = errorsOf(() => parseYaml('deep.yaml', block));
  assert.is(b, `deep.yaml:${MAX_NESTING + 1}:${MAX_NESTING + 1}: invalid YAML: nested more than ${MAX_NESTING} levels deep (collections inside collections); no manifest needs that many`);
  const [f] = errorsOf(() => parseYaml('flow.yaml', `a: ${'['.repeat(3000)}${']'.repeat(3000)}\n`));
  assert.match(f!, /^flow\.yaml:1:\d+: invalid YAML: nested more than 200 levels deep/);
  assert.not.match(f!, /call stack/);
  // Just under the bound parses.
  assert.is(parseYaml('ok.yaml', `a: ${'['.repeat(MAX_NESTING - 1)}${']'.repeat(MAX_NESTING - 1)}\n`).length, 1);
});

test('invalid UTF-8 is refused at the byte, as kubectl refuses it; a BOM is dropped', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const bad = new Uint8Array([...enc('apiVersion: v1\nmetadata:\n  name: ab'), 0xff, 0xfe, 0x0a]);
  assert.is(invalidUtf8Offset(bad), 35);
  const [m] = errorsOf(() => decodeUtf8('u.yaml', bad));
  assert.is(m, 'u.yaml:3:11: invalid UTF-8 (byte 0xff); save the file as UTF-8');
  // Overlong encodings, surrogates, truncated sequences and code points past U+10FFFF.
  for (const bytes of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x80]]) {
    assert.is(invalidUtf8Offset(new Uint8Array(bytes)), 0, `bytes ${bytes}`);
  }
  assert.is(invalidUtf8Offset(enc('é€😀 plain')), -1);
  assert.is(decodeUtf8('b.yaml', new Uint8Array([0xef, 0xbb, 0xbf, ...enc('a: 1')])), 'a: 1');
  const dir = tempDir();
  writeFileSync(join(dir, 'bad.yaml'), bad);
  assert.equal(errorsOf(() => loadScenario([join(dir, 'bad.yaml')])), [`${join(dir, 'bad.yaml')}:3:11: invalid UTF-8 (byte 0xff); save the file as UTF-8`]);
});

test('an empty file is named by its path; empty documents are skipped as kubectl skips them', () => {
  const dir = tempDir();
  for (const [name, text] of [['empty.yaml', ''], ['comments.yaml', '# nothing\n---\n'], ['null.yaml', '---\n# c\n']]) {
    writeFileSync(join(dir, name), text);
    assert.equal(errorsOf(() => buildScenario(loadScenario([join(dir, name)]))), [
      `${join(dir, name)}:1:1: no YAML documents (the file is empty or only comments); a scenario needs one k8sim/v1 Cluster document (node pools)`,
    ]);
  }
  assert.equal(errorsOf(() => loadScenario([dir])), [`${dir}:1:1: is a folder, not a YAML file`]);
});

test('a mapping key that is a list, a mapping or binary is refused, as JSON has string keys only', () => {
  for (const [text, col] of [['? [a, b]\n: c\n', 3], ['{a: 1}: x\n', 1], ['!!binary aGVsbG8=: x\n', 10]] as const) {
    const [m] = errorsOf(() => parseYaml('k.yaml', text));
    assert.is(m, `k.yaml:1:${col}: invalid YAML: a mapping key must be a plain value, not a list, a mapping or a !!binary value (kubectl refuses it too)`, text);
  }
  assert.equal(parseYaml('k.yaml', '1: a\ntrue: b\n')[0]!.value, { 1: 'a', true: 'b' }, 'plain scalars are fine');
});

test('a long value is cut in the message, its length said', () => {
  const long = 'a'.repeat(100_000);
  const msgs = load(`${clusterYaml()}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: ${long}\nspec:\n  containers: [{name: a, image: b}]\n`);
  assert.ok(msgs.length >= 1);
  for (const m of msgs) assert.ok(m.length < 400, `message of ${m.length} characters`);
  assert.ok(msgs.some((m) => m.includes(`"${'a'.repeat(80)}… (100000 characters)"`)), msgs.join('\n'));
});

test('patch values: alias problems and self-containing values are command errors, not crashes', () => {
  for (const text of ['*nope', '&a [*a]', `&a [${Array(50).fill('x').join(',')}]`]) {
    try {
      const v = parseYamlValue(text, 'the patch');
      assert.ok(Array.isArray(v), `${text} parsed to ${JSON.stringify(v)}`);
    } catch (e) {
      assert.instance(e, CommandError, `${text}: ${String(e)}`);
    }
  }
  assert.throws(() => parseYamlValue('*nope', 'the patch'), (e: unknown) => e instanceof CommandError && /not valid JSON or YAML/.test((e as Error).message));
  assert.throws(() => parseYamlValue('&a [*a]', 'the patch'), (e: unknown) => e instanceof CommandError && /200 levels/.test((e as Error).message));
});

test.run();
