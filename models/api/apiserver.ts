// The API server's behaviour on top of the store: defaulting and admission on create,
// graceful deletion of pods (finished by the kubelet), and garbage collection of
// dependents by ownerReferences (background cascade, or orphaning).

import type { Millis } from '../../sim/index.js';
import { applyDefaults } from './defaults.js';
import { EventRecorder } from './events.js';
import { podResources } from './policy/pod-resources.js';
import { ObjectStore, StoreError } from './store.js';
import type { KObject, Pod, PodResources, PodSpec } from './types.js';

export type Propagation = 'Background' | 'Foreground' | 'Orphan';

/** A create refused by admission: `message` is what kubectl would print. */
export class AdmissionError extends Error {
  constructor(
    message: string,
    readonly reason: 'Forbidden' | 'Invalid' | 'AlreadyExists',
  ) {
    super(message);
  }
}

/** Mutating/validating admission for pods (LimitRanger, ResourceQuota, priority…). */
export interface PodAdmissionPlugin {
  readonly name: string;
  /** Mutate and/or validate; throw AdmissionError to refuse. */
  admit(pod: Pod, api: ApiServer): void;
  /**
   * Validating phase: runs after every plugin's admit (the mutating phase), in plugin order,
   * as the API server runs mutating then validating admission. Throw AdmissionError to refuse.
   */
  validate?(pod: Pod, api: ApiServer): void;
  /** Called once the pod is stored (e.g. quota usage bookkeeping). */
  admitted?(pod: Pod, res: PodResources, api: ApiServer): void;
  /** Called when the pod leaves the store or becomes terminal. */
  released?(pod: Pod, res: PodResources, api: ApiServer): void;
}

/** Who finishes a pod's graceful deletion: the kubelet of the pod's node. */
export interface PodTerminator {
  terminate(pod: Pod, gracePeriodSeconds: number): void;
}

export const DEFAULT_TERMINATION_GRACE_SECONDS = 30;

export class ApiServer {
  // Keyed by the pod object itself: the numbers live exactly as long as the pod does,
  // including while watchers still process its DELETED notification.
  private readonly resources = new WeakMap<Pod, PodResources>();
  private readonly podPlugins: PodAdmissionPlugin[] = [];
  private terminator: PodTerminator | undefined;
  /** Per-kind create validation of non-pod objects (e.g. LimitRange ValidateLimitRange). */
  private readonly validators = new Map<string, Array<(obj: KObject) => void>>();

  constructor(
    readonly store: ObjectStore,
    readonly events: EventRecorder,
  ) {}

  get now(): Millis {
    return this.store.now;
  }

  addPodAdmission(plugin: PodAdmissionPlugin): void {
    this.podPlugins.push(plugin);
  }

  /** Validate objects of `kind` on create; the validator throws AdmissionError to refuse. */
  addObjectValidator(kind: string, validate: (obj: KObject) => void): void {
    let list = this.validators.get(kind);
    if (!list) this.validators.set(kind, (list = []));
    list.push(validate);
  }

  setPodTerminator(t: PodTerminator): void {
    this.terminator = t;
  }

  /** Numeric requests/limits of a stored pod. */
  resourcesOf(pod: Pod): PodResources {
    const r = this.resources.get(pod);
    if (!r) throw new Error(`no resources recorded for pod ${pod.metadata.name}`);
    return r;
  }

  /** Create any object; pods go through defaulting and admission first. */
  create<T extends KObject>(obj: T): T {
    applyDefaults(obj);
    if (obj.kind === 'Pod') return this.createPod(obj as unknown as Pod) as unknown as T;
    for (const v of this.validators.get(obj.kind) ?? []) v(obj);
    try {
      return this.store.create(obj);
    } catch (e) {
      if (e instanceof StoreError) throw new AdmissionError(e.message, 'AlreadyExists');
      throw e;
    }
  }

