// The cluster autoscaler's shell on the kernel: a loop every scan-interval that reads what it
// owns and acts through the NodeGroupProvider. The decisions are the pure parts next to it
// (expander.ts, simulator.ts, drain.ts); this file sequences them as upstream's RunOnce does:
// provisioning timeouts → cluster health → scale-up → unneeded nodes → scale-down.
//
// Cost per loop (N registered nodes, P pending pods, G node groups, U upcoming nodes):
// - health and candidate selection: O(N) over the scheduler cache's per-node aggregates
//   (Σ requests kept incrementally; no pod rescans);
// - scale-up, only when pods are unschedulable: O(P × (U + G × new nodes)) filter runs, each
//   PreFilter being O(N) for pods with topology spread or inter-pod affinity;
// - unneeded nodes: for each node below the utilisation threshold, its pods × the nodes tried as
//   destinations (a remembered destination is tried first), so O(pods on candidates × N) worst case.

import type { Rng, Simulation, TimerHandle } from '../../../sim/index.js';
import type { ApiServer } from '../../api/apiserver.js';
import type { SeriesEmit, SeriesSource, SummaryContributor, SummaryValue } from '../../metrics.js';
import { HOSTNAME_LABEL } from '../../api/well-known-labels.js';
import { makeNode, type NodePoolSpec } from '../../nodes/pools.js';
import { DEFAULT_EVICTION_HARD, type EvictionThresholds } from '../../kubelet/policy/eviction.js';
import { podResources } from '../../api/policy/pod-resources.js';
import { getCondition } from '../../api/policy/podutil.js';
import { controllerRef } from '../../api/store.js';
import { makePodInfo, podKey, type NodeInfo, type PodInfo, type SchedulerCache } from '../../scheduler/policy/node-info.js';
import { buildProfile, type Profile, type ProfileConfig } from '../../scheduler/policy/profile.js';
import type { KObject, Node, Pod, PodSpec } from '../../api/types.js';
import type { AutoscalerConfig } from './config.js';
import { GroupBackoff, podDisposition, SCALE_DOWN_DISABLED, TO_BE_DELETED_TAINT, UnneededTimer, utilization,
  type DrainOptions } from './policy/drain.js';
import { chooseOption, type ExpansionOption } from './policy/expander.js';
import type { NodeGroupProvider, UpcomingNode } from './provider.js';
import { binpack, CacheFork, checkNode, prepare, type PendingPod } from './simulator.js';

export const CLUSTER_AUTOSCALER = 'cluster-autoscaler';
/** Upstream skipped-group reasons (core/scaleup: NoScaleUpInfo). */
export const MAX_GROUP_SIZE_REACHED = 'max node group size reached';
export const IN_BACKOFF = 'in backoff after failed scale-up';
export const MAX_TOTAL_NODES_REACHED = 'max total nodes in cluster reached';
export const POD_SCALE_UP_DELAY = 'cluster-autoscaler.kubernetes.io/pod-scale-up-delay';

const onLoop = (ca: ClusterAutoscaler) => ca.runOnce();

interface Drain { node: string; started: number; pods: Pod[] }

/** The scheduler parts the autoscaler reads: its cache and its pending pods. */
export interface SchedulerView {
  readonly cache: SchedulerCache;
  pendingPods(): IterableIterator<Pod>;
}

export class ClusterAutoscaler implements SeriesSource, SummaryContributor {
  private readonly profile: Profile;
  private readonly rand: () => number;
  private readonly timer = new UnneededTimer();
  private readonly backoff: GroupBackoff;
  private readonly groups: NodePoolSpec[];
  private handle: TimerHandle | null = null;
  private lastScaleUp = -Infinity;
  private lastScaleDownDelete = -Infinity;
  private lastScaleDownFailure = -Infinity;
  private readonly unremovableUntil = new Map<string, number>();
  /** Remembered scale-down destinations: pod key → node (tried first next loop). */
  private readonly hints = new Map<string, string>();
  /** Last NotTriggerScaleUp message per pod (upstream's event correlator would aggregate repeats). */
  private readonly lastNoScaleUp = new Map<string, string>();
  private unneeded: { name: string; empty: boolean }[] = [];
  private drain: Drain | null = null;
  /** For reports and tests. */
  healthy = true;
  readonly stats = { loops: 0, scaleUps: 0, nodesAdded: 0, nodesRemoved: 0, scaleDownFailures: 0, provisionTimeouts: 0, unhealthyLoops: 0 };

