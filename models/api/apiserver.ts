// The API server, the one door for writes (as kube-apiserver is): create, update (optimistic
// resourceVersion), patch, the status and scale subresources, delete with graceful pod
// deletion and garbage collection of dependents by ownerReferences. Defaulting, validation
// (./policy/validation.ts, upstream's rules and messages) and admission run on create and on
// update, in upstream's order: defaults → mutating admission → validation → validating
// admission. Clients (the timeline's kubectl verbs, node commands, scenario loading) hand it
// a desired object; nobody else touches the store (test/api/one-door.test.ts checks it).
//
// Controllers and node agents write the objects they own in place and announce the change
// (updateStatus, updateInPlace, setOwnerReferences): upstream they Update a modified copy of
// their cached object, which the server validates; here their writes are well-formed by
// construction and copying a 5,000-address Endpoints or re-validating a ReplicaSet on every
// status change would cost more than the rest of the controller.

import type { Millis } from '../../sim/index.js';
import { applyDefaults, CLUSTER_SCOPED, DEFAULT_TERMINATION_GRACE_SECONDS } from './policy/defaults.js';
import { ApiError, conflictError, notFoundError } from './errors.js';
import { EventRecorder } from './events.js';
import { applyJsonPatch, mergePatch, strategicMergePatch } from './policy/patch.js';
import { podResources } from './policy/pod-resources.js';
import { invalidMessage, validateCreate, validatePodCreateMeta, validatePodSpecAlone, validateUpdate, type FieldError } from './policy/validation.js';
import { PodSpecVerdicts } from './pod-spec-verdicts.js';
import { generateName } from './policy/names.js';
import { ObjectStore, StoreError } from './store.js';
import type { KObject, OwnerReference, Pod, PodResources } from './types.js';


export type Propagation = 'Background' | 'Foreground' | 'Orphan';

/** What `kubectl patch --type` sends: strategic (the default), merge (RFC 7386) or json (RFC 6902). */
export type PatchType = 'strategic' | 'merge' | 'json';

/** What the scale subresource's errors speak for (autoscaling/v1 Scale). */
const SCALE = { apiVersion: 'autoscaling/v1', kind: 'Scale' };

/** Top-level fields an update does not take from the client: identity and the status subresource. */
const KEPT_ON_UPDATE = new Set(['apiVersion', 'kind', 'metadata', 'status']);

function setOrDelete<K extends 'labels' | 'annotations' | 'finalizers'>(m: KObject['metadata'], k: K, v: KObject['metadata'][K]): void {
  if (v === undefined) delete m[k];
  else m[k] = v;
}

/** What a creating client may say about the object besides its body. */
export interface CreateOptions {
  /**
   * The template the pod was stamped from (a controller's spec.template): pods of one template
   * reuse its spec's validation verdict when their spec is the same data (pod-spec-verdicts.ts).
   */
  template?: object;
}

/** Mutating/validating admission for pods (LimitRanger, ResourceQuota, priority…). */
export interface PodAdmissionPlugin {
  readonly name: string;
  /** Mutate and/or validate; throw ApiError to refuse. */
  admit(pod: Pod, api: ApiServer): void;
  /**
   * Validating phase: runs after every plugin's admit (the mutating phase), in plugin order,
   * as the API server runs mutating then validating admission. Throw ApiError to refuse.
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
  /** The pod object is gone (force delete, pod GC): stop whatever of it still runs, write nothing. */
  removed?(pod: Pod): void;
}

export class ApiServer {
  // Keyed by the pod object itself: the numbers live exactly as long as the pod does,
  // including while watchers still process its DELETED notification.
  private readonly resources = new WeakMap<Pod, PodResources>();
  private readonly podPlugins: PodAdmissionPlugin[] = [];
  private terminator: PodTerminator | undefined;
  /** Per-kind validation of non-pod objects on create and update (`old` on update): ValidateLimitRange, LimitRanger for claims… */
  private readonly validators = new Map<string, Array<(obj: KObject, old?: KObject) => void>>();

  /** Validation verdicts of template-stamped pod specs (see CreateOptions.template). */
  private readonly specVerdicts = new PodSpecVerdicts();

  /** Random source of generateName suffixes for objects created with a prefix only. */
  private readonly nameRand: () => number;

  constructor(
    readonly store: ObjectStore,
    readonly events: EventRecorder,
    nameRand?: () => number,
  ) {
    // Without a seeded source (unit tests) names are still deterministic and distinct: a
    // golden-ratio sequence never repeats a 5-character suffix soon.
    let x = 0;
    this.nameRand = nameRand ?? (() => (x = (x + 0.6180339887498949) % 1));
  }

  get now(): Millis {
    return this.store.now;
  }

