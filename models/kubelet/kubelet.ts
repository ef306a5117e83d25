// The kubelet of every node: admits pods bound to its node, pulls images (one pull at a time
// per node, as serializeImagePulls does), creates and starts containers in order, runs
// init containers to completion first and sidecars (init containers with restartPolicy Always)
// in order before the main containers, keeping them running and stopping them once the main
// containers are done for good, tracks readiness, refuses to create a container whose
// ConfigMap/Secret environment is missing (CreateContainerConfigError), restarts exited
// containers per restartPolicy with CrashLoopBackOff, and finishes graceful deletion.

import { type DistributionSpec, type EventHandle, type Millis, type Rng, type Simulation, sampler } from '../../sim/index.js';
import type { ApiServer, PodTerminator } from '../api/apiserver.js';
import type { BehaviorCatalog, ContainerBehavior } from './behavior.js';
import { ImageManager, type PullPlan, type RegistrySpec } from './image-manager.js';
import { podWorkerRetryDelay, pullMessages, imageNotFoundMessage } from './policy/image-pull.js';
import { CrashLoopBackOff, crashLoopMessage, formatGoDuration, podPhase } from './policy/crashloop.js';
import { isPodReady, setCondition } from '../api/policy/podutil.js';
import type { Container, ContainerStatus, KObject, Node, Pod } from '../api/types.js';
import { containerConfigError, volumeSetUpError, type ConfigSource } from './policy/container-config.js';
import type { RunningAtStart } from './policy/adopt-running.js';

export const KUBELET = 'kubelet';

/** Exit code and reason of a container the runtime could not start (containerd). */
export const START_ERROR_EXIT_CODE = 128;
export const START_ERROR_REASON = 'StartError';

/**
 * The runtime's error for a command that cannot be executed, as containerd 1.7 / runc report it
 * (StartError), or as dockershim did (ContainerCannotRun).
 */
export function startErrorMessage(reason: string, command: string): string {
  const exec = `exec: "${command}": executable file not found in $PATH`;
  if (reason === 'ContainerCannotRun') return `OCI runtime create failed: container_linux.go:380: starting container process caused: ${exec}: unknown`;
  return `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${exec}: unknown`;
}

/** What one run of a container does, decided when it starts. */
export interface RunOutcome {
  /** ms until the process exits on its own; undefined = runs until stopped. */
  durationMs: number | undefined;
  exitCode: number;
  /** Exit reason reported by the runtime (Completed, Error, OOMKilled…). */
  reason?: string;
  /** The process ignores SIGTERM (e.g. `sh -c` as PID 1) and is only stopped by SIGKILL. */
  ignoresSigterm?: boolean;
  /** The run length is k8sim's stated default (a command nobody could read): warn once per image. */
  defaulted?: boolean;
}

/**
 * How long the kubelet waits before trying again to create a container whose configuration
 * failed (the pod worker's back-off period, upstream 10 s; its jitter is left out).
 */
export const CONFIG_RETRY_MS: Millis = 10_000;

/** The volume manager's retry of a failed mount: 500 ms, doubling, at most 2 min 2 s (exponentialbackoff). */
export function mountRetryDelay(failures: number): Millis {
  return Math.min(500 * 2 ** Math.max(0, failures - 1), 122_000);
}

/** Decides a container run: busybox command lines, the behaviour model… */
export type RunPlanner = (pod: Pod, container: Container, behavior: ContainerBehavior, rng: Rng) => RunOutcome;

/** Observers of container life (resource models, reports). */
export interface ContainerListener {
  containerStarted?(pod: Pod, index: number, init: boolean): void;
  containerStopped?(pod: Pod, index: number, init: boolean): void;
  podStopped?(pod: Pod): void;
}

/**
 * `pullBackoff`: the pull failed; the pod worker syncs again after its error back-off.
 * `configError`: the image is there but the container cannot be created yet (retried).
 */
type Stage = 'waiting' | 'pulling' | 'pullBackoff' | 'starting' | 'configError' | 'running' | 'exited' | 'backoff';

interface ContainerRt {
  /** The kubelet and pod it belongs to: a container is its own timer argument (no object per timer). */
  kubelet: Kubelet;
  pod: PodRt;
  spec: Container;
  init: boolean;
  index: number;
  behavior: ContainerBehavior;
  status: ContainerStatus;
  stage: Stage;
  timer: EventHandle | null;
  /** Set while a readiness probe is pending. */
  readyTimer: EventHandle | null;
  outcome: RunOutcome | undefined;
  startedAt: Millis;
  /** When the pull was asked for, and the node's puller's plan for it. */
  pullRequested: Millis;
  pullPlan: PullPlan | undefined;
  /** An exited run is to be replaced: the next start counts a restart. */
  restarting: boolean;
  /** CrashLoopBackOff key: pod uid + container, built at the first exit (most containers never exit). */
  backoffKey: string | undefined;
  /** Exit time of the run being backed off. */
  exitAt: Millis;
  /** The back-off the last exit got (its CrashLoopBackOff message and when it ends). */
  backoffDelay: Millis;
  /** Graceful deletion: a sidecar waiting for its turn to get SIGTERM. */
  awaitingTurn: boolean;
  /** The last CreateContainerConfigError message, so the Failed event is not repeated per retry. */
  configError: string | undefined;
}

interface PodRt {
  pod: Pod;
  node: NodeRt;
  init: ContainerRt[];
  main: ContainerRt[];
  /** Index of the next init container to run; init.length once all succeeded. */
  initDone: number;
  /** Next main container to bring up during the first start. */
  nextMain: number;
  terminating: boolean;
  killTimer: EventHandle | null;
  finished: boolean;
  /** The main containers are done for good: sidecars are being stopped and not restarted. */
  stoppingSidecars: boolean;
  /** ConfigMap/Secret volumes set up (checked once, before the first container). */
  volumesMounted: boolean;
  mountTimer: EventHandle | null;
  mountFailures: number;
  mountError: string | undefined;
  /** Graceful deletion: when the grace period ends (sidecars get what is left of it). */
  graceDeadline: Millis;
  /**
   * podPhase's inputs that do not change over the pod's life, built once at admission. The
   * main containers' are the pod's own specs (getPhase reads only their names, which an update
   * cannot change); a pod without init containers shares one empty list for each init input.
   */
  phaseMain: readonly { name: string }[];
  phaseInit: { name: string; sidecar: boolean }[];
  mainStatuses: ContainerStatus[];
  initStatuses: ContainerStatus[];
  /** Neighbours in the node's pod list; `listed` while the pod is in it. */
  prev: PodRt | null;
  next: PodRt | null;
  listed: boolean;
}

interface NodeRt {
  node: Node;
  ready: boolean;
  /**
   * The node's pods in admission order (failure handling walks them so), as a list threaded
   * through the pods themselves: adding and removing one is a few pointer writes, where a Set
   * hashed every admitted pod and rehashed as each node's set grew and shrank.
   */
  first: PodRt | null;
  last: PodRt | null;
  rng: Rng;
  /** When pod workers re-sync after a failed sync (a stream of its own: crash loops shift no other draw). */
  workerRng: Rng;
  /**
   * A sampler per distribution on this node's stream, built at its first draw: sampler() checks
   * the spec and makes a closure, which per draw (3–4 per container start) was garbage.
   */
  draws: Map<DistributionSpec, () => number>;
}