  constructor(
    private readonly sim: Simulation,
    private readonly api: ApiServer,
    private readonly scheduler: SchedulerView,
    private readonly provider: NodeGroupProvider,
    readonly config: AutoscalerConfig,
    schedulerConfig: ProfileConfig,
    rng: Rng,
    /** The hard thresholds node allocatable reserves for: template nodes get the allocatable real ones will. */
    private readonly allocatableEvictionHard: EvictionThresholds = DEFAULT_EVICTION_HARD,
  ) {
    // CA runs its own copy of the scheduler framework (no preemption: only filters are used).
    this.profile = buildProfile({ ...schedulerConfig, preemption: false });
    this.rand = () => rng.next();
    this.backoff = new GroupBackoff(config.initialNodeGroupBackoffDuration, config.maxNodeGroupBackoffDuration,
      config.nodeGroupBackoffResetTimeout);
    this.groups = provider.pools.filter((p) => p.maxCount !== undefined);
  }

  start(): void {
    if (!this.config.enabled || this.handle) return;
    this.handle = this.sim.every(this.config.scanInterval, onLoop, this, { start: this.sim.now + this.config.scanInterval });
  }

  stop(): void {
    if (this.handle) this.sim.cancel(this.handle);
    this.handle = null;
  }

  private min(g: NodePoolSpec): number { return g.minCount ?? 0; }
  private max(g: NodePoolSpec): number { return g.maxCount ?? Infinity; }
  private targetSize(g: NodePoolSpec): number {
    return this.provider.nodesOf(g.name).length + this.provider.upcoming(g.name).length;
  }

  /** One autoscaler iteration (upstream StaticAutoscaler.RunOnce). */
  runOnce(): void {
    const now = this.sim.now;
    this.stats.loops++;
    this.removeLongUnregistered(now);
    if (!this.checkHealth()) {
      this.stats.unhealthyLoops++;
      return;
    }
    const scaledUp = this.scaleUp(now);
    if (!this.config.scaleDownEnabled) return;
    this.finishDrain(now);
    this.updateUnneeded(now);
    if (!scaledUp && !this.inCooldown(now)) this.scaleDown(now);
  }

  /** Instances that did not register within max-node-provision-time are deleted; the group backs off. */
  private removeLongUnregistered(now: number): void {
    for (const g of this.groups) {
      for (const up of this.provider.upcoming(g.name)) {
        if (now - up.createdAt < this.config.maxNodeProvisionTime) continue;
        this.provider.cancelUpcoming(up.id);
        this.backoff.fail(g.name, now);
        this.stats.provisionTimeouts++;
      }
    }
  }

  /** Upstream IsClusterHealthy: unready > ok-total-unready-count and > max-total-unready-percentage. */
  private checkHealth(): boolean {
    let total = 0, unready = 0;
    for (const ni of this.scheduler.cache.nodes) {
      total++;
      if (!isNodeReady(ni.node)) unready++;
    }
    this.healthy = !(unready > this.config.okTotalUnreadyCount && unready > (this.config.maxTotalUnreadyPercentage / 100) * total);
    return this.healthy;
  }

  private inCooldown(now: number): boolean {
    const c = this.config;
    return now < this.lastScaleUp + c.scaleDownDelayAfterAdd
      || now < this.lastScaleDownDelete + c.scaleDownDelayAfterDelete
      || now < this.lastScaleDownFailure + c.scaleDownDelayAfterFailure;
  }

  // ---- scale-up ----------------------------------------------------------------------------

  private unschedulablePods(now: number): PendingPod[] {
    const out: PendingPod[] = [];
    for (const pod of this.scheduler.pendingPods()) {
      if (pod.metadata.deletionTimestamp !== undefined || pod.status.nominatedNodeName) continue;
      const c = getCondition(pod, 'PodScheduled');
      if (!c || c.status !== 'False' || c.reason !== 'Unschedulable') continue;
      if ((pod.spec.priority ?? 0) < this.config.expendablePodsPriorityCutoff) continue;
      const ann = pod.metadata.annotations?.[POD_SCALE_UP_DELAY];
      const delay = ann !== undefined ? parseGoDurationMs(ann) ?? this.config.newPodScaleUpDelay : this.config.newPodScaleUpDelay;
      if (now - (pod.metadata.creationTimestamp ?? 0) < delay) continue;
      out.push({ pod, res: this.api.resourcesOf(pod) });
    }
    return out;
  }

