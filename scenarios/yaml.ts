// Reads multi-document YAML and keeps every node's position, so errors found later (schema,
// semantics, the timeline) can point at the exact line and column of the field.
import { readFileSync } from 'node:fs';
import { Composer, isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq, LineCounter, Parser, type CST, type Document, type Node } from 'yaml';
import { clip, ScenarioError, type FieldPath } from './errors.js';
import { readPlainYaml } from './yaml-plain.js';

export interface Position {
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
}

export interface LocateOptions {
  /** Point at the key of the last path segment instead of its value (for "unknown field"). */
  key?: boolean;
}

export interface YamlDocument {
  file: string;
  /** 0-based index among the non-empty documents of the file. */
  index: number;
  /** Plain JS value of the document. */
  value: unknown;
  /** Position of the deepest existing node on `path` (the document start for []). */
  locate(path: FieldPath, options?: LocateOptions): Position;
  /** A copy made by a Replicate (scenarios/replicate.ts): its index values, e.g. `i=3`. */
  copy?: string;
}

function positionOf(lc: LineCounter, offset: number): Position {
  const p = lc.linePos(offset);
  return { line: p.line, column: p.col };
}

/** Steps one segment down from `node`; returns the key node too so callers can point at it. */
function child(doc: Document, node: unknown, seg: string | number): { key?: Node; value?: Node } | undefined {
  const n = isAlias(node) ? node.resolve(doc) : node;
  if (isMap(n)) {
    for (const pair of n.items) {
      const k = isScalar(pair.key) ? pair.key.value : pair.key;
      if (String(k) === String(seg)) {
        const out: { key?: Node; value?: Node } = {};
        if (isScalar(pair.key)) out.key = pair.key;
        if (pair.value !== null && typeof pair.value === 'object') out.value = pair.value as Node;
        return out;
      }
    }
    return undefined;
  }
  if (isSeq(n) && typeof seg === 'number') {
    const item = n.items[seg];
    return item !== null && typeof item === 'object' ? { value: item as Node } : undefined;
  }
  return undefined;
}

function makeLocate(doc: Document, lc: LineCounter): YamlDocument['locate'] {
  return (path, options = {}) => {
    let node: unknown = doc.contents;
    let best = (node as Node | null)?.range?.[0] ?? 0;
    for (let i = 0; i < path.length; i++) {
      const next = child(doc, node, path[i]!);
      if (!next) break;
      const last = i === path.length - 1;
      // A key with no value (`cpu:`) has only the key to point at.
      const target = last && options.key ? next.key ?? next.value : next.value ?? next.key;
      if (target?.range) best = target.range[0];
      if (!next.value) break;
      node = next.value;
    }
    return positionOf(lc, best);
  };
}

/** The parser's message without its own location suffix and source excerpt (we print ours). */
function cleanParserMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Parses YAML text; empty documents (comments only, a leading `---`) are skipped. Plain text
 * (scenarios/yaml-plain.ts) is read by the fast reader, its positions found only when asked for;
 * anything else by the `yaml` library.
 */
export function parseYaml(file: string, text: string): YamlDocument[] {
  const plain = readPlainYaml(text);
  if (plain !== undefined) {
    const linesBefore = lineCounterOf(text);
    return plain.map((d, index) => ({ file, index, value: d.value, locate: locateLater(text, d.start, d.end, linesBefore) }));
  }
  return parseWithLibrary(file, text);
}

/**
 * A plain document's `locate`: the document's text is parsed by the `yaml` library on the first
 * call (an error, a warning), so a file that loads cleanly never builds a node tree. The text
 * starts at a line start, so the library's line and column there are the file's, shifted by the
 * lines before it.
 */
function locateLater(text: string, start: number, end: number, linesBeforeOf: (offset: number) => number): YamlDocument['locate'] {
  let locate: YamlDocument['locate'] | undefined;
  return (path, options) => {
    if (locate === undefined) {
      const lines = new LineCounter();
      const docs = [...new Composer({ merge: true }).compose(new Parser(lines.addNewLine).parse(text.slice(start, end)))];
      const doc = docs.find((d) => d.contents !== null)!;
      const linesBefore = linesBeforeOf(start);
      const local = makeLocate(doc, lines);
      locate = (p, o) => {
        const pos = local(p, o);
        return { line: pos.line + linesBefore, column: pos.column };
      };
    }
    return locate(path, options);
  };
}

