// Nodes over time, as model operations the timeline calls: failure and recovery (the kubelet
// goes silent; the node lifecycle controller marks the node Unknown and taints it; the
// NoExecute taint manager deletes pods whose tolerations run out), adding and removing nodes
// (the pod GC controller force-deletes pods of deleted nodes), cordon/uncordon, and
// `kubectl drain` (cordon, then evict through the Eviction API respecting PDBs, retrying
// every 5 s as kubectl does).

import type { EventHandle, Millis, Simulation } from '../../sim/index.js';
import type { ApiServer } from '../api/apiserver.js';
import { TAINT_NOT_READY, TAINT_UNREACHABLE } from '../api/admission/default-toleration-seconds.js';
import type { Kubelet } from '../kubelet/kubelet.js';
import { EvictionApi } from '../api/eviction.js';
import { isPodTerminal, setCondition } from '../api/policy/podutil.js';
import { tolerationsTolerateTaint } from '../api/policy/taints.js';
import { controllerRef } from '../api/store.js';
import type { KObject, Node, NodeCondition, Pod, Taint, Toleration } from '../api/types.js';
import { ZONE_LABEL } from '../api/well-known-labels.js';

export { TAINT_NOT_READY, TAINT_UNREACHABLE };
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const NODE_CONTROLLER = 'node-controller';
export const TAINT_EVICTION_CONTROLLER = 'taint-eviction-controller';
export const KUBELET_SOURCE = 'kubelet';
export const KUBECTL = 'kubectl';

export interface NodeOpsTimings {
  /** node-monitor-grace-period: 50 s since v1.32 (40 s before). */
  nodeMonitorGracePeriod: Millis;
  /** Pod GC quarantine for pods of deleted nodes (gc_controller quarantineTime). */
  podGcQuarantine: Millis;
  /** kubectl drain: pause after a 429 from the Eviction API. */
  evictionRetry: Millis;
  /** kubectl drain: how often it checks that evicted pods are gone. */
  deletePoll: Millis;
}

export const DEFAULT_NODE_OPS_TIMINGS: NodeOpsTimings = {
  nodeMonitorGracePeriod: 50_000,
  podGcQuarantine: 40_000,
  evictionRetry: 5_000,
  deletePoll: 1_000,
};

export interface DrainOptions {
  /** --ignore-daemonsets */
  ignoreDaemonSets?: boolean;
  /** --force: also delete pods without a controller. */
  force?: boolean;
  /** --delete-emptydir-data */
  deleteEmptyDirData?: boolean;
  /** --timeout (ms); 0 or absent = wait forever. */
  timeout?: Millis;
  /** --grace-period (s); absent = each pod's own. */
  gracePeriodSeconds?: number;
}

/** A drain in progress or finished: its kubectl output lines and outcome. */
export interface DrainStatus {
  node: string;
  done: boolean;
  ok: boolean;
  lines: string[];
}

interface DrainRun {
  status: DrainStatus;
  opts: DrainOptions;
  startedAt: Millis;
  /** Pods still to evict, with the time of their next attempt. */
  toEvict: Array<{ pod: Pod; next: Millis }>;
  /** Evicted, waiting for the object to disappear (by uid). */
  waiting: Array<{ pod: Pod; uid: string }>;
  timer: EventHandle | null;
}

const onUnreachable = (a: { ops: NodeOps; name: string }) => a.ops.markUnknown(a.name);
const onTolerationOver = (a: { ops: NodeOps; pod: Pod; name: string }) => a.ops.taintEvict(a.pod, a.name);
const onPodGc = (a: { ops: NodeOps; pods: Pod[]; name: string }) => a.ops.gcOrphans(a.pods, a.name);
const onDrainTick = (r: { ops: NodeOps; run: DrainRun }) => r.ops.drainTick(r.run);

function podRef(p: Pod): string {
  return `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`;
}

function setNodeReady(node: Node, status: NodeCondition['status'], reason: string, now: Millis): void {
  const c = node.status.conditions.find((x) => x.type === 'Ready');
  if (c) {
    if (c.status !== status) c.lastTransitionTime = now;
    c.status = status;
    c.reason = reason;
  } else node.status.conditions.push({ type: 'Ready', status, reason, lastTransitionTime: now });
}