const onPulled = (c: ContainerRt) => c.kubelet.pulled(c.pod, c);
const onPullRetry = (c: ContainerRt) => c.kubelet.pullRetry(c.pod, c);
const onStarted = (c: ContainerRt) => c.kubelet.started(c.pod, c);
const onExited = (c: ContainerRt) => c.kubelet.exited(c.pod, c, undefined);
const onReady = (c: ContainerRt) => c.kubelet.containerReady(c.pod, c);
const onBackoffOver = (c: ContainerRt) => c.kubelet.backoffOver(c.pod, c);
const onCrashLoopSync = (c: ContainerRt) => c.kubelet.crashLoopSync(c.pod, c);
const onKilled = (c: ContainerRt) => c.kubelet.stopped(c.pod, c);
const onConfigRetry = (c: ContainerRt) => c.kubelet.configRetry(c.pod, c);
const onSidecarStopped = (c: ContainerRt) => c.kubelet.sidecarStopped(c.pod, c);

/** A draw from `spec` on the node's stream, in whole ms, not negative (the sampler cached per node). */
function drawMs(node: NodeRt, spec: DistributionSpec): number {
  let f = node.draws.get(spec);
  if (f === undefined) node.draws.set(spec, (f = sampler(spec, node.rng)));
  return Math.max(0, Math.round(f()));
}

/**
 * The init lists of every pod without init containers (most pods): shared, so admission
 * allocates none of them. Only admit pushes into these lists, and only for a pod with init
 * containers. Not frozen: a frozen array has an elements kind of its own, and every loop over
 * a pod's init lists would then see two kinds where it saw one.
 */
const NO_CONTAINERS: readonly Container[] = [];
const NO_INIT: ContainerRt[] = [];
const NO_PHASE_INIT: { name: string; sidecar: boolean }[] = [];
const NO_STATUSES: ContainerStatus[] = [];

/**
 * How long the container's pull takes on its node's stream. A manifest check never takes
 * longer than the full pull would (a scenario with instant pulls keeps them instant).
 */
function pullDuration(checkOnly: boolean, c: ContainerRt): number {
  const node = c.pod.node;
  return checkOnly ? Math.min(drawMs(node, c.behavior.cachedPull), drawMs(node, c.behavior.imagePull)) : drawMs(node, c.behavior.imagePull);
}

/** podPhase's options, one object each rather than one per status refresh. */
const PHASE_INITIALIZED = { podHasInitialized: true } as const;
const PHASE_INITIALIZING = { podHasInitialized: false } as const;

/** Every main container and every sidecar is ready (plain init containers do not count). */
function allContainersReady(p: PodRt): boolean {
  for (const c of p.main) if (!c.status.ready) return false;
  for (const c of p.init) if (isSidecar(c) && !c.status.ready) return false;
  return true;
}

/** Append the pod to its node's list. */
function link(n: NodeRt, p: PodRt): void {
  p.prev = n.last;
  p.next = null;
  if (n.last) n.last.next = p;
  else n.first = p;
  n.last = p;
  p.listed = true;
}

/** Take the pod out of its node's list (a second call does nothing, as Set.delete did not). */
function unlink(p: PodRt): void {
  if (!p.listed) return;
  const n = p.node;
  if (p.prev) p.prev.next = p.next;
  else n.first = p.next;
  if (p.next) p.next.prev = p.prev;
  else n.last = p.prev;
  p.prev = p.next = null;
  p.listed = false;
}

/** The node's pods in admission order, copied: the callers change the list as they walk it. */
function podsOf(n: NodeRt): PodRt[] {
  const out: PodRt[] = [];
  for (let p = n.first; p !== null; p = p.next) out.push(p);
  return out;
}

/** The CrashLoopBackOff key of a container (pod uid + container), built when first needed. */
function backoffKeyOf(c: ContainerRt): string {
  return (c.backoffKey ??= `${c.pod.pod.metadata.uid}/${c.init ? 'init/' : ''}${c.spec.name}`);
}

/** Event messages that depend only on a name: one string per name, not one per pod. */
const createdMessages = new Map<string, string>();
const startedMessages = new Map<string, string>();
const pullingMessages = new Map<string, string>();
const presentMessages = new Map<string, string>();
function memoMessage(memo: Map<string, string>, key: string, make: (k: string) => string): string {
  let m = memo.get(key);
  if (m === undefined) {
    // Bounded like the other parse caches: names are few, but a pathological run must not grow it forever.
    if (memo.size >= 4096) memo.clear();
    memo.set(key, (m = make(key)));
  }
  return m;
}
/**
 * The Pulled message of a completed pull, kept by image, pull time and time waited: pods that
 * queue behind one node's puller for the same image get the same few texts (the 1,000-node
 * scale hour's 30,947 Pulled events hold 39 distinct messages), so each is formatted once.
 */
const pulledMessages = new Map<string, Map<number, Map<number, string>>>();
let pulledMessageCount = 0;
/** Distinct Pulled texts kept before the memo starts over (memory stays flat on any run). */
export const PULLED_MESSAGES_MAX = 16_384;
export function pulledMessage(image: string, pullOnlyMs: Millis, waitedMs: Millis): string {
  let byPull = pulledMessages.get(image);
  if (byPull === undefined) pulledMessages.set(image, (byPull = new Map()));
  let byWait = byPull.get(pullOnlyMs);
  if (byWait === undefined) byPull.set(pullOnlyMs, (byWait = new Map()));
  let m = byWait.get(waitedMs);
  if (m === undefined) {
    m = `Successfully pulled image "${image}" in ${formatGoDuration(pullOnlyMs)} (${formatGoDuration(waitedMs)} including waiting)`;
    if (pulledMessageCount >= PULLED_MESSAGES_MAX) {
      pulledMessages.clear();
      pulledMessageCount = 0;
      pulledMessages.set(image, (byPull = new Map()));
      byPull.set(pullOnlyMs, (byWait = new Map()));
    }
    byWait.set(waitedMs, m);
    pulledMessageCount++;
  }
  return m;
}
const createdText = (name: string) => `Created container ${name}`;
const startedText = (name: string) => `Started container ${name}`;
const onMountRetry = (p: { kubelet: Kubelet; p: PodRt }) => p.kubelet.mountRetry(p.p);
const onEvictNow = (a: { kubelet: Kubelet; pod: Pod; reason: string; message: string }) => a.kubelet.evict(a.pod, a.reason, a.message);
const onGraceOver = (p: { kubelet: Kubelet; p: PodRt }) => p.kubelet.graceOver(p.p);

