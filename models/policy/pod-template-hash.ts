// pod-template-hash (controller.ComputeHash) and generateName suffixes (utilrand.String).
// Upstream hashes the Go struct with a deep-printer; we hash canonical JSON instead, so values
// differ from a real cluster's but keep the same shape, alphabet and stability properties.

/** utilrand's alphabet: no vowels (no words), no 0/1/3 (look like o/l/e). */
export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

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

/** True when two templates are equal ignoring the pod-template-hash label. */
export function equalIgnoreHash(a: object, b: object): boolean {
  return canonicalJSON(stripHashLabel(a)) === canonicalJSON(stripHashLabel(b));
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

/** Upstream names a generated object base + 5 random characters; base is cut to 58 characters. */
export const MAX_GENERATED_NAME_LENGTH = 63 - 5;

/** utilrand.String(n) with an injected uniform [0,1) source. */
export function randomString(n: number, rand: () => number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += SAFE_ALPHABET[Math.min(SAFE_ALPHABET.length - 1, Math.floor(rand() * SAFE_ALPHABET.length))];
  return s;
}

/** generateName: `<prefix><5 chars>`, e.g. generatePodName("web-6bdd4b58db-", rand) → "web-6bdd4b58db-x7k2q". */
export function generatePodName(prefix: string, rand: () => number): string {
  const base = prefix.length > MAX_GENERATED_NAME_LENGTH ? prefix.slice(0, MAX_GENERATED_NAME_LENGTH) : prefix;
  return base + randomString(5, rand);
}
