// What `kubectl describe` prints, for what the model knows: every object's name, namespace,
// labels, annotations and controller, a pod's node, status, QoS and containers (image, state,
// ready, restart count, requests and limits), and the object's Events table (kubectl's
// `Type Reason Age From Message`, ages relative to now). The layout is kubectl's
// (pkg/cmd/describe's PrefixWriter: keys padded to one column per level, two spaces per level);
// sections kubectl shows that the model has no value for (IPs, volumes, conditions of most
// kinds) are left out.
import type { KEvent, KObject, Pod } from '../models/api/types.js';
import { formatTable, humanAge, podStatusText } from './kubectl-format.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * `key: value` rows padded to one column, as kubectl's tabwriter lines them up; a multi-line
 * value (labels) continues under its first line. A key may carry extra leading spaces (a
 * sub-field such as State's `Started`).
 */
function fields(rows: ReadonlyArray<[string, string]>, indent = ''): string[] {
  const width = Math.max(...rows.map(([k]) => k.length + 1)) + 2;
  const out: string[] = [];
  for (const [k, v] of rows) {
    const [first, ...rest] = v.split('\n');
    out.push(`${indent}${`${k}:`.padEnd(width)}${first}`.trimEnd());
    for (const r of rest) out.push(`${indent}${' '.repeat(width)}${r}`);
  }
  return out;
}

/** Labels and annotations: one `k=v` per line, `<none>` when empty. */
function mapLines(m: Record<string, string> | undefined, sep: '=' | ': '): string {
  const keys = Object.keys(m ?? {}).sort();
  return keys.length === 0 ? '<none>' : keys.map((k) => `${k}${sep}${m![k]}`).join('\n');
}

function containerState(s: Rec | undefined, now: number): Array<[string, string]> {
  if (s && isRec(s.running)) return [['State', 'Running'], ['  Started', `${humanAge(now - Number(s.running.startedAt ?? now))} ago`]];
  if (s && isRec(s.terminated)) return [['State', 'Terminated'], ['  Reason', String(s.terminated.reason ?? '')], ['  Exit Code', String(s.terminated.exitCode ?? '')]];
  if (s && isRec(s.waiting)) return [['State', 'Waiting'], ['  Reason', String(s.waiting.reason ?? '')]];
  return [['State', 'Waiting']];
}

/** A pod's own top-level rows, aligned with the common ones. */
function podRows(pod: Pod): Array<[string, string]> {
  const owner = pod.metadata.ownerReferences?.find((r) => r.controller);
  return [
    ['Service Account', String(pod.spec.serviceAccountName ?? 'default')],
    ['Node', pod.spec.nodeName ?? '<none>'],
    ['Status', podStatusText(pod)],
    ['Controlled By', owner ? `${owner.kind}/${owner.name}` : '<none>'],
  ];
}

function podContainers(pod: Pod, now: number): string[] {
  const out: string[] = [];
  out.push('Containers:');
  const statuses = (pod.status.containerStatuses ?? []) as unknown as Rec[];
  for (const c of pod.spec.containers) {
    const st = statuses.find((s) => s.name === c.name);
    out.push(`  ${c.name}:`);
    const res = (c.resources ?? {}) as { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
    const rows: Array<[string, string]> = [
      ['Image', String(c.image ?? '')],
      ...containerState(isRec(st?.state) ? st.state : undefined, now),
      ['Ready', st?.ready === true ? 'True' : 'False'],
      ['Restart Count', String(st?.restartCount ?? 0)],
    ];
    out.push(...fields(rows, '    '));
    for (const [what, m] of [['Limits', res.limits], ['Requests', res.requests]] as const) {
      if (!m || Object.keys(m).length === 0) continue;
      out.push(`    ${what}:`);
      out.push(...fields(Object.keys(m).sort().map((k) => [k, String(m[k])]), '      '));
    }
  }
  out.push(...fields([['QoS Class', String((pod.status as unknown as Rec).qosClass ?? '')]]));
  return out;
}

function eventsSection(events: readonly KEvent[], now: number): string[] {
  if (events.length === 0) return ['Events:  <none>'];
  const rows = events.map((e) => [e.type, e.reason, humanAge(now - e.time), e.source, e.message]);
  const table = formatTable([['Type', 'Reason', 'Age', 'From', 'Message'], ['----', '------', '----', '----', '-------'], ...rows]);
  return ['Events:', ...table.map((l) => `  ${l}`)];
}

/** The lines `kubectl describe` prints for one object, with the events recorded for it. */
export function describeLines(obj: KObject, events: readonly KEvent[], now: number): string[] {
  const owner = obj.metadata.ownerReferences?.find((r) => r.controller);
  const head: Array<[string, string]> = [['Name', obj.metadata.name]];
  if (obj.metadata.namespace !== undefined) head.push(['Namespace', obj.metadata.namespace]);
  head.push(['Labels', mapLines(obj.metadata.labels, '=')], ['Annotations', mapLines(obj.metadata.annotations, ': ')]);
  if (obj.kind !== 'Pod' && owner) head.push(['Controlled By', `${owner.kind}/${owner.name}`]);
  head.push(['CreationTimestamp', `${humanAge(now - (obj.metadata.creationTimestamp ?? now))} ago (virtual time)`]);
  if (obj.kind === 'Pod') head.push(...podRows(obj as Pod));
  const out = fields(head);
  if (obj.kind === 'Pod') out.push(...podContainers(obj as Pod, now));
  out.push(...eventsSection(events, now));
  return out;
}
