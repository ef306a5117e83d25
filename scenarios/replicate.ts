// `kind: Replicate` (apiVersion k8sim/v1): "1,000 Deployments like this one, named web-0 …
// web-999", with their Services, HPAs and Traffic entries alike. The loader replaces each
// Replicate document by `count` copies of its `items`, with `${…}` in every string value
// evaluated for the copy's index (scenarios/replicate-expr.ts), before anything else reads the
// documents — so a copy is validated, built, swept and reported exactly as the same document
// written out by hand, and each copy's errors point at the template's lines.
//
//   apiVersion: k8sim/v1
//   kind: Replicate
//   metadata: {name: web-fleet}
//   spec:
//     count: 1000          # copies (0 … 100,000)
//     start: 0             # index of the first copy (default 0)
//     variable: i          # the index's name in expressions (default i)
//     items:               # documents, as a List's items; a Replicate may nest another
//       - {apiVersion: apps/v1, kind: Deployment, metadata: {name: "web-${i}"}, …}
//
// Traffic documents merge (scenarios/traffic.ts), so a Traffic item with one `services` entry
// gives every copy its own entry.

import { ScenarioError, type FieldPath } from './errors.js';
import { ExprError, parseTemplate, render, type ExprValue, type Template } from './replicate-expr.js';
import { suggestionSuffix } from './suggest.js';
import type { LocateOptions, Position, YamlDocument } from './yaml.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Most copies one Replicate may make (a typo of 10,000,000 would otherwise exhaust the heap). */
export const MAX_REPLICATE_COUNT = 100_000;
/** Most documents all Replicates of a scenario may make together. */
export const MAX_REPLICATED_DOCUMENTS = 1_000_000;

const SPEC_FIELDS = ['count', 'start', 'variable', 'items'];
const TOP_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec'];
const RESERVED = new Set(['floor', 'ceil', 'round', 'min', 'max', 'str']);

function isReplicate(v: unknown): boolean {
  return isRec(v) && v.kind === 'Replicate' && v.apiVersion === 'k8sim/v1';
}

type Locate = (path: FieldPath, options?: LocateOptions) => Position;

/** A node's path inside a template: its parent's and one more segment, or a whole path at the top. */
type PathLink = { up: PathLink; seg: string | number } | { path: FieldPath };

function pathOf(at: PathLink): FieldPath {
  const segs: Array<string | number> = [];
  let l = at;
  while ('up' in l) {
    segs.push(l.seg);
    l = l.up;
  }
  return [...l.path, ...segs.reverse()];
}

class Expander {
  readonly out: YamlDocument[] = [];
  readonly errors: ScenarioError[] = [];
  /** Errors already reported, by place and reason: copy k of a template fails as copy 0 did. */
  private readonly seen = new Set<string>();
  private readonly templates = new Map<string, Template | ExprError | undefined>();

  constructor(
    private readonly file: string,
    private readonly index: number,
    /** Documents made by every Replicate of the scenario so far (shared across documents). */
    private readonly budget: { made: number },
  ) {}

