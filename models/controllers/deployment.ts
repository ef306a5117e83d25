// The Deployment controller: owns ReplicaSets named <deployment>-<pod-template-hash>, rolls
// out template changes (RollingUpdate or Recreate) one scaling step per sync as upstream
// does, scales proportionally on scaling events and while paused, keeps revision history
// and the Progressing/Available conditions. Policy lives in ./policy/deployment.ts.

import type { Simulation } from '../../sim/index.js';
import type { ApiServer } from '../api/apiserver.js';
import { DeploymentTracker } from './deployment-tracker.js';
import type { MetricsRegistry } from '../metrics.js';
import { canonicalEqual, computePodTemplateHash, equalIgnoreHash, POD_TEMPLATE_HASH_LABEL } from './policy/pod-template-hash.js';
import { defaultFeatureGates, type FeatureGates } from '../api/policy/feature-gates.js';
import {
  cleanupDeploymentPlan,
  deploymentComplete,
  deploymentReplicaCounts,
  foundNewRSCondition,
  isScalingEvent,
  maxSurge,
  maxUnavailable,
  newRSCreatedCondition,
  newRSNewReplicas,
  newRSRevision,
  oldPodsRunning,
  parseReplicasAnnotation,
  pausedConditions,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  recreateScaleDown,
  scale,
  scalingEventMessage,
  syncRolloutConditions,
  type DeploymentReplicaCounts,
  type HistoryRS,
  type RSCounts,
  type RolloutStrategy,
  type ScaleChange,
} from './policy/deployment.js';
import { controllerRef, keyOf } from '../api/store.js';
import type { Deployment, DeploymentStatus, Pod, ReplicaSet } from '../api/types.js';
import { getByKey, WorkQueue } from './workqueue.js';
import { enqueueOwners, ownedPods } from './owned.js';
import { claimObjects } from './claim.js';
import type { OrphanIndex } from './orphans.js';
import { ownerRefTo } from './pod-template.js';

export const DEPLOYMENT_CONTROLLER = 'deployment-controller';
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

/** Wording of ScalingReplicaSet events: 'legacy' = "Scaled up replica set web-x to 4". */
export type ScalingEventStyle = 'legacy' | 'modern';

export function strategyOf(d: Deployment): RolloutStrategy {
  const s = d.spec.strategy;
  const r: RolloutStrategy = { type: s?.type ?? 'RollingUpdate' };
  if (s?.rollingUpdate?.maxSurge !== undefined) r.maxSurge = s.rollingUpdate.maxSurge;
  if (s?.rollingUpdate?.maxUnavailable !== undefined) r.maxUnavailable = s.rollingUpdate.maxUnavailable;
  return r;
}

function annotationInt(rs: ReplicaSet, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function rsInfo(rs: ReplicaSet): HistoryRS {
  const info: HistoryRS = {
    name: rs.metadata.name,
    created: rs.metadata.creationTimestamp ?? 0,
    specReplicas: rs.spec.replicas ?? 1,
    availableReplicas: rs.status.availableReplicas,
    statusReplicas: rs.status.replicas,
    deleting: rs.metadata.deletionTimestamp !== undefined,
    generation: rs.metadata.generation ?? 1,
  };
  const desired = parseReplicasAnnotation(rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION]);
  const max = parseReplicasAnnotation(rs.metadata.annotations?.[MAX_REPLICAS_ANNOTATION]);
  const rev = annotationInt(rs, REVISION_ANNOTATION);
  if (desired !== undefined) info.desiredReplicas = desired;
  if (max !== undefined) info.maxReplicas = max;
  if (rev !== undefined) info.revision = rev;
  if (rs.status.observedGeneration !== undefined) info.observedGeneration = rs.status.observedGeneration;
  return info;
}

function rsCounts(rs: ReplicaSet): RSCounts {
  const c: RSCounts = {
    specReplicas: rs.spec.replicas ?? 1,
    statusReplicas: rs.status.replicas,
    readyReplicas: rs.status.readyReplicas,
    availableReplicas: rs.status.availableReplicas,
  };
  if (rs.status.terminatingReplicas !== undefined) c.terminatingReplicas = rs.status.terminatingReplicas;
  if (rs.status.observedGeneration !== undefined) c.observedGeneration = rs.status.observedGeneration;
  return c;
}

