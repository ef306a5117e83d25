// What `kubectl get` prints for the objects a timeline asks for: the default table of each kind
// (the columns of kubectl's printers in pkg/printers/internalversion), `-o wide` extra columns
// for pods, ReplicaSets and Deployments, `-A`'s NAMESPACE column, `--show-labels`, and `-o
// name|json|yaml`. Kinds without a printer of their own get NAME and AGE, as kubectl's default
// table for a resource without printer columns.
import { stringify } from 'yaml';
import type { Deployment, KObject, Pod, ReplicaSet } from '../models/api/types.js';
import { listOrder } from '../models/api/store.js';
import { formatTable, humanAge, podReadyText, podRestarts, podStatusText } from './kubectl-format.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const rec = (v: unknown): Rec => (isRec(v) ? v : {});
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

export interface GetType {
  kind: string;
  /** API group ('' for core). */
  group: string;
  namespaced: boolean;
}

export interface GetOptions {
  output?: 'wide' | 'json' | 'yaml' | 'name';
  allNamespaces?: boolean;
  showLabels?: boolean;
  /** Several types were asked for: names are printed as TYPE/NAME, tables apart. */
  prefixTypes?: boolean;
}

/** kubectl's `deployment.apps/web` spelling. */
export function typedName(t: GetType, name: string): string {
  // A custom type knows its singular (a CRD's spec.names.singular); built-in ones are the lower-case kind.
  const singular = 'singular' in t && typeof t.singular === 'string' ? t.singular : t.kind.toLowerCase();
  return `${singular}${t.group ? `.${t.group}` : ''}/${name}`;
}