  /** An error about `path`, placed at `at` (its key when atKey). */
  error(locate: Locate, path: FieldPath, detail: string, at: FieldPath = path, atKey = false): void {
    const pos = locate(at, { key: atKey });
    const key = `${pos.line}:${pos.column}:${detail}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.errors.push(new ScenarioError(this.file, pos.line, pos.column, path, detail));
  }

  /** A Replicate's fields checked and its copies made (nested Replicates expanded in turn). */
  replicate(doc: Rec, locate: Locate, path: FieldPath, vars: ReadonlyMap<string, number>): void {
    let ok = true;
    for (const k of Object.keys(doc)) {
      if (!TOP_FIELDS.includes(k)) {
        this.error(locate, [...path, k], `unknown field${suggestionSuffix(k, TOP_FIELDS)}`, [...path, k], true);
        ok = false;
      }
    }
    const spec = doc.spec;
    if (!isRec(spec)) {
      this.error(locate, [...path, 'spec'], spec === undefined ? 'required field is missing' : 'must be a mapping', spec === undefined ? path : [...path, 'spec']);
      return;
    }
    const sp: FieldPath = [...path, 'spec'];
    for (const k of Object.keys(spec)) {
      if (!SPEC_FIELDS.includes(k)) {
        this.error(locate, [...sp, k], `unknown field${suggestionSuffix(k, SPEC_FIELDS)}`, [...sp, k], true);
        ok = false;
      }
    }
    const int = (field: string, dflt: number | undefined, min: number, max: number): number | undefined => {
      let v: unknown = spec[field];
      if (v === undefined) {
        if (dflt === undefined) {
          this.error(locate, [...sp, field], 'required field is missing', sp);
          return undefined;
        }
        return dflt;
      }
      if (typeof v === 'string') v = this.scalar(v, locate, { path: [...sp, field] }, vars);
      if (v === undefined) return undefined;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
        this.error(locate, [...sp, field], `must be an integer from ${min} to ${max.toLocaleString('en-US')}, not ${JSON.stringify(v)}`);
        return undefined;
      }
      return v;
    };
    const count = int('count', undefined, 0, MAX_REPLICATE_COUNT);
    const start = int('start', 0, -1_000_000_000, 1_000_000_000);
    let variable = 'i';
    if (spec.variable !== undefined) {
      if (typeof spec.variable !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(spec.variable)) {
        this.error(locate, [...sp, 'variable'], 'must be a name of letters, digits and _ (not starting with a digit)');
        ok = false;
      } else if (RESERVED.has(spec.variable)) {
        this.error(locate, [...sp, 'variable'], `"${spec.variable}" is a function of the expressions; choose another name`);
        ok = false;
      } else if (vars.has(spec.variable)) {
        this.error(locate, [...sp, 'variable'], `"${spec.variable}" is already the variable of an enclosing Replicate; choose another name`);
        ok = false;
      } else variable = spec.variable;
    }
    const items = spec.items;
    if (!Array.isArray(items) || items.length === 0) {
      this.error(locate, [...sp, 'items'], items === undefined ? 'required field is missing' : 'must be a non-empty list of documents', items === undefined ? sp : [...sp, 'items']);
      return;
    }
    items.forEach((item, k) => {
      if (!isRec(item)) {
        this.error(locate, [...sp, 'items', k], 'must be a mapping with apiVersion and kind');
        ok = false;
        return;
      }
      // Copies that would all carry the same name collide; say so once, at the name.
      const meta = item.metadata;
      const name = isRec(meta) ? meta.name : undefined;
      if ((count ?? 0) > 1 && name === undefined && item.apiVersion === 'k8sim/v1' && !isReplicate(item)) {
        const kind = typeof item.kind === 'string' ? item.kind.toLowerCase() : 'name';
        this.error(locate, [...sp, 'items', k, 'metadata', 'name'], `required in a copied k8sim/v1 document (e.g. "${kind}-\${${variable}}"): the ${count} copies would share the default name`, [...sp, 'items', k]);
        ok = false;
      }
      if ((count ?? 0) > 1 && typeof name === 'string' && !name.includes('${') && !isReplicate(item)) {
        this.error(locate, [...sp, 'items', k, 'metadata', 'name'], `must depend on ${variable} (e.g. "${name}-\${${variable}}"): the ${count} copies would share one name`);
        ok = false;
      }
    });
    if (!ok || count === undefined || start === undefined) return;
    if (this.budget.made + count * items.length > MAX_REPLICATED_DOCUMENTS) {
      this.error(locate, [...sp, 'count'], `the scenario's Replicates would make more than ${MAX_REPLICATED_DOCUMENTS.toLocaleString('en-US')} documents`);
      return;
    }
    for (let c = start; c < start + count; c++) {
      const inner = new Map(vars);
      inner.set(variable, c);
      items.forEach((item, k) => this.item(item as Rec, locate, [...sp, 'items', k], inner));
    }
  }

  private item(item: Rec, locate: Locate, path: FieldPath, vars: ReadonlyMap<string, number>): void {
    if (isReplicate(item)) {
      this.replicate(item, locate, path, vars);
      return;
    }
    const before = this.errors.length;
    const value = this.substitute(item, locate, { path }, vars);
    if (this.errors.length !== before) return;
    this.budget.made++;
    const copy = [...vars].map(([k, v]) => `${k}=${v}`).join(', ');
    this.out.push({ file: this.file, index: this.index, value, locate: (p, o) => locate([...path, ...p], o), copy });
  }

  /**
   * A copy of `v` with its strings' placeholders evaluated. The path is a chain of (parent,
   * segment) links, made into a FieldPath only for an error: every node of every copy would
   * otherwise allocate its whole path.
   */
  private substitute(v: unknown, locate: Locate, at: PathLink, vars: ReadonlyMap<string, number>): unknown {
    if (typeof v === 'string') return this.scalar(v, locate, at, vars) ?? v;
    if (Array.isArray(v)) return v.map((x, i) => this.substitute(x, locate, { up: at, seg: i }, vars));
    if (!isRec(v)) return v;
    const out: Rec = {};
    for (const [k, x] of Object.entries(v)) out[k] = this.substitute(x, locate, { up: at, seg: k }, vars);
    return out;
  }

  /** A string value with its placeholders evaluated; undefined (and an error) when one fails. */
  private scalar(s: string, locate: Locate, at: PathLink, vars: ReadonlyMap<string, number>): ExprValue | undefined {
    let t = this.templates.get(s);
    if (t === undefined && !this.templates.has(s)) {
      try {
        t = parseTemplate(s);
      } catch (e) {
        if (!(e instanceof ExprError)) throw e;
        t = e;
      }
      this.templates.set(s, t);
    }
    if (t === undefined) return s;
    if (t instanceof ExprError) {
      this.error(locate, pathOf(at), `${JSON.stringify(s)}: ${t.message}`);
      return undefined;
    }
    try {
      return render(t, vars);
    } catch (e) {
      if (!(e instanceof ExprError)) throw e;
      this.error(locate, pathOf(at), `${JSON.stringify(s)}: ${e.message}`);
      return undefined;
    }
  }
}

/**
 * Replaces every Replicate document by its copies (other documents pass through unchanged, in
 * order). Problems go to `errors`, one per place and reason.
 */
export function expandReplicates(docs: readonly YamlDocument[], errors: ScenarioError[]): YamlDocument[] {
  if (!docs.some((d) => isReplicate(d.value))) return [...docs];
  const out: YamlDocument[] = [];
  const budget = { made: 0 };
  for (const doc of docs) {
    if (!isReplicate(doc.value)) {
      out.push(doc);
      continue;
    }
    const x = new Expander(doc.file, doc.index, budget);
    x.replicate(doc.value as Rec, doc.locate, [], new Map());
    errors.push(...x.errors);
    if (x.errors.length === 0) out.push(...x.out);
  }
  return out;
}