export class Kubelet implements PodTerminator {
  private readonly nodes = new Map<string, NodeRt>();
  private readonly pods = new Map<Pod, PodRt>();
  private readonly listeners: ContainerListener[] = [];
  private readonly admitHandlers: ((pod: Pod, nodeName: string) => { reason: string; message: string } | undefined)[] = [];
  readonly backoff: CrashLoopBackOff;
  /** Images on each node, the serialized pullers, pull back-off, the registry. */
  readonly images: ImageManager;
  /** Volumes a pod needs before its containers start (PVCs bound): see controllers/persistent-volumes.ts. */
  private volumeGate: ((pod: Pod) => boolean) | undefined;
  /** ConfigMap and Secret keys as the kubelet's managers see them (the store). */
  private readonly configSource: ConfigSource;
  /** Run warnings for the user (one per image whose command got the default run). */
  readonly warnings: string[] = [];
  private readonly warnedImages = new Set<string>();
  /** Snapshot pods to adopt as running when they are admitted (namespace/name → what was found). */
  private readonly foundRunning = new Map<string, RunningAtStart>();

  constructor(
    private readonly sim: Simulation,
    private readonly api: ApiServer,
    private readonly behaviors: BehaviorCatalog,
    private readonly streams: { stream(name: string): Rng },
    private readonly planRun: RunPlanner,
    opts: { maxContainerBackOff?: Millis; registry?: RegistrySpec } = {},
  ) {
    this.backoff = new CrashLoopBackOff(10_000, opts.maxContainerBackOff ?? 300_000);
    this.images = new ImageManager(opts.registry);
    api.setPodTerminator(this);
    const keys = (o: KObject | undefined, fields: readonly string[]): ReadonlySet<string> | undefined => {
      if (!o) return undefined;
      const out = new Set<string>();
      for (const f of fields) {
        const m = (o as unknown as Record<string, unknown>)[f];
        if (m && typeof m === 'object') for (const k of Object.keys(m)) out.add(k);
      }
      return out;
    };
    this.configSource = {
      configMap: (ns, name) => keys(api.store.get('ConfigMap', ns, name), ['data']),
      // stringData is merged into data when a Secret is written.
      secret: (ns, name) => keys(api.store.get('Secret', ns, name), ['data', 'stringData']),
    };
  }

  /** The volume manager's check: while it says false the pod stays in ContainerCreating. */
  setVolumeGate(gate: (pod: Pod) => boolean): void {
    this.volumeGate = gate;
  }

  /** A volume the pod waited for is ready: carry on starting it. */
  volumesChanged(pod: Pod): void {
    const p = this.pods.get(pod);
    if (p) this.proceed(p);
  }

  addListener(l: ContainerListener): void {
    this.listeners.push(l);
  }

  addNode(node: Node): void {
    this.nodes.set(node.metadata.name, {
      node,
      ready: true,
      first: null,
      last: null,
      rng: this.streams.stream(`kubelet/${node.metadata.name}`),
      workerRng: this.streams.stream(`kubelet/${node.metadata.name}/pod-worker`),
      draws: new Map(),
    });
    this.images.addNode(node.metadata.name);
  }

  removeNode(name: string): void {
    this.nodes.delete(name);
    this.images.removeNode(name);
  }

  /** Pods the kubelet is running on a node (for failure handling). */
  podsOn(nodeName: string): Pod[] {
    const n = this.nodes.get(nodeName);
    return n ? podsOf(n).map((p) => p.pod) : [];
  }

  /**
   * The pod about to be created (a snapshot's, at t=0) is already running on its node: admit it
   * with its containers running instead of pulling and starting them (see adoptRunning).
   */
  expectRunning(namespace: string, name: string, found: RunningAtStart | undefined): void {
    if (found) this.foundRunning.set(`${namespace}/${name}`, found);
    else this.foundRunning.delete(`${namespace}/${name}`);
  }

  /**
   * A pod admit handler (lifecycle.PodAdmitHandler, e.g. the eviction manager's): a reason and
   * message refuse the pod on its node.
   */
  addAdmitHandler(h: (pod: Pod, nodeName: string) => { reason: string; message: string } | undefined): void {
    this.admitHandlers.push(h);
  }

  /** The scheduler bound `pod` to a node: admit it and start its containers. */
  admit(pod: Pod): void {
    const node = this.nodes.get(pod.spec.nodeName!);
    if (!node || this.pods.has(pod)) return;
    for (const h of this.admitHandlers) {
      const refused = h(pod, node.node.metadata.name);
      if (refused) {
        this.rejectPod(pod, refused.reason, refused.message);
        return;
      }
    }
    const initSpecs = pod.spec.initContainers ?? NO_CONTAINERS;
    const hasInit = initSpecs.length > 0;
    const mainSpecs = pod.spec.containers;
    const rt: PodRt = {
      pod,
      node,
      init: hasInit ? [] : NO_INIT,
      main: [],
      initDone: 0,
      nextMain: 0,
      terminating: false,
      killTimer: null,
      finished: false,
      stoppingSidecars: false,
      volumesMounted: false,
      mountTimer: null,
      mountFailures: 0,
      mountError: undefined,
      graceDeadline: 0,
      phaseMain: mainSpecs,
      phaseInit: hasInit ? [] : NO_PHASE_INIT,
      mainStatuses: [],
      initStatuses: hasInit ? [] : NO_STATUSES,
      prev: null,
      next: null,
      listed: false,
    };
    // Until init containers are done, everything waits in PodInitializing.
    const firstWait = initSpecs.length > 0 ? 'PodInitializing' : 'ContainerCreating';
    for (let i = 0; i < initSpecs.length; i++) {
      const c = this.containerRt(rt, initSpecs[i]!, i, true, 'PodInitializing');
      rt.init.push(c);
      rt.initStatuses.push(c.status);
      rt.phaseInit.push({ name: c.spec.name, sidecar: c.spec.restartPolicy === 'Always' });
    }
    for (let i = 0; i < mainSpecs.length; i++) {
      const c = this.containerRt(rt, mainSpecs[i]!, i, false, firstWait);
      rt.main.push(c);
      rt.mainStatuses.push(c.status);
    }
    link(node, rt);
    this.pods.set(pod, rt);
    const now = this.sim.now;
    pod.status.startTime = now;
    pod.status.hostIP = nodeIP(node.node);
    // Copies: the API's status arrays are the pod's, the kubelet's own are its phase inputs.
    pod.status.containerStatuses = rt.mainStatuses.slice();
    if (rt.init.length) pod.status.initContainerStatuses = rt.initStatuses.slice();
    setCondition(pod, 'PodReadyToStartContainers', 'True', now);
    setCondition(pod, 'Initialized', rt.init.length ? 'False' : 'True', now, rt.init.length ? 'ContainersNotInitialized' : undefined);
    setCondition(pod, 'Ready', 'False', now, 'ContainersNotReady');
    setCondition(pod, 'ContainersReady', 'False', now, 'ContainersNotReady');
    if (this.foundRunning.size > 0) {
      const key = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
      const found = this.foundRunning.get(key);
      if (found) {
        this.foundRunning.delete(key);
        this.adoptRunning(rt, found);
        return;
      }
    }
    this.api.updateStatus(pod);
    this.proceed(rt);
  }

