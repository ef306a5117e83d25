// Shapes of manifests that kubectl reads as something simpler: lists of objects (what
// `kubectl get -o yaml` writes) and explicit nulls. Both are undone before schema validation, so
// the rest of the loader sees one object per document with only the fields that were set.
import type { YamlDocument } from './yaml.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A list document: `kind: List` (apiVersion v1), or a typed list such as `PodList` or
 * `DeploymentList`, with `items`. kubectl flattens these into their items (the resource
 * builder's FlattenListVisitor), recursively.
 */
function isList(v: unknown): v is Rec {
  return isRec(v) && typeof v.kind === 'string' && v.kind.endsWith('List') && typeof v.apiVersion === 'string'
    && (Array.isArray(v.items) || v.items === undefined || v.items === null);
}

/**
 * Replaces every list document by its items, each still pointing at its own lines. Items of a
 * typed list (`kind: PodList`) that omit apiVersion or kind get the list's (`v1`, `Pod`), as
 * kubectl gives them; items of a plain `List` must name their own.
 */
export function unpackLists(docs: readonly YamlDocument[]): YamlDocument[] {
  const out: YamlDocument[] = [];
  const visit = (doc: YamlDocument): void => {
    const list = doc.value;
    if (!isList(list)) {
      out.push(doc);
      return;
    }
    const items = Array.isArray(list.items) ? list.items : [];
    const itemKind = list.kind === 'List' ? undefined : (list.kind as string).slice(0, -'List'.length);
    items.forEach((item, i) => {
      let value: unknown = item;
      if (isRec(item) && itemKind !== undefined) {
        value = { ...(item.apiVersion === undefined ? { apiVersion: list.apiVersion } : {}), ...(item.kind === undefined ? { kind: itemKind } : {}), ...item };
      }
      visit({
        file: doc.file,
        index: doc.index,
        value,
        locate: (path, options) => doc.locate(['items', i, ...path], options),
        ...(doc.copy === undefined ? {} : { copy: doc.copy }),
      });
    });
  };
  for (const d of docs) visit(d);
  return out;
}

/**
 * A copy without the mapping entries whose value is null, at any depth: `labels: null`,
 * `resources: null` and `status: {}` with null members mean "not set" to the API server (Go's
 * JSON decoding leaves such a field at its zero value). Nulls inside lists are kept: there they
 * are a value, and the schema says whether it is allowed.
 */
export function dropNulls<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => dropNulls(x)) as T;
  if (!isRec(v)) return v;
  const out: Rec = {};
  for (const k of Object.keys(v)) {
    const x = v[k];
    if (x === null) continue;
    // defineProperty: a `__proto__` key is data here, not the object's prototype. (Only there:
    // defining every key cost a 5,000-node scenario's load ≈ 10 %.)
    if (k === '__proto__') Object.defineProperty(out, k, { value: dropNulls(x), enumerable: true, writable: true, configurable: true });
    else out[k] = dropNulls(x);
  }
  return out as T;
}
