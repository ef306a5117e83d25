// The kube-scheduler process: watches pods and nodes into its cache and queue, runs one
// scheduling cycle per pod (models/scheduler), binds, records FailedScheduling, carries
// out preemption, and wakes itself for back-off expiries and the unschedulable flush.

import type { EventHandle, Rng, Simulation } from '../../sim/index.js';
import type { ApiServer } from '../api/apiserver.js';
import { isPodTerminal, setCondition } from '../api/policy/podutil.js';
import { makePodInfo, podKey, SchedulerCache } from './policy/node-info.js';
import { buildProfile, type ProfileConfig, type Profile } from './policy/profile.js';
import { SchedulingQueue } from './policy/queue.js';
import { scheduleOneInfo, type Unschedulable } from './policy/schedule.js';
import { StaticVerdicts } from './policy/static-verdicts.js';
import type { Node, PersistentVolumeClaim, Pod } from '../api/types.js';
import { CycleTiming, type CycleTimingConfig } from './cycle-timing.js';
import type { ClaimLookup } from './policy/framework.js';
import { StoreSpreadOwners } from './spread-owners.js';
import { NamespaceLabelCache } from './namespace-labels.js';
import { pdbLister } from './pdb-lister.js';
import type { PdbInfo } from './policy/preemption.js';

export const SCHEDULER = 'default-scheduler';

export type SchedulerConfig = ProfileConfig & CycleTimingConfig;

const onWake = (s: SchedulerShell) => s.wake();
const onBind = (b: { s: SchedulerShell; pod: Pod; node: string }) => b.s.bindAssumed(b.pod, b.node);