  private containerRt(p: PodRt, c: Container, index: number, init: boolean, waitReason: string): ContainerRt {
    return {
      kubelet: this,
      pod: p,
      spec: c,
      init,
      index,
      behavior: this.behaviors.resolve(p.pod, c),
      status: {
        name: c.name,
        ready: false,
        started: false,
        restartCount: 0,
        state: { waiting: { reason: waitReason } },
        lastState: {},
      },
      stage: 'waiting',
      timer: null,
      readyTimer: null,
      outcome: undefined,
      startedAt: 0,
      pullRequested: 0,
      pullPlan: undefined,
      restarting: false,
      backoffKey: undefined,
      exitAt: 0,
      backoffDelay: 0,
      awaitingTurn: false,
      configError: undefined,
    };
  }

  /**
   * A kubelet restart finds the pod's containers running: computePodActions asks for nothing,
   * so there is no pull, create or start (and none of their events). Its images are on the
   * node, its volumes set up, its plain init containers completed; each running container
   * keeps its restartCount, counts as started now, and is ready at once if the pod was Ready
   * (or the container said so), otherwise its readiness probe goes on as for a fresh start.
   */
  private adoptRunning(p: PodRt, found: RunningAtStart): void {
    const now = this.sim.now;
    const nodeName = p.node.node.metadata.name;
    p.volumesMounted = true;
    const run = (c: ContainerRt): void => {
      const f = found.containers.get(c.spec.name);
      if (c.spec.image) this.images.markPresent(nodeName, c.spec.image);
      c.stage = 'running';
      c.startedAt = now;
      c.status.restartCount = f?.restartCount ?? 0;
      c.status.state = { running: { startedAt: now } };
      c.status.started = true;
      c.outcome = this.planRun(p.pod, c.spec, c.behavior, p.node.rng);
      if (c.outcome.defaulted) this.warnDefaultRun(c, c.outcome);
      if (c.outcome.durationMs !== undefined) {
        c.timer = this.sim.after(Math.max(0, Math.round(c.outcome.durationMs)), onExited, c);
      }
      for (const l of this.listeners) l.containerStarted?.(p.pod, c.index, c.init);
      if (found.podReady || f?.ready) c.status.ready = true;
      else this.scheduleReadiness(p, c);
    };
    for (const c of p.init) {
      if (isSidecar(c)) run(c);
      else {
        if (c.spec.image) this.images.markPresent(nodeName, c.spec.image);
        c.stage = 'exited';
        c.status.state = { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now } };
      }
    }
    p.initDone = p.init.length;
    if (p.init.length) setCondition(p.pod, 'Initialized', 'True', now);
    for (const c of p.main) run(c);
    p.nextMain = p.main.length;
    this.refreshPod(p);
  }

  /** Bring up the next container of the pod's start sequence, if any. */
  private proceed(p: PodRt): void {
    if (p.terminating || p.finished || !p.node.ready) return;
    if (this.volumeGate && !this.volumeGate(p.pod)) return;
    if (!p.volumesMounted && !this.mountVolumes(p)) return;
    if (p.initDone < p.init.length) {
      const c = p.init[p.initDone]!;
      if (c.stage === 'waiting') this.pull(p, c);
      return;
    }
    if (p.nextMain < p.main.length) {
      const c = p.main[p.nextMain]!;
      if (c.stage === 'waiting') this.pull(p, c);
    }
  }

  /**
   * Set up the pod's configMap and secret volumes; on failure the pod stays in
   * ContainerCreating, a FailedMount warning is recorded (once per distinct message) and the
   * mount is retried with the volume manager's back-off.
   */
  private mountVolumes(p: PodRt): boolean {
    if (p.mountTimer) return false;
    const err = volumeSetUpError(p.pod.spec.volumes, p.pod.metadata.namespace ?? 'default', this.configSource);
    if (err === undefined) {
      p.volumesMounted = true;
      p.mountError = undefined;
      return true;
    }
    if (err !== p.mountError) this.api.events.warning(p.pod, 'FailedMount', err, KUBELET);
    p.mountError = err;
    p.mountFailures++;
    p.mountTimer = this.sim.after(mountRetryDelay(p.mountFailures), onMountRetry, { kubelet: this, p });
    return false;
  }

  /** @internal the volume manager tries the mount again. */
  mountRetry(p: PodRt): void {
    p.mountTimer = null;
    this.proceed(p);
  }

  private cancelMount(p: PodRt): void {
    if (p.mountTimer) this.sim.cancel(p.mountTimer);
    p.mountTimer = null;
  }

  /** EnsureImageExists, then create the container (image_manager.go). */
  private pull(p: PodRt, c: ContainerRt): void {
    const image = c.spec.image ?? '';
    const policy = c.spec.imagePullPolicy ?? 'IfNotPresent';
    const nodeName = p.node.node.metadata.name;
    const now = this.sim.now;
    const decision = this.images.decide(nodeName, p.pod.metadata.uid!, image, policy, now);
    if (decision === 'never-pull') {
      this.setWaiting(c, 'ErrImageNeverPull', pullMessages.neverPull(image));
      this.api.events.warning(p.pod, 'ErrImageNeverPull', pullMessages.neverPull(image), KUBELET);
      this.refreshPod(p);
      return;
    }
    if (decision === 'present') {
      this.api.events.normal(p.pod, 'Pulled', memoMessage(presentMessages, image, pullMessages.alreadyPresent), KUBELET);
      this.create(p, c);
      return;
    }
    if (decision === 'backoff') {
      this.api.events.normal(p.pod, 'BackOff', pullMessages.backOff(image), KUBELET);
      this.api.events.warning(p.pod, 'Failed', 'Error: ImagePullBackOff', KUBELET);
      this.setWaiting(c, 'ImagePullBackOff', pullMessages.backOff(image));
      this.retryPullLater(p, c);
      this.refreshPod(p);
      return;
    }
    const plan = this.images.enqueue(nodeName, image, now, pullDuration, c);
    c.stage = 'pulling';
    this.api.events.normal(p.pod, 'Pulling', memoMessage(pullingMessages, image, pullMessages.pulling), KUBELET);
    c.pullRequested = now;
    c.pullPlan = plan;
    c.timer = this.sim.at(plan.endsAt, onPulled, c);
  }

  /** A waiting state that keeps the last termination, as the kubelet's status does. */
  private setWaiting(c: ContainerRt, reason: string, message?: string): void {
    const last = c.status.state.terminated;
    if (last) c.status.lastState = { terminated: last };
    c.status.state = { waiting: message === undefined ? { reason } : { reason, message } };
  }

  /** The sync failed: the pod worker tries again after wait.Jitter(10s, 0.5). */
  private retryPullLater(p: PodRt, c: ContainerRt): void {
    c.stage = 'pullBackoff';
    c.timer = this.sim.after(podWorkerRetryDelay(p.node.rng.next()), onPullRetry, c);
  }

  /** @internal the pod worker's retry after a failed pull. */
  pullRetry(p: PodRt, c: ContainerRt): void {
    c.timer = null;
    c.stage = 'waiting';
    if (p.terminating || p.finished || !p.node.ready) return;
    this.pull(p, c);
  }

  /** @internal */
  pulled(p: PodRt, c: ContainerRt): void {
    c.timer = null;
    const image = c.spec.image ?? '';
    const plan = c.pullPlan!;
    c.pullPlan = undefined;
    if (plan.fails) {
      const err = imageNotFoundMessage(image);
      this.images.pullFailed(p.pod.metadata.uid!, plan, this.sim.now);
      this.api.events.warning(p.pod, 'Failed', pullMessages.failed(image, err), KUBELET);
      this.api.events.warning(p.pod, 'Failed', 'Error: ErrImagePull', KUBELET);
      this.setWaiting(c, 'ErrImagePull', err);
      this.retryPullLater(p, c);
      this.refreshPod(p);
      return;
    }
    this.images.pulled(p.node.node.metadata.name, plan);
    const waited = this.sim.now - c.pullRequested;
    const pullOnly = this.sim.now - plan.beginsAt;
    this.api.events.normal(p.pod, 'Pulled', pulledMessage(image, pullOnly, waited), KUBELET);
    this.create(p, c);
  }

  private create(p: PodRt, c: ContainerRt): void {
    if (p.terminating) return;
    // generateContainerConfig: environment from ConfigMaps/Secrets must resolve first.
    const err = containerConfigError(c.spec, p.pod.metadata.namespace ?? 'default', this.configSource);
    if (err !== undefined) {
      c.stage = 'configError';
      c.status.state = { waiting: { reason: 'CreateContainerConfigError', message: err } };
      if (c.configError !== err) this.api.events.warning(p.pod, 'Failed', `Error: ${err}`, KUBELET);
      c.configError = err;
      c.timer = this.sim.after(CONFIG_RETRY_MS, onConfigRetry, c);
      this.refreshPod(p);
      return;
    }
    c.configError = undefined;
    c.stage = 'starting';
    this.api.events.normal(p.pod, 'Created', memoMessage(createdMessages, c.spec.name, createdText), KUBELET);
    const dur = drawMs(p.node, c.behavior.start);
    c.timer = this.sim.after(dur, onStarted, c);
  }

  /** @internal the pod worker tries the container's creation again. */
  configRetry(p: PodRt, c: ContainerRt): void {
    c.timer = null;
    if (p.terminating || p.finished || c.stage !== 'configError') return;
    this.create(p, c);
  }

  /** @internal */
  started(p: PodRt, c: ContainerRt): void {
    c.timer = null;
    // A restart's bookkeeping, whether the process starts or the runtime fails to start it.
    if (c.restarting) {
      c.restarting = false;
      const last = c.status.state.terminated ?? c.status.lastState.terminated;
      c.status.lastState = last ? { terminated: last } : {};
      c.status.restartCount++;
    }
    const startError = c.behavior.run?.startError;
    if (startError) {
      this.startFailed(p, c, startError);
      return;
    }
    const now = this.sim.now;
    c.stage = 'running';
    c.startedAt = now;
    c.status.state = { running: { startedAt: now } };
    c.status.started = true;
    this.api.events.normal(p.pod, 'Started', memoMessage(startedMessages, c.spec.name, startedText), KUBELET);
    c.outcome = this.planRun(p.pod, c.spec, c.behavior, p.node.rng);
    if (c.outcome.defaulted) this.warnDefaultRun(c, c.outcome);
    if (c.outcome.durationMs !== undefined) {
      c.timer = this.sim.after(Math.max(0, Math.round(c.outcome.durationMs)), onExited, c);
    }
    for (const l of this.listeners) l.containerStarted?.(p.pod, c.index, c.init);
    if (!c.init) {
      this.scheduleReadiness(p, c);
      if (p.nextMain === c.index) p.nextMain++;
    } else if (isSidecar(c)) {
      // A sidecar lets the next init container start once it has started (no startupProbe is
      // modelled), and keeps running; its readiness counts towards the pod's.
      this.scheduleReadiness(p, c);
      if (p.initDone === c.index) this.initStepDone(p);
    }
    this.refreshPod(p);
    this.proceed(p);
  }

  /**
   * The runtime could not start the process (kuberuntime startContainer: StartContainer failed):
   * Warning `Failed` "Error: <message>", and the container is dead at once — exit code 128,
   * reason StartError (containerd; ContainerCannotRun under dockershim), never started — then
   * restarts per restartPolicy, through CrashLoopBackOff like any other exit.
   */
  private startFailed(p: PodRt, c: ContainerRt, f: { reason?: string; message?: string }): void {
    const reason = f.reason ?? START_ERROR_REASON;
    const message = f.message ?? startErrorMessage(reason, c.spec.command?.[0] ?? c.spec.name);
    this.api.events.warning(p.pod, 'Failed', `Error: ${message}`, KUBELET);
    // exited() expects a running container; this one never ran (containerd reports no start time).
    c.stage = 'running';
    c.startedAt = 0;
    c.outcome = { durationMs: 0, exitCode: START_ERROR_EXIT_CODE };
    this.exited(p, c, { exitCode: START_ERROR_EXIT_CODE, reason, message });
  }

  /** One more init container completed (or sidecar started): Initialized once all are. */
  private initStepDone(p: PodRt): void {
    p.initDone++;
    // Main containers keep waiting in PodInitializing until they are created, as upstream.
    if (p.initDone === p.init.length) setCondition(p.pod, 'Initialized', 'True', this.sim.now);
  }

  private warnDefaultRun(c: ContainerRt, outcome: RunOutcome): void {
    const image = c.spec.image ?? '';
    if (this.warnedImages.has(image)) return;
    this.warnedImages.add(image);
    const argv = [...(c.spec.command ?? []), ...(c.spec.args ?? [])].join(' ');
    const shown = argv.length > 60 ? `${argv.slice(0, 57)}...` : argv;
    this.warnings.push(
      `image "${image}": the busybox interpreter cannot read the command \`${shown}\` (container ${c.spec.name}); ` +
        `it runs ${formatGoDuration(outcome.durationMs ?? 0)} and exits 0 (a Behavior \`run\` for these pods says otherwise)`,
    );
  }

  /** Readiness: without a readinessProbe a started container is ready at once. */
  private scheduleReadiness(p: PodRt, c: ContainerRt): void {
    const probe = c.spec.readinessProbe;
    const appReady = drawMs(p.node, c.behavior.ready);
    if (!probe) {
      c.status.ready = true;
      return;
    }
    // The prober runs after initialDelaySeconds, then every periodSeconds; the first probe at
    // or after the application's ready time succeeds (successThreshold consecutive ones).
    const initial = (probe.initialDelaySeconds ?? 0) * 1000;
    const period = Math.max(1, probe.periodSeconds ?? 10) * 1000;
    const success = Math.max(1, probe.successThreshold ?? 1);
    let t = initial;
    if (appReady > t) t += Math.ceil((appReady - t) / period) * period;
    t += (success - 1) * period;
    c.readyTimer = this.sim.after(t, onReady, c);
  }

  /** @internal */
  containerReady(p: PodRt, c: ContainerRt): void {
    c.readyTimer = null;
    if (c.stage !== 'running') return;
    c.status.ready = true;
    this.refreshPod(p);
  }

  /**
   * A container's process ended. `forced` carries an exit imposed from outside (OOM kill:
   * 137/OOMKilled); otherwise the run's planned outcome applies.
   */
  exited(p: PodRt, c: ContainerRt, forced: { exitCode: number; reason: string; message?: string } | undefined): void {
    if (c.stage !== 'running') return;
    this.cancelTimers(c);
    const now = this.sim.now;
    const exitCode = forced?.exitCode ?? c.outcome?.exitCode ?? 0;
    const reason = forced?.reason ?? c.outcome?.reason ?? (exitCode === 0 ? 'Completed' : 'Error');
    c.stage = 'exited';
    c.status.ready = false;
    c.status.started = false;
    c.status.state = { terminated: { exitCode, reason, ...(forced?.message !== undefined ? { message: forced.message } : {}), startedAt: c.startedAt, finishedAt: now } };
    for (const l of this.listeners) l.containerStopped?.(p.pod, c.index, c.init);
    if (p.terminating) {
      this.stopped(p, c);
      return;
    }
    const policy = p.pod.spec.restartPolicy ?? 'Always';
    if (isSidecar(c)) {
      // Sidecars restart whatever the pod's restartPolicy, until the main containers are done.
      if (!p.stoppingSidecars) this.scheduleRestart(p, c);
      this.refreshPod(p);
      return;
    }
    if (c.init) {
      if (exitCode === 0) {
        this.initStepDone(p);
        this.refreshPod(p);
        this.proceed(p);
        return;
      }
      if (policy === 'Never') {
        this.refreshPod(p);
        return;
      }
      this.restartAfterExit(p, c);
      return;
    }
    const restart = policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
    if (restart) this.restartAfterExit(p, c);
    else {
      this.stopSidecarsIfDone(p);
      this.refreshPod(p);
    }
  }

  /**
   * The sync that sees the exit writes it to the status first (kubectl shows Completed, Error,
   * OOMKilled…), then decides the restart: at once, or a back-off (scheduleRestart), which
   * fails that sync; CrashLoopBackOff reaches the status at the pod worker's next sync.
   */
  private restartAfterExit(p: PodRt, c: ContainerRt): void {
    this.refreshPod(p);
    if (p.finished) return;
    this.scheduleRestart(p, c);
  }

  /**
   * Every main container has exited and none will restart: the kubelet stops the sidecars
   * (SIGTERM, latest first; SIGKILL after terminationGracePeriodSeconds for one that ignores
   * it) so that the pod can reach Succeeded or Failed.
   */
  private stopSidecarsIfDone(p: PodRt): void {
    if (p.stoppingSidecars || !p.main.every((m) => m.stage === 'exited')) return;
    const sidecars = p.init.filter(isSidecar);
    if (sidecars.length === 0) return;
    p.stoppingSidecars = true;
    const grace = (p.pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
    for (const c of sidecars.reverse()) {
      if (c.readyTimer) this.sim.cancel(c.readyTimer);
      c.readyTimer = null;
      if (c.timer) this.sim.cancel(c.timer);
      c.timer = null;
      if (c.stage !== 'running') {
        c.stage = 'exited';
        continue;
      }
      this.api.events.normal(p.pod, 'Killing', `Stopping container ${c.spec.name}`, KUBELET);
      const dur = c.outcome?.ignoresSigterm ? grace : Math.min(grace, drawMs(p.node, c.behavior.shutdown));
      c.timer = this.sim.after(dur, onSidecarStopped, c);
    }
  }

  /** @internal a sidecar stopped after the main containers finished. */
  sidecarStopped(p: PodRt, c: ContainerRt): void {
    c.timer = null;
    const killed = c.outcome?.ignoresSigterm ?? false;
    this.exited(p, c, killed ? { exitCode: 137, reason: 'Error' } : { exitCode: 0, reason: 'Completed' });
  }

  private scheduleRestart(p: PodRt, c: ContainerRt): void {
    c.exitAt = this.sim.now;
    const delay = this.backoff.delayBeforeRestart(backoffKeyOf(c), c.exitAt, this.sim.now);
    c.stage = 'backoff';
    if (delay <= 0) {
      this.backoff.recordRestart(backoffKeyOf(c), c.exitAt, this.sim.now);
      this.restart(p, c);
      return;
    }
    // The sync that sees the exit finds the container in back-off (doBackOff: the BackOff event)
    // and fails with ErrCrashLoopBackOff; its status, generated before, still shows the exit.
    // The pod worker requeues after wait.Jitter(10s, 0.5) — the retry image pulls use — and
    // that sync's status carries the cached CrashLoopBackOff reason.
    c.backoffDelay = delay;
    this.api.events.warning(
      p.pod,
      'BackOff',
      `Back-off restarting failed container ${c.spec.name} in pod ${p.pod.metadata.name}_${p.pod.metadata.namespace}(${p.pod.metadata.uid})`,
      KUBELET,
    );
    c.timer = this.sim.after(podWorkerRetryDelay(p.node.workerRng.next()), onCrashLoopSync, c);
  }

  /**
   * @internal the pod worker's next sync after a failed one: the status shows CrashLoopBackOff;
   * a back-off already over (the first one, 10 s, always is: the sync comes 10–15 s later) is
   * restarted by this sync, a longer one when it ends.
   */
  crashLoopSync(p: PodRt, c: ContainerRt): void {
    c.timer = null;
    const delay = c.backoffDelay;
    const last = c.status.state.terminated;
    c.status.lastState = last ? { terminated: last } : {};
    c.status.state = {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: crashLoopMessage(delay, c.spec.name, p.pod.metadata.name, p.pod.metadata.namespace ?? 'default', p.pod.metadata.uid!),
      },
    };
    this.refreshPod(p);
    const left = c.exitAt + delay - this.sim.now;
    if (left <= 0) this.backoffOver(p, c);
    else c.timer = this.sim.after(left, onBackoffOver, c);
  }

  /** @internal the back-off expired: restart now. */
  backoffOver(p: PodRt, c: ContainerRt): void {
    this.backoff.recordRestart(backoffKeyOf(c), c.exitAt, this.sim.now);
    this.restart(p, c);
  }

  /**
   * @internal restart an exited container (after its back-off). Its status keeps showing the
   * exit (Completed, Error, OOMKilled) or CrashLoopBackOff until the new container runs: the
   * kubelet writes status at the start of a sync and the next one after the start, and
   * convertToAPIContainerStatuses keeps the original state while no start failure is cached.
   * restartCount counts the new container when it is there (the runtime's restart count).
   */
  restart(p: PodRt, c: ContainerRt): void {
    c.timer = null;
    if (p.terminating || p.finished) return;
    c.restarting = true;
    c.stage = 'waiting';
    if (!p.node.ready) return;
    this.pull(p, c);
  }

  /** Recompute phase and conditions from container states, and announce the change. */
  private refreshPod(p: PodRt): void {
    const pod = p.pod;
    const now = this.sim.now;
    const wasReady = isPodReady(pod);
    const phase = podPhase(pod.spec.restartPolicy ?? 'Always', p.phaseMain, p.mainStatuses, p.phaseInit, p.initStatuses,
      p.initDone === p.init.length ? PHASE_INITIALIZED : PHASE_INITIALIZING);
    // ContainersReady counts sidecars as well as the main containers (upstream since 1.29).
    const allReady = allContainersReady(p);
    const ready = allReady && phase === 'Running' && !p.terminating;
    if (ready !== wasReady) {
      setCondition(pod, 'ContainersReady', allReady ? 'True' : 'False', now, allReady ? undefined : 'ContainersNotReady');
      setCondition(pod, 'Ready', ready ? 'True' : 'False', now, ready ? undefined : 'ContainersNotReady');
    }
    const terminal = phase === 'Succeeded' || phase === 'Failed';
    pod.status.phase = phase;
    if (terminal && !p.finished) {
      p.finished = true;
      setCondition(pod, 'PodReadyToStartContainers', 'False', now);
      this.api.podFinished(pod);
      this.forget(p);
    }
    this.api.updateStatus(pod);
  }

  /** A container's pending run/exit and readiness timers are void. */
  private cancelTimers(c: ContainerRt): void {
    if (c.timer) this.sim.cancel(c.timer);
    if (c.readyTimer) this.sim.cancel(c.readyTimer);
    c.timer = null;
    c.readyTimer = null;
  }

  private forget(p: PodRt): void {
    this.cancelMount(p);
    for (const c of [...p.init, ...p.main]) {
      this.cancelTimers(c);
      // No key yet: the container never exited, so it has no back-off entry.
      if (c.backoffKey !== undefined) this.backoff.forget(c.backoffKey);
    }
    this.images.forgetPod(p.pod.metadata.uid!, [...p.init, ...p.main].map((c) => c.spec.image ?? ''));
    for (const l of this.listeners) l.podStopped?.(p.pod);
  }

  /** Graceful deletion: SIGTERM every running container, SIGKILL at the end of the grace period. */
  terminate(pod: Pod, gracePeriodSeconds: number): void {
    const p = this.pods.get(pod);
    if (!p) {
      this.api.removePod(pod);
      return;
    }
    p.graceDeadline = this.sim.now + gracePeriodSeconds * 1000;
    if (p.terminating) {
      if (p.killTimer) this.sim.cancel(p.killTimer);
    } else {
      p.terminating = true;
      this.cancelMount(p);
      // Termination ordering (upstream since 1.29): main containers get SIGTERM at once; each
      // sidecar waits until the main containers and the sidecars after it have stopped.
      const ordered = p.init.some(isSidecar);
      for (const c of [...p.init, ...p.main]) {
        if (c.stage === 'running') {
          this.api.events.normal(pod, 'Killing', `Stopping container ${c.spec.name}`, KUBELET);
          if (c.readyTimer) this.sim.cancel(c.readyTimer);
          c.readyTimer = null;
          c.status.ready = false;
          if (c.timer) this.sim.cancel(c.timer);
          c.timer = null;
          if (ordered && isSidecar(c)) c.awaitingTurn = true;
          else this.sigterm(p, c);
        } else if (c.timer) {
          // Pulling, starting or backing off: nothing runs yet, stop at once.
          this.sim.cancel(c.timer);
          c.timer = null;
        }
      }
      if (!p.node.ready) return; // a dead node's kubelet can't confirm anything
      this.refreshPod(p);
      this.nextSidecarTurn(p);
    }
    p.killTimer = this.sim.after(gracePeriodSeconds * 1000, onGraceOver, { kubelet: this, p });
    this.maybeRemove(p);
  }

  /** SIGTERM: the container stops after its Behavior shutdown time, unless that outlasts the grace period. */
  private sigterm(p: PodRt, c: ContainerRt): void {
    c.awaitingTurn = false;
    if (c.outcome?.ignoresSigterm) return;
    const dur = drawMs(p.node, c.behavior.shutdown);
    if (dur < p.graceDeadline - this.sim.now) c.timer = this.sim.after(dur, onKilled, c);
  }

  /** The latest sidecar still waiting gets SIGTERM once no main container and no later sidecar runs. */
  private nextSidecarTurn(p: PodRt): void {
    if (!p.terminating || p.main.some((m) => m.stage === 'running')) return;
    for (let i = p.init.length - 1; i >= 0; i--) {
      const c = p.init[i]!;
      if (!isSidecar(c) || c.stage !== 'running') continue;
      if (c.awaitingTurn) this.sigterm(p, c);
      return;
    }
  }

  /**
   * The pod object was removed without the kubelet confirming (force delete, pod GC): its pod
   * worker stops at once — pulls, starts and running containers alike — and nothing of it is
   * written back to the API. A pod the kubelet removed itself is already detached.
   */
  removed(pod: Pod): void {
    const p = this.pods.get(pod);
    if (!p) return;
    if (p.killTimer) this.sim.cancel(p.killTimer);
    p.killTimer = null;
    this.cancelMount(p);
    for (const c of [...p.init, ...p.main]) {
      this.cancelTimers(c);
      // A dead node's listeners already heard its containers stop (nodeDown).
      if (c.stage === 'running' && p.node.ready) for (const l of this.listeners) l.containerStopped?.(pod, c.index, c.init);
      c.stage = 'exited';
    }
    if (!p.finished) {
      p.finished = true;
      this.forget(p);
    }
    this.detach(p);
  }

  /** @internal the grace period ran out: SIGKILL whatever still runs. */
  graceOver(p: PodRt): void {
    p.killTimer = null;
    for (const c of [...p.init, ...p.main]) if (c.stage === 'running') this.stopped(p, c, 137);
    this.maybeRemove(p);
  }

  /** @internal a container stopped during termination. */
  stopped(p: PodRt, c: ContainerRt, exitCode = 0): void {
    if (c.timer) this.sim.cancel(c.timer);
    c.timer = null;
    if (c.stage === 'running') {
      c.status.state = {
        terminated: { exitCode, reason: exitCode === 0 ? 'Completed' : 'Error', startedAt: c.startedAt, finishedAt: this.sim.now },
      };
      for (const l of this.listeners) l.containerStopped?.(p.pod, c.index, c.init);
    }
    c.stage = 'exited';
    c.status.started = false;
    c.status.ready = false;
    this.nextSidecarTurn(p);
    this.maybeRemove(p);
  }

  private maybeRemove(p: PodRt): void {
    if (!p.node.ready) return;
    if ([...p.init, ...p.main].some((c) => c.stage === 'running' || (c.timer !== null && c.stage !== 'exited'))) return;
    if (p.killTimer) this.sim.cancel(p.killTimer);
    p.killTimer = null;
    const pod = p.pod;
    if (!p.finished) {
      // Terminal phase for a deleted pod (upstream since 1.27): Succeeded only if every
      // container exited 0, else Failed.
      const allOk = p.main.every((c) => c.status.state.terminated?.exitCode === 0);
      pod.status.phase = allOk ? 'Succeeded' : 'Failed';
      p.finished = true;
      this.api.podFinished(pod);
      this.forget(p);
    }
    this.detach(p);
    this.api.removePod(pod);
  }

  private detach(p: PodRt): void {
    unlink(p);
    this.pods.delete(p.pod);
  }

  /**
   * A signal sent to a container's PID 1 from inside it (`kubectl exec POD -- kill 1`).
   * SIGKILL is dropped by the kernel (a PID namespace's init is shielded from it from inside);
   * TERM/INT/QUIT end a process that handles them after its shutdown time, exit code 0, and
   * are ignored by one that installs no handler (`sh -c …` as PID 1).
   */
  signalContainer(pod: Pod, index: number, signal: 'TERM' | 'INT' | 'QUIT' | 'KILL'): 'exits' | 'ignored' | 'not-running' {
    const p = this.pods.get(pod);
    const c = p?.main[index];
    if (!p || !c || c.stage !== 'running' || p.terminating) return 'not-running';
    if (signal === 'KILL' || c.outcome?.ignoresSigterm) return 'ignored';
    if (c.timer) this.sim.cancel(c.timer);
    c.outcome = { durationMs: undefined, exitCode: 0 };
    const dur = drawMs(p.node, c.behavior.shutdown);
    c.timer = this.sim.after(dur, onExited, c);
    return 'exits';
  }

  /** Force an exit from outside (the OOM killer). */
  killContainer(pod: Pod, index: number, exitCode: number, reason: string): void {
    const p = this.pods.get(pod);
    const c = p?.main[index];
    if (!p || !c) return;
    this.exited(p, c, { exitCode, reason });
  }

  /**
   * Evict a pod (node-pressure eviction, preemption): its containers are killed and the pod
   * ends Failed with the given reason, without a deletion by the API.
   */
  evict(pod: Pod, reason: string, message: string): void {
    const p = this.pods.get(pod);
    if (!p || p.finished) return;
    for (const c of [...p.init, ...p.main]) {
      this.cancelTimers(c);
      if (c.stage === 'running') {
        c.status.state = { terminated: { exitCode: 137, reason: 'Error', startedAt: c.startedAt, finishedAt: this.sim.now } };
        for (const l of this.listeners) l.containerStopped?.(pod, c.index, c.init);
      }
      c.stage = 'exited';
      c.status.ready = false;
      c.status.started = false;
    }
    const now = this.sim.now;
    pod.status.phase = 'Failed';
    pod.status.reason = reason;
    pod.status.message = message;
    setCondition(pod, 'DisruptionTarget', 'True', now, 'TerminationByKubelet', message);
    setCondition(pod, 'Ready', 'False', now, 'PodFailed');
    setCondition(pod, 'ContainersReady', 'False', now, 'PodFailed');
    p.finished = true;
    this.api.podFinished(pod);
    this.forget(p);
    this.detach(p);
    this.api.updateStatus(pod);
  }

  /**
   * Eviction with a grace period (the eviction manager's TerminatePodAbnormallyAndWait): each
   * running container gets SIGTERM and stops after its shutdown time, SIGKILL at the end of the
   * grace period; then the pod ends as evict() leaves it. Returns the ms until then (0: at once).
   */
  evictWithGrace(pod: Pod, reason: string, message: string, graceSeconds: number): number {
    const p = this.pods.get(pod);
    if (!p || p.finished) return 0;
    const grace = Math.max(0, graceSeconds) * 1000;
    let t = 0;
    for (const c of [...p.init, ...p.main]) {
      if (c.stage !== 'running') continue;
      this.api.events.normal(pod, 'Killing', `Stopping container ${c.spec.name}`, KUBELET);
      if (grace === 0) continue;
      const d = c.outcome?.ignoresSigterm ? grace : Math.min(grace, drawMs(p.node, c.behavior.shutdown));
      if (d > t) t = d;
    }
    if (t === 0) {
      this.evict(pod, reason, message);
      return 0;
    }
    this.sim.after(t, onEvictNow, { kubelet: this, pod, reason, message });
    return t;
  }

  /**
   * rejectPod: a Warning event with the handler's reason and message, and the pod Failed with
   * that reason and "Pod was rejected: <message>"; nothing of it runs.
   */
  private rejectPod(pod: Pod, reason: string, message: string): void {
    this.api.events.warning(pod, reason, message, KUBELET);
    pod.status.phase = 'Failed';
    pod.status.reason = reason;
    pod.status.message = `Pod was rejected: ${message}`;
    this.api.podFinished(pod);
    this.api.updateStatus(pod);
  }

  /** The node stops (crash, network loss): its kubelet goes silent; containers are lost. */
  nodeDown(nodeName: string): void {
    const n = this.nodes.get(nodeName);
    if (!n || !n.ready) return;
    n.ready = false;
    for (const p of podsOf(n)) {
      // One taken off the node meanwhile is skipped, as a walk of the live set skipped it.
      if (!p.listed) continue;
      for (const c of [...p.init, ...p.main]) {
        this.cancelTimers(c);
        if (c.stage === 'running') for (const l of this.listeners) l.containerStopped?.(p.pod, c.index, c.init);
      }
      if (p.killTimer) this.sim.cancel(p.killTimer);
      p.killTimer = null;
      this.cancelMount(p);
    }
  }

  /**
   * The node is back. Its kubelet reconciles: pods deleted meanwhile are removed, the
   * others had their containers die with the node and restart per restartPolicy.
   */
  nodeUp(nodeName: string): void {
    const n = this.nodes.get(nodeName);
    if (!n || n.ready) return;
    n.ready = true;
    this.images.nodeRestarted(nodeName, this.sim.now);
    for (const p of podsOf(n)) {
      if (p.pod.metadata.deletionTimestamp !== undefined) {
        for (const c of [...p.init, ...p.main]) c.stage = 'exited';
        this.maybeRemove(p);
        continue;
      }
      if (p.finished) continue;
      for (const c of [...p.init, ...p.main]) {
        if (c.stage === 'running' || c.stage === 'starting' || c.stage === 'pulling') {
          // Lost with the node: exits as killed, then restarts per policy.
          c.stage = 'running';
          this.exited(p, c, { exitCode: 137, reason: 'Error' });
        } else if (c.stage === 'backoff' || c.stage === 'pullBackoff' || c.stage === 'waiting' || c.stage === 'configError') {
          c.stage = 'waiting';
        }
      }
      this.proceed(p);
      for (const c of [...p.init, ...p.main]) if (c.stage === 'waiting' && c.restarting) this.pull(p, c);
    }
  }

  isNodeReady(nodeName: string): boolean {
    return this.nodes.get(nodeName)?.ready ?? false;
  }
}

function isSidecar(c: ContainerRt): boolean {
  return c.init && c.spec.restartPolicy === 'Always';
}

/** A stable fake address per node, for reports. */
function nodeIP(node: Node): string {
  const ann = node.metadata.annotations?.['k8sim.io/internal-ip'];
  return ann ?? '';
}