export class NodeOps {
  readonly eviction: EvictionApi;
  readonly timings: NodeOpsTimings;
  /** Per failed node: the pending lifecycle / taint-manager timers. */
  private readonly timers = new Map<string, EventHandle[]>();
  private readonly drains: DrainRun[] = [];
  /** Zones that are down (`zone fail`): a node added there later is down from the start. */
  private readonly failedZones = new Set<string>();

  constructor(
    private readonly sim: Simulation,
    private readonly api: ApiServer,
    private readonly kubelet: Kubelet,
    private readonly addToPool: (pool: string) => Node,
    timings: Partial<NodeOpsTimings> = {},
  ) {
    this.eviction = new EvictionApi(api);
    this.timings = { ...DEFAULT_NODE_OPS_TIMINGS, ...timings };
  }

  private node(name: string): Node {
    const n = this.api.store.get<Node>('Node', undefined, name);
    if (!n) throw new Error(`nodes "${name}" not found`);
    return n;
  }

  private events(obj: KObject, reason: string, message: string, source: string, warning = false): void {
    if (warning) this.api.events.warning(obj, reason, message, source);
    else this.api.events.normal(obj, reason, message, source);
  }

  private addTaints(node: Node, taints: Taint[]): void {
    const cur = node.spec.taints ?? [];
    const add = taints.filter((t) => !cur.some((c) => c.key === t.key && c.effect === t.effect));
    // A new array: the scheduler cache may hold the old one.
    if (add.length) node.spec.taints = [...cur, ...add];
  }

  private removeTaints(node: Node, key: string): void {
    const cur = node.spec.taints ?? [];
    if (cur.some((t) => t.key === key)) node.spec.taints = cur.filter((t) => t.key !== key);
  }

  private track(name: string, h: EventHandle): void {
    const list = this.timers.get(name);
    if (list) list.push(h);
    else this.timers.set(name, [h]);
  }

  private cancelTimers(name: string): void {
    for (const h of this.timers.get(name) ?? []) this.sim.cancel(h);
    this.timers.delete(name);
  }

  // ---- failure and recovery ------------------------------------------------------------

  /**
   * The node stops (crash, network partition): its kubelet stops posting status. After
   * node-monitor-grace-period the node lifecycle controller marks it Unknown and taints it.
   */
  fail(name: string): void {
    this.node(name);
    if (!this.kubelet.isNodeReady(name)) return;
    this.kubelet.nodeDown(name);
    this.track(name, this.sim.after(this.timings.nodeMonitorGracePeriod, onUnreachable, { ops: this, name }));
  }

  /** @internal node lifecycle controller: the grace period passed without a heartbeat. */
  markUnknown(name: string): void {
    const node = this.api.store.get<Node>('Node', undefined, name);
    if (!node || this.kubelet.isNodeReady(name)) return;
    const now = this.sim.now;
    setNodeReady(node, 'Unknown', 'NodeStatusUnknown', now);
    // TaintNodesByCondition (NoSchedule) and taint-based eviction (NoExecute).
    this.addTaints(node, [
      { key: TAINT_UNREACHABLE, effect: 'NoSchedule', timeAdded: now },
      { key: TAINT_UNREACHABLE, effect: 'NoExecute', timeAdded: now },
    ]);
    this.api.updateInPlace(node);
    this.events(node, 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, NODE_CONTROLLER);
    const noExecute: Taint = { key: TAINT_UNREACHABLE, effect: 'NoExecute', timeAdded: now };
    for (const pod of this.kubelet.podsOn(name)) {
      if (isPodTerminal(pod)) continue;
      // MarkPodsNotReady: endpoints drop the node's pods.
      if (setCondition(pod, 'Ready', 'False', now)) this.api.updateStatus(pod);
      this.scheduleTaintEviction(pod, name, noExecute);
    }
  }

