// Small value parsers shared by the verbs: object names, label keys, YAML/JSON values, field paths.

import { parse as parseYaml, YAMLParseError } from 'yaml';
import { LabelSelectorError, labelKeyProblem, type LabelSelector } from '../../models/api/policy/labels.js';
import { parseListSelector, parseSelectorString, type Requirement } from '../../models/api/policy/selector-string.js';
import { CommandError } from './errors.js';
import type { Word } from './tokenize.js';
import type { FieldPathStep, JsonValue } from './types.js';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Object names: a DNS subdomain (what most kinds require), ≤253 characters. */
export function checkName(w: Word, what = 'name'): string {
  const t = w.text;
  if (t.length > 0 && t.length <= 253 && DNS_SUBDOMAIN.test(t)) return t;
  let hint = '';
  if (/^[a-z][-a-z]*=/.test(t)) hint = ` (a flag needs a leading "--": did you mean --${t}?)`;
  else if (t.includes('/')) hint = ' (TYPE/NAME form: write the type once, e.g. deployment/web)';
  throw new CommandError(
    `invalid ${what} ${JSON.stringify(t)}: must be lower-case letters, digits, '-' and '.', ` +
      `starting and ending with a letter or digit${hint}`,
    w.start,
  );
}

/** Namespace and container names: a DNS label (≤63, no dots). */
export function checkLabelName(w: Word, what: string): string {
  if (w.text.length <= 63 && DNS_LABEL.test(w.text)) return w.text;
  throw new CommandError(
    `invalid ${what} ${JSON.stringify(w.text)}: must be at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit`,
    w.start,
  );
}

export function checkKey(w: Word, key: string, what: string): string {
  const problem = labelKeyProblem(key);
  if (problem !== undefined) throw new CommandError(problem.replace('label key', `${what} key`), w.start);
  return key;
}

/** `-l` / `--selector`: which objects to list or act on (labels.Parse: Gt/Lt too). */
export function parseSelector(w: Word, flag: string): { selector: Requirement[]; selectorText: string } {
  return { selector: selectorWord(w, flag, parseListSelector), selectorText: w.text };
}

/** A selector written into an object (`--pod-selector`): a LabelSelector, so no Gt/Lt. */
export function parseLabelSelector(w: Word, flag: string): LabelSelector {
  return selectorWord(w, flag, parseSelectorString);
}

/** A selector word parsed by `parse`; its LabelSelectorError as a CommandError at the word. */
function selectorWord<T>(w: Word, flag: string, parse: (text: string) => T): T {
  try {
    return parse(w.text);
  } catch (e) {
    if (e instanceof LabelSelectorError) throw new CommandError(`${flag}: ${e.message}`, w.start);
    throw e;
  }
}

/** Deeper than this a patch or value is refused: an alias that contains itself would never end. */
const MAX_VALUE_DEPTH = 200;

/** Checks that a parsed YAML value is plain JSON data and returns it typed. */
export function toJson(v: unknown, where: string, depth = 0): JsonValue {
  if (depth > MAX_VALUE_DEPTH) throw new CommandError(`${where}: nested more than ${MAX_VALUE_DEPTH} levels deep (an alias inside its own anchor?)`);
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new CommandError(`${where}: ${String(v)} is not a JSON number`);
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => toJson(x, `${where}[${i}]`, depth + 1));
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: { [key: string]: JsonValue } = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = toJson(x, `${where}.${k}`, depth + 1);
    return out;
  }
  throw new CommandError(`${where}: unsupported value ${String(v)}`);
}

/** Parses YAML (so JSON too) into JSON data; `what` names the thing in errors. */
export function parseYamlValue(text: string, what: string, offset?: number): JsonValue {
  let v: unknown;
  try {
    v = parseYaml(text, { prettyErrors: false, maxAliasCount: 100 });
  } catch (e) {
    // YAMLParseError, and the ReferenceError or RangeError of an unknown alias, an alias bomb
    // or nesting too deep for the parser: all are the user's text, not our fault.
    if (e instanceof YAMLParseError || e instanceof ReferenceError || e instanceof RangeError) {
      throw new CommandError(`${what} is not valid JSON or YAML: ${e.message.split('\n')[0]}`, offset);
    }
    throw e;
  }
  return toJson(v === undefined ? null : v, what);
}

/**
 * `spec.template.spec.containers[0].image` → ['spec', 'template', 'spec', 'containers', 0, 'image'].
 * Keys that are not plain words are quoted: `metadata.labels["app.kubernetes.io/name"]`.
 */
export function parseFieldPath(text: string, offset?: number): FieldPathStep[] {
  const steps: FieldPathStep[] = [];
  const fail = (why: string): never => {
    throw new CommandError(
      `invalid field path ${JSON.stringify(text)}: ${why} (write e.g. spec.template.spec.containers[0].image or metadata.labels["app.kubernetes.io/name"])`,
      offset,
    );
  };
  let i = 0;
  let expectKey = true;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) fail('unclosed "["');
      const inner = text.slice(i + 1, close);
      if (/^\d+$/.test(inner)) steps.push(Number(inner));
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) steps.push(JSON.parse(inner) as string);
      else fail(`"[${inner}]" is neither an index nor a quoted key`);
      i = close + 1;
      expectKey = false;
    } else if (c === '.') {
      if (expectKey) fail('empty key');
      i++;
      expectKey = true;
    } else {
      if (!expectKey) fail(`expected "." or "[" before ${JSON.stringify(text.slice(i))}`);
      let j = i;
      while (j < text.length && !'.[]'.includes(text[j]!)) j++;
      steps.push(text.slice(i, j));
      i = j;
      expectKey = false;
    }
  }
  if (steps.length === 0 || expectKey) fail('empty key');
  return steps;
}
