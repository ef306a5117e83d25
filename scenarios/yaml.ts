// Reads multi-document YAML and keeps every node's position, so errors found later (schema,
// semantics, the timeline) can point at the exact line and column of the field.
import { readFileSync } from 'node:fs';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { ScenarioError, type FieldPath } from './errors.js';

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
 * Parses YAML text. Empty documents (comments only, a leading or trailing `---`, `---` twice, as
 * `helm template` writes them) are skipped, as kubectl skips them. Merge keys (`<<: *base`) are
 * YAML 1.1 and kubectl's parser (go-yaml) reads them, so they are on here too.
 */
export function parseYaml(file: string, text: string): YamlDocument[] {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: true, merge: true });
  if (!Array.isArray(docs)) {
    // An empty stream comes back as an EmptyStream object, not an array.
    return [];
  }
  const out: YamlDocument[] = [];
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const pos = err.linePos?.[0];
      throw new ScenarioError(file, pos?.line ?? 1, pos?.col ?? 1, [], `invalid YAML: ${cleanParserMessage(err.message)}`);
    }
    if (doc.contents === null) continue;
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    // `---` followed by nothing but `---` or comments parses as a null scalar, not as no content.
    if (value === null || value === undefined) continue;
    out.push({ file, index: out.length, value, locate: makeLocate(doc, lineCounter) });
  }
  return out;
}

/** Reads and parses a file; an unreadable file is a ScenarioError at 1:1. */
export function readYamlFile(file: string): YamlDocument[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new ScenarioError(file, 1, 1, [], `cannot read file (${code})`);
  }
  return parseYaml(file, text);
}
