// The fast reader of plain YAML (scenarios/yaml-plain.ts) is an optimisation: on every file it
// accepts it must give the `yaml` library's values, and the documents' positions must be the
// library's too. Held to the library on every bundled example and fixture, on the scale bench's
// generated scenario and on edge cases, some of which it must decline.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { readPlainYaml } from '../../scenarios/yaml-plain.js';
import { parseWithLibrary, parseYaml } from '../../scenarios/yaml.js';
import type { FieldPath } from '../../scenarios/errors.js';
import { generateScaleScenario, scaleParams } from '../../bench/scale-scenario.js';
import { packageRoot } from '../helpers.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(f) ? [p] : [];
  });
}

/** The library's values, or undefined when it finds a problem in the text. */
function libraryValues(text: string): unknown[] | undefined {
  try {
    return parseWithLibrary('t.yaml', text).map((d) => d.value);
  } catch {
    return undefined;
  }
}

/** Every path to a node of `v` (maps' keys and lists' items), the document's own [] first. */
function pathsOf(v: unknown, at: FieldPath = []): FieldPath[] {
  const out: FieldPath[] = [at];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...pathsOf(x, [...at, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...pathsOf(x, [...at, k]));
  return out;
}

/** Accepted => same values and same positions (value and key) for every path; returns whether accepted. */
function agrees(name: string, text: string): boolean {
  const plain = readPlainYaml(text);
  if (plain === undefined) return false;
  const lib = parseWithLibrary(name, text);
  assert.ok(isDeepStrictEqual(plain.map((d) => d.value), lib.map((d) => d.value)), `${name}: values differ from the yaml library's`);
  const fast = parseYaml(name, text);
  fast.forEach((d, i) => {
    for (const path of pathsOf(d.value)) {
      for (const key of [false, true]) {
        assert.equal(d.locate(path, { key }), lib[i]!.locate(path, { key }), `${name} document ${i} ${JSON.stringify(path)} key=${key}`);
      }
    }
  });
  return true;
}

test('every bundled example and YAML fixture: the library\'s values and positions when accepted', () => {
  const root = packageRoot();
  const files = [...yamlFiles(join(root, 'scenarios', 'examples')), ...yamlFiles(join(root, 'test', 'fixtures'))];
  let accepted = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    if (libraryValues(text) === undefined) {
      assert.is(readPlainYaml(text), undefined, `${f}: the library refuses it, so the fast reader must decline it`);
      continue;
    }
    if (agrees(f, text)) accepted++;
  }
  // Most of these files are plain manifests: the fast path is the one they take.
  assert.ok(accepted >= files.length / 2, `only ${accepted} of ${files.length} files read by the fast reader`);
});

test('the scale bench\'s generated scenario is read by the fast reader, as the library reads it', () => {
  const text = generateScaleScenario(scaleParams(30, 1));
  assert.ok(agrees('scale.yaml', text), 'declined');
});

test('plain scalars resolve as the library\'s core schema resolves them', () => {
  const text = [
    'a: 1', 'b: 1.50', 'c: 0x1F', 'd: 0o17', 'e: ~', 'f: null', 'g: True', 'h: "true"', "i: 'it''s'", 'j: .inf', 'k: -.5e3',
    'l: 1_000', 'm: 007', 'n: yes', 'o: +12', 'p: a#b', 'q: a # comment', 'r: http://x:80/y', 's: -1', 't:', 'u: "a: b"',
    '__proto__: {polluted: 1}', 'v: [a:1, "b", {run: a=b:2}, [1, 2.0], {}, []]', 'w: 12345678901234567890', 'x: -0', "y: ''",
    'z: a{b}c', '"quoted key": 1', "'single': 2", 'long:   spaced   value   ',
    'list:', '- 1', '-', '- - ignored?', // (declined: a nested compact list)
  ].join('\n');
  assert.is(readPlainYaml(text), undefined);
  const accepted = text.split('\n').slice(0, -4).join('\n') + '\nlist:\n- 1\n-\n- {a: b}\n- k: v\n  k2: [x]\nafter: 1\n';
  assert.ok(agrees('scalars.yaml', accepted), 'declined');
  const v = readPlainYaml(accepted)![0]!.value as Record<string, unknown>;
  assert.is(Object.getPrototypeOf(v), Object.prototype, '__proto__ is data, not the prototype');
});

test('documents, comments and empty documents split as the library splits them', () => {
  const text = '# head\n---\n---\na: 1\n  # indented comment\nb:\n  c: [x]   # trailing\n\n--- # marker comment\nd: e\n---\n# only a comment\n';
  assert.ok(agrees('docs.yaml', text), 'declined');
  assert.is(readPlainYaml(text)!.length, 2);
});

