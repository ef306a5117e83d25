// generateName as the API server fills it (apiserver pkg/storage/names SimpleNameGenerator):
// the prefix, cut to 58 characters, plus 5 characters of utilrand.String's alphabet. The
// random source is injected so every caller draws from its own seeded stream.

/** utilrand's alphabet: no vowels (no words), no 0/1/3 (look like o/l/e). */
export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Upstream names a generated object base + 5 random characters; base is cut to 58 characters. */
export const MAX_GENERATED_NAME_LENGTH = 63 - 5;

/** utilrand.String(n) with an injected uniform [0,1) source. */
export function randomString(n: number, rand: () => number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += SAFE_ALPHABET[Math.min(SAFE_ALPHABET.length - 1, Math.floor(rand() * SAFE_ALPHABET.length))];
  return s;
}

/** `<prefix><5 chars>`, e.g. generateName("web-6bdd4b58db-", rand) → "web-6bdd4b58db-x7k2q". */
export function generateName(prefix: string, rand: () => number): string {
  const base = prefix.length > MAX_GENERATED_NAME_LENGTH ? prefix.slice(0, MAX_GENERATED_NAME_LENGTH) : prefix;
  return base + randomString(5, rand);
}