/**
 * How many lines of `text` end before `offset` (a line start); the newlines are found once, on
 * the first call, so many located documents (a warning per document) cost one pass.
 */
function lineCounterOf(text: string): (offset: number) => number {
  let newlines: number[] | undefined;
  return (offset) => {
    if (newlines === undefined) {
      newlines = [];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) newlines.push(i);
    }
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (newlines[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

/**
 * The `yaml` library's reading, one document at a time (a whole file's tokens held at once cost
 * a 2 MB file ~0.6 s of garbage collection). The first problem is thrown, except that a
 * document nested too deeply anywhere in the file wins (it is checked before composing).
 * Exported for the tests that hold the fast reader to it.
 */
export function parseWithLibrary(file: string, text: string): YamlDocument[] {
  const lineCounter = new LineCounter();
  const at = (offset: number, message: string): ScenarioError => {
    const p = positionOf(lineCounter, offset);
    return new ScenarioError(file, p.line, p.column, [], message);
  };
  // Merge keys (`<<: *base`) are YAML 1.1 and kubectl's parser (go-yaml) reads them, so they are on here too.
  const composer = new Composer({ merge: true });
  const out: YamlDocument[] = [];
  const earlierAnchors = new Set<string>();
  let problem: ScenarioError | undefined;
  const take = (doc: Document.Parsed): void => {
    if (problem !== undefined) return;
    const err = doc.errors[0];
    if (err) return void (problem = at(err.pos[0], `invalid YAML: ${cleanParserMessage(err.message)}`));
    const aliasError = checkAliases(doc, earlierAnchors);
    if (aliasError) return void (problem = at(aliasError.offset, aliasError.message));
    const complexKey = collectionKey(doc);
    if (complexKey !== undefined) return void (problem = at(complexKey, 'invalid YAML: a mapping key must be a plain value, not a list, a mapping or a !!binary value (kubectl refuses it too)'));
    // kubectl skips empty documents: nothing after `---`, or only comments, or a bare `null`.
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      // The only throws left here are the `yaml` library's guard against alias bombs.
      const first = firstAlias(doc);
      const why = e instanceof Error && /alias count/i.test(e.message)
        ? `invalid YAML: aliases expand to too many values (more than ${MAX_ALIAS_COUNT} copies; an "alias bomb"); write the values out or use fewer nested aliases`
        : `invalid YAML: ${e instanceof Error ? e.message : String(e)}`;
      return void (problem = at(first ?? doc.range[0], why));
    }
    out.push({ file, index: out.length, value, locate: makeLocate(doc, lineCounter) });
  };
  for (const token of new Parser(lineCounter.addNewLine).parse(text)) {
    // The parser keeps its own stack; composing and converting recurse, so nesting is bounded first.
    const deep = tooDeep(token);
    if (deep !== undefined) {
      throw at(deep, `invalid YAML: nested more than ${MAX_NESTING} levels deep (collections inside collections); no manifest needs that many`);
    }
    // After a problem only the nesting check is left to do: the rest is not composed.
    if (problem === undefined) for (const doc of composer.next(token)) take(doc);
  }
  if (problem === undefined) for (const doc of composer.end()) take(doc);
  if (problem !== undefined) throw problem;
  return out;
}

/** Collections inside collections beyond this are refused (kubectl's YAML decoder has a limit too). */
export const MAX_NESTING = 200;
/** Passed to the `yaml` library: how many times aliased values may be copied out. */
export const MAX_ALIAS_COUNT = 1000;

/** Offset of the first token nested deeper than MAX_NESTING, walking a parser's token without recursion. */
function tooDeep(top: CST.Token): number | undefined {
  const stack: Array<[CST.Token, number]> = [];
  if (top.type === 'document' && top.value) stack.push([top.value, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (!('items' in token)) continue;
    if (depth + 1 > MAX_NESTING) return token.offset;
    for (const item of token.items as CST.CollectionItem[]) {
      if (item.key) stack.push([item.key, depth + 1]);
      if (item.value) stack.push([item.value, depth + 1]);
    }
  }
  return undefined;
}

/** Every node of a document, depth first, without recursion (nesting is already bounded). */
function* nodesOf(doc: Document): Generator<Node> {
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isPair(n)) {
      stack.push(n.value, n.key);
      continue;
    }
    if (!isNode(n)) continue;
    yield n;
    if (isCollection(n)) for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
  }
}

/**
 * A mapping key that is itself a list or mapping (`? [a, b]: c`): JSON, and so kubectl, has
 * string keys only ("yaml: invalid map key").
 */
function collectionKey(doc: Document): number | undefined {
  for (const n of nodesOf(doc)) {
    if (!isMap(n)) continue;
    for (const pair of n.items) {
      const k = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
      // A !!binary or !!timestamp key is an object too: not a JSON key either.
      const objectScalar = isScalar(k) && k.value !== null && typeof k.value === 'object';
      if (isCollection(k) || objectScalar) return (pair.key as Node).range?.[0] ?? n.range?.[0];
    }
  }
  return undefined;
}

function firstAlias(doc: Document): number | undefined {
  for (const n of nodesOf(doc)) if (isAlias(n)) return n.range?.[0];
  return undefined;
}

/**
 * An alias must name an anchor set before it in the same document, and must not sit inside the
 * value it names. kubectl decodes each `---` document on its own, so an anchor of an earlier
 * document is unknown there too: say so plainly rather than let the alias resolve to nothing.
 */
function checkAliases(doc: Document, earlierAnchors: Set<string>): { offset: number; message: string } | undefined {
  let problem: { offset: number; message: string } | undefined;
  const anchors: string[] = [];
  for (const n of nodesOf(doc)) {
    if (n.anchor) anchors.push(n.anchor);
    if (problem || !isAlias(n)) continue;
    const offset = n.range?.[0] ?? 0;
    const name = n.source;
    const target = n.resolve(doc);
    if (target === undefined) {
      problem = {
        offset,
        message: earlierAnchors.has(name)
          ? `invalid YAML: alias *${clip(name)} refers to an anchor &${clip(name)} in an earlier document; anchors do not reach across "---" (kubectl refuses this too), so repeat the value in this document`
          : `invalid YAML: alias *${clip(name)} has no anchor &${clip(name)} before it in this document`,
      };
    } else if (target.range && n.range && target.range[0] <= n.range[0] && n.range[1] <= target.range[1]) {
      problem = { offset, message: `invalid YAML: alias *${clip(name)} is inside the value anchored &${clip(name)}; a value cannot contain itself` };
    }
  }
  for (const a of anchors) earlierAnchors.add(a);
  return problem;
}

/**
 * Byte offset of the first byte that is not well-formed UTF-8 (overlong forms, surrogates and
 * code points past U+10FFFF included), or -1. kubectl refuses such a file; decoding it to U+FFFD
 * would run something the user did not write.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Decodes a file's bytes as UTF-8 (a leading byte-order mark dropped), or says where it is not UTF-8. */
export function decodeUtf8(file: string, bytes: Uint8Array): string {
  const bad = invalidUtf8Offset(bytes);
  if (bad >= 0) {
    const before = Buffer.from(bytes.subarray(0, bad)).toString('utf8');
    const lineStart = before.lastIndexOf('\n') + 1;
    const line = before.slice(0, lineStart).split('\n').length;
    const byte = bytes[bad]!.toString(16).padStart(2, '0');
    throw new ScenarioError(file, line, [...before.slice(lineStart)].length + 1, [],
      `invalid UTF-8 (byte 0x${byte}); save the file as UTF-8`);
  }
  const text = Buffer.from(bytes).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Reads and parses a file; an unreadable file is a ScenarioError at 1:1. */
export function readYamlFile(file: string): YamlDocument[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new ScenarioError(file, 1, 1, [], code === 'EISDIR' ? 'is a folder, not a YAML file' : `cannot read file (${code})`);
  }
  return parseYaml(file, decodeUtf8(file, bytes));
}
