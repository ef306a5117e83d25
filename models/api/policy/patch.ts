// `kubectl patch` semantics, as pure functions: JSON merge patch (RFC 7386), strategic merge
// patch for the fields k8sim models (lists merged by their patch merge key, as the API
// server does for Kubernetes types), and JSON patch (RFC 6902). Each returns a new object.

export class PatchError extends Error {}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObj(patch)) return structuredClone(patch);
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Patch merge keys of the list fields k8sim models (from the Kubernetes types' tags). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  ports: 'containerPort',
  volumes: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
  conditions: 'type',
  ownerReferences: 'uid',
  topologySpreadConstraints: 'topologyKey',
};

function strategic(target: unknown, patch: unknown, field: string | undefined): unknown {
  if (Array.isArray(patch)) {
    const key = field !== undefined ? MERGE_KEYS[field] : undefined;
    if (!key || !Array.isArray(target)) return structuredClone(patch);
    const out = target.map((x) => structuredClone(x) as unknown);
    for (const item of patch) {
      if (!isObj(item)) throw new PatchError(`strategic merge patch: items of ${field} must be objects with "${key}"`);
      const id = item[key];
      const idx = out.findIndex((x) => isObj(x) && x[key] === id);
      if (item.$patch === 'delete') {
        if (idx >= 0) out.splice(idx, 1);
        continue;
      }
      if (idx >= 0) out[idx] = strategic(out[idx], item, undefined);
      else out.push(structuredClone(item));
    }
    return out;
  }
  if (!isObj(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return structuredClone(rest);
  }
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch') continue;
    if (v === null) delete out[k];
    else out[k] = strategic(out[k], v, k);
  }
  return out;
}

export function strategicMergePatch(target: Obj, patch: Obj): Obj {
  return strategic(target, patch, undefined) as Obj;
}

/**
 * The patch `kubectl apply` sends (a three-way strategic merge, kubectl's
 * CreateThreeWayMergePatch reduced to what k8sim models): every field of the new manifest, and a
 * deletion for every field the previous apply declared that the new manifest drops — a null
 * for a map key, `$patch: delete` for an item of a list merged by key. Fields neither manifest
 * declared (set by the server, a controller, or another command) are left as they are.
 * Without a previous apply it is the manifest itself (a two-way merge).
 */
export function applyPatch(lastApplied: Obj | undefined, manifest: Obj): Obj {
  const out = structuredClone(manifest);
  if (lastApplied) addDeletions(out, lastApplied, manifest, undefined);
  return out;
}

function addDeletions(out: Obj, last: Obj, next: Obj, _field: string | undefined): void {
  for (const [k, was] of Object.entries(last)) {
    const now = next[k];
    if (now === undefined) {
      out[k] = null;
      continue;
    }
    if (isObj(was) && isObj(now)) addDeletions(out[k] as Obj, was, now, k);
    else if (Array.isArray(was) && Array.isArray(now) && MERGE_KEYS[k]) {
      const key = MERGE_KEYS[k]!;
      const list = out[k] as unknown[];
      for (const item of was) {
        if (!isObj(item)) continue;
        const match = now.findIndex((x) => isObj(x) && x[key] === item[key]);
        if (match < 0) list.push({ [key]: item[key], $patch: 'delete' });
        else if (isObj(now[match])) addDeletions(list[match] as Obj, item, now[match] as Obj, undefined);
      }
    }
  }
}

export type JsonPatchOp =
  | { op: 'add' | 'replace' | 'test'; path: string; value: Json }
  | { op: 'remove'; path: string }
  | { op: 'move' | 'copy'; from: string; path: string };

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`json patch: path "${path}" must start with "/"`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(doc: unknown, parts: string[], path: string): { parent: Obj | unknown[]; key: string } {
  let cur: unknown = doc;
  for (const p of parts.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isObj(cur)) cur = cur[p];
    else cur = undefined;
    if (cur === undefined) throw new PatchError(`json patch: path "${path}" does not exist`);
  }
  if (!Array.isArray(cur) && !isObj(cur)) throw new PatchError(`json patch: path "${path}" does not exist`);
  return { parent: cur, key: parts[parts.length - 1]! };
}

function getAt(doc: unknown, path: string): unknown {
  let cur = doc;
  for (const p of pointer(path)) {
    if (Array.isArray(cur)) cur = cur[Number(p)];
    else if (isObj(cur)) cur = cur[p];
    else cur = undefined;
    if (cur === undefined) throw new PatchError(`json patch: path "${path}" does not exist`);
  }
  return cur;
}

function add(doc: unknown, path: string, value: unknown): void {
  const { parent, key } = parentOf(doc, pointer(path), path);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(i) || i < 0 || i > parent.length) throw new PatchError(`json patch: index ${key} out of range in "${path}"`);
    parent.splice(i, 0, value);
  } else parent[key] = value;
}

function remove(doc: unknown, path: string): unknown {
  const { parent, key } = parentOf(doc, pointer(path), path);
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (!(i >= 0 && i < parent.length)) throw new PatchError(`json patch: index ${key} out of range in "${path}"`);
    return parent.splice(i, 1)[0];
  }
  if (!(key in parent)) throw new PatchError(`json patch: path "${path}" does not exist`);
  const v = parent[key];
  delete parent[key];
  return v;
}

export function applyJsonPatch(target: Obj, ops: readonly JsonPatchOp[]): Obj {
  const doc = structuredClone(target);
  for (const op of ops) {
    switch (op.op) {
      case 'add':
        add(doc, op.path, structuredClone(op.value));
        break;
      case 'remove':
        remove(doc, op.path);
        break;
      case 'replace':
        remove(doc, op.path);
        add(doc, op.path, structuredClone(op.value));
        break;
      case 'move': {
        const v = remove(doc, op.from);
        add(doc, op.path, v);
        break;
      }
      case 'copy':
        add(doc, op.path, structuredClone(getAt(doc, op.from)));
        break;
      case 'test':
        if (JSON.stringify(getAt(doc, op.path)) !== JSON.stringify(op.value)) throw new PatchError(`json patch: test failed at "${op.path}"`);
        break;
    }
  }
  return doc;
}
