// The DaemonSet controller: one pod per eligible node (nodeSelector, required node affinity,
// taints against the pod's tolerations plus the automatic daemon tolerations), following Node
// objects as they are added, changed or deleted; RollingUpdate with maxUnavailable (maxSurge 0
// path) and OnDelete. As modern upstream does, daemon pods are not bound by the controller:
// each gets a required node affinity on metadata.name (matchFields) and the default scheduler
// places it. Policy: ./policy/daemonset.ts.

import type { Rng, Simulation } from '../../sim/index.js';
import type { ApiServer } from '../api/apiserver.js';
import { availableAt, isPodAvailable, isPodReady } from '../api/policy/podutil.js';
import {
  compareDaemonPodsToKeep,
  DaemonPodEvent,
  daemonPodsToReplace,
  daemonSetUpdateBudget,
  FAILED_POD_BACKOFF,
  failedPodsBackoffKey,
  nodeShouldRunDaemonPod,
  withDaemonTolerations,
} from './policy/daemonset.js';
import { backoffExpired, isInBackOffSinceUpdate, nextBackoff, type BackoffEntry } from '../api/policy/flowcontrol-backoff.js';
import { computePodTemplateHash } from './policy/pod-template-hash.js';
import { slowStartBatches } from './policy/replicaset.js';
import { keyOf } from '../api/store.js';
import type { Node, Pod, DaemonSet } from '../api/types.js';
import { getByKey, WorkQueue } from './workqueue.js';
import { enqueueController, ownedPods } from './owned.js';
import { createInBatches, podFromTemplate } from './pod-template.js';
import { CONTROLLER_REVISION_HASH_LABEL } from './statefulset.js';

export const DAEMONSET_CONTROLLER = 'daemonset-controller';
/** BackoffGCInterval: how often expired failed-pod back-off entries are forgotten. */
const BACKOFF_GC_INTERVAL_MS = 60_000;

const daemonPodFacts = (p: Pod) => ({
  name: p.metadata.name,
  ...(p.spec.nodeName ? { nodeName: p.spec.nodeName } : {}),
  ...(p.metadata.creationTimestamp !== undefined ? { created: p.metadata.creationTimestamp } : {}),
});