export class SchedulerShell {
  readonly cache = new SchedulerCache();
  readonly queue = new SchedulingQueue();
  private readonly profile: Profile;
  private readonly rng: Rng;
  private readonly rand: () => number;
  private readonly pending = new Map<string, Pod>();
  /** Scheduling attempts per pod, for reports. */
  readonly attempts = new WeakMap<Pod, number>();
  /** Cycle cost and bind latency; undefined = scheduling takes no time (the default). */
  private readonly timing: CycleTiming | undefined;
  /** Pods placed by a finished cycle whose binding has not landed yet (upstream: assumed pods). */
  private readonly assumed = new Map<string, Pod>();
  /** PersistentVolumeClaims for VolumeBinding (wired by the composition root to the volume controller). */
  private readonly scheduleOptions: { claims?: ClaimLookup; explain?: boolean; spreadOwners: StoreSpreadOwners;
    namespaceLabels: NamespaceLabelCache['lookup']; pdbs: () => PdbInfo[] };
  /** Told of every failed attempt with its verdicts (scheduling.csv); unset, failed cycles do not group them. */
  private failedAttemptSink: ((pod: Pod, attempt: number, result: Unschedulable) => void) | undefined;
  /**
   * VolumeBinding PreBind (wired to the volume controller): false when the pod's delayed-binding
   * claims must be provisioned first; `done` is called once they are bound.
   */
  private preBind: ((pod: Pod, done: () => void) => boolean) | undefined;
  /** Node-static Filter verdicts of pods retried (from their second attempt; see static-verdicts.ts). */
  private readonly verdicts = new Map<string, StaticVerdicts>();
  private wakeAt: number | undefined;
  private wakeHandle: EventHandle | null = null;
  /** Pods placed, attempts made: for the summary and the bench. */
  scheduled = 0;
  failedAttempts = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly api: ApiServer,
    private readonly binder: { admit(pod: Pod): void },
    streams: { stream(name: string): Rng },
    config: SchedulerConfig,
  ) {
    this.profile = buildProfile(config);
    this.rng = streams.stream('scheduler');
    this.rand = () => this.rng.next();
    this.timing = CycleTiming.of(config, streams);
    const store = api.store;
    this.scheduleOptions = { spreadOwners: new StoreSpreadOwners(store), namespaceLabels: new NamespaceLabelCache(store).lookup,
      pdbs: pdbLister(api) };
    store.watch<Pod>('Pod', (type, pod) => this.onPod(type, pod));
    store.watch<Node>('Node', (type, node) => {
      if (type === 'DELETED') this.cache.removeNode(node.metadata.name);
      else this.cache.updateNode(node);
      this.clusterChanged();
    });
    // A claim created or bound may let a parked pod through VolumeBinding (upstream registers
    // PVC Add/Update as its cluster events).
    store.watch<PersistentVolumeClaim>('PersistentVolumeClaim', (type) => {
      if (type !== 'DELETED') this.clusterChanged();
    });
  }

  setPreBind(preBind: (pod: Pod, done: () => void) => boolean): void {
    this.preBind = preBind;
  }

  /** Report every failed scheduling attempt, with its per-plugin verdicts, to `sink`. */
  onFailedAttempt(sink: (pod: Pod, attempt: number, result: Unschedulable) => void): void {
    this.failedAttemptSink = sink;
    this.scheduleOptions.explain = true;
  }

  setClaimLookup(lookup: ClaimLookup): void {
    this.scheduleOptions.claims = lookup;
  }

  addNode(node: Node): void {
    if (!this.cache.getNode(node.metadata.name)) this.cache.addNode(node);
  }

  private onPod(type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: Pod): void {
    const key = podKey(pod);
    if (type === 'DELETED') {
      this.assumed.delete(key);
      this.pending.delete(key);
      this.verdicts.delete(key);
      this.queue.delete(key);
      if (this.cache.removePod(key)) this.clusterChanged();
      return;
    }
    if (pod.spec.nodeName) {
      // Bound (by us, or a manifest with nodeName that skips the scheduler… which still needs
      // the kubelet, and the cache to account for it).
      if (this.cache.nodeOfPod(key) === undefined && this.cache.getNode(pod.spec.nodeName) && !isPodTerminal(pod)) {
        this.cache.addPod(pod, this.api.resourcesOf(pod), pod.spec.nodeName);
        this.binder.admit(pod);
      } else if (isPodTerminal(pod) && this.cache.removePod(key)) {
        this.clusterChanged();
      } else if (pod.metadata.deletionTimestamp !== undefined && this.cache.nodeOfPod(key) !== undefined) {
        this.cache.updatePod(pod, this.api.resourcesOf(pod));
      }
      return;
    }
    if (pod.metadata.deletionTimestamp !== undefined || isPodTerminal(pod)) return;
    if (this.assumed.has(key)) return; // placed, its binding on the way
    if ((pod.spec.schedulerName ?? SCHEDULER) !== SCHEDULER) return;
    if (type === 'ADDED' || !this.pending.has(key)) {
      this.pending.set(key, pod);
      this.queue.add(key, pod.spec.priority ?? 0, this.sim.now);
      this.armWake(this.sim.now);
    }
  }

  /** Something that may make parked pods schedulable happened (upstream moves them). */
  private clusterChanged(): void {
    if (this.queue.unschedulableLength === 0) return;
    this.queue.moveAllToActiveOrBackoff(this.sim.now);
    this.armWake(this.sim.now);
  }

  private armWake(at: number): void {
    if (this.wakeAt !== undefined && this.wakeAt <= at && this.wakeHandle && !this.wakeHandle.cancelled) return;
    if (this.wakeHandle) this.sim.cancel(this.wakeHandle);
    this.wakeAt = at;
    this.wakeHandle = this.sim.at(Math.max(at, this.sim.now), onWake, this);
  }

  /** @internal run scheduling cycles for every pod that is due now. */
  wake(): void {
    this.wakeHandle = null;
    this.wakeAt = undefined;
    const now = this.sim.now;
    this.queue.flushUnschedulableLeftover(now);
    for (;;) {
      if (this.timing && this.timing.busyUntil > now) {
        // In a cycle: the queue waits for the scheduler (wake re-derives backoff times then).
        this.armWake(this.timing.busyUntil);
        return;
      }
      const popped = this.queue.pop(now);
      if (!popped) break;
      const pod = this.pending.get(popped.key);
      if (!pod || this.deleted(pod)) {
        // Deleted at this very instant, its DELETED not yet heard (upstream skipPodSchedule):
        // a cycle now would write the removed pod back into the store.
        this.pending.delete(popped.key);
        this.verdicts.delete(popped.key);
        this.queue.delete(popped.key);
        continue;
      }
      this.attempts.set(pod, popped.attempts);
      this.scheduleOne(pod, popped.cycle, popped.attempts, this.timing?.startCycle(now) ?? 0);
    }
    const next = this.queue.nextWakeTime();
    if (next !== undefined) this.armWake(next);
  }

  private deleted(pod: Pod): boolean {
    return pod.metadata.deletionTimestamp !== undefined || this.api.store.get('Pod', pod.metadata.namespace, pod.metadata.name) !== pod;
  }

  private scheduleOne(pod: Pod, cycle: number, attempts: number, cost: number): void {
    const now = this.sim.now;
    const res = this.api.resourcesOf(pod);
    // One PodInfo per cycle: the cycle reads it and a placed pod is accounted with it (the fields
    // it extracts do not change between the two: binding sets nodeName and conditions only).
    const pi = makePodInfo(pod, res);
    const key = pi.key;
    // A first attempt usually succeeds and keeps nothing; a retried pod keeps its verdicts.
    let sv = this.verdicts.get(key);
    if (sv === undefined && attempts >= 2) this.verdicts.set(key, (sv = new StaticVerdicts()));
    const opts = sv === undefined ? this.scheduleOptions : { ...this.scheduleOptions, staticVerdicts: sv };
    const result = scheduleOneInfo(pi, this.cache, this.profile, this.rand, opts);
    if ('nodeName' in result) {
      this.verdicts.delete(key);
      this.pending.delete(key);
      this.queue.delete(key);
      this.scheduled++;
      const delay = this.timing?.bindDelay(cost) ?? 0;
      const nodeName = result.nodeName;
      // VolumeBinding PreBind: delayed-binding claims are provisioned before the bind.
      const waitVolumes = this.preBind !== undefined && !this.preBind(pod, () => this.afterPreBind(pod, nodeName, delay));
      if (waitVolumes || delay > 0) {
        // Assume the pod on its node now (the next cycles see it there); bind when its volumes
        // are bound and the cycle and the API round trip are over.
        delete pod.status.nominatedNodeName;
        this.cache.addPodInfo(pi, nodeName);
        this.assumed.set(key, pod);
        if (!waitVolumes) this.sim.after(delay, onBind, { s: this, pod, node: nodeName });
        return;
      }
      pod.spec.nodeName = result.nodeName;
      delete pod.status.nominatedNodeName;
      setCondition(pod, 'PodScheduled', 'True', now);
      this.cache.addPodInfo(pi, result.nodeName);
      this.api.events.normal(
        pod,
        'Scheduled',
        `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${result.nodeName}`,
        SCHEDULER,
      );
      this.api.updateInPlace(pod);
      this.binder.admit(pod);
      return;
    }
    this.failedAttempts++;
    this.failedAttemptSink?.(pod, attempts, result);
    if (result.nominatedNodeName && result.victims) {
      for (const v of result.victims) {
        this.api.events.normal(
          v.pod,
          'Preempted',
          `Preempted by pod ${pod.metadata.uid} on node ${result.nominatedNodeName}`,
          SCHEDULER,
        );
        setCondition(v.pod, 'DisruptionTarget', 'True', now, 'PreemptionByScheduler', `${SCHEDULER}: preempting to accommodate a higher priority pod`);
        this.api.delete(v.pod);
      }
      for (const k of result.clearNominations ?? []) {
        const other = this.pending.get(k);
        if (other) delete other.status.nominatedNodeName;
        this.cache.clearNomination(k);
      }
      pod.status.nominatedNodeName = result.nominatedNodeName;
      this.cache.nominate(pod, res, result.nominatedNodeName);
    }
    setCondition(pod, 'PodScheduled', 'False', now, 'Unschedulable', result.message);
    this.api.events.warning(pod, 'FailedScheduling', result.message, SCHEDULER);
    this.api.updateStatus(pod);
    this.queue.addUnschedulable(key, now, cycle, result.error ?? false);
  }

  /** PreBind is over (the pod's claims are bound): the bind follows, after the cycle's bind delay. */
  private afterPreBind(pod: Pod, nodeName: string, delay: number): void {
    if (this.assumed.get(podKey(pod)) !== pod) return;
    if (delay > 0) this.sim.after(delay, onBind, { s: this, pod, node: nodeName });
    else this.bindAssumed(pod, nodeName);
  }

  /** @internal the binding of an assumed pod lands (unless the pod was deleted meanwhile). */
  bindAssumed(pod: Pod, nodeName: string): void {
    const key = podKey(pod);
    if (this.assumed.get(key) !== pod) return;
    this.assumed.delete(key);
    if (this.deleted(pod)) {
      if (this.cache.removePod(key)) this.clusterChanged();
      return;
    }
    pod.spec.nodeName = nodeName;
    setCondition(pod, 'PodScheduled', 'True', this.sim.now);
    this.api.events.normal(pod, 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`, SCHEDULER);
    this.api.updateInPlace(pod);
    this.binder.admit(pod);
  }

  /** Pods waiting to be scheduled right now (assumed pods, placed but not yet bound, included). */
  get pendingCount(): number {
    return this.pending.size + this.assumed.size;
  }

  pendingPods(): IterableIterator<Pod> {
    return this.pending.values();
  }

}

/** pods.csv: how many scheduling cycles each pod went through. */
export function schedulingColumns(s: SchedulerShell) {
  return {
    columns: ['scheduling_attempts'] as const,
    values: (pod: Pod) => [s.attempts.get(pod) ?? 0],
  };
}
