// The kubelet of every node: admits pods bound to its node, pulls images (one pull at a time
// per node, as serializeImagePulls does), creates and starts containers in order, runs
// init containers to completion first, tracks readiness, restarts exited containers per
// restartPolicy with CrashLoopBackOff, and finishes graceful deletion.

import { type EventHandle, type Millis, type Rng, type Simulation, sampler } from '../../sim/index.js';
import type { ApiServer, PodTerminator } from '../api/apiserver.js';
import type { BehaviorCatalog, ContainerBehavior } from './behavior.js';
import { CrashLoopBackOff, crashLoopMessage, formatGoDuration, podPhase } from './policy/crashloop.js';
import { isPodReady, setCondition } from '../api/policy/podutil.js';
import type { Container, ContainerStatus, Node, Pod } from '../api/types.js';

export const KUBELET = 'kubelet';

/** What one run of a container does, decided when it starts. */
export interface RunOutcome {
  /** ms until the process exits on its own; undefined = runs until stopped. */
  durationMs: number | undefined;
  exitCode: number;
  /** Exit reason reported by the runtime (Completed, Error, OOMKilled…). */
  reason?: string;
  /** The process ignores SIGTERM (e.g. `sh -c` as PID 1) and is only stopped by SIGKILL. */
  ignoresSigterm?: boolean;
}

/** Decides a container run: busybox command lines, the behaviour model… */
export type RunPlanner = (pod: Pod, container: Container, behavior: ContainerBehavior, rng: Rng) => RunOutcome;

/** Observers of container life (resource models, reports). */
export interface ContainerListener {
  containerStarted?(pod: Pod, index: number, init: boolean): void;
  containerStopped?(pod: Pod, index: number, init: boolean): void;
  podStopped?(pod: Pod): void;
}

type Stage = 'waiting' | 'pulling' | 'starting' | 'running' | 'exited' | 'backoff';

interface ContainerRt {
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
  /** When the pull was asked for, and when the node's puller actually began it. */
  pullRequested: Millis;
  pullBegan: Millis;
  /** CrashLoopBackOff key: pod uid + container. */
  backoffKey: string;
  /** Exit time of the run being backed off. */
  exitAt: Millis;
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
}

interface NodeRt {
  node: Node;
  ready: boolean;
  images: Set<string>;
  /** Serialized image pulls: the time the puller is free again. */
  pullerFreeAt: Millis;
  pods: Map<string, PodRt>;
  rng: Rng;
}

interface Timed {
  kubelet: Kubelet;
  c: ContainerRt;
  p: PodRt;
}

const onPulled = (t: Timed) => t.kubelet.pulled(t.p, t.c);
const onStarted = (t: Timed) => t.kubelet.started(t.p, t.c);
const onExited = (t: Timed) => t.kubelet.exited(t.p, t.c, undefined);
const onReady = (t: Timed) => t.kubelet.containerReady(t.p, t.c);
const onBackoffOver = (t: Timed) => t.kubelet.backoffOver(t.p, t.c);
const onKilled = (t: Timed) => t.kubelet.stopped(t.p, t.c);
const onGraceOver = (p: { kubelet: Kubelet; p: PodRt }) => p.kubelet.graceOver(p.p);

export class Kubelet implements PodTerminator {
  private readonly nodes = new Map<string, NodeRt>();
  private readonly pods = new Map<Pod, PodRt>();
  private readonly listeners: ContainerListener[] = [];
  readonly backoff: CrashLoopBackOff;
  /** Volumes a pod needs before its containers start (PVCs bound): see controllers/persistent-volumes.ts. */
  private volumeGate: ((pod: Pod) => boolean) | undefined;

