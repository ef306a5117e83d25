// A fast reader for the plain YAML that big scenario files are made of (generated manifests,
// `kubectl get -o yaml`): block mappings and lists, one-line flow collections, one-line plain
// and quoted scalars, literal block scalars (`|`, `|-`), comments and `---`. It builds the
// plain JS value directly from the text, without the `yaml` library's token stream and node
// tree, which cost ~3 s for a 2 MB file (bench/README.md, load-fast).
//
// It is an optimisation only, never a second meaning: on anything outside that subset —
// anchors, aliases, tags, folded or kept block scalars, multi-line plain or quoted scalars or
// flow collections, explicit keys, directives, tabs, non-string keys, duplicate keys, merge
// keys, or anything it is not sure of — it gives up (returns undefined) and the loader reads
// the whole file with the `yaml` library as before. Plain scalars are resolved with the
// library's own core-schema tags, so `1`, `1.0`, `true`, `~` and `0x1F` mean what they mean
// there. test/scenarios/yaml-plain.test.ts holds it to the library on every bundled example and
// fixture, on edge cases and on seeded random documents.
import { Document, isScalar } from 'yaml';

/** One document the reader understood: its value and the part of the text it came from. */
export interface PlainDocument {
  value: unknown;
  /** Offsets of the document's text: [start, end) covers its `---` line and its content. */
  start: number;
  end: number;
}

/** Thrown inside the reader to give up; never escapes readPlainYaml. */
class NotPlain extends Error {}
const notPlain = new NotPlain('not plain');
function giveUp(): never {
  throw notPlain;
}

/** Nesting past this is left to the library (it has the MAX_NESTING check and message). */
const MAX_DEPTH = 64;
/** The library refuses implicit keys longer than 1024 characters; leave those to it. */
const MAX_KEY_LENGTH = 1024;

/** The core-schema tags a plain scalar is tested against, in the library's order and options. */
const schemaDoc = new Document(null, { merge: true });
const valueTags = schemaDoc.schema.tags.filter((t) => t.default === true && t.test !== undefined);
const keyTags = schemaDoc.schema.tags.filter((t) => (t.default === true || t.default === 'key') && t.test !== undefined);

/** A plain scalar's value as the library's composer gives it (findScalarTagByTest, then resolve). */
function resolvePlain(text: string, atKey: boolean): unknown {
  const tag = (atKey ? keyTags : valueTags).find((t) => t.test!.test(text));
  if (tag === undefined) return text; // the str tag
  let failed = false;
  const res = (tag.resolve as (v: string, onError: (m: string) => void, o: unknown) => unknown)(text, () => (failed = true), schemaDoc.options);
  if (failed) giveUp();
  return isScalar(res) ? res.value : res;
}

/** Characters outside the reader's subset anywhere in the file (tabs, CR, controls, BOM, LS/PS). */
// eslint-disable-next-line no-control-regex
const UNSUPPORTED_CHARS = /[\x00-\x09\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029\ufffe\uffff]/;
/** A plain scalar may not start with these (indicators); `-` is checked on its own. */
const BAD_PLAIN_START = new Set([',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', '?', ':']);

interface Line {
  indent: number;
  /** The line without its indentation (and with no trailing newline). */
  text: string;
  /** Its index among the document's raw lines (a literal block scalar reads those). */
  row: number;
}

function setKey(map: Record<string, unknown>, key: string, value: unknown): void {
  if (Object.prototype.hasOwnProperty.call(map, key)) giveUp(); // the library reports duplicate keys
  // defineProperty: a `__proto__` key is data, as the library makes it.
  if (key === '__proto__') Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  else map[key] = value;
}

/** A key's text resolved: it must be a string (manifests have string keys), never `<<`. */
function plainKey(text: string): string {
  if (text.length === 0 || text.length > MAX_KEY_LENGTH || text === '<<') giveUp();
  checkPlainStart(text);
  const k = resolvePlain(text, true);
  if (typeof k !== 'string') giveUp();
  return k;
}

