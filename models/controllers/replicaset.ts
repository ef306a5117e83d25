// The ReplicaSet controller: claims pods (adopt matching orphans, release pods whose labels
// stop matching), keeps the replica count with slow-start creates and ranked deletes, and
// writes status. Policy lives in ./policy/replicaset.ts; this is the thin stateful shell.
// The same shell runs ReplicationControllers (upstream's replication manager is the ReplicaSet
// controller over converted objects): only the kind, the selector (an equality map) and the
// event source differ — see REPLICATION_CONTROLLER_KIND.

import type { Rng, Simulation } from '../../sim/index.js';
import type { ApiServer } from '../api/apiserver.js';
import { availableAt, isPodReady, isPodActive, readySince } from '../api/policy/podutil.js';
import { defaultFeatureGates, type FeatureGates } from '../api/policy/feature-gates.js';
import {
  BURST_REPLICAS,
  deletionCostFromAnnotation,
  manageReplicasDiff,
  podsToDelete,
  rsStatusCounts,
  slowStartBatches,
  type DeletionGates,
  type RankedPod,
} from './policy/replicaset.js';
import { controllerRef, keyOf } from '../api/store.js';
import type { LabelSelector, Pod, ReplicaSet, ReplicationController } from '../api/types.js';
import { getByKey, WorkQueue } from './workqueue.js';
import { enqueueOwners, ownedPods, podsOfDeployment } from './owned.js';
import { createInBatches, podFromTemplate } from './pod-template.js';
import { claimObjects } from './claim.js';
import { OrphanIndex } from './orphans.js';

export const RS_CONTROLLER = 'replicaset-controller';
export const RC_CONTROLLER = 'replication-controller';

/** What differs between the kinds this controller keeps. */
export interface ReplicatedKind {
  kind: 'ReplicaSet' | 'ReplicationController';
  /** Event source. */
  source: string;
  /** Random stream of its pod names. */
  stream: string;
  selector(obj: Replicated): LabelSelector | undefined;
}

export type Replicated = ReplicaSet | ReplicationController;

export const REPLICA_SET_KIND: ReplicatedKind = {
  kind: 'ReplicaSet', source: RS_CONTROLLER, stream: 'controller/replicaset', selector: (o) => (o as ReplicaSet).spec.selector,
};

/** An equality selector is a matchLabels selector; an empty or missing one selects nothing. */
export function rcSelector(rc: ReplicationController): LabelSelector | undefined {
  const sel = rc.spec.selector;
  return sel && Object.keys(sel).length > 0 ? { matchLabels: sel } : undefined;
}

export const REPLICATION_CONTROLLER_KIND: ReplicatedKind = {
  kind: 'ReplicationController', source: RC_CONTROLLER, stream: 'controller/replication', selector: (o) => rcSelector(o as ReplicationController),
};

export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

export function rankedPod(p: Pod): RankedPod {
  let restarts = 0;
  for (const s of p.status.containerStatuses) if (s.restartCount > restarts) restarts = s.restartCount;
  // maxContainerRestarts' second value: restartable init (sidecar) containers, compared after.
  let sidecarRestarts = 0;
  const inits = p.spec.initContainers;
  if (inits && p.status.initContainerStatuses) {
    for (const s of p.status.initContainerStatuses) {
      if (s.restartCount > sidecarRestarts && inits.find((c) => c.name === s.name)?.restartPolicy === 'Always') sidecarRestarts = s.restartCount;
    }
  }
  const r: RankedPod = {
    name: p.metadata.name,
    uid: p.metadata.uid!,
    phase: p.status.phase,
    ready: isPodReady(p),
    deletionCost: deletionCostFromAnnotation(p.metadata.annotations?.[POD_DELETION_COST_ANNOTATION]),
    restarts,
    active: isPodActive(p),
  };
  if (sidecarRestarts > 0) r.sidecarRestarts = sidecarRestarts;
  if (p.spec.nodeName) r.nodeName = p.spec.nodeName;
  const since = readySince(p);
  if (since !== undefined) r.readySince = since;
  if (p.metadata.creationTimestamp !== undefined) r.created = p.metadata.creationTimestamp;
  return r;
}

export class ReplicaSetController {
  private readonly queue: WorkQueue;
  private readonly rng: Rng;
  private readonly deletionGates: DeletionGates;
  /** DeploymentReplicaSetTerminatingReplicas: status.terminatingReplicas is written. */
  private readonly countTerminating: boolean;