/** util.HasProgressDeadline: set and not MaxInt32. */
function hasProgressDeadline(d: Deployment): boolean {
  return d.spec.progressDeadlineSeconds !== undefined && d.spec.progressDeadlineSeconds !== 2147483647;
}

export function revisionOf(rs: ReplicaSet): number {
  return annotationInt(rs, REVISION_ANNOTATION) ?? 0;
}

interface TemplateMatch {
  rsT: object;
  dT: object;
  rsGen: number | undefined;
  dGen: number | undefined;
  equal: boolean;
}

export class DeploymentController {
  private readonly queue: WorkQueue;
  /** Rollout records and replica series for reports. */
  readonly tracker: DeploymentTracker;
  /** DeploymentReplicaSetTerminatingReplicas: status.terminatingReplicas is written. */
  private readonly countTerminating: boolean;
  /**
   * FindNewReplicaSet's last template comparison per ReplicaSet. Every Deployment sync (each
   * pod change of a filling ReplicaSet queues one) compared each RS's template with the
   * Deployment's, a deep walk (~1.5 % of a start-up hour). The templates are replaced, not
   * edited, when they change (API updates and kubectl set … write a new spec object; both bump
   * metadata.generation): the answer holds while both objects and generations are the same.
   */
  private readonly templateMatch = new WeakMap<ReplicaSet, TemplateMatch>();
  /**
   * Deployments whose last sync wrote nothing and ended in requeueStuckDeployment's
   * enqueueRateLimited with time-independent conditions (a complete rollout whose scaled-up pods
   * are not available: upstream re-syncs it at the shared token bucket's pace, ~10 a second across
   * the controller, for as long as the pods stay unavailable): the Deployment and ReplicaSet write
   * counts at that sync. While no Deployment or ReplicaSet has been written since, a sync reads the
   * same objects, takes the same path, writes nothing again and ends in the same requeue, so it is
   * only that requeue (the rate limiter's accounting stays exact). Recreate reads pods: not kept.
   */
  private readonly idleSyncs = new Map<string, { deployments: number; replicaSets: number }>();
  /** Set by syncRolloutStatus when a sync ends as an idle re-sync can repeat it. */
  private endedIdle = false;

  constructor(
    private readonly sim: Simulation,
    private readonly api: ApiServer,
    private readonly orphanRSs: OrphanIndex<ReplicaSet>,
    metrics: MetricsRegistry,
    private readonly eventStyle: ScalingEventStyle = 'legacy',
    gates: FeatureGates = defaultFeatureGates(),
  ) {
    this.countTerminating = gates.DeploymentReplicaSetTerminatingReplicas;
    this.tracker = new DeploymentTracker(api.store, metrics);
    // processNextWorkItem: a sync without error is followed by queue.Forget(key).
    this.queue = new WorkQueue(sim, (key) => {
      this.sync(key);
      this.queue.forget(key);
    });
    const store = api.store;
    store.watch<Deployment>('Deployment', (_t, d) => this.queue.add(keyOf(d)));
    store.watch<ReplicaSet>('ReplicaSet', (_t, rs) => enqueueOwners(store, this.queue, rs, 'Deployment'));
    // Recreate waits for old pods to be gone: a pod deletion may unblock it.
    store.watch<Pod>('Pod', (type, pod) => {
      if (type !== 'DELETED') return;
      const rsRef = controllerRef(pod);
      if (!rsRef || rsRef.kind !== 'ReplicaSet') return;
      const rs = store.getByUid<ReplicaSet>(rsRef.uid);
      const dRef = rs ? controllerRef(rs) : undefined;
      if (!dRef || dRef.kind !== 'Deployment') return;
      const d = store.getByUid<Deployment>(dRef.uid);
      if (d && d.spec.strategy?.type === 'Recreate') this.queue.add(keyOf(d));
    });
  }

  private sync(key: string): void {
    const store = this.api.store;
    const idle = this.idleSyncs.get(key);
    if (idle !== undefined) {
      if (idle.deployments === store.writeCount('Deployment') && idle.replicaSets === store.writeCount('ReplicaSet')) {
        this.queue.addRateLimited(key);
        return;
      }
      this.idleSyncs.delete(key);
    }
    const changes = store.changeCount();
    this.endedIdle = false;
    this.syncFully(key);
    if (this.endedIdle && store.changeCount() === changes) {
      this.idleSyncs.set(key, { deployments: store.writeCount('Deployment'), replicaSets: store.writeCount('ReplicaSet') });
    }
  }