  /** NoExecute taint manager: when does `pod` have to go? */
  private scheduleTaintEviction(pod: Pod, name: string, taint: Taint): void {
    const tols = (pod.spec.tolerations ?? []).filter((t) => t.effect === 'NoExecute' || !t.effect);
    if (!tolerationsTolerateTaint(tols, taint)) {
      this.taintEvict(pod, name);
      return;
    }
    // getMinTolerationTime: the smallest tolerationSeconds among matching tolerations; none = forever.
    let min = Infinity;
    for (const t of tols as Toleration[]) {
      if (!tolerationsTolerateTaint([t], taint) || t.tolerationSeconds === undefined) continue;
      min = Math.min(min, Math.max(0, t.tolerationSeconds));
    }
    if (min === Infinity) return;
    this.track(name, this.sim.after(min * 1000, onTolerationOver, { ops: this, pod, name }));
  }

  /** @internal the taint manager deletes a pod that no longer tolerates its node. */
  taintEvict(pod: Pod, name: string): void {
    if (pod.metadata.deletionTimestamp !== undefined || isPodTerminal(pod) || pod.spec.nodeName !== name) return;
    if (!this.api.store.exists('Pod', pod.metadata.namespace, pod.metadata.name)) return;
    this.events(pod, 'TaintManagerEviction', `Marking for deletion Pod ${podRef(pod)}`, TAINT_EVICTION_CONTROLLER);
    setCondition(pod, 'DisruptionTarget', 'True', this.sim.now, 'DeletionByTaintManager', 'Taint manager: deleting due to NoExecute taint');
    // Graceful: on a dead node nobody confirms, so the pod stays Terminating until the node
    // comes back or is deleted; its controller replaces it meanwhile (terminating ≠ active).
    this.api.delete(pod);
  }

  /** The node is back: the kubelet posts Ready, the taints go, pending evictions are cancelled. */
  recover(name: string): void {
    const node = this.node(name);
    this.cancelTimers(name);
    if (this.kubelet.isNodeReady(name)) return;
    this.kubelet.nodeUp(name);
    const wasReady = node.status.conditions.find((c) => c.type === 'Ready')?.status === 'True';
    setNodeReady(node, 'True', 'KubeletReady', this.sim.now);
    this.removeTaints(node, TAINT_UNREACHABLE);
    this.removeTaints(node, TAINT_NOT_READY);
    this.api.updateInPlace(node);
    if (!wasReady) this.events(node, 'NodeReady', `Node ${name} status is now: NodeReady`, KUBELET_SOURCE);
  }

  // ---- zones -----------------------------------------------------------------------------

  /** A zone goes down: its nodes fail now, and any node added to it before it recovers. */
  failZone(zone: string, nodes: readonly string[]): void {
    this.failedZones.add(zone);
    for (const n of nodes) this.fail(n);
  }

  /** The zone is back: its nodes recover; new nodes join Ready again. */
  recoverZone(zone: string, nodes: readonly string[]): void {
    this.failedZones.delete(zone);
    for (const n of nodes) this.recover(n);
  }

  isZoneFailed(zone: string): boolean {
    return this.failedZones.has(zone);
  }

  /**
   * A node was just added (scenario start, timeline, cluster autoscaler). In a failed zone its
   * kubelet never reaches the API server: it is Unknown and tainted unreachable at once, so
   * nothing schedules there (rather than a Ready node in a zone that is down).
   */
  nodeAdded(node: Node): void {
    const zone = node.metadata.labels?.[ZONE_LABEL];
    if (zone === undefined || !this.failedZones.has(zone)) return;
    this.kubelet.nodeDown(node.metadata.name);
    this.markUnknown(node.metadata.name);
  }

  // ---- adding and removing nodes -------------------------------------------------------

  /** Add `count` nodes to a pool (scale-up, timeline). */
  add(pool: string, count = 1): Node[] {
    const out: Node[] = [];
    for (let i = 0; i < count; i++) out.push(this.addToPool(pool));
    return out;
  }

  /**
   * Delete the Node object (the machine goes away). Its pods stay bound to a node that no
   * longer exists until the pod GC controller force-deletes them after its quarantine.
   */
  remove(name: string): void {
    const node = this.node(name);
    this.cancelTimers(name);
    const pods = this.kubelet.podsOn(name);
    this.kubelet.nodeDown(name);
    this.kubelet.removeNode(name);
    this.api.delete(node);
    this.sim.after(this.timings.podGcQuarantine, onPodGc, { ops: this, pods, name });
  }