  constructor(
    private readonly sim: Simulation,
    private readonly api: ApiServer,
    private readonly behaviors: BehaviorCatalog,
    private readonly streams: { stream(name: string): Rng },
    private readonly planRun: RunPlanner,
    opts: { maxContainerBackOff?: Millis } = {},
  ) {
    this.backoff = new CrashLoopBackOff(10_000, opts.maxContainerBackOff ?? 300_000);
    api.setPodTerminator(this);
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
      images: new Set(),
      pullerFreeAt: 0,
      pods: new Map(),
      rng: this.streams.stream(`kubelet/${node.metadata.name}`),
    });
  }

  removeNode(name: string): void {
    this.nodes.delete(name);
  }

  /** Pods the kubelet is running on a node (for failure handling). */
  podsOn(nodeName: string): Pod[] {
    const n = this.nodes.get(nodeName);
    return n ? [...n.pods.values()].map((p) => p.pod) : [];
  }

  /** The scheduler bound `pod` to a node: admit it and start its containers. */
  admit(pod: Pod): void {
    const node = this.nodes.get(pod.spec.nodeName!);
    if (!node || this.pods.has(pod)) return;
    const mk = (c: Container, index: number, init: boolean): ContainerRt => ({
      spec: c,
      init,
      index,
      behavior: this.behaviors.resolve(pod, c),
      status: {
        name: c.name,
        ready: false,
        started: false,
        restartCount: 0,
        // Until init containers are done, everything waits in PodInitializing.
        state: { waiting: { reason: init || (pod.spec.initContainers?.length ?? 0) > 0 ? 'PodInitializing' : 'ContainerCreating' } },
        lastState: {},
      },
      stage: 'waiting',
      timer: null,
      readyTimer: null,
      outcome: undefined,
      startedAt: 0,
      pullRequested: 0,
      pullBegan: 0,
      backoffKey: `${pod.metadata.uid}/${init ? 'init/' : ''}${c.name}`,
      exitAt: 0,
    });
    const rt: PodRt = {
      pod,
      node,
      init: (pod.spec.initContainers ?? []).map((c, i) => mk(c, i, true)),
      main: pod.spec.containers.map((c, i) => mk(c, i, false)),
      initDone: 0,
      nextMain: 0,
      terminating: false,
      killTimer: null,
      finished: false,
    };
    node.pods.set(pod.metadata.uid!, rt);
    this.pods.set(pod, rt);
    const now = this.sim.now;
    pod.status.startTime = now;
    pod.status.hostIP = nodeIP(node.node);
    pod.status.containerStatuses = rt.main.map((c) => c.status);
    if (rt.init.length) pod.status.initContainerStatuses = rt.init.map((c) => c.status);
    setCondition(pod, 'PodReadyToStartContainers', 'True', now);
    setCondition(pod, 'Initialized', rt.init.length ? 'False' : 'True', now, rt.init.length ? 'ContainersNotInitialized' : undefined);
    setCondition(pod, 'Ready', 'False', now, 'ContainersNotReady');
    setCondition(pod, 'ContainersReady', 'False', now, 'ContainersNotReady');
    this.api.updateStatus(pod);
    this.proceed(rt);
  }

  /** Bring up the next container of the pod's start sequence, if any. */
  private proceed(p: PodRt): void {
    if (p.terminating || p.finished || !p.node.ready) return;
    if (this.volumeGate && !this.volumeGate(p.pod)) return;
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

  private pull(p: PodRt, c: ContainerRt): void {
    const image = c.spec.image ?? '';
    const policy = c.spec.imagePullPolicy ?? 'IfNotPresent';
    const present = p.node.images.has(image);
    if (policy === 'Never' || (policy === 'IfNotPresent' && present)) {
      if (!present && policy === 'Never') {
        c.status.state = { waiting: { reason: 'ErrImageNeverPull', message: `Container image "${image}" is not present with pull policy of Never` } };
        this.api.events.warning(p.pod, 'ErrImageNeverPull', c.status.state.waiting!.message!, KUBELET);
        this.refreshPod(p);
        return;
      }
      this.api.events.normal(p.pod, 'Pulled', `Container image "${image}" already present on machine`, KUBELET);
      this.create(p, c);
      return;
    }
    const dur = Math.max(0, Math.round(sampler(present ? c.behavior.cachedPull : c.behavior.imagePull, p.node.rng)()));
    const start = Math.max(this.sim.now, p.node.pullerFreeAt);
    const done = start + dur;
    p.node.pullerFreeAt = done;
    c.stage = 'pulling';
    this.api.events.normal(p.pod, 'Pulling', `Pulling image "${image}"`, KUBELET);
    c.pullRequested = this.sim.now;
    c.pullBegan = start;
    c.timer = this.sim.at(done, onPulled, { kubelet: this, c, p });
  }

  /** @internal */
  pulled(p: PodRt, c: ContainerRt): void {
    c.timer = null;
    const image = c.spec.image ?? '';
    p.node.images.add(image);
    const waited = this.sim.now - c.pullRequested;
    const pullOnly = this.sim.now - c.pullBegan;
    this.api.events.normal(
      p.pod,
      'Pulled',
      `Successfully pulled image "${image}" in ${formatGoDuration(pullOnly)} (${formatGoDuration(waited)} including waiting)`,
      KUBELET,
    );
    this.create(p, c);
  }

  private create(p: PodRt, c: ContainerRt): void {
    if (p.terminating) return;
    c.stage = 'starting';
    this.api.events.normal(p.pod, 'Created', `Created container ${c.spec.name}`, KUBELET);
    const dur = Math.max(0, Math.round(sampler(c.behavior.start, p.node.rng)()));
    c.timer = this.sim.after(dur, onStarted, { kubelet: this, c, p });
  }

  /** @internal */
  started(p: PodRt, c: ContainerRt): void {
    c.timer = null;
    const now = this.sim.now;
    c.stage = 'running';
    c.startedAt = now;
    c.status.state = { running: { startedAt: now } };
    c.status.started = true;
    this.api.events.normal(p.pod, 'Started', `Started container ${c.spec.name}`, KUBELET);
    c.outcome = this.planRun(p.pod, c.spec, c.behavior, p.node.rng);
    if (c.outcome.durationMs !== undefined) {
      c.timer = this.sim.after(Math.max(0, Math.round(c.outcome.durationMs)), onExited, { kubelet: this, c, p });
    }
    for (const l of this.listeners) l.containerStarted?.(p.pod, c.index, c.init);
    if (!c.init) {
      this.scheduleReadiness(p, c);
      if (p.nextMain === c.index) p.nextMain++;
    }
    this.refreshPod(p);
    this.proceed(p);
  }

  /** Readiness: without a readinessProbe a started container is ready at once. */
  private scheduleReadiness(p: PodRt, c: ContainerRt): void {
    const probe = c.spec.readinessProbe;
    const appReady = Math.max(0, Math.round(sampler(c.behavior.ready, p.node.rng)()));
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
    c.readyTimer = this.sim.after(t, onReady, { kubelet: this, c, p });
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
  exited(p: PodRt, c: ContainerRt, forced: { exitCode: number; reason: string } | undefined): void {
    if (c.stage !== 'running') return;
    if (c.timer) this.sim.cancel(c.timer);
    if (c.readyTimer) this.sim.cancel(c.readyTimer);
    c.timer = null;
    c.readyTimer = null;
    const now = this.sim.now;
    const exitCode = forced?.exitCode ?? c.outcome?.exitCode ?? 0;
    const reason = forced?.reason ?? c.outcome?.reason ?? (exitCode === 0 ? 'Completed' : 'Error');
    c.stage = 'exited';
    c.status.ready = false;
    c.status.started = false;
    c.status.state = { terminated: { exitCode, reason, startedAt: c.startedAt, finishedAt: now } };
    for (const l of this.listeners) l.containerStopped?.(p.pod, c.index, c.init);
    if (p.terminating) {
      this.stopped(p, c);
      return;
    }
    const policy = p.pod.spec.restartPolicy ?? 'Always';
    if (c.init) {
      if (exitCode === 0) {
        p.initDone++;
        if (p.initDone === p.init.length) {
          setCondition(p.pod, 'Initialized', 'True', now);
          for (const m of p.main) m.status.state = { waiting: { reason: 'ContainerCreating' } };
        }
        this.refreshPod(p);
        this.proceed(p);
        return;
      }
      if (policy === 'Never') {
        this.refreshPod(p);
        return;
      }
      this.scheduleRestart(p, c);
      this.refreshPod(p);
      return;
    }
    const restart = policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
    if (restart) this.scheduleRestart(p, c);
    this.refreshPod(p);
  }

  private scheduleRestart(p: PodRt, c: ContainerRt): void {
    c.exitAt = this.sim.now;
    const delay = this.backoff.delayBeforeRestart(c.backoffKey, c.exitAt, this.sim.now);
    c.stage = 'backoff';
    if (delay <= 0) {
      this.backoff.recordRestart(c.backoffKey, c.exitAt, this.sim.now);
      this.restart(p, c);
      return;
    }
    const last = c.status.state.terminated;
    c.status.lastState = last ? { terminated: last } : {};
    c.status.state = {
      waiting: {
        reason: 'CrashLoopBackOff',
        message: crashLoopMessage(delay, c.spec.name, p.pod.metadata.name, p.pod.metadata.namespace ?? 'default', p.pod.metadata.uid!),
      },
    };
    this.api.events.warning(
      p.pod,
      'BackOff',
      `Back-off restarting failed container ${c.spec.name} in pod ${p.pod.metadata.name}_${p.pod.metadata.namespace}(${p.pod.metadata.uid})`,
      KUBELET,
    );
    c.timer = this.sim.after(delay, onBackoffOver, { kubelet: this, c, p });
  }

  /** @internal the back-off expired: restart now. */
  backoffOver(p: PodRt, c: ContainerRt): void {
    this.backoff.recordRestart(c.backoffKey, c.exitAt, this.sim.now);
    this.restart(p, c);
  }

  /** @internal restart an exited container (after its back-off). */
  restart(p: PodRt, c: ContainerRt): void {
    c.timer = null;
    if (p.terminating || p.finished) return;
    const last = c.status.state.terminated ?? c.status.lastState.terminated;
    c.status.lastState = last ? { terminated: last } : {};
    c.status.restartCount++;
    c.status.state = { waiting: { reason: 'ContainerCreating' } };
    c.stage = 'waiting';
    if (!p.node.ready) return;
    this.pull(p, c);
  }

  /** Recompute phase and conditions from container states, and announce the change. */
  private refreshPod(p: PodRt): void {
    const pod = p.pod;
    const now = this.sim.now;
    const wasReady = isPodReady(pod);
    const phase = podPhase(
      pod.spec.restartPolicy ?? 'Always',
      p.main.map((c) => ({ name: c.spec.name })),
      p.main.map((c) => c.status),
      p.init.map((c) => ({ name: c.spec.name, sidecar: c.spec.restartPolicy === 'Always' })),
      p.init.map((c) => c.status),
      { podHasInitialized: p.initDone === p.init.length },
    );
    const allReady = p.main.every((c) => c.status.ready);
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

  private forget(p: PodRt): void {
    for (const c of [...p.init, ...p.main]) {
      if (c.timer) this.sim.cancel(c.timer);
      if (c.readyTimer) this.sim.cancel(c.readyTimer);
      c.timer = null;
      c.readyTimer = null;
      this.backoff.forget(c.backoffKey);
    }
    for (const l of this.listeners) l.podStopped?.(p.pod);
  }

  /** Graceful deletion: SIGTERM every running container, SIGKILL at the end of the grace period. */
  terminate(pod: Pod, gracePeriodSeconds: number): void {
    const p = this.pods.get(pod);
    if (!p) {
      this.api.removePod(pod);
      return;
    }
    if (p.terminating) {
      if (p.killTimer) this.sim.cancel(p.killTimer);
    } else {
      p.terminating = true;
      for (const c of [...p.init, ...p.main]) {
        if (c.stage === 'running') {
          this.api.events.normal(pod, 'Killing', `Stopping container ${c.spec.name}`, KUBELET);
          if (c.readyTimer) this.sim.cancel(c.readyTimer);
          c.readyTimer = null;
          c.status.ready = false;
          if (c.timer) this.sim.cancel(c.timer);
          c.timer = null;
          if (!c.outcome?.ignoresSigterm) {
            const dur = Math.max(0, Math.round(sampler(c.behavior.shutdown, p.node.rng)()));
            if (dur < gracePeriodSeconds * 1000) c.timer = this.sim.after(dur, onKilled, { kubelet: this, c, p });
          }
        } else if (c.timer) {
          // Pulling, starting or backing off: nothing runs yet, stop at once.
          this.sim.cancel(c.timer);
          c.timer = null;
        }
      }
      if (!p.node.ready) return; // a dead node's kubelet can't confirm anything
      this.refreshPod(p);
    }
    p.killTimer = this.sim.after(gracePeriodSeconds * 1000, onGraceOver, { kubelet: this, p });
    this.maybeRemove(p);
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
    for (const c of [...p.init, ...p.main]) {
      if (c.timer) this.sim.cancel(c.timer);
      if (c.readyTimer) this.sim.cancel(c.readyTimer);
      c.timer = null;
      c.readyTimer = null;
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
    p.node.pods.delete(p.pod.metadata.uid!);
    this.pods.delete(p.pod);
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
      if (c.timer) this.sim.cancel(c.timer);
      if (c.readyTimer) this.sim.cancel(c.readyTimer);
      c.timer = null;
      c.readyTimer = null;
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

  /** The node stops (crash, network loss): its kubelet goes silent; containers are lost. */
  nodeDown(nodeName: string): void {
    const n = this.nodes.get(nodeName);
    if (!n || !n.ready) return;
    n.ready = false;
    for (const p of n.pods.values()) {
      for (const c of [...p.init, ...p.main]) {
        if (c.timer) this.sim.cancel(c.timer);
        if (c.readyTimer) this.sim.cancel(c.readyTimer);
        c.timer = null;
        c.readyTimer = null;
        if (c.stage === 'running') for (const l of this.listeners) l.containerStopped?.(p.pod, c.index, c.init);
      }
      if (p.killTimer) this.sim.cancel(p.killTimer);
      p.killTimer = null;
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
    n.pullerFreeAt = this.sim.now;
    for (const p of [...n.pods.values()]) {
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
        } else if (c.stage === 'backoff' || c.stage === 'waiting') {
          c.stage = 'waiting';
        }
      }
      this.proceed(p);
      for (const c of [...p.init, ...p.main]) if (c.stage === 'waiting' && c.status.restartCount > 0) this.pull(p, c);
    }
  }

  isNodeReady(nodeName: string): boolean {
    return this.nodes.get(nodeName)?.ready ?? false;
  }
}

/** A stable fake address per node, for reports. */
function nodeIP(node: Node): string {
  const ann = node.metadata.annotations?.['k8sim.io/internal-ip'];
  return ann ?? '';
}
