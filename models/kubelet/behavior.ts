// How containers behave, from the scenario's `Behavior` documents: start-up timings, how
// long they run and how they exit. Times are milliseconds. The first Behavior (in
// document order) whose selector, namespace and container name match supplies each
// field; what none supplies comes from the cluster's kubelet defaults.

import type { DistributionSpec } from '../../sim/index.js';
import { selectorMatches } from '../api/policy/labels.js';
import type { Container, LabelSelector, Pod } from '../api/types.js';

export interface RunSpec {
  /** How long one run of the container lasts; absent = it runs until stopped. */
  duration?: DistributionSpec;
  /** Exit code of a run that does not fail (default 0). */
  exitCode?: number;
  /** Probability that a run fails with failureExitCode instead. */
  failureProbability?: number;
  failureExitCode?: number;
  /** The runtime cannot start the container: every run dies at once (exit 128, StartError). */
  startError?: { reason?: 'StartError' | 'ContainerCannotRun'; message?: string };
}

export interface BehaviorSpec {
  name: string;
  namespace?: string;
  selector: LabelSelector;
  container?: string;
  imagePull?: DistributionSpec;
  start?: DistributionSpec;
  /** Time from start until the application answers its readiness probe. */
  ready?: DistributionSpec;
  /** Time the process takes to exit after SIGTERM. */
  shutdown?: DistributionSpec;
  run?: RunSpec;
  /** Raw resource-use fields, schema-checked; parsed by ./usage/resource-profiles.ts. */
  cpu?: Record<string, unknown>;
  memory?: Record<string, unknown>;
  /** Local disk use (writable layer, logs, emptyDir, inodes); parsed by ./local-use-profile.ts. */
  disk?: Record<string, unknown>;
  /** Processes (pids) the container runs; parsed by ./local-use-profile.ts. */
  processes?: Record<string, unknown>;
}

export interface KubeletDefaults {
  imagePull: DistributionSpec;
  start: DistributionSpec;
  ready: DistributionSpec;
  shutdown: DistributionSpec;
  /** A re-pull of an image the node already has (imagePullPolicy Always): manifest check only. */
  cachedPull: DistributionSpec;
}

export const DEFAULT_KUBELET_TIMINGS: KubeletDefaults = {
  imagePull: { constant: 2000 },
  start: { constant: 500 },
  ready: { constant: 0 },
  shutdown: { constant: 0 },
  cachedPull: { constant: 500 },
};

/** The behaviour of one container, every field resolved. */
export interface ContainerBehavior {
  imagePull: DistributionSpec;
  cachedPull: DistributionSpec;
  start: DistributionSpec;
  ready: DistributionSpec;
  shutdown: DistributionSpec;
  run: RunSpec | undefined;
  cpu: Record<string, unknown> | undefined;
  memory: Record<string, unknown> | undefined;
  disk: Record<string, unknown> | undefined;
  processes: Record<string, unknown> | undefined;
  /** Names of the Behavior documents that contributed, for reports. */
  sources: string[];
}

type Field = 'imagePull' | 'start' | 'ready' | 'shutdown' | 'run' | 'cpu' | 'memory' | 'disk' | 'processes';
const FIELDS: readonly Field[] = ['imagePull', 'start', 'ready', 'shutdown', 'run', 'cpu', 'memory', 'disk', 'processes'];

export class BehaviorCatalog {
  private readonly cache = new Map<string, ContainerBehavior>();

  constructor(
    private readonly behaviors: readonly BehaviorSpec[],
    private readonly defaults: KubeletDefaults = DEFAULT_KUBELET_TIMINGS,
  ) {}

  /** Some Behavior sets this field (lets a model that reads it stay off when none does). */
  uses(field: 'disk' | 'processes'): boolean {
    return this.behaviors.some((b) => b[field] !== undefined);
  }

  resolve(pod: Pod, container: Container): ContainerBehavior {
    const labels = pod.metadata.labels ?? {};
    const matched: BehaviorSpec[] = [];
    for (const b of this.behaviors) {
      if (b.namespace !== undefined && b.namespace !== pod.metadata.namespace) continue;
      if (b.container !== undefined && b.container !== container.name) continue;
      if (!selectorMatches(b.selector, labels)) continue;
      matched.push(b);
    }
    const cacheKey = matched.map((b) => b.name).join('\u0000');
    const hit = this.cache.get(cacheKey);
    if (hit) return hit;
    const out: ContainerBehavior = {
      imagePull: this.defaults.imagePull,
      cachedPull: this.defaults.cachedPull,
      start: this.defaults.start,
      ready: this.defaults.ready,
      shutdown: this.defaults.shutdown,
      run: undefined,
      cpu: undefined,
      memory: undefined,
      disk: undefined,
      processes: undefined,
      sources: [],
    };
    const taken = new Set<Field>();
    for (const b of matched) {
      let used = false;
      for (const f of FIELDS) {
        if (taken.has(f) || b[f] === undefined) continue;
        taken.add(f);
        used = true;
        (out as unknown as Record<string, unknown>)[f] = b[f];
      }
      if (used) out.sources.push(b.name);
    }
    this.cache.set(cacheKey, out);
    return out;
  }
}
