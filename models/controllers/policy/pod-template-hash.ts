// pod-template-hash (controller.ComputeHash), safe-encoded with utilrand's alphabet.
// Upstream hashes the Go struct with a deep-printer; we hash canonical JSON instead, so values
// differ from a real cluster's but keep the same shape, alphabet and stability properties.

import { SAFE_ALPHABET } from '../../api/policy/names.js';

export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** FNV-1a, 32 bit, over bytes. */
export function fnv1a32(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each byte → SAFE_ALPHABET[byte % 27]. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) out += SAFE_ALPHABET[b % SAFE_ALPHABET.length];
  return out;
}

/** JSON with object keys sorted at every level; undefined members dropped. */
export function canonicalJSON(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonicalJSON(x))).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJSON(o[k])}`).join(',')}}`;
}

/** The template without the pod-template-hash label (EqualIgnoreHash / ComputeHash input). */
export function stripHashLabel<T extends { metadata?: { labels?: Record<string, string> } }>(template: T): T {
  const labels = template.metadata?.labels;
  if (!labels || !(POD_TEMPLATE_HASH_LABEL in labels)) return template;
  const { [POD_TEMPLATE_HASH_LABEL]: _drop, ...rest } = labels;
  return { ...template, metadata: { ...template.metadata, labels: rest } };
}

/**
 * canonicalJSON(a) === canonicalJSON(b), decided by walking both values (no strings built):
 * key order ignored, undefined members dropped, undefined array items read as null. The
 * Deployment controller compares templates on every sync, so this is on a hot path.
 */
export function canonicalEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ao = a !== null && typeof a === 'object';
  const bo = b !== null && typeof b === 'object';
  if (!ao || !bo) {
    if (ao || bo) return false;
    return (JSON.stringify(a) ?? 'null') === (JSON.stringify(b) ?? 'null');
  }
  const aa = Array.isArray(a);
  if (aa !== Array.isArray(b)) return false;
  if (aa) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!canonicalEqual(x[i] ?? null, y[i] ?? null)) return false;
    return true;
  }
  return canonicalObjectEqual(a as Record<string, unknown>, b as Record<string, unknown>);
}

function canonicalObjectEqual(x: Record<string, unknown>, y: Record<string, unknown>, skip?: string, inner?: (p: unknown, q: unknown) => boolean): boolean {
  let nx = 0;
  for (const k in x) {
    if (!Object.prototype.hasOwnProperty.call(x, k) || k === skip) continue;
    const v = x[k];
    if (v === undefined) continue;
    nx++;
    const w = Object.prototype.hasOwnProperty.call(y, k) ? y[k] : undefined;
    if (w === undefined) return false;
    if (!(inner ? inner(k, [v, w]) : canonicalEqual(v, w))) return false;
  }
  let ny = 0;
  for (const k in y) if (Object.prototype.hasOwnProperty.call(y, k) && k !== skip && y[k] !== undefined) ny++;
  return nx === ny;
}

function labelsEqualIgnoringHash(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) || Array.isArray(b)) return canonicalEqual(a, b);
  return canonicalObjectEqual(a as Record<string, unknown>, b as Record<string, unknown>, POD_TEMPLATE_HASH_LABEL);
}

function metadataEqualIgnoringHash(a: unknown, b: unknown): boolean {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) || Array.isArray(b)) return canonicalEqual(a, b);
  return canonicalObjectEqual(a as Record<string, unknown>, b as Record<string, unknown>, undefined, (k, pair) => {
    const [v, w] = pair as [unknown, unknown];
    return k === 'labels' ? labelsEqualIgnoringHash(v, w) : canonicalEqual(v, w);
  });
}

/** True when two templates are equal ignoring the pod-template-hash label (as canonicalJSON of stripHashLabel would say). */
export function equalIgnoreHash(a: object, b: object): boolean {
  if (a === b) return true;
  return canonicalObjectEqual(a as Record<string, unknown>, b as Record<string, unknown>, undefined, (k, pair) => {
    const [v, w] = pair as [unknown, unknown];
    return k === 'metadata' ? metadataEqualIgnoringHash(v, w) : canonicalEqual(v, w);
  });
}

/**
 * ComputeHash: fnv-1a over the canonical template, then (if given) collisionCount as 4
 * little-endian bytes; the decimal of the uint32 is safe-encoded (e.g. "6bdd4b58db").
 */
export function computePodTemplateHash(template: object, collisionCount?: number): string {
  const bytes = Buffer.from(canonicalJSON(stripHashLabel(template)), 'utf8');
  let h = fnv1a32(bytes);
  if (collisionCount !== undefined) {
    const cc = Buffer.alloc(4);
    cc.writeUInt32LE(collisionCount >>> 0);
    h = fnv1a32(cc, h);
  }
  return safeEncodeString(String(h));
}
