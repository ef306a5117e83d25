// Parameter paths: `<Kind>/<name>:<dotted.path[0].with.indexes>`, e.g.
// `Deployment/web:spec.template.spec.containers[0].resources.requests.cpu`.
// A path selects one node inside one scenario document; setting a value replaces that node.

export type PathSegment = string | number;

export interface ParameterPath {
  kind: string;
  name: string;
  segments: PathSegment[];
  text: string;
}

/** A scenario document as parsed from YAML (plain data). */
export type Document = Record<string, unknown>;

/** Parses a path; throws an Error with a human message when malformed. */
export function parseParameterPath(text: string): ParameterPath {
  const colon = text.indexOf(':');
  if (colon < 0) throw new Error(`expected "<Kind>/<name>:<field.path>", got "${text}"`);
  const target = text.slice(0, colon);
  const slash = target.indexOf('/');
  if (slash <= 0 || slash === target.length - 1) throw new Error(`expected "<Kind>/<name>" before ":", got "${target}"`);
  const kind = target.slice(0, slash);
  const name = target.slice(slash + 1);
  const rest = text.slice(colon + 1);
  if (rest === '') throw new Error(`missing field path after ":" in "${text}"`);
  const segments: PathSegment[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|(\.)/y;
  let pos = 0;
  let expectKey = true;
  while (pos < rest.length) {
    re.lastIndex = pos;
    const m = re.exec(rest);
    if (!m) throw new Error(`cannot parse field path "${rest}" at character ${pos + 1}`);
    if (m[1] !== undefined) {
      if (!expectKey) throw new Error(`expected "." or "[" before "${m[1]}" in "${rest}"`);
      segments.push(m[1]);
      expectKey = false;
    } else if (m[2] !== undefined) {
      if (expectKey) throw new Error(`index [${m[2]}] must follow a field name in "${rest}"`);
      segments.push(Number(m[2]));
    } else {
      if (expectKey) throw new Error(`empty field name in "${rest}"`);
      expectKey = true;
    }
    pos = re.lastIndex;
  }
  if (expectKey) throw new Error(`field path "${rest}" ends with "."`);
  return { kind, name, segments, text };
}

export function formatSegments(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function documentId(doc: Document): string | undefined {
  const meta = doc['metadata'];
  if (typeof doc['kind'] !== 'string' || !isRecord(meta) || typeof meta['name'] !== 'string') return undefined;
  return `${doc['kind']}/${meta['name']}`;
}

export function findDocument(documents: readonly Document[], kind: string, name: string): number {
  return documents.findIndex((d) => documentId(d) === `${kind}/${name}`);
}

/**
 * Checks that `path` names an existing node; returns undefined if so, otherwise a message saying
 * which part is missing (with the names that do exist there).
 */
export function checkPath(documents: readonly Document[], path: ParameterPath): string | undefined {
  const idx = findDocument(documents, path.kind, path.name);
  if (idx < 0) {
    const ids = documents.map(documentId).filter((x): x is string => x !== undefined);
    return `no document ${path.kind}/${path.name} in the scenario (documents: ${ids.join(', ') || 'none'})`;
  }
  let node: unknown = documents[idx];
  for (let i = 0; i < path.segments.length; i++) {
    const seg = path.segments[i]!;
    const here = formatSegments(path.segments.slice(0, i + 1));
    if (typeof seg === 'number') {
      if (!Array.isArray(node)) return `${here}: not a list in ${path.kind}/${path.name}`;
      if (seg >= node.length) return `${here}: index out of range in ${path.kind}/${path.name} (the list has ${node.length} item${node.length === 1 ? '' : 's'})`;
      node = node[seg];
    } else {
      if (!isRecord(node)) return `${here}: not a mapping in ${path.kind}/${path.name}`;
      if (!(seg in node)) {
        const keys = Object.keys(node);
        return `${here}: no such field in ${path.kind}/${path.name} (fields here: ${keys.join(', ') || 'none'})`;
      }
      node = node[seg];
    }
  }
  return undefined;
}

/** Replaces the node at `path` (which must exist: see checkPath) in `documents`, in place. */
export function setPath(documents: Document[], path: ParameterPath, value: unknown): void {
  const idx = findDocument(documents, path.kind, path.name);
  if (idx < 0) throw new Error(`no document ${path.kind}/${path.name}`);
  let node: unknown = documents[idx];
  const last = path.segments.length - 1;
  for (let i = 0; i < last; i++) {
    const seg = path.segments[i]!;
    node = (node as Record<string | number, unknown>)[seg];
  }
  (node as Record<string | number, unknown>)[path.segments[last]!] = value;
}

export function getPath(documents: readonly Document[], path: ParameterPath): unknown {
  const idx = findDocument(documents, path.kind, path.name);
  let node: unknown = documents[idx];
  for (const seg of path.segments) node = (node as Record<string | number, unknown>)[seg];
  return node;
}