  /** @internal PodGC gcOrphaned: mark Failed with DisruptionTarget, then force-delete. */
  gcOrphans(pods: Pod[], name: string): void {
    if (this.api.store.exists('Node', undefined, name)) return;
    const now = this.sim.now;
    for (const pod of pods) {
      if (!this.api.store.exists('Pod', pod.metadata.namespace, pod.metadata.name) || pod.spec.nodeName !== name) continue;
      setCondition(pod, 'DisruptionTarget', 'True', now, 'DeletionByPodGC', 'PodGC: node no longer exists');
      if (!isPodTerminal(pod)) {
        pod.status.phase = 'Failed';
        this.api.podFinished(pod);
      }
      this.api.removePod(pod);
    }
  }

  // ---- cordon, uncordon, drain ---------------------------------------------------------

  /** kubectl cordon: spec.unschedulable (the node controller adds the unschedulable taint). */
  cordon(name: string): boolean {
    const node = this.node(name);
    if (node.spec.unschedulable) {
      this.kubectl(node, `node/${name} already cordoned`);
      return false;
    }
    node.spec.unschedulable = true;
    this.addTaints(node, [{ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule', timeAdded: this.sim.now }]);
    this.api.updateInPlace(node, true);
    this.kubectl(node, `node/${name} cordoned`);
    this.events(node, 'NodeNotSchedulable', `Node ${name} status is now: NodeNotSchedulable`, KUBELET_SOURCE);
    return true;
  }

  uncordon(name: string): boolean {
    const node = this.node(name);
    if (!node.spec.unschedulable) {
      this.kubectl(node, `node/${name} already uncordoned`);
      return false;
    }
    node.spec.unschedulable = false;
    this.removeTaints(node, TAINT_UNSCHEDULABLE);
    this.api.updateInPlace(node, true);
    this.kubectl(node, `node/${name} uncordoned`);
    this.events(node, 'NodeSchedulable', `Node ${name} status is now: NodeSchedulable`, KUBELET_SOURCE);
    return true;
  }

  /** kubectl's output, recorded as an event on the node (source kubectl). */
  private kubectl(node: KObject, line: string, warning = false, status?: DrainStatus): void {
    status?.lines.push(line);
    this.events(node, warning ? 'DrainWarning' : 'Drain', line, KUBECTL, warning);
  }

  /**
   * kubectl drain: cordon, refuse (with kubectl's messages) when pods need --force,
   * --ignore-daemonsets or --delete-emptydir-data, then evict the rest through the Eviction
   * API, retrying refused evictions every 5 s, until every pod is gone (or --timeout).
   */
  drain(name: string, opts: DrainOptions = {}): DrainStatus {
    const node = this.node(name);
    const status: DrainStatus = { node: name, done: false, ok: false, lines: [] };
    if (node.spec.unschedulable) this.kubectl(node, `node/${name} already cordoned`, false, status);
    else {
      this.cordon(name);
      status.lines.push(`node/${name} cordoned`);
    }
    const fatal = new Map<string, string[]>();
    const warn = new Map<string, string[]>();
    const evict: Pod[] = [];
    const pods = this.api.store.list<Pod>('Pod');
    for (const pod of pods) {
      if (pod.spec.nodeName !== name) continue;
      if (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) continue; // mirror pods: skipped
      const ref = controllerRef(pod);
      const add = (m: Map<string, string[]>, msg: string) => { const l = m.get(msg) ?? []; l.push(podRef(pod)); m.set(msg, l); };
      if (ref?.kind === 'DaemonSet') {
        if (opts.ignoreDaemonSets) add(warn, 'ignoring DaemonSet-managed Pods');
        else add(fatal, 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)');
        continue;
      }
      if (isPodTerminal(pod)) { evict.push(pod); continue; }
      if (!ref) {
        if (opts.force) add(warn, 'deleting Pods that declare no controller');
        else { add(fatal, 'Pods declare no controller (use --force to override)'); continue; }
      }
      if ((pod.spec.volumes ?? []).some((v) => v.emptyDir !== undefined)) {
        if (opts.deleteEmptyDirData) add(warn, 'deleting Pods with local storage');
        else { add(fatal, 'Pods with local storage (use --delete-emptydir-data to override)'); continue; }
      }
      evict.push(pod);
    }
    if (fatal.size) {
      const errs = [...fatal].map(([msg, refs]) => `cannot delete ${msg}: ${refs.join(', ')}`).sort();
      const err = errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]`;
      this.kubectl(node, `error: unable to drain node "${name}" due to error: ${err}, continuing command...`, true, status);
      this.kubectl(node, `There are pending nodes to be drained:`, true, status);
      this.kubectl(node, ` ${name}`, true, status);
      this.kubectl(node, `error: ${err}`, true, status);
      status.done = true;
      return status;
    }
    if (warn.size) {
      // kubectl joins its warnings in Go map order; sorted here to stay reproducible.
      this.kubectl(node, `Warning: ${[...warn].map(([msg, refs]) => `${msg}: ${refs.join(', ')}`).sort().join('; ')}`, true, status);
    }
    const run: DrainRun = {
      status, opts, startedAt: this.sim.now, toEvict: evict.map((pod) => ({ pod, next: this.sim.now })), waiting: [], timer: null,
    };
    this.drains.push(run);
    this.drainTick(run);
    return status;
  }

  /** @internal one pass of kubectl's eviction goroutines and delete polling. */
  drainTick(run: DrainRun): void {
    run.timer = null;
    const now = this.sim.now;
    const name = run.status.node;
    const node = this.api.store.get<Node>('Node', undefined, name) ?? ({ kind: 'Node', apiVersion: 'v1', metadata: { name } } as Node);
    const store = this.api.store;
    const gone = (p: Pod, uid: string) => store.get<Pod>('Pod', p.metadata.namespace, p.metadata.name)?.metadata.uid !== uid;
    for (let i = 0; i < run.waiting.length; i++) {
      const w = run.waiting[i]!;
      if (!gone(w.pod, w.uid)) continue;
      this.kubectl(node, `pod/${w.pod.metadata.name} evicted`, false, run.status);
      run.waiting.splice(i--, 1);
    }
    const still: DrainRun['toEvict'] = [];
    for (const e of run.toEvict) {
      if (e.next > now) { still.push(e); continue; }
      if (e.next === run.startedAt) this.kubectl(node, `evicting pod ${podRef(e.pod)}`, false, run.status);
      const uid = e.pod.metadata.uid!;
      const r = this.eviction.evict(e.pod, run.opts.gracePeriodSeconds);
      if (r.ok) {
        run.waiting.push({ pod: e.pod, uid });
        if (gone(e.pod, uid)) {
          this.kubectl(node, `pod/${e.pod.metadata.name} evicted`, false, run.status);
          run.waiting.pop();
        }
        continue;
      }
      const secs = this.timings.evictionRetry / 1000;
      this.kubectl(node, `error when evicting pods/"${e.pod.metadata.name}" -n "${e.pod.metadata.namespace ?? 'default'}" (will retry after ${secs}s): ${r.message}`, true, run.status);
      still.push({ pod: e.pod, next: now + this.timings.evictionRetry });
    }
    run.toEvict = still;
    if (run.toEvict.length === 0 && run.waiting.length === 0) {
      this.kubectl(node, `node/${name} drained`, false, run.status);
      run.status.done = true;
      run.status.ok = true;
      this.drains.splice(this.drains.indexOf(run), 1);
      return;
    }
    const timeout = run.opts.timeout ?? 0;
    if (timeout > 0 && now - run.startedAt >= timeout) {
      this.kubectl(node, `error: unable to drain node "${name}" due to error: drain did not complete within ${timeout / 1000}s, continuing command...`, true, run.status);
      run.status.done = true;
      this.drains.splice(this.drains.indexOf(run), 1);
      return;
    }
    // Next look: the earlier of the next retry and the next delete poll.
    let next = now + this.timings.deletePoll;
    for (const e of run.toEvict) if (e.next < next) next = e.next;
    if (timeout > 0) next = Math.min(next, run.startedAt + timeout);
    run.timer = this.sim.at(next, onDrainTick, { ops: this, run });
  }
}