  private syncFully(key: string): void {
    const d = getByKey<Deployment>(this.api.store, 'Deployment', key);
    if (!d) return;
    const rsList = this.claimReplicaSets(d);
    if (d.metadata.deletionTimestamp !== undefined) {
      this.syncStatusOnly(d, rsList);
      return;
    }
    const conds = pausedConditions(d.status.conditions, d.spec.paused ?? false, this.sim.now);
    if (!canonicalEqual(conds, d.status.conditions)) {
      d.status.conditions = conds;
      this.api.updateStatus(d);
    }
    if (d.spec.paused) {
      this.scaleSync(d, rsList);
      return;
    }
    const { newRS, oldRSs } = this.split(d, rsList);
    const infos = [...oldRSs, ...(newRS ? [newRS] : [])].map(rsInfo);
    if (isScalingEvent(d.spec.replicas ?? 1, infos)) {
      this.scaleSync(d, rsList);
      return;
    }
    if (strategyOf(d).type === 'Recreate') this.rolloutRecreate(d, rsList);
    else this.rolloutRolling(d, rsList);
  }

  /** ControllerRefManager.ClaimReplicaSets. */
  private claimReplicaSets(d: Deployment): ReplicaSet[] {
    return claimObjects(this.api, d, d.spec.selector, 'ReplicaSet', this.orphanRSs);
  }