  addPodAdmission(plugin: PodAdmissionPlugin): void {
    this.podPlugins.push(plugin);
  }

  /** Validate objects of `kind` on create and update; the validator throws ApiError to refuse. */
  addObjectValidator(kind: string, validate: (obj: KObject, old?: KObject) => void): void {
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

  /**
   * POST: create an object. Defaulting, generateName, then (pods) mutating admission, then
   * validation, then validating admission; refusals are ApiErrors with upstream's messages.
   */
  create<T extends KObject>(obj: T, opts?: CreateOptions): T {
    if (!obj.metadata.name && obj.metadata.generateName) this.fillGeneratedName(obj);
    applyDefaults(obj);
    if (obj.kind === 'Pod') return this.createPod(obj as unknown as Pod, opts?.template) as unknown as T;
    this.refuseInvalid(obj, validateCreate(obj));
    for (const v of this.validators.get(obj.kind) ?? []) v(obj);
    try {
      return this.store.create(obj);
    } catch (e) {
      if (e instanceof StoreError) throw new ApiError(e.message, 'AlreadyExists');
      throw e;
    }
  }

  private createPod(pod: Pod, template: object | undefined): Pod {
    if (this.store.exists('Pod', pod.metadata.namespace, pod.metadata.name)) {
      throw new ApiError(`pods "${pod.metadata.name}" already exists`, 'AlreadyExists');
    }
    for (const p of this.podPlugins) p.admit(pod, this);
    let shared: PodResources | undefined;
    if (template === undefined) this.refuseInvalid(pod, validateCreate(pod));
    else shared = this.validateStamped(pod, template);
    for (const p of this.podPlugins) p.validate?.(pod, this);
    const res = shared ?? (template === undefined ? podResources(pod.spec) : this.specVerdicts.remember(template, pod.spec, podResources(pod.spec)));
    pod.status = { phase: 'Pending', conditions: [], containerStatuses: [] };
    // Known before the store announces the pod: synchronous observers may need the numbers.
    this.resources.set(pod, res);
    this.store.create(pod);
    for (const p of this.podPlugins) p.admitted?.(pod, res, this);
    return pod;
  }

  /**
   * validateCreate(pod) for a pod stamped from `template`: metadata always; the spec only when
   * it is not the same data as a spec of this template already found valid. Errors, and their
   * order (metadata first, then spec), are validateCreate's. Returns the spec's numbers when
   * they are the template's (shared), undefined when the caller must compute them: a spec seen
   * for the first time is remembered only after validating admission also let it through.
   */
  private validateStamped(pod: Pod, template: object): PodResources | undefined {
    const errs = validatePodCreateMeta(pod);
    const known = this.specVerdicts.knownValid(template, pod.spec);
    if (known === undefined) for (const e of validatePodSpecAlone(pod.spec)) errs.push(e);
    this.refuseInvalid(pod, errs);
    return known;
  }

  /** generateName: the prefix plus a random suffix, redrawn while the name is taken. */
  private fillGeneratedName(obj: KObject): void {
    const prefix = obj.metadata.generateName!;
    let name: string;
    let tries = 0;
    do name = generateName(prefix, this.nameRand);
    while (this.store.exists(obj.kind, obj.metadata.namespace ?? 'default', name) && ++tries < 100);
    obj.metadata.name = name;
  }

  private refuseInvalid(obj: KObject, errs: FieldError[]): void {
    if (errs.length > 0) throw this.invalid(obj, errs);
  }

  /** The 422 for `errs` about `obj`, or about its subresource `as` (e.g. a Scale). */
  private invalid(obj: KObject, errs: FieldError[], as: Pick<KObject, 'apiVersion' | 'kind'> = obj): ApiError {
    const about = { apiVersion: as.apiVersion, kind: as.kind, metadata: { name: obj.metadata.name } } as KObject;
    return new ApiError(invalidMessage(about, errs), 'Invalid', { kind: as.kind, name: obj.metadata.name, causes: errs });
  }

  /** The stored object a client names, or NotFound as the server words it. */
  getOrNotFound<T extends KObject>(kind: string, apiVersion: string | undefined, namespace: string | undefined, name: string): T {
    const obj = this.store.get<T>(kind, namespace, name);
    if (!obj) throw notFoundError(kind, apiVersion, name);
    return obj;
  }

  /**
   * PUT: replace an object's spec and metadata with the client's desired copy `next`.
   * Optimistic concurrency: a `metadata.resourceVersion` on `next` must equal the stored one
   * (Conflict otherwise); without one the write is unconditional, as `kubectl replace
   * --force`-free updates of kubectl's own read-modify-write are. Status is the status
   * subresource's and is kept; metadata.generation moves when the spec changed. The stored
   * object is updated in place, so every holder of it sees the change.
   */
  update<T extends KObject>(next: T): T {
    const meta = next.metadata;
    const cur = this.getOrNotFound<T>(next.kind, next.apiVersion, meta.namespace ?? (this.isNamespaced(next) ? 'default' : undefined), meta.name);
    if (meta.resourceVersion !== undefined && meta.resourceVersion !== cur.metadata.resourceVersion) {
      throw conflictError(next.kind, next.apiVersion, meta.name);
    }
    if (!meta.namespace && this.isNamespaced(next)) meta.namespace = cur.metadata.namespace!;
    applyDefaults(next);
    this.refuseInvalid(next, validateUpdate(next, cur));
    for (const v of this.validators.get(next.kind) ?? []) v(next, cur);
    const live = cur as unknown as Record<string, unknown>;
    const body = next as unknown as Record<string, unknown>;
    const specChanged = JSON.stringify(live.spec ?? null) !== JSON.stringify(body.spec ?? null);
    for (const k of Object.keys(live)) if (!KEPT_ON_UPDATE.has(k) && !(k in body)) delete live[k];
    for (const [k, v] of Object.entries(body)) if (!KEPT_ON_UPDATE.has(k)) live[k] = v;
    const m = cur.metadata;
    setOrDelete(m, 'labels', meta.labels);
    setOrDelete(m, 'annotations', meta.annotations);
    setOrDelete(m, 'finalizers', meta.finalizers);
    if (JSON.stringify(m.ownerReferences ?? []) !== JSON.stringify(meta.ownerReferences ?? [])) {
      this.store.setOwnerReferences(cur, meta.ownerReferences);
    }
    this.store.update(cur, specChanged);
    return cur;
  }

  /**
   * PATCH: apply a JSON merge patch, strategic merge patch or JSON patch (RFC 6902) to the
   * stored object and update it, as kubectl patch/label/annotate/cordon send them.
   */
  patch<T extends KObject>(kind: string, apiVersion: string | undefined, namespace: string | undefined, name: string, type: PatchType, patch: unknown): T {
    const cur = this.getOrNotFound<T>(kind, apiVersion, namespace, name);
    const body = structuredClone(cur) as unknown as Record<string, unknown>;
    let next: Record<string, unknown>;
    if (type === 'json') next = applyJsonPatch(body, patch as Parameters<typeof applyJsonPatch>[1]);
    else if (type === 'merge') next = mergePatch(body, patch) as Record<string, unknown>;
    else next = strategicMergePatch(body, patch as Record<string, unknown>);
    const nextMeta = next.metadata as KObject['metadata'] | undefined;
    if (!nextMeta || typeof nextMeta !== 'object' || nextMeta.name !== name) {
      throw this.invalid(cur, [{ type: 'Invalid', field: 'metadata.name', value: nextMeta?.name ?? null, detail: 'field is immutable' }]);
    }
    // The patch is against what the client read: it carries the stored resourceVersion.
    nextMeta.resourceVersion = cur.metadata.resourceVersion!;
    return this.update(next as unknown as T);
  }

  /** PUT …/scale: the scale subresource (kubectl scale, the HPA). Validates spec.replicas. */
  scale(obj: KObject & { spec: { replicas?: number } }, replicas: number): void {
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw this.invalid(obj, [{ type: 'Invalid', field: 'spec.replicas', value: replicas, detail: 'must be greater than or equal to 0' }], SCALE);
    }
    obj.spec.replicas = replicas;
    this.store.update(obj, true);
  }

  /** PUT …/status: the status owner changed `obj.status` in place (kubelet, controllers). */
  updateStatus(obj: KObject): void {
    this.store.update(obj);
  }

  /**
   * A controller's write of an object it owns, changed in place: ReplicaSet replicas and
   * annotations by the Deployment controller, Endpoints subsets, node taints by the node
   * lifecycle controller, revision annotations. `specChanged` moves metadata.generation.
   */
  updateInPlace(obj: KObject, specChanged = false): void {
    this.store.update(obj, specChanged);
  }

  /** Adopt or release (a PATCH of metadata.ownerReferences), keeping the owner index right. */
  setOwnerReferences(obj: KObject, refs: OwnerReference[] | undefined): void {
    this.store.setOwnerReferences(obj, refs);
  }

  private isNamespaced(obj: KObject): boolean {
    return !CLUSTER_SCOPED.has(obj.kind);
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
    // The kubelet hears of the removal (upstream HandlePodRemoves): a force-deleted pod whose
    // image was still being pulled must not start afterwards and write itself back.
    this.terminator?.removed?.(pod);
  }
}
