// Replays k8sim/v1 Trace documents: pods are read from the trace file as virtual time reaches
// them (one pending arrival event per trace, never the whole file up front), created through the
// API server like `kubectl create`, and deleted when the trace deleted them. Refusals (quota, a
// name taken) are warnings and events, as for the scenario's own manifests.
import { ApiError } from '../models/api/errors.js';
import type { ClusterModel } from '../models/cluster.js';
import type { KObject, Pod } from '../models/api/types.js';
import { priorityClassName, tracePodManifest } from '../scenarios/trace/pod-object.js';
import { TracePodSource, type ReplayPod, type TraceSpec } from '../scenarios/trace/pod-source.js';

const onArrival = (r: TraceReplay) => r.arrive();
const onDeletion = (d: { replay: TraceReplay; pod: Pod }) => d.replay.remove(d.pod);

export class TraceReplay {
  private readonly source: TracePodSource;
  private readonly classes = new Set<number>();
  /** For the summary: pods created, refused, deleted by the trace; rows given a whole GPU. */
  created = 0;
  refused = 0;
  deleted = 0;
  roundedGpu = 0;

  constructor(
    private readonly model: ClusterModel,
    private readonly spec: TraceSpec,
    private readonly warn: (message: string) => void,
  ) {
    this.source = new TracePodSource(spec);
    this.armNext();
  }

  private armNext(): void {
    const t = this.source.peekTime();
    if (t !== undefined) this.model.sim.post(Math.max(t, this.model.sim.now), onArrival, this);
  }

  /** @internal create every pod due now, then wait for the next one. */
  arrive(): void {
    const now = this.model.sim.now;
    for (let t = this.source.peekTime(); t !== undefined && t <= now; t = this.source.peekTime()) this.create(this.source.next()!);
    this.armNext();
  }

  private create(r: ReplayPod): void {
    const { pod } = r;
    if (pod.priority !== undefined) this.ensurePriorityClass(pod.priority);
    if (pod.roundedGpu) this.roundedGpu++;
    const obj = tracePodManifest(this.spec.name, this.spec.pods, pod);
    try {
      const stored = this.model.create(obj);
      this.created++;
      if (r.deleteAt !== undefined) this.model.sim.post(Math.max(r.deleteAt, this.model.sim.now), onDeletion, { replay: this, pod: stored });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.refused++;
      this.warn(`${this.spec.pods.file}:${pod.line}:1: Error from server (${e.reason}): error when creating pod ${pod.name}: ${e.message}`);
      this.model.events.warning(obj, 'FailedCreate', e.message, 'trace');
    }
  }

  /** @internal the trace deleted the pod now (if it is still there). */
  remove(pod: Pod): void {
    const stored = this.model.store.get<Pod>('Pod', pod.metadata.namespace, pod.metadata.name);
    if (stored !== pod) return;
    this.deleted++;
    this.model.api.delete(pod, { gracePeriodSeconds: 0 });
  }

  private ensurePriorityClass(value: number): void {
    if (this.classes.has(value)) return;
    this.classes.add(value);
    const name = priorityClassName(value);
    if (this.model.store.get('PriorityClass', undefined, name)) return;
    const pc = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, globalDefault: false, description: 'A priority of the replayed trace.' };
    this.model.create(pc as unknown as KObject);
  }

  close(): void {
    this.source.close();
  }
}

/** Starts the replay of every trace of the scenario; `warn` hears refused pods. */
export function startTraces(model: ClusterModel, traces: readonly TraceSpec[], warn: (message: string) => void): TraceReplay[] {
  const replays = traces.map((t) => new TraceReplay(model, t, warn));
  model.metrics.addSummary({
    summarize(_now, put) {
      if (replays.length === 0) return;
      put('trace_pods_created', replays.reduce((s, r) => s + r.created, 0));
      put('trace_pods_refused', replays.reduce((s, r) => s + r.refused, 0));
      put('trace_pods_deleted', replays.reduce((s, r) => s + r.deleted, 0));
      const rounded = replays.reduce((s, r) => s + r.roundedGpu, 0);
      if (rounded > 0) put('trace_gpu_rounded_up', rounded);
    },
  });
  return replays;
}
