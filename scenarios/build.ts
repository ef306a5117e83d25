// From validated scenario documents to what the model runs: the cluster configuration, the
// manifests applied at t=0 (in file order, as `kubectl apply -f` would), and the timeline.
// Semantic checks that need more than the schema (limits below requests, a missing Cluster)
// are made here, pointing at file:line:column.

import { readFileSync } from 'node:fs';
import { formatDuration, parseDuration, type DistributionSpec, type Millis } from '../sim/index.js';
import type { BehaviorSpec } from '../models/kubelet/behavior.js';
import { parseThresholdConfig } from '../models/kubelet/policy/eviction-thresholds.js';
import type { ClusterConfig } from '../models/cluster.js';
import type { NodePoolSpec } from '../models/nodes/pools.js';
import { resourceValue } from '../models/api/policy/pod-resources.js';
import type { KObject, LabelSelector, Taint } from '../models/api/types.js';
import { labelKeyProblem, labelValueProblem } from '../models/api/policy/labels.js';
import { resolveFeatureGates } from '../models/api/policy/feature-gates.js';
import { buildAutoscaler } from './autoscaler.js';
import { spreadArgs } from './spread-args.js';
import { buildSchedulerPluginArgs } from './scheduler-config.js';
import { ScenarioError, ScenarioErrors, sortErrors, type FieldPath } from './errors.js';
import { CommandError, customResourceTypes, parseCommand, type Command, type CustomResources } from './kubectl/index.js';
import type { Scenario, ScenarioDocument } from './load.js';
import type { MetricsPipelineConfig } from '../models/autoscaling/hpa/metrics-pipeline.js';
import type { TrafficSpec } from '../models/traffic/spec.js';
import type { SeriesScope } from '../models/metrics.js';
import { buildMetricsPipeline, buildTraffic } from './traffic.js';
import { notSimulatedKinds, strictErrors, type NotSimulatedKind } from './not-simulated.js';
import { storedKind } from './custom-kinds.js';
import { nodeDocumentPools } from './node-list.js';
import { ownersFirst } from './snapshot.js';
import { buildTraces, nodeListPools } from './trace/build-traces.js';
import type { TraceSpec } from './trace/pod-source.js';

export const K8SIM_API = 'k8sim/v1';

export interface Manifest {
  doc: ScenarioDocument;
  obj: KObject;
}

export interface TimelineEntry {
  doc: ScenarioDocument;
  index: number;
  at: Millis;
  run: string;
  /** The parsed command (checked at load time, never a surprise mid-run). */
  command?: Command;
  manifest?: Record<string, unknown>;
  note?: string;
}

export interface BuiltScenario {
  cluster: Omit<ClusterConfig, 'seed'>;
  seed?: number;
  duration: Millis;
  sampleInterval: Millis;
  /** Simulation.spec.timeseries.scopes: the scopes timeseries.csv gets; absent = the default for the cluster's size. */
  timeseriesScopes?: SeriesScope[];
  manifests: Manifest[];
  timeline: TimelineEntry[];
  /** Custom resource types the timeline's kubectl can name (from the scenario's CRDs and custom objects). */
  customResources: CustomResources;
  files: string[];
  /** k8sim/v1 Traffic documents, merged (absent when none). */
  traffic?: TrafficSpec;
  /** Cluster spec.metrics: the metrics pipeline the HPA reads. */
  metricsPipeline?: Partial<MetricsPipelineConfig>;
  /** k8sim/v1 Trace documents, compiled and checked against their files (runner/trace-player.ts). */
  traces?: TraceSpec[];
  /** Kinds accepted and stored but not simulated, for the summary's one line. */
  notSimulated: NotSimulatedKind[];
}

