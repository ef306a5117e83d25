// Scenario documents as plain data that can cross a worker-thread boundary, positions included.
//
// A sweep loads its scenario once, on the main thread, and each point runs in a piscina worker on
// a copy of the documents with its parameter values set. Structured clone copies plain data but
// not YamlDocument.locate (a closure over the YAML tree), so each document's positions travel as
// a table: for every node of the loaded body, the position locate() gave for it (of its value, and
// of its key). Looked up the way locate walks, it answers exactly as locate did, so errors found
// in a worker (a parameter value the schema refuses, a bad timeline word) name the user's
// file:line:column, and relative paths (a Traffic rate CSV) resolve beside the real file.

import { loadScenarioSources, type Scenario, type ScenarioDocument, type ScenarioSource } from './load.js';
import type { FieldPath } from './errors.js';
import type { LocateOptions, Position, YamlDocument } from './yaml.js';

/** Path key → [value line, value column, key line, key column], for every node of a body. */
export type PositionTable = Record<string, [number, number, number, number]>;

/** Where a document was written: its file, its index among the file's documents, its nodes' positions. */
export interface DocumentOrigin {
  file: string;
  index: number;
  positions: PositionTable;
}

/** Scenario documents (plain bodies, in order) and, index for index, where each was written. */
export interface PortableScenario {
  documents: Record<string, unknown>[];
  origins: DocumentOrigin[];
}

/** One key per path; segments as strings, as locate() compares map keys (String(key) === String(seg)). */
function pathKey(path: readonly (string | number)[]): string {
  return JSON.stringify(path.map(String));
}

/** The position table of a loaded document: locate() asked once for each node of its body. */
export function positionsOf(doc: Pick<ScenarioDocument, 'body' | 'locate'>): PositionTable {
  const table: PositionTable = {};
  const ancestors = new Set<unknown>();
  const visit = (path: (string | number)[], node: unknown): void => {
    const v = doc.locate(path);
    const k = doc.locate(path, { key: true });
    table[pathKey(path)] = [v.line, v.column, k.line, k.column];
    if (node === null || typeof node !== 'object' || ancestors.has(node)) return; // a YAML alias may loop
    ancestors.add(node);
    if (Array.isArray(node)) node.forEach((item, i) => visit([...path, i], item));
    else for (const [key, value] of Object.entries(node)) visit([...path, key], value);
    ancestors.delete(node);
  };
  visit([], doc.body);
  return table;
}

/**
 * locate() over a position table. A path that runs past the table's nodes gets the position of its
 * deepest node that is there (a value's, as locate gives for an intermediate segment).
 */
export function locateIn(table: PositionTable): (path: FieldPath, options?: LocateOptions) => Position {
  return (path, options = {}) => {
    for (let n = path.length; n >= 0; n--) {
      const e = table[pathKey(path.slice(0, n))];
      if (e === undefined) continue;
      return n === path.length && options.key ? { line: e[2], column: e[3] } : { line: e[0], column: e[1] };
    }
    return { line: 1, column: 1 };
  };
}

/** The portable form of a loaded scenario (bodies shared, not copied: clone before changing them). */
export function portableScenario(scenario: Scenario): PortableScenario {
  return {
    documents: scenario.documents.map((d) => d.body),
    origins: scenario.documents.map((d) => ({ file: d.file, index: d.index, positions: positionsOf(d) })),
  };
}

/**
 * Loads portable documents as scenarios/load.ts loads files: schema validation with defaults,
 * cross-document checks, every error at its file:line:column.
 * @throws ScenarioErrors with every problem found
 */
export function loadPortableScenario(p: PortableScenario): Scenario {
  if (p.origins.length !== p.documents.length) throw new Error(`${p.documents.length} documents but ${p.origins.length} origins`);
  // One source per run of documents from the same file, in document order.
  const sources: (ScenarioSource & { docs: YamlDocument[] })[] = [];
  p.documents.forEach((value, i) => {
    const o = p.origins[i]!;
    let last = sources[sources.length - 1];
    if (last?.file !== o.file) {
      const docs: YamlDocument[] = [];
      last = { file: o.file, docs, read: () => docs };
      sources.push(last);
    }
    last.docs.push({ file: o.file, index: o.index, value, locate: locateIn(o.positions) });
  });
  return loadScenarioSources(sources);
}
