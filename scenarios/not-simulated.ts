// The documents a scenario has that the simulator accepts and stores but has no model of
// (scenarios/schema/accepted.ts): counted per kind for the one line of the run summary —
// "accepted, not simulated: 11 ServiceAccount, 3 Ingress" — and, with `--strict`, one error per
// kind that says where they are.
import { ScenarioError } from './errors.js';
import type { ScenarioDocument } from './load.js';
import { apiGroup, isCustomGroup } from './schema/accepted.js';

export interface NotSimulatedKind {
  /** How the summary names the kind: `Ingress`; a custom resource with its group, `ServiceMonitor.monitoring.coreos.com`. */
  name: string;
  count: number;
  /** The documents, in scenario order. */
  docs: ScenarioDocument[];
}

/** Kinds not simulated, most documents first (then by name): a stable order for the summary. */
export function notSimulatedKinds(docs: readonly ScenarioDocument[]): NotSimulatedKind[] {
  const byName = new Map<string, NotSimulatedKind>();
  for (const d of docs) {
    if (d.simulated) continue;
    const name = isCustomGroup(d.apiVersion) ? `${d.kind}.${apiGroup(d.apiVersion)}` : d.kind;
    let k = byName.get(name);
    if (!k) byName.set(name, (k = { name, count: 0, docs: [] }));
    k.count++;
    k.docs.push(d);
  }
  return [...byName.values()].sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `11 ServiceAccount, 3 Ingress` (empty when every document is simulated). */
export function formatNotSimulated(kinds: readonly NotSimulatedKind[]): string {
  return kinds.map((k) => `${k.count} ${k.name}`).join(', ');
}

/** How many other places an error lists before "and N more". */
const MAX_PLACES = 3;

/** `--strict`: one error per kind, at its first document, naming a few of the others. */
export function strictErrors(kinds: readonly NotSimulatedKind[]): ScenarioError[] {
  return kinds.map((k) => {
    const [first, ...rest] = k.docs as [ScenarioDocument, ...ScenarioDocument[]];
    const places = rest.slice(0, MAX_PLACES).map((d) => {
      const p = d.locate(['kind']);
      return `${d.file}:${p.line}:${p.column}`;
    });
    const more = rest.length > MAX_PLACES ? `, and ${rest.length - MAX_PLACES} more` : '';
    const also = places.length > 0 ? `; also at ${places.join(', ')}${more}` : '';
    const what = k.count === 1 ? `${k.name} is` : `${k.count} ${k.name} documents are`;
    return first.error(['kind'], `${what} accepted but not simulated (--strict)${also}`);
  });
}