  /** A node of the group as it will register: index → name, zone; template name as upstream's. */
  template(g: NodePoolSpec, index: number): Node {
    const node = makeNode(g, index, this.sim.now, this.allocatableEvictionHard);
    const name = `template-node-for-${g.name}-${index}`;
    node.metadata.name = name;
    node.metadata.labels![HOSTNAME_LABEL] = name;
    return node;
  }

  /** DaemonSet pods that would run on a node (upstream adds them to the template NodeInfo). */
  private daemonSetPods(node: Node): PodInfo[] {
    const out: PodInfo[] = [];
    for (const ds of this.api.store.list<KObject & { spec: { template: { metadata?: { labels?: Record<string, string> }; spec: PodSpec } } }>('DaemonSet')) {
      const spec = ds.spec.template.spec;
      const pod: Pod = {
        apiVersion: 'v1', kind: 'Pod',
        metadata: {
          name: `${ds.metadata.name}-${node.metadata.name}`, namespace: ds.metadata.namespace ?? 'default',
          labels: { ...(ds.spec.template.metadata?.labels ?? {}) },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name, uid: ds.metadata.uid ?? '', controller: true }],
        },
        spec: { ...spec, nodeName: node.metadata.name },
        status: { phase: 'Running', conditions: [], containerStatuses: [] },
      };
      out.push(makePodInfo(pod, podResources(spec)));
    }
    return out;
  }

  /** Open a template node in the fork with the DaemonSet pods that pass its filters. */
  private openTemplate(fork: CacheFork, node: Node): NodeInfo {
    const ni = fork.addNode(node);
    for (const d of this.daemonSetPods(node)) {
      if (checkNode(prepare(d, fork.cache, this.profile), d, ni, fork.cache) === null) fork.addPod(d, node.metadata.name);
    }
    return ni;
  }

  private scaleUp(now: number): boolean {
    let pods = this.unschedulablePods(now);
    if (pods.length === 0 || this.groups.length === 0) return false;
    const fork = new CacheFork(this.scheduler.cache);
    try {
      // Upstream FilterOutSchedulable: pods that fit on an existing node (the scheduler will
      // place them) or on a node being provisioned (they wait for it) do not need new nodes.
      // Pods of one controller are an equivalence group: once one fits nowhere, the rest are
      // not tried again (bounds this pass by groups × nodes).
      for (const g of this.groups) for (const up of this.provider.upcoming(g.name)) this.openTemplate(fork, this.template(g, up.index));
      const rest: PendingPod[] = [];
      const noFit = new Set<string>();
      for (const p of pods) {
        const eq = controllerRef(p.pod)?.uid;
        if (eq !== undefined && noFit.has(eq)) { rest.push(p); continue; }
        const pi = makePodInfo(p.pod, p.res);
        const prep = prepare(pi, fork.cache, this.profile);
        let dest: NodeInfo | undefined;
        if (!prep.rejected) {
          for (const ni of fork.cache.nodes) {
            if (!isNodeReady(ni.node) || checkNode(prep, pi, ni, fork.cache) !== null) continue;
            dest = ni;
            break;
          }
        }
        if (dest) fork.addPod(pi, dest.name);
        else { rest.push(p); if (eq !== undefined) noFit.add(eq); }
      }
      pods = rest;
      if (pods.length === 0) return false;
      let total = 0;
      for (const p of this.provider.pools) total += this.provider.nodesOf(p.name).length + this.provider.upcoming(p.name).length;
      const reasons = pods.map(() => new Map<string, number>());
      const add = (i: number, r: string) => reasons[i]!.set(r, (reasons[i]!.get(r) ?? 0) + 1);
      if (this.config.maxNodesTotal > 0 && total >= this.config.maxNodesTotal) {
        this.noScaleUp(pods, pods.map(() => MAX_TOTAL_NODES_REACHED));
        return false;
      }
      const options: (ExpansionOption & { pods: number[]; from: number; max: number })[] = [];
      for (const g of this.groups) {
        const size = this.targetSize(g);
        const skip = this.backoff.backedOff(g.name, now) ? IN_BACKOFF : size >= this.max(g) ? MAX_GROUP_SIZE_REACHED : undefined;
        if (skip) { pods.forEach((_, i) => add(i, skip)); continue; }
        let maxNew = this.max(g) - size;
        if (this.config.maxNodesTotal > 0) maxNew = Math.min(maxNew, this.config.maxNodesTotal - total);
        const next = this.provider.nextIndex(g.name);
        const mark = fork.mark();
        const r = binpack(fork, this.profile, pods, maxNew, (k) => this.template(g, next + k), (f, node) => this.openTemplate(f, node));
        fork.rollbackTo(mark);
        for (const [i, rs] of r.rejectReasons) for (const x of new Set(rs)) add(i, x);
        if (r.nodeCount === 0) continue;
        let reqCpu = 0, reqMem = 0;
        for (const i of r.scheduled) { reqCpu += pods[i]!.res.requests['cpu'] ?? 0; reqMem += pods[i]!.res.requests['memory'] ?? 0; }
        const t = this.template(g, next);
        options.push({
          group: g.name, nodeCount: r.nodeCount, podCount: r.scheduled.length, reqCpu, reqMem,
          nodeCpu: t.status.capacity['cpu'] ?? 0, nodeMem: t.status.capacity['memory'] ?? 0,
          pods: r.scheduled, from: size, max: this.max(g),
        });
      }
      const best = chooseOption(options, this.config.expander, this.config.priorities, this.rand) as (typeof options)[number] | undefined;
      if (!best) {
        this.noScaleUp(pods, reasons.map(formatReasons));
        return false;
      }
      this.provider.increaseSize(best.group, best.nodeCount);
      this.lastScaleUp = now;
      this.stats.scaleUps++;
      this.stats.nodesAdded += best.nodeCount;
      const info = `[{${best.group} ${best.from}->${best.from + best.nodeCount} (max: ${best.max})}]`;
      for (const i of best.pods) {
        const pod = pods[i]!.pod;
        this.lastNoScaleUp.delete(podKey(pod));
        this.api.events.normal(pod, 'TriggeredScaleUp', `pod triggered scale-up: ${info}`, CLUSTER_AUTOSCALER);
      }
      return true;
    } finally {
      fork.revert();
    }
  }

  private noScaleUp(pods: PendingPod[], messages: string[]): void {
    pods.forEach((p, i) => {
      const key = podKey(p.pod);
      const msg = `pod didn't trigger scale-up: ${messages[i]}`;
      if (this.lastNoScaleUp.get(key) === msg) return;
      this.lastNoScaleUp.set(key, msg);
      this.api.events.normal(p.pod, 'NotTriggerScaleUp', msg, CLUSTER_AUTOSCALER);
    });
    if (this.lastNoScaleUp.size > 4 * pods.length + 1000) {
      // Forget pods that are gone (bounded memory on long runs).
      const live = new Set(pods.map((p) => podKey(p.pod)));
      for (const k of [...this.lastNoScaleUp.keys()]) if (!live.has(k)) this.lastNoScaleUp.delete(k);
    }
  }

  // ---- scale-down --------------------------------------------------------------------------

  private drainOptions(): DrainOptions {
    return {
      skipNodesWithSystemPods: this.config.skipNodesWithSystemPods,
      skipNodesWithLocalStorage: this.config.skipNodesWithLocalStorage,
      pdbBlocks: (pod) => this.provider.pdbBlocks(pod),
    };
  }

  /** Nodes whose utilisation is below the threshold and whose pods all fit elsewhere. */
  private updateUnneeded(now: number): void {
    const cache = this.scheduler.cache;
    const candidates: NodeInfo[] = [];
    for (const g of this.groups) {
      for (const name of this.provider.nodesOf(g.name)) {
        const ni = cache.getNode(name);
        if (!ni || !this.eligible(ni, now)) continue;
        const u = utilization(ni.reqCpu, ni.reqMem, ni.allocCpu, ni.allocMem);
        if (u.max < this.config.scaleDownUtilizationThreshold) candidates.push(ni);
      }
    }
    const opts = this.drainOptions();
    const fork = new CacheFork(cache);
    const removed = new Set<string>();
    const unneeded: { name: string; empty: boolean }[] = [];
    try {
      for (const ni of candidates) {
        const mark = fork.mark();
        let ok = true, moved = 0;
        for (const pi of [...ni.pods]) {
          const d = podDisposition(pi.pod, opts);
          if (d.kind === 'skip') continue;
          if (d.kind === 'block') { ok = false; break; }
          fork.removePod(pi.key);
          const moving = unbound(pi);
          const dest = this.findPlace(fork, moving, ni.name, removed);
          if (dest === undefined) { ok = false; break; }
          fork.addPod(moving, dest);
          this.hints.set(pi.key, dest);
          moved++;
        }
        if (!ok) { fork.rollbackTo(mark); continue; }
        removed.add(ni.name);
        unneeded.push({ name: ni.name, empty: moved === 0 });
      }
    } finally {
      fork.revert();
    }
    this.timer.update(unneeded.map((u) => u.name), now);
    this.unneeded = unneeded;
    if (this.hints.size > 4 * cache.nodes.length + 1000) this.hints.clear();
  }

  private eligible(ni: NodeInfo, now: number): boolean {
    const node = ni.node;
    if (!isNodeReady(node) || ni.unschedulable) return false;
    if (node.spec.taints?.some((t) => t.key === TO_BE_DELETED_TAINT)) return false;
    if (node.metadata.annotations?.[SCALE_DOWN_DISABLED] === 'true') return false;
    if ((this.unremovableUntil.get(ni.name) ?? -Infinity) > now) return false;
    return true;
  }

  /** A destination for a pod leaving `from`: the remembered one first, then nodes in cache order. */
  private findPlace(fork: CacheFork, pi: PodInfo, from: string, removed: ReadonlySet<string>): string | undefined {
    const cache = fork.cache;
    const prep = prepare(pi, cache, this.profile);
    if (prep.rejected) return undefined;
    const ok = (ni: NodeInfo) => ni.name !== from && !removed.has(ni.name) && isNodeReady(ni.node)
      && !ni.node.spec.taints?.some((t) => t.key === TO_BE_DELETED_TAINT) && checkNode(prep, pi, ni, cache) === null;
    const hint = this.hints.get(pi.key);
    const h = hint !== undefined ? cache.getNode(hint) : undefined;
    if (h && ok(h)) return h.name;
    for (const ni of cache.nodes) if (ni !== h && ok(ni)) return ni.name;
    return undefined;
  }

  private scaleDown(now: number): void {
    const sizes = new Map<string, number>();
    for (const g of this.groups) sizes.set(g.name, this.targetSize(g));
    const groupOf = new Map<string, NodePoolSpec>();
    for (const g of this.groups) for (const n of this.provider.nodesOf(g.name)) groupOf.set(n, g);
    const ripe = this.unneeded.filter((u) => this.timer.ripe(u.name, now, this.config.scaleDownUnneededTime));
    const canRemove = (name: string) => {
      const g = groupOf.get(name);
      return g !== undefined && sizes.get(g.name)! - 1 >= this.min(g);
    };
    const take = (name: string) => { const g = groupOf.get(name)!; sizes.set(g.name, sizes.get(g.name)! - 1); };
    // Empty nodes: in bulk.
    let deleted = 0;
    for (const u of ripe) {
      if (!u.empty || deleted >= this.config.maxEmptyBulkDelete || !canRemove(u.name)) continue;
      take(u.name);
      const node = this.api.store.get<Node>('Node', undefined, u.name)!;
      this.provider.taintToBeDeleted(u.name);
      this.api.events.normal(node, 'ScaleDownEmpty', `removing empty node ${u.name}`, CLUSTER_AUTOSCALER);
      this.deleteNode(u.name);
      deleted++;
    }
    if (deleted > 0) { this.lastScaleDownDelete = now; return; }
    // Non-empty nodes: one drain at a time.
    if (this.drain) return;
    for (const u of ripe) {
      if (u.empty || !canRemove(u.name)) continue;
      this.startDrain(u.name, now);
      return;
    }
  }

  private deleteNode(name: string): void {
    this.provider.deleteNode(name);
    this.timer.forget(name);
    this.stats.nodesRemoved++;
  }

  private startDrain(name: string, now: number): void {
    const node = this.api.store.get<Node>('Node', undefined, name);
    const ni = this.scheduler.cache.getNode(name);
    if (!node || !ni) return;
    this.lastScaleDownDelete = now;
    this.provider.taintToBeDeleted(name);
    this.api.events.normal(node, 'ScaleDown', 'marked the node as toBeDeleted/unschedulable', CLUSTER_AUTOSCALER);
    const opts = this.drainOptions();
    const toEvict: Pod[] = [];
    for (const pi of ni.pods) {
      const d = podDisposition(pi.pod, opts);
      if (d.kind === 'block') return this.drainFailed(name, now);
      if (d.kind === 'move') toEvict.push(pi.pod);
    }
    const maxGrace = Math.floor(this.config.maxGracefulTermination / 1000);
    for (const pod of toEvict) {
      this.api.events.normal(pod, 'ScaleDown', 'deleting pod for node scale down', CLUSTER_AUTOSCALER);
      const grace = Math.min(pod.spec.terminationGracePeriodSeconds ?? 30, maxGrace);
      if (!this.provider.evictPod(pod, 'ScaleDown', grace)) return this.drainFailed(name, now);
    }
    this.drain = { node: name, started: now, pods: toEvict };
    this.finishDrain(now);
  }

  private drainFailed(name: string, now: number): void {
    this.provider.untaintToBeDeleted(name);
    this.lastScaleDownFailure = now;
    this.unremovableUntil.set(name, now + this.config.unremovableNodeRecheckTimeout);
    this.stats.scaleDownFailures++;
  }

  /** The drained node goes once its evicted pods are gone (or the graceful-termination wait ran out). */
  private finishDrain(now: number): void {
    const d = this.drain;
    if (!d) return;
    const gone = d.pods.every((p) => !this.api.store.exists('Pod', p.metadata.namespace, p.metadata.name) || p.status.phase === 'Succeeded' || p.status.phase === 'Failed');
    if (!gone && now - d.started < this.config.maxGracefulTermination + 60_000) return;
    this.drain = null;
    this.deleteNode(d.node);
    this.lastScaleDownDelete = now;
  }

  /** Unneeded nodes now (for tests and reports). */
  unneededNodes(): readonly string[] {
    return this.unneeded.map((u) => u.name);
  }

  unneededSince(name: string): number | undefined {
    return this.timer.unneededSince(name);
  }

  /** timeseries.csv rows, scope `cluster`. */
  sample(_now: number, emit: SeriesEmit): void {
    emit('', 'ca_unneeded_nodes', this.unneeded.length);
    emit('', 'ca_healthy', this.healthy ? 1 : 0);
  }

  summarize(_now: number, put: (metric: string, value: SummaryValue) => void): void {
    put('ca_scale_ups', this.stats.scaleUps);
    put('ca_nodes_added', this.stats.nodesAdded);
    put('ca_nodes_removed', this.stats.nodesRemoved);
    put('ca_scale_down_failures', this.stats.scaleDownFailures);
    put('ca_provision_timeouts', this.stats.provisionTimeouts);
  }
}

/** The pod as if it were not bound yet (so NodeName does not pin it to its current node). */
function unbound(pi: PodInfo): PodInfo {
  const { nodeName: _bound, ...spec } = pi.pod.spec;
  return makePodInfo({ ...pi.pod, spec }, pi.res);
}

export function isNodeReady(node: Node): boolean {
  for (const c of node.status.conditions) if (c.type === 'Ready') return c.status === 'True';
  return false;
}

function formatReasons(m: Map<string, number>): string {
  return [...m].map(([r, c]) => `${c} ${r}`).sort().join(', ');
}

/** Go duration strings as the annotation takes them ("30s", "1m30s", "500ms"); undefined if invalid. */
export function parseGoDurationMs(s: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0, m: RegExpExecArray | null, pos = 0;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  while ((m = re.exec(s)) !== null) { total += Number(m[1]) * unit[m[2]!]!; pos = re.lastIndex; }
  return pos === s.length && s.length > 0 ? total : undefined;
}

export type { UpcomingNode };