test('what the fast reader leaves to the library: it declines, and the library decides', () => {
  const declined = [
    'a: &x 1\nb: *x', 'a: !!str 1', 'a: |+\n  text', 'a: | # c\n  text', 'a: |2\n  text', 'a: >\n  text', 'a: |\n   \n  text', 'a: |\n    x\n   y', 'a: plain\n  continued', 'a: "multi\n  line"', 'a: [1,\n  2]',
    '? a\n: b', '%YAML 1.2\n---\na: 1', 'a: 1\n...\n', 'a:\tb', 'a: 1\r\n', 'a: 1\na: 2', '<<: {a: 1}', '1: a', 'true: a', 'null: a',
    'a: "esc\\n"', 'a: b: c', '- a\n- b', 'scalar', '  a: 1', 'a: [a, ]', 'a: [a,, b]', 'a: {b}', 'a: {b: }', 'a: - b', 'a: @b',
    `${'k'.repeat(1025)}: 1`, 'a:\n  b: 1\n c: 2', 'a: {"b":1}', 'a: ["b": 1]',
  ];
  for (const text of declined) assert.is(readPlainYaml(text), undefined, JSON.stringify(text));
});
test('the library, one document at a time: a too-deep document anywhere wins over an earlier problem, else the first problem', () => {
  const deep = `b: ${'['.repeat(205)}${']'.repeat(205)}`;
  const messageOf = (text: string): string => {
    try {
      parseYaml('t.yaml', text);
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  assert.match(messageOf(`a: {x: 1, x: 2}\n---\n${deep}\n`), /^t\.yaml:3:203: invalid YAML: nested more than 200 levels deep/);
  assert.is(messageOf('a: {x: 1, x: 2}\n---\nb: *nope\n'), 't.yaml:1:11: invalid YAML: Map keys must be unique');
  assert.match(messageOf('a: &x 1\n---\nb: *x\n'), /^t\.yaml:3:4: invalid YAML: alias \*x refers to an anchor &x in an earlier document/);
});

test('random documents from plain and not-so-plain pieces: whatever the fast reader accepts, the library reads the same', () => {
  let seed = 12345;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const good = ['a', 'b c', '1', '-1', '0x1F', '1.5', '1.0', '007', '-0', '+1', '~', 'true', '"q"', "'it''s'", '""', "''", 'a:b', 'http://x:8/y',
    'a#b', 'x # c', '-x', '', '{}', '[]', '[a, b]', '[a b, c]', '{k: v, j: [1, 2]}', '[[a], {b: [c]}]', '{a: {b: {c: d}}}', '"x" # c', '{"k": v}',
    '[-1, .5]', '[~, null]', '{a: ~}', 'a{b}', 'a]b'];
  const odd = ['?x', ':x', ' ', '{k:v}', '[k: v]', '{k}', '[a, ]', '!x', '&a x', '*a', '|', '>', '%', '@', '`', 'a, b', '"a\\"b"', '1_0', '.inf',
    '.nan', '"x" y', '"', "'", '[a', '{a: b', '- a', '-', '#c', 'a: b'];
  const keys = ['a', 'b', 'c', 'k1', '"q k"', 'a.b/c'];
  const oddKeys = ['1', 'true', '~', '<<', 'a b', '-k', '?k', 'k:', '__proto__', 'toString', "'s k'", 'x#y', 'x #y'];
  const atom = (): string => (rnd() < 0.85 ? pick(good) : pick(odd));
  const key = (): string => (rnd() < 0.8 ? pick(keys) : pick(oddKeys));
  let accepted = 0;
  for (let it = 0; it < 2000; it++) {
    const lines: string[] = [];
    const gen = (ind: number, d: number): void => {
      const seq = rnd() < 0.3;
      for (let j = 0, m = 1 + Math.floor(rnd() * 3); j < m; j++) {
        const r = rnd();
        const pad = ' '.repeat(ind);
        const head = seq ? '- ' : `${key()}:${rnd() < 0.9 ? ' ' : ''}`;
        if (r < 0.6 || d > 3) lines.push(pad + head + atom() + (rnd() < 0.1 ? ' # c' : ''));
        else if (seq && r < 0.8) lines.push(`${pad}- ${key()}: ${atom()}`, `${pad}  ${key()}: ${atom()}`);
        else {
          lines.push(pad + head.trimEnd());
          if (rnd() < 0.1) lines.push(`${' '.repeat(ind + 1)}# comment`);
          gen(ind + pick([0, 1, 2, 4]), d + 1);
        }
        if (rnd() < 0.05) lines.push(pick(['', '---', '  ', '# x', '--- # y']));
      }
    };
    gen(0, 0);
    const text = lines.join('\n') + (rnd() < 0.5 ? '\n' : '');
    const fast = readPlainYaml(text);
    if (fast === undefined) continue;
    accepted++;
    const lib = libraryValues(text);
    assert.ok(lib !== undefined, `the library refuses what the fast reader accepted:\n${text}`);
    assert.ok(isDeepStrictEqual(fast.map((d) => d.value), lib), `values differ:\n${text}`);
  }
  assert.ok(accepted > 300, `only ${accepted} of 2000 accepted: the generator no longer exercises the fast reader`);
});

test('literal block scalars (`|`, `|-`), as `kubectl get -o yaml` writes last-applied-configuration: the library\'s text', () => {
  const text = [
    'metadata:',
    '  annotations:',
    '    kubectl.kubernetes.io/last-applied-configuration: |',
    '      {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}',
    '  name: x',
    'data:',
    '  script: |-',
    '    #!/bin/sh',
    '',
    '      echo "indented: kept"   ',
    '    # a line of the text, not a comment',
    '',
    '',
    '# a comment after it',
    '  other: |',
    '    one',
    'list:',
    '- |',
    '  item',
    '- k: |',
    '    v',
    '  j: 1',
    'empty-lines-first: |',
    '',
    '  text',
    '---',
    'z: |',
    '  last',
  ].join('\n');
  assert.ok(agrees('literal.yaml', text), 'declined');
  const [doc] = readPlainYaml(text)!;
  const data = (doc!.value as { data: Record<string, string> }).data;
  assert.is(data.script, '#!/bin/sh\n\n  echo "indented: kept"   \n# a line of the text, not a comment');
  assert.is(data.other, 'one\n');
});

test.run();