  private createPod(pod: Pod): Pod {
    defaultPodSpec(pod.spec);
    if (!pod.metadata.namespace) pod.metadata.namespace = 'default';
    if (this.store.exists('Pod', pod.metadata.namespace, pod.metadata.name)) {
      throw new AdmissionError(`pods "${pod.metadata.name}" already exists`, 'AlreadyExists');
    }
    for (const p of this.podPlugins) p.admit(pod, this);
    for (const p of this.podPlugins) p.validate?.(pod, this);
    const res = podResources(pod.spec);
    pod.status = { phase: 'Pending', conditions: [], containerStatuses: [] };
    // Known before the store announces the pod: synchronous observers may need the numbers.
    this.resources.set(pod, res);
    this.store.create(pod);
    for (const p of this.podPlugins) p.admitted?.(pod, res, this);
    return pod;
  }

  /** Note that a pod reached a terminal phase (quota stops counting it). */
  podFinished(pod: Pod): void {
    const res = this.resources.get(pod);
    if (!res) return;
    for (const p of this.podPlugins) p.released?.(pod, res, this);
  }

  /**
   * Delete an object. Pods are deleted gracefully: they get a deletionTimestamp and the
   * kubelet removes them once their containers stop. Dependents are garbage-collected
   * per the propagation policy (kubectl's default is Background).
   */
  delete(obj: KObject, opts: { propagation?: Propagation; gracePeriodSeconds?: number } = {}): void {
    const propagation = opts.propagation ?? 'Background';
    if (obj.kind === 'Pod') {
      this.deletePod(obj as Pod, opts.gracePeriodSeconds);
      return;
    }
    if (obj.metadata.deletionTimestamp !== undefined) return;
    obj.metadata.deletionTimestamp = this.now;
    const deps = [...this.store.dependentsOf(obj.metadata.uid!)];
    if (propagation === 'Orphan') {
      for (const d of deps) {
        this.store.setOwnerReferences(
          d,
          d.metadata.ownerReferences?.filter((r) => r.uid !== obj.metadata.uid),
        );
      }
    }
    this.store.remove(obj);
    if (propagation !== 'Orphan') {
      for (const d of deps) {
        const remaining = d.metadata.ownerReferences?.filter((r) => r.uid !== obj.metadata.uid) ?? [];
        // An object with another live owner survives (the GC only deletes orphans).
        if (remaining.some((r) => this.store.getByUid(r.uid))) {
          this.store.setOwnerReferences(d, remaining);
          continue;
        }
        this.delete(d, { propagation });
      }
    }
  }

  private deletePod(pod: Pod, gracePeriodSeconds?: number): void {
    const grace = gracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_SECONDS;
    if (pod.metadata.deletionTimestamp !== undefined) {
      // A second delete may only shorten the grace period.
      if (grace >= (pod.metadata.deletionGracePeriodSeconds ?? Infinity)) return;
    }
    pod.metadata.deletionTimestamp ??= this.now;
    pod.metadata.deletionGracePeriodSeconds = grace;
    // An unbound pod, or a terminal one, has nothing to stop: it goes at once.
    if (!pod.spec.nodeName || pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed' || !this.terminator) {
      this.removePod(pod);
      return;
    }
    this.store.update(pod);
    this.terminator.terminate(pod, grace);
  }

  /** Final removal of a pod object (kubelet confirmed, or force delete). */
  removePod(pod: Pod): void {
    if (!this.store.exists('Pod', pod.metadata.namespace, pod.metadata.name)) return;
    if (pod.status.phase !== 'Succeeded' && pod.status.phase !== 'Failed') this.podFinished(pod);
    this.store.remove(pod);
  }
}

/** API defaulting of a PodSpec (SetDefaults_Pod and friends), for the fields k8sim reads. */
export function defaultPodSpec(spec: PodSpec): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= DEFAULT_TERMINATION_GRACE_SECONDS;
  spec.schedulerName ??= 'default-scheduler';
  for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
    if (!c.imagePullPolicy && c.image) c.imagePullPolicy = defaultPullPolicy(c.image);
  }
}

/** Images tagged :latest or untagged are pulled Always; others IfNotPresent. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon < 0) return 'Always';
  return image.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}
