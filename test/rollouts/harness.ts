// A scenario run with a handle on the model: load inline YAML, build the ClusterModel the
// way runner/simulate.ts does, let the test hook observers in before t=0, apply the
// manifests, play the timeline (its kubectl output collected) and run to the duration.

import { ClusterModel } from '../../models/cluster.js';
import { prepareManifest } from '../../models/api/manifests.js';
import { controllerRef } from '../../models/api/store.js';
import type { Deployment, KEvent, Pod, ReplicaSet } from '../../models/api/types.js';
import { isPodActive } from '../../models/api/policy/podutil.js';
import { TimelinePlayer } from '../../runner/timeline.js';
import { buildScenario } from '../../scenarios/build.js';
import { loadScenarioText } from '../../scenarios/load.js';

export interface Harness {
  model: ClusterModel;
  events: KEvent[];
  /** Lines the timeline printed ("[10s] $ kubectl …" then kubectl's output). */
  printed: string[];
  timeline: TimelinePlayer;
}

export function runText(text: string, opts: { seed?: number; setup?: (model: ClusterModel) => void; until?: number } = {}): Harness {
  const built = buildScenario(loadScenarioText('<test>', text));
  const model = new ClusterModel({ ...built.cluster, seed: opts.seed ?? 1 });
  const events: KEvent[] = [];
  model.events.subscribe((e) => events.push(e));
  opts.setup?.(model);
  for (const m of built.manifests) model.create(prepareManifest(m.obj));
  const printed: string[] = [];
  const timeline = new TimelinePlayer(model, built.timeline, undefined, (l) => printed.push(l), built.manifests.map((m) => m.obj as unknown as Record<string, unknown>));
  model.runUntil(opts.until ?? built.duration);
  return { model, events, printed, timeline };
}

/** The kubectl output printed for the timeline command containing `fragment`. */
export function outputOf(h: Harness, fragment: string): string {
  const isHeader = (l: string) => /^\[[^\]]+\] \$ /.test(l);
  const i = h.printed.findIndex((l) => isHeader(l) && l.includes(fragment));
  if (i < 0) throw new Error(`no timeline output for "${fragment}": ${JSON.stringify(h.printed)}`);
  const next = h.printed[i + 1];
  return next === undefined || isHeader(next) ? '' : next;
}

export function rsOf(model: ClusterModel, d: Deployment): ReplicaSet[] {
  const out: ReplicaSet[] = [];
  for (const o of model.store.dependentsOf(d.metadata.uid!)) if (o.kind === 'ReplicaSet' && controllerRef(o)?.uid === d.metadata.uid) out.push(o as ReplicaSet);
  return out.sort((a, b) => (a.metadata.creationTimestamp ?? 0) - (b.metadata.creationTimestamp ?? 0));
}

export function podsOf(model: ClusterModel, owner: { metadata: { uid?: string } }): Pod[] {
  const out: Pod[] = [];
  for (const o of model.store.dependentsOf(owner.metadata.uid!)) if (o.kind === 'Pod' && controllerRef(o)?.uid === owner.metadata.uid) out.push(o as Pod);
  return out;
}

export function activePods(model: ClusterModel, ns = 'default'): Pod[] {
  return model.store.listInNamespace<Pod>('Pod', ns).filter(isPodActive);
}

export function deployment(model: ClusterModel, name: string, ns = 'default'): Deployment {
  const d = model.store.get<Deployment>('Deployment', ns, name);
  if (!d) throw new Error(`no deployment ${name}`);
  return d;
}

/** ScalingReplicaSet messages, in order, with the RS name's hash replaced by its letter (A, B, C… by first mention). */
export function scalingSteps(events: readonly KEvent[], deploymentName: string): string[] {
  const letters = new Map<string, string>();
  const out: string[] = [];
  for (const e of events) {
    if (e.reason !== 'ScalingReplicaSet' || e.name !== deploymentName) continue;
    const m = /Scaled (up|down) replica set (\S+) to (\d+)/.exec(e.message);
    if (!m) continue;
    if (!letters.has(m[2]!)) letters.set(m[2]!, String.fromCharCode(65 + letters.size));
    out.push(`${letters.get(m[2]!)} ${m[1]} ${m[3]}`);
  }
  return out;
}

export function header(opts: { nodes?: number; duration?: string; cpu?: string } = {}): string {
  return `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: test}
spec:
  nodePools:
    - {name: n, count: ${opts.nodes ?? 3}, cpu: "${opts.cpu ?? '16'}", memory: 64Gi, maxPods: 110}
---
apiVersion: k8sim/v1
kind: Simulation
spec:
  duration: ${opts.duration ?? '2m'}
`;
}

/** A scenario of `extra` manifests plus a Timeline of the given YAML action items, run in full. */
export function runActions(actions: string[], extra: string, duration = '3m'): Harness {
  return runText(header({ duration }) + extra + `---
apiVersion: k8sim/v1
kind: Timeline
spec:
  actions:
${actions.join('\n')}
`);
}

/** One timeline action as a YAML list item: `at` a time, `run` a command. */
export const at = (t: string, cmd: string) => `    - {at: ${t}, run: ${JSON.stringify(cmd)}}`;