  /** FindNewReplicaSet: the oldest RS whose template equals the Deployment's, ignoring the hash label. */
  private split(d: Deployment, rsList: ReplicaSet[]): { newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] } {
    const sorted = [...rsList].sort(
      (a, b) => (a.metadata.creationTimestamp ?? 0) - (b.metadata.creationTimestamp ?? 0) || (a.metadata.name < b.metadata.name ? -1 : 1),
    );
    const newRS = sorted.find((rs) => this.sameTemplate(rs, d));
    return { newRS, oldRSs: sorted.filter((rs) => rs !== newRS) };
  }

  /** equalIgnoreHash(rs.spec.template, d.spec.template), remembered (see templateMatch). */
  private sameTemplate(rs: ReplicaSet, d: Deployment): boolean {
    const rsT = rs.spec.template;
    const dT = d.spec.template;
    const rsGen = rs.metadata.generation;
    const dGen = d.metadata.generation;
    const m = this.templateMatch.get(rs);
    if (m && m.rsT === rsT && m.dT === dT && m.rsGen === rsGen && m.dGen === dGen) return m.equal;
    const equal = equalIgnoreHash(rsT, dT);
    this.templateMatch.set(rs, { rsT, dT, rsGen, dGen, equal });
    return equal;
  }

  /** getAllReplicaSetsAndSyncRevision: find (or create) the new RS and keep revisions right. */
  private newAndOld(d: Deployment, rsList: ReplicaSet[], create: boolean): { newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] } {
    const { newRS, oldRSs } = this.split(d, rsList);
    const oldInfos = oldRSs.map(rsInfo);
    const replicas = d.spec.replicas ?? 1;
    const strategy = strategyOf(d);
    if (newRS) {
      const existing = rsInfo(newRS);
      const historyRaw = newRS.metadata.annotations?.[REVISION_HISTORY_ANNOTATION];
      const history = historyRaw ? historyRaw.split(',').map(Number) : [];
      const rev = newRSRevision(oldInfos, { ...(existing.revision !== undefined ? { revision: existing.revision } : {}), revisionHistory: history });
      // Decided on the stored annotations; a copy is made only when something is written
      // (nearly every sync of a filling Deployment writes nothing here).
      const curAnn = newRS.metadata.annotations;
      const revision = String(rev.revision);
      const revChanged = curAnn?.[REVISION_ANNOTATION] !== revision;
      const cause = d.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION];
      const causeChanged = cause !== undefined && curAnn?.[CHANGE_CAUSE_ANNOTATION] !== cause;
      const minReadyChanged = (newRS.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0);
      if (revChanged || causeChanged || minReadyChanged) {
        const ann = { ...(curAnn ?? {}) };
        if (revChanged) {
          ann[REVISION_ANNOTATION] = revision;
          if (rev.revisionHistory.length) ann[REVISION_HISTORY_ANNOTATION] = rev.revisionHistory.join(',');
        }
        if (causeChanged) ann[CHANGE_CAUSE_ANNOTATION] = cause;
        if (minReadyChanged) newRS.spec.minReadySeconds = d.spec.minReadySeconds ?? 0;
        newRS.metadata.annotations = ann;
        this.api.updateInPlace(newRS, true);
      }
      this.syncDeploymentRevision(d, rev.revision);
      // Upstream records "Found new replica set" only when a progress deadline is set; without
      // one syncRolloutStatus removes Progressing, and adding it back here looped forever.
      const conds = hasProgressDeadline(d) ? foundNewRSCondition(d.status.conditions, newRS.metadata.name, this.sim.now) : d.status.conditions;
      if (conds.length !== d.status.conditions.length) {
        d.status.conditions = conds;
        this.api.updateStatus(d);
      }
      return { newRS, oldRSs };
    }
    if (!create) return { newRS: undefined, oldRSs };
    // Create the new RS: <deployment>-<hash>, template and selector carry the hash label.
    let collisions = d.status.collisionCount ?? 0;
    let hash = computePodTemplateHash(d.spec.template, collisions || undefined);
    while (this.api.store.exists('ReplicaSet', d.metadata.namespace, `${d.metadata.name}-${hash}`)) {
      collisions++;
      hash = computePodTemplateHash(d.spec.template, collisions);
    }
    if (collisions !== (d.status.collisionCount ?? 0)) d.status.collisionCount = collisions;
    const template = structuredClone(d.spec.template);
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } };
    const selector = structuredClone(d.spec.selector);
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const newReplicas = newRSNewReplicas(strategy, replicas, oldInfos, 0);
    const revision = newRSRevision(oldInfos).revision;
    const annotations: Record<string, string> = {
      [REVISION_ANNOTATION]: String(revision),
      [DESIRED_REPLICAS_ANNOTATION]: String(replicas),
      [MAX_REPLICAS_ANNOTATION]: String(replicas + maxSurge(strategy, replicas)),
    };
    const cause = d.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION];
    if (cause !== undefined) annotations[CHANGE_CAUSE_ANNOTATION] = cause;
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace ?? 'default',
        labels: { ...(template.metadata.labels ?? {}) },
        annotations,
        ownerReferences: [ownerRefTo(d)],
      },
      spec: { replicas: newReplicas, selector, template, minReadySeconds: d.spec.minReadySeconds ?? 0 },
      status: { replicas: 0, fullyLabeledReplicas: 0, readyReplicas: 0, availableReplicas: 0 },
    };
    this.api.create(rs);
    if (newReplicas > 0) this.scalingEvent(d, rs.metadata.name, 0, newReplicas);
    if (hasProgressDeadline(d)) d.status.conditions = newRSCreatedCondition(d.status.conditions, rs.metadata.name, this.sim.now);
    this.syncDeploymentRevision(d, revision);
    this.api.updateStatus(d);
    return { newRS: rs, oldRSs };
  }

  private syncDeploymentRevision(d: Deployment, revision: number): void {
    const cur = d.metadata.annotations?.[REVISION_ANNOTATION];
    if (cur === String(revision)) return;
    d.metadata.annotations = { ...(d.metadata.annotations ?? {}), [REVISION_ANNOTATION]: String(revision) };
    this.api.updateInPlace(d);
  }

  private scalingEvent(d: Deployment, rsName: string, from: number, to: number): void {
    this.api.events.normal(d, 'ScalingReplicaSet', scalingEventMessage(rsName, from, to, this.eventStyle), DEPLOYMENT_CONTROLLER);
  }

  /** scaleReplicaSet: resize and re-annotate; an event when the size changes. */
  private scaleRS(d: Deployment, rs: ReplicaSet, to: number): void {
    const replicas = d.spec.replicas ?? 1;
    const from = rs.spec.replicas ?? 1;
    const ann = {
      ...(rs.metadata.annotations ?? {}),
      [DESIRED_REPLICAS_ANNOTATION]: String(replicas),
      [MAX_REPLICAS_ANNOTATION]: String(replicas + maxSurge(strategyOf(d), replicas)),
    };
    const annChanged = !canonicalEqual(ann, rs.metadata.annotations ?? {});
    if (from === to && !annChanged) return;
    rs.spec.replicas = to;
    rs.metadata.annotations = ann;
    this.api.updateInPlace(rs, from !== to);
    if (from !== to) this.scalingEvent(d, rs.metadata.name, from, to);
  }

  private applyChanges(d: Deployment, rsList: ReplicaSet[], changes: readonly ScaleChange[]): boolean {
    for (const c of changes) {
      const rs = rsList.find((r) => r.metadata.name === c.name);
      if (rs) this.scaleRS(d, rs, c.to);
    }
    return changes.length > 0;
  }

  private rolloutRolling(d: Deployment, rsList: ReplicaSet[]): void {
    const { newRS, oldRSs } = this.newAndOld(d, rsList, true);
    const all = [...oldRSs, ...(newRS ? [newRS] : [])];
    const replicas = d.spec.replicas ?? 1;
    const strategy = strategyOf(d);
    if (newRS) {
      const to = reconcileNewReplicaSet(strategy, replicas, all.map(rsInfo), newRS.spec.replicas ?? 1);
      if (to !== undefined) {
        this.scaleRS(d, newRS, to);
        this.syncRolloutStatus(d, newRS, all);
        return;
      }
    }
    const activeOld = oldRSs.filter((rs) => (rs.spec.replicas ?? 1) > 0);
    const plan = reconcileOldReplicaSets(replicas, maxUnavailable(strategy, replicas), activeOld.map(rsInfo), newRS ? rsInfo(newRS) : undefined);
    if (this.applyChanges(d, oldRSs, plan)) {
      this.syncRolloutStatus(d, newRS, all);
      return;
    }
    if (deploymentComplete(replicas, d.metadata.generation ?? 1, this.computeStatus(d, newRS, all))) this.cleanup(d, oldRSs);
    this.syncRolloutStatus(d, newRS, all);
  }

  private rolloutRecreate(d: Deployment, rsList: ReplicaSet[]): void {
    let { newRS, oldRSs } = this.newAndOld(d, rsList, false);
    const all = () => [...oldRSs, ...(newRS ? [newRS] : [])];
    const activeOld = oldRSs.filter((rs) => (rs.spec.replicas ?? 1) > 0);
    if (this.applyChanges(d, oldRSs, recreateScaleDown(activeOld.map(rsInfo)))) {
      this.syncRolloutStatus(d, newRS, all());
      return;
    }
    const oldPhases: string[] = [];
    for (const rs of oldRSs) for (const p of ownedPods(this.api.store, rs.metadata.uid!)) oldPhases.push(p.status.phase);
    if (oldPodsRunning(oldRSs.map(rsInfo), oldPhases)) {
      this.syncRolloutStatus(d, newRS, all());
      return;
    }
    if (!newRS) ({ newRS, oldRSs } = this.newAndOld(d, rsList, true));
    if (newRS) this.scaleRS(d, newRS, d.spec.replicas ?? 1);
    if (deploymentComplete(d.spec.replicas ?? 1, d.metadata.generation ?? 1, this.computeStatus(d, newRS, all()))) this.cleanup(d, oldRSs);
    this.syncRolloutStatus(d, newRS, all());
  }

  /** sync(): proportional scaling on scaling events and while paused. */
  private scaleSync(d: Deployment, rsList: ReplicaSet[]): void {
    const { newRS, oldRSs } = this.newAndOld(d, rsList, false);
    const replicas = d.spec.replicas ?? 1;
    const plan = scale(strategyOf(d), replicas, d.status.replicas, newRS ? rsInfo(newRS) : undefined, oldRSs.map(rsInfo));
    const all = [...oldRSs, ...(newRS ? [newRS] : [])];
    for (const name of plan.annotate.names) {
      const rs = all.find((r) => r.metadata.name === name)!;
      const change = plan.changes.find((c) => c.name === name);
      this.scaleRS(d, rs, change ? change.to : rs.spec.replicas ?? 1);
    }
    for (const c of plan.changes) {
      if (plan.annotate.names.includes(c.name)) continue;
      const rs = all.find((r) => r.metadata.name === c.name);
      if (rs) this.scaleRS(d, rs, c.to);
    }
    if (d.spec.paused) this.cleanup(d, oldRSs);
    this.syncStatusOnly(d, all, newRS);
  }

  private cleanup(d: Deployment, oldRSs: ReplicaSet[]): void {
    const names = new Set(cleanupDeploymentPlan(oldRSs.map(rsInfo), d.spec.revisionHistoryLimit ?? 10));
    for (const rs of oldRSs) if (names.has(rs.metadata.name)) this.api.delete(rs);
  }

  private computeStatus(d: Deployment, newRS: ReplicaSet | undefined, all: ReplicaSet[]): DeploymentReplicaCounts & { observedGeneration: number } {
    const counts = deploymentReplicaCounts(all.map(rsCounts), newRS ? rsCounts(newRS) : undefined, this.countTerminating);
    return { ...counts, observedGeneration: d.metadata.generation ?? 1 };
  }

  private syncStatusOnly(d: Deployment, rsList: ReplicaSet[], newRS?: ReplicaSet): void {
    const nr = newRS ?? this.split(d, rsList).newRS;
    this.writeStatus(d, this.computeStatus(d, nr, rsList), d.status.conditions);
  }

  private syncRolloutStatus(d: Deployment, newRS: ReplicaSet | undefined, all: ReplicaSet[]): void {
    const replicas = d.spec.replicas ?? 1;
    const newStatus = this.computeStatus(d, newRS, all);
    const input = {
      deploymentName: d.metadata.name,
      replicas,
      generation: d.metadata.generation ?? 1,
      maxUnavailable: maxUnavailable(strategyOf(d), replicas),
      oldStatus: { ...d.status, conditions: d.status.conditions },
      newStatus,
      now: this.sim.now,
      ...(newRS ? { newRSName: newRS.metadata.name } : {}),
      ...(d.spec.progressDeadlineSeconds !== undefined ? { progressDeadlineSeconds: d.spec.progressDeadlineSeconds } : {}),
    };
    const { conditions, requeueAfterMs, timeIndependent } = syncRolloutConditions(input);
    this.writeStatus(d, newStatus, conditions);
    // A paused Deployment never gets here (sync() takes scaleSync); Recreate reads pods.
    this.endedIdle = requeueAfterMs === 0 && timeIndependent && strategyOf(d).type !== 'Recreate';
    // requeueStuckDeployment: under a second left → enqueueRateLimited (5 ms, and the sync's
    // success then Forgets the key), else enqueueAfter(after + 1 s). A plain add here re-synced
    // at the same instant forever when now == lastUpdate + deadline exactly (timedOut is strict).
    if (requeueAfterMs === 0) this.queue.addRateLimited(keyOf(d));
    else if (requeueAfterMs !== undefined) this.queue.addAfter(keyOf(d), requeueAfterMs);
  }

  private writeStatus(
    d: Deployment,
    s: DeploymentReplicaCounts & { observedGeneration: number },
    conditions: Deployment['status']['conditions'],
  ): void {
    // Most syncs of a filling Deployment change nothing here: compare the written fields in place
    // before building the next status (what canonicalEqual(next, d.status) decided: the other
    // fields are d.status's own, numbers compare as ===, a missing terminatingReplicas as undefined).
    const st = d.status;
    if (
      st.replicas === s.replicas &&
      st.updatedReplicas === s.updatedReplicas &&
      st.readyReplicas === s.readyReplicas &&
      st.availableReplicas === s.availableReplicas &&
      st.unavailableReplicas === s.unavailableReplicas &&
      st.observedGeneration === s.observedGeneration &&
      st.terminatingReplicas === s.terminatingReplicas &&
      canonicalEqual(conditions, st.conditions)
    ) return;
    const next: DeploymentStatus = {
      ...d.status,
      replicas: s.replicas,
      updatedReplicas: s.updatedReplicas,
      readyReplicas: s.readyReplicas,
      availableReplicas: s.availableReplicas,
      unavailableReplicas: s.unavailableReplicas,
      observedGeneration: s.observedGeneration,
      conditions,
    };
    if (s.terminatingReplicas !== undefined) next.terminatingReplicas = s.terminatingReplicas;
    else delete next.terminatingReplicas;
    if (canonicalEqual(next, d.status)) return;
    d.status = next;
    this.api.updateStatus(d);
  }
}