/** `app=web,tier=front`, or `<none>`. */
function labelsText(o: KObject): string {
  const l = o.metadata.labels ?? {};
  const keys = Object.keys(l).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}=${l[k]}`).join(',');
}

function selectorText(sel: unknown): string {
  const s = rec(sel);
  const parts = Object.entries(rec(s.matchLabels)).map(([k, v]) => `${k}=${String(v)}`);
  for (const e of Array.isArray(s.matchExpressions) ? s.matchExpressions : []) {
    const r = rec(e);
    const values = Array.isArray(r.values) ? r.values.map(String).join(',') : '';
    if (r.operator === 'In') parts.push(`${String(r.key)} in (${values})`);
    else if (r.operator === 'NotIn') parts.push(`${String(r.key)} notin (${values})`);
    else if (r.operator === 'Exists') parts.push(String(r.key));
    else if (r.operator === 'DoesNotExist') parts.push(`!${String(r.key)}`);
  }
  return parts.length === 0 ? '<none>' : parts.join(',');
}

function templateContainers(o: KObject): [string, string] {
  const cs = (rec(rec(rec((o as unknown as Rec).spec).template).spec).containers as Rec[] | undefined) ?? [];
  return [cs.map((c) => String(c.name)).join(','), cs.map((c) => String(c.image)).join(',')];
}

function servicePorts(spec: Rec): string {
  const ports = Array.isArray(spec.ports) ? (spec.ports as Rec[]) : [];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => `${String(p.port)}${p.nodePort !== undefined ? `:${String(p.nodePort)}` : ''}/${String(p.protocol ?? 'TCP')}`).join(',');
}

const ACCESS_MODES: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };

/** Columns of one kind: headers and a row maker (AGE is passed in). */
interface Printer {
  headers: string[];
  wide?: string[];
  row(o: KObject, age: string, now: number): string[];
  wideRow?(o: KObject): string[];
}

const PRINTERS: Record<string, Printer> = {
  Pod: {
    headers: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    wide: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    row: (o, age) => [o.metadata.name, podReadyText(o as Pod), podStatusText(o as Pod), String(podRestarts(o as Pod)), age],
    wideRow: (o) => {
      const p = o as Pod;
      return [p.status.podIP ?? '<none>', p.spec.nodeName ?? '<none>', p.status.nominatedNodeName ?? '<none>', '<none>'];
    },
  },
  ReplicaSet: {
    headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, age) => {
      const rs = o as ReplicaSet;
      return [rs.metadata.name, String(rs.spec.replicas ?? 1), String(rs.status.replicas), String(rs.status.readyReplicas), age];
    },
    wideRow: (o) => [...templateContainers(o), selectorText((o as ReplicaSet).spec.selector)],
  },
  Deployment: {
    headers: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, age) => {
      const d = o as Deployment;
      return [d.metadata.name, `${d.status.readyReplicas}/${d.spec.replicas ?? 1}`, String(d.status.updatedReplicas), String(d.status.availableReplicas), age];
    },
    wideRow: (o) => [...templateContainers(o), selectorText((o as Deployment).spec.selector)],
  },
  StatefulSet: {
    headers: ['NAME', 'READY', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES'],
    row: (o, age) => {
      const b = o as unknown as Rec;
      return [o.metadata.name, `${num(rec(b.status).readyReplicas)}/${num(rec(b.spec).replicas ?? 1)}`, age];
    },
    wideRow: (o) => templateContainers(o),
  },
  DaemonSet: {
    headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
    row: (o, age) => {
      const b = o as unknown as Rec;
      const s = rec(b.status);
      const sel = rec(rec(rec(rec(b.spec).template).spec).nodeSelector);
      const nodeSel = Object.keys(sel).length === 0 ? '<none>' : Object.entries(sel).map(([k, v]) => `${k}=${String(v)}`).join(',');
      return [o.metadata.name, String(num(s.desiredNumberScheduled)), String(num(s.currentNumberScheduled)), String(num(s.numberReady)),
        String(num(s.updatedNumberScheduled)), String(num(s.numberAvailable)), nodeSel, age];
    },
  },
  Job: {
    headers: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
    row: (o, age, now) => {
      const b = o as unknown as Rec;
      const s = rec(b.status);
      const conds = Array.isArray(s.conditions) ? (s.conditions as Rec[]) : [];
      const has = (t: string) => conds.some((c) => c.type === t && c.status === 'True');
      const status = has('Complete') ? 'Complete' : has('Failed') ? 'Failed' : rec(b.spec).suspend === true ? 'Suspended' : 'Running';
      const completions = rec(b.spec).completions;
      const comp = `${num(s.succeeded)}/${completions === undefined || completions === null ? 1 : String(completions)}`;
      const start = typeof s.startTime === 'number' ? s.startTime : undefined;
      const end = typeof s.completionTime === 'number' ? s.completionTime : now;
      return [o.metadata.name, status, comp, start === undefined ? '' : humanAge(end - start), age];
    },
  },
  Service: {
    headers: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    row: (o, age) => {
      const spec = rec((o as unknown as Rec).spec);
      const type = String(spec.type ?? 'ClusterIP');
      const external = type === 'LoadBalancer' ? '<pending>' : type === 'ExternalName' ? String(spec.externalName ?? '<none>') : '<none>';
      return [o.metadata.name, type, typeof spec.clusterIP === 'string' ? spec.clusterIP : '<none>', external, servicePorts(spec), age];
    },
  },
  Node: {
    headers: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    row: (o, age) => {
      const b = o as unknown as Rec;
      const conds = Array.isArray(rec(b.status).conditions) ? (rec(b.status).conditions as Rec[]) : [];
      const ready = conds.find((c) => c.type === 'Ready');
      let status = ready?.status === 'True' ? 'Ready' : ready === undefined ? 'Unknown' : 'NotReady';
      if (rec(b.spec).unschedulable === true) status += ',SchedulingDisabled';
      const roles = Object.keys(o.metadata.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice('node-role.kubernetes.io/'.length)).sort();
      const version = String(rec(rec(b.status).nodeInfo).kubeletVersion ?? '');
      return [o.metadata.name, status, roles.length ? roles.join(',') : '<none>', age, version];
    },
  },
  Namespace: {
    headers: ['NAME', 'STATUS', 'AGE'],
    row: (o, age) => [o.metadata.name, String(rec((o as unknown as Rec).status).phase ?? 'Active'), age],
  },
  ConfigMap: {
    headers: ['NAME', 'DATA', 'AGE'],
    row: (o, age) => {
      const b = o as unknown as Rec;
      return [o.metadata.name, String(Object.keys(rec(b.data)).length + Object.keys(rec(b.binaryData)).length), age];
    },
  },
  Secret: {
    headers: ['NAME', 'TYPE', 'DATA', 'AGE'],
    row: (o, age) => {
      const b = o as unknown as Rec;
      return [o.metadata.name, String(b.type ?? 'Opaque'), String(new Set([...Object.keys(rec(b.data)), ...Object.keys(rec(b.stringData))]).size), age];
    },
  },
  ServiceAccount: {
    headers: ['NAME', 'SECRETS', 'AGE'],
    row: (o, age) => [o.metadata.name, String(Array.isArray((o as unknown as Rec).secrets) ? ((o as unknown as Rec).secrets as unknown[]).length : 0), age],
  },
  PersistentVolumeClaim: {
    headers: ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE'],
    row: (o, age) => {
      const b = o as unknown as Rec;
      const spec = rec(b.spec);
      const status = rec(b.status);
      const modes = (Array.isArray(spec.accessModes) ? spec.accessModes : []).map((m) => ACCESS_MODES[String(m)] ?? String(m)).join(',');
      return [o.metadata.name, String(status.phase ?? 'Pending'), String(spec.volumeName ?? ''), String(rec(status.capacity).storage ?? ''), modes,
        String(spec.storageClassName ?? '<unset>'), '<unset>', age];
    },
  },
};

const GENERIC: Printer = { headers: ['NAME', 'AGE'], row: (o, age) => [o.metadata.name, age] };

/** The printer for a kind: its own, or NAME and AGE. */
function printerFor(kind: string): Printer {
  return PRINTERS[kind] ?? GENERIC;
}

/** Keys sorted at every depth, as kubectl prints objects it read as unstructured JSON. */
function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (!isRec(v)) return v;
  const out: Rec = {};
  for (const k of Object.keys(v).sort()) Object.defineProperty(out, k, { value: sortedKeys(v[k]), enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * The lines kubectl prints for `groups` (one entry per type asked for, in order; objects in the
 * order named, or sorted by namespace and name when listed).
 */
export function getLines(groups: ReadonlyArray<{ type: GetType; objects: readonly KObject[]; listed: boolean }>, opts: GetOptions, now: number): string[] {
  // A list comes back from the API server sorted by namespace and name (its storage order).
  const sorted = groups.map((g) => ({ ...g, objects: g.listed ? [...g.objects].sort(listOrder) : g.objects }));
  const all = sorted.flatMap((g) => g.objects.map((o) => ({ type: g.type, obj: o })));
  if (opts.output === 'name') return all.map(({ type, obj }) => typedName(type, obj.metadata.name));
  if (opts.output === 'json' || opts.output === 'yaml') {
    const items = all.map(({ obj }) => sortedKeys(obj));
    // One object named alone prints as itself; anything else as a v1 List.
    const single = all.length === 1 && sorted.length === 1 && !sorted[0]!.listed;
    const value = single ? items[0] : { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
    const text = opts.output === 'json' ? JSON.stringify(value, null, 4) : stringify(value, { lineWidth: 0 }).trimEnd();
    return text.split('\n');
  }
  const out: string[] = [];
  for (const g of sorted) {
    if (g.objects.length === 0) continue;
    const p = printerFor(g.type.kind);
    const wide = opts.output === 'wide' && p.wide !== undefined && p.wideRow !== undefined;
    const objs = g.objects;
    const headers = [...(opts.allNamespaces && g.type.namespaced ? ['NAMESPACE'] : []), ...p.headers, ...(wide ? p.wide! : []), ...(opts.showLabels ? ['LABELS'] : [])];
    const rows = objs.map((o) => {
      const cells = p.row(o, humanAge(now - (o.metadata.creationTimestamp ?? now)), now);
      if (opts.prefixTypes) cells[0] = typedName(g.type, cells[0]!);
      return [
        ...(opts.allNamespaces && g.type.namespaced ? [o.metadata.namespace ?? ''] : []),
        ...cells,
        ...(wide ? p.wideRow!(o) : []),
        ...(opts.showLabels ? [labelsText(o)] : []),
      ];
    });
    if (out.length > 0) out.push('');
    out.push(...formatTable([headers, ...rows]));
  }
  return out;
}