export class DaemonSetController {
  private readonly queue: WorkQueue;
  private readonly rng: Rng;
  /** failedPodsBackoff: per failedPodsBackoffKey, the delay before the next failed pod is deleted. */
  private readonly failedPodsBackoff = new Map<string, BackoffEntry>();
  private lastBackoffGC = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly api: ApiServer,
    streams: { stream(name: string): Rng },
  ) {
    this.rng = streams.stream('controller/daemonset');
    this.queue = new WorkQueue(sim, (key) => this.sync(key));
    const store = api.store;
    store.watch<DaemonSet>('DaemonSet', (type, ds) => {
      if (type !== 'DELETED') this.queue.add(keyOf(ds));
    });
    store.watch<Pod>('Pod', (_t, pod) => enqueueController(this.queue, pod, 'DaemonSet'));
    // Any node change may change where daemon pods should run.
    store.watch<Node>('Node', () => {
      for (const ds of store.list<DaemonSet>('DaemonSet')) this.queue.add(keyOf(ds));
    });
  }

  /** The node a daemon pod is for: its binding, else its matchFields node affinity. */
  private targetNode(pod: Pod): string | undefined {
    if (pod.spec.nodeName) return pod.spec.nodeName;
    for (const t of pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
      for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
    }
    return undefined;
  }

  private sync(key: string): void {
    const store = this.api.store;
    const ds = getByKey<DaemonSet>(store, 'DaemonSet', key);
    if (!ds || ds.metadata.deletionTimestamp !== undefined) return;
    const now = this.sim.now;
    const hash = computePodTemplateHash(ds.spec.template);
    const minReady = ds.spec.minReadySeconds ?? 0;
    const byNode = new Map<string, Pod[]>();
    for (const p of ownedPods(store, ds.metadata.uid!)) {
      const n = this.targetNode(p) ?? '';
      let list = byNode.get(n);
      if (!list) byNode.set(n, (list = []));
      list.push(p);
    }
    const tmplSpec = ds.spec.template.spec;
    const create: string[] = [];
    const del: Pod[] = [];
    let desired = 0, misscheduled = 0;
    const nodes = [...store.list<Node>('Node')];
    const nodeNames = new Set(nodes.map((n) => n.metadata.name));
    /** Per node that should run the pod: its live (not terminating) daemon pod, if any. */
    const running = new Map<string, Pod | undefined>();
    for (const node of nodes) {
      const nodeName = node.metadata.name;
      const d = nodeShouldRunDaemonPod(
        { ...tmplSpec, ...(tmplSpec.hostNetwork === true ? { hostNetwork: true } : {}) },
        { name: nodeName, ...(node.metadata.labels ? { labels: node.metadata.labels } : {}), ...(node.spec.taints ? { taints: node.spec.taints } : {}) },
      );
      const pods = byNode.get(nodeName) ?? [];
      const live = pods.filter((p) => p.metadata.deletionTimestamp === undefined);
      if (d.shouldRun) desired++;
      if (!d.shouldRun && live.some((p) => p.spec.nodeName)) misscheduled++;
      if (!d.shouldContinueRunning) {
        del.push(...live);
        continue;
      }
      // podsShouldBeOnNode: a node with no daemon pod at all (terminating and finished ones
      // count) gets one; failed pods are deleted, paced by failedPodsBackoff, succeeded ones
      // deleted, and of several running pods only the first (scheduled, oldest) is kept. The
      // replacement is created by the sync that sees the node empty.
      const keep: Pod[] = [];
      for (const p of live) {
        if (p.status.phase === 'Failed') {
          if (this.deleteFailedPodNow(ds, nodeName, key, now)) {
            const ev = DaemonPodEvent.failed(p.metadata.namespace ?? 'default', p.metadata.name, nodeName);
            this.api.events.warning(ds, ev.reason, ev.message, DAEMONSET_CONTROLLER);
            del.push(p);
          }
        } else if (p.status.phase === 'Succeeded') {
          const ev = DaemonPodEvent.succeeded(p.metadata.namespace ?? 'default', p.metadata.name, nodeName);
          this.api.events.normal(ds, ev.reason, ev.message, DAEMONSET_CONTROLLER);
          del.push(p);
        } else keep.push(p);
      }
      keep.sort((a, b) => compareDaemonPodsToKeep(daemonPodFacts(a), daemonPodFacts(b)));
      del.push(...keep.slice(1));
      if (d.shouldRun) {
        running.set(nodeName, keep[0]);
        if (pods.length === 0) create.push(nodeName);
      }
    }
    // Pods for nodes that no longer exist (PodGC removes those bound there; unbound ones are ours to delete).
    for (const [n, pods] of byNode) if (!nodeNames.has(n)) for (const p of pods) if (p.metadata.deletionTimestamp === undefined) del.push(p);

    // Rolling update (maxSurge 0): replace old pods within the maxUnavailable budget.
    const strategy = ds.spec.updateStrategy;
    if ((strategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      const budget = daemonSetUpdateBudget(desired, strategy?.rollingUpdate?.maxUnavailable ?? 1, 0);
      let numUnavailable = 0;
      const oldAvailable: Pod[] = [], oldUnavailable: Pod[] = [];
      for (const [, p] of running) {
        const available = p !== undefined && isPodAvailable(p, minReady, now);
        if (!available) numUnavailable++;
        if (!p || p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash || del.includes(p)) continue;
        (available ? oldAvailable : oldUnavailable).push(p);
      }
      const plan = daemonPodsToReplace(budget.maxUnavailable, numUnavailable, oldAvailable.length, oldUnavailable.length);
      del.push(...oldUnavailable.slice(0, plan.deleteUnavailable), ...oldAvailable.slice(0, plan.deleteAvailable));
    }

    for (const p of del) {
      if (p.metadata.deletionTimestamp !== undefined) continue;
      this.api.delete(p);
      this.api.events.normal(ds, 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, DAEMONSET_CONTROLLER);
    }
    let i = 0;
    const { error } = createInBatches(create.length, slowStartBatches(create.length), () => {
      const pod = this.newPod(ds, create[i++]!, hash);
      this.api.create(pod);
      this.api.events.normal(ds, 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, DAEMONSET_CONTROLLER);
      return pod;
    });
    if (error) this.api.events.warning(ds, 'FailedCreate', `Error creating: ${error.message}`, DAEMONSET_CONTROLLER);
    if (minReady > 0) this.queue.addAfter(key, availableAt(now, minReady) - now);
    this.updateStatus(ds, desired, misscheduled, hash, minReady, now, nodeNames);
  }

  /**
   * The failedPodsBackoff check for a failed pod on `nodeName`: true (and the back-off advanced)
   * when it may be deleted now; false while in back-off, with the DaemonSet requeued after the
   * current delay as upstream's enqueueDaemonSetAfter.
   */
  private deleteFailedPodNow(ds: DaemonSet, nodeName: string, key: string, now: number): boolean {
    if (now - this.lastBackoffGC >= BACKOFF_GC_INTERVAL_MS) {
      this.lastBackoffGC = now;
      for (const [k, e] of this.failedPodsBackoff) if (backoffExpired(e, now, FAILED_POD_BACKOFF.maxMs)) this.failedPodsBackoff.delete(k);
    }
    const bkey = failedPodsBackoffKey(ds.metadata.uid!, ds.status.observedGeneration ?? 0, nodeName);
    const entry = this.failedPodsBackoff.get(bkey);
    if (isInBackOffSinceUpdate(entry, now, FAILED_POD_BACKOFF.maxMs)) {
      this.queue.addAfter(key, entry!.backoffMs);
      return false;
    }
    this.failedPodsBackoff.set(bkey, nextBackoff(entry, now, now, FAILED_POD_BACKOFF));
    return true;
  }

  private newPod(ds: DaemonSet, nodeName: string, hash: string): Pod {
    const pod = podFromTemplate(ds.spec.template, ds, this.rng, this.api, {
      extraLabels: { [CONTROLLER_REVISION_HASH_LABEL]: hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) },
    });
    // ReplaceDaemonSetPodNodeNameNodeAffinity: the scheduler may only pick this node.
    pod.spec.affinity = {
      ...(pod.spec.affinity ?? {}),
      nodeAffinity: {
        ...(pod.spec.affinity?.nodeAffinity ?? {}),
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
        },
      },
    };
    pod.spec.tolerations = withDaemonTolerations(pod.spec.tolerations, pod.spec.hostNetwork === true);
    return pod;
  }

  private updateStatus(ds: DaemonSet, desired: number, misscheduled: number, hash: string, minReady: number, now: number, nodes: Set<string>): void {
    let current = 0, ready = 0, available = 0, updated = 0;
    for (const p of ownedPods(this.api.store, ds.metadata.uid!)) {
      if (p.metadata.deletionTimestamp !== undefined || !p.spec.nodeName || !nodes.has(p.spec.nodeName)) continue;
      current++;
      if (isPodReady(p)) ready++;
      if (isPodAvailable(p, minReady, now)) available++;
      if (p.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash) updated++;
    }
    const next = {
      observedGeneration: ds.metadata.generation ?? 1,
      currentNumberScheduled: current,
      desiredNumberScheduled: desired,
      numberMisscheduled: misscheduled,
      numberReady: ready,
      updatedNumberScheduled: updated,
      numberAvailable: available,
      numberUnavailable: Math.max(0, desired - available),
    };
    if (JSON.stringify(next) !== JSON.stringify(ds.status)) {
      ds.status = next;
      this.api.updateStatus(ds);
    }
  }
}
