// Scenario tests of the resource model: build the ClusterModel directly from inline YAML so
// tests can read the model (usage, records, node conditions) and the event stream.

import { join } from 'node:path';
import { ClusterModel } from '../../../models/cluster.js';
import { prepareManifest } from '../../../models/api/manifests.js';
import type { KEvent, Node, Pod } from '../../../models/api/types.js';
import { buildScenario } from '../../../scenarios/build.js';
import { loadScenario } from '../../../scenarios/load.js';
import { packageRoot, scenarioFile } from '../../helpers.js';

export interface Harness {
  model: ClusterModel;
  events: KEvent[];
  pod(name: string): Pod;
  node(name: string): Node;
  reasons(reason: string): KEvent[];
}

export function harness(paths: string[], seed = 1): Harness {
  const built = buildScenario(loadScenario(paths));
  const model = new ClusterModel({ ...built.cluster, seed });
  const events: KEvent[] = [];
  model.events.subscribe((e) => events.push(e));
  for (const m of built.manifests) model.create(prepareManifest(m.obj));
  return {
    model,
    events,
    pod: (name) => model.store.get<Pod>('Pod', 'default', name)!,
    node: (name) => model.store.get<Node>('Node', undefined, name)!,
    reasons: (reason) => events.filter((e) => e.reason === reason),
  };
}

export const fromYaml = (yaml: string, seed = 1) => harness([scenarioFile(yaml.replace(/---\n$/, ''))], seed);
export const example = (name: string, seed = 1) => harness([join(packageRoot(), 'scenarios', 'examples', name)], seed);

/** A one-node cluster with instant image pulls and starts. */
export function oneNode(opts: { cpu?: string; memory?: string; nodes?: number; extra?: string } = {}): string {
  return `apiVersion: k8sim/v1
kind: Cluster
metadata: {name: t}
spec:
  nodePools:
    - {name: n, count: ${opts.nodes ?? 1}, cpu: "${opts.cpu ?? '4'}", memory: ${opts.memory ?? '4Gi'}}
  kubelet:
    imagePullTime: 0s
    containerStartTime: 0s
${opts.extra ?? ''}---
`;
}

export function pod(name: string, o: { req?: string; lim?: string; cpuReq?: string; cpuLim?: string; priority?: number; labels?: Record<string, string> } = {}): string {
  const req: string[] = [];
  const lim: string[] = [];
  if (o.req) req.push(`memory: ${o.req}`);
  if (o.cpuReq) req.push(`cpu: ${o.cpuReq}`);
  if (o.lim) lim.push(`memory: ${o.lim}`);
  if (o.cpuLim) lim.push(`cpu: ${o.cpuLim}`);
  const labels = { app: name, ...(o.labels ?? {}) };
  // Priority comes from a PriorityClass, as the Priority admission plugin requires.
  const prio = o.priority !== undefined
    ? `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: prio-${name}}
value: ${o.priority}
---
`
    : '';
  return `${prio}apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: ${JSON.stringify(labels)}}
spec:
  ${o.priority !== undefined ? `priorityClassName: prio-${name}\n  ` : ''}containers:
    - name: c
      image: img:1
      resources: {requests: {${req.join(', ')}}, limits: {${lim.join(', ')}}}
---
`;
}

export function memBehavior(app: string, base: string, leak?: string): string {
  return `apiVersion: k8sim/v1
kind: Behavior
metadata: {name: mem-${app}}
spec:
  selector: {matchLabels: {app: ${app}}}
  memory: {base: ${base}${leak ? `, leak: ${leak}` : ''}}
---
`;
}

export function cpuBehavior(app: string, cpu: string): string {
  return `apiVersion: k8sim/v1
kind: Behavior
metadata: {name: cpu-${app}}
spec:
  selector: {matchLabels: {app: ${app}}}
  cpu: ${cpu}
---
`;
}