  constructor(
    private readonly sim: Simulation,
    private readonly api: ApiServer,
    private readonly orphans: OrphanIndex<Pod>,
    streams: { stream(name: string): Rng },
    private readonly what: ReplicatedKind = REPLICA_SET_KIND,
    gates: FeatureGates = defaultFeatureGates(),
  ) {
    this.rng = streams.stream(what.stream);
    this.deletionGates = { podDeletionCost: gates.PodDeletionCost, logarithmicScaleDown: gates.LogarithmicScaleDown };
    // Upstream's replication manager runs the ReplicaSet controller with
    // EnableStatusTerminatingReplicas false: ReplicationControllers never get the field.
    this.countTerminating = gates.DeploymentReplicaSetTerminatingReplicas && what.kind === 'ReplicaSet';
    this.queue = new WorkQueue(sim, (key) => this.sync(key));
    const store = api.store;
    store.watch<Replicated>(what.kind, (_t, rs) => this.queue.add(keyOf(rs)));
    store.watch<Pod>('Pod', (_t, pod) => enqueueOwners(store, this.queue, pod, what.kind, what.selector as (o: unknown) => LabelSelector | undefined));
  }

  private sync(key: string): void {
    const store = this.api.store;
    const rs = getByKey<Replicated>(store, this.what.kind, key);
    if (!rs) return;
    const now = this.sim.now;
    const pods = this.claimPods(rs);
    const active = pods.filter(isPodActive);
    const replicas = rs.spec.replicas ?? 1;
    // A failed create fails the sync: status is still written, then the key is requeued with
    // the rate limiter (upstream syncReplicaSet returns manageReplicasErr after updating status).
    let failed = false;
    let touched = false;
    if (rs.metadata.deletionTimestamp === undefined) ({ failed, touched } = this.manageReplicas(rs, active, replicas));
    if (failed) this.queue.addRateLimited(key);
    else this.queue.forget(key);
    // Status over the pods that are still active after this sync's deletes. Without creates
    // or deletes the owned pods are exactly the claimed ones, in the same order (claimObjects
    // keeps owned pods in dependents order and appends adoptions as the index does), so the
    // second walk of the dependents is skipped: most syncs of a filling ReplicaSet are pod
    // status changes.
    const minReady = rs.spec.minReadySeconds ?? 0;
    const owned = touched ? ownedPods(store, rs.metadata.uid!) : pods;
    const counts = rsStatusCounts(owned, rs.spec.template.metadata?.labels ?? {}, minReady, now, this.countTerminating);
    const st = rs.status;
    const changed =
      st.replicas !== counts.replicas ||
      st.readyReplicas !== counts.readyReplicas ||
      st.availableReplicas !== counts.availableReplicas ||
      st.fullyLabeledReplicas !== counts.fullyLabeledReplicas ||
      st.terminatingReplicas !== counts.terminatingReplicas ||
      st.observedGeneration !== rs.metadata.generation;
    if (changed) {
      rs.status = { ...counts, observedGeneration: rs.metadata.generation ?? 1 };
      this.api.updateStatus(rs);
    }
    // Pods become available minReadySeconds after they are ready: look again when a pod that
    // became ready now would be (availableAt, 1 ms past the strict bound).
    if (minReady > 0 && counts.readyReplicas > counts.availableReplicas) this.queue.addAfter(key, availableAt(now, minReady) - now);
  }

  /** ControllerRefManager.ClaimPods: adopt matching orphans, release non-matching owned pods. */
  private claimPods(rs: Replicated): Pod[] {
    return claimObjects(this.api, rs, this.what.selector(rs), 'Pod', this.orphans);
  }

  /**
   * `failed`: a create failed (the sync is then retried with back-off); `touched`: pods were
   * created or deleted (or a create was tried), so the owned set may differ from the claimed one.
   */
  private manageReplicas(rs: Replicated, active: Pod[], replicas: number): { failed: boolean; touched: boolean } {
    const diff = manageReplicasDiff(active.length, replicas, BURST_REPLICAS);
    if ('create' in diff) {
      const { error } = createInBatches(diff.create, slowStartBatches(diff.create), () => {
        const pod = podFromTemplate(rs.spec.template, rs, this.rng, this.api);
        this.api.create(pod, { template: rs.spec.template });
        this.api.events.normal(rs, 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, this.what.source);
        return pod;
      });
      if (error) this.api.events.warning(rs, 'FailedCreate', `Error creating: ${error.message}`, this.what.source);
      return { failed: error !== undefined, touched: true };
    }
    if ('delete' in diff) {
      // Rank = active pods of the same controller owner (all ReplicaSets of a Deployment) per node.
      const related = this.relatedPods(rs).map(rankedPod);
      const names = new Set(podsToDelete(active.map(rankedPod), diff.delete, this.sim.now, related, this.deletionGates));
      for (const p of active) {
        if (!names.has(p.metadata.name)) continue;
        this.api.delete(p);
        this.api.events.normal(rs, 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, this.what.source);
      }
      return { failed: false, touched: true };
    }
    return { failed: false, touched: false };
  }

  /**
   * getIndirectlyRelatedPods: the pods of every ReplicaSet sharing this one's controller (all
   * revisions of a Deployment), or its own pods without one. podsToDelete counts the active ones.
   */
  private relatedPods(rs: Replicated): Pod[] {
    const owner = controllerRef(rs);
    return owner ? podsOfDeployment(this.api.store, owner.uid) : ownedPods(this.api.store, rs.metadata.uid!);
  }
}