function checkPlainStart(text: string): void {
  const c = text[0]!;
  if (BAD_PLAIN_START.has(c)) giveUp();
  if (c === '-' && (text.length === 1 || text[1] === ' ')) giveUp();
}

/** A quoted scalar starting at `s[i]`; returns its value and the index after the closing quote. */
function quoted(s: string, i: number): [string, number] {
  const q = s[i]!;
  if (q === '"') {
    const close = s.indexOf('"', i + 1);
    if (close < 0) giveUp();
    const body = s.slice(i + 1, close);
    if (body.includes('\\')) giveUp(); // escapes are the library's
    return [body, close + 1];
  }
  let out = '';
  let j = i + 1;
  for (;;) {
    const close = s.indexOf("'", j);
    if (close < 0) giveUp();
    out += s.slice(j, close);
    if (s[close + 1] === "'") {
      out += "'";
      j = close + 2;
      continue;
    }
    return [out, close + 1];
  }
}

/** Only spaces and an optional ` # comment` from `i` to the end of the line. */
function checkLineEnd(s: string, i: number): void {
  let j = i;
  while (s[j] === ' ') j++;
  if (j === s.length) return;
  if (s[j] === '#' && j > i) return;
  giveUp();
}

/** A one-line flow collection starting at `s[i]` (`[` or `{`); returns it and the index after it. */
function flow(s: string, i: number, depth: number): [unknown, number] {
  if (depth > MAX_DEPTH) giveUp();
  const open = s[i]!;
  const close = open === '[' ? ']' : '}';
  const seq: unknown[] = [];
  const map: Record<string, unknown> = {};
  let j = i + 1;
  const skip = (): void => {
    while (s[j] === ' ') j++;
  };
  skip();
  if (s[j] === close) return [open === '[' ? seq : map, j + 1];
  for (;;) {
    skip();
    if (open === '{') {
      let key: string;
      if (s[j] === '"' || s[j] === "'") {
        [key, j] = quoted(s, j);
        if (s[j] !== ':') giveUp();
        j++;
      } else {
        const colon = s.indexOf(': ', j);
        if (colon < 0) giveUp();
        const raw = s.slice(j, colon);
        if (/[,[\]{}#]/.test(raw)) giveUp();
        key = plainKey(raw.trimEnd());
        j = colon + 1;
      }
      if (s[j] !== ' ') giveUp();
      skip();
      let value: unknown;
      [value, j] = flowValue(s, j, depth);
      setKey(map, key, value);
    } else {
      let value: unknown;
      [value, j] = flowValue(s, j, depth);
      seq.push(value);
    }
    skip();
    if (s[j] === ',') {
      j++;
      skip();
      if (s[j] === close || s[j] === ',') giveUp(); // trailing or empty entries: the library's
      continue;
    }
    if (s[j] === close) return [open === '[' ? seq : map, j + 1];
    giveUp();
  }
}

/** A value inside a flow collection: quoted, nested flow, or a plain scalar up to `,` `]` `}`. */
function flowValue(s: string, i: number, depth: number): [unknown, number] {
  const c = s[i];
  if (c === undefined) giveUp();
  if (c === '[' || c === '{') return flow(s, i, depth + 1);
  if (c === '"' || c === "'") {
    const [v, j] = quoted(s, i);
    // `"a": b` inside a list is a one-pair mapping: the library's.
    let k = j;
    while (s[k] === ' ') k++;
    if (s[k] === ':') giveUp();
    return [v, j];
  }
  let j = i;
  while (j < s.length && s[j] !== ',' && s[j] !== ']' && s[j] !== '}') j++;
  const raw = s.slice(i, j).trimEnd();
  if (raw.length === 0 || raw.includes(': ') || raw.endsWith(':') || raw.includes(' #')) giveUp();
  checkPlainStart(raw);
  return [resolvePlain(raw, false), j];
}

/** A value written on the line after `key: ` or `- `: quoted, flow, or plain to the end of the line. */
function inlineValue(s: string): unknown {
  const c = s[0]!;
  if (c === '[' || c === '{') {
    const [v, j] = flow(s, 0, 1);
    checkLineEnd(s, j);
    return v;
  }
  if (c === '"' || c === "'") {
    const [v, j] = quoted(s, 0);
    checkLineEnd(s, j);
    return v;
  }
  const hash = s.indexOf(' #');
  const raw = (hash < 0 ? s : s.slice(0, hash)).trimEnd();
  if (raw.includes(': ') || raw.endsWith(':')) giveUp();
  checkPlainStart(raw);
  return resolvePlain(raw, false);
}

/**
 * Where a mapping entry's key ends on a line (`key: value` or `key:`): the index of its `:`,
 * or -1 when the line is not a mapping entry.
 */
function keyColon(s: string): number {
  if (s[0] === '"' || s[0] === "'") {
    const [, j] = quoted(s, 0);
    let k = j;
    while (s[k] === ' ') k++;
    return s[k] === ':' && (k + 1 === s.length || s[k + 1] === ' ') ? k : -1;
  }
  if (s[0] === '[' || s[0] === '{') return -1;
  const hash = s.indexOf(' #');
  const colonSpace = s.indexOf(': ');
  let colon = colonSpace >= 0 && (hash < 0 || colonSpace < hash) ? colonSpace : -1;
  if (colon < 0) {
    const end = (hash < 0 ? s : s.slice(0, hash)).trimEnd();
    if (end.endsWith(':')) colon = end.length - 1;
  }
  return colon;
}

function isSeqItem(text: string): boolean {
  return text[0] === '-' && (text.length === 1 || text[1] === ' ');
}

class BlockReader {
  i = 0;
  constructor(
    private readonly lines: Line[],
    /** The document's lines as written (blank and comment lines included, trailing spaces kept). */
    private readonly rows: readonly string[],
  ) {}

  /**
   * A literal block scalar (`|` or `|-`, what `kubectl get -o yaml` writes for
   * last-applied-configuration) after the entry on content line `at`, whose own indentation
   * is `parent`: its lines, less the first line's indentation, each ending in a newline, the
   * trailing blank ones dropped; `|` keeps one final newline, `|-` none. Other headers
   * (`|+`, `|2`, `>`…) are the library's.
   */
  private literal(header: string, parent: number, at: Line): string {
    if (header !== '|' && header !== '|-') giveUp();
    const body: string[] = [];
    let contentIndent = -1;
    let row = at.row + 1;
    for (; row < this.rows.length; row++) {
      const raw = this.rows[row]!;
      let ind = 0;
      while (raw.charCodeAt(ind) === 32) ind++;
      if (ind === raw.length) {
        // A blank line: an empty line of the text. One with more spaces than that is the library's.
        if (ind > (contentIndent < 0 ? parent : contentIndent)) giveUp();
        body.push('');
        continue;
      }
      if (ind <= parent) break;
      if (contentIndent < 0) contentIndent = ind;
      else if (ind < contentIndent) giveUp(); // less indented than the first line: the library's
      body.push(raw.slice(contentIndent));
    }
    if (contentIndent < 0) giveUp();
    while (body.length > 0 && body[body.length - 1] === '') body.pop();
    // The content lines this scalar took are not entries.
    while (this.i < this.lines.length && this.lines[this.i]!.row < row) this.i++;
    return body.join('\n') + (header === '|' ? '\n' : '');
  }

  private peek(): Line | undefined {
    return this.lines[this.i];
  }

  block(indent: number, depth: number): unknown {
    if (depth > MAX_DEPTH) giveUp();
    const line = this.peek()!;
    return isSeqItem(line.text) ? this.seq(indent, depth) : this.map(indent, depth);
  }

  /** The nested value after `key:` or `-` with nothing else on the line (`ownIndent`: the entry's). */
  private nested(ownIndent: number, seqAllowedAtSameIndent: boolean, depth: number): unknown {
    const next = this.peek();
    if (next !== undefined && next.indent > ownIndent) return this.block(next.indent, depth + 1);
    if (next !== undefined && seqAllowedAtSameIndent && next.indent === ownIndent && isSeqItem(next.text)) return this.seq(ownIndent, depth + 1);
    return null;
  }

  /** After a value written on its line, a deeper line would continue it (a multi-line scalar). */
  private noContinuation(indent: number): void {
    const next = this.peek();
    if (next !== undefined && next.indent > indent) giveUp();
  }

  map(indent: number, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (;;) {
      const line = this.peek();
      if (line === undefined || line.indent < indent) return out;
      if (line.indent > indent || isSeqItem(line.text)) giveUp();
      const s = line.text;
      const colon = keyColon(s);
      if (colon < 0) giveUp();
      const key = s[0] === '"' || s[0] === "'" ? quoted(s, 0)[0] : plainKey(s.slice(0, colon).trimEnd());
      this.i++;
      let rest = s.slice(colon + 1);
      const lead = rest.length - rest.trimStart().length;
      rest = rest.slice(lead);
      if (rest.length === 0 || (rest[0] === '#' && lead > 0)) {
        setKey(out, key, this.nested(indent, true, depth));
      } else if (rest[0] === '|') {
        setKey(out, key, this.literal(rest, indent, line));
      } else {
        setKey(out, key, inlineValue(rest));
        this.noContinuation(indent);
      }
    }
  }

  seq(indent: number, depth: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const line = this.peek();
      if (line === undefined || line.indent < indent) return out;
      if (line.indent > indent) giveUp();
      if (!isSeqItem(line.text)) return out; // the rest of a mapping whose value this list was
      const s = line.text;
      let k = 1;
      while (s[k] === ' ') k++;
      const rest = s.slice(k);
      if (rest.length === 0 || rest[0] === '#') {
        if (rest.length > 0 && k === 1) giveUp();
        this.i++;
        out.push(this.nested(indent, false, depth));
        continue;
      }
      if (isSeqItem(rest)) giveUp(); // `- - a`: the library's
      if (rest[0] === '|') {
        this.i++;
        out.push(this.literal(rest, indent, line));
        continue;
      }
      if (keyColon(rest) >= 0) {
        // `- key: value`: a mapping whose entries sit at the column of `key`.
        this.lines[this.i] = { indent: indent + k, text: rest, row: line.row };
        out.push(this.map(indent + k, depth + 1));
        continue;
      }
      this.i++;
      out.push(inlineValue(rest));
      this.noContinuation(indent);
    }
  }
}

/**
 * The documents of `text`, or undefined when any part of it is outside the subset this reader
 * knows (the caller then reads it with the `yaml` library). Empty documents are left out, as the
 * loader leaves them out.
 */
export function readPlainYaml(text: string): PlainDocument[] | undefined {
  if (UNSUPPORTED_CHARS.test(text)) return undefined;
  try {
    const out: PlainDocument[] = [];
    let lines: Line[] = [];
    let rows: string[] = [];
    let docStart = 0;
    const finish = (end: number): void => {
      if (lines.length > 0) {
        const first = lines[0]!;
        if (first.indent !== 0) giveUp();
        const reader = new BlockReader(lines, rows);
        if (isSeqItem(first.text)) giveUp(); // a top-level list is not a manifest: the library's message
        const value = reader.map(0, 1);
        if (reader.i !== lines.length) giveUp();
        out.push({ value, start: docStart, end });
      }
      lines = [];
      rows = [];
      docStart = end;
    };
    let pos = 0;
    while (pos < text.length) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = text.length;
      const raw = text.slice(pos, nl);
      if (raw.startsWith('---') || raw.startsWith('...') || raw.startsWith('%')) {
        if (!/^---( +(#.*)?)?$/.test(raw)) giveUp();
        finish(pos);
      } else {
        let indent = 0;
        while (raw.charCodeAt(indent) === 32) indent++;
        const body = raw.slice(indent).trimEnd();
        if (body.length > 0 && body[0] !== '#') lines.push({ indent, text: body, row: rows.length });
        rows.push(raw);
      }
      pos = nl + 1;
    }
    finish(text.length);
    return out;
  } catch (e) {
    if (e === notPlain) return undefined;
    throw e;
  }
}