export interface BuildOptions {
  /** Refuse documents of kinds the simulator does not simulate (`k8sim run --strict`). */
  strict?: boolean;
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A duration-or-distribution from a scenario, in milliseconds. */
export function toDistribution(v: unknown): DistributionSpec {
  if (typeof v === 'string' || typeof v === 'number') return { constant: parseDuration(String(v)) };
  const r = v as Rec;
  if ('constant' in r) return { constant: parseDuration(String(r.constant)) };
  if ('uniform' in r) {
    const [a, b] = r.uniform as [string, string];
    return { uniform: [parseDuration(String(a)), parseDuration(String(b))] };
  }
  if ('exponential' in r) return { exponential: { mean: parseDuration(String((r.exponential as Rec).mean)) } };
  if ('normal' in r) {
    const n = r.normal as Rec;
    return { normal: { mean: parseDuration(String(n.mean)), stddev: parseDuration(String(n.stddev)), min: 0 } };
  }
  if ('lognormal' in r) {
    const n = r.lognormal as Rec;
    return { lognormal: { mean: parseDuration(String(n.mean)), stddev: parseDuration(String(n.stddev)) } };
  }
  throw new Error(`not a distribution: ${JSON.stringify(v)}`);
}

function buildPools(doc: ScenarioDocument, errors: ScenarioError[]): NodePoolSpec[] {
  const spec = doc.body.spec as Rec;
  const pools = (spec.nodePools as Rec[]) ?? [];
  const seen = new Set<string>();
  return pools.map((p, i) => {
    const name = String(p.name);
    if (seen.has(name)) errors.push(doc.error(['spec', 'nodePools', i, 'name'], `duplicate node pool name "${name}"`));
    seen.add(name);
    const reserved = (p.reserved as Rec | undefined) ?? {};
    const resources: Record<string, number> = {};
    for (const [k, v] of Object.entries((p.resources as Rec | undefined) ?? {})) resources[k] = resourceValue(k, v as string);
    const pool: NodePoolSpec = {
      name,
      count: Number(p.count),
      cpu: resourceValue('cpu', p.cpu as string),
      memory: resourceValue('memory', p.memory as string),
      maxPods: Number(p.maxPods ?? 110),
      labels: { ...((p.labels as Record<string, string>) ?? {}) },
      taints: ((p.taints as Taint[]) ?? []).map((t) => ({ ...t })),
      resources,
      zones: [...((p.zones as string[]) ?? [])],
      reserved: {
        cpu: reserved.cpu !== undefined ? resourceValue('cpu', reserved.cpu as string) : 0,
        memory: reserved.memory !== undefined ? resourceValue('memory', reserved.memory as string) : 0,
      },
    };
    // Quantities may be signed (a request can't be, and neither can a node's capacity).
    const negative = (path: FieldPath, v: number): void => {
      if (v < 0) errors.push(doc.error(['spec', 'nodePools', i, ...path], 'must not be negative'));
    };
    negative(['cpu'], pool.cpu);
    negative(['memory'], pool.memory);
    for (const [k, v] of Object.entries(resources)) negative(['resources', k], v);
    negative(['reserved', 'cpu'], pool.reserved.cpu);
    negative(['reserved', 'memory'], pool.reserved.memory);
    // The pool's labels, taints and zones go onto Node objects the API server validates: a bad
    // one is the user's to fix here, not a crash when the first node is created.
    for (const [k, v] of Object.entries(pool.labels)) {
      const problem = labelKeyProblem(k) ?? labelValueProblem(String(v));
      if (problem) errors.push(doc.error(['spec', 'nodePools', i, 'labels', k], problem));
    }
    pool.taints.forEach((t, j) => {
      const problem = labelKeyProblem(String(t.key)) ?? (t.value === undefined ? undefined : labelValueProblem(String(t.value)));
      if (problem) errors.push(doc.error(['spec', 'nodePools', i, 'taints', j], problem.replace('label', 'taint')));
    });
    pool.zones.forEach((z, j) => {
      const problem = labelValueProblem(z);
      if (problem) errors.push(doc.error(['spec', 'nodePools', i, 'zones', j], problem.replace('label value', 'zone (a label value)')));
    });
    if (p.minCount !== undefined) pool.minCount = Number(p.minCount);
    if (p.maxCount !== undefined) pool.maxCount = Number(p.maxCount);
    if (p.pricePerHour !== undefined) pool.pricePerHour = Number(p.pricePerHour);
    if (p.provisioningTime !== undefined) pool.provisioningTime = toDistribution(p.provisioningTime);
    if (p.inodes !== undefined) pool.inodes = Number(p.inodes);
    if (p.pidMax !== undefined) pool.pidMax = Number(p.pidMax);
    if (isRec(p.imagefs)) {
      pool.imagefs = { bytes: resourceValue('ephemeral-storage', p.imagefs.capacity as string) };
      if (p.imagefs.inodes !== undefined) pool.imagefs.inodes = Number(p.imagefs.inodes);
      negative(['imagefs', 'capacity'], pool.imagefs.bytes);
    }
    if (isRec(p.failures)) pool.failures = { mtbf: parseDuration(String(p.failures.mtbf)), mttr: parseDuration(String(p.failures.mttr)) };
    return pool;
  });
}

function buildBehavior(doc: ScenarioDocument): BehaviorSpec {
  const spec = doc.body.spec as Rec;
  const b: BehaviorSpec = { name: doc.name, selector: (spec.selector as LabelSelector) ?? {} };
  if (typeof spec.namespace === 'string') b.namespace = spec.namespace;
  if (typeof spec.container === 'string') b.container = spec.container;
  const startup = (spec.startup as Rec | undefined) ?? {};
  if (startup.imagePull !== undefined) b.imagePull = toDistribution(startup.imagePull);
  if (startup.start !== undefined) b.start = toDistribution(startup.start);
  if (startup.ready !== undefined) b.ready = toDistribution(startup.ready);
  if (startup.shutdown !== undefined) b.shutdown = toDistribution(startup.shutdown);
  const run = spec.run as Rec | undefined;
  if (run) {
    b.run = {};
    if (run.duration !== undefined) b.run.duration = toDistribution(run.duration);
    if (run.exitCode !== undefined) b.run.exitCode = Number(run.exitCode);
    if (run.failureProbability !== undefined) b.run.failureProbability = Number(run.failureProbability);
    if (run.failureExitCode !== undefined) b.run.failureExitCode = Number(run.failureExitCode);
    if (isRec(run.startError)) {
      b.run.startError = {};
      if (typeof run.startError.reason === 'string') b.run.startError.reason = run.startError.reason as 'StartError' | 'ContainerCannotRun';
      if (typeof run.startError.message === 'string') b.run.startError.message = run.startError.message;
    }
  }
  if (isRec(spec.cpu)) b.cpu = spec.cpu;
  if (isRec(spec.memory)) b.memory = spec.memory;
  if (isRec(spec.disk)) b.disk = spec.disk;
  if (isRec(spec.processes)) b.processes = spec.processes;
  return b;
}

const fileLines = new Map<string, string[] | undefined>();

/**
 * A timeline command error pointing at the offending word: the `run:` value's column plus the
 * word's offset, when the value is a one-line plain or quoted scalar (else the value's start).
 */
function commandError(doc: ScenarioDocument, path: FieldPath, run: string, e: CommandError): ScenarioError {
  const detail = `${JSON.stringify(run)}: ${e.message}`;
  if (e.offset === undefined) return doc.error(path, detail);
  if (!fileLines.has(doc.file)) {
    let lines: string[] | undefined;
    try {
      lines = readFileSync(doc.file, 'utf8').split(/\r?\n/);
    } catch {
      lines = undefined; // in-memory scenarios (sweep points) have no file to read
    }
    fileLines.set(doc.file, lines);
  }
  const pos = doc.locate(path);
  const text = fileLines.get(doc.file)?.[pos.line - 1]?.slice(pos.column - 1);
  if (text === undefined) return doc.error(path, detail);
  const quoted = (text[0] === '"' || text[0] === "'") && text.slice(1).startsWith(run);
  if (!quoted && !text.startsWith(run)) return doc.error(path, detail);
  return new ScenarioError(doc.file, pos.line, pos.column + (quoted ? 1 : 0) + e.offset, path, detail);
}

/** timeseries.csv rows a run may have: a year at one sample every 5 s is about 6.3 million. */
export const MAX_SAMPLES = 10_000_000;

const K8SIM_KINDS = new Set(['Cluster', 'Simulation', 'Behavior', 'Timeline', 'Sweep', 'Traffic', 'Trace']);

export function buildScenario(scenario: Scenario, options: BuildOptions = {}): BuiltScenario {
  const errors: ScenarioError[] = [];
  const docs = scenario.documents;
  const clusters = docs.filter((d) => d.apiVersion === K8SIM_API && d.kind === 'Cluster');
  const sims = docs.filter((d) => d.apiVersion === K8SIM_API && d.kind === 'Simulation');
  const files = [...new Set(docs.map((d) => d.file))];
  if (clusters.length === 0) {
    const first = docs[0];
    const file = first?.file ?? scenario.files?.[0] ?? '<scenario>';
    const empty = first === undefined ? 'no YAML documents (the file is empty or only comments); ' : '';
    throw new ScenarioErrors([
      new ScenarioError(file, 1, 1, [], `${empty}a scenario needs one k8sim/v1 Cluster document (node pools)`),
    ]);
  }
  for (const extra of clusters.slice(1)) errors.push(extra.error(['kind'], 'only one Cluster document is allowed per scenario'));
  for (const extra of sims.slice(1)) errors.push(extra.error(['kind'], 'only one Simulation document is allowed per scenario'));
  const clusterDoc = clusters[0]!;
  const cspec = clusterDoc.body.spec as Rec;
  // Node documents (`kubectl get nodes -o yaml`) are starting nodes, not manifests to apply.
  const isNodeDoc = (d: ScenarioDocument) => d.apiVersion === 'v1' && d.kind === 'Node';
  const nodePools = buildPools(clusterDoc, errors);
  // Node documents' pools come before the nodeLists' (which check that some pool exists; Node
  // documents that were all refused have their errors already, not "no nodes" on top).
  const nodeDocs = docs.filter(isNodeDoc);
  nodePools.push(...nodeDocumentPools(nodeDocs, nodePools, errors));
  if (nodePools.length > 0 || nodeDocs.length === 0 || Array.isArray(cspec.nodeLists)) nodePools.push(...nodeListPools(clusterDoc, nodePools, errors));
  const kubeletSpec = (cspec.kubelet as Rec | undefined) ?? {};
  const kubelet: NonNullable<ClusterConfig['kubelet']> = {};
  if (kubeletSpec.imagePullTime !== undefined) kubelet.imagePull = toDistribution(kubeletSpec.imagePullTime);
  if (kubeletSpec.containerStartTime !== undefined) kubelet.start = toDistribution(kubeletSpec.containerStartTime);
  if (isRec(kubeletSpec.evictionHard)) kubelet.evictionHard = kubeletSpec.evictionHard as Record<string, string | number>;
  if (isRec(kubeletSpec.evictionSoft)) kubelet.evictionSoft = kubeletSpec.evictionSoft as Record<string, string | number>;
  if (isRec(kubeletSpec.evictionSoftGracePeriod)) {
    kubelet.evictionSoftGracePeriod = Object.fromEntries(Object.entries(kubeletSpec.evictionSoftGracePeriod).map(([k, v]) => [k, parseDuration(String(v))]));
  }
  if (isRec(kubeletSpec.evictionMinimumReclaim)) kubelet.evictionMinimumReclaim = kubeletSpec.evictionMinimumReclaim as Record<string, string | number>;
  if (kubeletSpec.evictionMaxPodGracePeriod !== undefined) kubelet.evictionMaxPodGracePeriod = Number(kubeletSpec.evictionMaxPodGracePeriod);
  if (kubeletSpec.evictionPressureTransitionPeriod !== undefined) kubelet.evictionPressureTransitionPeriod = parseDuration(String(kubeletSpec.evictionPressureTransitionPeriod));
  // Upstream's ParseThresholdConfig checks, with its messages, where the user wrote the value.
  for (const problem of parseThresholdConfig(kubelet).problems) errors.push(clusterDoc.error(['spec', 'kubelet', ...problem.path], problem.message));
  if (kubeletSpec.experimentalAllocatableIgnoreEviction !== undefined) kubelet.experimentalAllocatableIgnoreEviction = kubeletSpec.experimentalAllocatableIgnoreEviction === true;
  if (kubeletSpec.maxContainerBackOff !== undefined) kubelet.maxContainerBackOff = parseDuration(String(kubeletSpec.maxContainerBackOff));
  const schedSpec = (cspec.scheduler as Rec | undefined) ?? {};
  const controllersSpec = (cspec.controllers as Rec | undefined) ?? {};
  const cluster: Omit<ClusterConfig, 'seed'> = {
    nodePools,
    kubelet,
    behaviors: docs.filter((d) => d.apiVersion === K8SIM_API && d.kind === 'Behavior').map(buildBehavior),
    scheduler: {
      ...buildSchedulerPluginArgs(clusterDoc, schedSpec, errors),
      ...(schedSpec.percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore: Number(schedSpec.percentageOfNodesToScore) } : {}),
      ...spreadArgs(clusterDoc, schedSpec, errors),
      ...(schedSpec.cycleCost !== undefined ? { cycleCost: toDistribution(schedSpec.cycleCost) } : {}),
      ...(schedSpec.bindLatency !== undefined ? { bindLatency: toDistribution(schedSpec.bindLatency) } : {}),
    },
  };
  const registrySpec = isRec(cspec.registry) ? cspec.registry : undefined;
  if (registrySpec && Array.isArray(registrySpec.missingImages)) cluster.registry = { missingImages: registrySpec.missingImages.map(String) };
  if (controllersSpec.jobBackoffMax !== undefined) cluster.controllers = { jobBackoffMax: parseDuration(String(controllersSpec.jobBackoffMax)) };
  if (isRec(cspec.featureGates)) {
    const { gates, problems } = resolveFeatureGates(cspec.featureGates as Record<string, boolean>);
    for (const p of problems) errors.push(clusterDoc.error(['spec', 'featureGates', p.gate], p.message));
    cluster.featureGates = gates;
  }
  if (isRec(cspec.autoscaler)) cluster.autoscaler = buildAutoscaler(clusterDoc, cspec.autoscaler, nodePools, errors);
  let duration = 10 * 60_000;
  let sampleInterval = 15_000;
  let seed: number | undefined;
  let timeseriesScopes: SeriesScope[] | undefined;
  const simDoc = sims[0];
  if (simDoc) {
    const s = simDoc.body.spec as Rec;
    duration = parseDuration(String(s.duration));
    sampleInterval = parseDuration(String(s.sampleInterval ?? '15s'));
    if (sampleInterval <= 0) errors.push(simDoc.error(['spec', 'sampleInterval'], 'must be greater than 0'));
    // timeseries.csv's samples are scheduled when the run starts: a 100000d run at 15s would be
    // 576 million of them in memory before the first event.
    else if (duration / sampleInterval > MAX_SAMPLES) {
      errors.push(simDoc.error(['spec', 'sampleInterval'],
        `${formatDuration(duration)} at one sample every ${formatDuration(sampleInterval)} is ${Math.floor(duration / sampleInterval) + 1} samples; at most ${MAX_SAMPLES} (sample less often, or shorten spec.duration)`));
    }
    if (s.maxEvents !== undefined) cluster.maxEvents = Number(s.maxEvents);
    if (s.watchLatency !== undefined) cluster.watchLatency = parseDuration(String(s.watchLatency));
    if (s.seed !== undefined) seed = Number(s.seed);
    const ts = isRec(s.timeseries) ? s.timeseries : undefined;
    if (ts && Array.isArray(ts.scopes)) timeseriesScopes = ts.scopes.map(String) as SeriesScope[];
  }
  const manifests: Manifest[] = [];
  for (const d of docs) {
    if ((d.apiVersion === K8SIM_API && K8SIM_KINDS.has(d.kind)) || isNodeDoc(d)) continue;
    const obj = structuredClone(d.body) as unknown as KObject;
    obj.kind = storedKind(d.apiVersion, d.kind);
    manifests.push({ doc: d, obj });
  }
  const notSimulated = notSimulatedKinds(docs);
  if (options.strict) errors.push(...sortErrors(strictErrors(notSimulated), files));
  const timeline: TimelineEntry[] = [];
  const timelineDocs = docs.filter((x) => x.apiVersion === K8SIM_API && x.kind === 'Timeline');
  // Custom kinds a command may name: the scenario's and those its actions apply (a List's items too).
  const actionManifests = timelineDocs.flatMap((d) => (((d.body.spec as Rec)?.actions as Rec[]) ?? []).map((a) => a?.manifest).filter(isRec));
  const customResources = customResourceTypes([
    ...manifests.map((m) => ({ ...m.doc.body, apiVersion: m.doc.apiVersion, kind: m.doc.kind })),
    ...actionManifests.flatMap((m) => (Array.isArray(m.items) ? m.items.filter(isRec) : [m])),
  ]);
  for (const d of timelineDocs) {
    const actions = ((d.body.spec as Rec).actions as Rec[]) ?? [];
    actions.forEach((a, index) => {
      const entry: TimelineEntry = { doc: d, index, at: parseDuration(String(a.at)), run: String(a.run ?? '') };
      if (isRec(a.manifest)) entry.manifest = a.manifest;
      if (typeof a.note === 'string') entry.note = a.note;
      if (!entry.run && entry.manifest) entry.run = 'kubectl apply -f -';
      if (!entry.run) {
        errors.push(d.error(['spec', 'actions', index], 'an action needs `run` (a kubectl command or simulator action)'));
        return;
      }
      try {
        entry.command = parseCommand(entry.run, { hasManifest: entry.manifest !== undefined, customResources });
      } catch (e) {
        if (!(e instanceof CommandError)) throw e;
        errors.push(commandError(d, ['spec', 'actions', index, 'run'], entry.run, e));
        return;
      }
      timeline.push(entry);
    });
  }
  // An action after the run's end would be dropped without a word: say so (one at the end runs).
  for (const e of timeline) {
    if (e.at > duration) {
      errors.push(e.doc.error(['spec', 'actions', e.index, 'at'],
        `${formatDuration(e.at)} is after the end of the run (${formatDuration(duration)}${simDoc ? ', Simulation.spec.duration' : ', the default duration'}); it would never run`));
    }
  }
  // Equal times run in file order: a stable sort by time.
  timeline.sort((a, b) => a.at - b.at);
  const traffic = buildTraffic(docs, errors);
  const traces = buildTraces(docs, errors);
  if (errors.length) throw new ScenarioErrors(errors);
  const built: BuiltScenario = { cluster, duration, sampleInterval, manifests: ownersFirst(manifests), timeline, customResources, files, metricsPipeline: buildMetricsPipeline(cspec), notSimulated };
  if (traffic) built.traffic = traffic;
  if (traces.length > 0) built.traces = traces;
  if (seed !== undefined) built.seed = seed;
  if (timeseriesScopes !== undefined) built.timeseriesScopes = timeseriesScopes;
  return built;
}
